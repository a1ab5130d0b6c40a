#include "core/PageFollower.hpp"

#include "core/HttpWorker.hpp"
#include "core/Log.hpp"
#include "core/Url.hpp"
#include "core/table/Ingest.hpp"

#include <unordered_set>

namespace lr {

std::string withQueryParameter(const std::string& url, const std::string& name,
                               const std::string& value) {
    const std::size_t hash = url.find('#');
    const std::string base = url.substr(0, hash);
    const std::size_t question = base.find('?');
    std::string out = base.substr(0, question);

    // Keep every other parameter as it was written; drop earlier values of `name`.
    std::string query;
    if (question != std::string::npos) {
        const std::string old = base.substr(question + 1);
        std::size_t start = 0;
        while (start <= old.size()) {
            std::size_t end = old.find('&', start);
            if (end == std::string::npos)
                end = old.size();
            const std::string part = old.substr(start, end - start);
            const std::string key = part.substr(0, part.find('='));
            if (!part.empty() && key != name) {
                if (!query.empty())
                    query += '&';
                query += part;
            }
            start = end + 1;
        }
    }
    if (!query.empty())
        query += '&';
    query += name + "=" + urlEncode(value);
    return out + "?" + query;
}

PageFollower::PageFollower(HttpRequest request, std::string cursor, HttpLimits limits,
                           OnPage onPage, OnDone onDone)
    : m_onPage(std::move(onPage)), m_onDone(std::move(onDone)),
      m_thread([this, request = std::move(request), cursor = std::move(cursor), limits] {
          run(request, cursor, limits);
      }) {}

PageFollower::~PageFollower() {
    cancel();
    if (m_thread.joinable())
        m_thread.join();
}

void PageFollower::cancel() {
    m_cancel->cancel();
}

void PageFollower::run(HttpRequest request, std::string cursor, HttpLimits limits) {
    HttpClientPool clients;
    Outcome outcome;
    std::unordered_set<std::string> seen; // a server that repeats a cursor would loop forever
    const std::string path = request.url.substr(0, request.url.find('?'));
    logInfo("net", "following the pages of " + request.method + " " + path);

    for (std::size_t number = 1;; ++number) {
        // 1. The page: the last call's request with this cursor. The token rides along in
        // the copied Authorization header, never in a log line.
        if (!seen.insert(cursor).second) {
            outcome.error =
                "page " + std::to_string(number) + ": the server repeated an earlier cursor";
            break;
        }
        HttpRequest page = request;
        page.url = withQueryParameter(request.url, "cursor", cursor);
        HttpResponse response = performRequest(clients, page, limits, *m_cancel);
        if (m_cancel->cancelled()) {
            outcome.cancelled = true;
            break;
        }
        if (!response.ok()) {
            outcome.error = "page " + std::to_string(number) + ": " + response.errorMessage;
            break;
        }
        if (response.status < 200 || response.status > 299) {
            outcome.error = "page " + std::to_string(number) + ": HTTP " +
                            std::to_string(response.status) + " " + response.reason;
            break;
        }

        // 2. Its rows, parsed here so the UI thread only appends a finished segment.
        std::atomic<bool> stop{false};
        IngestResult ingest = ingestSegment(response.body, &stop);
        if (!ingest.ok()) {
            outcome.error =
                "page " + std::to_string(number) + ": " +
                (ingest.notAList ? std::string("the answer is not a list") : ingest.error.message);
            break;
        }
        const std::uint64_t bytes = response.body ? response.body->size() : 0;
        outcome.pages = number;
        outcome.rows += ingest.segment->rowCount();
        outcome.bytes += bytes;
        m_pages = outcome.pages;
        m_rows = outcome.rows;
        m_bytes = outcome.bytes;
        if (ingest.nextCursor && ingest.nextCursor->empty())
            ingest.nextCursor.reset();
        const std::optional<std::string> next = ingest.nextCursor;
        if (m_onPage)
            m_onPage(Page{std::move(ingest.segment), number, bytes, std::move(ingest.nextCursor)});

        // 3. The next cursor, or the end.
        if (!next) {
            outcome.complete = true;
            break;
        }
        cursor = *next;
    }

    logInfo("net", "page walk of " + path + " ended after " + std::to_string(outcome.pages) +
                       " pages, " + std::to_string(outcome.rows) + " rows" +
                       (outcome.cancelled       ? " (cancelled)"
                        : outcome.error.empty() ? ""
                                                : " (" + outcome.error + ")"));
    m_running = false;
    if (m_onDone)
        m_onDone(std::move(outcome));
}

} // namespace lr
