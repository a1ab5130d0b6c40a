#pragma once

// Small JSON helpers shared by the console and the sandbox: writing strings safely and making
// text fit for ImGui. Parsing is simdjson's job everywhere.

#include <string>
#include <string_view>

namespace simdjson::dom {
class element; // a caller of prettyJson() has parsed, so it has simdjson.h already
} // namespace simdjson::dom

namespace lr {

/// Appends `text` as a JSON string literal, quotes included. Control characters are escaped;
/// invalid UTF-8 bytes become U+FFFD so the output is always valid JSON.
void appendJsonString(std::string& out, std::string_view text);
std::string jsonString(std::string_view text);

/// A parsed JSON value pretty-printed: two spaces a level, `"key": value`, empty containers on
/// one line. For small documents (catalogue examples, a JWT, a stored request); response bodies
/// use PrettyIndex, which never writes the pretty text out.
std::string prettyJson(simdjson::dom::element value);

/// True when `text` is valid UTF-8.
bool isValidUtf8(std::string_view text);

/// `text` with every invalid UTF-8 sequence replaced by U+FFFD; safe to hand to ImGui.
std::string sanitizeUtf8(std::string_view text);

} // namespace lr
