#pragma once

// Where the console keeps things. Settings and imgui.ini go to the user's config directory,
// history to the data directory (XDG base directories), never the working directory.

#include <filesystem>
#include <string>

namespace lr {

/// $XDG_CONFIG_HOME/limitrail-console, else ~/.config/limitrail-console. Created on demand.
std::filesystem::path configDir();

/// $XDG_DATA_HOME/limitrail-console, else ~/.local/share/limitrail-console. Created on demand.
std::filesystem::path dataDir();

/// $LIMITRAIL_ASSETS, else assets/ beside the executable, else the source tree's assets/.
std::filesystem::path assetsDir();

/// Reads a whole file; false with a message in `error` when it cannot.
bool readFile(const std::filesystem::path& path, std::string& out, std::string& error);

} // namespace lr
