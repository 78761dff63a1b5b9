#include "plugin_loader.h"
#include <stdexcept>
#include "alloc_counter.h"
#include "host_platform.h"

namespace aicphost {

PluginModule::~PluginModule() {
    if (library_) platform::exitPluginLibrary(library_);
}

void PluginModule::load(const std::string& bundlePath) {
    platform::PluginLibrary library = platform::openPluginLibrary(bundlePath);
    library_ = library.handle;
    binaryFolder_ = library.binaryFolder;
    // Before the plug-in loads its engine: from here on its calls on the audio thread are counted (alloc_counter.h).
    countCallsFromModulesIn(binaryFolder_);
    using FactoryFn = vst3::IPluginFactory* (*)();
    auto getFactory = reinterpret_cast<FactoryFn>(platform::findSymbol(library_, "GetPluginFactory"));
    if (!getFactory || !(factory_ = getFactory())) throw std::runtime_error("no plug-in factory");
    debugStats_ = reinterpret_cast<aicp_debug_stats_fn>(platform::findSymbol(library_, "aicp_debug_stats"));
    liveInstances = reinterpret_cast<int (*)()>(platform::findSymbol(library_, "aicp_live_instances"));
}

vst3::IComponent* PluginModule::createComponent() const {
    vst3::PClassInfo info{};
    if (!factory_ || factory_->countClasses() < 1 || factory_->getClassInfo(0, &info) != vst3::kResultOk) return nullptr;
    void* object = nullptr;
    if (factory_->createInstance(info.cid, reinterpret_cast<const char*>(vst3::kIComponentIid.bytes), &object) != vst3::kResultOk) return nullptr;
    return static_cast<vst3::IComponent*>(object);
}

}  // namespace aicphost
