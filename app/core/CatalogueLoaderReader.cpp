#include "core/CatalogueLoaderReader.hpp"

#include "core/Json.hpp"

#include <cstdlib>

namespace lr::catalogue {

namespace {

// A $ref chain longer than this is a cycle (or a document nobody should write).
constexpr int kMaxRefDepth = 32;

// Callers check the type first; these only unwrap without dangling temporaries.
simdjson::dom::object objectOf(const simdjson::dom::element& value) {
    simdjson::dom::object object;
    if (value.get_object().get(object))
        return {};
    return object;
}

simdjson::dom::array arrayOf(const simdjson::dom::element& value) {
    simdjson::dom::array array;
    if (value.get_array().get(array))
        return {};
    return array;
}

// "#/components/schemas/Pet" -> {"components", "schemas", "Pet"}, with ~1 and ~0 decoded.
bool splitLocalRef(std::string_view ref, std::vector<std::string>& tokens) {
    if (ref.empty() || ref[0] != '#')
        return false;
    ref.remove_prefix(1);
    if (ref.empty())
        return true;
    if (ref[0] != '/')
        return false;
    ref.remove_prefix(1);
    while (true) {
        const std::size_t slash = ref.find('/');
        std::string_view raw = ref.substr(0, slash);
        std::string token;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
                token += raw[i + 1] == '0' ? '~' : '/';
                ++i;
            } else {
                token += raw[i];
            }
        }
        tokens.push_back(std::move(token));
        if (slash == std::string_view::npos)
            return true;
        ref.remove_prefix(slash + 1);
    }
}

} // namespace

Node Node::child(std::string_view key, simdjson::dom::element element) const {
    return Node{element, pointer + "/" + escapePointerToken(key)};
}

