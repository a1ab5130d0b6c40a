#pragma once

// The loader's view of an OpenAPI document: simdjson DOM values that travel with their JSON
// pointer, so that every failure names where it happened and what was expected. Local $refs
// are followed here. Used by CatalogueLoader.cpp only.

#include "core/Catalogue.hpp"

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lr::catalogue {

/// Thrown inside the loader only; loadCatalogue() turns it into a CatalogueError.
struct LoadFailure {
    std::string pointer;
    std::string message;
};

/// A value of the document and the JSON pointer it was read from.
struct Node {
    simdjson::dom::element value;
    std::string pointer;

    [[nodiscard]] bool isObject() const { return value.is_object(); }
    [[nodiscard]] bool isArray() const { return value.is_array(); }
    [[nodiscard]] bool isString() const { return value.is_string(); }
    [[nodiscard]] Node child(std::string_view key, simdjson::dom::element element) const;
};

/// "~" -> "~0", "/" -> "~1" (RFC 6901).
std::string escapePointerToken(std::string_view token);

/// "an object", "an array", "a string", "a number", "a boolean", "null".
const char* describeType(const simdjson::dom::element& value);

class DocumentReader {
public:
    explicit DocumentReader(simdjson::dom::element root) : m_root{root, ""} {}

    [[nodiscard]] const Node& root() const { return m_root; }

    [[noreturn]] static void fail(std::string pointer, std::string message);

    /// Follows `$ref` (local, "#/...") until the value is not a reference.
    [[nodiscard]] Node resolve(const Node& node) const;

    void expectObject(const Node& node, std::string_view what) const;
    void expectArray(const Node& node, std::string_view what) const;

    /// The member as written (not resolved); nothing when absent. `object` must be an object.
    [[nodiscard]] std::optional<Node> member(const Node& object, std::string_view key) const;
    /// The member, resolved; nothing when absent.
    [[nodiscard]] std::optional<Node> resolvedMember(const Node& object,
                                                     std::string_view key) const;
    /// The member, resolved; fails naming "/pointer/key" and `expected` when absent.
    [[nodiscard]] Node requireMember(const Node& object, std::string_view key,
                                     std::string_view expected) const;

    [[nodiscard]] std::vector<std::pair<std::string, Node>> members(const Node& object) const;
    [[nodiscard]] std::vector<Node> elements(const Node& array) const;

    [[nodiscard]] std::string string(const Node& node) const;
    [[nodiscard]] std::optional<std::string> optString(const Node& object,
                                                       std::string_view key) const;
    [[nodiscard]] bool optBool(const Node& object, std::string_view key, bool fallback) const;
    [[nodiscard]] std::vector<std::string> optStrings(const Node& object,
                                                      std::string_view key) const;

    /// A documentation text: `extensionKey` holds "text" or {"en": ..., "it": ...}; without it
    /// the plain `plainKey` string (English) is used; "" for plainKey means no fallback.
    [[nodiscard]] Text text(const Node& object, std::string_view extensionKey,
                            std::string_view plainKey) const;

    /// An example or default as the user would type it: strings bare, the rest as compact JSON.
    [[nodiscard]] static std::string scalarText(const simdjson::dom::element& value);
    /// Any value as JSON indented by two spaces.
    [[nodiscard]] static std::string prettyJson(const simdjson::dom::element& value);

private:
    Node m_root;
};

} // namespace lr::catalogue
