#include "ui/Theme.hpp"

#include <cstdio>

namespace lr::ui {

UiFonts& fonts() {
    static UiFonts instance;
    return instance;
}

void applyTheme(float scale) {
    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 4.0f;
    style.FrameRounding = 3.0f;
    style.GrabRounding = 3.0f;
    style.TabRounding = 3.0f;
    style.WindowPadding = ImVec2(12, 10);
    style.FramePadding = ImVec2(8, 4);
    style.ItemSpacing = ImVec2(8, 6);
    style.WindowBorderSize = 1.0f;

    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.105f, 0.115f, 0.135f, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(0.085f, 0.095f, 0.110f, 1.0f);
    c[ImGuiCol_TitleBg] = ImVec4(0.085f, 0.095f, 0.110f, 1.0f);
    c[ImGuiCol_TitleBgActive] = ImVec4(0.12f, 0.16f, 0.24f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.16f, 0.22f, 0.32f, 1.0f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.20f, 0.30f, 0.45f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.18f, 0.26f, 0.40f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.24f, 0.36f, 0.56f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(0.14f, 0.155f, 0.18f, 1.0f);
    style.ScaleAllSizes(scale);
}

ImVec4 methodColor(std::string_view method) {
    if (method == "GET")
        return ImVec4(0.38f, 0.65f, 1.00f, 1.0f);
    if (method == "POST")
        return ImVec4(0.35f, 0.80f, 0.48f, 1.0f);
    if (method == "PUT" || method == "PATCH")
        return ImVec4(0.98f, 0.72f, 0.25f, 1.0f);
    if (method == "DELETE")
        return ImVec4(0.95f, 0.36f, 0.36f, 1.0f);
    return kMuted;
}

ImVec4 statusColor(int status) {
    if (status >= 200 && status < 300)
        return kOk;
    if (status >= 300 && status < 400)
        return kAccent;
    if (status >= 400 && status < 500)
        return kWarn;
    return kError;
}

void pushMono() {
    if (fonts().mono)
        ImGui::PushFont(fonts().mono);
}

void popMono() {
    if (fonts().mono)
        ImGui::PopFont();
}

void sectionCaption(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
}

} // namespace lr::ui
