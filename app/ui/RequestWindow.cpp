#include "ui/RequestWindow.hpp"

#include "ui/Theme.hpp"

namespace lr::ui {

std::string scopeLabel(const Endpoint& endpoint) {
    if (endpoint.isTokenEndpoint)
        return "OAuth token";
    return endpoint.scope.empty() ? "none" : endpoint.scope;
}

void RequestWindow::draw(const AppState& app, CommandSink& sink, const Rect& initial,
                         double nowSeconds) {
    placeNextWindow(initial);
    if (!ImGui::Begin("Request", &m_state.open)) {
        ImGui::End();
        return;
    }

    if (!app.catalogueLoaded) {
        ImGui::PushStyleColor(ImGuiCol_Text, kError);
        ImGui::TextWrapped("%s", app.catalogueError.empty() ? "No API catalogue is loaded."
                                                            : app.catalogueError.c_str());
        ImGui::PopStyleColor();
        ImGui::End();
        return;
    }

    drawPicker(app, sink);
    ImGui::Separator();
    const Endpoint* endpoint = app.selected();
    if (!endpoint) {
        ImGui::End();
        return;
    }
    drawHeader(*endpoint, app.docsLang);
    ImGui::Separator();

    // The inputs scroll; the warnings and buttons stay at the bottom.
    const float footer =
        ImGui::GetFrameHeightWithSpacing() * 2.5f +
        (app.forms.missing.empty() && app.forms.scopeWarning.empty() && app.forms.buildError.empty()
             ? 0.0f
             : ImGui::GetTextLineHeightWithSpacing() * 3.0f);
    ImGui::BeginChild("##form", ImVec2(0, -footer));
    if (endpoint->isTokenEndpoint) {
        drawTokenForm(app, sink);
    } else {
        drawParameters(app, *endpoint, sink, nowSeconds);
        drawBody(app, *endpoint, sink);
    }
    ImGui::EndChild();
    drawWarnings(app, sink);
    drawActions(app, sink, nowSeconds);

    ImGui::End();
}

void RequestWindow::drawPicker(const AppState& app, CommandSink& sink) {
    const Endpoint* selected = app.selected();
    const std::string preview = selected ? selected->key() : std::string("Choose an endpoint");
    ImGui::SetNextItemWidth(-1);
    if (!ImGui::BeginCombo("##endpoint", preview.c_str(), ImGuiComboFlags_HeightLarge))
        return;

    // The method column is as wide as the longest method, so the paths line up.
    pushMono();
    const float methodWidth = ImGui::CalcTextSize("OPTIONS").x;
    popMono();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;

    for (std::size_t t = 0; t < app.catalogue.tags.size(); ++t) {
        const std::string& tag = app.catalogue.tags[t];
        if (t > 0)
            ImGui::Spacing();
        ImGui::TextColored(kMuted, "%s", app.catalogue.tagTitle(tag, app.docsLang).c_str());
        ImGui::Separator();

        for (std::size_t i = 0; i < app.catalogue.endpoints.size(); ++i) {
            const Endpoint& e = app.catalogue.endpoints[i];
            if (e.tag != tag)
                continue;
            ImGui::PushID(int(i));
            const bool isSelected = int(i) == app.selectedEndpoint;
            const float rowX = ImGui::GetCursorPosX();

            // A full-width selectable under the row; method and path are drawn over it.
            if (ImGui::Selectable("##pick", isSelected, ImGuiSelectableFlags_AllowItemOverlap))
                sink.push(cmd::SelectEndpoint{e.method, e.path});
            // Centre the current endpoint when the list opens; at the top the scroll clamps,
            // so the first group's title stays visible.
            if (isSelected && ImGui::IsWindowAppearing())
                ImGui::SetScrollHereY(0.5f);
            const std::string& summary = e.summary.get(app.docsLang);
            if (ImGui::IsItemHovered() && !summary.empty())
                ImGui::SetTooltip("%s", summary.c_str());

            ImGui::SameLine(rowX + spacing);
            pushMono();
            ImGui::TextColored(methodColor(e.method), "%s", e.method.c_str());
            ImGui::SameLine(rowX + spacing + methodWidth + spacing);
            ImGui::TextUnformatted(e.path.c_str());
            popMono();
            ImGui::PopID();
        }
    }
    ImGui::EndCombo();
}

void RequestWindow::drawHeader(const Endpoint& endpoint, Lang lang) {
    if (fonts().heading)
        ImGui::PushFont(fonts().heading);
    ImGui::TextColored(methodColor(endpoint.method), "%s", endpoint.method.c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(endpoint.path.c_str());
    if (fonts().heading)
        ImGui::PopFont();

    const std::string& summary = endpoint.summary.get(lang);
    if (!summary.empty())
        ImGui::TextWrapped("%s", summary.c_str());

    ImGui::TextColored(kMuted, "Scope");
    ImGui::SameLine();
    ImGui::TextUnformatted(scopeLabel(endpoint).c_str());
}

} // namespace lr::ui
