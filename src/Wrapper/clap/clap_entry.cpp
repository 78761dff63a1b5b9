// The CLAP library's entry point (clap_entry) and its plug-in factory: one plug-in, AiCoPilot. init and deinit may be
// called more than once (CLAP 1.2); they hold nothing: the engine library loads with the first instance and stays.
#include <cstring>
#include "clap_abi.h"
#include "clap_plugin.h"

namespace aicp {
namespace {

using namespace clap;

const PluginFactory kFactory = {
    [](const PluginFactory*) -> uint32_t { return 1; },
    [](const PluginFactory*, uint32_t index) -> const PluginDescriptor* { return index == 0 ? &clapDescriptor() : nullptr; },
    [](const PluginFactory*, const Host* host, const char* id) -> const Plugin* {
        if (!id || std::strcmp(id, clapDescriptor().id) != 0) return nullptr;
        return createClapPlugin(host);
    },
};

bool entryInit(const char*) { return true; }
void entryDeinit() {}
const void* entryFactory(const char* id) { return id && std::strcmp(id, kPluginFactoryId) == 0 ? &kFactory : nullptr; }

}  // namespace
}  // namespace aicp

AICP_CLAP_EXPORT const clap::PluginEntry clap_entry = {clap::kVersion, aicp::entryInit, aicp::entryDeinit, aicp::entryFactory};
// For tests (aicp-host): how many plug-in instances are alive, and an instance's debug figures.
AICP_CLAP_EXPORT int aicp_live_instances() { return aicp::liveClapPlugins(); }
AICP_CLAP_EXPORT int32_t aicp_debug_stats(void* plugin, AicpDebugStats* out) { return aicp::clapPluginDebugStats(plugin, out) ? 0 : 1; }
