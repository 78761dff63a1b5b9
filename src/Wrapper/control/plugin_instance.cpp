#include "plugin_instance.h"
#include <cmath>
#include <cstdio>
#include <cstring>
#include "log.h"
#include "parameter_text.h"
#include "state_codec.h"

namespace aicp {

bool PluginInstance::initialize() noexcept {
    params_.resetToDefaults();
    bool ok = engine_.initialize(sampleRate_);
    params_.attachShared(engine_.sharedParams());
    core_.attachRings(engine_.inputRing(), engine_.outputRing());
    core_.reset(sampleRate_);
    initialized_ = true;
    if (!ok) logLine("AiCoPilot runs without its engine (MIDI thru only): %s", engine_.failure().c_str());
    return true;  // the plug-in always loads; without an engine it passes MIDI through
}

void PluginInstance::terminate() noexcept {
    setActive(false);
    params_.attachShared(nullptr);
    core_.attachRings({}, {});
    engine_.shutdown();
    initialized_ = false;
}

bool PluginInstance::setupProcessing(double sampleRate, int32_t maxSamplesPerBlock) noexcept {
    if (!std::isfinite(sampleRate) || sampleRate < 8000 || sampleRate > 768000) return false;
    if (maxSamplesPerBlock < 0 || maxSamplesPerBlock > kMaxBlock) return false;
    sampleRate_ = sampleRate;
    core_.setSampleRate(sampleRate_);
    return true;
}

void PluginInstance::setActive(bool active) noexcept {
    if (active == active_) return;
    active_ = active;
    if (active) {
        core_.setSampleRate(sampleRate_);
        engine_.start();
    } else {
        engine_.stop();
        core_.deactivated();
    }
}

void PluginInstance::setProcessing(bool processing) noexcept {
    if (!processing) core_.requestFlush();
}

std::vector<uint8_t> PluginInstance::saveState() {
    SavedState state;
    for (int i = 0; i < AICP_PARAM_COUNT; ++i) {
        if (paramDefs()[i].momentary()) continue;  // momentary controls (a trigger, the pedal) are not saved
        const ParamDef& def = paramDefs()[i];
        if (def.kind == ParamKind::List) state.entries.emplace_back(def.id, std::string(paramEntry(def, int(params_.plain(i) - def.min)).id));
        else state.params.emplace_back(def.id, params_.plain(i));
    }
    state.blobs.emplace_back("style", engine_.getStyle());
    const std::string writer = std::string("AiCoPilot ") + AICP_VERSION;
    state.blobs.emplace_back("saved_by", std::vector<uint8_t>(writer.begin(), writer.end()));
    return encodeState(state);
}

bool PluginInstance::loadState(const uint8_t* data, size_t size, std::string& reason) {
    SavedState state;
    if (!decodeState(data, size, state, reason)) {
        params_.resetToDefaults();
        logLine("state refused, defaults loaded: %s", reason.c_str());
        return false;
    }
    params_.resetToDefaults();
    for (const auto& [id, value] : state.params) {
        int index = paramIndexOfStringId(id.data(), int(id.size()));
        if (index >= 0 && !paramDefs()[index].momentary() && paramDefs()[index].kind != ParamKind::List) params_.setPlain(index, value);
    }
    for (const auto& [id, entry] : state.entries) {
        int index = paramIndexOfStringId(id.data(), int(id.size()));
        if (index < 0 || paramDefs()[index].kind != ParamKind::List) continue;
        int position = paramEntryPosition(paramDefs()[index], entry);
        if (position >= 0) params_.setPlain(index, paramDefs()[index].min + position);
        else logLine("saved value '%s' of %s is not an entry of this version: its default is kept", entry.c_str(), id.c_str());
    }
    if (const std::vector<uint8_t>* style = state.blob("style")) {
        if (!engine_.setStyle(*style, reason)) {
            logLine("%s", reason.c_str());
            return false;
        }
    }
    return true;
}

std::string PluginInstance::status() const { return engine_.status(); }

void PluginInstance::debugStats(AicpDebugStats& out) const noexcept {
    out = AicpDebugStats{};
    core_.stats(out);
    out.engineAvailable = engine_.engineAvailable() ? 1 : 0;
    out.engineMetricsValid = engine_.metrics(out.engine) ? 1 : 0;  // typed figures: what programs read
    try {
        std::string text = status();  // asks the engine: never from the audio thread
        std::snprintf(out.status, sizeof out.status, "%s", text.c_str());
    } catch (...) {
    }
}

}  // namespace aicp
