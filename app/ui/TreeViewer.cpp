#include "ui/TreeViewer.hpp"

#include "ui/Theme.hpp"

#include <imgui.h>

namespace lr::ui {

void TreeViewer::draw(const char* id, const JsonTree& tree, CommandSink& sink, float height) {
    m_state.rowsSubmitted = 0;
    ImGui::BeginChild(id, ImVec2(0, height), true, ImGuiWindowFlags_HorizontalScrollbar);
    const auto& rows = tree.rows();
    if (rows.empty()) {
        ImGui::TextColored(kMuted, "The body is empty.");
        ImGui::EndChild();
        return;
    }

    pushMono();
    const float indent = ImGui::GetFontSize();
    ImGuiListClipper clipper;
    clipper.Begin(int(rows.size()), ImGui::GetTextLineHeightWithSpacing());
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const JsonTreeRow& row = rows[std::size_t(i)];
            const std::string label = tree.label(std::size_t(i));
            ImGui::PushID(i);
            const float x = float(row.depth) * indent;
            if (x > 0)
                ImGui::Indent(x);

            // The open state is the tree's, never ImGui's own storage.
            ImGuiTreeNodeFlags flags =
                ImGuiTreeNodeFlags_NoTreePushOnOpen | ImGuiTreeNodeFlags_SpanAvailWidth |
                ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_OpenOnDoubleClick;
            if (!row.container())
                flags |= ImGuiTreeNodeFlags_Leaf;
            ImGui::SetNextItemOpen(row.open, ImGuiCond_Always);
            if (row.loading)
                ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
            ImGui::TreeNodeEx("##node", flags, "%s%s", label.c_str(),
                              row.loading ? "  reading\xE2\x80\xA6" : "");
            if (row.loading)
                ImGui::PopStyleColor();
            if (row.container() && ImGui::IsItemToggledOpen())
                sink.push(cmd::TreeToggle{std::size_t(i)});

            if (x > 0)
                ImGui::Unindent(x);
            ImGui::PopID();
            ++m_state.rowsSubmitted;
        }
    }
    popMono();
    ImGui::EndChild();
}

} // namespace lr::ui
