#pragma once

// "Load all pages": follows a list endpoint's `nextCursor` on its own thread, one request a
// page, and hands each page over as a TableSegment to append to the table already shown. It
// owns its HTTP client pool; Cancel interrupts the read in flight. An error stops the walk and
// says at which page, and what was loaded before it stays loaded.

#include "core/Http.hpp"
#include "core/table/ColumnarTable.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace lr {

/// `url` with the query parameter `name` set to `value` (percent-encoded), replacing every
/// earlier occurrence of it and keeping the other parameters in their order.
std::string withQueryParameter(const std::string& url, const std::string& name,
                               const std::string& value);

class PageFollower {
public:
    /// One page that parsed; `number` counts from 1 for the first page this follower fetched.
    struct Page {
        std::shared_ptr<const TableSegment> segment;
        std::size_t number = 0;
        std::uint64_t bytes = 0;
        std::optional<std::string> nextCursor; // where a later walk would resume
    };
    /// How the walk ended. `error` is empty when it reached a page without a next cursor.
    struct Outcome {
        bool complete = false;
        bool cancelled = false;
        std::string error;      // "page 4: HTTP 500 Internal Server Error"
        std::size_t pages = 0;  // pages appended
        std::uint64_t rows = 0; // rows appended
        std::uint64_t bytes = 0;
    };
    // Both run on the follower's thread; they hand their value on (to a UiInbox, a test).
    using OnPage = std::function<void(Page&&)>;
    using OnDone = std::function<void(Outcome&&)>;

    /// Starts at once: fetches `request` with `cursor` set, then every next cursor.
    PageFollower(HttpRequest request, std::string cursor, HttpLimits limits, OnPage onPage,
                 OnDone onDone);
    ~PageFollower(); // cancels and joins

    PageFollower(const PageFollower&) = delete;
    PageFollower& operator=(const PageFollower&) = delete;

    /// From any thread; the read in flight is interrupted.
    void cancel();

    // Progress, readable from any thread while the walk runs.
    [[nodiscard]] std::size_t pages() const { return m_pages.load(); }
    [[nodiscard]] std::uint64_t rows() const { return m_rows.load(); }
    [[nodiscard]] std::uint64_t bytes() const { return m_bytes.load(); }
    [[nodiscard]] bool running() const { return m_running.load(); }

private:
    void run(HttpRequest request, std::string cursor, HttpLimits limits);

    OnPage m_onPage;
    OnDone m_onDone;
    std::shared_ptr<CancelToken> m_cancel = std::make_shared<CancelToken>();
    std::atomic<std::size_t> m_pages{0};
    std::atomic<std::uint64_t> m_rows{0};
    std::atomic<std::uint64_t> m_bytes{0};
    std::atomic<bool> m_running{true};
    std::thread m_thread; // last: started once everything above exists
};

} // namespace lr
