// The Response body's lazy tree: a node's children with their keys, kinds and own child
// counts; labels; opening and closing; a big body read on a worker while the caller returns
// at once; and the cheap list guess the Controller makes before opening the List browser.

#include "core/JsonTree.hpp"
#include "core/table/Ingest.hpp"
#include "sandbox/Generator.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace lr {
namespace {

using namespace std::chrono_literals;

const char* kBody = R"({"items": [{"id": "a\"1", "n": 1}, {"id": "b", "tags": [1, [2, 3], {}]}],
  "nextCursor": null, "empty": [], "text": "x,]}y"})";

TEST(JsonTree, ReadsTheDirectChildrenOfANodeWithTheirCounts) {
    const std::string_view body = kBody;
    const JsonTreeRow root = readJsonRoot(body);
    EXPECT_EQ(root.kind, JsonKind::Object);
    EXPECT_EQ(root.childCount, 4u);

    const auto children = readJsonChildren(body, root.valueOffset, 1);
    ASSERT_EQ(children.size(), 4u);
    EXPECT_EQ(jsonTreeLabel(body, children[0]), "\"items\": [\xE2\x80\xA6] 2 items");
    EXPECT_EQ(jsonTreeLabel(body, children[1]), "\"nextCursor\": null");
    EXPECT_EQ(jsonTreeLabel(body, children[2]), "\"empty\": [\xE2\x80\xA6] 0 items");
    // Brackets and commas inside a string are text, not structure.
    EXPECT_EQ(jsonTreeLabel(body, children[3]), "\"text\": \"x,]}y\"");

    const auto items = readJsonChildren(body, children[0].valueOffset, 2);
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(jsonTreeLabel(body, items[0]), "[0] {\xE2\x80\xA6} 2 keys");
    const auto second = readJsonChildren(body, items[1].valueOffset, 3);
    ASSERT_EQ(second.size(), 2u);
    EXPECT_EQ(jsonTreeLabel(body, second[1]), "\"tags\": [\xE2\x80\xA6] 3 items");
    const auto first = readJsonChildren(body, items[0].valueOffset, 3);
    EXPECT_EQ(jsonTreeLabel(body, first[0]), "\"id\": \"a\\\"1\""); // escaped quote kept
}

TEST(JsonTree, OpensAndClosesRowsInPlace) {
    UiInbox inbox;
    JsonTree tree(inbox);
    tree.show(std::make_shared<const Body>(kBody));
    // Small bodies open at once: the root and its four children.
    ASSERT_EQ(tree.rows().size(), 5u);
    EXPECT_TRUE(tree.rows()[0].open);
    EXPECT_EQ(tree.label(0), "{\xE2\x80\xA6} 4 keys");

    tree.toggle(1); // items
    ASSERT_EQ(tree.rows().size(), 7u);
    EXPECT_EQ(tree.label(2), "[0] {\xE2\x80\xA6} 2 keys");
    tree.toggle(3); // items[1]
    ASSERT_EQ(tree.rows().size(), 9u);
    EXPECT_EQ(tree.rows()[5].depth, 3u);

    tree.toggle(1); // closing items drops its open descendants too
    EXPECT_EQ(tree.rows().size(), 5u);
    EXPECT_EQ(tree.label(2), "\"nextCursor\": null");
    tree.toggle(2); // a leaf: nothing happens
    EXPECT_EQ(tree.rows().size(), 5u);
}

TEST(JsonTree, ABigBodyIsReadOnAWorkerAndTheCallerReturnsAtOnce) {
    // About 40 MB: reading it takes a good fraction of a second, showing it must not.
    const auto body = std::make_shared<const Body>(sandbox::generateExportBody(7, 100'000));
    UiInbox inbox;
    JsonTree tree(inbox);
    const auto started = std::chrono::steady_clock::now();
    tree.show(body);
    const auto shown = std::chrono::steady_clock::now() - started;
    EXPECT_TRUE(tree.busy());
    EXPECT_LT(shown, 20ms);
    ASSERT_EQ(tree.rows().size(), 1u);
    EXPECT_TRUE(tree.rows()[0].loading);

    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (tree.busy() && std::chrono::steady_clock::now() < deadline)
        inbox.waitAndDrain(50ms);
    ASSERT_FALSE(tree.busy());
    ASSERT_EQ(tree.rows().size(), 3u); // root, items, nextCursor
    EXPECT_EQ(tree.label(1), "\"items\": [\xE2\x80\xA6] 100,000 items");

    // items is big too: its 100 000 rows come from the worker, the toggle returns at once.
    tree.toggle(1);
    EXPECT_TRUE(tree.busy());
    while (tree.busy() && std::chrono::steady_clock::now() < deadline)
        inbox.waitAndDrain(50ms);
    EXPECT_EQ(tree.rows().size(), 3u + 100'000u);
    EXPECT_EQ(tree.label(2).rfind("[0] {", 0), 0u) << tree.label(2);
}

TEST(ListGuess, ArraysAndItemsObjectsAreListsOtherBodiesAreNot) {
    EXPECT_TRUE(looksLikeList("  [1, 2]"));
    EXPECT_TRUE(looksLikeList(R"({"items": [], "nextCursor": null})"));
    EXPECT_TRUE(looksLikeList(R"({"meta": {"items": 3}, "count": 2, "items" : [{}]})"));
    EXPECT_FALSE(looksLikeList(R"({"meta": {"items": [1]}, "count": 2})")); // not top level
    EXPECT_FALSE(looksLikeList(R"({"title": "items", "status": 404})"));    // a value
    EXPECT_FALSE(looksLikeList(R"({"items": 3})"));
    EXPECT_FALSE(looksLikeList("not json"));
    EXPECT_FALSE(looksLikeList(""));
}

} // namespace
} // namespace lr
