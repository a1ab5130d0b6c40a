#include "ui/TopBar.hpp"

#include "core/Controller.hpp"
#include "core/Jwt.hpp"
#include "ui/Theme.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <chrono>

namespace lr::ui {

std::string tokenChipLabel(const AppState& app) {
    const auto now = std::chrono::steady_clock::now();
    switch (app.token.status(now)) {
    case TokenStatus::Missing:
        return "Token missing";
    case TokenStatus::Valid:
        return "Token valid \xC2\xB7 " + formatCountdown(app.token.secondsLeft(now)) + " left";
    case TokenStatus::Expired:
        return "Token expired";
    }
    return {};
}

void TopBar::drawEnvironmentPicker(const AppState& app, CommandSink& sink) {
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("Production").x + 48);
    if (ImGui::BeginCombo("##environment", app.environment.name.c_str())) {
        for (const Environment& environment : app.environments) {
            const bool current = environment.name == app.environment.name;
            if (ImGui::Selectable(environment.name.c_str(), current) && !current)
                sink.push(cmd::SwitchEnvironment{environment.name});
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("API %s\nOAuth %s", environment.apiBase.c_str(),
                                  environment.oauthBase.c_str());
        }
        ImGui::Separator();
        if (ImGui::Selectable("Add a custom environment\xE2\x80\xA6")) {
            m_state = State{};
            m_state.openEditor = true;
        }
        ImGui::EndCombo();
    }
    // Custom environments can be edited where they are chosen.
    const bool builtIn = app.environment.name == "Sandbox" || app.environment.name == "Staging" ||
                         app.environment.name == "Production";
    if (!builtIn) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Edit")) {
            m_state.openEditor = true;
            m_state.editingName = app.environment.name;
            m_state.name = app.environment.name;
            m_state.apiBase = app.environment.apiBase;
            m_state.oauthBase = app.environment.oauthBase;
        }
    }
    drawEnvironmentEditor(sink);
}

