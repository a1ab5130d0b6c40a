#include "ui/ResponseWindow.hpp"

#include "core/Json.hpp"
#include "core/RequestView.hpp"
#include "ui/Theme.hpp"
#include "ui/TopBar.hpp"

#include <imgui_stdlib.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace lr::ui {
namespace {

/// Text in parts joined by " · ", wrapped between parts only: TextWrapped may break after any
/// '.', which split "0.1 ms" across two lines.
void partsWrapped(const std::vector<std::string>& parts) {
    static const char* const kJoin = " \xC2\xB7 ";
    const float width = ImGui::GetContentRegionAvail().x;
    const float joinWidth = ImGui::CalcTextSize(kJoin).x;
    float used = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const float partWidth = ImGui::CalcTextSize(parts[i].c_str()).x;
        if (i > 0) {
            if (used + joinWidth + partWidth <= width) {
                ImGui::SameLine(0, 0);
                ImGui::TextUnformatted(kJoin);
                ImGui::SameLine(0, 0);
                used += joinWidth;
            } else {
                used = 0; // the next line
            }
        }
        ImGui::TextUnformatted(parts[i].c_str());
        used += partWidth;
    }
}

std::string milliseconds(const char* label, double ms) {
    char text[64];
    std::snprintf(text, sizeof text, "%s %.1f ms", label, ms);
    return text;
}

void codeBlock(const char* id, const std::string& text, float height) {
    ImGui::BeginChild(id, ImVec2(0, height), true, ImGuiWindowFlags_HorizontalScrollbar);
    pushMono();
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    popMono();
    ImGui::EndChild();
}

} // namespace

void ResponseWindow::draw(const AppState& app, CommandSink& sink, const Rect& initial,
                          double nowSeconds, const JsonTree* tree, bool listOpen) {
    placeNextWindow(initial);
    if (!ImGui::Begin("Response", &m_state.open)) {
        ImGui::End();
        return;
    }

    drawExecution(app, nowSeconds);
    drawErrorCard(app, sink);
    drawRequest(app, sink);
    drawHeaders(app);
    drawBody(app, sink, tree, listOpen);
    ImGui::End();
}

