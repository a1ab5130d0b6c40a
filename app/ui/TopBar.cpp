#include "ui/TopBar.hpp"

#include "ui/Theme.hpp"

namespace lr::ui {

const char* tokenChipLabel(const AppState&) {
    return "Token missing";
}

void TopBar::draw(const AppState& app, CommandSink& sink, const Rect& rect) {
    ImGui::SetNextWindowPos(rect.pos);
    ImGui::SetNextWindowSize(rect.size);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (!ImGui::Begin("##TopBar", nullptr, flags)) {
        ImGui::End();
        return;
    }

    // 1. Brand and environment.
    if (fonts().heading)
        ImGui::PushFont(fonts().heading);
    ImGui::TextColored(kAccent, "LimitRail");
    if (fonts().heading)
        ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextColored(kMuted, "Developer Console");
    ImGui::SameLine(0, 24);
    ImGui::Text("%s", app.environment.name.c_str());

    // 2. The environment's real URLs, in the code font so they read as addresses.
    ImGui::SameLine(0, 24);
    ImGui::TextColored(kMuted, "API");
    ImGui::SameLine();
    pushMono();
    ImGui::TextUnformatted(app.environment.apiBase.empty() ? "-" : app.environment.apiBase.c_str());
    popMono();
    ImGui::SameLine(0, 18);
    ImGui::TextColored(kMuted, "OAuth");
    ImGui::SameLine();
    pushMono();
    ImGui::TextUnformatted(app.environment.oauthBase.empty() ? "-"
                                                             : app.environment.oauthBase.c_str());
    popMono();

    // 3. Right side: token chip, docs language, Swagger.
    const char* chip = tokenChipLabel(app);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float right = ImGui::CalcTextSize(chip).x + ImGui::CalcTextSize("Docs IT").x +
                        ImGui::CalcTextSize("Docs EN").x + ImGui::CalcTextSize("Swagger").x +
                        8 * style.FramePadding.x + 4 * style.ItemSpacing.x + 30;
    ImGui::SameLine(ImGui::GetWindowWidth() - right);
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.30f, 0.20f, 0.12f, 1.0f));
    if (ImGui::SmallButton(chip))
        m_state.tokenPopupOpen = !m_state.tokenPopupOpen;
    ImGui::PopStyleColor();

    ImGui::SameLine(0, 18);
    const bool italian = app.docsLang == Lang::It;
    ImGui::PushStyleColor(ImGuiCol_Button, italian ? ImVec4(0.24f, 0.36f, 0.56f, 1.0f)
                                                   : ImVec4(0.14f, 0.155f, 0.18f, 1.0f));
    if (ImGui::SmallButton("Docs IT"))
        sink.push(cmd::SetDocsLang{Lang::It});
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, !italian ? ImVec4(0.24f, 0.36f, 0.56f, 1.0f)
                                                    : ImVec4(0.14f, 0.155f, 0.18f, 1.0f));
    if (ImGui::SmallButton("Docs EN"))
        sink.push(cmd::SetDocsLang{Lang::En});
    ImGui::PopStyleColor();
    ImGui::SameLine(0, 18);
    if (ImGui::SmallButton("Swagger"))
        sink.push(cmd::OpenSwagger{});
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Opens %s/swagger in the system browser",
                          app.environment.apiBase.c_str());

    ImGui::End();
}

} // namespace lr::ui