void TopBar::drawEnvironmentEditor(CommandSink& sink) {
    if (m_state.openEditor) {
        ImGui::OpenPopup("Custom environment");
        m_state.openEditor = false;
    }
    if (!ImGui::BeginPopupModal("Custom environment", nullptr, ImGuiWindowFlags_AlwaysAutoResize))
        return;
    ImGui::InputText("Name", &m_state.name);
    ImGui::InputTextWithHint("API base", "https://api.example.com", &m_state.apiBase);
    ImGui::InputTextWithHint("OAuth base", "https://oauth.example.com", &m_state.oauthBase);
    ImGui::TextColored(kMuted, "Plain http:// is refused for hosts other than loopback.");
    if (ImGui::Button("Save")) {
        sink.push(cmd::SaveCustomEnvironment{m_state.editingName, m_state.name, m_state.apiBase,
                                             m_state.oauthBase});
        if (m_state.editingName.empty())
            sink.push(cmd::SwitchEnvironment{m_state.name});
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (!m_state.editingName.empty() && ImGui::Button("Remove")) {
        sink.push(cmd::RemoveCustomEnvironment{m_state.editingName});
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel"))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void TopBar::drawSettings(const AppState& app, CommandSink& sink) {
    if (!ImGui::BeginPopup("##settings"))
        return;
    sectionCaption("Every call");
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt("Response body cap (MiB)", &m_state.bodyCapMiB, 64, 256);
    m_state.bodyCapMiB = std::clamp(m_state.bodyCapMiB, 1, 64 * 1024);
    bool insecure = app.limits.allowInsecureHttp;
    const bool insecureChanged =
        ImGui::Checkbox("Allow plain http:// to hosts other than loopback", &insecure);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Off by default: a token sent over plain HTTP can be read on the way.");
    if (ImGui::IsItemDeactivatedAfterEdit() || insecureChanged ||
        std::size_t(m_state.bodyCapMiB) << 20 != app.limits.bodyCap)
        sink.push(cmd::SetLimits{std::size_t(m_state.bodyCapMiB) << 20, insecure});
    ImGui::TextColored(kMuted, "Saved in settings.json; secrets and tokens never are.");
    ImGui::EndPopup();
}

void TopBar::drawTokenPopup(const AppState& app, CommandSink& sink) {
    if (!ImGui::BeginPopup("##token"))
        return;
    const Token& token = app.token;
    const auto now = std::chrono::steady_clock::now();
    ImGui::TextUnformatted(tokenChipLabel(app).c_str());
    if (!token.present()) {
        ImGui::TextColored(kMuted, "Send POST /connect/token, or any call, to get one.");
        ImGui::EndPopup();
        return;
    }
    ImGui::TextColored(kMuted, "Type %s, lifetime %d s, in memory only", token.tokenType.c_str(),
                       token.expiresInSeconds);

    ImGui::Separator();
    sectionCaption("Granted scopes");
    for (const std::string& scope : token.scopes)
        ImGui::BulletText("%s", scope.c_str());

    if (const Endpoint* endpoint = app.selected(); endpoint && !endpoint->scope.empty()) {
        ImGui::Separator();
        const bool granted = token.hasScope(endpoint->scope);
        ImGui::TextColored(granted ? kOk : kWarn, "%s %s needs %s: %s", endpoint->method.c_str(),
                           endpoint->path.c_str(), endpoint->scope.c_str(),
                           granted ? "granted" : "not granted");
        if (!granted && ImGui::SmallButton("Get a token with this scope"))
            sink.push(cmd::GetTokenWithScope{endpoint->scope});
    }

    // The decoded JWT, shown as JSON; the token itself is never drawn here.
    ImGui::Separator();
    if (const std::optional<JwtParts> jwt = jwtDecode(token.accessToken)) {
        bool isJson = false;
        sectionCaption("JWT header");
        pushMono();
        ImGui::TextUnformatted(displayBody(jwt->headerJson, isJson).c_str());
        popMono();
        sectionCaption("JWT claims");
        pushMono();
        ImGui::TextUnformatted(displayBody(jwt->payloadJson, isJson).c_str());
        popMono();
    } else {
        ImGui::TextColored(kMuted, "The token is not a JWT; nothing to decode.");
    }
    if (token.status(now) == TokenStatus::Expired)
        ImGui::TextColored(kError, "Expired: the next call fetches a new token first.");
    ImGui::EndPopup();
}

void TopBar::draw(const AppState& app, CommandSink& sink, const Rect& rect, Toggles toggles) {
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
    drawEnvironmentPicker(app, sink);

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

    // 3. The windows that are not always on screen: lit while open. Settings is a popup, so it
    // is never lit (in the default button colour it looked like an open window).
    const ImVec4 lit(0.24f, 0.36f, 0.56f, 1.0f);
    const ImVec4 unlit(0.14f, 0.155f, 0.18f, 1.0f);
    auto toggle = [&](const char* label, bool* open) {
        if (!open)
            return;
        ImGui::SameLine(0, 18);
        ImGui::PushStyleColor(ImGuiCol_Button, *open ? lit : unlit);
        if (ImGui::SmallButton(label))
            *open = !*open;
        ImGui::PopStyleColor();
    };
    toggle("History", toggles.history);
    toggle("Stats", toggles.stats);
    ImGui::SameLine(0, 18);
    ImGui::PushStyleColor(ImGuiCol_Button, unlit);
    const bool settingsClicked = ImGui::SmallButton("Settings");
    ImGui::PopStyleColor();
    if (settingsClicked) {
        m_state.bodyCapMiB = int(app.limits.bodyCap >> 20);
        ImGui::OpenPopup("##settings");
    }
    drawSettings(app, sink);

    // 4. Right side: token chip, docs language, Swagger.
    const std::string chipText = tokenChipLabel(app);
    const char* chip = chipText.c_str();
    const ImGuiStyle& style = ImGui::GetStyle();
    const float right = ImGui::CalcTextSize(chip).x + ImGui::CalcTextSize("Docs IT").x +
                        ImGui::CalcTextSize("Docs EN").x + ImGui::CalcTextSize("Swagger").x +
                        8 * style.FramePadding.x + 4 * style.ItemSpacing.x + 30;
    ImGui::SameLine(ImGui::GetWindowWidth() - right);
    const TokenStatus status = app.token.status(std::chrono::steady_clock::now());
    ImGui::PushStyleColor(ImGuiCol_Button,
                          status == TokenStatus::Valid     ? ImVec4(0.12f, 0.32f, 0.18f, 1.0f)
                          : status == TokenStatus::Expired ? ImVec4(0.40f, 0.12f, 0.12f, 1.0f)
                                                           : ImVec4(0.30f, 0.20f, 0.12f, 1.0f));
    if (ImGui::SmallButton(chip))
        ImGui::OpenPopup("##token");
    ImGui::PopStyleColor();
    drawTokenPopup(app, sink);

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
