#include "parameters.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace aicp {
namespace {

const char* const kModeNames[] = {"Melody", "Harmony", "Both"};
const char* const kAnswerNames[] = {"On demand", "Auto"};

// Order must follow enum AicpParam. IDs are part of saved projects: never change one.
const ParamDef kDefs[AICP_PARAM_COUNT] = {
    {AICP_P_ENABLED, "enabled", "Enabled", "On", "", ParamKind::Toggle, 0, 1, 1, nullptr, true, false},
    {AICP_P_MODE, "mode", "Mode", "Mode", "", ParamKind::List, 0, 2, 0, kModeNames, true, false},
    {AICP_P_AUTO, "answer", "Answer", "Answer", "", ParamKind::List, 0, 1, 1, kAnswerNames, true, false},
    {AICP_P_SUGGEST_NOW, "suggest_now", "Suggest now", "Suggest", "", ParamKind::Toggle, 0, 1, 0, nullptr, true, false},
    {AICP_P_BARS, "bars", "Bars", "Bars", "bars", ParamKind::Integer, 1, 16, 4, nullptr, true, false},
    {AICP_P_TEMPERATURE, "temperature", "Temperature", "Temp", "", ParamKind::Continuous, 0.1, 2.0, 1.0, nullptr, true, false},
    {AICP_P_DENSITY, "density", "Density", "Density", "%", ParamKind::Continuous, 0, 100, 50, nullptr, true, false},
    {AICP_P_KEY_LOCK, "key_lock", "Key lock", "Key", "", ParamKind::Toggle, 0, 1, 0, nullptr, true, false},
    {AICP_P_ADAPTATION, "adaptation", "Style adaptation", "Style", "%", ParamKind::Continuous, 0, 100, 50, nullptr, true, false},
    {AICP_P_THRU, "thru", "MIDI thru", "Thru", "", ParamKind::Toggle, 0, 1, 1, nullptr, true, false},
    {AICP_P_OUTPUT_CHANNEL, "output_channel", "Output channel", "Out ch", "", ParamKind::Integer, 1, 16, 1, nullptr, true, false},
    {AICP_P_PREVIEW_VOLUME, "preview_volume", "Preview volume", "Preview", "dB", ParamKind::Continuous, 0, 1, 0.5, nullptr, true, false},
    {AICP_P_BYPASS, "bypass", "Bypass", "Bypass", "", ParamKind::Toggle, 0, 1, 0, nullptr, true, true},
    {AICP_P_VARIATIONS, "variations", "Variations", "Vars", "", ParamKind::Integer, 1, 8, 3, nullptr, true, false},
    {AICP_P_SUSTAIN, "sustain", "Sustain pedal", "Sustain", "", ParamKind::Toggle, 0, 1, 0, nullptr, true, false},
    {AICP_P_SILENCE_BEATS, "silence_beats", "Phrase end after", "Silence", "beats", ParamKind::Continuous, 0.5, 8, 1.5, nullptr, true, false},
};

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

double paramToPlain(const ParamDef& def, double normalized) noexcept {
    double n = clampOr(normalized, 0, 1, paramToNormalized(def, def.defaultPlain));
    double plain = def.min + n * (def.max - def.min);
    if (paramStepCount(def) > 0) plain = std::round(plain);
    return plain;
}

double paramToNormalized(const ParamDef& def, double plain) noexcept {
    double p = clampOr(plain, def.min, def.max, def.defaultPlain);
    if (paramStepCount(def) > 0) p = std::round(p);
    return def.max > def.min ? (p - def.min) / (def.max - def.min) : 0;
}

int paramFormat(const ParamDef& def, double plain, char* out, int size) noexcept {
    plain = clampOr(plain, def.min, def.max, def.defaultPlain);
    int n = 0;
    switch (def.kind) {
        case ParamKind::Toggle: n = std::snprintf(out, size, "%s", plain >= 0.5 ? "On" : "Off"); break;
        case ParamKind::List: n = std::snprintf(out, size, "%s", def.listNames[static_cast<int>(std::round(plain - def.min))]); break;
        case ParamKind::Integer: n = std::snprintf(out, size, "%d", static_cast<int>(std::round(plain))); break;
        case ParamKind::Continuous:
            if (def.index == AICP_P_PREVIEW_VOLUME) {
                if (plain <= 1e-4) n = std::snprintf(out, size, "-inf");
                else n = std::snprintf(out, size, "%.1f", 20.0 * std::log10(plain));
            } else if (def.index == AICP_P_TEMPERATURE || def.index == AICP_P_SILENCE_BEATS) {
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
        for (int i = 0; i <= static_cast<int>(def.max - def.min); ++i)
            if (!std::strcmp(text, def.listNames[i])) { plain = def.min + i; return true; }
    if (def.index == AICP_P_PREVIEW_VOLUME && !std::strncmp(text, "-inf", 4)) { plain = 0; return true; }
    char* end = nullptr;
    double v = std::strtod(text, &end);
    if (end == text || !std::isfinite(v)) return false;
    if (def.index == AICP_P_PREVIEW_VOLUME) v = std::pow(10.0, v / 20.0);  // the display is in dB
    plain = clampOr(v, def.min, def.max, def.defaultPlain);
    return true;
}

ParameterStore::ParameterStore() noexcept { resetToDefaults(); }

void ParameterStore::attachShared(AicpSharedParams* shared) noexcept {
    shared_.store(shared, std::memory_order_release);
    if (shared)
        for (int i = 0; i < AICP_PARAM_COUNT; ++i) {
            double v = plain(i);
            __atomic_store(&shared->values[i], &v, __ATOMIC_RELAXED);
        }
}

void ParameterStore::resetToDefaults() noexcept {
    for (int i = 0; i < AICP_PARAM_COUNT; ++i) setPlain(i, kDefs[i].defaultPlain);
}

double ParameterStore::normalized(int index) const noexcept { return paramToNormalized(kDefs[index], plain(index)); }

void ParameterStore::setPlain(int index, double value) noexcept {
    if (index < 0 || index >= AICP_PARAM_COUNT) return;
    const ParamDef& def = kDefs[index];
    double v = paramToPlain(def, paramToNormalized(def, value));
    plain_[index].store(v, std::memory_order_relaxed);
    if (AicpSharedParams* shared = shared_.load(std::memory_order_acquire)) __atomic_store(&shared->values[index], &v, __ATOMIC_RELAXED);
}

void ParameterStore::setNormalized(int index, double value) noexcept {
    if (index < 0 || index >= AICP_PARAM_COUNT) return;
    setPlain(index, paramToPlain(kDefs[index], value));
}

}  // namespace aicp
