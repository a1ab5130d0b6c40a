#include "ui/HistoryWindow.hpp"

#include "core/Json.hpp"
#include "core/Script.hpp"
#include "ui/Theme.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace lr::ui {
namespace {

constexpr StatusFilter kStatusChoices[] = {
    StatusFilter::Any,       StatusFilter::Success2xx, StatusFilter::Redirect3xx,
    StatusFilter::Client4xx, StatusFilter::Server5xx,  StatusFilter::Failed,
    StatusFilter::Exact,
};
constexpr int kStatusChoiceCount = int(sizeof kStatusChoices / sizeof kStatusChoices[0]);

std::int64_t nowUnixMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace

std::string formatDuration(double ms) {
    char buffer[48];
    if (ms < 1000.0)
        std::snprintf(buffer, sizeof buffer, "%.0f ms", ms);
    else if (ms < 60'000.0)
        std::snprintf(buffer, sizeof buffer, "%.2f s", ms / 1000.0);
    else
        std::snprintf(buffer, sizeof buffer, "%d min %d s", int(ms / 60'000.0),
                      int(ms / 1000.0) % 60);
    return buffer;
}

std::string formatCallTime(std::int64_t unixMs, std::int64_t nowMs) {
    const std::time_t when = std::time_t(unixMs / 1000);
    const std::time_t now = std::time_t(nowMs / 1000);
    std::tm local{};
    std::tm today{};
    localtime_r(&when, &local);
    localtime_r(&now, &today);
    const bool sameDay = local.tm_year == today.tm_year && local.tm_yday == today.tm_yday;
    char buffer[32];
    std::strftime(buffer, sizeof buffer, sameDay ? "%H:%M:%S" : "%Y-%m-%d %H:%M", &local);
    return buffer;
}

HistoryFilter HistoryWindow::filter(const HistoryModel& model) const {
    HistoryFilter filter;
    filter.limit = model.filter.limit;
    filter.endpoint = m_state.endpoint;
    filter.status = kStatusChoices[m_state.status];
    filter.exactStatus = filter.status == StatusFilter::Exact ? m_state.exactStatus : 0;
    filter.text = m_state.text;
    return filter;
}

void HistoryWindow::draw(const HistoryModel& model, CommandSink& sink, const Rect& initial) {
    m_lastDrawnRows = 0;
    if (!m_state.open)
        return;
    placeNextWindow(initial);
    if (!ImGui::Begin("History", &m_state.open)) {
        ImGui::End();
        return;
    }

    // 1. Filters; a change asks the store for a new page, the table keeps the old one meanwhile.
    drawFilters(model);
    const HistoryFilter wanted = filter(model);
    if (wanted != model.filter)
        sink.push(cmd::HistoryQuery{wanted});

    // 2. The count line, then problems the store reported.
    if (!model.ready) {
        ImGui::TextColored(kMuted, "Loading history…");
    } else {
        const std::string stored = std::to_string(model.total) + " stored, " +
                                   formatBytes(std::uint64_t(model.totalBytes));
        if (model.matching > std::int64_t(model.rows.size()))
            ImGui::TextColored(kMuted,
                               "Newest %zu of %lld matching calls (%s); narrow the filter "
                               "to see older ones",
                               model.rows.size(), static_cast<long long>(model.matching),
                               stored.c_str());
        else
            ImGui::TextColored(kMuted, "%lld matching calls (%s)",
                               static_cast<long long>(model.matching), stored.c_str());
        if (model.querying) {
            ImGui::SameLine();
            ImGui::TextColored(kMuted, "· updating");
        }
    }
    if (!model.error.empty())
        ImGui::TextColored(kError, "%s", sanitizeUtf8(model.error).c_str());

    // 3. The table fills what the footer leaves.
    drawTable(model, sink);
    drawFooter(model, sink);
    ImGui::End();
}

void HistoryWindow::drawFilters(const HistoryModel& model) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
    const char* endpointLabel =
        m_state.endpoint.empty() ? "Every endpoint" : m_state.endpoint.c_str();
    if (ImGui::BeginCombo("##endpoint", endpointLabel)) {
        if (ImGui::Selectable("Every endpoint", m_state.endpoint.empty()))
            m_state.endpoint.clear();
        for (const std::string& endpoint : model.endpoints)
            if (ImGui::Selectable(endpoint.c_str(), endpoint == m_state.endpoint))
                m_state.endpoint = endpoint;
        ImGui::EndCombo();
    }

    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    if (ImGui::BeginCombo("##status", toString(kStatusChoices[m_state.status]))) {
        for (int i = 0; i < kStatusChoiceCount; ++i)
            if (ImGui::Selectable(toString(kStatusChoices[i]), i == m_state.status))
                m_state.status = i;
        ImGui::EndCombo();
    }
    if (kStatusChoices[m_state.status] == StatusFilter::Exact) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
        ImGui::InputInt("##code", &m_state.exactStatus, 0);
    }

    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##text", "Search url, request, body, error", m_state.text,
                             sizeof m_state.text);
}

