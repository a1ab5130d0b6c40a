// The Request window's inputs: the token form, parameters, the JSON body, the inline warnings
// and the buttons. Values live in AppState; every edit goes out as a command.

#include "ui/RequestWindow.hpp"
#include "ui/Theme.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <ctime>

namespace lr::ui {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

std::string isoUtc(std::time_t when) {
    std::tm tm{};
    gmtime_r(&when, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

/// The label column: name, a red star when required, the type in muted text.
void fieldLabel(const Field& field) {
    ImGui::TextUnformatted(field.name.c_str());
    if (field.required) {
        ImGui::SameLine(0, 2);
        ImGui::TextColored(kError, "*");
    }
    ImGui::SameLine();
    ImGui::TextColored(kMuted, "%s%s%s", field.type.c_str(), field.format.empty() ? "" : " ",
                       field.format.c_str());
    ImGui::SameLine();
    ImGui::TextColored(kMuted, "(%s)", toString(field.location));
}

} // namespace

void RequestWindow::drawTokenForm(const AppState& app, CommandSink& sink) {
    const TokenForm& form = app.tokenForm;
    const bool missingId = contains(app.forms.missing, "client_id");
    const bool missingSecret = contains(app.forms.missing, "client_secret");
    const bool missingScope = contains(app.forms.missing, "scope");

    ImGui::TextUnformatted("grant_type");
    ImGui::SameLine(0, 2);
    ImGui::TextColored(kError, "*");
    ImGui::SetNextItemWidth(-1);
    std::string grant = "client_credentials";
    ImGui::InputText("##grant_type", &grant, ImGuiInputTextFlags_ReadOnly);

    // client_id: the environment's known clients, or any text.
    ImGui::Spacing();
    ImGui::TextUnformatted("client_id");
    ImGui::SameLine(0, 2);
    ImGui::TextColored(kError, "*");
    std::string clientId = form.clientId;
    const float comboWidth = ImGui::GetFrameHeight();
    ImGui::SetNextItemWidth(-comboWidth - ImGui::GetStyle().ItemInnerSpacing.x);
    if (ImGui::InputText("##client_id", &clientId))
        sink.push(cmd::SetField{"client_id", clientId});
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    if (ImGui::BeginCombo("##client_id_choices", "", ImGuiComboFlags_NoPreview)) {
        for (const std::string& known : app.catalogue.tokenClientIds)
            if (ImGui::Selectable(known.c_str(), known == form.clientId))
                sink.push(cmd::SetField{"client_id", known});
        ImGui::EndCombo();
    }
    if (missingId)
        ImGui::TextColored(kError, "client_id is required");

    // client_secret: masked; typed here or taken from LIMITRAIL_CLIENT_SECRET.
    ImGui::Spacing();
    ImGui::TextUnformatted("client_secret");
    ImGui::SameLine(0, 2);
    ImGui::TextColored(kError, "*");
    if (form.secretFromEnvironment) {
        ImGui::SameLine();
        ImGui::TextColored(kMuted, "from LIMITRAIL_CLIENT_SECRET");
    }
    std::string secret = form.secret.reveal();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputText("##client_secret", &secret, ImGuiInputTextFlags_Password))
        sink.push(cmd::SetField{"client_secret", secret});
    std::fill(secret.begin(), secret.end(), '\0');
    if (missingSecret)
        ImGui::TextColored(kError, "client_secret is required");

    // scope: one checkbox per public scope, and "all".
    ImGui::Spacing();
    ImGui::TextUnformatted("scope");
    ImGui::SameLine(0, 2);
    ImGui::TextColored(kError, "*");
    bool all = !app.catalogue.scopes.empty();
    for (const std::string& scope : app.catalogue.scopes)
        all = all && contains(form.scopes, scope);
    if (ImGui::Checkbox("all", &all))
        sink.push(cmd::SetScopes{all ? app.catalogue.scopes : std::vector<std::string>{}});
    for (const std::string& scope : app.catalogue.scopes) {
        bool on = contains(form.scopes, scope);
        if (ImGui::Checkbox(scope.c_str(), &on)) {
            std::vector<std::string> next;
            for (const std::string& s : app.catalogue.scopes)
                if (s == scope ? on : contains(form.scopes, s))
                    next.push_back(s);
            sink.push(cmd::SetScopes{next});
        }
        auto described = app.catalogue.scopeDescriptions.find(scope);
        if (described != app.catalogue.scopeDescriptions.end() && ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", described->second.get(app.docsLang).c_str());
    }
    if (missingScope)
        ImGui::TextColored(kError, "choose at least one scope");
}

void RequestWindow::drawParameters(const AppState& app, const Endpoint& endpoint, CommandSink& sink,
                                   double nowSeconds) {
    const auto formIt = app.forms.values.find(endpoint.key());
    const std::map<std::string, std::string>* values =
        formIt == app.forms.values.end() ? nullptr : &formIt->second;

    bool any = false;
    for (const Field& field : endpoint.fields) {
        if (field.location == FieldLocation::Body || field.location == FieldLocation::Form)
            continue;
        any = true;
        ImGui::PushID(field.name.c_str());
        ImGui::Spacing();
        fieldLabel(field);

        // An error card's field link lands here: focus the input and tint it for a while.
        const bool highlighted =
            app.forms.highlightField == field.name && nowSeconds < app.forms.highlightUntil;
        const bool missing = contains(app.forms.missing, field.name);
        if (highlighted || missing) {
            ImGui::PushStyleColor(ImGuiCol_FrameBg, highlighted
                                                        ? ImVec4(0.45f, 0.33f, 0.08f, 1.0f)
                                                        : ImVec4(0.40f, 0.12f, 0.12f, 1.0f));
            ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
            ImGui::PushStyleColor(ImGuiCol_Border, highlighted ? kWarn : kError);
        }
        if (app.forms.highlightField == field.name &&
            m_state.seenFocusRequest != app.forms.focusRequest) {
            m_state.seenFocusRequest = app.forms.focusRequest;
            ImGui::SetScrollHereY(0.3f);
            ImGui::SetKeyboardFocusHere();
        }

        std::string value;
        if (values) {
            if (const auto valueIt = values->find(field.name); valueIt != values->end())
                value = valueIt->second;
        }
        const bool dateTime = field.format == "date-time";
        const float helpers = dateTime ? ImGui::CalcTextSize("now-24 h").x +
                                             ImGui::GetStyle().FramePadding.x * 4 +
                                             ImGui::GetStyle().ItemSpacing.x * 2
                                       : 0.0f;
        ImGui::SetNextItemWidth(-helpers - 1);
        if (!field.allowedValues.empty()) {
            if (ImGui::BeginCombo("##value", value.empty() ? "(none)" : value.c_str())) {
                if (!field.required && ImGui::Selectable("(none)", value.empty()))
                    sink.push(cmd::SetField{field.name, ""});
                for (const std::string& allowed : field.allowedValues)
                    if (ImGui::Selectable(allowed.c_str(), allowed == value))
                        sink.push(cmd::SetField{field.name, allowed});
                ImGui::EndCombo();
            }
        } else if (ImGui::InputTextWithHint("##value", field.example.c_str(), &value)) {
            sink.push(cmd::SetField{field.name, value});
        }
        if (highlighted || missing) {
            ImGui::PopStyleColor(2);
            ImGui::PopStyleVar();
        }
        if (dateTime) {
            ImGui::SameLine();
            if (ImGui::SmallButton("now"))
                sink.push(cmd::SetField{field.name, isoUtc(std::time(nullptr))});
            ImGui::SameLine();
            if (ImGui::SmallButton("-24 h"))
                sink.push(cmd::SetField{field.name, isoUtc(std::time(nullptr) - 24 * 3600)});
        }
        if (missing)
            ImGui::TextColored(kError, "%s is required", field.name.c_str());
        const std::string& description = field.description.get(app.docsLang);
        if (!description.empty() && ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", description.c_str());
        ImGui::PopID();
    }
    if (!any && endpoint.bodyMediaType != "application/json")
        ImGui::TextColored(kMuted, "This endpoint takes no input.");
}

void RequestWindow::drawBody(const AppState& app, const Endpoint& endpoint, CommandSink& sink) {
    if (endpoint.bodyMediaType != "application/json")
        return;
    ImGui::Spacing();
    ImGui::TextUnformatted("Body");
    ImGui::SameLine();
    ImGui::TextColored(kMuted, "application/json");
    std::vector<std::string> required;
    for (const Field& field : endpoint.fields)
        if (field.location == FieldLocation::Body && field.required)
            required.push_back(field.name);
    for (const std::string& name : required) {
        ImGui::SameLine();
        ImGui::TextColored(contains(app.forms.missing, name) ? kError : kMuted, "%s*",
                           name.c_str());
    }

    const auto it = app.forms.bodies.find(endpoint.key());
    std::string body = it == app.forms.bodies.end() ? std::string() : it->second;
    pushMono();
    if (ImGui::InputTextMultiline("##body", &body, ImVec2(-1, ImGui::GetTextLineHeight() * 12),
                                  ImGuiInputTextFlags_AllowTabInput))
        sink.push(cmd::SetBody{body});
    popMono();
}

void RequestWindow::drawWarnings(const AppState& app, CommandSink& sink) {
    const RequestForms& forms = app.forms;
    if (!forms.scopeWarning.empty()) {
        ImGui::TextColored(kWarn, "The token lacks %s.", forms.scopeWarning.c_str());
        if (ImGui::SmallButton("Get a token with this scope"))
            sink.push(cmd::GetTokenWithScope{forms.scopeWarning});
        ImGui::SameLine();
        if (ImGui::SmallButton("Send anyway"))
            sink.push(cmd::Send{true});
    } else if (!forms.missing.empty()) {
        std::string names;
        for (const std::string& name : forms.missing)
            names += (names.empty() ? "" : ", ") + name;
        ImGui::TextColored(kError, "Required input missing: %s. Nothing was sent.", names.c_str());
        const Endpoint* endpoint = app.selected();
        if (endpoint && !endpoint->isTokenEndpoint && ImGui::SmallButton("Send anyway"))
            sink.push(cmd::Send{true});
    } else if (!forms.buildError.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kError);
        ImGui::TextWrapped("%s", forms.buildError.c_str());
        ImGui::PopStyleColor();
    }
}

void RequestWindow::drawActions(const AppState& app, CommandSink& sink, double nowSeconds) {
    // A 429 holds Send for its Retry-After; the button counts down instead.
    const Endpoint* selected = app.selected();
    const double held = selected && !selected->isTokenEndpoint ? app.sendHeldUntil - nowSeconds : 0;
    const bool sending = app.execution.phase == ExecutionPhase::Sending || held > 0;
    ImGui::Separator();
    if (sending)
        ImGui::BeginDisabled();
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.16f, 0.45f, 0.28f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.20f, 0.55f, 0.34f, 1.0f));
    const std::string label =
        held > 0 ? "Send in " + std::to_string(int(std::ceil(held))) + " s###Send" : "Send###Send";
    if (ImGui::Button(label.c_str()))
        sink.push(cmd::Send{});
    m_state.sendMin = ImGui::GetItemRectMin();
    m_state.sendMax = ImGui::GetItemRectMax();
    ImGui::PopStyleColor(2);
    if (sending)
        ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Ctrl+Enter");

    ImGui::SameLine();
    if (!sending)
        ImGui::BeginDisabled();
    if (ImGui::Button("Cancel"))
        sink.push(cmd::CancelSend{});
    if (!sending)
        ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Esc");

    ImGui::SameLine();
    if (ImGui::Button("Copy as curl"))
        sink.push(cmd::CopyAsCurl{});
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The token is written as $LIMITRAIL_TOKEN and the secret as "
                          "$LIMITRAIL_CLIENT_SECRET, never their values.");
    ImGui::SameLine();
    if (ImGui::Button("Reset"))
        sink.push(cmd::ResetForm{});
}

} // namespace lr::ui
