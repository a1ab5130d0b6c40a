#pragma once

// Shared by the history and settings tests: a private XDG tree per test, waiting on the inbox
// with a deadline, and reading every byte under a directory.

#include "core/UiInbox.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

namespace lr::test {

class TempXdg {
public:
    TempXdg() {
        char pattern[] = "/tmp/lr-history-test-XXXXXX";
        root = mkdtemp(pattern);
        config = root / "config";
        data = root / "data";
        setenv("XDG_CONFIG_HOME", config.c_str(), 1);
        setenv("XDG_DATA_HOME", data.c_str(), 1);
    }
    ~TempXdg() {
        std::error_code ignored;
        std::filesystem::remove_all(root, ignored);
    }
    std::filesystem::path root;
    std::filesystem::path config;
    std::filesystem::path data;
};

/// Drains the inbox until `done` holds or five seconds pass.
inline bool drainUntil(UiInbox& inbox, const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        inbox.waitAndDrain(std::chrono::milliseconds(50));
    }
    return true;
}

/// Every byte of every regular file below `dir`, with the file names, for needle searches.
inline std::string allBytesUnder(const std::filesystem::path& dir) {
    std::string all;
    std::error_code ec;
    if (!std::filesystem::exists(dir, ec))
        return all;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file())
            continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream buffer;
        buffer << in.rdbuf();
        all += "\n== " + entry.path().string() + "\n" + buffer.str();
    }
    return all;
}

} // namespace lr::test
