// Large usage lists: ingest, sort, one frame of the list browser, the pretty index; each
// ratio is measured against its baseline in the same run, on the sandbox's export body.

#include "Bench.hpp"
#include "core/ListSession.hpp"
#include "core/PrettyText.hpp"
#include "core/table/Ingest.hpp"
#include "core/table/TableQuery.hpp"
#include "sandbox/Generator.hpp"
#include "ui/ListBrowser.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <ctime>
#include <fstream>
#include <unordered_map>

namespace {

using namespace lr;
using namespace lr::bench;

/// Resets VmHWM so the next peak is the ingest's own (Linux 4.0+).
void resetPeakRss() {
    std::ofstream("/proc/self/clear_refs") << "5";
}

double cpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

/// The nlohmann baseline: parse, then pull every item into the same flattened columns.
std::size_t nlohmannColumns(std::string_view text) {
    const nlohmann::json doc = nlohmann::json::parse(text);
    std::unordered_map<std::string, std::size_t> byName;
    std::vector<std::vector<nlohmann::json>> columns;
    std::function<void(const nlohmann::json&, const std::string&, std::size_t)> walk =
        [&](const nlohmann::json& object, const std::string& prefix, std::size_t row) {
            for (auto it = object.begin(); it != object.end(); ++it) {
                const std::string path = prefix + it.key();
                if (it->is_object() && !it->empty()) {
                    walk(*it, path + ".", row);
                    continue;
                }
                auto [entry, added] = byName.emplace(path, columns.size());
                if (added)
                    columns.emplace_back();
                auto& column = columns[entry->second];
                if (column.size() <= row)
                    column.resize(row + 1);
                column[row] = it->is_array() ? nlohmann::json(it->dump()) : *it;
            }
        };
    const auto& items = doc.at("items");
    for (std::size_t row = 0; row < items.size(); ++row)
        walk(items[row], "", row);
    return columns.size();
}

void runLists(const Options& options, Report& report) {
    const std::size_t n = options.records;
    const std::string suffix = n == 1'000'000 ? "1m" : std::to_string(n);
    SharedBody body;
    {
        const std::string text = sandbox::generateExportBody(42, n);
        body = std::make_shared<const Body>(text);
    }
    const double mb = double(body->size()) / 1e6;
    report.note("body " + std::to_string(body->size()) + " bytes, " + std::to_string(n) +
                " records");

    // 1. Ingest first, so its peak memory is its own.
    resetPeakRss();
    const std::size_t before = currentRssBytes();
    double t = nowSeconds();
    TableIngest ingest = ingestTable(body);
    const double ingestSeconds = nowSeconds() - t;
    const std::size_t peak = peakRssBytes();
    if (!ingest.table) {
        report.note("ingest failed: " + ingest.detail.error.message);
        return;
    }
    report.figure("ingest_" + suffix + "_s", ingestSeconds);
    report.figure("rss_over_body", double(peak - before) / double(body->size()));

    // 2. The bare DOM parse of the same bytes.
    double domSeconds = 0;
    {
        simdjson::dom::parser parser;
        t = nowSeconds();
        simdjson::dom::element root;
        const auto error = parser.parse(body->data(), body->size(), false).get(root);
        domSeconds = nowSeconds() - t;
        if (error)
            report.note(std::string("dom parse failed: ") + simdjson::error_message(error));
    }
    report.figure("dom_parse_" + suffix + "_s", domSeconds);
    report.figure("ingest_over_dom_parse", ingestSeconds / domSeconds);

    // 3. nlohmann, parse plus extraction to the same columns.
    t = nowSeconds();
    const std::size_t nlohmannColumnCount = nlohmannColumns(body->view());
    const double nlohmannSeconds = nowSeconds() - t;
    if (nlohmannColumnCount != ingest.table->columnCount())
        report.note("nlohmann found " + std::to_string(nlohmannColumnCount) + " columns, we " +
                    std::to_string(ingest.table->columnCount()));
    report.figure("nlohmann_over_ingest", nlohmannSeconds / ingestSeconds);

    // 4. Sort on a string column.
    const ColumnarTable& table = *ingest.table;
    const int idColumn = table.findColumn("id");
    std::atomic<bool> cancel{false};
    std::vector<std::uint32_t> rows;
    t = nowSeconds();
    computeView(table, TableQuery{{{std::size_t(std::max(idColumn, 0)), false}}, ""}, cancel, {},
                rows);
    report.figure("sort_" + suffix + "_string_s", nowSeconds() - t);

    // 5. One headless frame of the list browser, scrolled to the middle, sorted.
    {
        UiInbox inbox;
        ListSession session(inbox);
        session.open(body, "bench");
        while (session.busy())
            inbox.waitAndDrain(std::chrono::milliseconds(100));
        session.setSort({{std::size_t(std::max(idColumn, 0)), false}});
        while (session.busy())
            inbox.waitAndDrain(std::chrono::milliseconds(100));

        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(1600, 1000);
        io.IniFilename = nullptr;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        ui::ListBrowser browser;
        CommandSink sink;
        auto frame = [&](float scrollY) {
            io.DeltaTime = 1.0f / 60.0f;
            ImGui::NewFrame();
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(io.DisplaySize);
            ImGui::Begin("List browser");
            if (scrollY >= 0)
                browser.mutableState().scrollToY = scrollY;
            browser.drawContents(session, sink);
            ImGui::End();
            ImGui::Render();
        };
        const float middle = float(n / 2) * ImGui::GetTextLineHeightWithSpacing();
        for (int i = 0; i < 3; ++i)
            frame(middle);
        sink.take(); // header-click commands from the first frame are not wanted here
        double best = 1e9;
        for (int i = 0; i < 20; ++i) {
            const double c = cpuSeconds();
            frame(-1);
            best = std::min(best, cpuSeconds() - c);
        }
        report.figure("frame_ms_" + suffix + "_rows", best * 1000.0);
        report.note("rows drawn in that frame: " + std::to_string(browser.state().rowsSubmitted));
        ImGui::DestroyContext();
    }

    // 6. The pretty-print line index.
    t = nowSeconds();
    auto index = PrettyIndex::build(body);
    const double prettySeconds = nowSeconds() - t;
    report.note("pretty lines: " + std::to_string(index->lineCount()));
    report.figure("pretty_index_mb_per_s", mb / prettySeconds, 1);
}

LR_BENCH("lists", runLists);

} // namespace
