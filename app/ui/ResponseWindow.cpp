#include "ui/ResponseWindow.hpp"

#include "core/Json.hpp"
#include "core/RequestView.hpp"
#include "ui/Theme.hpp"
#include "ui/TopBar.hpp"

#include <imgui_stdlib.h>

#include <cstdio>

namespace lr::ui {
namespace {

void codeBlock(const char* id, const std::string& text, float height) {
    ImGui::BeginChild(id, ImVec2(0, height), true, ImGuiWindowFlags_HorizontalScrollbar);
    pushMono();
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    popMono();
    ImGui::EndChild();
}

/// Draws one line of pretty JSON with keys, strings, numbers and literals in their colours.
void drawJsonLine(std::string_view line) {
    static const ImVec4 kKey(0.55f, 0.75f, 1.00f, 1.0f);
    static const ImVec4 kString(0.60f, 0.85f, 0.55f, 1.0f);
    static const ImVec4 kNumber(0.95f, 0.70f, 0.45f, 1.0f);
    static const ImVec4 kLiteral(0.85f, 0.55f, 0.90f, 1.0f);
    static const ImVec4 kPunct(0.70f, 0.72f, 0.76f, 1.0f);

    std::size_t i = 0;
    bool first = true;
    auto emit = [&](std::string_view part, const ImVec4& colour) {
        if (part.empty())
            return;
        if (!first)
            ImGui::SameLine(0, 0);
        first = false;
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        ImGui::TextUnformatted(part.data(), part.data() + part.size());
        ImGui::PopStyleColor();
    };
    while (i < line.size()) {
        const char c = line[i];
        if (c == '"') {
            std::size_t end = i + 1;
            while (end < line.size() && line[end] != '"')
                end += line[end] == '\\' ? 2 : 1;
            end = std::min(end + 1, line.size());
            std::size_t after = end;
            while (after < line.size() && line[after] == ' ')
                ++after;
            const bool isKey = after < line.size() && line[after] == ':';
            emit(line.substr(i, end - i), isKey ? kKey : kString);
            i = end;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            std::size_t end = i;
            while (end < line.size() &&
                   std::string_view("+-.eE0123456789").find(line[end]) != std::string_view::npos)
                ++end;
            emit(line.substr(i, end - i), kNumber);
            i = end;
        } else if (c == 't' || c == 'f' || c == 'n') {
            std::size_t end = i;
            while (end < line.size() && std::isalpha(static_cast<unsigned char>(line[end])))
                ++end;
            emit(line.substr(i, end - i), kLiteral);
            i = end;
        } else {
            std::size_t end = i;
            while (end < line.size() && line[end] != '"' && line[end] != '-' &&
                   !(line[end] >= '0' && line[end] <= '9') && line[end] != 't' &&
                   line[end] != 'f' && line[end] != 'n')
                ++end;
            if (end == i)
                ++end;
            emit(line.substr(i, end - i), kPunct);
            i = end;
        }
    }
    if (first)
        ImGui::TextUnformatted("");
}

} // namespace

void ResponseWindow::draw(const AppState& app, CommandSink& sink, const Rect& initial,
                          double nowSeconds) {
    placeNextWindow(initial);
    if (!ImGui::Begin("Response", &m_state.open)) {
        ImGui::End();
        return;
    }

    drawExecution(app, nowSeconds);
    drawErrorCard(app, sink);
    drawRequest(app, sink);
    drawHeaders(app);
    drawBody(app);
    ImGui::End();
}

void ResponseWindow::drawExecution(const AppState& app, double nowSeconds) {
    sectionCaption("Execution result");
    const Execution& execution = app.execution;
    const HttpResponse& response = execution.response;
    const bool finished =
        execution.phase == ExecutionPhase::Done || execution.phase == ExecutionPhase::Failed;

    if (ImGui::BeginTable("##execution", 4, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
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
        const Timings& t = response.timings;
        ImGui::TextColored(kMuted, "%s",
                           formatBytes(response.body ? response.body->size() : 0).c_str());
        ImGui::SameLine();
        ImGui::TextColored(kMuted,
                           "\xC2\xB7 queued %.1f ms \xC2\xB7 %s \xC2\xB7 first byte %.1f ms "
                           "\xC2\xB7 download %.1f ms \xC2\xB7 parse %.1f ms",
                           t.queuedMs, t.connectMs < 0 ? "connection reused" : "new connection",
                           t.firstByteMs, t.downloadMs, t.parseMs);
    }
    for (const std::string& note : execution.notes)
        ImGui::TextColored(kWarn, "%s", note.c_str());
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

void ResponseWindow::indexBody(const AppState& app) {
    const Execution& execution = app.execution;
    if (m_state.indexedJob == execution.jobId && m_state.indexedRaw == m_state.raw &&
        !m_state.lines.empty())
        return;
    m_state.indexedJob = execution.jobId;
    m_state.indexedRaw = m_state.raw;
    m_state.lines.clear();
    m_state.findMatch = -1;

    std::string_view text = execution.bodyText;
    if (m_state.raw) {
        const SharedBody& body = execution.response.body;
        m_state.rawText = sanitizeUtf8(body ? body->view() : std::string_view());
        text = m_state.rawText;
    }
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            m_state.lines.push_back(text.substr(start));
            break;
        }
        m_state.lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
}

void ResponseWindow::drawBody(const AppState& app) {
    ImGui::Spacing();
    sectionCaption("HTTP response body");
    const Execution& execution = app.execution;
    if (execution.phase != ExecutionPhase::Done) {
        codeBlock("##body", "{\"status\": \"waiting_for_response\"}", 0);
        return;
    }

    // Toolbar: pretty or raw, find, copy.
    ImGui::SameLine();
    if (ImGui::SmallButton(m_state.raw ? "Pretty" : "Raw"))
        m_state.raw = !m_state.raw;
    ImGui::SameLine();
    if (ImGui::SmallButton("Copy##body"))
        ImGui::SetClipboardText(m_state.raw || !execution.bodyIsJson
                                    ? sanitizeUtf8(execution.response.body
                                                       ? execution.response.body->view()
                                                       : std::string_view())
                                          .c_str()
                                    : execution.bodyText.c_str());
    ImGui::SameLine();
    if (m_state.focusFind) {
        ImGui::SetKeyboardFocusHere();
        m_state.focusFind = false;
    }
    ImGui::SetNextItemWidth(160);
    bool findNext = ImGui::InputTextWithHint("##find", "Find (Ctrl+F)", &m_state.find,
                                             ImGuiInputTextFlags_EnterReturnsTrue);
    indexBody(app);

    if (findNext && !m_state.find.empty()) {
        const int count = int(m_state.lines.size());
        for (int step = 1; step <= count; ++step) {
            const int line = (m_state.findMatch + step) % count;
            if (m_state.lines[std::size_t(line)].find(m_state.find) != std::string_view::npos) {
                m_state.findMatch = line;
                break;
            }
        }
    }

    ImGui::BeginChild("##body", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
    pushMono();
    const float lineHeight = ImGui::GetTextLineHeightWithSpacing();
    if (findNext && m_state.findMatch >= 0)
        ImGui::SetScrollY(
            std::max(0.0f, m_state.findMatch * lineHeight - ImGui::GetWindowHeight() * 0.3f));
    ImGuiListClipper clipper;
    clipper.Begin(int(m_state.lines.size()), lineHeight);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const std::string_view line = m_state.lines[std::size_t(i)];
            if (i == m_state.findMatch) {
                const ImVec2 pos = ImGui::GetCursorScreenPos();
                ImGui::GetWindowDrawList()->AddRectFilled(
                    pos, ImVec2(pos.x + ImGui::GetWindowWidth(), pos.y + lineHeight),
                    ImGui::GetColorU32(ImVec4(0.45f, 0.38f, 0.10f, 0.6f)));
            }
            if (execution.bodyIsJson && !m_state.raw)
                drawJsonLine(line);
            else
                ImGui::TextUnformatted(line.data(), line.data() + line.size());
        }
    }
    popMono();
    ImGui::EndChild();
}

} // namespace lr::ui
