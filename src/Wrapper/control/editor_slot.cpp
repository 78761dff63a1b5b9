#include "editor_slot.h"
#include <cstring>
#include <new>
#include "editor_view.h"
#include "engine_bridge.h"
#include "parameter_info.h"
#include "platform.h"

namespace aicp {

using namespace vst3;

EditorSlot::~EditorSlot() {
    if (handler_) handler_->release();
}

IPlugView* EditorSlot::open(FIDString name, PluginInstance& instance, FUnknown* owner) noexcept {
    if (!platform::kEditorPlatformType) return nullptr;  // no editor on this system: the host's generic UI
    if (!name || std::strcmp(name, "editor") != 0 || view_ || !instance.initialized()) return nullptr;
    if (!instance.engine().engineAvailable() || !engineLibrary().editorOpen) return nullptr;
    instance_ = &instance;
    AicpEditorHost host{this, &EditorSlot::editParameter, &EditorSlot::frameDrawn};
    view_ = new (std::nothrow) EditorView(instance.engine().handle(), owner, host,
                                          [](void* self) { static_cast<EditorSlot*>(self)->view_ = nullptr; });
    return view_;
}

void EditorSlot::close() noexcept {
    if (view_) view_->removed();
}

void EditorSlot::setComponentHandler(IComponentHandler* handler) noexcept {
    if (handler) handler->addRef();
    if (handler_) handler_->release();
    handler_ = handler;
}

void EditorSlot::frameStats(AicpDebugStats& out) const noexcept {
    if (view_) view_->frameStats(out);
}

void EditorSlot::frameDrawn(void* self, double milliseconds) {
    if (EditorView* view = static_cast<EditorSlot*>(self)->view_) view->frameDrawn(milliseconds);
}

void EditorSlot::editParameter(void* self, int32_t index, double plain) {
    auto* slot = static_cast<EditorSlot*>(self);
    if (index < 0 || index >= AICP_PARAM_COUNT || !slot->instance_) return;
    ParameterStore& params = slot->instance_->params();
    params.setPlain(index, plain);
    const ParamID id = paramVstId(index);
    if (IComponentHandler* handler = slot->handler_) {
        handler->beginEdit(id);
        handler->performEdit(id, params.normalized(index));
        handler->endEdit(id);
    }
}

}  // namespace aicp
