#include "platform/System.hpp"

#include "core/Log.hpp"

#include <backends/imgui_impl_opengl3_loader.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <cstring>
#include <spawn.h>
#include <sys/wait.h>
#include <vector>

extern char** environ;

namespace lr::platform {

void openUrl(const std::string& url) {
    // sh puts xdg-open in the background and returns at once, so this never blocks the frame.
    const char* argv[] = {"/bin/sh", "-c",        "xdg-open \"$1\" >/dev/null 2>&1 &",
                          "sh",      url.c_str(), nullptr};
    pid_t pid = 0;
    if (posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ) != 0) {
        logWarn("ui", "cannot start xdg-open for " + url);
        return;
    }
    int status = 0;
    waitpid(pid, &status, 0);
}

void setClipboard(const std::string& text) {
    ImGui::SetClipboardText(text.c_str());
}

bool writeFramebufferPng(const std::string& path, int width, int height, std::string& error) {
    if (width <= 0 || height <= 0) {
        error = "the framebuffer is empty";
        return false;
    }
    std::vector<unsigned char> pixels(std::size_t(width) * std::size_t(height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());

    // GL rows run bottom-up; PNG rows top-down.
    const std::size_t stride = std::size_t(width) * 4;
    std::vector<unsigned char> row(stride);
    for (int y = 0; y < height / 2; ++y) {
        unsigned char* top = pixels.data() + std::size_t(y) * stride;
        unsigned char* bottom = pixels.data() + std::size_t(height - 1 - y) * stride;
        std::memcpy(row.data(), top, stride);
        std::memcpy(top, bottom, stride);
        std::memcpy(bottom, row.data(), stride);
    }
    for (std::size_t i = 3; i < pixels.size(); i += 4)
        pixels[i] = 255; // the window is opaque; keep the PNG so

    if (!stbi_write_png(path.c_str(), width, height, 4, pixels.data(), int(stride))) {
        error = "cannot write " + path;
        return false;
    }
    return true;
}

} // namespace lr::platform
