// The columnar table must hold exactly what a reference JSON parser sees, cell by cell, and
// refuse broken bodies with an error that points at the problem.

#include "core/table/Ingest.hpp"
#include "sandbox/Generator.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <random>

namespace lr {
namespace {

using nlohmann::json;

SharedBody makeBody(std::string_view text) {
    return std::make_shared<const Body>(text);
}

/// The reference: nlohmann's view of the rows, flattened with the same rules the ingester
/// documents (objects as a.b, arrays and empty objects kept as JSON).
struct Reference {
    std::vector<std::string> columns;
    std::vector<std::map<std::string, json>> rows;
    std::vector<json> rowJson;
};

void flatten(const json& object, const std::string& prefix, Reference& ref,
             std::map<std::string, json>& row) {
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::string path = prefix + it.key();
        if (it->is_object() && !it->empty()) {
            flatten(*it, path + ".", ref, row);
            continue;
        }
        if (std::find(ref.columns.begin(), ref.columns.end(), path) == ref.columns.end())
            ref.columns.push_back(path);
        row[path] = *it;
    }
}

Reference reference(const std::string& text) {
    // ordered_json keeps key order, which is what "first-seen order" is about.
    const nlohmann::ordered_json doc = nlohmann::ordered_json::parse(text);
    const auto& items = doc.is_array() ? doc : doc.at("items");
    Reference ref;
    for (const auto& item : items) {
        std::map<std::string, json> row;
        if (item.is_object()) {
            flatten(json::parse(item.dump()), "", ref, row);
            // json (unordered) sorts keys; take the column order from the ordered document.
        } else {
            if (ref.columns.empty())
                ref.columns.push_back("value");
            row["value"] = json::parse(item.dump());
        }
        ref.rows.push_back(std::move(row));
        ref.rowJson.push_back(json::parse(item.dump()));
    }
    // Recompute first-seen order with the ordered document.
    ref.columns.clear();
    std::function<void(const nlohmann::ordered_json&, const std::string&)> walk =
        [&](const nlohmann::ordered_json& object, const std::string& prefix) {
            for (auto it = object.begin(); it != object.end(); ++it) {
                const std::string path = prefix + it.key();
                if (it->is_object() && !it->empty()) {
                    walk(*it, path + ".");
                } else if (std::find(ref.columns.begin(), ref.columns.end(), path) ==
                           ref.columns.end()) {
                    ref.columns.push_back(path);
                }
            }
        };
    for (const auto& item : items) {
        if (item.is_object())
            walk(item, "");
        else if (ref.columns.empty())
            ref.columns.push_back("value");
    }
    return ref;
}

void expectSameAsReference(const std::string& text) {
    const Reference ref = reference(text);
    const TableIngest ingest = ingestTable(makeBody(text));
    ASSERT_TRUE(ingest.table) << ingest.detail.error.message << " at "
                              << ingest.detail.error.byteOffset;
    const ColumnarTable& table = *ingest.table;

    ASSERT_EQ(table.rowCount(), ref.rows.size());
    ASSERT_EQ(table.columnCount(), ref.columns.size());
    for (std::size_t c = 0; c < ref.columns.size(); ++c)
        ASSERT_EQ(table.columnName(c), ref.columns[c]) << "column " << c;

    for (std::size_t r = 0; r < ref.rows.size(); ++r) {
        for (std::size_t c = 0; c < ref.columns.size(); ++c) {
            const CellValue cell = table.cell(r, c);
            auto it = ref.rows[r].find(ref.columns[c]);
            const std::string where = "row " + std::to_string(r) + " column " + ref.columns[c];
            if (it == ref.rows[r].end()) {
                EXPECT_EQ(cell.kind, CellKind::Missing) << where;
                continue;
            }
            const json& expected = it->second;
            switch (expected.type()) {
            case json::value_t::null:
                EXPECT_EQ(cell.kind, CellKind::Null) << where;
                break;
            case json::value_t::boolean:
                EXPECT_EQ(cell.kind, expected.get<bool>() ? CellKind::True : CellKind::False)
                    << where;
                break;
            case json::value_t::number_integer:
            case json::value_t::number_unsigned:
            case json::value_t::number_float:
                ASSERT_EQ(cell.kind, CellKind::Number) << where;
                EXPECT_EQ(cell.number, expected.get<double>()) << where;
                break;
            case json::value_t::string:
                ASSERT_TRUE(cell.kind == CellKind::String || cell.kind == CellKind::EscapedString)
                    << where;
                EXPECT_EQ(cell.text, expected.get<std::string>()) << where;
                break;
            default:
                ASSERT_EQ(cell.kind, CellKind::RawJson) << where;
                EXPECT_EQ(json::parse(cell.text), expected) << where;
                EXPECT_EQ(table.displayText(r, c), expected.dump()) << where;
                break;
            }
        }
        // The row's own text is the row, byte for byte.
        EXPECT_EQ(json::parse(table.rowJson(r)), ref.rowJson[r]) << "row " << r;
    }
}

/// Rows with escapes, non-ASCII text, missing keys, mixed kinds and nested objects, from a
/// seed, so a failure names the body that caused it.
std::string randomBody(std::uint32_t seed, int rows, bool pretty) {
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return int(rng() % unsigned(n)); };
    const char* strings[] = {
        "plain",   "tab\there",   "quote \" inside", "back\\slash", "caffè", "日本語",
        "emoji 😀", "line\nbreak", "\u00e9t\u00e9",   "slash / ok",  ""};
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    for (int r = 0; r < rows; ++r) {
        nlohmann::ordered_json row = nlohmann::ordered_json::object();
        row["id"] = "row-" + std::to_string(r);
        if (pick(4) != 0)
            row["name"] = strings[pick(11)];
        switch (pick(4)) { // a mixed column
        case 0:
            row["value"] = pick(1000) - 500;
            break;
        case 1:
            row["value"] = strings[pick(11)];
            break;
        case 2:
            row["value"] = pick(2) == 0;
            break;
        default:
            row["value"] = nullptr;
        }
        row["amount"] = double(pick(100000)) / 100.0;
        if (pick(3) == 0) {
            row["meta"]["region"] = strings[pick(11)];
            row["meta"]["deep"]["level"] = pick(10);
        }
        if (pick(5) == 0)
            row["tags"] = {strings[pick(11)], pick(9)};
        if (pick(7) == 0)
            row["empty"] = nlohmann::ordered_json::object();
        if (pick(10) == 0)
            row["late" + std::to_string(pick(3))] = "appears late";
        items.push_back(row);
    }
    nlohmann::ordered_json doc;
    doc["items"] = items;
    doc["nextCursor"] = "c-42";
    std::string text = pretty ? doc.dump(2) : doc.dump();
    // nlohmann writes non-ASCII as UTF-8; add \u escapes of our own for the decoder.
    return text;
}

