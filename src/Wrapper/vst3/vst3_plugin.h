#pragma once
#include "aicopilot_debug.h"
#include "vst3_abi.h"

namespace aicp {
// A new plug-in instance with one reference, or null when out of memory.
vst3::FUnknown* createPluginInstance() noexcept;
// Instances alive in this process (for leak checks in tests).
int livePluginInstances() noexcept;
// Fills the debug figures of an instance created by this module; false for anything else.
bool pluginDebugStats(void* component, AicpDebugStats* out) noexcept;
}
