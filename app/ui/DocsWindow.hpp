#pragma once

// The Docs window: the selected endpoint's documentation in the chosen language, laid out as
// the web console does it. buildDocsPage() turns the catalogue into the strings on screen
// (no ImGui), so what a user reads can be tested without a frame; draw() only lays them out.

#include "core/AppState.hpp"
#include "core/Commands.hpp"
#include "ui/Layout.hpp"

#include <string>
#include <vector>

namespace lr::ui {

/// The window's fixed words in one language.
struct DocsLabels {
    const char* whenToUse;
    const char* caution;
    const char* parameters;
    const char* formFields;
    const char* bodyFields;
    const char* responseFields;
    const char* statusAndErrors;
    const char* required;
    const char* optional;
    const char* allowedValues;
    const char* defaultValue;
    const char* example;
    const char* impact;
    const char* errorCodes;
    const char* noEndpoint;
    const char* noCatalogue;
};
const DocsLabels& docsLabels(Lang lang);

/// "4 field(s)" / "4 campi".
std::string fieldCount(std::size_t count, Lang lang);

/// One field or one status, every line already in the chosen language; "" lines are skipped.
struct DocsRow {
    std::string name;        // "grant_type", "400 Bad Request"
    std::string type;        // "string", "array<string> · query", "ProblemDetails"
    std::string requirement; // "Required" / "Optional"; "" for statuses
    bool required = false;
    int status = 0;                  // for status rows, to colour the name
    std::string description;         // the field's description or the status's meaning
    std::string allowedValues;       // "Allowed values: a, b"
    std::string defaultValue;        // "Default: 100"
    std::string example;             // "Example: 3600"
    std::string impact;              // "Impact: ..."
    std::string note;                // shown muted, without a label
    std::string errorsTitle;         // "Error codes", when `errors` is not empty
    std::vector<std::string> errors; // "VALIDATION_REQUIRED — A required field is missing."
};

struct DocsSection {
    std::string id;    // stable ImGui id, the same in both languages
    std::string title; // "Form fields"
    std::string count; // "4 field(s)"
    std::vector<DocsRow> rows;
};

struct DocsPage {
    std::string groupTitle; // "Authentication"
    std::string description;
    std::string method;
    std::string path;
    std::string whenToUse; // "When to use: ..."
    std::string caution;
    std::vector<DocsSection> sections;
};

DocsPage buildDocsPage(const Catalogue& catalogue, const Endpoint& endpoint, Lang lang);

/// The selected endpoint's documentation in the chosen language.
class DocsWindow {
public:
    struct State {
        bool open = true;
    };

    void draw(const AppState& app, CommandSink& sink, const Rect& initial);
    [[nodiscard]] const State& state() const { return m_state; }

private:
    void drawPage(const DocsPage& page, Lang lang);
    void drawSection(const DocsSection& section);
    void drawRow(const DocsRow& row);

    State m_state;
};

} // namespace lr::ui
