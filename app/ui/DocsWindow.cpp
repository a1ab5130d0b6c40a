#include "ui/DocsWindow.hpp"

#include "core/Http.hpp"
#include "ui/Theme.hpp"

#include <algorithm>

namespace lr::ui {

namespace {

const DocsLabels kEnglish{
    "When to use",
    "Caution",
    "Parameters",
    "Form fields",
    "Body fields",
    "Response fields",
    "Status and errors",
    "Required",
    "Optional",
    "Allowed values",
    "Default",
    "Example",
    "Impact",
    "Error codes",
    "Select an endpoint to read its documentation.",
    "No API catalogue is loaded.",
};

const DocsLabels kItalian{
    "Quando usarlo",
    "Attenzione",
    "Parametri",
    "Campi del modulo",
    "Campi del corpo",
    "Campi della risposta",
    "Stati ed errori",
    "Obbligatorio",
    "Facoltativo",
    "Valori ammessi",
    "Predefinito",
    "Esempio",
    "Impatto",
    "Codici di errore",
    "Seleziona un endpoint per leggerne la documentazione.",
    "Nessun catalogo API caricato.",
};

std::string join(const std::vector<std::string>& values, const char* separator) {
    std::string out;
    for (const std::string& value : values) {
        if (!out.empty())
            out += separator;
        out += value;
    }
    return out;
}

std::string labelled(const char* label, const std::string& text) {
    return text.empty() ? std::string() : std::string(label) + ": " + text;
}

// "string", "string (date-time)", "array<string>", "space-separated string".
std::string typeText(const Field& field) {
    std::string type = field.type.empty() ? "any" : field.type;
    if (type == "array" && !field.itemType.empty())
        type = "array<" + field.itemType + ">";
    if (field.format == "space-separated")
        return "space-separated " + type;
    if (!field.format.empty())
        type += " (" + field.format + ")";
    return type;
}

// True when every space-separated word of the example is an allowed value.
bool onlyAllowedValues(const Field& field) {
    if (field.allowedValues.empty() || field.example.empty())
        return false;
    std::size_t start = 0;
    while (start < field.example.size()) {
        std::size_t end = field.example.find(' ', start);
        if (end == std::string::npos)
            end = field.example.size();
        const std::string word = field.example.substr(start, end - start);
        if (!word.empty() && std::find(field.allowedValues.begin(), field.allowedValues.end(),
                                       word) == field.allowedValues.end())
            return false;
        start = end + 1;
    }
    return true;
}

DocsRow fieldRow(const Field& field, Lang lang, bool showLocation) {
    const DocsLabels& labels = docsLabels(lang);
    DocsRow row;
    row.name = field.name;
    row.type = typeText(field);
    if (showLocation)
        row.type += std::string(" · ") + toString(field.location);
    row.required = field.required;
    row.requirement = field.required ? labels.required : labels.optional;
    row.description = field.description.get(lang);
    row.allowedValues = labelled(labels.allowedValues, join(field.allowedValues, ", "));
    row.defaultValue = labelled(labels.defaultValue, field.defaultValue);

    // An example made only of allowed values says nothing the line above does not.
    if (!onlyAllowedValues(field) && field.format != "password")
        row.example = labelled(labels.example, field.example);
    row.impact = labelled(labels.impact, field.impact.get(lang));
    row.note = field.note.get(lang);
    return row;
}

DocsRow statusRow(const Catalogue& catalogue, const ResponseDoc& response, Lang lang) {
    const DocsLabels& labels = docsLabels(lang);
    DocsRow row;
    row.status = response.status;
    row.name = response.status > 0 ? std::to_string(response.status) : "default";
    if (const char* phrase = reasonPhrase(response.status); phrase && *phrase)
        row.name += std::string(" ") + phrase;
    row.type = response.schemaName;
    row.description = response.meaning.get(lang);
    row.impact = labelled(labels.impact, response.impact.get(lang));
    row.note = response.note.get(lang);
    for (const std::string& code : response.errorCodes) {
        const ErrorDoc* error = catalogue.findError(code);
        std::string line = code;
        if (error && !error->message.empty())
            line += " — " + error->message.get(lang);
        if (error && !error->resourceKey.empty())
            line += " (" + error->resourceKey + ")";
        row.errors.push_back(std::move(line));
    }
    if (!row.errors.empty())
        row.errorsTitle = labels.errorCodes;
    return row;
}

// Draws `text` wrapped at the window's edge in `color`.
void wrapped(const std::string& text, const ImVec4& color) {
    if (text.empty())
        return;
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

void wrapped(const std::string& text) {
    wrapped(text, ImGui::GetStyleColorVec4(ImGuiCol_Text));
}

} // namespace

const DocsLabels& docsLabels(Lang lang) {
    return lang == Lang::It ? kItalian : kEnglish;
}

std::string fieldCount(std::size_t count, Lang lang) {
    if (lang == Lang::It)
        return std::to_string(count) + (count == 1 ? " campo" : " campi");
    return std::to_string(count) + " field(s)";
}

DocsPage buildDocsPage(const Catalogue& catalogue, const Endpoint& endpoint, Lang lang) {
    const DocsLabels& labels = docsLabels(lang);
    DocsPage page;
    page.groupTitle = endpoint.tagTitle.empty() ? catalogue.tagTitle(endpoint.tag, lang)
                                                : endpoint.tagTitle.get(lang);
    page.description = endpoint.description.get(lang);
    page.method = endpoint.method;
    page.path = endpoint.path;
    page.whenToUse = labelled(labels.whenToUse, endpoint.whenToUse.get(lang));
    page.caution = endpoint.caution.get(lang);

    // Inputs grouped as the web console does: parameters, then form or body fields.
    DocsSection parameters{"parameters", labels.parameters, "", {}};
    DocsSection form{"form", labels.formFields, "", {}};
    DocsSection body{"body", labels.bodyFields, "", {}};
    for (const Field& field : endpoint.fields) {
        switch (field.location) {
        case FieldLocation::Path:
        case FieldLocation::Query:
        case FieldLocation::Header:
            parameters.rows.push_back(fieldRow(field, lang, true));
            break;
        case FieldLocation::Form:
            form.rows.push_back(fieldRow(field, lang, false));
            break;
        case FieldLocation::Body:
            body.rows.push_back(fieldRow(field, lang, false));
            break;
        }
    }

    DocsSection response{"response", labels.responseFields, "", {}};
    for (const Field& field : endpoint.responseFields)
        response.rows.push_back(fieldRow(field, lang, false));

    DocsSection statuses{"statuses", labels.statusAndErrors, "", {}};
    for (const ResponseDoc& doc : endpoint.responses)
        statuses.rows.push_back(statusRow(catalogue, doc, lang));

    for (DocsSection* section : {&parameters, &form, &body, &response, &statuses}) {
        if (section->rows.empty())
            continue;
        section->count = fieldCount(section->rows.size(), lang);
        page.sections.push_back(std::move(*section));
    }
    return page;
}

void DocsWindow::draw(const AppState& app, CommandSink&, const Rect& initial) {
    placeNextWindow(initial);
    if (!ImGui::Begin("Docs", &m_state.open)) {
        ImGui::End();
        return;
    }

    const Lang lang = app.docsLang;
    if (!app.catalogueLoaded) {
        wrapped(app.catalogueError.empty() ? docsLabels(lang).noCatalogue : app.catalogueError,
                kError);
        ImGui::End();
        return;
    }
    const Endpoint* endpoint = app.selected();
    if (!endpoint) {
        wrapped(docsLabels(lang).noEndpoint, kMuted);
        ImGui::End();
        return;
    }

    drawPage(buildDocsPage(app.catalogue, *endpoint, lang), lang);
    ImGui::End();
}

void DocsWindow::drawPage(const DocsPage& page, Lang lang) {
    // 1. Where the endpoint belongs and what it does.
    wrapped(page.groupTitle, kAccent);
    wrapped(page.description);
    ImGui::Spacing();

    pushMono();
    ImGui::TextColored(methodColor(page.method), "%s", page.method.c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(page.path.c_str());
    popMono();
    ImGui::Spacing();

    wrapped(page.whenToUse);

    // 2. The caution note, marked by an amber bar down its left side.
    if (!page.caution.empty()) {
        ImGui::Spacing();
        const float bar = 3.0f;
        const float indent = ImGui::GetStyle().ItemSpacing.x + bar;
        const ImVec2 top = ImGui::GetCursorScreenPos();
        ImGui::Indent(indent);
        wrapped(std::string(docsLabels(lang).caution) + ": " + page.caution, kWarn);
        ImGui::Unindent(indent);
        const float bottom = ImGui::GetItemRectMax().y;
        ImGui::GetWindowDrawList()->AddRectFilled(top, ImVec2(top.x + bar, bottom),
                                                  ImGui::GetColorU32(kWarn));
    }
    ImGui::Spacing();

    // 3. Fields and statuses, each section collapsible on its own.
    for (const DocsSection& section : page.sections)
        drawSection(section);
}

void DocsWindow::drawSection(const DocsSection& section) {
    ImGui::Spacing();
    const std::string label = section.title + "###" + section.id;
    const bool open = ImGui::CollapsingHeader(label.c_str(), ImGuiTreeNodeFlags_DefaultOpen);

    // The count sits at the header's right end, as in the web console.
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    const ImVec2 size = ImGui::CalcTextSize(section.count.c_str());
    const float padding = ImGui::GetStyle().FramePadding.x;
    if (max.x - min.x > size.x + ImGui::CalcTextSize(section.title.c_str()).x + 6 * padding) {
        ImGui::GetWindowDrawList()->AddText(
            ImVec2(max.x - size.x - padding, min.y + ImGui::GetStyle().FramePadding.y),
            ImGui::GetColorU32(kMuted), section.count.c_str());
    }
    if (!open)
        return;

    ImGui::PushID(section.id.c_str());
    for (std::size_t i = 0; i < section.rows.size(); ++i) {
        if (i > 0)
            ImGui::Separator();
        ImGui::PushID(int(i));
        drawRow(section.rows[i]);
        ImGui::PopID();
    }
    ImGui::PopID();
}

void DocsWindow::drawRow(const DocsRow& row) {
    // Name, type and Required/Optional on one line; the rest wraps below.
    ImGui::Spacing();
    pushMono();
    const ImVec4 nameColor = row.status > 0 ? statusColor(row.status) : kAccent;
    ImGui::TextColored(nameColor, "%s", row.name.c_str());
    popMono();
    if (!row.type.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(kMuted, "%s", row.type.c_str());
    }
    if (!row.requirement.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(row.required ? kWarn : kMuted, "%s", row.requirement.c_str());
    }

    ImGui::Indent();
    wrapped(row.description);
    wrapped(row.allowedValues);
    wrapped(row.defaultValue);
    wrapped(row.example, kMuted);
    wrapped(row.impact);
    wrapped(row.note, kMuted);
    if (!row.errors.empty())
        wrapped(row.errorsTitle + ":");
    for (const std::string& error : row.errors)
        wrapped("• " + error, kMuted);
    ImGui::Unindent();
    ImGui::Spacing();
}

} // namespace lr::ui
