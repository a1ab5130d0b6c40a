#include "ui/ListBrowser.hpp"

#include "core/Json.hpp"
#include "ui/Theme.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <cstdio>
#include <cstring>

namespace lr::ui {
namespace {

std::string withThousands(std::size_t value) {
    std::string digits = std::to_string(value);
    for (int i = int(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(std::size_t(i), ",");
    return digits;
}

// ImGui 1.86 tables hold at most 64 columns.
constexpr std::size_t kMaxColumns = 64;

} // namespace

std::string ListBrowser::rowCountText(std::size_t shown, std::size_t total) {
    return withThousands(shown) + " of " + withThousands(total) + " rows";
}

void ListBrowser::draw(const ListSession& session, CommandSink& sink, ImVec2 pos, ImVec2 size) {
    if (!m_state.open)
        return;
    ImGui::SetNextWindowPos(pos, ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(size, ImGuiCond_FirstUseEver);
    // The title names the list; the ### part keeps one window (and its place) for all lists.
    const std::string title = session.source().empty()
                                  ? std::string("List browser###List browser")
                                  : "List browser \xC2\xB7 " + session.source() + "###List browser";
    if (!ImGui::Begin(title.c_str(), &m_state.open)) {
        ImGui::End();
        return;
    }
    drawContents(session, sink);
    ImGui::End();
}

void ListBrowser::drawContents(const ListSession& session, CommandSink& sink) {
    m_state.rowsSubmitted = 0;
    switch (session.phase()) {
    case ListPhase::Empty:
        ImGui::TextColored(kMuted, "No list open. Send a list call, then open its items here.");
        return;
    case ListPhase::Ingesting:
        ImGui::TextUnformatted("Reading the list…");
        ImGui::ProgressBar(float(session.ingestProgress()), ImVec2(-1, 0));
        return;
    case ListPhase::Failed:
        ImGui::TextColored(kError, "%s (byte %zu)", session.error().message.c_str(),
                           session.error().byteOffset);
        return;
    case ListPhase::Ready:
        break;
    }

    drawToolbar(session, sink);
    const float detailsWidth =
        session.selectedRow() >= 0 ? ImGui::GetContentRegionAvail().x * 0.35f : 0.0f;
    ImGui::BeginChild("##rows", ImVec2(detailsWidth > 0 ? -detailsWidth : 0, 0));
    drawTable(session, sink);
    ImGui::EndChild();
    if (detailsWidth > 0) {
        ImGui::SameLine();
        ImGui::BeginChild("##details", ImVec2(0, 0), true);
        drawDetails(session);
        ImGui::EndChild();
    }
}

void ListBrowser::drawToolbar(const ListSession& session, CommandSink& sink) {
    const ColumnarTable& table = *session.table();
    // A filter set elsewhere (a script, a new list) shows in the box unless one is typing.
    const std::string& wanted = session.wantedQuery().filter;
    if (!m_state.filterActive && wanted != m_state.filter)
        std::snprintf(m_state.filter, sizeof m_state.filter, "%s", wanted.c_str());
    ImGui::SetNextItemWidth(260);
    if (ImGui::InputTextWithHint("##filter", "filter: text or column:text", m_state.filter,
                                 sizeof m_state.filter))
        sink.push(cmd::ListFilter{m_state.filter});
    m_state.filterActive = ImGui::IsItemActive();
    ImGui::SameLine();
    ImGui::TextUnformatted(rowCountText(session.view().rows.size(), table.rowCount()).c_str());
    if (session.queryRunning()) {
        ImGui::SameLine();
        ImGui::ProgressBar(float(session.queryProgress()), ImVec2(120, 0));
        ImGui::SameLine();
        if (ImGui::SmallButton("Cancel"))
            sink.push(cmd::ListCancelQuery{});
    }

    ImGui::SameLine();
    ImGui::SetNextItemWidth(200);
    ImGui::InputText("##exportPath", m_state.exportPath, sizeof m_state.exportPath);
    ImGui::SameLine();
    ImGui::Checkbox("NDJSON", &m_state.exportNdjson);
    ImGui::SameLine();
    if (session.exporting()) {
        ImGui::ProgressBar(float(session.exportProgress()), ImVec2(120, 0));
        ImGui::SameLine();
        if (ImGui::SmallButton("Stop export"))
            sink.push(cmd::ListCancelExport{});
    } else if (ImGui::SmallButton("Export")) {
        sink.push(cmd::ListExport{m_state.exportPath, m_state.exportNdjson});
    }
    if (!session.exportStatus().empty()) {
        ImGui::SameLine();
        ImGui::TextColored(kMuted, "%s", session.exportStatus().c_str());
    }
    drawPages(session, sink);
}

void ListBrowser::drawPages(const ListSession& session, CommandSink& sink) {
    // Every page of a cursor-paged list: pages, rows and megabytes while it runs.
    if (session.followingPages()) {
        char mb[32];
        std::snprintf(mb, sizeof mb, "%.1f MB", double(session.pageBytesFetched()) / 1e6);
        const std::string overlay = "Loading page " + std::to_string(session.pagesFetched() + 1) +
                                    " \xC2\xB7 " + withThousands(session.pageRowsFetched()) +
                                    " rows \xC2\xB7 " + mb;
        // The number of pages is unknown until the last one: the bar pulses over the rows.
        const float phase = float(ImGui::GetTime() * 0.5 - double(long(ImGui::GetTime() * 0.5)));
        ImGui::ProgressBar(phase, ImVec2(360, 0), overlay.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Cancel##pages"))
            sink.push(cmd::ListCancelPages{});
    } else if (session.canLoadAllPages()) {
        if (ImGui::SmallButton("Load all pages"))
            sink.push(cmd::ListLoadAllPages{});
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Follows nextCursor to the last page, appending every page here.");
    }
    if (!session.pagesStatus().empty()) {
        if (session.followingPages() || session.canLoadAllPages())
            ImGui::SameLine();
        ImGui::TextColored(session.pagesFailed() ? kWarn : kMuted, "%s",
                           session.pagesStatus().c_str());
    }
}

void ListBrowser::drawTable(const ListSession& session, CommandSink& sink) {
    const TableView& view = session.view();
    if (!view.table)
        return;
    const ColumnarTable& table = *view.table;
    const int columns = int(std::min(table.columnCount(), kMaxColumns));
    if (columns == 0)
        return;

    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable |
                                  ImGuiTableFlags_Hideable | ImGuiTableFlags_Sortable |
                                  ImGuiTableFlags_SortMulti | ImGuiTableFlags_SortTristate |
                                  ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersV;
    if (!ImGui::BeginTable("##list", columns, flags))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (int c = 0; c < columns; ++c) {
        const ColumnKind kind = table.columnKind(std::size_t(c));
        ImGui::TableSetupColumn(table.columnName(std::size_t(c)).c_str(),
                                ImGuiTableColumnFlags_WidthFixed,
                                kind == ColumnKind::Number ? 90.f : 160.f);
    }
    ImGui::TableHeadersRow();
    if (m_state.scrollToY >= 0.0f) {
        ImGui::SetScrollY(m_state.scrollToY);
        m_state.scrollToY = -1.0f;
    }

    // Header clicks become one sort command; the session sorts on its worker.
    const std::vector<SortKey>& wanted = session.wantedQuery().sort;
    auto sameAsWanted = [&wanted](const cmd::ListSort& sort) {
        if (sort.keys.size() != wanted.size())
            return false;
        for (std::size_t i = 0; i < wanted.size(); ++i)
            if (sort.keys[i].first != wanted[i].column ||
                sort.keys[i].second != wanted[i].ascending)
                return false;
        return true;
    };
    const bool firstFrame = !m_tableSeen;
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
        cmd::ListSort sort;
        for (int i = 0; i < specs->SpecsCount; ++i) {
            const ImGuiTableColumnSortSpecs& spec = specs->Specs[i];
            sort.keys.push_back({std::size_t(spec.ColumnIndex),
                                 spec.SortDirection != ImGuiSortDirection_Descending});
        }
        if (specs->SpecsDirty) {
            // The table's first frame reports its default (no sort), which is no click: a
            // scripted sort may already be wanted. Afterwards only real changes are pushed.
            if (m_tableSeen && !sameAsWanted(sort))
                sink.push(std::move(sort));
            specs->SpecsDirty = false;
        } else if (!firstFrame && !sameAsWanted(sort)) {
            // A sort from elsewhere (a script): the header arrows follow it. ImGui 1.86 has
            // no public call for this; TableSetColumnSortDirection is its internal one.
            for (const auto& [column, ascending] : sort.keys)
                if (int(column) < columns)
                    ImGui::TableSetColumnSortDirection(int(column), ImGuiSortDirection_None, false);
            for (std::size_t i = 0; i < wanted.size(); ++i)
                if (int(wanted[i].column) < columns)
                    ImGui::TableSetColumnSortDirection(int(wanted[i].column),
                                                       wanted[i].ascending
                                                           ? ImGuiSortDirection_Ascending
                                                           : ImGuiSortDirection_Descending,
                                                       i > 0);
        }
    }
    m_tableSeen = true;

    ImGuiListClipper clipper;
    clipper.Begin(int(view.rows.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const std::uint32_t row = view.rows[std::size_t(i)];
            ImGui::TableNextRow();
            ++m_state.rowsSubmitted;
            for (int c = 0; c < columns; ++c) {
                if (!ImGui::TableSetColumnIndex(c))
                    continue;
                const std::string text = table.displayText(row, std::size_t(c));
                if (c == 0) {
                    ImGui::PushID(int(row));
                    const bool selected = session.selectedRow() == (long long)row;
                    if (ImGui::Selectable(text.empty() ? " " : text.c_str(), selected,
                                          ImGuiSelectableFlags_SpanAllColumns))
                        sink.push(cmd::ListSelectRow{selected ? -1 : (long long)row});
                    ImGui::PopID();
                } else if (table.columnKind(std::size_t(c)) == ColumnKind::Number) {
                    // Numbers align right, as in a spreadsheet.
                    const float width = ImGui::CalcTextSize(text.c_str()).x;
                    ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                                         std::max(0.0f, ImGui::GetContentRegionAvail().x - width));
                    ImGui::TextUnformatted(text.c_str());
                } else {
                    ImGui::TextUnformatted(text.c_str());
                }
            }
        }
    }
    ImGui::EndTable();
}

void ListBrowser::drawDetails(const ListSession& session) {
    const long long row = session.selectedRow();
    const ColumnarTable& table = *session.table();
    if (row < 0 || std::size_t(row) >= table.rowCount())
        return;
    if (m_state.detailsRow != row || !m_details) {
        // One row is small: indexing it here costs microseconds.
        m_details =
            PrettyIndex::build(std::make_shared<const Body>(table.rowJson(std::size_t(row))));
        m_state.detailsRow = row;
    }
    if (ImGui::SmallButton("Copy row"))
        ImGui::SetClipboardText(lr::sanitizeUtf8(table.rowJson(std::size_t(row))).c_str());
    pushMono();
    for (std::size_t i = 0; i < m_details->lineCount(); ++i)
        ImGui::TextUnformatted(m_details->line(i).c_str());
    popMono();
}

} // namespace lr::ui
