// assets/openapi/limitrail.v1.json against the contract in API.md: every endpoint with its
// scope, every scope, every errorCode with its resourceKey, and documentation in English and
// Italian for every endpoint, field and status.

#include "CatalogueFixture.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace {

using lr::Catalogue;
using lr::FieldLocation;
using lr::Lang;
using lr::Text;
using lr::test::findField;

const Catalogue& limitRail() {
    return lr::test::shippedCatalogue();
}

// Both languages present, and the Italian not a copy of a long English sentence.
::testing::AssertionResult bilingual(const Text& text) {
    if (text.en.empty() || text.it.empty())
        return ::testing::AssertionFailure()
               << "en \"" << text.en << "\" / it \"" << text.it << "\" has an empty side";
    if (text.en == text.it && text.en.size() > 24)
        return ::testing::AssertionFailure() << "Italian is a copy of the English: " << text.en;
    return ::testing::AssertionSuccess();
}

struct ContractEndpoint {
    const char* method;
    const char* path;
    const char* scope; // "" when the endpoint needs no token
};

// The endpoint table of API.md, plus the OAuth host's endpoints and /health.
const ContractEndpoint kContract[] = {
    {"POST", "/connect/token", ""},
    {"GET", "/.well-known/openid-configuration", ""},
    {"GET", "/health", ""},
    {"GET", "/v1/meters", "limitrail.accounts.read"},
    {"GET", "/v1/accounts", "limitrail.accounts.read"},
    {"GET", "/v1/accounts/{accountId}", "limitrail.accounts.read"},
    {"GET", "/v1/accounts/by-external-ref/{externalRef}", "limitrail.accounts.read"},
    {"GET", "/v1/accounts/{accountId}/limits", "limitrail.limits.read"},
    {"POST", "/v1/usage/check", "limitrail.usage.read"},
    {"POST", "/v1/usage/commit", "limitrail.usage.write"},
    {"GET", "/v1/runtime/usage", "limitrail.usage.read"},
    {"GET", "/v1/runtime/decisions", "limitrail.runtime.read"},
    {"GET", "/v1/runtime/events", "limitrail.runtime.read"},
    {"GET", "/v1/usage/summary", "limitrail.usage.read"},
    {"GET", "/v1/usage/export", "limitrail.usage.read"},
};

TEST(CatalogueDocument, HasEveryEndpointOfTheContractWithItsScope) {
    const Catalogue& catalogue = limitRail();
    for (const ContractEndpoint& expected : kContract) {
        const lr::Endpoint* endpoint = catalogue.find(expected.method, expected.path);
        ASSERT_NE(endpoint, nullptr) << expected.method << " " << expected.path;
        EXPECT_EQ(endpoint->scope, expected.scope) << endpoint->key();
        EXPECT_FALSE(endpoint->tag.empty()) << endpoint->key();
        EXPECT_TRUE(bilingual(endpoint->tagTitle)) << endpoint->key();
    }
    EXPECT_EQ(catalogue.endpoints.size(), std::size(kContract)) << "an endpoint API.md lacks";
}

TEST(CatalogueDocument, DeclaresTheFiveScopesInBothLanguages) {
    const Catalogue& catalogue = limitRail();
    const std::vector<std::string> expected{"limitrail.accounts.read", "limitrail.limits.read",
                                            "limitrail.usage.read", "limitrail.usage.write",
                                            "limitrail.runtime.read"};
    EXPECT_EQ(catalogue.scopes, expected);
    for (const std::string& scope : expected) {
        auto description = catalogue.scopeDescriptions.find(scope);
        ASSERT_NE(description, catalogue.scopeDescriptions.end()) << scope;
        EXPECT_TRUE(bilingual(description->second)) << scope;
    }
}

