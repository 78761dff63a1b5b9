// See editor_host.h.
#include "editor_host.h"
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <poll.h>
#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>
#include "host_objects.h"
#include "host_session.h"
#include "plugin_loader.h"

namespace aicphost {

using namespace vst3;

namespace {

double nowSeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// The run loop a Linux host gives through its IPlugFrame: fd handlers and timers, called from poll() on this thread.
class RunLoopFrame final : public IPlugFrame, public IRunLoop {
public:
    struct Timer { ITimerHandler* handler; double interval, next; };
    std::vector<std::pair<IEventHandler*, int>> handlers;
    std::vector<Timer> timers;
    IPlugView* view = nullptr;
    Display* display = nullptr;
    Window window = 0;

    tresult AICP_VST_API queryInterface(const TUID iid, void** obj) override {
        if (!obj) return kInvalidArgument;
        if (iidEquals(iid, kFUnknownIid) || iidEquals(iid, kIPlugFrameIid)) *obj = static_cast<IPlugFrame*>(this);
        else if (iidEquals(iid, kIRunLoopIid)) *obj = static_cast<IRunLoop*>(this);
        else { *obj = nullptr; return kNoInterface; }
        return kResultOk;
    }
    uint32 AICP_VST_API addRef() override { return 1; }
    uint32 AICP_VST_API release() override { return 1; }

    tresult AICP_VST_API resizeView(IPlugView* v, ViewRect* r) override {
        if (!v || !r) return kInvalidArgument;
        XResizeWindow(display, window, unsigned(r->right - r->left), unsigned(r->bottom - r->top));
        return v->onSize(r);
    }
    tresult AICP_VST_API registerEventHandler(IEventHandler* h, int fd) override {
        if (!h || fd < 0) return kInvalidArgument;
        handlers.emplace_back(h, fd);
        return kResultOk;
    }
    tresult AICP_VST_API unregisterEventHandler(IEventHandler* h) override {
        for (size_t i = 0; i < handlers.size(); ++i)
            if (handlers[i].first == h) { handlers.erase(handlers.begin() + long(i)); return kResultOk; }
        return kInvalidArgument;
    }
    tresult AICP_VST_API registerTimer(ITimerHandler* h, uint64 ms) override {
        if (!h || ms == 0) return kInvalidArgument;
        timers.push_back({h, ms / 1000.0, nowSeconds() + ms / 1000.0});
        return kResultOk;
    }
    tresult AICP_VST_API unregisterTimer(ITimerHandler* h) override {
        for (size_t i = 0; i < timers.size(); ++i)
            if (timers[i].handler == h) { timers.erase(timers.begin() + long(i)); return kResultOk; }
        return kInvalidArgument;
    }

    // One turn of the loop: wait for an fd or the next timer, then call whatever is due.
    void turn() {
        double now = nowSeconds(), next = now + 0.05;
        for (auto& t : timers) next = std::min(next, t.next);
        std::vector<pollfd> fds;
        for (auto& [h, fd] : handlers) fds.push_back({fd, POLLIN, 0});
        int wait = int(std::max(0.0, next - now) * 1000);
        if (!fds.empty()) poll(fds.data(), fds.size(), wait);
        else if (wait > 0) std::this_thread::sleep_for(std::chrono::milliseconds(wait));
        auto snapshot = handlers;  // a callback may unregister
        for (size_t i = 0; i < fds.size() && i < snapshot.size(); ++i)
            if (fds[i].revents & POLLIN) snapshot[i].first->onFDIsSet(snapshot[i].second);
        now = nowSeconds();
        auto due = timers;
        for (auto& t : due)
            if (t.next <= now) t.handler->onTimer();
        for (auto& t : timers)
            if (t.next <= now) t.next = now + t.interval;
        // The host's own connection: drain its events so the server never waits on us.
        while (XPending(display) > 0) { XEvent e; XNextEvent(display, &e); }
    }
};

}  // namespace

EditorReport runEditor(IEditController* controller, const EditorOptions& options, const std::atomic<bool>& musicDone) {
    EditorReport report;
    Display* display = XOpenDisplay(nullptr);
    if (!display) { report.failure = "no X display (set DISPLAY, e.g. under xvfb-run)"; return report; }
    // Let the instance settle (its model loads in the background) so the figure is the editor's own.
    std::this_thread::sleep_for(std::chrono::seconds(1));
    report.residentBeforeKiB = residentKiBNow();
    IPlugView* view = controller->createView("editor");
    if (!view) {
        report.failure = "the plug-in offers no editor";
        XCloseDisplay(display);
        return report;
    }
    RunLoopFrame frame;
    frame.display = display;
    frame.view = view;
    const ViewRect size = prepareView(view, &frame, options.scale);
    report.width = size.right - size.left;
    report.height = size.bottom - size.top;
    Window window = XCreateSimpleWindow(display, DefaultRootWindow(display), 0, 0, unsigned(report.width), unsigned(report.height), 0, 0, 0);
    XStoreName(display, window, "AiCoPilot test host");
    XMapWindow(display, window);
    XSync(display, False);
    frame.window = window;
    report.hostWindow = window;
    if (view->isPlatformTypeSupported(kPlatformTypeX11EmbedWindowID) != kResultTrue ||
        view->attached(reinterpret_cast<void*>(window), kPlatformTypeX11EmbedWindowID) != kResultOk) {
        report.failure = "attached() refused (see the plug-in's log)";
        view->release();
        XDestroyWindow(display, window);
        XCloseDisplay(display);
        return report;
    }
    report.opened = true;
    report.runLoopUsed = !frame.timers.empty();
    if (options.resizeWidth > 0 && options.resizeHeight > 0) {
        // As a DAW does when the user drags the window's corner: ask the view, then size the window and tell it.
        ViewRect wanted{0, 0, options.resizeWidth, options.resizeHeight};
        view->checkSizeConstraint(&wanted);
        XResizeWindow(display, window, unsigned(wanted.right - wanted.left), unsigned(wanted.bottom - wanted.top));
        view->onSize(&wanted);
        ViewRect now{};
        view->getSize(&now);
        report.width = now.right - now.left;
        report.height = now.bottom - now.top;
    }
    bool announced = false;
    double doneAt = -1;
    const double openedAt = nowSeconds();
    while (true) {
        frame.turn();
        if (report.residentOpenKiB == 0 && nowSeconds() - openedAt > 0.5) report.residentOpenKiB = residentKiBNow();
        if (!announced && !options.readyFile.empty()) {
            std::ofstream(options.readyFile) << window << "\n";
            announced = true;
        }
        if (musicDone.load() && doneAt < 0) doneAt = nowSeconds();
        if (editorTimeIsUp(options, doneAt < 0 ? -1 : nowSeconds() - doneAt)) break;
    }
    if (options.beforeClose) options.beforeClose();
    view->removed();
    view->release();
    XDestroyWindow(display, window);
    XCloseDisplay(display);
    return report;
}

}  // namespace aicphost