TEST(TableIngest, MatchesReferenceOnRandomBodies) {
    for (std::uint32_t seed = 1; seed <= 8; ++seed)
        expectSameAsReference(randomBody(seed, 300, seed % 2 == 0));
}

TEST(TableIngest, MatchesReferenceOnSandboxExport) {
    expectSameAsReference(sandbox::generateExportBody(7, 3000));
}

TEST(TableIngest, DecodesUnicodeEscapesAndSurrogatePairs) {
    const std::string text = R"([{"s":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/"},{"s":"\u65e5\u672c"},)"
                             R"({"s":"lone \ud800 x"},{"s":"\t\n"}, {"s":"plain"} ])";
    expectSameAsReference(text.substr(0, text.find(R"({"s":"lone)")) + R"({"s":"\t\n"}])");

    const TableIngest ingest = ingestTable(makeBody(text));
    ASSERT_TRUE(ingest.table);
    EXPECT_EQ(ingest.table->cell(0, 0).text, "café 😀 \"q\" \\ /");
    EXPECT_EQ(ingest.table->cell(0, 0).kind, CellKind::EscapedString);
    EXPECT_EQ(ingest.table->cell(1, 0).text, "日本");
    EXPECT_EQ(ingest.table->cell(2, 0).text, "lone \xEF\xBF\xBD x"); // replaced, not raw
    EXPECT_EQ(ingest.table->cell(4, 0).kind, CellKind::String);
    EXPECT_EQ(ingest.table->rowJson(4), R"({"s":"plain"})");
}

