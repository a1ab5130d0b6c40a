// The JWT decoder behind the token popup: any text decodes or is malformed; a token it can
// verify must also decode.

#include "core/Jwt.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view token(reinterpret_cast<const char*>(data), size);
    const std::optional<lr::JwtParts> parts = lr::jwtDecode(token);
    if (parts) {
        (void)lr::jwtParseClaims(parts->payloadJson);
        (void)lr::jwtParseClaims(parts->headerJson);
    }
    lr::JwtParts verified;
    const lr::JwtStatus status = lr::jwtVerifyHs256(token, "fuzz-key", &verified);
    if (status == lr::JwtStatus::Ok && !parts)
        std::abort();
    (void)lr::toString(status);
    return 0;
}
