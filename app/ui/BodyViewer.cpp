#include "ui/BodyViewer.hpp"

#include "ui/Theme.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace lr::ui {

void drawJsonLine(std::string_view line) {
    static const ImVec4 kKey(0.55f, 0.75f, 1.00f, 1.0f);
    static const ImVec4 kString(0.60f, 0.85f, 0.55f, 1.0f);
    static const ImVec4 kNumber(0.95f, 0.70f, 0.45f, 1.0f);
    static const ImVec4 kLiteral(0.85f, 0.55f, 0.90f, 1.0f);
    static const ImVec4 kPunct(0.70f, 0.72f, 0.76f, 1.0f);

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
    auto startsValue = [](char c) {
        return c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n';
    };

    std::size_t i = 0;
    while (i < line.size()) {
        const char c = line[i];
        std::size_t end = i + 1;
        if (c == '"') {
            while (end < line.size() && line[end] != '"')
                end += line[end] == '\\' ? 2 : 1;
            end = std::min(end + 1, line.size());
            std::size_t after = end;
            while (after < line.size() && line[after] == ' ')
                ++after;
            emit(line.substr(i, end - i),
                 after < line.size() && line[after] == ':' ? kKey : kString);
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            while (end < line.size() && std::strchr("+-.eE0123456789", line[end]) && line[end])
                ++end;
            emit(line.substr(i, end - i), kNumber);
        } else if (c == 't' || c == 'f' || c == 'n') {
            while (end < line.size() && std::isalpha(static_cast<unsigned char>(line[end])))
                ++end;
            emit(line.substr(i, end - i), kLiteral);
        } else {
            while (end < line.size() && !startsValue(line[end]))
                ++end;
            emit(line.substr(i, end - i), kPunct);
        }
        i = end;
    }
    if (first)
        ImGui::TextUnformatted("");
}

void BodyViewer::findNext(const std::shared_ptr<const PrettyIndex>& index,
                          const std::string& text) {
    m_state.notFound = false;
    if (!index || !index->body() || text.empty())
        return;
    const std::string_view body = index->body()->view();
    const std::size_t from = m_state.matchLine < 0 ? 0 : m_state.matchOffset + 1;
    std::size_t at = body.find(text, std::min(from, body.size()));
    if (at == std::string_view::npos)
        at = body.find(text); // wrap around
    if (at == std::string_view::npos) {
        m_state.notFound = true;
        return;
    }
    m_state.matchOffset = at;
    m_state.matchLine = static_cast<long long>(index->lineOfOffset(at));
    m_state.scrollToMatch = true;
}

void BodyViewer::draw(const char* id, const std::shared_ptr<const PrettyIndex>& index, float height,
                      bool colour) {
    m_state.linesSubmitted = 0;
    ImGui::BeginChild(id, ImVec2(0, height), true, ImGuiWindowFlags_HorizontalScrollbar);
    if (!index) {
        ImGui::TextColored(kMuted, "Formatting the body\xE2\x80\xA6");
        ImGui::EndChild();
        return;
    }

    pushMono();
    const float lineHeight = ImGui::GetTextLineHeightWithSpacing();
    if (m_state.scrollToMatch) {
        ImGui::SetScrollY(std::max(0.0f, float(m_state.matchLine) * lineHeight -
                                             ImGui::GetWindowHeight() * 0.3f));
        m_state.scrollToMatch = false;
    }
    ImGuiListClipper clipper;
    clipper.Begin(int(index->lineCount()), lineHeight);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            if (i == m_state.matchLine) {
                const ImVec2 pos = ImGui::GetCursorScreenPos();
                ImGui::GetWindowDrawList()->AddRectFilled(
                    pos,
                    ImVec2(pos.x + ImGui::GetWindowWidth() + ImGui::GetScrollX(),
                           pos.y + lineHeight),
                    ImGui::GetColorU32(ImVec4(0.45f, 0.38f, 0.10f, 0.6f)));
            }
            const std::string line = index->line(std::size_t(i));
            if (colour)
                drawJsonLine(line);
            else
                ImGui::TextUnformatted(line.c_str(), line.c_str() + line.size());
            ++m_state.linesSubmitted;
        }
    }
    popMono();
    ImGui::EndChild();
}

} // namespace lr::ui
