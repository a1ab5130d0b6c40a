#pragma once

#include <string>

namespace lr::platform {

/// Opens `url` in the system browser (xdg-open) without waiting for it. The URL is passed as
/// an argument, never through a shell string.
void openUrl(const std::string& url);

/// Puts text on the system clipboard (through ImGui's GLFW backend). UI thread only.
void setClipboard(const std::string& text);

/// Writes the current GL framebuffer (width x height, RGBA) as a PNG. False with `error` set.
bool writeFramebufferPng(const std::string& path, int width, int height, std::string& error);

} // namespace lr::platform
