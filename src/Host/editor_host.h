// The host's side of a plug-in editor, as a DAW provides it. Linux (editor_host.cpp): a top-level X11 window whose id
// is handed to IPlugView::attached, an IPlugFrame that carries an IRunLoop, and a poll() loop that calls the plug-in's
// registered fd handlers and timers on this (the UI) thread. Windows (editor_host_win32.cpp): a top-level window
// whose HWND is handed over, an IPlugFrame without a run loop (Windows editors keep their own timers) and a message
// loop. Used by aicp-host --editor for tests and figures (under Xvfb; on Windows under Wine).
#pragma once
#include <atomic>
#include <fstream>
#include <functional>
#include <string>
#include <vector>
#include "plugin_loader.h"
#include "vst3_abi.h"

namespace aicphost {

struct EditorOptions {
    double seconds = 0;        // keep the editor open this long after the music ends (for screenshots, drags)
    std::string closeFile;     // when set, the editor closes once this file exists (after the music; `seconds` the most)
    double scale = 1.0;        // the content scale factor given to the view
    std::string readyFile;     // written (with the window ids) once the first frame is on screen
    int resizeWidth = 0, resizeHeight = 0;  // when set, the user resizes the window to this after it opens
    std::function<void()> beforeClose;  // called with the editor still open, at the end
};

// Whether the editor's time is up: `seconds` after the music ended, or earlier once the close file exists (a test that
// closes the window when it is done with it, as a user would, instead of guessing how long that takes).
inline bool editorTimeIsUp(const EditorOptions& options, double sinceMusicEnded) {
    if (sinceMusicEnded < 0) return false;
    if (sinceMusicEnded >= options.seconds) return true;
    return !options.closeFile.empty() && std::ifstream(options.closeFile).good();
}

struct EditorReport {
    bool opened = false;
    std::string failure;
    unsigned long long hostWindow = 0;  // the X11 window id, or the HWND
    // Resident memory just before createView and half a second after attached(): what an open editor costs.
    double residentBeforeKiB = 0, residentOpenKiB = 0;
    int width = 0, height = 0;
    bool runLoopUsed = false;
};

// What every host does before it attaches a view: hands it the frame and the content scale, then asks its size.
inline vst3::ViewRect prepareView(vst3::IPlugView* view, vst3::IPlugFrame* frame, double scale) {
    view->setFrame(frame);
    if (scale != 1.0)
        if (auto* scaling = query<vst3::IPlugViewContentScaleSupport>(view, vst3::kIPlugViewContentScaleSupportIid)) {
            scaling->setContentScaleFactor(float(scale));
            scaling->release();
        }
    vst3::ViewRect size{};
    view->getSize(&size);
    return size;
}

// Runs the editor of `controller` until `musicDone` is set and options.seconds more have passed.
EditorReport runEditor(vst3::IEditController* controller, const EditorOptions& options, const std::atomic<bool>& musicDone);

}  // namespace aicphost
