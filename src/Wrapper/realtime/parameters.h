// The plug-in's parameters as the host sees them, made from aicp_parameters.def: stable string IDs (hashed to VST3
// ParamIDs with bit 31 clear, never to be changed), titles, units, ranges, steps and value strings; and the store that
// holds their current values.
#pragma once
#include <atomic>
#include <cstdint>
#include "aicopilot_engine_abi.h"

namespace aicp {

enum class ParamKind : int32_t {
    Toggle = AICP_KIND_TOGGLE, List = AICP_KIND_LIST, Integer = AICP_KIND_INTEGER, Continuous = AICP_KIND_CONTINUOUS
};

// One row of aicp_parameters.def.
struct ParamDef {
    int index;               // AicpParam: the slot in the shared value block
    const char* id;          // stable string ID: saved in state, hashed to the ParamID
    const char* title;
    const char* shortTitle;
    const char* units;
    ParamKind kind;
    int display;             // AicpParamDisplay
    double min, max, defaultPlain;
    const char* labels;      // List: the entries, "id:Label|id:Label" (a stable ID and what the host shows)
    int flags;               // AicpParamFlags
    int group;               // AicpParamGroup

    bool automatable() const noexcept { return (flags & AICP_PARAM_AUTOMATE) != 0; }
    bool bypass() const noexcept { return (flags & AICP_PARAM_BYPASS) != 0; }
    bool momentary() const noexcept { return (flags & AICP_PARAM_MOMENTARY) != 0; }  // never saved
};

const ParamDef* paramDefs() noexcept;  // AICP_PARAM_COUNT entries, indexed by AicpParam
const AicpParamInfo* paramInfos() noexcept;  // the same, as the engine is told of them
int paramIndexOfId(uint32_t vstId) noexcept;        // -1 when unknown
int paramIndexOfStringId(const char* id, int length) noexcept;
uint32_t paramVstId(int index) noexcept;
uint32_t hashParamId(const char* id) noexcept;     // FNV-1a 32, bit 31 cleared (reserved for hosts)

int32_t paramStepCount(const ParamDef& def) noexcept;
double paramToPlain(const ParamDef& def, double normalized) noexcept;  // clamps, NaN -> default: a valid plain value
double paramToNormalized(const ParamDef& def, double plain) noexcept;  // clamps, NaN -> default
double paramSanitized(const ParamDef& def, double plain) noexcept;     // the one sanitizing step of a plain value

// Current values. Any thread may write (the host calls setParamNormalized on its UI thread and sends changes to
// process()); every access is one lock-free atomic operation, and the plain value is mirrored into the block the
// engine reads.
class ParameterStore {
public:
    ParameterStore() noexcept;
    void attachShared(AicpSharedParams* shared) noexcept;  // not on the audio thread
    void resetToDefaults() noexcept;

    double plain(int index) const noexcept { return plain_[index].load(std::memory_order_relaxed); }
    double normalized(int index) const noexcept;
    bool flag(int index) const noexcept { return plain(index) >= 0.5; }
    void setPlain(int index, double plain) noexcept;
    void setNormalized(int index, double normalized) noexcept;

private:
    void store(int index, double plain) noexcept;  // a value already within its range

    std::atomic<double> plain_[AICP_PARAM_COUNT];
    std::atomic<AicpSharedParams*> shared_{nullptr};
};

}  // namespace aicp
