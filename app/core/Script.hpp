#pragma once

// Scripted mode: `limitrail-console --script FILE`, one command per line, executed between
// frames through the same command path a click uses. Verbs are registered by the modules that
// own them (core, ui, platform); unknown verbs and bad arguments stop the script with the line
// number and a clear message before anything runs.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lr {

struct ScriptLine {
    int number = 0; // 1-based line number in the file
    std::string verb;
    std::vector<std::string> args;
};

/// Splits text into lines of words. Words are separated by blanks; "double quotes" keep blanks
/// and understand \" and \\; '#' starts a comment outside quotes. False with `error` set
/// ("line 3: unterminated quote") when a line cannot be split.
bool tokenizeScript(std::string_view text, std::vector<ScriptLine>& out, std::string& error);

enum class StepResult {
    Done,    // go on with the next line
    Pending, // call again next frame (waiting for frames, a response, a screenshot, ...)
    Failed,  // stop the script; the step wrote its reason
};

/// What a step sees: its arguments, how many times it has been called for this line, and a
/// place for its failure message.
struct StepContext {
    const std::vector<std::string>& args;
    int calls = 0;            // 0 on the first call for this line
    double secondsWaited = 0; // since the first call for this line
    std::string error;
};

struct VerbSpec {
    std::string name;
    int minArgs = 0;
    int maxArgs = 0;   // -1: no upper bound
    std::string usage; // "wait-frames N"
    /// Checks the arguments before the script starts; returns an error message or "".
    std::function<std::string(const std::vector<std::string>&)> validate;
    std::function<StepResult(StepContext&)> run;
};

class ScriptRunner {
public:
    void registerVerb(VerbSpec spec);
    [[nodiscard]] bool hasVerb(const std::string& name) const;

    /// Parses and validates the whole script. False with "line N: ..." in `error`.
    bool load(std::string_view text, std::string& error);

    /// Runs steps until one is pending or the script ends or fails. Call once per frame.
    void tick(double nowSeconds);

    [[nodiscard]] bool active() const { return m_loaded && !m_finished && !m_failed; }
    [[nodiscard]] bool finished() const { return m_finished; }
    [[nodiscard]] bool failed() const { return m_failed; }
    [[nodiscard]] const std::string& error() const { return m_error; }
    [[nodiscard]] int currentLine() const;

private:
    std::map<std::string, VerbSpec> m_verbs;
    std::vector<ScriptLine> m_lines;
    std::size_t m_next = 0;
    int m_calls = 0;
    double m_firstCallAt = 0.0;
    bool m_loaded = false;
    bool m_finished = false;
    bool m_failed = false;
    std::string m_error;
};

/// Argument helpers for validate functions.
bool parseInt(const std::string& text, long long& out);
bool parseDouble(const std::string& text, double& out);
std::string expectInt(const std::vector<std::string>& args, std::size_t index, long long min,
                      long long max);

} // namespace lr
