#include "platform/GuiApp.hpp"

#include "core/Log.hpp"
#include "core/Paths.hpp"
#include "platform/Fonts.hpp"
#include "platform/System.hpp"
#include "ui/Theme.hpp"

// GL comes from ImGui's own loader; GLFW must not pull in the system GL header.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_opengl3_loader.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lr::platform {
namespace {

void onGlfwError(int code, const char* description) {
    logError("ui", "GLFW error " + std::to_string(code) + ": " + description);
}

} // namespace

GuiApp::GuiApp(UiInbox& inbox, Controller& controller) : m_inbox(inbox), m_controller(controller) {}

GuiApp::~GuiApp() {
    if (!m_window)
        return;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(m_window);
    glfwTerminate();
}

bool GuiApp::open(const GuiOptions& options, std::string& error) {
    m_options = options;
    glfwSetErrorCallback(onGlfwError);
    if (!glfwInit()) {
        error = "cannot initialise GLFW (is there a display? try xvfb-run)";
        return false;
    }

    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    m_window = glfwCreateWindow(options.width, options.height, "LimitRail Developer Console",
                                nullptr, nullptr);
    if (!m_window) {
        error = "cannot create an OpenGL 3.3 core window";
        glfwTerminate();
        return false;
    }
    glfwMakeContextCurrent(m_window);
    glfwSwapInterval(1);

    float xscale = 1.0f;
    float yscale = 1.0f;
    glfwGetWindowContentScale(m_window, &xscale, &yscale);
    m_scale = std::clamp(std::max(xscale, yscale), 1.0f, 4.0f);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    m_iniPath = (configDir() / "imgui.ini").string();
    io.IniFilename = m_iniPath.c_str();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;

    ui::applyTheme(m_scale);
    loadFonts(m_scale);
    ImGui_ImplGlfw_InitForOpenGL(m_window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    // Workers wake the loop when they post a result; the call is safe from any thread.
    m_inbox.setWake([] { glfwPostEmptyEvent(); });
    registerScriptVerbs();
    m_controller.registerScriptVerbs(m_script, m_sink);
    m_ui.historyWindow().registerScriptVerbs(m_script);
    return true;
}

double GuiApp::waitTimeout() const {
    // Nothing moves on screen without input except the token chip's countdown, which changes
    // once a second; otherwise a long timeout keeps an idle console at zero CPU.
    if (m_controller.state().token.present())
        return 1.0 - std::fmod(glfwGetTime(), 1.0);
    return 60.0;
}

int GuiApp::run() {
    if (!m_options.scriptPath.empty()) {
        std::string text;
        std::string error;
        if (!readFile(m_options.scriptPath, text, error) || !m_script.load(text, error)) {
            std::fprintf(stderr, "limitrail-console: script %s: %s\n", m_options.scriptPath.c_str(),
                         error.c_str());
            return 2;
        }
    }

    int framesToDraw = 3; // ImGui settles hover and layout over a couple of frames
    while (!glfwWindowShouldClose(m_window) && !m_quit) {
        // 1. Sleep until something happens, unless something is already moving.
        if (framesToDraw > 0 || m_script.active() || m_controller.animating())
            glfwPollEvents();
        else {
            glfwWaitEventsTimeout(waitTimeout());
            framesToDraw = 3;
        }

        const double now = glfwGetTime();
        // 2. Results from the workers, at one fixed point of the frame.
        if (m_inbox.drain() > 0)
            framesToDraw = 3;

        // 3-4. Script steps push commands exactly as clicks do.
        if (m_script.active())
            m_script.tick(now);
        if (m_script.failed()) {
            std::fprintf(stderr, "limitrail-console: script %s: %s\n", m_options.scriptPath.c_str(),
                         m_script.error().c_str());
            return 3;
        }
        if (!m_sink.empty())
            framesToDraw = 3;
        m_controller.applyAll(m_sink);

        // 5-7. Draw, capture, present.
        drawFrame(now);
        --framesToDraw;

        // 8. What the windows asked for this frame.
        if (!m_sink.empty()) {
            m_controller.applyAll(m_sink);
            framesToDraw = 3;
        }
    }
    return 0;
}

void GuiApp::drawFrame(double now) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    m_ui.draw(m_controller.state(), m_sink, now, m_scale, &m_controller.stats(),
              &m_controller.lists(), &m_controller.tree());
    ImGui::Render();

    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(m_window, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(0.06f, 0.065f, 0.075f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if (!m_screenshotPath.empty()) {
        m_screenshotDone = writeFramebufferPng(m_screenshotPath, width, height, m_screenshotError);
        if (m_screenshotDone)
            logInfo("ui", "screenshot " + m_screenshotPath + " (" + std::to_string(width) + "x" +
                              std::to_string(height) + ")");
        else
            m_screenshotDone = true; // done, with an error the step reports
        m_screenshotPath.clear();
    }

    glfwSwapBuffers(m_window);
    ++m_frames;
}

void GuiApp::registerScriptVerbs() {
    m_script.registerVerb(
        {"wait-frames", 1, 1, "wait-frames N",
         [](const std::vector<std::string>& args) { return expectInt(args, 0, 0, 100000); },
         [](StepContext& step) {
             return step.calls >= std::stoll(step.args[0]) ? StepResult::Done : StepResult::Pending;
         }});
    m_script.registerVerb({"screenshot", 1, 1, "screenshot PATH.png",
                           [](const std::vector<std::string>& args) {
                               const std::string& p = args[0];
                               return p.size() > 4 && p.compare(p.size() - 4, 4, ".png") == 0
                                          ? std::string()
                                          : "'" + p + "' does not end in .png";
                           },
                           [this](StepContext& step) {
                               if (step.calls == 0) {
                                   m_screenshotPath = step.args[0];
                                   m_screenshotDone = false;
                                   m_screenshotError.clear();
                                   return StepResult::Pending;
                               }
                               if (!m_screenshotDone)
                                   return StepResult::Pending;
                               if (!m_screenshotError.empty()) {
                                   step.error = m_screenshotError;
                                   return StepResult::Failed;
                               }
                               return StepResult::Done;
                           }});
    // Moves the pointer, so that a screenshot shows a hover (or none: Xvfb starts it mid-screen,
    // over whatever window is there).
    m_script.registerVerb({"mouse", 2, 2, "mouse X Y",
                           [](const std::vector<std::string>& args) {
                               std::string error = expectInt(args, 0, 0, 100000);
                               return error.empty() ? expectInt(args, 1, 0, 100000) : error;
                           },
                           [this](StepContext& step) {
                               glfwSetCursorPos(m_window, std::stod(step.args[0]),
                                                std::stod(step.args[1]));
                               return StepResult::Done;
                           }});
    m_script.registerVerb({"body-view", 1, 1, "body-view pretty|raw|tree",
                           [](const std::vector<std::string>& args) {
                               return args[0] == "pretty" || args[0] == "raw" || args[0] == "tree"
                                          ? std::string()
                                          : "'" + args[0] + "' is not pretty, raw or tree";
                           },
                           [this](StepContext& step) {
                               using Mode = ui::ResponseWindow::BodyMode;
                               const std::string& mode = step.args[0];
                               m_ui.responseWindow().mutableState().mode =
                                   mode == "tree" ? Mode::Tree
                                                  : (mode == "raw" ? Mode::Raw : Mode::Pretty);
                               return StepResult::Done;
                           }});
    m_script.registerVerb({"show-window", 2, 2, "show-window list|stats on|off",
                           [](const std::vector<std::string>& args) {
                               if (args[0] != "list" && args[0] != "stats")
                                   return "'" + args[0] + "' is not list or stats";
                               return args[1] == "on" || args[1] == "off"
                                          ? std::string()
                                          : "'" + args[1] + "' is not on or off";
                           },
                           [this](StepContext& step) {
                               const bool on = step.args[1] == "on";
                               if (step.args[0] == "list")
                                   m_ui.listBrowser().mutableState().open = on;
                               else
                                   m_ui.statsWindow().state().open = on;
                               return StepResult::Done;
                           }});
    m_script.registerVerb({"quit", 0, 0, "quit", nullptr, [this](StepContext&) {
                               m_quit = true;
                               return StepResult::Done;
                           }});
}

} // namespace lr::platform
