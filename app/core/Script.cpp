#include "core/Script.hpp"

#include <cerrno>
#include <cstdlib>

namespace lr {

bool tokenizeScript(std::string_view text, std::vector<ScriptLine>& out, std::string& error) {
    out.clear();
    int number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        ++number;

        ScriptLine parsed;
        parsed.number = number;
        std::vector<std::string> words;
        std::string word;
        bool inWord = false;
        bool inQuotes = false;
        for (std::size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            if (inQuotes) {
                if (c == '\\' && i + 1 < line.size() &&
                    (line[i + 1] == '"' || line[i + 1] == '\\')) {
                    word.push_back(line[++i]);
                } else if (c == '"') {
                    inQuotes = false;
                } else {
                    word.push_back(c);
                }
                continue;
            }
            if (c == '#')
                break;
            if (c == ' ' || c == '\t' || c == '\r') {
                if (inWord) {
                    words.push_back(std::move(word));
                    word.clear();
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '"')
                inQuotes = true;
            else
                word.push_back(c);
        }
        if (inQuotes) {
            error = "line " + std::to_string(number) + ": unterminated quote";
            return false;
        }
        if (inWord)
            words.push_back(std::move(word));

        if (!words.empty()) {
            parsed.verb = std::move(words.front());
            parsed.args.assign(std::make_move_iterator(words.begin() + 1),
                               std::make_move_iterator(words.end()));
            out.push_back(std::move(parsed));
        }
        if (end == text.size())
            break;
        start = end + 1;
    }
    return true;
}

void ScriptRunner::registerVerb(VerbSpec spec) {
    const std::string name = spec.name;
    m_verbs[name] = std::move(spec);
}

bool ScriptRunner::hasVerb(const std::string& name) const {
    return m_verbs.count(name) != 0;
}

bool ScriptRunner::load(std::string_view text, std::string& error) {
    m_loaded = false;
    if (!tokenizeScript(text, m_lines, error))
        return false;

    for (const ScriptLine& line : m_lines) {
        const std::string where = "line " + std::to_string(line.number) + ": ";
        auto it = m_verbs.find(line.verb);
        if (it == m_verbs.end()) {
            error = where + "unknown verb '" + line.verb + "'";
            return false;
        }
        const VerbSpec& spec = it->second;
        const int count = static_cast<int>(line.args.size());
        if (count < spec.minArgs || (spec.maxArgs >= 0 && count > spec.maxArgs)) {
            error = where + "'" + line.verb + "' takes " +
                    (spec.minArgs == spec.maxArgs
                         ? std::to_string(spec.minArgs)
                         : std::to_string(spec.minArgs) + " to " +
                               (spec.maxArgs < 0 ? std::string("any number of")
                                                 : std::to_string(spec.maxArgs))) +
                    " argument(s), got " + std::to_string(count) + "; usage: " + spec.usage;
            return false;
        }
        if (spec.validate) {
            std::string problem = spec.validate(line.args);
            if (!problem.empty()) {
                error = where + problem + "; usage: " + spec.usage;
                return false;
            }
        }
    }

    m_next = 0;
    m_calls = 0;
    m_loaded = true;
    m_finished = m_lines.empty();
    m_failed = false;
    m_error.clear();
    return true;
}

void ScriptRunner::tick(double nowSeconds) {
    while (active()) {
        const ScriptLine& line = m_lines[m_next];
        const VerbSpec& spec = m_verbs.at(line.verb);
        if (m_calls == 0)
            m_firstCallAt = nowSeconds;

        StepContext context{line.args, m_calls, nowSeconds - m_firstCallAt, {}};
        const StepResult result = spec.run(context);
        if (result == StepResult::Pending) {
            ++m_calls;
            return;
        }
        if (result == StepResult::Failed) {
            m_failed = true;
            m_error = "line " + std::to_string(line.number) + ": " + line.verb + ": " +
                      (context.error.empty() ? std::string("failed") : context.error);
            return;
        }
        m_calls = 0;
        if (++m_next >= m_lines.size())
            m_finished = true;
    }
}

int ScriptRunner::currentLine() const {
    return m_next < m_lines.size() ? m_lines[m_next].number : 0;
}

bool parseInt(const std::string& text, long long& out) {
    if (text.empty())
        return false;
    errno = 0;
    char* end = nullptr;
    out = std::strtoll(text.c_str(), &end, 10);
    return errno == 0 && end == text.c_str() + text.size();
}

bool parseDouble(const std::string& text, double& out) {
    if (text.empty())
        return false;
    errno = 0;
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return errno == 0 && end == text.c_str() + text.size();
}

std::string expectInt(const std::vector<std::string>& args, std::size_t index, long long min,
                      long long max) {
    long long value = 0;
    if (index >= args.size() || !parseInt(args[index], value))
        return "'" + (index < args.size() ? args[index] : std::string()) +
               "' is not a whole number";
    if (value < min || value > max)
        return "'" + args[index] + "' is outside " + std::to_string(min) + ".." +
               std::to_string(max);
    return {};
}

} // namespace lr
