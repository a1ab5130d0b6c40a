#include "ui/BodyViewer.hpp"

#include "ui/Theme.hpp"

#include <imgui.h>

namespace lr::ui {

void BodyViewer::draw(const char* id, const std::shared_ptr<const PrettyIndex>& index,
                      float height) {
    m_state.linesSubmitted = 0;
    ImGui::BeginChild(id, ImVec2(0, height), true, ImGuiWindowFlags_HorizontalScrollbar);
    if (!index) {
        ImGui::TextColored(kMuted, "Formatting the body…");
        ImGui::EndChild();
        return;
    }

    pushMono();
    ImGuiListClipper clipper;
    clipper.Begin(int(index->lineCount()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const std::string line = index->line(std::size_t(i));
            ImGui::TextUnformatted(line.c_str(), line.c_str() + line.size());
            ++m_state.linesSubmitted;
        }
    }
    popMono();
    ImGui::EndChild();
}

} // namespace lr::ui
