#pragma once

// Colours and fonts shared by the windows. The platform loads the fonts and fills UiFonts;
// headless tests leave them null and ImGui's default font is used.

#include <imgui.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace lr::ui {

struct UiFonts {
    ImFont* text = nullptr;
    ImFont* mono = nullptr;
    ImFont* heading = nullptr;
};

UiFonts& fonts();

void applyTheme(float scale);

/// Method badge colours as the web console uses them (GET blue, POST green, ...).
ImVec4 methodColor(std::string_view method);
/// Status colours: 2xx green, 3xx blue, 4xx amber, 5xx and transport errors red.
ImVec4 statusColor(int status);

inline const ImVec4 kMuted{0.60f, 0.64f, 0.70f, 1.0f};
inline const ImVec4 kAccent{0.36f, 0.62f, 1.00f, 1.0f};
inline const ImVec4 kWarn{0.98f, 0.72f, 0.25f, 1.0f};
inline const ImVec4 kError{0.95f, 0.36f, 0.36f, 1.0f};
inline const ImVec4 kOk{0.35f, 0.80f, 0.48f, 1.0f};

/// Pushes the mono font when it is loaded; pair with popMono().
void pushMono();
void popMono();

/// A section caption in the muted colour, e.g. "Execution result".
void sectionCaption(const char* text);

} // namespace lr::ui
