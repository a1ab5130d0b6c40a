// The loader on small documents: a plain OpenAPI 3 document without LimitRail's extensions
// loads with docs from `description`, and a broken document is reported with the JSON pointer
// of the fault and what was expected there.

#include "CatalogueFixture.hpp"
#include "core/Paths.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using lr::Catalogue;
using lr::CatalogueError;
using lr::FieldLocation;
using lr::Lang;
using lr::test::findField;

std::string readTestFile(const std::string& name) {
    std::string text;
    std::string error;
    EXPECT_TRUE(lr::readFile(std::string(LIMITRAIL_TEST_DATA) + "/openapi/" + name, text, error))
        << error;
    return text;
}

CatalogueError loadError(const std::string& json) {
    Catalogue catalogue;
    CatalogueError error;
    EXPECT_FALSE(lr::loadCatalogue(json, catalogue, error)) << "the document should not load";
    return error;
}

// A minimal valid document; tests break one thing in it at a time.
const char* kMinimalHead = R"({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},)";

TEST(CatalogueLoader, PlainDocumentLoadsWithDocsFromDescription) {
    Catalogue catalogue;
    CatalogueError error;
    ASSERT_TRUE(lr::loadCatalogue(readTestFile("petstore-plain.json"), catalogue, error))
        << error.toString();

    EXPECT_EQ(catalogue.title, "Plain Pet Store");
    EXPECT_EQ(catalogue.version, "2.1.0");
    ASSERT_EQ(catalogue.endpoints.size(), 3u);
    EXPECT_EQ(catalogue.scopes, (std::vector<std::string>{"pets.read", "pets.write"}));
    EXPECT_EQ(catalogue.scopeDescriptions["pets.write"].get(Lang::En), "Change pets");

    // Without x-limitrail-* the Italian docs fall back to the English description.
    const lr::Endpoint* list = catalogue.find("GET", "/pets");
    ASSERT_NE(list, nullptr);
    EXPECT_EQ(list->tag, "pets");
    EXPECT_EQ(catalogue.tagTitle("pets", Lang::It), "pets");
    EXPECT_EQ(list->summary.get(Lang::It), "List all pets");
    EXPECT_EQ(list->scope, "pets.read"); // the document-wide security applies
    EXPECT_FALSE(list->usesOAuthHost);

    // A $ref'd parameter, an inline one with an enum; the cookie parameter is not a field.
    ASSERT_EQ(list->fields.size(), 2u);
    EXPECT_EQ(list->fields[0].name, "limit");
    EXPECT_EQ(list->fields[0].location, FieldLocation::Query);
    EXPECT_EQ(list->fields[0].type, "integer");
    EXPECT_EQ(list->fields[0].defaultValue, "20");
    EXPECT_EQ(list->fields[0].description.get(Lang::It), "How many pets to return");
    EXPECT_EQ(list->fields[1].allowedValues, (std::vector<std::string>{"cat", "dog", "parrot"}));

    // A bare array answer lists one item's fields, allOf merged with its required marks.
    const lr::Field* id = findField(list->responseFields, "[].id");
    ASSERT_NE(id, nullptr);
    EXPECT_TRUE(id->required);
    EXPECT_EQ(id->format, "int64");
    const lr::Field* name = findField(list->responseFields, "[].name");
    ASSERT_NE(name, nullptr);
    EXPECT_TRUE(name->required);
    const lr::Field* tags = findField(list->responseFields, "[].tags");
    ASSERT_NE(tags, nullptr);
    EXPECT_EQ(tags->type, "array");
    EXPECT_EQ(tags->itemType, "string");
    ASSERT_EQ(list->responses.size(), 2u);
    EXPECT_EQ(list->responses[0].status, 200);
    EXPECT_EQ(list->responses[0].meaning.get(Lang::En), "A page of pets");
    EXPECT_EQ(list->responses[1].status, 0); // "default"
    EXPECT_EQ(list->responses[1].schemaName, "Error");

    // A JSON body: fields from the $ref'd schema, the example pretty-printed.
    const lr::Endpoint* create = catalogue.find("POST", "/pets");
    ASSERT_NE(create, nullptr);
    EXPECT_EQ(create->scope, "pets.write");
    EXPECT_EQ(create->bodyMediaType, "application/json");
    EXPECT_EQ(create->description.get(Lang::En), "Adds a pet to the store.");
    ASSERT_EQ(create->fields.size(), 2u);
    EXPECT_EQ(create->fields[0].location, FieldLocation::Body);
    EXPECT_TRUE(create->fields[0].required);
    EXPECT_FALSE(create->fields[1].required);
    EXPECT_EQ(create->fields[0].example, "Tom");
    EXPECT_EQ(create->bodyExample, "{\n  \"name\": \"Tom\",\n  \"species\": \"cat\"\n}");

    // Path-level parameters reach the operation; "security: []" means no token.
    const lr::Endpoint* remove = catalogue.find("DELETE", "/pets/{petId}");
    ASSERT_NE(remove, nullptr);
    EXPECT_EQ(remove->scope, "");
    ASSERT_EQ(remove->fields.size(), 1u);
    EXPECT_EQ(remove->fields[0].location, FieldLocation::Path);
    EXPECT_TRUE(remove->fields[0].required);
    EXPECT_EQ(remove->fields[0].example, "42");
    EXPECT_EQ(remove->description.get(Lang::En), "Delete a pet"); // summary stands in
}

