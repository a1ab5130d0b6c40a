// limitrail-console: command line, then the GUI (or, later, a headless subcommand).

#include "core/Controller.hpp"
#include "core/Log.hpp"
#include "core/Paths.hpp"
#include "core/UiInbox.hpp"
#include "platform/GuiApp.hpp"
#include "platform/System.hpp"
#include "sandbox/DemoClient.hpp"
#include "sandbox/Sandbox.hpp"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace {

void printHelp() {
    std::printf(
        "usage: limitrail-console [options]\n"
        "\n"
        "With no options the console starts the LimitRail sandbox in-process on a free\n"
        "loopback port and opens on it, so the first Send works without an account.\n"
        "\n"
        "  --script FILE     run FILE's commands between frames (see README, Scripted mode)\n"
        "  --catalogue FILE  open another OpenAPI 3 document instead of the LimitRail one\n"
        "  --size WxH        window size in pixels (default 1600x1000)\n"
        "  --sandbox-records N  usage records in the embedded sandbox (default 200000)\n"
        "  --help            this text\n");
}

} // namespace

int main(int argc, char** argv) {
    lr::platform::GuiOptions gui;
    std::string cataloguePath = (lr::assetsDir() / "openapi" / "limitrail.v1.json").string();
    lr::sandbox::Options sandboxOptions;

    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "limitrail-console: %s needs a value\n", arg.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            printHelp();
            return 0;
        } else if (arg == "--script") {
            gui.scriptPath = value();
        } else if (arg == "--catalogue") {
            cataloguePath = value();
        } else if (arg == "--size") {
            const std::string size = value();
            if (std::sscanf(size.c_str(), "%dx%d", &gui.width, &gui.height) != 2 ||
                gui.width < 320 || gui.height < 240) {
                std::fprintf(stderr, "limitrail-console: --size wants WxH, e.g. 1600x1000\n");
                return 2;
            }
        } else if (arg == "--sandbox-records") {
            const std::string count = value();
            char* end = nullptr;
            const unsigned long long records = std::strtoull(count.c_str(), &end, 10);
            if (count.empty() || *end != '\0' || records > 20'000'000) {
                std::fprintf(stderr, "limitrail-console: --sandbox-records wants 0..20000000\n");
                return 2;
            }
            sandboxOptions.records = std::size_t(records);
        } else {
            std::fprintf(stderr, "limitrail-console: unknown option %s (see --help)\n",
                         arg.c_str());
            return 2;
        }
    }

    // 1. The embedded sandbox, so a new user's first Send works.
    lr::sandbox::Server sandbox(sandboxOptions);
    std::string error;
    const bool sandboxUp = sandbox.start(error);
    if (!sandboxUp)
        lr::logError("sandbox", "embedded sandbox did not start: " + error);

    // 2. Core state; the inbox outlives the controller, whose worker it serves.
    lr::UiInbox inbox;
    lr::Controller controller(inbox, {lr::platform::openUrl, nullptr, lr::platform::setClipboard});
    controller.restoreSettings(sandboxUp ? sandbox.baseUrl() : "");
    controller.mutableState().sandbox.running = sandboxUp;
    controller.mutableState().sandbox.url = sandboxUp ? sandbox.baseUrl() : "";
    controller.loadCatalogueFile(cataloguePath);

    // On the embedded sandbox its public demo client fills the token form, so the first Send
    // works; LIMITRAIL_CLIENT_SECRET, when set, is the secret for whichever client is chosen.
    if (sandboxUp)
        controller.setEmbeddedClient(lr::sandbox::kDemoClientId,
                                     lr::Secret(lr::sandbox::kDemoSecret));
    const char* secretFromEnv = std::getenv("LIMITRAIL_CLIENT_SECRET");
    if (secretFromEnv && *secretFromEnv)
        controller.setClient(controller.state().tokenForm.clientId, lr::Secret(secretFromEnv),
                             true);

    // 3. The window and its loop.
    lr::platform::GuiApp app(inbox, controller);
    if (!app.open(gui, error)) {
        std::fprintf(stderr, "limitrail-console: %s\n", error.c_str());
        return 1;
    }
    if (sandboxUp)
        app.sink().push(lr::cmd::CheckHealth{});
    const int code = app.run();
    controller.saveSettings();
    return code;
}
