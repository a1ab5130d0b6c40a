// SettingsWriter: a burst of saves ends with the newest on disk, a failing disk reports its
// error and the next save still works, and destroying the writer finishes what is waiting.

#include "core/SettingsWriter.hpp"
#include "unit/HistoryTestSupport.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>

namespace {

namespace fs = std::filesystem;
using namespace lr;

class SettingsWriterTest : public ::testing::Test {
protected:
    static Settings withLimit(std::size_t cap) {
        Settings settings;
        settings.responseBodyCap = cap;
        return settings;
    }

    test::TempXdg m_xdg;
    const fs::path m_dir = m_xdg.root;
};

TEST_F(SettingsWriterTest, ABurstOfSavesEndsWithTheNewestOnDisk) {
    const fs::path path = m_dir / "settings.json";
    SettingsWriter writer;
    for (std::size_t i = 1; i <= 200; ++i)
        writer.save(path, withLimit(4096 + i));
    writer.flush();

    const SettingsLoad load = loadSettings(path);
    ASSERT_TRUE(load.found) << load.warning;
    EXPECT_EQ(load.settings.responseBodyCap, 4096u + 200u);
}

TEST_F(SettingsWriterTest, DestroyingTheWriterFinishesTheWaitingSave) {
    const fs::path path = m_dir / "settings.json";
    {
        SettingsWriter writer;
        writer.save(path, withLimit(123456));
    }
    const SettingsLoad load = loadSettings(path);
    ASSERT_TRUE(load.found) << load.warning;
    EXPECT_EQ(load.settings.responseBodyCap, 123456u);
}

TEST_F(SettingsWriterTest, AFailedWriteIsReportedAndTheNextOneStillWorks) {
    // A regular file where the directory should be: nothing can be written under it.
    const fs::path blocker = m_dir / "not-a-directory";
    {
        std::FILE* file = std::fopen(blocker.c_str(), "w");
        ASSERT_NE(file, nullptr);
        std::fclose(file);
    }

    std::string reported;
    std::mutex mutex;
    SettingsWriter writer([&](const std::string& error) {
        std::lock_guard<std::mutex> lock(mutex);
        reported = error;
    });
    writer.save(blocker / "settings.json", withLimit(1));
    writer.flush();
    {
        std::lock_guard<std::mutex> lock(mutex);
        EXPECT_NE(reported.find("Settings not saved"), std::string::npos) << reported;
    }

    const fs::path good = m_dir / "settings.json";
    writer.save(good, withLimit(777777));
    writer.flush();
    EXPECT_EQ(loadSettings(good).settings.responseBodyCap, 777777u);
}

} // namespace
