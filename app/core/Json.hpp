#pragma once

// Small JSON helpers shared by the console and the sandbox: writing strings safely and making
// text fit for ImGui. Parsing is simdjson's job everywhere.

#include <string>
#include <string_view>

namespace lr {

/// Appends `text` as a JSON string literal, quotes included. Control characters are escaped;
/// invalid UTF-8 bytes become U+FFFD so the output is always valid JSON.
void appendJsonString(std::string& out, std::string_view text);
std::string jsonString(std::string_view text);

/// True when `text` is valid UTF-8.
bool isValidUtf8(std::string_view text);

/// `text` with every invalid UTF-8 sequence replaced by U+FFFD; safe to hand to ImGui.
std::string sanitizeUtf8(std::string_view text);

} // namespace lr
