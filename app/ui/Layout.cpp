#include "ui/Layout.hpp"

namespace lr::ui {

ConsoleLayout computeLayout(ImVec2 display, float scale) {
    ConsoleLayout layout;
    const float topHeight = 44.0f * scale;
    const float statusHeight = 28.0f * scale;
    const float gap = 4.0f * scale;
    const float bodyTop = topHeight + gap;
    const float bodyHeight = display.y - bodyTop - statusHeight - gap;

    layout.topBar = {ImVec2(0, 0), ImVec2(display.x, topHeight)};
    layout.statusBar = {ImVec2(0, display.y - statusHeight), ImVec2(display.x, statusHeight)};

    const float requestWidth = display.x * 0.34f;
    const float docsWidth = display.x * 0.30f;
    const float responseWidth = display.x - requestWidth - docsWidth - 2 * gap;
    layout.request = {ImVec2(0, bodyTop), ImVec2(requestWidth, bodyHeight)};
    layout.response = {ImVec2(requestWidth + gap, bodyTop), ImVec2(responseWidth, bodyHeight)};
    layout.docs = {ImVec2(display.x - docsWidth, bodyTop), ImVec2(docsWidth, bodyHeight)};
    layout.history = {ImVec2(requestWidth * 0.5f, bodyTop + bodyHeight * 0.35f),
                      ImVec2(display.x * 0.62f, bodyHeight * 0.6f)};
    // The Request window stays visible beside it: the form is what one changes between calls.
    const float listTop = bodyTop + bodyHeight * 0.42f;
    layout.list = {ImVec2(layout.response.pos.x, listTop),
                   ImVec2(display.x - layout.response.pos.x, bodyTop + bodyHeight - listTop)};
    return layout;
}

void placeNextWindow(const Rect& rect) {
    ImGui::SetNextWindowPos(rect.pos, ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(rect.size, ImGuiCond_FirstUseEver);
}

} // namespace lr::ui
