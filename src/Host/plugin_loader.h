// Loads a VST3 bundle as a DAW does: dlopen Contents/x86_64-linux/<name>.so, ModuleEntry, GetPluginFactory, then
// instances through IPluginFactory::createInstance.
#pragma once
#include <string>
#include "aicopilot_debug.h"
#include "vst3_abi.h"

namespace aicphost {

class PluginModule {
public:
    ~PluginModule();
    // Throws std::runtime_error with the reason.
    void load(const std::string& bundlePath);
    vst3::IPluginFactory* factory() const { return factory_; }
    // The first class's ID and the component interface of a new instance (one reference, caller releases).
    vst3::IComponent* createComponent() const;
    aicp_debug_stats_fn debugStats() const { return debugStats_; }
    int (*liveInstances)() = nullptr;

private:
    void* library_ = nullptr;
    vst3::IPluginFactory* factory_ = nullptr;
    aicp_debug_stats_fn debugStats_ = nullptr;
};

// queryInterface as a typed helper: null when the object does not have it.
template <typename T>
T* query(vst3::FUnknown* object, const vst3::Uid& iid) {
    void* out = nullptr;
    if (!object || object->queryInterface(reinterpret_cast<const char*>(iid.bytes), &out) != vst3::kResultOk) return nullptr;
    return static_cast<T*>(out);
}

}  // namespace aicphost
