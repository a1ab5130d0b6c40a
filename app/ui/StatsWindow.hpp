#pragma once

// The Stats window: every endpoint's count, errors and duration distribution; for the selected
// one a histogram, a timeline of calls (hover shows a call, click opens it in the Response
// window) and the average phases; and the repeat runner's controls, progress and live
// histogram. Reads StatsController, pushes Commands, nothing else.

#include "core/Commands.hpp"
#include "core/stats/StatsController.hpp"
#include "ui/Layout.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lr::ui {

class StatsWindow {
public:
    struct State {
        bool open = false; // opened from the top bar, or by a repeat run starting
        std::optional<stats::EndpointKey> selected; // none: the current endpoint, else the first
        int total = 1000;                           // N
        int concurrency = 4;                        // C
        bool rateCapOn = false;
        int rateCap = 200; // calls per second when on
    };

    /// What the last draw put where, for the headless tests to click at.
    struct Drawn {
        std::size_t rows = 0;
        std::optional<stats::EndpointKey> shownKey;
        float histogramTotal = 0;
        std::size_t timelineMarks = 0;
        std::uint64_t lastMarkId = 0;
        ImVec2 lastMarkPos{};
        std::uint64_t hoveredCall = 0;
        Rect startButton{};
        bool confirmationShown = false;
        std::string confirmationText;
    };

    void draw(const stats::StatsController& stats, CommandSink& sink, const Rect& initial);

    [[nodiscard]] State& state() { return m_state; }
    [[nodiscard]] const Drawn& drawn() const { return m_drawn; }

private:
    void drawRunner(const stats::StatsController& stats, CommandSink& sink);
    void drawConfirmation(const stats::StatsController& stats, CommandSink& sink);
    void drawTable(const stats::StatsBook& book, const stats::EndpointKey* shown);
    void drawSelected(const stats::EndpointKey& key, const stats::EndpointStats& endpoint,
                      CommandSink& sink);
    /// Returns how many samples the bins hold.
    float drawHistogram(const stats::LatencyHistogram& histogram, const char* id, float height);
    void drawTimeline(const stats::EndpointStats& endpoint, CommandSink& sink, float height);
    void drawPhases(const stats::PhaseAverages& phases);

    State m_state;
    Drawn m_drawn;
    bool m_wasOpen = false; // as of the last draw: a change brings the window to the front
    bool m_wasBusy = false;
    std::vector<float> m_bins; // reused every frame
};

} // namespace lr::ui