std::string escapePointerToken(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

const char* describeType(const simdjson::dom::element& value) {
    using simdjson::dom::element_type;
    switch (value.type()) {
    case element_type::OBJECT:
        return "an object";
    case element_type::ARRAY:
        return "an array";
    case element_type::STRING:
        return "a string";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
        return "a number";
    case element_type::BOOL:
        return "a boolean";
    case element_type::NULL_VALUE:
        return "null";
    }
    return "an unknown value";
}

void DocumentReader::fail(std::string pointer, std::string message) {
    throw LoadFailure{std::move(pointer), std::move(message)};
}

Node DocumentReader::resolve(const Node& node) const {
    Node current = node;
    for (int depth = 0; current.isObject(); ++depth) {
        simdjson::dom::element refValue;
        if (current.value.at_key("$ref").get(refValue))
            return current;

        const std::string refPointer = current.pointer + "/$ref";
        if (depth >= kMaxRefDepth)
            fail(refPointer, "$ref chain longer than " + std::to_string(kMaxRefDepth) +
                                 " steps; expected references that end in a value");
        std::string_view ref;
        if (refValue.get_string().get(ref))
            fail(refPointer, std::string("expected a string, found ") + describeType(refValue));

        std::vector<std::string> tokens;
        if (!splitLocalRef(ref, tokens))
            fail(refPointer, "$ref \"" + std::string(ref) +
                                 "\" is not local; expected a reference like \"#/components/...\"");

        // Walk from the root one token at a time, so the message can say which step failed.
        Node target = m_root;
        for (const std::string& token : tokens) {
            simdjson::dom::element next;
            bool found = false;
            if (target.isObject()) {
                found = !target.value.at_key(token).get(next);
            } else if (target.isArray()) {
                char* end = nullptr;
                const unsigned long index = std::strtoul(token.c_str(), &end, 10);
                found = !token.empty() && *end == '\0' && !target.value.at(index).get(next);
            }
            if (!found)
                fail(refPointer,
                     "$ref \"" + std::string(ref) + "\" does not resolve: " +
                         (target.pointer.empty() ? std::string("the root") : target.pointer) +
                         " has no member \"" + token + "\"");
            target = target.child(token, next);
        }
        current = target;
    }
    return current;
}

void DocumentReader::expectObject(const Node& node, std::string_view what) const {
    if (!node.isObject())
        fail(node.pointer,
             "expected " + std::string(what) + " (an object), found " + describeType(node.value));
}

void DocumentReader::expectArray(const Node& node, std::string_view what) const {
    if (!node.isArray())
        fail(node.pointer,
             "expected " + std::string(what) + " (an array), found " + describeType(node.value));
}

std::optional<Node> DocumentReader::member(const Node& object, std::string_view key) const {
    if (!object.isObject())
        fail(object.pointer,
             std::string("expected an object, found ") + describeType(object.value));
    simdjson::dom::element value;
    if (object.value.at_key(key).get(value))
        return std::nullopt;
    return object.child(key, value);
}

std::optional<Node> DocumentReader::resolvedMember(const Node& object, std::string_view key) const {
    std::optional<Node> value = member(object, key);
    if (value)
        value = resolve(*value);
    return value;
}

Node DocumentReader::requireMember(const Node& object, std::string_view key,
                                   std::string_view expected) const {
    std::optional<Node> value = resolvedMember(object, key);
    if (!value)
        fail(object.pointer + "/" + escapePointerToken(key),
             "missing; expected " + std::string(expected));
    return *value;
}

std::vector<std::pair<std::string, Node>> DocumentReader::members(const Node& object) const {
    if (!object.isObject())
        fail(object.pointer,
             std::string("expected an object, found ") + describeType(object.value));
    std::vector<std::pair<std::string, Node>> out;
    for (auto field : objectOf(object.value))
        out.emplace_back(std::string(field.key), object.child(field.key, field.value));
    return out;
}

std::vector<Node> DocumentReader::elements(const Node& array) const {
    if (!array.isArray())
        fail(array.pointer, std::string("expected an array, found ") + describeType(array.value));
    std::vector<Node> out;
    std::size_t index = 0;
    for (auto item : arrayOf(array.value))
        out.push_back(Node{item, array.pointer + "/" + std::to_string(index++)});
    return out;
}

std::string DocumentReader::string(const Node& node) const {
    std::string_view text;
    if (node.value.get_string().get(text))
        fail(node.pointer, std::string("expected a string, found ") + describeType(node.value));
    return std::string(text);
}

std::optional<std::string> DocumentReader::optString(const Node& object,
                                                     std::string_view key) const {
    std::optional<Node> value = member(object, key);
    if (!value)
        return std::nullopt;
    return string(*value);
}

bool DocumentReader::optBool(const Node& object, std::string_view key, bool fallback) const {
    std::optional<Node> value = member(object, key);
    if (!value)
        return fallback;
    bool result = false;
    if (value->value.get_bool().get(result))
        fail(value->pointer,
             std::string("expected a boolean, found ") + describeType(value->value));
    return result;
}

std::vector<std::string> DocumentReader::optStrings(const Node& object,
                                                    std::string_view key) const {
    std::vector<std::string> out;
    std::optional<Node> value = resolvedMember(object, key);
    if (!value)
        return out;
    expectArray(*value, "a list of strings");
    for (const Node& item : elements(*value))
        out.push_back(string(item));
    return out;
}

Text DocumentReader::text(const Node& object, std::string_view extensionKey,
                          std::string_view plainKey) const {
    Text out;
    if (std::optional<Node> extension = member(object, extensionKey)) {
        if (extension->isString()) {
            out.en = string(*extension);
            return out;
        }
        if (!extension->isObject())
            fail(extension->pointer, std::string("expected a text: a string or an object with "
                                                 "\"en\" and \"it\" strings, found ") +
                                         describeType(extension->value));
        out.en = optString(*extension, "en").value_or("");
        out.it = optString(*extension, "it").value_or("");
        if (!out.empty())
            return out;
    }
    if (!plainKey.empty())
        out.en = optString(object, plainKey).value_or("");
    return out;
}

std::string DocumentReader::scalarText(const simdjson::dom::element& value) {
    std::string_view text;
    if (!value.get_string().get(text))
        return std::string(text);
    // Objects and arrays stay on one line, as a form input would hold them.
    return simdjson::to_string(value);
}

std::string DocumentReader::prettyJson(const simdjson::dom::element& value) {
    return lr::prettyJson(value);
}

} // namespace lr::catalogue
