// The plug-in's editor through CLAP's GUI extension: the same child window the engine library draws for VST3
// (control/editor_view.h), embedded in the host's window. On Linux an X11 window, driven only by the host's run loop
// (clap.timer-support for a timer, clap.posix-fd-support for the display connection's fd; no thread of ours touches
// X); on Windows a Win32 window with its own timer. Embedded only (no floating window). Every call: the main thread.
#pragma once
#include <cstdint>
#include "aicopilot_debug.h"
#include "aicopilot_engine_abi.h"
#include "clap_abi.h"

namespace aicp {

class PluginInstance;
class ParamEditsToHost;

class ClapEditor {
public:
    static constexpr int kDefaultWidth = 900, kDefaultHeight = 560, kMinWidth = 740, kMinHeight = 400, kTimerMs = 16;

    ClapEditor(PluginInstance& instance, ParamEditsToHost& edits) noexcept : instance_(instance), edits_(edits) {}
    ClapEditor(const ClapEditor&) = delete;
    ClapEditor& operator=(const ClapEditor&) = delete;
    ~ClapEditor() { destroy(); }

    // The host and its extensions, once the plug-in is initialized (null members where the host has none).
    void setHost(const clap::Host* host) noexcept;
    // The window API of this system ("x11", "win32"), or null where the plug-in has no editor.
    static const char* windowApi() noexcept;

    bool isApiSupported(const char* api, bool floating) const noexcept;
    bool create(const char* api, bool floating) noexcept;
    void destroy() noexcept;
    bool setScale(double scale) noexcept;
    bool getSize(uint32_t* width, uint32_t* height) const noexcept;
    bool getResizeHints(clap::GuiResizeHints* hints) const noexcept;
    bool adjustSize(uint32_t* width, uint32_t* height) const noexcept;
    bool setSize(uint32_t width, uint32_t height) noexcept;
    bool setParent(const clap::Window* window) noexcept;
    // The host's run loop: a timer tick, the display connection's fd.
    void onTimer(clap::clap_id timer) noexcept;
    void onFd(int fd) noexcept;

    bool isOpen() const noexcept { return editor_ != 0; }
    void frameStats(AicpDebugStats& out) const noexcept;

private:
    void idle() noexcept;
    void startRunLoop() noexcept;
    void stopRunLoop() noexcept;
    static void editParameter(void* self, int32_t index, double plain);
    static void frameDrawn(void* self, double milliseconds);

    PluginInstance& instance_;
    ParamEditsToHost& edits_;
    const clap::Host* host_ = nullptr;
    const clap::HostParams* hostParams_ = nullptr;
    const clap::HostTimerSupport* hostTimers_ = nullptr;
    const clap::HostPosixFdSupport* hostFds_ = nullptr;
    bool created_ = false;
    int64_t editor_ = 0;
    int fd_ = -1;
    bool fdRegistered_ = false, timerRegistered_ = false;
    clap::clap_id timer_ = clap::kInvalidId;
    double logicalWidth_ = kDefaultWidth, logicalHeight_ = kDefaultHeight;
    double scale_ = 1.0;
    double openMs_ = 0;
    uint32_t frames_ = 0;
    double frameMs_[AICP_EDITOR_FRAME_SLOTS] = {};
};

}  // namespace aicp
