// See editor_host.h: the Windows side (a top-level window, an IPlugFrame without a run loop, a message loop).
#include "editor_host.h"
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <fstream>
#include "host_objects.h"
#include "host_platform.h"
#include "host_session.h"
#include "plugin_loader.h"

namespace aicphost {

using namespace vst3;

namespace {

constexpr wchar_t kWindowClass[] = L"AiCoPilotTestHost";

// The window's outer size for a client area of width x height.
SIZE outerSize(int width, int height) {
    RECT r{0, 0, width, height};
    AdjustWindowRectEx(&r, WS_OVERLAPPEDWINDOW, FALSE, 0);
    return {r.right - r.left, r.bottom - r.top};
}

// The frame a Windows host gives: resizeView sizes the window; there is no IRunLoop (the editor keeps its own timer).
class WindowFrame final : public IPlugFrame {
public:
    HWND window = nullptr;
    bool resizing = false;  // our own SetWindowPos: the WM_SIZE it sends is not the user's

    tresult AICP_VST_API queryInterface(const TUID iid, void** obj) override {
        if (!obj) return kInvalidArgument;
        if (iidEquals(iid, kFUnknownIid) || iidEquals(iid, kIPlugFrameIid)) { *obj = static_cast<IPlugFrame*>(this); return kResultOk; }
        *obj = nullptr;
        return kNoInterface;
    }
    uint32 AICP_VST_API addRef() override { return 1; }
    uint32 AICP_VST_API release() override { return 1; }
    tresult AICP_VST_API resizeView(IPlugView* v, ViewRect* r) override {
        if (!v || !r) return kInvalidArgument;
        SIZE outer = outerSize(r->right - r->left, r->bottom - r->top);
        resizing = true;
        SetWindowPos(window, nullptr, 0, 0, outer.cx, outer.cy, SWP_NOMOVE | SWP_NOZORDER | SWP_NOACTIVATE);
        resizing = false;
        return v->onSize(r);
    }
};

// What the window procedure needs: the view to tell of the user's resizes.
struct WindowState {
    IPlugView* view = nullptr;
    WindowFrame* frame = nullptr;
};

LRESULT CALLBACK windowProc(HWND hwnd, UINT message, WPARAM w, LPARAM l) {
    auto* state = reinterpret_cast<WindowState*>(GetWindowLongPtrW(hwnd, GWLP_USERDATA));
    if (message == WM_SIZE && state && state->view && !state->frame->resizing && w != SIZE_MINIMIZED) {
        // The user dragged the window's edge: ask the view what it accepts, then tell it its new size.
        ViewRect wanted{0, 0, LOWORD(l), HIWORD(l)};
        state->view->checkSizeConstraint(&wanted);
        state->view->onSize(&wanted);
        return 0;
    }
    if (message == WM_CLOSE) return 0;  // the host closes it when the run ends
    return DefWindowProcW(hwnd, message, w, l);
}

void pumpMessages(DWORD waitMs) {
    MsgWaitForMultipleObjects(0, nullptr, FALSE, waitMs, QS_ALLINPUT);
    MSG msg;
    while (PeekMessageW(&msg, nullptr, 0, 0, PM_REMOVE)) {
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
}

}  // namespace

EditorReport runEditor(IEditController* controller, const EditorOptions& options, const std::atomic<bool>& musicDone) {
    EditorReport report;
    HINSTANCE instance = GetModuleHandleW(nullptr);
    WNDCLASSEXW wc{};
    wc.cbSize = sizeof wc;
    wc.lpfnWndProc = windowProc;
    wc.hInstance = instance;
    wc.hCursor = LoadCursorW(nullptr, reinterpret_cast<LPCWSTR>(IDC_ARROW));
    wc.lpszClassName = kWindowClass;
    RegisterClassExW(&wc);  // a second run finds it registered: fine
    report.residentBeforeKiB = residentKiBNow();
    IPlugView* view = controller->createView("editor");
    if (!view) { report.failure = "the plug-in offers no editor"; return report; }
    WindowFrame frame;
    const ViewRect size = prepareView(view, &frame, options.scale);
    report.width = size.right - size.left;
    report.height = size.bottom - size.top;
    SIZE outer = outerSize(report.width, report.height);
    HWND window = CreateWindowExW(0, kWindowClass, L"AiCoPilot test host", WS_OVERLAPPEDWINDOW | WS_CLIPCHILDREN, 0, 0, outer.cx, outer.cy,
                                  nullptr, nullptr, instance, nullptr);
    if (!window) { report.failure = "the host window could not be made"; view->release(); return report; }
    WindowState state{nullptr, &frame};
    SetWindowLongPtrW(window, GWLP_USERDATA, reinterpret_cast<LONG_PTR>(&state));
    frame.window = window;
    ShowWindow(window, SW_SHOWNORMAL);
    UpdateWindow(window);
    report.hostWindow = reinterpret_cast<uintptr_t>(window);
    if (view->isPlatformTypeSupported(kPlatformTypeHWND) != kResultTrue || view->attached(window, kPlatformTypeHWND) != kResultOk) {
        report.failure = "attached() refused (see the plug-in's log)";
        view->release();
        DestroyWindow(window);
        return report;
    }
    state.view = view;
    report.opened = true;
    report.runLoopUsed = false;  // Windows hosts have none to give
    if (options.resizeWidth > 0 && options.resizeHeight > 0) {
        // As a DAW does when the user drags the window's corner: ask the view, then size the window and tell it.
        ViewRect wanted{0, 0, options.resizeWidth, options.resizeHeight};
        view->checkSizeConstraint(&wanted);
        SIZE grown = outerSize(wanted.right - wanted.left, wanted.bottom - wanted.top);
        frame.resizing = true;
        SetWindowPos(window, nullptr, 0, 0, grown.cx, grown.cy, SWP_NOMOVE | SWP_NOZORDER | SWP_NOACTIVATE);
        frame.resizing = false;
        view->onSize(&wanted);
        ViewRect now{};
        view->getSize(&now);
        report.width = now.right - now.left;
        report.height = now.bottom - now.top;
    }
    bool announced = false;
    double doneAt = -1;
    const double openedAt = platform::nowSeconds();
    while (true) {
        pumpMessages(10);
        if (report.residentOpenKiB == 0 && platform::nowSeconds() - openedAt > 0.5) report.residentOpenKiB = residentKiBNow();
        if (!announced && !options.readyFile.empty()) {
            std::ofstream(options.readyFile) << report.hostWindow << "\n";
            announced = true;
        }
        if (musicDone.load() && doneAt < 0) doneAt = platform::nowSeconds();
        if (editorTimeIsUp(options, doneAt < 0 ? -1 : platform::nowSeconds() - doneAt)) break;
    }
    if (options.beforeClose) options.beforeClose();
    state.view = nullptr;
    view->removed();
    view->release();
    DestroyWindow(window);
    return report;
}

}  // namespace aicphost
