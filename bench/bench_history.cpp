// startup_100k_history_over_empty: how long the UI thread needs before it can draw its first
// frame with the history (start the store, ask for the first page, draw the History window
// once), with 100 000 stored calls over the same with none. Measured in one run.

#include "Bench.hpp"
#include "core/History.hpp"
#include "ui/HeadlessContext.hpp"
#include "ui/HistoryWindow.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace {

namespace fs = std::filesystem;

lr::HistoryEntry benchEntry(int i) {
    lr::HistoryEntry e;
    e.timeUnixMs = 1'700'000'000'000 + i;
    e.environment = "Sandbox";
    e.method = i % 3 ? "GET" : "POST";
    e.pathTemplate = i % 2 ? "/v1/accounts" : "/v1/usage/commit";
    e.url = "http://127.0.0.1:8080/v1/accounts?limit=100&cursor=" + std::to_string(i);
    e.requestJson =
        "{\"method\": \"GET\", \"headers\": {\"Authorization\": \"Bearer [redacted]\"}}";
    e.status = i % 10 ? 200 : 404;
    e.timings.durationMs = 5 + i % 50;
    e.responseHeaders = {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}};
    e.body = "{\"items\": [{\"id\": \"acc_" + std::to_string(i) + "\", \"name\": \"Demo\"}]}";
    e.body.resize(400, ' ');
    e.bodySize = e.body.size();
    return e;
}

void fill(const fs::path& dir, int count) {
    lr::UiInbox inbox;
    lr::HistoryStoreOptions options;
    options.directory = dir;
    lr::HistoryStore store(inbox, options);
    for (int start = 0; start < count; start += 10'000) {
        std::vector<lr::HistoryEntry> batch;
        for (int i = start; i < std::min(count, start + 10'000); ++i)
            batch.push_back(benchEntry(i));
        store.insertBatch(std::move(batch));
    }
} // the destructor waits for the writes

// Milliseconds from "start the history" to "the first frame is drawn", UI thread only.
double firstFrameMs(const fs::path& dir) {
    const double started = lr::bench::nowSeconds();
    lr::UiInbox inbox;
    lr::HistoryModel model;
    lr::HistoryStoreOptions options;
    options.directory = dir;
    auto history = std::make_unique<lr::History>(inbox, model, options);
    lr::ui::HistoryWindow window;
    window.state().open = true;
    lr::CommandSink sink;

    inbox.drain(); // whatever has arrived by now; the frame does not wait for more
    ImGui::NewFrame();
    window.draw(model, sink, {ImVec2(0, 0), ImVec2(1200, 800)});
    ImGui::Render();
    const double ms = (lr::bench::nowSeconds() - started) * 1000.0;

    // Not part of the figure: until the first page arrives, for the notes.
    const double loadStarted = lr::bench::nowSeconds();
    while (!model.ready)
        inbox.waitAndDrain(std::chrono::milliseconds(100));
    lr::bench::Report().note("first page of " + std::to_string(model.total) + " calls after " +
                             std::to_string((lr::bench::nowSeconds() - started) * 1000.0) +
                             " ms (background; " +
                             std::to_string((lr::bench::nowSeconds() - loadStarted) * 1000.0) +
                             " ms after the first frame)");
    history.reset();
    return ms;
}

} // namespace

LR_BENCH("history", [](const lr::bench::Options&, lr::bench::Report& report) {
    char pattern[] = "/tmp/lr-bench-history-XXXXXX";
    const fs::path root = mkdtemp(pattern);
    const fs::path empty = root / "empty";
    const fs::path full = root / "full";
    fill(empty, 0);
    const double fillStarted = lr::bench::nowSeconds();
    fill(full, 100'000);
    report.note("stored 100000 calls in " + std::to_string(lr::bench::nowSeconds() - fillStarted) +
                " s");

    const lr::ui::HeadlessContext imgui;

    // Alternate the two so neither profits from a warmer cache; take medians.
    std::vector<double> emptyMs;
    std::vector<double> fullMs;
    for (int round = 0; round < 5; ++round) {
        emptyMs.push_back(firstFrameMs(empty));
        fullMs.push_back(firstFrameMs(full));
    }

    const double e = lr::bench::median(emptyMs);
    const double f = lr::bench::median(fullMs);
    report.figure("startup_empty_history_ms", e);
    report.figure("startup_100k_history_ms", f);
    report.figure("startup_100k_history_over_empty", f / e);
    std::error_code ignored;
    fs::remove_all(root, ignored);
});
