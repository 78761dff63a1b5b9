#include "parameters.h"
#include "platform.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace aicp {
namespace {

// Made from the one table; IDs are part of saved projects: never change one.
const ParamDef kDefs[AICP_PARAM_COUNT] = {
#define AICP_PARAM(name, id, title, shortTitle, units, kind, display, min, max, def, labels, flags) \
    {AICP_P_##name, id, title, shortTitle, units, ParamKind(AICP_KIND_##kind), AICP_DISPLAY_##display, min, max, def, labels, flags},
#include "aicp_parameters.def"
#undef AICP_PARAM
};

const AicpParamInfo kInfos[AICP_PARAM_COUNT] = {
#define AICP_PARAM(name, id, title, shortTitle, units, kind, display, min, max, def, labels, flags) \
    {id, min, max, def, AICP_P_##name, AICP_KIND_##kind},
#include "aicp_parameters.def"
#undef AICP_PARAM
};

// The n-th label of a list parameter ("Melody|Harmony|Both"): its start and length, or length 0.
int labelAt(const ParamDef& def, int n, const char*& start) noexcept {
    const char* p = def.labels;
    for (int i = 0; i < n && *p; ++i) {
        while (*p && *p != '|') ++p;
        if (*p == '|') ++p;
    }
    start = p;
    int length = 0;
    while (p[length] && p[length] != '|') ++length;
    return length;
}

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

int paramFormat(const ParamDef& def, double plain, char* out, int size) noexcept {
    plain = clampOr(plain, def.min, def.max, def.defaultPlain);
    int n = 0;
    switch (def.kind) {
        case ParamKind::Toggle: n = std::snprintf(out, size, "%s", plain >= 0.5 ? "On" : "Off"); break;
        case ParamKind::List: {
            const char* label = nullptr;
            int length = labelAt(def, static_cast<int>(std::round(plain - def.min)), label);
            n = std::snprintf(out, size, "%.*s", length, label);
            break;
        }
        case ParamKind::Integer: n = std::snprintf(out, size, "%d", static_cast<int>(std::round(plain))); break;
        case ParamKind::Continuous:
            if (def.display == AICP_DISPLAY_GAIN_DB) {
                if (plain <= 1e-4) n = std::snprintf(out, size, "-inf");
                else n = std::snprintf(out, size, "%.1f", 20.0 * std::log10(plain));
            } else if (def.display == AICP_DISPLAY_DECIMALS2) {
                n = std::snprintf(out, size, "%.2f", plain);
            } else {
                n = std::snprintf(out, size, "%.0f", plain);
            }
            break;
    }
    return n < 0 ? 0 : (n >= size ? size - 1 : n);
}

bool paramParse(const ParamDef& def, const char* text, double& plain) noexcept {
    if (!text) return false;
    while (*text == ' ') ++text;
    if (def.kind == ParamKind::Toggle) {
        if (!std::strcmp(text, "On") || !std::strcmp(text, "on")) { plain = 1; return true; }
        if (!std::strcmp(text, "Off") || !std::strcmp(text, "off")) { plain = 0; return true; }
    }
    if (def.kind == ParamKind::List)
        for (int i = 0; i <= static_cast<int>(def.max - def.min); ++i) {
            const char* label = nullptr;
            int length = labelAt(def, i, label);
            if (length > 0 && int(std::strlen(text)) == length && !std::strncmp(text, label, size_t(length))) { plain = def.min + i; return true; }
        }
    const bool gain = def.display == AICP_DISPLAY_GAIN_DB;
    if (gain && !std::strncmp(text, "-inf", 4)) { plain = 0; return true; }
    char* end = nullptr;
    double v = std::strtod(text, &end);
    if (end == text || !std::isfinite(v)) return false;
    if (gain) v = std::pow(10.0, v / 20.0);  // the display is in dB
    plain = paramSanitized(def, v);
    return true;
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
