// What the controller side keeps for its editor, on the host's UI thread: the one editor view the host may hold, and
// the host's component handler, which hears of every parameter the user changes in that editor (as it would of a
// knob turn). The COM class only forwards createView and setComponentHandler here.
#pragma once
#include "aicopilot_debug.h"
#include "plugin_instance.h"
#include "vst3_abi.h"

namespace aicp {

class EditorSlot {
public:
    EditorSlot() = default;
    EditorSlot(const EditorSlot&) = delete;
    EditorSlot& operator=(const EditorSlot&) = delete;
    ~EditorSlot();

    // The host's createView("editor"): a new view, or nullptr when there is no engine to draw it, one is already
    // open, or the system has no editor (docs/editor.md); the host then shows its generic parameter UI.
    // owner is the plug-in object the view keeps alive while it exists.
    vst3::IPlugView* open(vst3::FIDString name, PluginInstance& instance, vst3::FUnknown* owner) noexcept;
    // terminate(): an editor still open reads the engine's shared parameters, so it closes before the engine goes.
    void close() noexcept;
    void setComponentHandler(vst3::IComponentHandler* handler) noexcept;
    void frameStats(AicpDebugStats& out) const noexcept;

private:
    // The user changed a parameter in the editor (UI thread): applied, then told to the host.
    static void editParameter(void* self, int32_t index, double plain);
    // The editor put a frame on screen: its view keeps the figures.
    static void frameDrawn(void* self, double milliseconds);

    PluginInstance* instance_ = nullptr;
    vst3::IComponentHandler* handler_ = nullptr;
    class EditorView* view_ = nullptr;  // not owned: the host holds it; it clears this when it goes
};

}  // namespace aicp
