// Loads a VST3 bundle as a DAW does: the system's binary and its entry (Linux dlopen of Contents/x86_64-linux/<name>.so
// and ModuleEntry; Windows LoadLibraryW of Contents/x86_64-win/<name>.vst3 and InitDll: host_platform.h),
// GetPluginFactory, then instances through IPluginFactory::createInstance.
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
    // The folder of the plug-in's binary (its engine library and that library's dependencies are beside it).
    const std::string& binaryFolder() const { return binaryFolder_; }

private:
    void* library_ = nullptr;
    std::string binaryFolder_;
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
