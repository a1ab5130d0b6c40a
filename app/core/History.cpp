#include "core/History.hpp"

#include "core/Script.hpp"

namespace lr {

History::History(UiInbox& inbox, HistoryModel& model, HistoryStoreOptions options)
    : m_model(model) {
    m_model.retention = options.retention;
    options.onNotice = [this, alive = std::weak_ptr<bool>(m_alive)](const HistoryNotice& n) {
        if (alive.lock())
            onNotice(n);
    };
    m_store = std::make_unique<HistoryStore>(inbox, std::move(options));
    runQuery(m_model.filter);
}

History::~History() {
    m_alive.reset();
    m_store.reset();
}

void History::record(HistoryEntry entry) {
    m_store->insert(std::move(entry));
}

void History::setOnReopen(std::function<void(HistoryEntry&&)> onReopen) {
    m_onReopen = std::move(onReopen);
}

void History::setOnStatus(std::function<void(const std::string&)> onStatus) {
    m_onStatus = std::move(onStatus);
}

void History::status(const std::string& line) {
    if (m_onStatus)
        m_onStatus(line);
}

void History::onNotice(const HistoryNotice& notice) {
    switch (notice.kind) {
    case HistoryNotice::Kind::Opened:
        m_model.notice = notice.message;
        break;
    case HistoryNotice::Kind::Recovered:
        m_model.notice = notice.message;
        m_model.error.clear();
        status(notice.message);
        runQuery(m_model.filter);
        break;
    case HistoryNotice::Kind::Changed:
        m_model.error.clear();
        runQuery(m_model.filter);
        break;
    case HistoryNotice::Kind::Error:
        m_model.error = notice.message;
        status(notice.message);
        break;
    }
}

void History::runQuery(HistoryFilter filter) {
    // One query at a time: a burst of stored calls becomes one more query, not one each.
    if (m_model.querying && filter == m_model.filter) {
        m_stale = true;
        return;
    }
    m_model.querying = true;
    m_model.filter = filter;
    m_stale = false;
    m_store->query(std::move(filter),
                   [this, alive = std::weak_ptr<bool>(m_alive)](HistoryPage&& page) {
                       if (!alive.lock())
                           return;
                       if (page.filter != m_model.filter)
                           return; // an older filter's answer; the newer query is still on its way
                       m_model.querying = false;
                       m_model.ready = true;
                       if (!page.error.empty()) {
                           m_model.error = "History: " + page.error;
                       } else {
                           m_model.rows = std::move(page.rows);
                           m_model.matching = page.matching;
                           m_model.total = page.total;
                           m_model.totalBytes = page.totalBytes;
                           m_model.endpoints = std::move(page.endpoints);
                       }
                       if (m_stale)
                           runQuery(m_model.filter);
                   });
}

void History::open(const cmd::HistoryOpen& command) {
    const std::uint64_t sequence = ++m_open.sequence;
    m_open.done = false;
    m_open.error.clear();
    auto onEntry = [this, sequence, alive = std::weak_ptr<bool>(m_alive)](
                       std::optional<HistoryEntry>&& entry, const std::string& error) {
        if (!alive.lock() || sequence != m_open.sequence)
            return;
        m_open.done = true;
        if (!entry) {
            m_open.error = error;
            status("History: " + error);
            return;
        }
        m_model.openedId = entry->id;
        status("Reopened call #" + std::to_string(entry->id) + " " + entry->method + " " +
               entry->pathTemplate);
        if (m_onReopen)
            m_onReopen(std::move(*entry));
    };
    if (command.newest > 0)
        m_store->getNewest(command.newest, std::move(onEntry));
    else
        m_store->get(command.id, std::move(onEntry));
}

bool History::apply(const Command& command) {
    if (const auto* query = std::get_if<cmd::HistoryQuery>(&command)) {
        runQuery(query->filter);
    } else if (const auto* open = std::get_if<cmd::HistoryOpen>(&command)) {
        this->open(*open);
    } else if (std::holds_alternative<cmd::HistoryClear>(command)) {
        m_store->clear([this, alive = std::weak_ptr<bool>(m_alive)](const std::string& error) {
            if (alive.lock())
                status(error.empty() ? "History cleared" : "History not cleared: " + error);
        });
    } else if (const auto* retention = std::get_if<cmd::HistorySetRetention>(&command)) {
        m_model.retention = retention->retention;
        m_store->setRetention(retention->retention);
    } else {
        return false;
    }
    return true;
}

void History::registerScriptVerbs(ScriptRunner& runner, CommandSink& sink) {
    runner.registerVerb(
        {"history-open", 1, 1, "history-open N   (1 = the newest call)",
         [](const std::vector<std::string>& args) { return expectInt(args, 0, 1, 1'000'000'000); },
         [this, &sink](StepContext& step) {
             if (step.calls == 0) {
                 sink.push(cmd::HistoryOpen{0, std::stoll(step.args[0])});
                 // The command runs after this step; the answer arrives frames later.
                 m_open.done = false;
                 return StepResult::Pending;
             }
             if (!m_open.done) {
                 if (step.secondsWaited > 30) {
                     step.error = "the history did not answer within 30 s";
                     return StepResult::Failed;
                 }
                 return StepResult::Pending;
             }
             if (!m_open.error.empty()) {
                 step.error = m_open.error;
                 return StepResult::Failed;
             }
             return StepResult::Done;
         }});
    runner.registerVerb(
        {"wait-history", 1, 2, "wait-history COUNT [SECONDS]",
         [](const std::vector<std::string>& args) {
             std::string problem = expectInt(args, 0, 0, 1'000'000'000);
             return problem.empty() && args.size() > 1 ? expectInt(args, 1, 1, 600) : problem;
         },
         [this](StepContext& step) {
             if (m_model.ready && m_model.total >= std::stoll(step.args[0]))
                 return StepResult::Done;
             const double limit = step.args.size() > 1 ? std::stod(step.args[1]) : 10;
             if (step.secondsWaited > limit) {
                 step.error = "history holds " + std::to_string(m_model.total) + " call(s)" +
                              (m_model.error.empty() ? "" : "; " + m_model.error);
                 return StepResult::Failed;
             }
             return StepResult::Pending;
         }});
}

} // namespace lr
