#include "core/Keyring.hpp"

#include <cstdlib>

#if LIMITRAIL_HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

namespace lr {

SecretLookup clientSecretFromEnvironment() {
    SecretLookup result;
    if (const char* value = std::getenv("LIMITRAIL_CLIENT_SECRET"); value && *value) {
        result.found = true;
        result.secret = value;
        result.source = "LIMITRAIL_CLIENT_SECRET";
    }
    return result;
}

#if LIMITRAIL_HAVE_LIBSECRET

namespace {

const SecretSchema* schema() {
    static const SecretSchema kSchema = {"com.limitrail.console.ClientSecret",
                                         SECRET_SCHEMA_NONE,
                                         {
                                             {"environment", SECRET_SCHEMA_ATTRIBUTE_STRING},
                                             {"client_id", SECRET_SCHEMA_ATTRIBUTE_STRING},
                                             {nullptr, SECRET_SCHEMA_ATTRIBUTE_STRING},
                                         },
                                         0,
                                         nullptr,
                                         nullptr,
                                         nullptr,
                                         nullptr,
                                         nullptr,
                                         nullptr,
                                         nullptr};
    return &kSchema;
}

// Without a session bus GLib would try to autolaunch one, which can hang or spawn a daemon
// under a headless test; asking nothing is the soft failure we want there.
bool haveSessionBus(std::string& error) {
    const char* address = std::getenv("DBUS_SESSION_BUS_ADDRESS");
    if (address && *address)
        return true;
    error = "no desktop session (D-Bus) for the keyring";
    return false;
}

std::string takeError(GError* error) {
    std::string message = error && error->message ? error->message : "unknown keyring error";
    if (error)
        g_error_free(error);
    return message;
}

} // namespace

bool keyringSupported() {
    return true;
}

SecretLookup lookupKeyringSecret(const std::string& environment, const std::string& clientId) {
    SecretLookup result;
    if (!haveSessionBus(result.error))
        return result;
    GError* error = nullptr;
    gchar* password =
        secret_password_lookup_sync(schema(), nullptr, &error, "environment", environment.c_str(),
                                    "client_id", clientId.c_str(), nullptr);
    if (error) {
        result.error = "keyring: " + takeError(error);
        return result;
    }
    if (password) {
        result.found = true;
        result.secret = password;
        result.source = "keyring";
        secret_password_free(password); // wipes the copy libsecret made
    }
    return result;
}

std::string storeKeyringSecret(const std::string& environment, const std::string& clientId,
                               const std::string& secret) {
    std::string problem;
    if (!haveSessionBus(problem))
        return problem;
    const std::string label = "LimitRail client secret (" + environment + ", " + clientId + ")";
    GError* error = nullptr;
    secret_password_store_sync(schema(), SECRET_COLLECTION_DEFAULT, label.c_str(), secret.c_str(),
                               nullptr, &error, "environment", environment.c_str(), "client_id",
                               clientId.c_str(), nullptr);
    return error ? "keyring: " + takeError(error) : std::string();
}

#else

bool keyringSupported() {
    return false;
}

SecretLookup lookupKeyringSecret(const std::string&, const std::string&) {
    SecretLookup result;
    result.error = "this build has no keyring support (libsecret)";
    return result;
}

std::string storeKeyringSecret(const std::string&, const std::string&, const std::string&) {
    return "this build has no keyring support (libsecret)";
}

#endif

} // namespace lr