TEST(CatalogueDocument, TokenAndDiscoveryLiveOnTheOAuthHost) {
    const Catalogue& catalogue = limitRail();
    const lr::Endpoint* token = catalogue.find("POST", "/connect/token");
    ASSERT_NE(token, nullptr);
    EXPECT_TRUE(token->isTokenEndpoint);
    EXPECT_TRUE(token->usesOAuthHost);
    EXPECT_EQ(token->bodyMediaType, "application/x-www-form-urlencoded");
    EXPECT_EQ(token->tagTitle.get(Lang::En), "Authentication");
    EXPECT_EQ(token->tagTitle.get(Lang::It), "Autenticazione");

    // The seed's texts, word for word in English.
    EXPECT_EQ(token->description.get(Lang::En),
              "Exchanges OAuth client credentials for a bearer token used by every public "
              "LimitRail API call.");
    EXPECT_EQ(token->whenToUse.get(Lang::En),
              "Run it before any other endpoint. The selected scopes define what the returned "
              "token is allowed to call.");

    const std::vector<std::string> formFields{"grant_type", "client_id", "client_secret", "scope"};
    ASSERT_EQ(token->fields.size(), formFields.size());
    for (std::size_t i = 0; i < formFields.size(); ++i) {
        EXPECT_EQ(token->fields[i].name, formFields[i]);
        EXPECT_EQ(token->fields[i].location, FieldLocation::Form);
        EXPECT_TRUE(token->fields[i].required) << formFields[i];
    }
    EXPECT_EQ(token->fields[0].allowedValues, (std::vector<std::string>{"client_credentials"}));
    EXPECT_EQ(token->fields[1].allowedValues,
              (std::vector<std::string>{"lr_cdadc4d7359a489ca5a2bd3fc9cb0202"}));
    EXPECT_EQ(catalogue.tokenClientIds, token->fields[1].allowedValues);
    EXPECT_EQ(token->fields[2].format, "password");
    EXPECT_EQ(token->fields[3].allowedValues, catalogue.scopes);

    EXPECT_TRUE(findField(token->responseFields, "access_token")->required);
    EXPECT_FALSE(findField(token->responseFields, "scope")->required);
    EXPECT_EQ(findField(token->responseFields, "expires_in")->example, "3600");

    // Token errors are OAuth errors, not ProblemDetails.
    for (const lr::ResponseDoc& response : token->responses) {
        if (response.status >= 400) {
            EXPECT_EQ(response.schemaName, "OAuthError") << response.status;
        }
    }

    const lr::Endpoint* discovery = catalogue.find("GET", "/.well-known/openid-configuration");
    ASSERT_NE(discovery, nullptr);
    EXPECT_TRUE(discovery->usesOAuthHost);
    EXPECT_FALSE(discovery->isTokenEndpoint);
    EXPECT_FALSE(catalogue.find("GET", "/health")->usesOAuthHost);
    EXPECT_FALSE(catalogue.find("GET", "/v1/meters")->usesOAuthHost);
}

TEST(CatalogueDocument, CommitNeedsAnIdempotencyKeyHeaderAndRuntimeListsAWindow) {
    const Catalogue& catalogue = limitRail();
    const lr::Endpoint* commit = catalogue.find("POST", "/v1/usage/commit");
    ASSERT_NE(commit, nullptr);
    const lr::Field* key = findField(commit->fields, "Idempotency-Key");
    ASSERT_NE(key, nullptr);
    EXPECT_EQ(key->location, FieldLocation::Header);
    EXPECT_TRUE(key->required);
    EXPECT_EQ(commit->bodyMediaType, "application/json");
    EXPECT_NE(commit->bodyExample.find("\"quantity\": 1"), std::string::npos)
        << commit->bodyExample;
    EXPECT_EQ(findField(commit->fields, "occurredAt")->format, "date-time");
    EXPECT_FALSE(findField(commit->fields, "occurredAt")->required);

    std::set<int> statuses;
    for (const lr::ResponseDoc& response : commit->responses)
        statuses.insert(response.status);
    EXPECT_EQ(statuses, (std::set<int>{200, 201, 400, 401, 403, 404, 409, 422, 429}));

    for (const char* path : {"/v1/runtime/usage", "/v1/runtime/decisions", "/v1/runtime/events",
                             "/v1/usage/summary", "/v1/usage/export"}) {
        const lr::Endpoint* list = catalogue.find("GET", path);
        ASSERT_NE(list, nullptr) << path;
        for (const char* name : {"from", "to"}) {
            const lr::Field* field = findField(list->fields, name);
            ASSERT_NE(field, nullptr) << path << " " << name;
            EXPECT_EQ(field->location, FieldLocation::Query);
            EXPECT_TRUE(field->required);
            EXPECT_EQ(field->format, "date-time");
        }
    }
    const lr::Endpoint* usage = catalogue.find("GET", "/v1/runtime/usage");
    EXPECT_EQ(findField(usage->fields, "limit")->defaultValue, "100");
    for (const char* name : {"items[].id", "items[].accountId", "items[].externalRef",
                             "items[].meter", "items[].quantity", "items[].unit",
                             "items[].occurredAt", "items[].committedAt", "items[].idempotencyKey",
                             "items[].source", "items[].tags", "items[].metadata", "nextCursor"})
        EXPECT_NE(findField(usage->responseFields, name), nullptr) << name;
    EXPECT_EQ(
        findField(catalogue.find("GET", "/v1/usage/summary")->fields, "groupBy")->allowedValues,
        (std::vector<std::string>{"meter", "account", "day"}));
}

