// loadCatalogue(): an OpenAPI 3 document (JSON) into the plain Catalogue model.
//
// The walk follows the document: info, tags, the OAuth2 security scheme, the error table
// (x-limitrail-errors), then every operation of `paths` with its parameters, request body and
// responses. Object schemas are flattened into fields ("items[].meter"), so the windows never
// see JSON Schema. Every text prefers LimitRail's x-limitrail-* extension and falls back to
// the plain OpenAPI member, which is what lets a foreign document load too.

#include "core/Catalogue.hpp"
#include "core/CatalogueLoaderReader.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

namespace lr {

namespace {

using catalogue::DocumentReader;
using catalogue::LoadFailure;
using catalogue::Node;

constexpr const char* kMethods[] = {"get",     "put",  "post",  "delete",
                                    "options", "head", "patch", "trace"};
// Nested objects deeper than this are listed as one "object" field; keeps cycles finite.
constexpr int kMaxFieldDepth = 3;

std::string upper(std::string text) {
    for (char& c : text)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// The path part of a URL or of a relative reference: "https://h/connect/token" -> "/connect/token".
std::string urlPath(const std::string& url) {
    const std::size_t scheme = url.find("://");
    if (scheme == std::string::npos)
        return url;
    const std::size_t slash = url.find('/', scheme + 3);
    return slash == std::string::npos ? "/" : url.substr(slash);
}

class Loader {
public:
    explicit Loader(simdjson::dom::element root) : m_reader(root) {}

    Catalogue load() {
        const Node& root = m_reader.root();
        m_reader.expectObject(root, "an OpenAPI document");

        const std::string version = m_reader.string(
            m_reader.requireMember(root, "openapi", "the OpenAPI version, \"3.x\""));
        if (version.rfind("3.", 0) != 0)
            DocumentReader::fail("/openapi",
                                 "expected an OpenAPI version \"3.x\", found \"" + version + "\"");

        readInfo(root);
        readTags(root);
        readSecuritySchemes(root);
        readErrorTable(root);
        readPaths(root);
        return std::move(m_catalogue);
    }

private:
    void readInfo(const Node& root) {
        const Node info = m_reader.requireMember(root, "info", "an object with title and version");
        m_reader.expectObject(info, "the info object");
        m_catalogue.title = m_reader.optString(info, "title").value_or("");
        m_catalogue.version = m_reader.optString(info, "version").value_or("");
        m_catalogue.description = m_reader.text(info, "x-limitrail-description", "description");
    }

    void readTags(const Node& root) {
        std::optional<Node> tags = m_reader.resolvedMember(root, "tags");
        if (!tags)
            return;
        m_reader.expectArray(*tags, "a list of tag objects");
        for (const Node& raw : m_reader.elements(*tags)) {
            const Node tag = m_reader.resolve(raw);
            m_reader.expectObject(tag, "a tag object");
            const std::string name =
                m_reader.string(m_reader.requireMember(tag, "name", "the tag's name"));
            addTag(name);
            Text title = m_reader.text(tag, "x-limitrail-title", "");
            if (!title.empty())
                m_catalogue.tagTitles[name] = std::move(title);
            m_catalogue.tagDescriptions[name] =
                m_reader.text(tag, "x-limitrail-description", "description");
        }
    }

    void addTag(const std::string& name) {
        if (std::find(m_catalogue.tags.begin(), m_catalogue.tags.end(), name) ==
            m_catalogue.tags.end())
            m_catalogue.tags.push_back(name);
    }

    // Scopes come from the OAuth2 schemes; the client-credentials token URL tells which
    // operation is the token endpoint in a document without LimitRail's extensions.
    void readSecuritySchemes(const Node& root) {
        std::optional<Node> components = m_reader.resolvedMember(root, "components");
        if (!components)
            return;
        std::optional<Node> schemes = m_reader.resolvedMember(*components, "securitySchemes");
        if (!schemes)
            return;
        for (const auto& [name, raw] : m_reader.members(*schemes)) {
            const Node scheme = m_reader.resolve(raw);
            m_reader.expectObject(scheme, "a security scheme");
            if (m_reader.optString(scheme, "type").value_or("") != "oauth2")
                continue;
            m_oauthSchemes.insert(name);

            std::optional<Node> flows = m_reader.resolvedMember(scheme, "flows");
            if (flows) {
                for (const auto& [flowName, flowRaw] : m_reader.members(*flows)) {
                    const Node flow = m_reader.resolve(flowRaw);
                    if (flowName == "clientCredentials")
                        m_tokenPath = urlPath(m_reader.optString(flow, "tokenUrl").value_or(""));
                    std::optional<Node> scopes = m_reader.resolvedMember(flow, "scopes");
                    if (!scopes)
                        continue;
                    for (const auto& [scope, description] : m_reader.members(*scopes)) {
                        addScope(scope);
                        Text& text = m_catalogue.scopeDescriptions[scope];
                        if (text.en.empty() && description.isString())
                            text.en = m_reader.string(description);
                    }
                }
            }

            std::optional<Node> translated =
                m_reader.resolvedMember(scheme, "x-limitrail-scope-descriptions");
            if (translated) {
                for (const auto& [scope, textNode] : m_reader.members(*translated)) {
                    addScope(scope);
                    m_catalogue.scopeDescriptions[scope] = readText(textNode);
                }
            }
        }
    }

    void addScope(const std::string& scope) {
        if (std::find(m_catalogue.scopes.begin(), m_catalogue.scopes.end(), scope) ==
            m_catalogue.scopes.end())
            m_catalogue.scopes.push_back(scope);
    }

    // A text value on its own (not a member of an object with a fallback).
    Text readText(const Node& node) {
        Text out;
        if (node.isString()) {
            out.en = m_reader.string(node);
            return out;
        }
        m_reader.expectObject(node, "a text with \"en\" and \"it\"");
        out.en = m_reader.optString(node, "en").value_or("");
        out.it = m_reader.optString(node, "it").value_or("");
        return out;
    }

    void readErrorTable(const Node& root) {
        std::optional<Node> table = m_reader.resolvedMember(root, "x-limitrail-errors");
        if (!table)
            return;
        m_reader.expectArray(*table, "the error table");
        for (const Node& raw : m_reader.elements(*table)) {
            const Node row = m_reader.resolve(raw);
            m_reader.expectObject(row, "an error table row");
            ErrorDoc error;
            error.errorCode =
                m_reader.string(m_reader.requireMember(row, "errorCode", "the errorCode string"));
            error.resourceKey =
                m_reader.string(m_reader.requireMember(row, "resourceKey", "the resourceKey"));
            if (std::optional<Node> status = m_reader.member(row, "status")) {
                std::int64_t value = 0;
                if (status->value.get_int64().get(value))
                    DocumentReader::fail(status->pointer,
                                         std::string("expected an HTTP status number, found ") +
                                             catalogue::describeType(status->value));
                error.status = int(value);
            }
            error.message = m_reader.text(row, "message", "");
            error.hint = m_reader.text(row, "hint", "");
            m_catalogue.errorMessages[error.resourceKey] = error.message;
            m_catalogue.errors.push_back(std::move(error));
        }
    }

    void readPaths(const Node& root) {
        const Node paths = m_reader.requireMember(root, "paths", "an object of path items");
        m_reader.expectObject(paths, "an object of path items");
        for (const auto& [path, raw] : m_reader.members(paths)) {
            const Node item = m_reader.resolve(raw);
            m_reader.expectObject(item, "a path item");
            std::vector<Node> shared;
            if (std::optional<Node> parameters = m_reader.resolvedMember(item, "parameters")) {
                m_reader.expectArray(*parameters, "a list of parameters");
                shared = m_reader.elements(*parameters);
            }
            for (const char* method : kMethods) {
                if (std::optional<Node> operation = m_reader.resolvedMember(item, method))
                    m_catalogue.endpoints.push_back(
                        readOperation(path, method, *operation, shared));
            }
        }

        // The combo of client ids comes from the token endpoint's client_id field.
        for (const Endpoint& endpoint : m_catalogue.endpoints) {
            if (!endpoint.isTokenEndpoint)
                continue;
            for (const Field& field : endpoint.fields) {
                if (field.name == "client_id")
                    m_catalogue.tokenClientIds = field.allowedValues;
            }
        }
    }

    Endpoint readOperation(const std::string& path, const char* method, const Node& operation,
                           const std::vector<Node>& sharedParameters) {
        m_reader.expectObject(operation, "an operation");
        Endpoint e;
        e.method = upper(method);
        e.path = path;
        e.operationId = m_reader.optString(operation, "operationId").value_or("");

        // 1. Grouping: the first tag, or "default" as Swagger UI does.
        const std::vector<std::string> tags = m_reader.optStrings(operation, "tags");
        e.tag = tags.empty() ? "default" : tags.front();
        addTag(e.tag);
        e.tagTitle =
            m_catalogue.tagTitles.count(e.tag) ? m_catalogue.tagTitles[e.tag] : Text{e.tag, ""};

        // 2. Docs, each preferring the bilingual extension.
        e.summary = m_reader.text(operation, "x-limitrail-summary", "summary");
        e.description = m_reader.text(operation, "x-limitrail-description", "description");
        if (e.description.empty())
            e.description = e.summary;
        e.whenToUse = m_reader.text(operation, "x-limitrail-when-to-use", "");
        e.caution = m_reader.text(operation, "x-limitrail-caution", "");

        // 3. Where it is served and what token it needs.
        e.usesOAuthHost = m_reader.optString(operation, "x-limitrail-host").value_or("") == "oauth";
        e.isTokenEndpoint = m_reader.optBool(operation, "x-limitrail-token-endpoint", false) ||
                            (!m_tokenPath.empty() && path == m_tokenPath && e.method == "POST");
        if (e.isTokenEndpoint)
            e.usesOAuthHost = true;
        e.scope = readScope(operation);

        // 4. Inputs: path-level parameters first, overridden by the operation's own.
        std::vector<Field> parameters;
        for (const Node& raw : sharedParameters)
            mergeParameter(parameters, readParameter(raw));
        if (std::optional<Node> own = m_reader.resolvedMember(operation, "parameters")) {
            m_reader.expectArray(*own, "a list of parameters");
            for (const Node& raw : m_reader.elements(*own))
                mergeParameter(parameters, readParameter(raw));
        }
        e.fields = std::move(parameters);
        if (std::optional<Node> body = m_reader.resolvedMember(operation, "requestBody"))
            readRequestBody(*body, e);

        // 5. Answers.
        const Node responses =
            m_reader.requireMember(operation, "responses", "an object of responses by status");
        readResponses(responses, e);
        return e;
    }

    // The first scope of the first OAuth2 requirement; the document's default when the
    // operation has no `security` of its own.
    std::string readScope(const Node& operation) {
        std::optional<Node> security = m_reader.resolvedMember(operation, "security");
        if (!security)
            security = m_reader.resolvedMember(m_reader.root(), "security");
        if (!security)
            return "";
        m_reader.expectArray(*security, "a list of security requirements");
        for (const Node& raw : m_reader.elements(*security)) {
            const Node requirement = m_reader.resolve(raw);
            for (const auto& [scheme, scopesNode] : m_reader.members(requirement)) {
                m_reader.expectArray(scopesNode, "a list of scopes");
                for (const Node& scope : m_reader.elements(scopesNode)) {
                    if (m_oauthSchemes.empty() || m_oauthSchemes.count(scheme))
                        return m_reader.string(scope);
                }
            }
        }
        return "";
    }

    static void mergeParameter(std::vector<Field>& fields, std::optional<Field> field) {
        if (!field)
            return;
        for (Field& existing : fields) {
            if (existing.name == field->name && existing.location == field->location) {
                existing = std::move(*field);
                return;
            }
        }
        fields.push_back(std::move(*field));
    }

    std::optional<Field> readParameter(const Node& raw) {
        const Node parameter = m_reader.resolve(raw);
        m_reader.expectObject(parameter, "a parameter object");
        Field field;
        field.name =
            m_reader.string(m_reader.requireMember(parameter, "name", "the parameter's name"));
        const Node inNode =
            m_reader.requireMember(parameter, "in", "path, query, header or cookie");
        const std::string in = m_reader.string(inNode);
        if (in == "path")
            field.location = FieldLocation::Path;
        else if (in == "query")
            field.location = FieldLocation::Query;
        else if (in == "header")
            field.location = FieldLocation::Header;
        else if (in == "cookie")
            return std::nullopt; // the console sends no cookies
        else
            DocumentReader::fail(inNode.pointer,
                                 "expected path, query, header or cookie, found \"" + in + "\"");
        field.required =
            m_reader.optBool(parameter, "required", field.location == FieldLocation::Path);

        if (std::optional<Node> schema = m_reader.resolvedMember(parameter, "schema"))
            readSchemaFacts(*schema, field);
        readDocs(parameter, field);
        if (std::optional<Node> example = m_reader.member(parameter, "example"))
            field.example = DocumentReader::scalarText(example->value);
        else if (std::optional<std::string> first = firstExample(parameter))
            field.example = *first;
        return field;
    }

    // OpenAPI's `examples` map: the first one's `value`.
    std::optional<std::string> firstExample(const Node& holder) {
        std::optional<Node> examples = m_reader.resolvedMember(holder, "examples");
        if (!examples || !examples->isObject())
            return std::nullopt;
        for (const auto& [name, raw] : m_reader.members(*examples)) {
            const Node example = m_reader.resolve(raw);
            if (!example.isObject())
                continue;
            if (std::optional<Node> value = m_reader.member(example, "value"))
                return DocumentReader::scalarText(value->value);
        }
        return std::nullopt;
    }

    // Field docs: the holder's own texts, else its schema's (a property carries both).
    void readDocs(const Node& holder, Field& field) {
        Text description = m_reader.text(holder, "x-limitrail-description", "description");
        Text impact = m_reader.text(holder, "x-limitrail-impact", "");
        Text note = m_reader.text(holder, "x-limitrail-note", "");
        if (!description.empty())
            field.description = std::move(description);
        if (!impact.empty())
            field.impact = std::move(impact);
        if (!note.empty())
            field.note = std::move(note);
    }

    // Type, format, allowed values, default and example of a (resolved) schema.
    void readSchemaFacts(const Node& schema, Field& field) {
        m_reader.expectObject(schema, "a schema");
        field.type = m_reader.optString(schema, "type").value_or("");
        field.format = m_reader.optString(schema, "format").value_or("");
        if (field.type.empty() && m_reader.member(schema, "properties"))
            field.type = "object";

        if (field.type == "array") {
            if (std::optional<Node> items = m_reader.resolvedMember(schema, "items")) {
                m_reader.expectObject(*items, "the items schema");
                field.itemType = m_reader.optString(*items, "type").value_or("");
                if (field.itemType.empty() && m_reader.member(*items, "properties"))
                    field.itemType = "object";
                field.allowedValues = enumValues(*items);
            }
        } else {
            field.allowedValues = enumValues(schema);
        }
        if (std::optional<Node> extra =
                m_reader.resolvedMember(schema, "x-limitrail-allowed-values")) {
            m_reader.expectArray(*extra, "a list of allowed values");
            field.allowedValues.clear();
            for (const Node& value : m_reader.elements(*extra))
                field.allowedValues.push_back(DocumentReader::scalarText(value.value));
        }

        if (std::optional<Node> value = m_reader.member(schema, "default"))
            field.defaultValue = DocumentReader::scalarText(value->value);
        if (std::optional<Node> value = m_reader.member(schema, "example"))
            field.example = DocumentReader::scalarText(value->value);
        readDocs(schema, field);
    }

    std::vector<std::string> enumValues(const Node& schema) {
        std::vector<std::string> out;
        std::optional<Node> values = m_reader.resolvedMember(schema, "enum");
        if (!values)
            return out;
        m_reader.expectArray(*values, "a list of allowed values");
        for (const Node& value : m_reader.elements(*values))
            out.push_back(DocumentReader::scalarText(value.value));
        return out;
    }

    // Properties of an object schema (allOf merged) as fields named prefix + property; an
    // array of objects or a nested object adds its own properties as "name[].x" / "name.x".
    void collectFields(const Node& schemaRaw, const std::string& prefix, FieldLocation location,
                       std::vector<Field>& out, int depth) {
        const Node schema = m_reader.resolve(schemaRaw);
        m_reader.expectObject(schema, "a schema");
        if (depth > kMaxFieldDepth)
            return;

        if (std::optional<Node> allOf = m_reader.resolvedMember(schema, "allOf")) {
            m_reader.expectArray(*allOf, "a list of schemas");
            for (const Node& part : m_reader.elements(*allOf))
                collectFields(part, prefix, location, out, depth);
        }

        const std::string type = m_reader.optString(schema, "type").value_or("");
        if (type == "array" && prefix.empty()) {
            // A bare array answer: describe one item as "[].x".
            if (std::optional<Node> items = m_reader.member(schema, "items"))
                collectFields(*items, "[].", location, out, depth + 1);
            return;
        }

        std::optional<Node> properties = m_reader.resolvedMember(schema, "properties");
        if (!properties)
            return;
        std::set<std::string> required;
        for (const std::string& name : m_reader.optStrings(schema, "required"))
            required.insert(name);

        for (const auto& [name, propertyRaw] : m_reader.members(*properties)) {
            const Node property = m_reader.resolve(propertyRaw);
            Field field;
            field.name = prefix + name;
            field.location = location;
            field.required = required.count(name) > 0;
            readSchemaFacts(property, field);
            // A $ref'd property may carry its own docs beside the $ref (OpenAPI 3.1 style).
            if (propertyRaw.isObject() && propertyRaw.pointer != property.pointer)
                readDocs(propertyRaw, field);
            const std::string fieldType = field.type;
            out.push_back(std::move(field));

            if (fieldType == "array") {
                if (std::optional<Node> items = m_reader.member(property, "items"))
                    collectFields(*items, prefix + name + "[].", location, out, depth + 1);
            } else if (fieldType == "object") {
                collectFields(property, prefix + name + ".", location, out, depth + 1);
            }
        }
    }

    void readRequestBody(const Node& body, Endpoint& e) {
        m_reader.expectObject(body, "a request body");
        const Node content = m_reader.requireMember(body, "content", "an object of media types");
        const std::vector<std::pair<std::string, Node>> media = m_reader.members(content);
        if (media.empty())
            return;

        // Prefer JSON, then a form, then whatever comes first.
        auto chosen = media.begin();
        for (auto it = media.begin(); it != media.end(); ++it) {
            if (it->first == "application/json") {
                chosen = it;
                break;
            }
            if (it->first == "application/x-www-form-urlencoded" && chosen == media.begin() &&
                media.begin()->first != "application/json")
                chosen = it;
        }
        e.bodyMediaType = chosen->first;
        const Node mediaType = m_reader.resolve(chosen->second);
        m_reader.expectObject(mediaType, "a media type object");

        const bool form = e.bodyMediaType == "application/x-www-form-urlencoded" ||
                          e.bodyMediaType == "multipart/form-data";
        std::optional<Node> schema = m_reader.member(mediaType, "schema");
        if (schema)
            collectFields(*schema, "", form ? FieldLocation::Form : FieldLocation::Body, e.fields,
                          0);
        if (form)
            return;

        if (std::optional<Node> example = m_reader.member(mediaType, "example")) {
            e.bodyExample = DocumentReader::prettyJson(example->value);
        } else if (schema) {
            const Node resolved = m_reader.resolve(*schema);
            if (std::optional<Node> example = m_reader.member(resolved, "example"))
                e.bodyExample = DocumentReader::prettyJson(example->value);
        }
    }

    void readResponses(const Node& responses, Endpoint& e) {
        m_reader.expectObject(responses, "an object of responses by status");
        bool haveSuccessFields = false;
        for (const auto& [status, raw] : m_reader.members(responses)) {
            const Node response = m_reader.resolve(raw);
            m_reader.expectObject(response, "a response object");
            ResponseDoc doc;
            doc.status = std::atoi(status.c_str()); // "default" and "4XX" stay 0
            doc.meaning = m_reader.text(response, "x-limitrail-description", "description");
            doc.impact = m_reader.text(response, "x-limitrail-impact", "");
            doc.note = m_reader.text(response, "x-limitrail-note", "");
            doc.errorCodes = m_reader.optStrings(response, "x-limitrail-errors");
            if (!doc.errorCodes.empty()) {
                doc.errorCode = doc.errorCodes.front();
                if (const ErrorDoc* error = m_catalogue.findError(doc.errorCode))
                    doc.resourceKey = error->resourceKey;
            }

            std::optional<Node> content = m_reader.resolvedMember(response, "content");
            if (content) {
                const std::vector<std::pair<std::string, Node>> media = m_reader.members(*content);
                if (!media.empty()) {
                    doc.mediaType = media.front().first;
                    const Node mediaType = m_reader.resolve(media.front().second);
                    m_reader.expectObject(mediaType, "a media type object");
                    if (std::optional<Node> schema = m_reader.member(mediaType, "schema")) {
                        doc.schemaName = schemaName(*schema);
                        if (!haveSuccessFields && doc.status >= 200 && doc.status < 300) {
                            collectFields(*schema, "", FieldLocation::Body, e.responseFields, 0);
                            haveSuccessFields = true;
                        }
                    }
                }
            }
            e.responses.push_back(std::move(doc));
        }
    }

    // "#/components/schemas/ProblemDetails" -> "ProblemDetails"; "" for inline schemas.
    std::string schemaName(const Node& schema) {
        if (!schema.isObject())
            return "";
        std::optional<std::string> ref = m_reader.optString(schema, "$ref");
        if (!ref)
            return "";
        const std::size_t slash = ref->rfind('/');
        return slash == std::string::npos ? *ref : ref->substr(slash + 1);
    }

    DocumentReader m_reader;
    Catalogue m_catalogue;
    std::set<std::string> m_oauthSchemes;
    std::string m_tokenPath;
};

} // namespace

bool loadCatalogue(std::string_view json, Catalogue& out, CatalogueError& error) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (auto code = parser.parse(json.data(), json.size()).get(root); code) {
        error.pointer = "";
        error.message = std::string("expected a JSON document: ") + simdjson::error_message(code);
        return false;
    }

    try {
        Loader loader(root);
        out = loader.load();
        return true;
    } catch (const LoadFailure& failure) {
        error.pointer = failure.pointer;
        error.message = failure.message;
        return false;
    } catch (const std::exception& unexpected) {
        // simdjson or the standard library; still a value for the UI, never a crash.
        error.pointer = "";
        error.message = std::string("the document could not be read: ") + unexpected.what();
        return false;
    }
}

} // namespace lr
