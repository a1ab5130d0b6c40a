// TLS that must fail verification: a self-signed certificate, and a certificate from a trusted
// CA for another host name. Certificates are generated here, at test time, with the openssl
// command line; no key is committed. A certificate that matches proves the test CA works.

#include "integration/FaultTestSupport.hpp"

#include <cstdlib>

namespace lr::test {
namespace {

/// Keys and certificates in a temp directory: a CA, a leaf for 127.0.0.1 and one for
/// wrong.example signed by it, and a self-signed one for 127.0.0.1.
class TestPki {
public:
    TestPki() {
        char pattern[] = "/tmp/lr-tls-test-XXXXXX";
        m_dir = mkdtemp(pattern);
        const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes ";
        run("openssl req -x509 " + ec + "-keyout " + path("ca.key") + " -out " + path("ca.pem") +
            " -days 1 -subj /CN=LimitRail-Test-CA");
        leaf("good", "IP:127.0.0.1");
        leaf("wrong", "DNS:wrong.example");
        run("openssl req -x509 " + ec + "-keyout " + path("self.key") + " -out " +
            path("self.pem") + " -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1");
    }
    ~TestPki() {
        std::error_code ignored;
        std::filesystem::remove_all(m_dir, ignored);
    }
    std::string path(const std::string& name) const { return (m_dir / name).string(); }

private:
    void leaf(const std::string& name, const std::string& altName) {
        const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes ";
        std::ofstream(path(name + ".ext")) << "subjectAltName=" << altName << "\n";
        run("openssl req " + ec + "-keyout " + path(name + ".key") + " -out " +
            path(name + ".csr") + " -subj /CN=" + name);
        run("openssl x509 -req -in " + path(name + ".csr") + " -CA " + path("ca.pem") + " -CAkey " +
            path("ca.key") + " -CAcreateserial -days 1 -out " + path(name + ".pem") + " -extfile " +
            path(name + ".ext"));
    }
    static void run(const std::string& command) {
        ASSERT_EQ(std::system((command + " >/dev/null 2>&1").c_str()), 0) << command;
    }
    std::filesystem::path m_dir;
};

std::unique_ptr<httplib::Server> tlsServer(const TestPki& pki, const std::string& name) {
    auto server = std::make_unique<httplib::SSLServer>(pki.path(name + ".pem").c_str(),
                                                       pki.path(name + ".key").c_str());
    EXPECT_TRUE(server->is_valid()) << name;
    return server;
}

void answerFaults(httplib::Server& http) {
    http.Get(R"(/__faults/.*)", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"status":"reached"})", "application/json");
    });
}

TEST(FaultsTls, SelfSignedCertificateIsRefusedAndNamed) {
    TestPki pki;
    OwnServer server(tlsServer(pki, "self"), answerFaults);
    FaultConsole console(server.url("https"));
    console.set("fault", "tls");
    expectFramesKeptComing(console.sendAndRunFrames());

    const Execution& execution = console.execution();
    EXPECT_EQ(execution.phase, ExecutionPhase::Failed);
    EXPECT_EQ(execution.response.error, TransportError::Tls);
    EXPECT_NE(console.state().statusLine.find(
                  "TLS certificate verification failed: self-signed certificate"),
              std::string::npos)
        << console.state().statusLine;
    EXPECT_EQ(server.requests(), 0) << "no request is sent over an unverified connection";
    EXPECT_NE(console.reopenNewest(2).response.errorMessage.find("self-signed"), std::string::npos);
}

TEST(FaultsTls, HostNameMismatchIsRefusedAndNamed) {
    TestPki pki;
    OwnServer wrong(tlsServer(pki, "wrong"), answerFaults);
    OwnServer good(tlsServer(pki, "good"), answerFaults);

    // The test CA is trusted: the certificate for 127.0.0.1 works ...
    FaultConsole console(good.url("https"));
    console.controller.limits().caBundle = pki.path("ca.pem");
    console.set("fault", "tls");
    expectFramesKeptComing(console.sendAndRunFrames());
    ASSERT_TRUE(console.execution().response.ok()) << console.execution().response.errorMessage;
    EXPECT_EQ(good.requests(), 1);

    // ... and the one for wrong.example, from the same CA, does not.
    FaultConsole mismatched(wrong.url("https"));
    mismatched.controller.limits().caBundle = pki.path("ca.pem");
    mismatched.set("fault", "tls");
    expectFramesKeptComing(mismatched.sendAndRunFrames());
    EXPECT_EQ(mismatched.execution().phase, ExecutionPhase::Failed);
    EXPECT_EQ(mismatched.execution().response.error, TransportError::Tls);
    EXPECT_EQ(mismatched.state().statusLine,
              "TLS certificate verification failed: host-name mismatch (the certificate is not "
              "for 127.0.0.1).");
    EXPECT_EQ(wrong.requests(), 0);
    EXPECT_NE(mismatched.reopenNewest(2).response.errorMessage.find("host-name mismatch"),
              std::string::npos);
}

} // namespace
} // namespace lr::test
