#pragma once

// The shipped catalogue, loaded once per test executable, and field look-ups into it; shared by
// the catalogue and Docs tests.

#include "core/Catalogue.hpp"
#include "core/Paths.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lr::test {

/// assets/openapi/limitrail.v1.json as the console loads it; a failed load fails the test.
inline const Catalogue& shippedCatalogue() {
    static const Catalogue catalogue = [] {
        std::string text;
        std::string error;
        const std::string path =
            std::string(LIMITRAIL_SOURCE_ASSETS) + "/openapi/limitrail.v1.json";
        EXPECT_TRUE(readFile(path, text, error)) << error;
        Catalogue loaded;
        CatalogueError loadError;
        EXPECT_TRUE(loadCatalogue(text, loaded, loadError)) << loadError.toString();
        return loaded;
    }();
    return catalogue;
}

/// The field called `name`, or nullptr.
inline const Field* findField(const std::vector<Field>& fields, const std::string& name) {
    for (const Field& field : fields) {
        if (field.name == name)
            return &field;
    }
    return nullptr;
}

} // namespace lr::test
