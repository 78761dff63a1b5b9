// See editor_view.h. Every entry point the host calls is noexcept in effect: nothing here throws, and the engine's
// editor functions catch everything on their side.
#include "editor_view.h"
#include <chrono>
#include <cstring>
#include "engine_bridge.h"
#include "log.h"
#include "platform.h"

namespace aicp {

using namespace vst3;

namespace {
int width(const ViewRect& r) { return r.right - r.left; }
int height(const ViewRect& r) { return r.bottom - r.top; }
}  // namespace

EditorView::EditorView(int64_t engine, FUnknown* owner, const AicpEditorHost& host, void (*onDestroyed)(void*)) noexcept
    : engine_(engine), owner_(owner), host_(host), onDestroyed_(onDestroyed) {
    fdHandler_.view = this;
    timerHandler_.view = this;
    if (owner_) owner_->addRef();
}

EditorView::~EditorView() {
    removed();
    if (frame_) frame_->release();
    if (onDestroyed_) onDestroyed_(host_.context);
    if (owner_) owner_->release();
}

tresult AICP_VST_API EditorView::queryInterface(const TUID iid, void** obj) {
    if (!obj) return kInvalidArgument;
    if (iidEquals(iid, kFUnknownIid) || iidEquals(iid, kIPlugViewIid)) *obj = static_cast<IPlugView*>(this);
    else if (iidEquals(iid, kIPlugViewContentScaleSupportIid)) *obj = static_cast<IPlugViewContentScaleSupport*>(this);
    else { *obj = nullptr; return kNoInterface; }
    addRef();
    return kResultOk;
}

uint32 AICP_VST_API EditorView::addRef() { return ++refs_; }

uint32 AICP_VST_API EditorView::release() {
    uint32 left = --refs_;
    if (left == 0) delete this;
    return left;
}

tresult AICP_VST_API EditorView::FdHandler::queryInterface(const TUID iid, void** obj) {
    if (!obj) return kInvalidArgument;
    if (iidEquals(iid, kFUnknownIid) || iidEquals(iid, kIEventHandlerIid)) { *obj = this; addRef(); return kResultOk; }
    *obj = nullptr;
    return kNoInterface;
}

tresult AICP_VST_API EditorView::TimerHandler::queryInterface(const TUID iid, void** obj) {
    if (!obj) return kInvalidArgument;
    if (iidEquals(iid, kFUnknownIid) || iidEquals(iid, kITimerHandlerIid)) { *obj = this; addRef(); return kResultOk; }
    *obj = nullptr;
    return kNoInterface;
}

tresult AICP_VST_API EditorView::isPlatformTypeSupported(FIDString type) {
    // One window system per build: X11 on Linux, HWND on Windows (platform.h).
    const char* supported = platform::kEditorPlatformType;
    return supported && type && std::strcmp(type, supported) == 0 ? kResultTrue : kResultFalse;
}

tresult AICP_VST_API EditorView::setFrame(IPlugFrame* frame) {
    if (frame) frame->addRef();
    if (frame_) frame_->release();
    frame_ = frame;
    return kResultOk;
}

tresult AICP_VST_API EditorView::attached(void* parent, FIDString type) {
    if (editor_ != 0) return kResultFalse;
    if (!parent || isPlatformTypeSupported(type) != kResultTrue) return kResultFalse;
    const EngineLibrary& lib = engineLibrary();
    if (!lib.editorOpen) return kResultFalse;
    const auto start = std::chrono::steady_clock::now();
    const double scale = scale_ > 0 ? scale_ : 1.0;
    editor_ = lib.editorOpen(engine_, uint64_t(reinterpret_cast<uintptr_t>(parent)), int(width(size_) / scale),
                             int(height(size_) / scale), scale, &host_);
    if (editor_ == 0) {
        logLine("the editor could not open (see the engine log)");
        return kResultFalse;
    }
    // On Linux the host's run loop drives the editor: the display connection's fd when events arrive, a timer for
    // the playhead (and for hosts that never signal the fd, which happens). On Windows the editor's window has its own
    // timer in the host's message loop.
    if (platform::kEditorNeedsHostRunLoop) startRunLoop();
    idle();  // the first frame, now
    openMs_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return kResultOk;
}

void EditorView::startRunLoop() noexcept {
    void* loop = nullptr;
    if (!frame_ || frame_->queryInterface(reinterpret_cast<const char*>(kIRunLoopIid.bytes), &loop) != kResultOk || !loop) {
        logLine("the host gave the editor no run loop (IRunLoop): it is drawn once and not updated");
        return;
    }
    runLoop_ = static_cast<IRunLoop*>(loop);
    int fd = engineLibrary().editorFd(editor_);
    if (fd >= 0) fdRegistered_ = runLoop_->registerEventHandler(&fdHandler_, fd) == kResultOk;
    timerRegistered_ = runLoop_->registerTimer(&timerHandler_, kTimerMs) == kResultOk;
}

void EditorView::stopRunLoop() noexcept {
    if (runLoop_) {
        if (timerRegistered_) runLoop_->unregisterTimer(&timerHandler_);
        if (fdRegistered_) runLoop_->unregisterEventHandler(&fdHandler_);
        runLoop_->release();
    }
    runLoop_ = nullptr;
    timerRegistered_ = fdRegistered_ = false;
}

tresult AICP_VST_API EditorView::removed() {
    stopRunLoop();
    if (editor_ != 0) {
        engineLibrary().editorClose(editor_);
        editor_ = 0;
    }
    return kResultOk;
}

void EditorView::idle() noexcept {
    if (editor_ != 0) engineLibrary().editorIdle(editor_);  // a frame drawn comes back through frameDrawn
}

void EditorView::frameDrawn(double milliseconds) noexcept {
    frameMs_[frames_++ % AICP_EDITOR_FRAME_SLOTS] = milliseconds;
}

void EditorView::frameStats(AicpDebugStats& out) const noexcept {
    out.editorOpen = editor_ != 0;
    out.editorFrames = frames_;
    out.editorOpenMs = openMs_;
    for (int i = 0; i < AICP_EDITOR_FRAME_SLOTS; ++i) out.editorFrameMs[i] = frameMs_[i];
}

tresult AICP_VST_API EditorView::getSize(ViewRect* size) {
    if (!size) return kInvalidArgument;
    *size = size_;
    return kResultOk;
}

tresult AICP_VST_API EditorView::checkSizeConstraint(ViewRect* rect) {
    if (!rect) return kInvalidArgument;
    const float scale = scale_ > 0 ? scale_ : 1.f;
    if (width(*rect) < kMinWidth * scale) rect->right = rect->left + int(kMinWidth * scale);
    if (height(*rect) < kMinHeight * scale) rect->bottom = rect->top + int(kMinHeight * scale);
    return kResultTrue;
}

tresult AICP_VST_API EditorView::onSize(ViewRect* newSize) {
    if (!newSize) return kInvalidArgument;
    ViewRect r = *newSize;
    checkSizeConstraint(&r);
    size_ = r;
    if (editor_ != 0) engineLibrary().editorResize(editor_, int(width(r) / scale_), int(height(r) / scale_), scale_);
    return kResultOk;
}

tresult AICP_VST_API EditorView::setContentScaleFactor(float factor) {
    if (!(factor >= 0.5f && factor <= 4.f)) return kResultFalse;
    if (factor == scale_) return kResultOk;
    // Keep the logical size; the window grows or shrinks in pixels with the scale.
    ViewRect wanted{0, 0, int(width(size_) / scale_ * factor), int(height(size_) / scale_ * factor)};
    scale_ = factor;
    if (frame_ && editor_ != 0 && frame_->resizeView(this, &wanted) == kResultOk) return kResultOk;  // the host calls onSize
    return onSize(&wanted);
}

}  // namespace aicp
