// See clap_editor_host.h.
#include "clap_editor_host.h"
#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>
#include "host_session.h"
#if defined(AICP_HOST_EDITOR) && !defined(_WIN32)
#include <X11/Xlib.h>
#include <poll.h>
#endif

namespace aicphost {

using namespace clap;

std::string clapEditorJson(const ClapEditorReport& r, const AicpDebugStats* s, double scale) {
    std::ostringstream o;
    o.precision(4);
    o << "{\"opened\": " << (r.opened ? "true" : "false") << ", \"failure\": \"" << r.failure << "\", \"scale\": " << scale
      << ", \"width\": " << r.width << ", \"height\": " << r.height << ", \"host_window\": " << r.hostWindow
      << ", \"timers_registered\": " << r.timers << ", \"fds_registered\": " << r.fds << ", \"timer_ticks\": " << r.timerTicks
      << ", \"fd_calls\": " << r.fdCalls << ", \"timers_left\": " << r.timersLeft << ", \"fds_left\": " << r.fdsLeft
      << ", \"run_loop\": " << (r.timers > 0 ? "true" : "false")
      << ", \"editor_resident_kib\": " << (r.residentOpenKiB - r.residentBeforeKiB);
    if (s && s->editorFrames > 0) {
        std::vector<double> frames(s->editorFrameMs, s->editorFrameMs + std::min<uint32_t>(s->editorFrames, AICP_EDITOR_FRAME_SLOTS));
        o << ", \"open_to_first_frame_ms\": " << s->editorOpenMs << ", \"frames\": " << s->editorFrames
          << ", \"frame_ms_p50\": " << percentile(frames, 50) << ", \"frame_ms_p95\": " << percentile(frames, 95)
          << ", \"frame_ms_max\": " << percentile(frames, 100);
    }
    o << "}";
    return o.str();
}

#if defined(AICP_HOST_EDITOR) && !defined(_WIN32)

namespace {
double nowSeconds() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
}  // namespace

ClapEditorReport runClapEditor(const Plugin* plugin, ClapHost& host, const ClapEditorOptions& options, const std::atomic<bool>& musicDone) {
    ClapEditorReport report;
    const auto* gui = clapExtension<PluginGui>(plugin, kExtGui);
    const auto* fds = clapExtension<PluginPosixFdSupport>(plugin, kExtPosixFdSupport);
    if (!gui) { report.failure = "the plug-in has no GUI extension"; return report; }
    Display* display = XOpenDisplay(nullptr);
    if (!display) { report.failure = "no X display (set DISPLAY, e.g. under xvfb-run)"; return report; }
    // Let the instance settle (its model loads in the background) so the figure is the editor's own.
    std::this_thread::sleep_for(std::chrono::seconds(1));
    report.residentBeforeKiB = residentKiBNow();
    // The timers and fds the editor registers (the plug-in may hold timers of its own already).
    const int timersBefore = host.timerRegistrations, fdsBefore = host.fdRegistrations;
    const size_t timersActive = host.timers.size(), fdsActive = host.fds.size();
    // The order the GUI extension gives for an embedded window.
    if (!gui->isApiSupported(plugin, kWindowApiX11, false) || !gui->create(plugin, kWindowApiX11, false)) {
        report.failure = "the plug-in offers no embedded X11 editor";
        XCloseDisplay(display);
        return report;
    }
    if (options.scale != 1.0) gui->setScale(plugin, options.scale);
    uint32_t width = 0, height = 0;
    gui->getSize(plugin, &width, &height);
    report.width = int(width);
    report.height = int(height);
    ::Window window = XCreateSimpleWindow(display, DefaultRootWindow(display), 0, 0, width ? width : 1, height ? height : 1, 0, 0, 0);
    XStoreName(display, window, "AiCoPilot CLAP test host");
    XMapWindow(display, window);
    XSync(display, False);
    report.hostWindow = window;
    clap::Window parent{};
    parent.api = kWindowApiX11;
    parent.x11 = window;
    if (!gui->setParent(plugin, &parent)) {
        report.failure = "set_parent refused (see the plug-in's log)";
        gui->destroy(plugin);
        XDestroyWindow(display, window);
        XCloseDisplay(display);
        return report;
    }
    gui->show(plugin);
    report.opened = true;
    report.timers = host.timerRegistrations - timersBefore;
    report.fds = host.fdRegistrations - fdsBefore;
    if (options.resizeWidth > 0 && options.resizeHeight > 0 && gui->canResize(plugin)) {
        // As a DAW does when the user drags the window's corner: the plug-in adjusts the size, the window takes it.
        uint32_t w = uint32_t(options.resizeWidth), h = uint32_t(options.resizeHeight);
        gui->adjustSize(plugin, &w, &h);
        XResizeWindow(display, window, w, h);
        gui->setSize(plugin, w, h);
        gui->getSize(plugin, &width, &height);
        report.width = int(width);
        report.height = int(height);
    }
    bool announced = false;
    double doneAt = -1;
    const double openedAt = nowSeconds();
    for (;;) {
        // One turn of the run loop: wait for a registered fd or the next timer, then call what is due.
        const double wait = host.secondsToNextTimer(0.05);
        std::vector<pollfd> polled;
        for (const auto& f : host.fds) polled.push_back({f.fd, short(((f.flags & kFdRead) ? POLLIN : 0) | ((f.flags & kFdWrite) ? POLLOUT : 0)), 0});
        if (!polled.empty()) poll(polled.data(), polled.size(), int(wait * 1000));
        else if (wait > 0) std::this_thread::sleep_for(std::chrono::duration<double>(wait));
        const auto fdSnapshot = host.fds;  // a callback may unregister
        for (size_t i = 0; i < polled.size() && i < fdSnapshot.size(); ++i) {
            uint32_t flags = 0;
            if (polled[i].revents & POLLIN) flags |= kFdRead;
            if (polled[i].revents & POLLOUT) flags |= kFdWrite;
            if (polled[i].revents & (POLLERR | POLLHUP)) flags |= kFdError;
            if (flags && fds) { fds->onFd(plugin, fdSnapshot[i].fd, flags); ++report.fdCalls; }
        }
        report.timerTicks += host.runDueTimers(plugin);
        while (XPending(display) > 0) { XEvent e; XNextEvent(display, &e); }  // the host's own connection
        if (report.residentOpenKiB == 0 && nowSeconds() - openedAt > 0.5) report.residentOpenKiB = residentKiBNow();
        if (!announced && !options.readyFile.empty()) {
            std::ofstream(options.readyFile) << window << "\n";
            announced = true;
        }
        if (musicDone.load() && doneAt < 0) doneAt = nowSeconds();
        if (doneAt >= 0 && nowSeconds() - doneAt >= options.seconds) break;
    }
    if (options.beforeClose) options.beforeClose();
    gui->hide(plugin);
    gui->destroy(plugin);
    report.timersLeft = int(host.timers.size()) - int(timersActive);
    report.fdsLeft = int(host.fds.size()) - int(fdsActive);
    XDestroyWindow(display, window);
    XCloseDisplay(display);
    return report;
}

#else

ClapEditorReport runClapEditor(const Plugin*, ClapHost&, const ClapEditorOptions&, const std::atomic<bool>& musicDone) {
    ClapEditorReport report;
    report.failure = "this aicp-host has no CLAP editor host (it is built for Linux with Xlib)";
    while (!musicDone.load()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return report;
}

#endif

}  // namespace aicphost