TEST(CatalogueDocument, EveryEndpointFieldAndStatusIsDocumentedInBothLanguages) {
    const Catalogue& catalogue = limitRail();
    int fields = 0;
    int statuses = 0;
    for (const lr::Endpoint& e : catalogue.endpoints) {
        EXPECT_TRUE(bilingual(e.summary)) << e.key();
        EXPECT_TRUE(bilingual(e.description)) << e.key();
        EXPECT_TRUE(bilingual(e.whenToUse)) << e.key();
        if (!e.caution.empty()) {
            EXPECT_TRUE(bilingual(e.caution)) << e.key();
        }

        for (const auto* list : {&e.fields, &e.responseFields}) {
            for (const lr::Field& field : *list) {
                ++fields;
                EXPECT_FALSE(field.type.empty()) << e.key() << " " << field.name;
                EXPECT_TRUE(bilingual(field.description)) << e.key() << " " << field.name;
                EXPECT_TRUE(bilingual(field.impact)) << e.key() << " " << field.name;
                EXPECT_TRUE(bilingual(field.note)) << e.key() << " " << field.name;
            }
        }
        EXPECT_FALSE(e.responseFields.empty()) << e.key();

        ASSERT_FALSE(e.responses.empty()) << e.key();
        for (const lr::ResponseDoc& response : e.responses) {
            ++statuses;
            EXPECT_GT(response.status, 0) << e.key();
            EXPECT_TRUE(bilingual(response.meaning)) << e.key() << " " << response.status;
            EXPECT_TRUE(bilingual(response.impact)) << e.key() << " " << response.status;
            EXPECT_TRUE(bilingual(response.note)) << e.key() << " " << response.status;
        }
    }
    EXPECT_GT(fields, 140); // flattened list items included (146 today)
    EXPECT_GT(statuses, 60);
}

TEST(CatalogueDocument, EveryErrorCodeHasItsResourceKeyAndMessagesInBothLanguages) {
    const Catalogue& catalogue = limitRail();
    struct Expected {
        const char* code;
        int status;
    };
    // The errorCode table of API.md.
    const Expected contract[] = {
        {"VALIDATION_REQUIRED", 400},     {"VALIDATION_FORMAT", 400},
        {"VALIDATION_RANGE", 400},        {"SECRET_ON_API_HOST", 400},
        {"AUTH_INVALID_TOKEN", 401},      {"AUTH_INSUFFICIENT_SCOPE", 403},
        {"ACCOUNT_NOT_FOUND", 404},       {"METER_NOT_FOUND", 404},
        {"LIMIT_EXCEEDED", 409},          {"IDEMPOTENCY_KEY_REUSED", 422},
        {"IDEMPOTENCY_IN_PROGRESS", 409}, {"RATE_LIMITED", 429},
    };
    std::set<std::string> keys;
    for (const Expected& expected : contract) {
        const lr::ErrorDoc* error = catalogue.findError(expected.code);
        ASSERT_NE(error, nullptr) << expected.code;
        EXPECT_EQ(error->status, expected.status) << expected.code;
        EXPECT_EQ(error->resourceKey.rfind("errors.", 0), 0u) << error->resourceKey;
        EXPECT_TRUE(keys.insert(error->resourceKey).second) << "duplicate " << error->resourceKey;
        EXPECT_TRUE(bilingual(error->message)) << expected.code;
        EXPECT_TRUE(bilingual(error->hint)) << expected.code;
        auto message = catalogue.errorMessages.find(error->resourceKey);
        ASSERT_NE(message, catalogue.errorMessages.end()) << error->resourceKey;
        EXPECT_TRUE(bilingual(message->second)) << error->resourceKey;
    }
    EXPECT_EQ(catalogue.errors.size(), std::size(contract));
    EXPECT_EQ(catalogue.findError("VALIDATION_REQUIRED")->resourceKey,
              "errors.validation.required");

    // Every error a status names is in the table, and API errors are ProblemDetails.
    for (const lr::Endpoint& e : catalogue.endpoints) {
        for (const lr::ResponseDoc& response : e.responses) {
            for (const std::string& code : response.errorCodes) {
                const lr::ErrorDoc* error = catalogue.findError(code);
                ASSERT_NE(error, nullptr) << e.key() << " " << code;
                EXPECT_EQ(error->status, response.status) << e.key() << " " << code;
            }
            if (response.status >= 400 && !e.usesOAuthHost) {
                EXPECT_EQ(response.schemaName, "ProblemDetails") << e.key() << response.status;
                EXPECT_EQ(response.mediaType, "application/problem+json") << e.key();
                EXPECT_FALSE(response.resourceKey.empty()) << e.key() << response.status;
            }
        }
    }
}

} // namespace
