#include "ui/ResponseWindow.hpp"

#include "ui/Theme.hpp"
#include "ui/TopBar.hpp"

namespace lr::ui {
namespace {

void codeBlock(const char* id, const char* text, float height) {
    ImGui::BeginChild(id, ImVec2(0, height), true);
    pushMono();
    ImGui::TextUnformatted(text);
    popMono();
    ImGui::EndChild();
}

} // namespace

void ResponseWindow::draw(const AppState& app, CommandSink&, const Rect& initial,
                          double nowSeconds) {
    placeNextWindow(initial);
    if (!ImGui::Begin("Response", &m_state.open)) {
        ImGui::End();
        return;
    }

    drawExecution(app, nowSeconds);
    const float line = ImGui::GetTextLineHeightWithSpacing();

    ImGui::Spacing();
    sectionCaption("HTTP request");
    codeBlock("##request", "{\"status\": \"waiting_for_request\"}", line * 3);

    ImGui::Spacing();
    sectionCaption("HTTP response headers");
    codeBlock("##headers", "-", line * 3);

    ImGui::Spacing();
    sectionCaption("HTTP response body");
    codeBlock("##body", "{\"status\": \"waiting_for_response\"}", 0);

    ImGui::End();
}

void ResponseWindow::drawExecution(const AppState& app, double nowSeconds) {
    sectionCaption("Execution result");
    const Execution& execution = app.execution;
    if (ImGui::BeginTable("##execution", 4, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
        switch (execution.phase) {
        case ExecutionPhase::NotSent:
            ImGui::TextUnformatted("Not sent");
            break;
        case ExecutionPhase::Sending:
            ImGui::Text("Sending… %.1f s", nowSeconds - execution.sentAtSeconds);
            break;
        case ExecutionPhase::Done:
        case ExecutionPhase::Failed:
            ImGui::TextUnformatted(execution.response.ok() ? "Received" : "Failed");
            break;
        }
        ImGui::TableNextColumn();
        if (execution.phase == ExecutionPhase::Done && execution.response.status > 0)
            ImGui::TextColored(statusColor(execution.response.status), "Status %d",
                               execution.response.status);
        else
            ImGui::TextUnformatted("Status -");
        ImGui::TableNextColumn();
        if (execution.phase == ExecutionPhase::Done)
            ImGui::Text("Duration %.0f ms", execution.response.timings.durationMs);
        else
            ImGui::TextUnformatted("Duration -");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tokenChipLabel(app));
        ImGui::EndTable();
    }
}

} // namespace lr::ui
