#pragma once

namespace lr::platform {

/// Loads Inter for text and headings and JetBrains Mono for code (Debian fonts-inter,
/// fonts-jetbrains-mono) at `scale`, falling back to ImGui's built-in font for whichever is
/// missing. Fills ui::fonts(). Call before the renderer builds the font atlas.
void loadFonts(float scale);

} // namespace lr::platform