void HistoryWindow::drawTable(const HistoryModel& model, CommandSink& sink) {
    const float footer = ImGui::GetFrameHeightWithSpacing();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##calls", 7, flags, ImVec2(0, -footer)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6);
    ImGui::TableSetupColumn("Env", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 5);
    ImGui::TableSetupColumn("Method", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::GetFontSize() * 3.5f);
    ImGui::TableSetupColumn("Endpoint", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4);
    ImGui::TableSetupColumn("Duration", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::GetFontSize() * 4.5f);
    ImGui::TableSetupColumn("Body", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4.5f);
    ImGui::TableHeadersRow();

    const std::int64_t now = nowUnixMs();
    ImGuiListClipper clipper;
    clipper.Begin(int(model.rows.size()));
    bool first = true;
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const HistorySummary& row = model.rows[std::size_t(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(i);

            // The whole row is one selectable; a double click reopens the call.
            const std::string time = formatCallTime(row.timeUnixMs, now);
            const bool selected = row.id == m_state.selectedId || row.id == model.openedId;
            if (ImGui::Selectable(time.c_str(), selected,
                                  ImGuiSelectableFlags_SpanAllColumns |
                                      ImGuiSelectableFlags_AllowDoubleClick)) {
                m_state.selectedId = row.id;
                if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
                    sink.push(cmd::HistoryOpen{row.id, 0});
            }
            if (first) {
                m_firstRowRect = {ImGui::GetItemRectMin(),
                                  ImVec2(ImGui::GetItemRectSize().x, ImGui::GetItemRectSize().y)};
                first = false;
            }
            ImGui::PopID();

            ImGui::TableNextColumn();
            ImGui::TextColored(kMuted, "%s", row.environment.c_str());
            ImGui::TableNextColumn();
            ImGui::TextColored(methodColor(row.method), "%s", row.method.c_str());
            ImGui::TableNextColumn();
            pushMono();
            ImGui::TextUnformatted(row.pathTemplate.c_str());
            popMono();
            ImGui::TableNextColumn();
            if (row.status == 0)
                ImGui::TextColored(kError, "failed");
            else
                ImGui::TextColored(statusColor(row.status), "%d", row.status);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(formatDuration(row.durationMs).c_str());
            ImGui::TableNextColumn();
            ImGui::TextColored(kMuted, "%s", formatBytes(row.bodySize).c_str());
            ++m_lastDrawnRows;
        }
    }
    ImGui::EndTable();
}

void HistoryWindow::drawFooter(const HistoryModel& model, CommandSink& sink) {
    // 1. Open the selected call.
    ImGui::BeginDisabled(m_state.selectedId == 0);
    if (ImGui::Button("Open"))
        sink.push(cmd::HistoryOpen{m_state.selectedId, 0});
    ImGui::EndDisabled();

    // 2. Retention, edited here and applied with one button.
    if (m_state.maxEntries == 0) {
        m_state.maxEntries = int(std::min<std::int64_t>(model.retention.maxEntries, 1 << 30));
        m_state.maxMiB = int(model.retention.maxBytes >> 20);
    }
    ImGui::SameLine(0, 24);
    ImGui::TextColored(kMuted, "Keep at most");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::InputInt("calls", &m_state.maxEntries, 0);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
    ImGui::InputInt("MiB", &m_state.maxMiB, 0);
    m_state.maxEntries = std::max(m_state.maxEntries, 1);
    m_state.maxMiB = std::max(m_state.maxMiB, 1);
    const HistoryRetention edited{m_state.maxEntries, std::int64_t(m_state.maxMiB) << 20};
    ImGui::SameLine();
    ImGui::BeginDisabled(edited.maxEntries == model.retention.maxEntries &&
                         edited.maxBytes == model.retention.maxBytes);
    if (ImGui::Button("Apply"))
        sink.push(cmd::HistorySetRetention{edited});
    ImGui::EndDisabled();

    // 3. Clear history, only after a confirmation.
    ImGui::SameLine(0, 24);
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.45f, 0.16f, 0.16f, 1.0f));
    if (ImGui::Button("Clear history"))
        m_state.confirmClear = true;
    ImGui::PopStyleColor();
    if (m_state.confirmClear) {
        ImGui::OpenPopup("Clear history?");
        m_state.confirmClear = false;
    }
    if (ImGui::BeginPopupModal("Clear history?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("Delete all %lld stored calls? This cannot be undone.",
                    static_cast<long long>(model.total));
        if (ImGui::Button("Delete all")) {
            sink.push(cmd::HistoryClear{});
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel"))
            ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

void HistoryWindow::registerScriptVerbs(ScriptRunner& runner) {
    runner.registerVerb({"history-window", 1, 1, "history-window show|hide",
                         [](const std::vector<std::string>& args) {
                             return args[0] == "show" || args[0] == "hide"
                                        ? std::string()
                                        : "'" + args[0] + "' is not show or hide";
                         },
                         [this](StepContext& step) {
                             m_state.open = step.args[0] == "show";
                             return StepResult::Done;
                         }});
}

} // namespace lr::ui
