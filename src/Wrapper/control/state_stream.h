// The plug-in's saved state through the host's IBStream: read whole (up to kMaxStateBytes) and applied, or written
// whole. A refused state leaves a working plug-in on defaults, with the reason logged, as hosts expect.
#pragma once
#include <string>
#include "plugin_instance.h"
#include "vst3_abi.h"

namespace aicp {

// setState: reads the stream and applies it; `reason` says why it was refused ("" when it was applied).
vst3::tresult restoreStateFrom(vst3::IBStream* stream, PluginInstance& instance, std::string& reason);
// getState: writes the state; kResultFalse when the stream refuses the bytes.
vst3::tresult saveStateTo(vst3::IBStream* stream, PluginInstance& instance);

}  // namespace aicp
