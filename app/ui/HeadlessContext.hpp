#pragma once

// An ImGui context with no window and no GL, for UI tests and the frame benchmark: a display
// size, no imgui.ini, and a built font atlas so text has sizes. Frames are NewFrame/Render.

#include <imgui.h>

namespace lr::ui {

class HeadlessContext {
public:
    explicit HeadlessContext(ImVec2 display = ImVec2(1600, 1000)) {
        m_context = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = display;
        io.IniFilename = nullptr;
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* pixels = nullptr;
        int width = 0;
        int height = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    }
    ~HeadlessContext() { ImGui::DestroyContext(m_context); }

    HeadlessContext(const HeadlessContext&) = delete;
    HeadlessContext& operator=(const HeadlessContext&) = delete;

private:
    ImGuiContext* m_context = nullptr;
};

} // namespace lr::ui
