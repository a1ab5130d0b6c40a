#include "ui/StatsWindow.hpp"

#include "ui/Theme.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lr::ui {
namespace {

using stats::EndpointKey;
using stats::EndpointStats;
using stats::LatencyHistogram;
using stats::StatusClass;

constexpr int kHistogramBins = 48;

ImU32 markColor(StatusClass cls) {
    switch (cls) {
    case StatusClass::Success:
        return ImGui::GetColorU32(kOk);
    case StatusClass::Redirect:
        return ImGui::GetColorU32(kAccent);
    case StatusClass::ClientError:
        return ImGui::GetColorU32(kWarn);
    case StatusClass::ServerError:
        return ImGui::GetColorU32(kError);
    case StatusClass::Transport:
        return IM_COL32(190, 110, 240, 255);
    }
    return IM_COL32_WHITE;
}

/// 1 234 567 with thin groups, so counts read at a glance.
std::string grouped(std::uint64_t value) {
    std::string digits = std::to_string(value);
    for (int i = int(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(std::size_t(i), ",");
    return digits;
}

void cellMs(double ms) {
    ImGui::TableNextColumn();
    if (ms < 10)
        ImGui::Text("%.2f", ms);
    else if (ms < 1000)
        ImGui::Text("%.1f", ms);
    else
        ImGui::Text("%.0f", ms);
}

std::string errorSummary(const EndpointStats& endpoint) {
    std::string text;
    for (const auto& [status, n] : endpoint.errorsByStatus()) {
        if (!text.empty())
            text += "  ";
        text +=
            (status == 0 ? std::string("transport") : std::to_string(status)) + " ×" + grouped(n);
    }
    return text.empty() ? "no errors" : text;
}

/// The upper end of the duration axes: the slow tail beyond p99 would squash everything else.
double axisTop(const LatencyHistogram& histogram) {
    const double top = std::min(histogram.maxMs(), histogram.percentile(0.99) * 1.5);
    return std::max(top, histogram.minMs() + 1e-3);
}

} // namespace

void StatsWindow::draw(const stats::StatsController& stats, CommandSink& sink,
                       const Rect& initial) {
    m_drawn = Drawn{};
    // A run started elsewhere (a script's repeat) brings the window up to show its progress.
    // Opening it, or a run starting, puts it in front: the List browser that a list answer opens
    // shares its place, and a run one cannot watch is no use.
    const bool busy = stats.runner().busy();
    const bool runStarted = busy && !m_wasBusy;
    m_wasBusy = busy;
    if (runStarted)
        m_state.open = true;
    const bool justOpened = m_state.open && !m_wasOpen;
    m_wasOpen = m_state.open;
    if (!m_state.open)
        return;
    placeNextWindow(initial);
    if (justOpened || runStarted)
        ImGui::SetNextWindowFocus();
    if (!ImGui::Begin("Stats", &m_state.open)) {
        ImGui::End();
        return;
    }

    drawRunner(stats, sink);
    drawConfirmation(stats, sink);
    ImGui::Separator();

    // The row shown in detail: the user's pick, else the current endpoint, else the first row.
    const stats::StatsBook& book = stats.book();
    const EndpointKey* shown = nullptr;
    if (m_state.selected && book.find(*m_state.selected))
        shown = &book.endpoints().find(*m_state.selected)->first;
    const std::optional<EndpointKey> current = stats.currentKey();
    if (!shown && current && book.find(*current))
        shown = &book.endpoints().find(*current)->first;
    if (!shown && !book.endpoints().empty())
        shown = &book.endpoints().begin()->first;

    drawTable(book, shown);
    if (shown) {
        m_drawn.shownKey = *shown;
        drawSelected(*shown, *book.find(*shown), sink);
    } else {
        ImGui::TextColored(kMuted, "No calls yet. Send a request or start a run.");
    }
    ImGui::End();
}

void StatsWindow::drawRunner(const stats::StatsController& stats, CommandSink& sink) {
    const stats::RepeatRunner& runner = stats.runner();
    const bool busy = runner.busy();
    const std::optional<EndpointKey> current = stats.currentKey();

    sectionCaption("Repeat runner");
    ImGui::SameLine();
    if (current)
        ImGui::Text("%s · %s", current->label().c_str(), current->environment.c_str());
    else
        ImGui::TextColored(kMuted, "select an endpoint");

    // 1. N, C and the rate cap, in the runner's own limits; a running plan (perhaps started by a
    // script) shows its own values.
    if (busy) {
        const stats::RunPlan& plan = runner.plan();
        m_state.total = plan.total;
        m_state.concurrency = plan.concurrency;
        m_state.rateCapOn = plan.rateCap > 0;
        if (plan.rateCap > 0)
            m_state.rateCap = int(plan.rateCap);
    }
    ImGui::BeginDisabled(busy);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::InputInt("N", &m_state.total, 100, 1000);
    m_state.total =
        std::clamp(m_state.total, stats::RepeatRunner::kMinTotal, stats::RepeatRunner::kMaxTotal);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::SliderInt("C", &m_state.concurrency, stats::RepeatRunner::kMinConcurrency,
                     stats::RepeatRunner::kMaxConcurrency);
    ImGui::SameLine();
    ImGui::Checkbox("Rate cap", &m_state.rateCapOn);
    ImGui::SameLine();
    ImGui::BeginDisabled(!m_state.rateCapOn);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::InputInt("req/s", &m_state.rateCap, 50, 500);
    m_state.rateCap = std::clamp(m_state.rateCap, 1, int(stats::RepeatRunner::kMaxRateCap));
    ImGui::EndDisabled();
    ImGui::EndDisabled();

    // 2. Start / Cancel.
    ImGui::BeginDisabled(busy || !current);
    if (ImGui::Button("Start"))
        sink.push(cmd::StartRepeat{m_state.total, m_state.concurrency,
                                   m_state.rateCapOn ? double(m_state.rateCap) : 0.0, false});
    m_drawn.startButton = {ImGui::GetItemRectMin(),
                           ImVec2(ImGui::GetItemRectSize().x, ImGui::GetItemRectSize().y)};
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!busy);
    if (ImGui::Button("Cancel"))
        sink.push(cmd::CancelRepeat{});
    ImGui::EndDisabled();

    // 3. Progress, throughput and the live histogram of this run.
    const stats::RunProgress progress = runner.progress();
    if (progress.state != stats::RunState::Idle) {
        ImGui::SameLine();
        const std::string overlay =
            grouped(progress.completed) + " / " + grouped(std::uint64_t(progress.total));
        ImGui::ProgressBar(progress.total ? float(progress.completed) / float(progress.total) : 0,
                           ImVec2(-1, 0), overlay.c_str());
        ImGui::Text(
            "%s · %.0f req/s · %.1f s · C %d · %s · %s errors", stats::toString(progress.state),
            progress.throughput, progress.elapsedSeconds, progress.concurrency,
            progress.rateCap > 0 ? (std::to_string(int(progress.rateCap)) + " req/s cap").c_str()
                                 : "no rate cap",
            grouped(progress.failed).c_str());
        const LatencyHistogram& live = runner.liveHistogram();
        if (!live.empty()) {
            ImGui::SameLine();
            ImGui::TextColored(kMuted, "  p50 %.2f  p99 %.2f ms", live.percentile(0.5),
                               live.percentile(0.99));
            drawHistogram(live, "##live", ImGui::GetFontSize() * 3);
        }
    }
    if (!stats.message().empty())
        ImGui::TextColored(kMuted, "%s", stats.message().c_str());
}

void StatsWindow::drawConfirmation(const stats::StatsController& stats, CommandSink& sink) {
    const auto& pending = stats.pendingConfirmation();
    constexpr const char* kPopup = "Confirm run against a remote host";
    if (pending && !ImGui::IsPopupOpen(kPopup))
        ImGui::OpenPopup(kPopup);
    if (!ImGui::BeginPopupModal(kPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize))
        return;
    if (!pending) { // cancelled elsewhere (a script, a reset)
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }

    m_drawn.confirmationShown = true;
    char text[512];
    std::snprintf(
        text, sizeof text,
        "%s\nsends real traffic to %s:\n\n  N = %d calls\n  C = %d connections\n  rate: %s",
        pending->label.c_str(), pending->host.c_str(), pending->total, pending->concurrency,
        pending->rateCap > 0 ? (std::to_string(int(pending->rateCap)) + " req/s").c_str()
                             : "no cap, as fast as the host answers");
    m_drawn.confirmationText = text;
    ImGui::TextUnformatted(text);
    ImGui::Spacing();
    const std::string run = "Run against " + pending->host;
    if (ImGui::Button(run.c_str())) {
        sink.push(cmd::StartRepeat{pending->total, pending->concurrency, pending->rateCap, true});
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Don't run") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        sink.push(cmd::DismissRepeatConfirmation{});
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void StatsWindow::drawTable(const stats::StatsBook& book, const EndpointKey* shown) {
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
    const float height = ImGui::GetTextLineHeightWithSpacing() *
                         float(std::clamp<std::size_t>(book.endpoints().size() + 1, 3, 8));
    if (!ImGui::BeginTable("##endpoints", 12, flags, ImVec2(0, height)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Endpoint", ImGuiTableColumnFlags_WidthStretch);
    for (const char* name :
         {"Env", "Count", "OK", "Errors", "Min", "Mean", "p50", "p90", "p99", "Max", "Std dev"})
        ImGui::TableSetupColumn(name);
    ImGui::TableHeadersRow();

    for (const auto& [key, endpoint] : book.endpoints()) {
        ++m_drawn.rows;
        const LatencyHistogram& d = endpoint.durations();
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(&key);
        const bool selected = shown && *shown == key;
        if (ImGui::Selectable(key.label().c_str(), selected, ImGuiSelectableFlags_SpanAllColumns))
            m_state.selected = key;
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(key.environment.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(grouped(endpoint.count()).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(grouped(endpoint.successes()).c_str());
        ImGui::TableNextColumn();
        if (endpoint.errors() > 0)
            ImGui::TextColored(kWarn, "%s", grouped(endpoint.errors()).c_str());
        else
            ImGui::TextColored(kMuted, "0");
        cellMs(d.minMs());
        cellMs(d.meanMs());
        cellMs(d.percentile(0.50));
        cellMs(d.percentile(0.90));
        cellMs(d.percentile(0.99));
        cellMs(d.maxMs());
        cellMs(d.stddevMs());
    }
    ImGui::EndTable();
}

void StatsWindow::drawSelected(const EndpointKey& key, const EndpointStats& endpoint,
                               CommandSink& sink) {
    const LatencyHistogram& d = endpoint.durations();
    ImGui::Spacing();
    ImGui::Text("%s · %s", key.label().c_str(), key.environment.c_str());
    ImGui::SameLine();
    ImGui::TextColored(endpoint.errors() ? kWarn : kMuted, "  %s", errorSummary(endpoint).c_str());

    sectionCaption("Durations (ms)");
    m_drawn.histogramTotal = drawHistogram(d, "##durations", ImGui::GetFontSize() * 5);

    sectionCaption("Timeline: one mark per call, height = duration; click to open");
    drawTimeline(endpoint, sink, ImGui::GetFontSize() * 6);

    sectionCaption("Average phases");
    drawPhases(endpoint.phaseAverages());

    ImGui::Spacing();
    if (ImGui::Button("Reset endpoint"))
        sink.push(cmd::ResetStats{false, key.environment, key.method, key.path});
    ImGui::SameLine();
    if (ImGui::Button("Reset all"))
        sink.push(cmd::ResetStats{});
    ImGui::SameLine();
    if (ImGui::Button("Export CSV"))
        sink.push(cmd::ExportStatsCsv{});
}

float StatsWindow::drawHistogram(const LatencyHistogram& histogram, const char* id, float height) {
    if (histogram.empty())
        return 0;
    const double from = histogram.minMs();
    const double to = axisTop(histogram);
    m_bins.assign(kHistogramBins, 0.0f);
    histogram.fillBins(from, to, m_bins);
    float peak = 0;
    float total = 0;
    for (float n : m_bins) {
        peak = std::max(peak, n);
        total += n;
    }

    char overlay[160];
    std::snprintf(overlay, sizeof overlay, "%.2f … %.2f ms   p50 %.2f  p90 %.2f  p99 %.2f", from,
                  to, histogram.percentile(0.5), histogram.percentile(0.9),
                  histogram.percentile(0.99));
    // ImGui 1.86 plots take no negative width, so the available width is passed explicitly.
    const float width = std::max(ImGui::GetContentRegionAvail().x, 50.0f);
    ImGui::PlotHistogram(id, m_bins.data(), int(m_bins.size()), 0, overlay, 0.0f, peak * 1.15f,
                         ImVec2(width, height));
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%d bins from min to %s; slower calls are counted in the last bin",
                          kHistogramBins, to < histogram.maxMs() ? "1.5 × p99" : "max");
    return total;
}

void StatsWindow::drawTimeline(const EndpointStats& endpoint, CommandSink& sink, float height) {
    const std::size_t n = endpoint.recentSize();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size(std::max(ImGui::GetContentRegionAvail().x, 50.0f), height);
    ImGui::InvisibleButton("##timeline", size);
    const bool hovered = ImGui::IsItemHovered();
    const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);

    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 end(origin.x + size.x, origin.y + size.y);
    draw->AddRectFilled(origin, end, ImGui::GetColorU32(ImGuiCol_FrameBg));
    if (n == 0)
        return;

    // Time runs left to right over the marks kept; duration bottom to top up to 1.5 × p99.
    const double t0 = endpoint.recentAt(0).sentAtSeconds;
    const double span = std::max(endpoint.recentAt(n - 1).sentAtSeconds - t0, 1e-3);
    const double top = std::max(axisTop(endpoint.durations()), 1e-3);
    const float pad = 4.0f;
    const float width = size.x - 2 * pad;
    const float tall = size.y - 2 * pad;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    float nearest = 36.0f; // squared pixels: within 6 px counts as on the mark
    std::size_t nearestIndex = n;

    for (std::size_t i = 0; i < n; ++i) {
        const stats::CallMark& mark = endpoint.recentAt(i);
        const float x = origin.x + pad + float((mark.sentAtSeconds - t0) / span) * width;
        const float y =
            origin.y + pad + tall * (1.0f - float(std::min(1.0, double(mark.durationMs) / top)));
        draw->AddRectFilled(ImVec2(x - 1.5f, y - 1.5f), ImVec2(x + 1.5f, y + 1.5f),
                            markColor(stats::classify(mark.status, mark.error)));
        if (hovered) {
            const float dx = x - mouse.x;
            const float dy = y - mouse.y;
            if (dx * dx + dy * dy <= nearest) {
                nearest = dx * dx + dy * dy;
                nearestIndex = i;
            }
        }
        if (i + 1 == n) {
            m_drawn.lastMarkId = mark.callId;
            m_drawn.lastMarkPos = ImVec2(x, y);
        }
    }
    m_drawn.timelineMarks = n;
    draw->AddText(ImVec2(origin.x + pad, origin.y + pad), ImGui::GetColorU32(kMuted),
                  (std::to_string(int(top + 0.5)) + " ms").c_str());
    char spanText[32];
    std::snprintf(spanText, sizeof spanText, "%.1f s", span);
    draw->AddText(
        ImVec2(end.x - ImGui::CalcTextSize(spanText).x - pad, end.y - ImGui::GetFontSize() - pad),
        ImGui::GetColorU32(kMuted), spanText);

    // Hover shows the call; a click opens it in the Response window.
    if (nearestIndex == n)
        return;
    const stats::CallMark& mark = endpoint.recentAt(nearestIndex);
    m_drawn.hoveredCall = mark.callId;
    ImGui::BeginTooltip();
    if (mark.status > 0)
        ImGui::TextColored(statusColor(mark.status), "Status %d", mark.status);
    else
        ImGui::TextColored(kError, "%s", toString(mark.error));
    ImGui::Text("Duration %.2f ms", double(mark.durationMs));
    ImGui::Text("Sent at +%.3f s", mark.sentAtSeconds - t0);
    ImGui::TextColored(kMuted, "Call %llu · click to open", (unsigned long long)mark.callId);
    ImGui::EndTooltip();
    if (clicked)
        sink.push(cmd::OpenCall{mark.callId});
}

void StatsWindow::drawPhases(const stats::PhaseAverages& phases) {
    struct Part {
        const char* name;
        double ms;
        ImU32 color;
    };
    const Part parts[] = {
        {"queued", phases.queuedMs, IM_COL32(120, 128, 140, 255)},
        {"connect", phases.connectMs, IM_COL32(190, 110, 240, 255)},
        {"first byte", phases.firstByteMs, ImGui::GetColorU32(kAccent)},
        {"download", phases.downloadMs, ImGui::GetColorU32(kOk)},
        {"parse", phases.parseMs, ImGui::GetColorU32(kWarn)},
    };
    double total = 0;
    for (const Part& part : parts)
        total += std::max(0.0, part.ms);

    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size(std::max(ImGui::GetContentRegionAvail().x, 50.0f), ImGui::GetFontSize());
    ImGui::Dummy(size);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y),
                        ImGui::GetColorU32(ImGuiCol_FrameBg));
    float x = origin.x;
    for (const Part& part : parts) {
        if (total <= 0 || part.ms <= 0)
            continue;
        const float w = float(part.ms / total) * size.x;
        draw->AddRectFilled(ImVec2(x, origin.y), ImVec2(x + w, origin.y + size.y), part.color);
        x += w;
    }

    // The legend doubles as the numbers.
    for (const Part& part : parts) {
        ImGui::ColorButton(part.name, ImGui::ColorConvertU32ToFloat4(part.color),
                           ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoPicker,
                           ImVec2(ImGui::GetFontSize() * 0.7f, ImGui::GetFontSize() * 0.7f));
        ImGui::SameLine(0, 4);
        ImGui::Text("%s %.3f ms", part.name, part.ms);
        ImGui::SameLine(0, 14);
    }
    ImGui::NewLine();
}

} // namespace lr::ui
