// The pretty line index must give the same lines a pretty printer would, without copying the
// body, and keep broken bodies viewable.

#include "core/PrettyText.hpp"

#include <gtest/gtest.h>

namespace lr {
namespace {

std::vector<std::string> linesOf(std::string_view text) {
    auto index = PrettyIndex::build(std::make_shared<const Body>(text));
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < index->lineCount(); ++i)
        lines.push_back(index->line(i));
    return lines;
}

TEST(PrettyText, IndentsObjectsAndArraysTwoSpacesALevel) {
    EXPECT_EQ(linesOf(R"({"items":[{"a":1,"b":"x,{y}"},{}],"next":null,"e":[]})"),
              (std::vector<std::string>{"{", "  \"items\": [", "    {", "      \"a\": 1,",
                                        "      \"b\": \"x,{y}\"", "    },", "    {}", "  ],",
                                        "  \"next\": null,", "  \"e\": []", "}"}));
}

TEST(PrettyText, ReformatsAlreadyPrettyBodiesTheSameWay) {
    EXPECT_EQ(linesOf("{\n    \"a\" :  [ 1 ,2 ],\n \"s\": \"q \\\" ,\"\n}"),
              (std::vector<std::string>{"{", "  \"a\": [", "    1,", "    2", "  ],",
                                        "  \"s\": \"q \\\" ,\"", "}"}));
}

TEST(PrettyText, BrokenBodiesStayViewableWithBadBytesReplaced) {
    const auto lines = linesOf("{\"a\":\"b\xff\",\"c\":[1,");
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[1], "  \"a\": \"b\xEF\xBF\xBD\",");
    EXPECT_EQ(lines[3], "    1,");
}

} // namespace
} // namespace lr
