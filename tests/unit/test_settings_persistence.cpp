// Settings and environments survive a restart; a broken file falls back to defaults; the
// environments keep their own client ids and scopes.

#include "core/Keyring.hpp"
#include "core/Settings.hpp"
#include "unit/HistoryTestSupport.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace lr {
namespace {

TEST(Settings, SurviveARestart) {
    test::TempXdg xdg;
    {
        Environments environments;
        ASSERT_TRUE(environments.select("Staging"));
        environments.setClientId("lr_staging_client");
        environments.setScopes({"limitrail.accounts.read", "limitrail.usage.read"});
        ASSERT_EQ(environments.saveCustom("", "Local dev", "http://127.0.0.1:5001",
                                          "http://127.0.0.1:5002"),
                  "");
        ASSERT_TRUE(environments.select("Local dev"));
        environments.setClientId("lr_local");

        Settings settings;
        captureEnvironments(environments, settings);
        settings.docsLang = Lang::It;
        settings.historyBodyCap = 256 * 1024;
        settings.responseBodyCap = 64u << 20;
        settings.allowInsecureHttp = true;
        settings.historyRetention = {1234, 64 << 20};
        settings.historyWindowOpen = true;
        ASSERT_EQ(saveSettings(settingsPath(), settings), "");
    }

    const SettingsLoad load = loadSettings(settingsPath());
    EXPECT_TRUE(load.found);
    EXPECT_EQ(load.warning, "");
    EXPECT_EQ(load.settings.docsLang, Lang::It);
    EXPECT_EQ(load.settings.historyBodyCap, 256u * 1024);
    EXPECT_EQ(load.settings.responseBodyCap, 64u << 20);
    EXPECT_TRUE(load.settings.allowInsecureHttp);
    EXPECT_EQ(load.settings.historyRetention.maxEntries, 1234);
    EXPECT_EQ(load.settings.historyRetention.maxBytes, 64 << 20);
    EXPECT_TRUE(load.settings.historyWindowOpen);

    Environments restored;
    restoreEnvironments(load.settings, restored);
    EXPECT_EQ(restored.active().environment.name, "Local dev");
    EXPECT_EQ(restored.active().environment.apiBase, "http://127.0.0.1:5001");
    EXPECT_EQ(restored.active().clientId, "lr_local");
    const EnvironmentProfile* staging = restored.find("Staging");
    ASSERT_NE(staging, nullptr);
    EXPECT_EQ(staging->clientId, "lr_staging_client");
    EXPECT_EQ(staging->scopes.size(), 2u);
    EXPECT_EQ(staging->environment.apiBase, "https://stg-api.limitrail.com");
}

TEST(Settings, MissingFileGivesDefaultsWithoutWarning) {
    test::TempXdg xdg;
    const SettingsLoad load = loadSettings(settingsPath());
    EXPECT_FALSE(load.found);
    EXPECT_EQ(load.warning, "");
    EXPECT_EQ(load.settings.environment, "Sandbox");
    EXPECT_EQ(load.settings.historyBodyCap, kDefaultHistoryBodyCap);
    EXPECT_EQ(load.settings.responseBodyCap, std::size_t(1) << 30);
    EXPECT_FALSE(load.settings.allowInsecureHttp);
}

TEST(Settings, BrokenFileIsReportedKeptAsideAndReplacedByDefaults) {
    test::TempXdg xdg;
    {
        std::ofstream out(settingsPath());
        out << "{\"environment\": \"Staging\", \"docsLang\": ";
    }
    const SettingsLoad load = loadSettings(settingsPath());
    EXPECT_NE(load.warning, "");
    EXPECT_EQ(load.settings.environment, "Sandbox");
    EXPECT_TRUE(std::filesystem::exists(settingsPath().string() + ".broken"));

    ASSERT_EQ(saveSettings(settingsPath(), load.settings), "");
    EXPECT_EQ(loadSettings(settingsPath()).warning, "");
}

TEST(Settings, UnknownKeysAreIgnoredAndWrongTypesKeepDefaults) {
    test::TempXdg xdg;
    {
        std::ofstream out(settingsPath());
        out << R"({"future": {"x": [1, 2]}, "environment": "Production", "docsLang": 7,
                   "historyBodyCap": "big", "client_secret": "should-never-be-read",
                   "historyRetention": {"maxEntries": -5, "maxBytes": 999999999}})";
    }
    const SettingsLoad load = loadSettings(settingsPath());
    EXPECT_EQ(load.warning, "");
    EXPECT_EQ(load.settings.environment, "Production");
    EXPECT_EQ(load.settings.docsLang, Lang::En);
    EXPECT_EQ(load.settings.historyBodyCap, kDefaultHistoryBodyCap);
    EXPECT_EQ(load.settings.historyRetention.maxEntries, HistoryRetention{}.maxEntries);
    EXPECT_EQ(load.settings.historyRetention.maxBytes, 999999999);

    // What a save writes back never carries a secret-looking key, even one read from disk.
    EXPECT_EQ(settingsToJson(load.settings).find("secret"), std::string::npos);
}