void ResponseWindow::drawExecution(const AppState& app, double nowSeconds) {
    sectionCaption("Execution result");
    const Execution& execution = app.execution;
    const HttpResponse& response = execution.response;
    const bool finished =
        execution.phase == ExecutionPhase::Done || execution.phase == ExecutionPhase::Failed;

    // 1. What was called and how it went.
    switch (execution.phase) {
    case ExecutionPhase::NotSent:
        ImGui::TextUnformatted("Not sent");
        break;
    case ExecutionPhase::Sending:
        ImGui::TextColored(kAccent, "Sending\xE2\x80\xA6 %.1f s",
                           nowSeconds - execution.sentAtSeconds);
        break;
    case ExecutionPhase::Done:
        ImGui::TextUnformatted(execution.endpointKey.c_str());
        break;
    case ExecutionPhase::Failed:
        ImGui::TextColored(kError, "Failed: %s", toString(response.error));
        break;
    }

    // 2. Status, Duration and the token, each in its own column.
    if (ImGui::BeginTable("##execution", 3, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("status", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("duration", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn("token", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableNextColumn();
        if (finished && response.status > 0)
            ImGui::TextColored(statusColor(response.status), "Status %d %s", response.status,
                               response.reason.c_str());
        else
            ImGui::TextUnformatted("Status -");
        ImGui::TableNextColumn();
        if (finished)
            ImGui::Text("Duration %.1f ms", response.timings.durationMs);
        else
            ImGui::TextUnformatted("Duration -");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tokenChipLabel(app).c_str());
        ImGui::EndTable();
    }

    if (finished) {
        // Size and the phases of the call, wrapped: the window may be narrow.
        const Timings& t = response.timings;
        ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
        partsWrapped({formatBytes(response.body ? response.body->size() : 0),
                      milliseconds("queued", t.queuedMs),
                      t.connectMs < 0 ? "connection reused" : "new connection",
                      milliseconds("first byte", t.firstByteMs),
                      milliseconds("download", t.downloadMs), milliseconds("parse", t.parseMs)});
        ImGui::PopStyleColor();
    }
    for (const std::string& note : execution.notes)
        ImGui::TextColored(kWarn, "%s", note.c_str());
    if (app.sendHeldUntil > nowSeconds)
        ImGui::TextColored(kWarn, "Rate limited: Send again in %.0f s",
                           std::ceil(app.sendHeldUntil - nowSeconds));
}

void ResponseWindow::drawErrorCard(const AppState& app, CommandSink& sink) {
    const Execution& execution = app.execution;
    if (execution.phase == ExecutionPhase::Failed) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.22f, 0.09f, 0.09f, 1.0f));
        ImGui::BeginChild("##transport", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 3),
                          true);
        ImGui::TextColored(kError, "%s", toString(execution.response.error));
        ImGui::TextWrapped("%s", sanitizeUtf8(execution.response.errorMessage).c_str());
        ImGui::EndChild();
        ImGui::PopStyleColor();
        return;
    }
    if (!execution.problem || execution.phase != ExecutionPhase::Done)
        return;

    const Problem& problem = *execution.problem;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.22f, 0.13f, 0.07f, 1.0f));
    ImGui::BeginChild("##problem", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 7.5f), true);
    if (fonts().heading)
        ImGui::PushFont(fonts().heading);
    ImGui::TextColored(kWarn, "%s", sanitizeUtf8(problem.errorCode).c_str());
    if (fonts().heading)
        ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextUnformatted(sanitizeUtf8(problem.title).c_str());
    if (!problem.detail.empty())
        ImGui::TextWrapped("%s", sanitizeUtf8(problem.detail).c_str());

    // The resourceKey's message in the docs language, from the catalogue.
    if (!problem.resourceKey.empty()) {
        auto message = app.catalogue.errorMessages.find(problem.resourceKey);
        ImGui::TextColored(kMuted, "%s", problem.resourceKey.c_str());
        if (message != app.catalogue.errorMessages.end()) {
            ImGui::SameLine();
            ImGui::TextWrapped("%s", message->second.get(app.docsLang).c_str());
        }
    }
    if (!problem.field.empty()) {
        ImGui::TextColored(kMuted, "Field");
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, kAccent);
        const std::string link = sanitizeUtf8(problem.field) + "  \xE2\x86\x92 show in the form";
        if (ImGui::SmallButton(link.c_str()))
            sink.push(cmd::FocusField{problem.field});
        ImGui::PopStyleColor();
    }
    if (!problem.traceId.empty()) {
        ImGui::TextColored(kMuted, "traceId");
        ImGui::SameLine();
        pushMono();
        ImGui::TextUnformatted(sanitizeUtf8(problem.traceId).c_str());
        popMono();
        ImGui::SameLine();
        if (ImGui::SmallButton("Copy##trace"))
            ImGui::SetClipboardText(sanitizeUtf8(problem.traceId).c_str());
    }
    if (!app.forms.scopeWarning.empty() && execution.response.status == 403) {
        ImGui::TextColored(kWarn, "Required scope: %s", app.forms.scopeWarning.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Get a token with this scope##card"))
            sink.push(cmd::GetTokenWithScope{app.forms.scopeWarning});
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

void ResponseWindow::drawRequest(const AppState& app, CommandSink& sink) {
    ImGui::Spacing();
    sectionCaption("HTTP request");
    ImGui::SameLine(ImGui::GetWindowWidth() - 150);
    bool reveal = app.reveal;
    if (ImGui::Checkbox("Reveal secrets", &reveal))
        sink.push(cmd::SetReveal{reveal});
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Shows the token and the client secret on screen only; history, logs "
                          "and Copy as curl stay redacted.");
    const float line = ImGui::GetTextLineHeightWithSpacing();
    if (app.execution.phase == ExecutionPhase::NotSent)
        codeBlock("##request", "{\"status\": \"waiting_for_request\"}", line * 3);
    else if (!app.execution.storedRequestJson.empty())
        codeBlock("##request", sanitizeUtf8(app.execution.storedRequestJson), line * 8);
    else
        codeBlock("##request", describeRequest(app.execution.request, app.reveal), line * 8);
}

void ResponseWindow::drawHeaders(const AppState& app) {
    ImGui::Spacing();
    sectionCaption("HTTP response headers");
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const Execution& execution = app.execution;
    if (execution.phase != ExecutionPhase::Done || execution.response.headers.empty()) {
        codeBlock("##headers", "-", line * 3);
        return;
    }
    std::string text;
    for (const Header& header : execution.response.headers)
        text += header.name + ": " + header.value + "\n";
    codeBlock("##headers", sanitizeUtf8(text), line * 5);
}

void ResponseWindow::drawBody(const AppState& app, CommandSink& sink, const JsonTree* tree,
                              bool listOpen) {
    ImGui::Spacing();
    sectionCaption("HTTP response body");
    const Execution& execution = app.execution;
    if (execution.phase != ExecutionPhase::Done) {
        codeBlock("##body", "{\"status\": \"waiting_for_response\"}", 0);
        return;
    }
    const SharedBody& body = execution.response.body;
    const std::string_view bytes = body ? body->view() : std::string_view();
    if (m_state.shownBody != body.get()) {
        m_state.shownBody = body.get();
        m_state.rawText.clear();
        m_body.resetFind();
    }

    // Toolbar: pretty, raw or tree; copy; find; the list browser.
    auto modeButton = [this](const char* label, BodyMode mode) {
        ImGui::SameLine();
        const bool active = m_state.mode == mode;
        if (active)
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::SmallButton(label))
            m_state.mode = mode;
        if (active)
            ImGui::PopStyleColor();
    };
    modeButton("Pretty", BodyMode::Pretty);
    modeButton("Raw", BodyMode::Raw);
    if (tree && execution.bodyIsJson)
        modeButton("Tree", BodyMode::Tree);
    ImGui::SameLine();
    if (ImGui::SmallButton("Copy##body"))
        ImGui::SetClipboardText(sanitizeUtf8(bytes).c_str());
    ImGui::SameLine();
    if (m_state.focusFind) {
        ImGui::SetKeyboardFocusHere();
        m_state.focusFind = false;
    }
    ImGui::SetNextItemWidth(180);
    if (ImGui::InputTextWithHint("##find", "Find (Ctrl+F, Enter)", &m_state.find,
                                 ImGuiInputTextFlags_EnterReturnsTrue)) {
        m_state.mode = BodyMode::Pretty;
        m_body.findNext(execution.pretty, m_state.find);
    }
    if (m_body.state().notFound) {
        ImGui::SameLine();
        ImGui::TextColored(kWarn, "not found");
    }
    if (listOpen) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Open as table"))
            m_state.tableRequested = true;
    }

    if (m_state.mode == BodyMode::Tree && tree && execution.bodyIsJson) {
        // The tree follows the body shown; a new body is read from its root again.
        if (tree->body() != body)
            sink.push(cmd::TreeShow{});
        m_tree.draw("##tree", *tree, sink);
        return;
    }
    if (m_state.mode != BodyMode::Raw) {
        m_body.draw("##body", execution.pretty, 0, execution.bodyIsJson);
        return;
    }
    // The raw view shows the bytes as received, up to 1 MiB: one huge line is not readable.
    constexpr std::size_t kRawShown = 1u << 20;
    if (m_state.rawText.empty() && !bytes.empty())
        m_state.rawText = sanitizeUtf8(bytes.substr(0, kRawShown));
    if (bytes.size() > kRawShown)
        ImGui::TextColored(kMuted, "The first 1 MiB of %s; Copy takes the whole body.",
                           formatBytes(bytes.size()).c_str());
    ImGui::BeginChild("##raw", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
    pushMono();
    ImGui::TextUnformatted(m_state.rawText.data(), m_state.rawText.data() + m_state.rawText.size());
    popMono();
    ImGui::EndChild();
}

} // namespace lr::ui
