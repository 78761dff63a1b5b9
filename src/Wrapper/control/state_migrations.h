// How a state saved by an older AiCoPilot becomes today's: one step per format version, applied in order after the
// bytes are read (as nih-plug's state filters do), so a project saved with any released version keeps opening with
// its settings. A step never drops what it does not understand.
#pragma once
#include <cstdint>
#include <string>
#include "state_codec.h"

namespace aicp {

// Brings a state of format `fromVersion` up to kStateVersion. False (with a reason) only for a version no step knows.
bool migrateState(SavedState& state, uint32_t fromVersion, std::string& reason);

}  // namespace aicp