TEST(Environments, EachKeepsItsOwnClientAndScopesAndSwitchingReportsAChange) {
    Environments environments;
    environments.setSandboxBase("http://127.0.0.1:4242");
    environments.setClientId("sandbox-client");
    bool changed = false;
    ASSERT_TRUE(environments.select("production", &changed)); // names are case-insensitive
    EXPECT_TRUE(changed);
    EXPECT_EQ(environments.active().environment.oauthBase, "https://oauth.limitrail.com");
    EXPECT_EQ(environments.active().clientId, "");
    environments.setClientId("prod-client");

    ASSERT_TRUE(environments.select("Sandbox", &changed));
    EXPECT_TRUE(changed);
    EXPECT_EQ(environments.active().clientId, "sandbox-client");
    EXPECT_EQ(environments.active().environment.apiBase, "http://127.0.0.1:4242");
    ASSERT_TRUE(environments.select("Sandbox", &changed));
    EXPECT_FALSE(changed);
    EXPECT_FALSE(environments.select("Nowhere"));
}

TEST(Environments, CustomOnesAreValidatedEditedAndRemoved) {
    Environments environments;
    EXPECT_NE(environments.saveCustom("", "Staging", "https://x", ""), "");
    EXPECT_NE(environments.saveCustom("", "Mine", "not a url", ""), "");
    EXPECT_NE(environments.saveCustom("", "", "https://x", ""), "");
    ASSERT_EQ(environments.saveCustom("", "Mine", "https://api.mine.test", ""), "");
    EXPECT_EQ(environments.find("Mine")->environment.oauthBase, "https://api.mine.test");
    EXPECT_NE(environments.saveCustom("", "mine", "https://y", ""), ""); // taken

    ASSERT_TRUE(environments.select("Mine"));
    environments.setClientId("kept");
    ASSERT_EQ(environments.saveCustom("Mine", "Mine 2", "https://api2.mine.test",
                                      "https://oauth2.mine.test"),
              "");
    EXPECT_EQ(environments.active().environment.name, "Mine 2");
    EXPECT_EQ(environments.active().clientId, "kept");

    EXPECT_EQ(environments.removeCustom("Mine 2"), "");
    EXPECT_EQ(environments.active().environment.name, "Sandbox");
    EXPECT_NE(environments.removeCustom("Production"), "");
}

TEST(Keyring, SecretFromTheEnvironmentAndASoftFailureWithoutASessionBus) {
    setenv("LIMITRAIL_CLIENT_SECRET", "from-env-secret", 1);
    SecretLookup fromEnv = clientSecretFromEnvironment();
    EXPECT_TRUE(fromEnv.found);
    EXPECT_EQ(fromEnv.secret, "from-env-secret");
    unsetenv("LIMITRAIL_CLIENT_SECRET");
    EXPECT_FALSE(clientSecretFromEnvironment().found);

    // No D-Bus session: an error value, not a hang or a crash.
    const char* saved = std::getenv("DBUS_SESSION_BUS_ADDRESS");
    const std::string keep = saved ? saved : "";
    unsetenv("DBUS_SESSION_BUS_ADDRESS");
    const SecretLookup keyring = lookupKeyringSecret("Sandbox", "lr_client");
    EXPECT_FALSE(keyring.found);
    EXPECT_NE(keyring.error, "");
    if (saved)
        setenv("DBUS_SESSION_BUS_ADDRESS", keep.c_str(), 1);
}

} // namespace
} // namespace lr