TEST(CatalogueLoader, MissingPathsIsReportedAtPaths) {
    const CatalogueError error = loadError(std::string(kMinimalHead) + R"("components": {}})");
    EXPECT_EQ(error.pointer, "/paths");
    EXPECT_NE(error.message.find("missing"), std::string::npos) << error.message;
    EXPECT_NE(error.message.find("expected an object of path items"), std::string::npos);
    EXPECT_NE(error.toString().find("at /paths"), std::string::npos) << error.toString();
}

TEST(CatalogueLoader, BadRefIsReportedAtTheRefWithTheMissingStep) {
    const CatalogueError error = loadError(std::string(kMinimalHead) + R"(
        "paths": {"/v1/meters": {"get": {"responses": {
            "401": {"$ref": "#/components/responses/Unauthorised"}}}}},
        "components": {"responses": {"Unauthorized": {"description": "no"}}}})");
    EXPECT_EQ(error.pointer, "/paths/~1v1~1meters/get/responses/401/$ref");
    EXPECT_NE(error.message.find("#/components/responses/Unauthorised"), std::string::npos)
        << error.message;
    EXPECT_NE(error.message.find("/components/responses has no member \"Unauthorised\""),
              std::string::npos)
        << error.message;
}

TEST(CatalogueLoader, NonLocalAndCyclicRefsAreErrors) {
    const CatalogueError remote = loadError(std::string(kMinimalHead) + R"(
        "paths": {"/a": {"$ref": "other.json#/paths/~1a"}}})");
    EXPECT_EQ(remote.pointer, "/paths/~1a/$ref");
    EXPECT_NE(remote.message.find("not local"), std::string::npos) << remote.message;

    const CatalogueError cycle = loadError(std::string(kMinimalHead) + R"(
        "paths": {"/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/A"}}}}},
        "components": {"responses": {"A": {"$ref": "#/components/responses/B"},
                                     "B": {"$ref": "#/components/responses/A"}}}})");
    EXPECT_NE(cycle.message.find("$ref chain"), std::string::npos) << cycle.message;
    EXPECT_NE(cycle.pointer.find("/components/responses/"), std::string::npos) << cycle.pointer;
}

TEST(CatalogueLoader, WrongTypesAreReportedWithTheirPointer) {
    const CatalogueError paths = loadError(std::string(kMinimalHead) + R"("paths": []})");
    EXPECT_EQ(paths.pointer, "/paths");
    EXPECT_NE(paths.message.find("found an array"), std::string::npos) << paths.message;

    const CatalogueError required = loadError(std::string(kMinimalHead) + R"(
        "paths": {"/a": {"get": {"parameters": [
            {"name": "x", "in": "query", "required": "yes"}], "responses": {}}}}})");
    EXPECT_EQ(required.pointer, "/paths/~1a/get/parameters/0/required");
    EXPECT_NE(required.message.find("expected a boolean, found a string"), std::string::npos)
        << required.message;

    // The fault inside a $ref'd parameter is named where it really is.
    const CatalogueError inRef = loadError(std::string(kMinimalHead) + R"(
        "paths": {"/a": {"get": {"parameters": [{"$ref": "#/components/parameters/P"}],
                                 "responses": {}}}},
        "components": {"parameters": {"P": {"name": 7, "in": "query"}}}})");
    EXPECT_EQ(inRef.pointer, "/components/parameters/P/name");
    EXPECT_NE(inRef.message.find("expected a string, found a number"), std::string::npos);

    const CatalogueError text = loadError(std::string(kMinimalHead) + R"(
        "paths": {"/a": {"get": {"x-limitrail-caution": 3, "responses": {}}}}})");
    EXPECT_EQ(text.pointer, "/paths/~1a/get/x-limitrail-caution");
}

TEST(CatalogueLoader, NotJsonAndNotOpenApi3AreErrors) {
    const CatalogueError notJson = loadError("{\"openapi\": ");
    EXPECT_EQ(notJson.pointer, "");
    EXPECT_NE(notJson.message.find("expected a JSON document"), std::string::npos);
    EXPECT_NE(notJson.toString().find("at the document root"), std::string::npos);

    const CatalogueError swagger2 =
        loadError(R"({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}})");
    EXPECT_EQ(swagger2.pointer, "/openapi");

    const CatalogueError version = loadError(R"({"openapi": "2.0", "paths": {}})");
    EXPECT_EQ(version.pointer, "/openapi");
    EXPECT_NE(version.message.find("3.x"), std::string::npos);
}

TEST(CatalogueLoader, AFailedLoadLeavesTheCatalogueAsItWas) {
    Catalogue catalogue;
    CatalogueError error;
    ASSERT_TRUE(lr::loadCatalogue(readTestFile("petstore-plain.json"), catalogue, error));
    EXPECT_FALSE(lr::loadCatalogue(std::string(kMinimalHead) + "\"paths\": 1}", catalogue, error));
    EXPECT_EQ(catalogue.endpoints.size(), 3u);
}

} // namespace