TEST(TableIngest, ColumnKindsFollowTheirCells) {
    const std::string text =
        R"({"items":[{"n":1,"s":"a","b":true,"z":null,"m":1},{"n":2.5,"b":false,"m":"x"}],)"
        R"("nextCursor":"abc"})";
    const TableIngest ingest = ingestTable(makeBody(text));
    ASSERT_TRUE(ingest.table);
    const ColumnarTable& t = *ingest.table;
    EXPECT_EQ(t.columnKind(std::size_t(t.findColumn("n"))), ColumnKind::Number);
    EXPECT_EQ(t.columnKind(std::size_t(t.findColumn("s"))), ColumnKind::String);
    EXPECT_EQ(t.columnKind(std::size_t(t.findColumn("b"))), ColumnKind::Bool);
    EXPECT_EQ(t.columnKind(std::size_t(t.findColumn("z"))), ColumnKind::Null);
    EXPECT_EQ(t.columnKind(std::size_t(t.findColumn("m"))), ColumnKind::Mixed);
    EXPECT_EQ(t.cell(1, std::size_t(t.findColumn("s"))).kind, CellKind::Missing);
    ASSERT_TRUE(ingest.detail.nextCursor);
    EXPECT_EQ(*ingest.detail.nextCursor, "abc");
}

TEST(TableIngest, CellsPointIntoTheBodyWithoutCopies) {
    const SharedBody body = makeBody(R"([{"a":"hello"}])");
    const TableIngest ingest = ingestTable(body);
    ASSERT_TRUE(ingest.table);
    const CellValue cell = ingest.table->cell(0, 0);
    EXPECT_GE(cell.text.data(), body->data());
    EXPECT_LT(cell.text.data(), body->data() + body->size());
}

struct BadBody {
    const char* name;
    std::string text;
    std::string messagePart;
    std::size_t offset;
};

TEST(TableIngest, BrokenBodiesGiveAnErrorWithItsOffset) {
    const std::vector<BadBody> cases = {
        {"truncated inside an array", R"({"items":[{"a":1},{"a":2)", "Truncated", 24},
        {"truncated inside a string", R"({"items":[{"a":1},{"a":"unfinished)", "never closed", 23},
        {"stray closing bracket", R"({"items":[{"a":1}]]})", "unexpected ']'", 18},
        {"missing value", R"({"items":[{"a":1},{"b":}]})", "Malformed JSON", 0},
        {"invalid UTF-8", std::string(R"({"items":[{"a":"ok"},{"a":"b)") + "\xff" + R"("}]})",
         "Invalid UTF-8", 28},
        {"empty body", "", "empty", 0},
        {"trailing garbage", R"([{"a":1}] x)", "after the end", 10},
    };
    for (const BadBody& bad : cases) {
        const TableIngest ingest = ingestTable(makeBody(bad.text));
        EXPECT_FALSE(ingest.table) << bad.name;
        EXPECT_NE(ingest.detail.error.message.find(bad.messagePart), std::string::npos)
            << bad.name << ": " << ingest.detail.error.message;
        if (bad.offset > 0) {
            EXPECT_EQ(ingest.detail.error.byteOffset, bad.offset) << bad.name;
        }
        EXPECT_LE(ingest.detail.error.byteOffset, bad.text.size()) << bad.name;
    }
}

TEST(TableIngest, AnObjectWithoutItemsIsNotAList) {
    const TableIngest ingest = ingestTable(makeBody(R"({"status":"ok"})"));
    EXPECT_FALSE(ingest.table);
    EXPECT_TRUE(ingest.detail.notAList);
}

TEST(TableIngest, SegmentsAppendUnderOneSetOfColumns) {
    auto first = ingestSegment(makeBody(R"([{"a":1,"b":"x"}])"));
    auto second = ingestSegment(makeBody(R"([{"c":3,"a":2},{"b":"y"}])"));
    ASSERT_TRUE(first.ok() && second.ok());
    auto one = ColumnarTable().withSegment(first.segment);
    auto two = one->withSegment(second.segment);
    EXPECT_EQ(one->rowCount(), 1u);
    ASSERT_EQ(two->rowCount(), 3u);
    ASSERT_EQ(two->columnCount(), 3u);
    EXPECT_EQ(two->columnName(2), "c");
    EXPECT_EQ(two->cell(1, 0).number, 2.0);
    EXPECT_EQ(two->cell(2, 0).kind, CellKind::Missing);
    EXPECT_EQ(two->cell(2, 1).text, "y");
    EXPECT_EQ(two->cell(0, 2).kind, CellKind::Missing);
    EXPECT_EQ(two->rowJson(2), R"({"b":"y"})");
}

} // namespace
} // namespace lr
