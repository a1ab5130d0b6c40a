// What the Docs window shows for an endpoint, built from the real catalogue: the layout of the
// web console in English, and every fixed label in Italian when Docs IT is chosen.

#include "CatalogueFixture.hpp"
#include "ui/DocsWindow.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using lr::Lang;
using lr::ui::DocsPage;
using lr::ui::DocsRow;
using lr::ui::DocsSection;

DocsPage page(const char* method, const char* path, Lang lang) {
    const lr::Endpoint* endpoint = lr::test::shippedCatalogue().find(method, path);
    EXPECT_NE(endpoint, nullptr) << method << " " << path;
    return endpoint ? lr::ui::buildDocsPage(lr::test::shippedCatalogue(), *endpoint, lang)
                    : DocsPage{};
}

const DocsSection* section(const DocsPage& page, const std::string& id) {
    for (const DocsSection& s : page.sections) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

const DocsRow* row(const DocsSection& section, const std::string& name) {
    for (const DocsRow& r : section.rows) {
        if (r.name == name)
            return &r;
    }
    return nullptr;
}

TEST(CatalogueDocsPage, TokenEndpointInEnglishFollowsTheWebConsole) {
    const DocsPage docs = page("POST", "/connect/token", Lang::En);
    EXPECT_EQ(docs.groupTitle, "Authentication");
    EXPECT_EQ(docs.method, "POST");
    EXPECT_EQ(docs.path, "/connect/token");
    EXPECT_EQ(docs.whenToUse.rfind("When to use: Run it before any other endpoint.", 0), 0u);
    EXPECT_EQ(docs.caution.rfind("The token is a short-lived bearer credential.", 0), 0u);

    // Form fields, then response fields, then statuses; no parameters, no body.
    ASSERT_EQ(docs.sections.size(), 3u);
    EXPECT_EQ(docs.sections[0].title, "Form fields");
    EXPECT_EQ(docs.sections[0].count, "4 field(s)");
    EXPECT_EQ(docs.sections[1].title, "Response fields");
    EXPECT_EQ(docs.sections[1].count, "4 field(s)");
    EXPECT_EQ(docs.sections[2].title, "Status and errors");
    EXPECT_EQ(docs.sections[2].count, "3 field(s)");

    const DocsRow* grant = row(docs.sections[0], "grant_type");
    ASSERT_NE(grant, nullptr);
    EXPECT_EQ(grant->type, "string");
    EXPECT_EQ(grant->requirement, "Required");
    EXPECT_EQ(grant->description, "OAuth2 grant type.");
    EXPECT_EQ(grant->allowedValues, "Allowed values: client_credentials");
    EXPECT_EQ(grant->impact, "Impact: Only CLIENT_CREDENTIALS is supported for "
                             "machine-to-machine integration.");
    EXPECT_FALSE(grant->note.empty());

    const DocsRow* scope = row(docs.sections[0], "scope");
    ASSERT_NE(scope, nullptr);
    EXPECT_EQ(scope->type, "space-separated string");
    EXPECT_NE(scope->allowedValues.find("limitrail.usage.write"), std::string::npos);
    EXPECT_TRUE(scope->example.empty()) << "the example only repeats the allowed values";
    EXPECT_TRUE(row(docs.sections[0], "client_secret")->example.empty());

    EXPECT_EQ(row(docs.sections[1], "scope")->requirement, "Optional");
    EXPECT_EQ(row(docs.sections[1], "expires_in")->example, "Example: 3600");

    const DocsRow* badRequest = row(docs.sections[2], "400 Bad Request");
    ASSERT_NE(badRequest, nullptr);
    EXPECT_EQ(badRequest->type, "OAuthError");
    EXPECT_FALSE(badRequest->description.empty());
    EXPECT_EQ(badRequest->impact.rfind("Impact: ", 0), 0u);
}

TEST(CatalogueDocsPage, RuntimeUsageInItalianTranslatesEveryLabel) {
    const DocsPage docs = page("GET", "/v1/runtime/usage", Lang::It);
    EXPECT_EQ(docs.groupTitle, "Runtime");
    EXPECT_EQ(docs.whenToUse.rfind("Quando usarlo: ", 0), 0u);
    EXPECT_FALSE(docs.caution.empty());

    const DocsSection* parameters = section(docs, "parameters");
    ASSERT_NE(parameters, nullptr);
    EXPECT_EQ(parameters->title, "Parametri");
    EXPECT_EQ(parameters->count, "6 campi");
    const DocsRow* from = row(*parameters, "from");
    ASSERT_NE(from, nullptr);
    EXPECT_EQ(from->type, "string (date-time) · query");
    EXPECT_EQ(from->requirement, "Obbligatorio");
    EXPECT_EQ(from->impact.rfind("Impatto: ", 0), 0u);
    EXPECT_EQ(row(*parameters, "cursor")->requirement, "Facoltativo");
    EXPECT_EQ(row(*parameters, "limit")->defaultValue, "Predefinito: 100");

    const DocsSection* response = section(docs, "response");
    ASSERT_NE(response, nullptr);
    EXPECT_EQ(response->title, "Campi della risposta");
    ASSERT_NE(row(*response, "items[].tags"), nullptr);
    EXPECT_EQ(row(*response, "items[].tags")->type, "array<string>");
    EXPECT_EQ(row(*response, "items[].tags")->example, "Esempio: [\"batch\",\"eu-west\"]");

    const DocsSection* statuses = section(docs, "statuses");
    ASSERT_NE(statuses, nullptr);
    EXPECT_EQ(statuses->title, "Stati ed errori");
    const DocsRow* badRequest = row(*statuses, "400 Bad Request");
    ASSERT_NE(badRequest, nullptr);
    EXPECT_EQ(badRequest->type, "ProblemDetails");
    EXPECT_EQ(badRequest->errorsTitle, "Codici di errore");
    ASSERT_FALSE(badRequest->errors.empty());
    EXPECT_EQ(badRequest->errors[0], "VALIDATION_REQUIRED — Manca un campo obbligatorio. "
                                     "(errors.validation.required)");
}

TEST(CatalogueDocsPage, ItalianLabelsAndCounts) {
    const lr::ui::DocsLabels& it = lr::ui::docsLabels(Lang::It);
    EXPECT_STREQ(it.required, "Obbligatorio");
    EXPECT_STREQ(it.optional, "Facoltativo");
    EXPECT_STREQ(it.allowedValues, "Valori ammessi");
    EXPECT_STREQ(it.formFields, "Campi del modulo");
    EXPECT_STREQ(it.bodyFields, "Campi del corpo");
    EXPECT_EQ(lr::ui::fieldCount(1, Lang::It), "1 campo");
    EXPECT_EQ(lr::ui::fieldCount(1, Lang::En), "1 field(s)");

    // The commit endpoint has both a header parameter and body fields.
    const DocsPage commit = page("POST", "/v1/usage/commit", Lang::It);
    const DocsSection* parameters = section(commit, "parameters");
    ASSERT_NE(parameters, nullptr);
    EXPECT_EQ(row(*parameters, "Idempotency-Key")->type, "string · header");
    const DocsSection* body = section(commit, "body");
    ASSERT_NE(body, nullptr);
    EXPECT_EQ(body->title, "Campi del corpo");
    EXPECT_EQ(body->count, "5 campi");
}

} // namespace
