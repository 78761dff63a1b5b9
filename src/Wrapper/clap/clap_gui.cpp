// See clap_gui.h. Nothing here throws; the engine's editor functions catch everything on their side.
#include "clap_gui.h"
#include <chrono>
#include <cmath>
#include <cstring>
#include "clap_block.h"
#include "engine_bridge.h"
#include "log.h"
#include "platform.h"
#include "plugin_instance.h"

namespace aicp {

using namespace clap;

const char* ClapEditor::windowApi() noexcept {
    // The system's window kind (platform.h names it as VST3 does): CLAP's name for the same.
    const char* type = platform::kEditorPlatformType;
    if (!type) return nullptr;
    if (std::strcmp(type, "HWND") == 0) return kWindowApiWin32;
    if (std::strcmp(type, "X11EmbedWindowID") == 0) return kWindowApiX11;
    return nullptr;
}

void ClapEditor::setHost(const Host* host) noexcept {
    host_ = host;
    if (!host || !host->getExtension) return;
    hostParams_ = static_cast<const HostParams*>(host->getExtension(host, kExtParams));
    hostTimers_ = static_cast<const HostTimerSupport*>(host->getExtension(host, kExtTimerSupport));
    hostFds_ = static_cast<const HostPosixFdSupport*>(host->getExtension(host, kExtPosixFdSupport));
}

bool ClapEditor::isApiSupported(const char* api, bool floating) const noexcept {
    const char* mine = windowApi();
    return !floating && mine && api && std::strcmp(api, mine) == 0;
}

bool ClapEditor::create(const char* api, bool floating) noexcept {
    if (created_ || !isApiSupported(api, floating)) return false;
    // Without the engine there is nothing to draw: the host shows its own parameter UI.
    if (!instance_.initialized() || !instance_.engine().engineAvailable() || !engineLibrary().editorOpen) return false;
    created_ = true;
    return true;
}

void ClapEditor::destroy() noexcept {
    stopRunLoop();
    if (editor_ != 0) {
        engineLibrary().editorClose(editor_);
        editor_ = 0;
    }
    created_ = false;
}

bool ClapEditor::setScale(double scale) noexcept {
    if (!(scale >= 0.5 && scale <= 4.0)) return false;
    scale_ = scale;  // the logical size stays; the window grows or shrinks in pixels with the scale
    if (editor_ != 0) engineLibrary().editorResize(editor_, int(logicalWidth_), int(logicalHeight_), scale_);
    return true;
}

bool ClapEditor::getSize(uint32_t* width, uint32_t* height) const noexcept {
    if (!width || !height) return false;
    *width = uint32_t(std::lround(logicalWidth_ * scale_));
    *height = uint32_t(std::lround(logicalHeight_ * scale_));
    return true;
}

bool ClapEditor::getResizeHints(GuiResizeHints* hints) const noexcept {
    if (!hints) return false;
    *hints = GuiResizeHints{true, true, false, 0, 0};
    return true;
}

bool ClapEditor::adjustSize(uint32_t* width, uint32_t* height) const noexcept {
    if (!width || !height) return false;
    const uint32_t minWidth = uint32_t(std::ceil(kMinWidth * scale_)), minHeight = uint32_t(std::ceil(kMinHeight * scale_));
    if (*width < minWidth) *width = minWidth;
    if (*height < minHeight) *height = minHeight;
    return true;
}

bool ClapEditor::setSize(uint32_t width, uint32_t height) noexcept {
    adjustSize(&width, &height);
    logicalWidth_ = width / scale_;
    logicalHeight_ = height / scale_;
    if (editor_ != 0) engineLibrary().editorResize(editor_, int(logicalWidth_), int(logicalHeight_), scale_);
    return true;
}

bool ClapEditor::setParent(const Window* window) noexcept {
    if (!created_ || editor_ != 0 || !window || !window->api || !isApiSupported(window->api, false)) return false;
    const uint64_t parent = std::strcmp(window->api, kWindowApiX11) == 0 ? uint64_t(window->x11)
                                                                         : uint64_t(reinterpret_cast<uintptr_t>(window->win32));
    if (parent == 0) return false;
    const auto start = std::chrono::steady_clock::now();
    AicpEditorHost host{this, &ClapEditor::editParameter, &ClapEditor::frameDrawn};
    editor_ = engineLibrary().editorOpen(instance_.engine().handle(), parent, int(logicalWidth_), int(logicalHeight_), scale_, &host);
    if (editor_ == 0) {
        logLine("the editor could not open (see the engine log)");
        return false;
    }
    // On Linux the host's run loop drives the editor: the display connection's fd when events arrive, a timer for the
    // playhead (and for hosts that never signal the fd). On Windows the editor's window keeps its own timer.
    if (platform::kEditorNeedsHostRunLoop) startRunLoop();
    idle();  // the first frame, now
    openMs_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return true;
}

void ClapEditor::startRunLoop() noexcept {
    if (!hostTimers_ || !hostTimers_->registerTimer) {
        logLine("the host gave the editor no timer (clap.timer-support): it is drawn once and not updated");
    } else {
        timerRegistered_ = hostTimers_->registerTimer(host_, kTimerMs, &timer_);
    }
    fd_ = engineLibrary().editorFd(editor_);
    if (fd_ >= 0 && hostFds_ && hostFds_->registerFd) fdRegistered_ = hostFds_->registerFd(host_, fd_, kFdRead);
}

void ClapEditor::stopRunLoop() noexcept {
    if (timerRegistered_ && hostTimers_ && hostTimers_->unregisterTimer) hostTimers_->unregisterTimer(host_, timer_);
    if (fdRegistered_ && hostFds_ && hostFds_->unregisterFd) hostFds_->unregisterFd(host_, fd_);
    timerRegistered_ = fdRegistered_ = false;
    timer_ = kInvalidId;
    fd_ = -1;
}

void ClapEditor::onTimer(clap_id timer) noexcept {
    if (timerRegistered_ && timer == timer_) idle();
}

void ClapEditor::onFd(int fd) noexcept {
    if (fdRegistered_ && fd == fd_) idle();
}

void ClapEditor::idle() noexcept {
    if (editor_ != 0) engineLibrary().editorIdle(editor_);  // a frame drawn comes back through frameDrawn
}

// The user changed a parameter in the editor: applied now, and the host hears of it at its next process() or flush.
void ClapEditor::editParameter(void* self, int32_t index, double plain) {
    auto* editor = static_cast<ClapEditor*>(self);
    if (index < 0 || index >= AICP_PARAM_COUNT) return;
    editor->instance_.params().setPlain(index, plain);
    editor->edits_.mark(index, ParamEditsToHost::kEditor);
    if (editor->hostParams_ && editor->hostParams_->requestFlush) editor->hostParams_->requestFlush(editor->host_);
}

void ClapEditor::frameDrawn(void* self, double milliseconds) {
    auto* editor = static_cast<ClapEditor*>(self);
    editor->frameMs_[editor->frames_++ % AICP_EDITOR_FRAME_SLOTS] = milliseconds;
}

void ClapEditor::frameStats(AicpDebugStats& out) const noexcept {
    out.editorOpen = editor_ != 0;
    out.editorFrames = frames_;
    out.editorOpenMs = openMs_;
    for (int i = 0; i < AICP_EDITOR_FRAME_SLOTS; ++i) out.editorFrameMs[i] = frameMs_[i];
}

}  // namespace aicp
