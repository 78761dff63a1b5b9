#include "plugin_loader.h"
#include <dlfcn.h>
#include <stdexcept>

namespace aicphost {

PluginModule::~PluginModule() {
    // Like DAWs that never unload the engine: ModuleExit, but no dlclose (the plug-in is RTLD_NODELETE anyway).
    if (library_) {
        using ExitFn = bool (*)();
        if (auto exit = reinterpret_cast<ExitFn>(dlsym(library_, "ModuleExit"))) exit();
    }
}

// The bundle folder of this host's own architecture (VST3's Linux bundle layout).
#if defined(__aarch64__)
static const char* const kBundleArchitecture = "aarch64-linux";
#else
static const char* const kBundleArchitecture = "x86_64-linux";
#endif

void PluginModule::load(const std::string& bundlePath) {
    std::string name = bundlePath;
    while (!name.empty() && name.back() == '/') name.pop_back();
    std::string stem = name.substr(name.find_last_of('/') + 1);
    if (stem.size() > 5 && stem.substr(stem.size() - 5) == ".vst3") stem = stem.substr(0, stem.size() - 5);
    std::string so = name + "/Contents/" + kBundleArchitecture + "/" + stem + ".so";
    library_ = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!library_) throw std::runtime_error(std::string("cannot load ") + so + ": " + dlerror());
    using EntryFn = bool (*)(void*);
    auto entry = reinterpret_cast<EntryFn>(dlsym(library_, "ModuleEntry"));
    if (!entry) throw std::runtime_error("the module does not export ModuleEntry");
    if (!entry(library_)) throw std::runtime_error("ModuleEntry failed");
    using FactoryFn = vst3::IPluginFactory* (*)();
    auto getFactory = reinterpret_cast<FactoryFn>(dlsym(library_, "GetPluginFactory"));
    if (!getFactory || !(factory_ = getFactory())) throw std::runtime_error("no plug-in factory");
    debugStats_ = reinterpret_cast<aicp_debug_stats_fn>(dlsym(library_, "aicp_debug_stats"));
    liveInstances = reinterpret_cast<int (*)()>(dlsym(library_, "aicp_live_instances"));
}

vst3::IComponent* PluginModule::createComponent() const {
    vst3::PClassInfo info{};
    if (!factory_ || factory_->countClasses() < 1 || factory_->getClassInfo(0, &info) != vst3::kResultOk) return nullptr;
    void* object = nullptr;
    if (factory_->createInstance(info.cid, reinterpret_cast<const char*>(vst3::kIComponentIid.bytes), &object) != vst3::kResultOk) return nullptr;
    return static_cast<vst3::IComponent*>(object);
}

}  // namespace aicphost
