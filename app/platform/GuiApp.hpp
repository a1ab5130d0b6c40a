#pragma once

// The GLFW window, the OpenGL 3.3 context and the frame loop. One frame:
//   1. wait for events (or poll while something animates or a script runs),
//   2. drain the worker inbox, 3. run due script steps, 4. apply commands,
//   5. draw the windows, 6. take a pending screenshot, 7. swap, 8. apply what the UI emitted.

#include "core/Controller.hpp"
#include "core/Script.hpp"
#include "core/UiInbox.hpp"
#include "ui/ConsoleUi.hpp"

#include <string>

struct GLFWwindow;

namespace lr::platform {

struct GuiOptions {
    std::string scriptPath; // empty: interactive
    int width = 1600;
    int height = 1000;
};

class GuiApp {
public:
    GuiApp(UiInbox& inbox, Controller& controller);
    ~GuiApp();

    GuiApp(const GuiApp&) = delete;
    GuiApp& operator=(const GuiApp&) = delete;

    /// Opens the window; false with `error` when GLFW or OpenGL 3.3 is not available.
    bool open(const GuiOptions& options, std::string& error);

    /// Runs until the window closes or a script quits. Returns the process exit code.
    int run();

    ScriptRunner& script() { return m_script; }
    CommandSink& sink() { return m_sink; }
    ui::ConsoleUi& ui() { return m_ui; }

private:
    void registerScriptVerbs();
    void drawFrame(double now);
    [[nodiscard]] double waitTimeout() const;

    UiInbox& m_inbox;
    Controller& m_controller;
    ui::ConsoleUi m_ui;
    CommandSink m_sink;
    ScriptRunner m_script;
    GuiOptions m_options;
    GLFWwindow* m_window = nullptr;
    std::string m_iniPath;
    float m_scale = 1.0f;
    bool m_quit = false;
    std::uint64_t m_frames = 0;

    std::string m_screenshotPath; // set by the script, taken after the next render
    std::string m_screenshotError;
    bool m_screenshotDone = false;
};

} // namespace lr::platform
