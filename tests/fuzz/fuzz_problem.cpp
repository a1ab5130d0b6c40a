// ProblemDetails and OAuth error bodies: any bytes give a Problem or nullopt, never a crash.

#include "core/Problem.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    const std::optional<lr::Problem> problem = lr::parseProblem(body);
    if (problem)
        (void)(problem->title.size() + problem->errorCode.size() + problem->field.size());
    return 0;
}
