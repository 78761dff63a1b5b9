#include "parameters.h"
#include "platform.h"
#include <cmath>
#include <cstring>

namespace aicp {
namespace {

// Made from the one table; IDs are part of saved projects: never change one.
const ParamDef kDefs[AICP_PARAM_COUNT] = {
#define AICP_PARAM(name, id, title, shortTitle, units, kind, display, min, max, def, labels, flags, group, enumType) \
    {AICP_P_##name, id, title, shortTitle, units, ParamKind(AICP_KIND_##kind), AICP_DISPLAY_##display, min, max, def, labels, flags, AICP_GROUP_##group},
#include "aicp_parameters.def"
#undef AICP_PARAM
};

const AicpParamInfo kInfos[AICP_PARAM_COUNT] = {
#define AICP_PARAM(name, id, title, shortTitle, units, kind, display, min, max, def, labels, flags, group, enumType) \
    {id, min, max, def, AICP_P_##name, AICP_KIND_##kind},
#include "aicp_parameters.def"
#undef AICP_PARAM
};

// Checked when the table is compiled: every default lies in its range, whole steps are whole, a list's range is its
// entries (0 to count - 1) and the table fits the shared block.
constexpr int countEntries(const char* labels) {
    if (*labels == 0) return 0;
    int n = 1;
    for (; *labels; ++labels) n += *labels == '|';
    return n;
}
constexpr bool whole(double v) { return v == double(static_cast<long long>(v)); }
#define AICP_PARAM(name, id, title, shortTitle, units, kind, display, min, max, def, labels, flags, group, enumType)                   \
    static_assert((min) <= (def) && (def) <= (max), "the default of " id " lies outside its range");                                  \
    static_assert(AICP_KIND_##kind == AICP_KIND_CONTINUOUS || (whole(min) && whole(max) && whole(def)), id " must have whole values"); \
    static_assert(AICP_KIND_##kind != AICP_KIND_LIST || ((min) == 0 && (max) == countEntries(labels) - 1), id ": a list's range is its entries"); \
    static_assert(AICP_KIND_##kind == AICP_KIND_LIST || countEntries(labels) == 0, id ": only a list has entries");
#include "aicp_parameters.def"
#undef AICP_PARAM
static_assert(AICP_PARAM_COUNT <= AICP_MAX_PARAMS, "the parameter table does not fit the shared block");

uint32_t kVstIds[AICP_PARAM_COUNT];
const bool kIdsReady = [] {
    for (int i = 0; i < AICP_PARAM_COUNT; ++i) kVstIds[i] = hashParamId(kDefs[i].id);
    return true;
}();

double clampOr(double v, double lo, double hi, double fallback) noexcept {
    if (!std::isfinite(v)) return fallback;
    return v < lo ? lo : (v > hi ? hi : v);
}

}  // namespace

const ParamDef* paramDefs() noexcept { return kDefs; }
const AicpParamInfo* paramInfos() noexcept { return kInfos; }

uint32_t hashParamId(const char* id) noexcept {
    uint32_t h = 2166136261u;
    for (const char* p = id; *p; ++p) { h ^= static_cast<uint8_t>(*p); h *= 16777619u; }
    return h & 0x7FFFFFFFu;
}

uint32_t paramVstId(int index) noexcept { return (void)kIdsReady, kVstIds[index]; }

int paramIndexOfId(uint32_t vstId) noexcept {
    for (int i = 0; i < AICP_PARAM_COUNT; ++i)
        if (paramVstId(i) == vstId) return i;
    return -1;
}

int paramIndexOfStringId(const char* id, int length) noexcept {
    for (int i = 0; i < AICP_PARAM_COUNT; ++i)
        if (static_cast<int>(std::strlen(kDefs[i].id)) == length && std::memcmp(kDefs[i].id, id, length) == 0) return i;
    return -1;
}

int32_t paramStepCount(const ParamDef& def) noexcept {
    switch (def.kind) {
        case ParamKind::Toggle: return 1;
        case ParamKind::List:
        case ParamKind::Integer: return static_cast<int32_t>(def.max - def.min);
        default: return 0;
    }
}

double paramSanitized(const ParamDef& def, double plain) noexcept {
    double p = clampOr(plain, def.min, def.max, def.defaultPlain);
    return paramStepCount(def) > 0 ? std::round(p) : p;
}

double paramToPlain(const ParamDef& def, double normalized) noexcept {
    if (!std::isfinite(normalized)) return def.defaultPlain;
    double n = normalized < 0 ? 0 : (normalized > 1 ? 1 : normalized);
    double plain = def.min + n * (def.max - def.min);
    return paramStepCount(def) > 0 ? std::round(plain) : plain;
}

double paramToNormalized(const ParamDef& def, double plain) noexcept {
    double p = paramSanitized(def, plain);
    return def.max > def.min ? (p - def.min) / (def.max - def.min) : 0;
}

ParameterStore::ParameterStore() noexcept { resetToDefaults(); }

void ParameterStore::attachShared(AicpSharedParams* shared) noexcept {
    shared_.store(shared, std::memory_order_release);
    if (shared)
        for (int i = 0; i < AICP_PARAM_COUNT; ++i) {
            double v = plain(i);
            platform::storeRelaxed(shared->values[i], v);
        }
}

void ParameterStore::resetToDefaults() noexcept {
    for (int i = 0; i < AICP_PARAM_COUNT; ++i) setPlain(i, kDefs[i].defaultPlain);
}

double ParameterStore::normalized(int index) const noexcept { return paramToNormalized(kDefs[index], plain(index)); }

void ParameterStore::setPlain(int index, double value) noexcept {
    if (index < 0 || index >= AICP_PARAM_COUNT) return;
    store(index, paramSanitized(kDefs[index], value));
}

void ParameterStore::setNormalized(int index, double value) noexcept {
    if (index < 0 || index >= AICP_PARAM_COUNT) return;
    store(index, paramToPlain(kDefs[index], value));  // already a valid plain value: no second sanitizing
}

void ParameterStore::store(int index, double plain) noexcept {
    plain_[index].store(plain, std::memory_order_relaxed);
    if (AicpSharedParams* shared = shared_.load(std::memory_order_acquire)) platform::storeRelaxed(shared->values[index], plain);
}

}  // namespace aicp
