#pragma once

// The plain model of an OpenAPI 3 document as the console uses it: endpoints, their fields
// and responses, and LimitRail's documentation in English and Italian (x-limitrail-*).
// Built by loadCatalogue() (CatalogueLoader.cpp); read by the Request and Docs windows.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lr {

enum class Lang { En, It };
const char* toString(Lang lang); // "en", "it"

/// A documentation text in both languages. get() falls back to English, then to nothing.
struct Text {
    std::string en;
    std::string it;

    [[nodiscard]] const std::string& get(Lang lang) const {
        return lang == Lang::It && !it.empty() ? it : en;
    }
    [[nodiscard]] bool empty() const { return en.empty() && it.empty(); }
};

enum class FieldLocation { Path, Query, Header, Form, Body };
const char* toString(FieldLocation location);

struct Field {
    std::string name;
    FieldLocation location = FieldLocation::Query;
    std::string type;     // "string", "integer", "number", "boolean", "array", "object"
    std::string format;   // "date-time", "password", "space-separated" (scope lists), ... or ""
    std::string itemType; // for arrays: the type of one item
    bool required = false;
    std::vector<std::string> allowedValues;
    std::string defaultValue;
    std::string example;
    Text description;
    Text impact;
    Text note;
};

struct ResponseDoc {
    int status = 0;
    Text meaning;
    Text impact;
    Text note;
    std::string errorCode; // for error answers, when the document names one (the first)
    std::string resourceKey;
    std::vector<std::string> errorCodes; // every errorCode this status can carry
    std::string mediaType;               // of the answer's body, "" when it has none
    std::string schemaName;              // "ProblemDetails", "OAuthError", ... when a $ref names it
};

/// One row of the document's error table (x-limitrail-errors): what a ProblemDetails means.
struct ErrorDoc {
    std::string errorCode;
    int status = 0;
    std::string resourceKey;
    Text message; // the translated message for resourceKey
    Text hint;    // what to do about it
};

struct Endpoint {
    std::string operationId;
    std::string method; // upper case
    std::string path;
    std::string tag;
    Text tagTitle; // group title shown in the Docs window, e.g. "Authentication"
    Text summary;  // one line
    Text description;
    Text whenToUse;
    Text caution;
    std::string scope; // required scope; empty when none
    bool isTokenEndpoint = false;
    bool usesOAuthHost = false;        // served by the OAuth base URL rather than the API base
    std::vector<Field> fields;         // request inputs in document order
    std::vector<Field> responseFields; // fields of the success answer
    std::vector<ResponseDoc> responses;
    std::string bodyExample;   // JSON request body example, pretty-printed, or empty
    std::string bodyMediaType; // "application/json", "application/x-www-form-urlencoded", ...

    [[nodiscard]] std::string key() const { return method + " " + path; }
};

struct Catalogue {
    std::string title;
    std::string version;
    Text description;
    std::vector<std::string> tags; // in document order
    std::map<std::string, Text> tagTitles;
    std::map<std::string, Text> tagDescriptions;
    std::vector<Endpoint> endpoints;
    std::vector<std::string> scopes; // every scope the security scheme declares
    std::map<std::string, Text> scopeDescriptions;
    std::map<std::string, Text> errorMessages; // by resourceKey
    std::vector<std::string> tokenClientIds;   // allowed values of client_id, for the combo
    std::vector<ErrorDoc> errors;              // the error table in document order

    [[nodiscard]] const Endpoint* find(const std::string& method, const std::string& path) const;
    [[nodiscard]] int indexOf(const std::string& method, const std::string& path) const;
    [[nodiscard]] const ErrorDoc* findError(const std::string& errorCode) const;
    /// The tag's title in `lang`, or the tag name when the document gives none.
    [[nodiscard]] std::string tagTitle(const std::string& tag, Lang lang) const;
};

struct CatalogueError {
    std::string pointer; // JSON pointer into the document, "" for the root
    std::string message; // what was expected
    [[nodiscard]] std::string toString() const;
};

/// Parses an OpenAPI 3 document (JSON) with simdjson, following local $refs. LimitRail's
/// x-limitrail-* extensions fill the docs; without them the docs fall back to `description`.
/// On failure returns false and fills `error` with the JSON pointer and what was expected;
/// `out` is then left unchanged.
bool loadCatalogue(std::string_view json, Catalogue& out, CatalogueError& error);

} // namespace lr
