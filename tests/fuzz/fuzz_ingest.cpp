// The list ingest on any bytes: a list answer becomes a table, anything else an error value.
// The columnar table keeps offsets into the body, so every cell it claims must lie inside it.

#include "core/table/Ingest.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto body = std::make_shared<lr::Body>();
    body->append(reinterpret_cast<const char*>(data), size);
    const lr::TableIngest ingest = lr::ingestTable(body);
    if (ingest.table == nullptr && ingest.detail.error.message.empty() && !ingest.detail.notAList)
        std::abort(); // a failure must say why
    if (ingest.detail.error.byteOffset > size)
        std::abort();
    (void)lr::firstInvalidUtf8(body->view());
    return 0;
}
