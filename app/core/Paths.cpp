#include "core/Paths.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>

namespace lr {
namespace fs = std::filesystem;

namespace {

fs::path homeDir() {
    if (const char* home = std::getenv("HOME"); home && *home)
        return home;
    return fs::temp_directory_path();
}

fs::path xdgDir(const char* variable, const char* fallbackBelowHome) {
    fs::path base;
    if (const char* value = std::getenv(variable); value && *value)
        base = value;
    else
        base = homeDir() / fallbackBelowHome;
    fs::path dir = base / "limitrail-console";
    std::error_code ignored;
    fs::create_directories(dir, ignored);
    return dir;
}

fs::path executableDir() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

} // namespace

fs::path configDir() {
    return xdgDir("XDG_CONFIG_HOME", ".config");
}

fs::path dataDir() {
    return xdgDir("XDG_DATA_HOME", ".local/share");
}

fs::path assetsDir() {
    if (const char* value = std::getenv("LIMITRAIL_ASSETS"); value && *value)
        return value;
    std::error_code ec;
    fs::path besideExe = executableDir() / "assets";
    if (fs::is_directory(besideExe / "openapi", ec))
        return besideExe;
    return LIMITRAIL_SOURCE_ASSETS;
}

bool readFile(const fs::path& path, std::string& out, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot open " + path.string();
        return false;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) {
        error = "cannot read " + path.string();
        return false;
    }
    out = buffer.str();
    return true;
}

} // namespace lr
