// The CLAP plug-in object: one clap_plugin per instance, forwarding to the PluginInstance (control/ and realtime/), the
// CLAP block adapter (clap_block.h) and the editor (clap_gui.h). clap_entry.cpp exports it through the entry point.
#pragma once
#include "aicopilot_debug.h"
#include "clap_abi.h"

namespace aicp {

// The one plug-in this library holds (its ID never changes: projects refer to it).
const clap::PluginDescriptor& clapDescriptor() noexcept;
// A new instance for a host, or null when out of memory. The host calls its init() before anything else.
const clap::Plugin* createClapPlugin(const clap::Host* host) noexcept;
// Instances alive in this process (for leak checks in tests).
int liveClapPlugins() noexcept;
// Fills the debug figures of an instance created by this library; false for anything else.
bool clapPluginDebugStats(const void* plugin, AicpDebugStats* out) noexcept;

}  // namespace aicp
