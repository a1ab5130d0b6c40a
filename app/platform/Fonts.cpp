#include "platform/Fonts.hpp"

#include "core/Log.hpp"
#include "ui/Theme.hpp"

#include <imgui.h>

#include <filesystem>
#include <initializer_list>

namespace lr::platform {
namespace {

const char* firstExisting(std::initializer_list<const char*> paths) {
    std::error_code ec;
    for (const char* path : paths)
        if (std::filesystem::exists(path, ec))
            return path;
    return nullptr;
}

// Latin, Latin-1 (Italian accents), general punctuation (… · – “ ”), arrows, bullets.
const ImWchar* glyphRanges() {
    static ImVector<ImWchar> ranges;
    if (ranges.empty()) {
        ImFontGlyphRangesBuilder builder;
        builder.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesDefault());
        static const ImWchar extra[] = {0x0100, 0x017F, 0x2000, 0x206F, 0x2190, 0x21FF, 0x2200,
                                        0x22FF, 0x25A0, 0x25FF, 0x2713, 0x2717, 0};
        builder.AddRanges(extra);
        builder.BuildRanges(&ranges);
    }
    return ranges.Data;
}

ImFont* addFont(const char* path, float size) {
    if (!path)
        return nullptr;
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    return ImGui::GetIO().Fonts->AddFontFromFileTTF(path, size, &config, glyphRanges());
}

} // namespace

void loadFonts(float scale) {
    ImGuiIO& io = ImGui::GetIO();
    ui::UiFonts& fonts = ui::fonts();

    const char* inter = firstExisting({"/usr/share/fonts/opentype/inter/Inter-Regular.otf",
                                       "/usr/share/fonts/truetype/inter/Inter-Regular.ttf"});
    const char* interBold = firstExisting({"/usr/share/fonts/opentype/inter/Inter-SemiBold.otf",
                                           "/usr/share/fonts/truetype/inter/Inter-SemiBold.ttf"});
    const char* mono =
        firstExisting({"/usr/share/fonts/truetype/jetbrains-mono/JetBrainsMono-Regular.ttf"});

    // The first font added is ImGui's default, so text comes first.
    fonts.text = addFont(inter, 15.0f * scale);
    if (!fonts.text) {
        logWarn("ui", "Inter not found (fonts-inter); using ImGui's built-in font");
        ImFontConfig config;
        config.SizePixels = 13.0f * scale;
        fonts.text = io.Fonts->AddFontDefault(&config);
    }
    fonts.mono = addFont(mono, 14.0f * scale);
    if (!fonts.mono)
        logWarn("ui", "JetBrains Mono not found (fonts-jetbrains-mono); code uses the text font");
    fonts.heading = addFont(interBold, 17.0f * scale);
}

} // namespace lr::platform
