// The plug-in's IPlugView: a child window owned by the engine library (which draws it), embedded in the host's parent
// window: an X11 window on Linux, driven only by the host's run loop (IRunLoop, found on the IPlugFrame: the display
// connection's fd and one timer call into the engine on the host's UI thread; no thread of ours touches X), and a
// Win32 window on Windows, which keeps its own timer in the host's message loop. platform.h says which.
#pragma once
#include <atomic>
#include <cstdint>
#include "aicopilot_debug.h"
#include "aicopilot_engine_abi.h"
#include "vst3_abi.h"

namespace aicp {

class EditorView final : public vst3::IPlugView, public vst3::IPlugViewContentScaleSupport {
public:
    static constexpr int kDefaultWidth = 900, kDefaultHeight = 560, kMinWidth = 740, kMinHeight = 400, kTimerMs = 16;

    // owner is kept alive (addRef) while the view exists; host.setParameter applies edits made in the editor;
    // onDestroyed(host.context) tells the owner the view is gone.
    EditorView(int64_t engine, vst3::FUnknown* owner, const AicpEditorHost& host, void (*onDestroyed)(void*)) noexcept;
    EditorView(const EditorView&) = delete;
    EditorView& operator=(const EditorView&) = delete;

    // FUnknown
    vst3::tresult AICP_VST_API queryInterface(const vst3::TUID iid, void** obj) override;
    vst3::uint32 AICP_VST_API addRef() override;
    vst3::uint32 AICP_VST_API release() override;
    // IPlugView
    vst3::tresult AICP_VST_API isPlatformTypeSupported(vst3::FIDString type) override;
    vst3::tresult AICP_VST_API attached(void* parent, vst3::FIDString type) override;
    vst3::tresult AICP_VST_API removed() override;
    vst3::tresult AICP_VST_API onWheel(float) override { return vst3::kResultFalse; }
    vst3::tresult AICP_VST_API onKeyDown(char16_t, vst3::int16, vst3::int16) override { return vst3::kResultFalse; }
    vst3::tresult AICP_VST_API onKeyUp(char16_t, vst3::int16, vst3::int16) override { return vst3::kResultFalse; }
    vst3::tresult AICP_VST_API getSize(vst3::ViewRect* size) override;
    vst3::tresult AICP_VST_API onSize(vst3::ViewRect* newSize) override;
    vst3::tresult AICP_VST_API onFocus(vst3::TBool) override { return vst3::kResultOk; }
    vst3::tresult AICP_VST_API setFrame(vst3::IPlugFrame* frame) override;
    vst3::tresult AICP_VST_API canResize() override { return vst3::kResultTrue; }
    vst3::tresult AICP_VST_API checkSizeConstraint(vst3::ViewRect* rect) override;
    // IPlugViewContentScaleSupport
    vst3::tresult AICP_VST_API setContentScaleFactor(float factor) override;

    bool isOpen() const noexcept { return editor_ != 0; }
    // The engine put a frame on screen (AicpEditorHost::frameDrawn, on the UI thread): for the frame figures.
    void frameDrawn(double milliseconds) noexcept;
    // Frame figures for the test host (aicp_debug_stats).
    void frameStats(AicpDebugStats& out) const noexcept;

private:
    ~EditorView();
    void idle() noexcept;
    void startRunLoop() noexcept;
    void stopRunLoop() noexcept;

    // The run loop calls these two small objects (Linux); each forwards to the view.
    struct FdHandler final : vst3::IEventHandler {
        EditorView* view = nullptr;
        vst3::tresult AICP_VST_API queryInterface(const vst3::TUID iid, void** obj) override;
        vst3::uint32 AICP_VST_API addRef() override { return view->addRef(); }
        vst3::uint32 AICP_VST_API release() override { return view->release(); }
        void AICP_VST_API onFDIsSet(int) override { view->idle(); }
    };
    struct TimerHandler final : vst3::ITimerHandler {
        EditorView* view = nullptr;
        vst3::tresult AICP_VST_API queryInterface(const vst3::TUID iid, void** obj) override;
        vst3::uint32 AICP_VST_API addRef() override { return view->addRef(); }
        vst3::uint32 AICP_VST_API release() override { return view->release(); }
        void AICP_VST_API onTimer() override { view->idle(); }
    };

    std::atomic<vst3::uint32> refs_{1};
    int64_t engine_;
    vst3::FUnknown* owner_;
    AicpEditorHost host_;
    void (*onDestroyed_)(void*);
    vst3::IPlugFrame* frame_ = nullptr;
    vst3::IRunLoop* runLoop_ = nullptr;
    FdHandler fdHandler_;
    TimerHandler timerHandler_;
    bool fdRegistered_ = false, timerRegistered_ = false;
    int64_t editor_ = 0;
    vst3::ViewRect size_{0, 0, kDefaultWidth, kDefaultHeight};  // in host pixels
    float scale_ = 1.f;
    double openMs_ = 0;
    uint32_t frames_ = 0;
    double frameMs_[AICP_EDITOR_FRAME_SLOTS] = {};
};

}  // namespace aicp
