// The OpenAPI catalogue loader on any document: a catalogue, or an error with its JSON pointer.
// $ref cycles, deep nesting and wrong types must all come back as errors.

#include "core/Catalogue.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view json(reinterpret_cast<const char*>(data), size);
    lr::Catalogue catalogue;
    lr::CatalogueError error;
    if (!lr::loadCatalogue(json, catalogue, error)) {
        if (error.message.empty())
            std::abort(); // a refusal says why
        (void)error.toString();
    }
    return 0;
}
