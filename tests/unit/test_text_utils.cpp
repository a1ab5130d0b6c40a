// JSON string writing, UTF-8 repair, base64 and URL parsing: the small pieces every request
// and every pane goes through.

#include "core/Base64.hpp"
#include "core/Json.hpp"
#include "core/Url.hpp"

#include <gtest/gtest.h>

namespace lr {
namespace {

TEST(JsonString, EscapesQuotesControlsAndKeepsUnicode) {
    EXPECT_EQ(jsonString("a\"b\\c\n\t\x01"), "\"a\\\"b\\\\c\\n\\t\\u0001\"");
    EXPECT_EQ(jsonString("caf\xC3\xA9 \xE2\x82\xAC"), "\"caf\xC3\xA9 \xE2\x82\xAC\"");
}

TEST(JsonString, InvalidUtf8BecomesReplacementCharacter) {
    EXPECT_EQ(jsonString("a\xFF"
                         "b"),
              "\"a\xEF\xBF\xBD"
              "b\"");
    EXPECT_EQ(sanitizeUtf8("\xC3"), "\xEF\xBF\xBD");                 // truncated sequence
    EXPECT_EQ(sanitizeUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD"); // overlong '/'
    EXPECT_EQ(sanitizeUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // surrogate
    EXPECT_TRUE(isValidUtf8("plain \xE2\x9C\x93"));
    EXPECT_FALSE(isValidUtf8("bad \xE2\x9C"));
}

TEST(Base64, RoundTripsBothAlphabets) {
    EXPECT_EQ(base64Encode("client:secret"), "Y2xpZW50OnNlY3JldA==");
    EXPECT_EQ(base64UrlEncode("\xFB\xFF"), "-_8");
    EXPECT_EQ(base64Decode("Y2xpZW50OnNlY3JldA==").value(), "client:secret");
    EXPECT_EQ(base64Decode("-_8").value(), "\xFB\xFF");
    EXPECT_FALSE(base64Decode("ab$c").has_value());
}

TEST(Url, SplitsSchemeHostPortAndTarget) {
    Url url;
    std::string error;
    ASSERT_TRUE(parseUrl("https://API.limitrail.com/v1/meters?limit=5#frag", url, error));
    EXPECT_EQ(url.scheme, "https");
    EXPECT_EQ(url.host, "api.limitrail.com");
    EXPECT_EQ(url.port, 443);
    EXPECT_EQ(url.target, "/v1/meters?limit=5");
    EXPECT_FALSE(url.isLoopback());

    ASSERT_TRUE(parseUrl("http://[::1]:8080", url, error));
    EXPECT_EQ(url.host, "::1");
    EXPECT_EQ(url.port, 8080);
    EXPECT_EQ(url.target, "/");
    EXPECT_TRUE(url.isLoopback());
    EXPECT_EQ(url.origin(), "http://[::1]:8080");
}

TEST(Url, RejectsWhatIsNotAnHttpUrl) {
    Url url;
    std::string error;
    EXPECT_FALSE(parseUrl("ftp://example.com/", url, error));
    EXPECT_NE(error.find("unsupported scheme"), std::string::npos);
    EXPECT_FALSE(parseUrl("example.com/x", url, error));
    EXPECT_FALSE(parseUrl("http://host:99999/", url, error));
    EXPECT_FALSE(parseUrl("http://user:pw@host/", url, error));
}

TEST(Url, EncodesAndJoins) {
    EXPECT_EQ(urlEncode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    EXPECT_EQ(joinUrl("http://h:1/", "/v1/x"), "http://h:1/v1/x");
    EXPECT_EQ(joinUrl("http://h:1", "v1/x"), "http://h:1/v1/x");
}

TEST(Url, FormDecodingTurnsPlusAndHexBackAndLeavesABrokenEscapeAsTyped) {
    EXPECT_EQ(formDecodeComponent("a+b%26c%3Dd%2F%C3%A9"), "a b&c=d/\xC3\xA9");
    EXPECT_EQ(formDecodeComponent(urlEncode("client_secret")), "client_secret");
    EXPECT_EQ(formDecodeComponent("100%"), "100%");
    EXPECT_EQ(formDecodeComponent("%4"), "%4");
    EXPECT_EQ(formDecodeComponent("%zz"), "%zz");
    EXPECT_EQ(formDecodeComponent("%-1"), "%-1"); // strtol would have read a sign here
}

} // namespace
} // namespace lr
