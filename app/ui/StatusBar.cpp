#include "ui/StatusBar.hpp"

#include "ui/Theme.hpp"

namespace lr::ui {

void StatusBar::draw(const AppState& app, const Rect& rect) {
    ImGui::SetNextWindowPos(rect.pos);
    ImGui::SetNextWindowSize(rect.size);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10, 4));
    if (ImGui::Begin("##StatusBar", nullptr, flags)) {
        if (app.sandbox.running && app.environment.embedded) {
            const SandboxStatus& s = app.sandbox;
            ImGui::TextColored(s.healthChecked ? (s.healthy ? kOk : kError) : kMuted, "%s",
                               s.healthChecked ? (s.healthy ? "Sandbox healthy" : "Sandbox down")
                                               : "Sandbox starting");
            ImGui::SameLine();
        }
        ImGui::TextColored(kMuted, "%s", app.statusLine.c_str());
    }
    ImGui::End();
    ImGui::PopStyleVar();
}

} // namespace lr::ui
