// The host's side of a CLAP plug-in's editor, as a DAW provides it through the GUI extension. Linux
// (clap_editor_host.cpp, with Xlib): a top-level X11 window whose id goes to clap_plugin_gui.set_parent, and a poll()
// loop on this (the main) thread that runs the timers and fds the plug-in registered through clap.timer-support and
// clap.posix-fd-support. Used by aicp-host --clap --editor for tests (under Xvfb). Elsewhere it reports that it is not
// available.
#pragma once
#include <atomic>
#include <functional>
#include <string>
#include "aicopilot_debug.h"
#include "clap_abi.h"
#include "clap_host.h"

namespace aicphost {

struct ClapEditorOptions {
    double seconds = 0;        // keep the editor open this long after the music ends
    double scale = 1.0;        // clap_plugin_gui.set_scale
    std::string readyFile;     // written (with the window id) once the first frame is on screen
    int resizeWidth = 0, resizeHeight = 0;  // when set, the user resizes the window to this after it opens
    std::function<void()> beforeClose;      // called with the editor still open, at the end
};

struct ClapEditorReport {
    bool opened = false;
    std::string failure;
    unsigned long long hostWindow = 0;
    double residentBeforeKiB = 0, residentOpenKiB = 0;
    int width = 0, height = 0;       // the size the plug-in reports (after any resize)
    int timers = 0, fds = 0;         // registered through the host's timer and fd support while open
    int timersLeft = 0, fdsLeft = 0; // still registered after destroy (should be none)
    long timerTicks = 0, fdCalls = 0;
};

ClapEditorReport runClapEditor(const clap::Plugin* plugin, ClapHost& host, const ClapEditorOptions& options, const std::atomic<bool>& musicDone);
// The report as JSON (the frame figures from the plug-in's debug stats when given).
std::string clapEditorJson(const ClapEditorReport& report, const AicpDebugStats* stats, double scale);

}  // namespace aicphost
