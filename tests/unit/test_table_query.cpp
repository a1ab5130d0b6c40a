// Filtering and sorting the view: the right rows in the right order, computed off the UI
// thread, with a cancelled or superseded query leaving the shown order alone.

#include "core/ListSession.hpp"
#include "core/table/Ingest.hpp"
#include "core/table/TableQuery.hpp"
#include "sandbox/Generator.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

namespace lr {
namespace {

std::shared_ptr<const ColumnarTable> tableOf(std::string_view text) {
    TableIngest ingest = ingestTable(std::make_shared<const Body>(text));
    EXPECT_TRUE(ingest.table) << ingest.detail.error.message;
    return ingest.table;
}

std::vector<std::uint32_t> viewOf(const ColumnarTable& table, TableQuery query) {
    std::atomic<bool> cancel{false};
    std::vector<std::uint32_t> rows;
    EXPECT_TRUE(computeView(table, query, cancel, {}, rows));
    return rows;
}

const char* kBody = R"([
  {"id":"b","n":3,"tag":"Red"},
  {"id":"a","n":10,"tag":"blue"},
  {"id":"c","n":-1,"tag":"red","x":true},
  {"id":"caf\u00e9","n":3},
  {"id":"d","n":"seven","tag":null}
])";

TEST(TableQuery, SortsNumbersTextAndMixedKindsInAStableOrder) {
    auto table = tableOf(kBody);
    const std::size_t n = std::size_t(table->findColumn("n"));
    const std::size_t id = std::size_t(table->findColumn("id"));
    // Numbers before text; equal numbers keep the body's order.
    EXPECT_EQ(viewOf(*table, {{{n, true}}, ""}), (std::vector<std::uint32_t>{2, 0, 3, 1, 4}));
    EXPECT_EQ(viewOf(*table, {{{n, false}}, ""}), (std::vector<std::uint32_t>{4, 1, 0, 3, 2}));
    // A second key breaks ties: n ascending, then id descending.
    EXPECT_EQ(viewOf(*table, {{{n, true}, {id, false}}, ""}),
              (std::vector<std::uint32_t>{2, 3, 0, 1, 4}));
    // Escaped text sorts by its decoded bytes ("café" after "c", before "d").
    EXPECT_EQ(viewOf(*table, {{{id, true}}, ""}), (std::vector<std::uint32_t>{1, 0, 2, 3, 4}));
}

TEST(TableQuery, FiltersOverAllColumnsOrOneColumn) {
    auto table = tableOf(kBody);
    EXPECT_EQ(viewOf(*table, {{}, "red"}), (std::vector<std::uint32_t>{0, 2}));
    EXPECT_EQ(viewOf(*table, {{}, "tag:RED"}), (std::vector<std::uint32_t>{0, 2}));
    EXPECT_EQ(viewOf(*table, {{}, "id:a"}), (std::vector<std::uint32_t>{1, 3}));
    EXPECT_EQ(viewOf(*table, {{}, "10"}), (std::vector<std::uint32_t>{1}));
    EXPECT_EQ(viewOf(*table, {{}, "x:true"}), (std::vector<std::uint32_t>{2}));
    EXPECT_EQ(viewOf(*table, {{}, "café"}), (std::vector<std::uint32_t>{3}));
    // An unknown column name is just text.
    EXPECT_TRUE(viewOf(*table, {{}, "nope:1"}).empty());
}

TEST(TableQuery, LargeSortMatchesAPlainComparisonSort) {
    auto table = tableOf(sandbox::generateExportBody(3, 20000));
    for (const char* name : {"id", "accountId", "quantity", "occurredAt"}) {
        const int column = table->findColumn(name);
        ASSERT_GE(column, 0) << name;
        const auto rows = viewOf(*table, {{{std::size_t(column), true}}, ""});
        ASSERT_EQ(rows.size(), table->rowCount());
        for (std::size_t i = 1; i < rows.size(); ++i) {
            const int c = compareCells(table->cell(rows[i - 1], std::size_t(column)),
                                       table->cell(rows[i], std::size_t(column)));
            ASSERT_TRUE(c < 0 || (c == 0 && rows[i - 1] < rows[i])) << name << " at " << i;
        }
    }
}

/// Waits until the session has nothing running, draining its results like the UI would.
void settle(UiInbox& inbox, ListSession& session) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (session.busy() && std::chrono::steady_clock::now() < deadline)
        inbox.waitAndDrain(std::chrono::milliseconds(50));
    ASSERT_FALSE(session.busy());
}

TEST(TableQuery, ACancelledSortLeavesTheOldOrderIntact) {
    UiInbox inbox;
    ListSession session(inbox);
    session.open(std::make_shared<const Body>(sandbox::generateExportBody(5, 200000)), "test");
    settle(inbox, session);
    ASSERT_EQ(session.phase(), ListPhase::Ready);
    const std::size_t id = std::size_t(session.table()->findColumn("id"));

    session.setSort({{id, false}});
    settle(inbox, session);
    const std::vector<std::uint32_t> sorted = session.view().rows;
    ASSERT_EQ(sorted.size(), 200000u);

    // Start the opposite sort and cancel it before it can finish.
    session.setSort({{id, true}});
    session.cancelQuery();
    settle(inbox, session);
    EXPECT_EQ(session.view().rows, sorted);
    EXPECT_EQ(session.view().query.sort.front().ascending, false);
}

TEST(TableQuery, ANewerQuerySupersedesTheOlder) {
    UiInbox inbox;
    ListSession session(inbox);
    session.open(std::make_shared<const Body>(sandbox::generateExportBody(6, 50000)), "test");
    settle(inbox, session);
    const std::size_t quantity = std::size_t(session.table()->findColumn("quantity"));
    session.setSort({{quantity, true}});
    session.setFilter("no row holds this text");
    session.setFilter("");
    session.setSort({{quantity, false}});
    settle(inbox, session);
    ASSERT_EQ(session.view().rows.size(), 50000u);
    EXPECT_EQ(session.view().query.sort.front().ascending, false);
    const auto& rows = session.view().rows;
    EXPECT_GE(session.table()->cell(rows.front(), quantity).number,
              session.table()->cell(rows.back(), quantity).number);
}

TEST(TableQuery, ExportWritesTheFilteredViewAsCsvAndNdjson) {
    auto table = tableOf(R"([{"a":"x,y","b":1},{"a":"say \"hi\"","b":2},{"a":"z"}])");
    const std::vector<std::uint32_t> rows = {1, 0};
    std::atomic<bool> cancel{false};
    std::string error;
    const std::string csv = ::testing::TempDir() + "/lr_export.csv";
    ASSERT_TRUE(exportRows(*table, rows, csv, false, cancel, {}, error)) << error;
    std::stringstream text;
    text << std::ifstream(csv).rdbuf();
    EXPECT_EQ(text.str(), "a,b\r\n\"say \"\"hi\"\"\",2\r\n\"x,y\",1\r\n");

    const std::string nd = ::testing::TempDir() + "/lr_export.ndjson";
    ASSERT_TRUE(exportRows(*table, rows, nd, true, cancel, {}, error)) << error;
    std::stringstream lines;
    lines << std::ifstream(nd).rdbuf();
    EXPECT_EQ(lines.str(), "{\"a\":\"say \\\"hi\\\"\",\"b\":2}\n{\"a\":\"x,y\",\"b\":1}\n");
}

} // namespace
} // namespace lr
