// The plug-in's logic, free of VST3 vtables (the COM layer in vst3_plugin.cpp only forwards to it).
// Threads: initialize/terminate/setupProcessing/setActive/state run on the host's UI thread; process() and
// setProcessing() on its audio thread. process() never allocates, locks, logs, does I/O or enters managed code:
// it talks to the engine only through the rings of the EngineBridge.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>
#include "aicopilot_debug.h"
#include "engine_bridge.h"
#include "musical_clock.h"
#include "note_tracker.h"
#include "output_events.h"
#include "parameters.h"
#include "preview_synth.h"
#include "suggestion_scheduler.h"
#include "vst3_abi.h"

namespace aicp {

class Processor {
public:
    static constexpr int32_t kMaxBlock = 8192;

    bool initialize() noexcept;
    void terminate() noexcept;
    bool setupProcessing(const vst3::ProcessSetup& setup) noexcept;
    void setActive(bool active) noexcept;
    void setProcessing(bool processing) noexcept;
    void process(vst3::ProcessData& data) noexcept;

    std::vector<uint8_t> saveState();
    // Applies a saved state; on refusal loads defaults, returns false and says why.
    bool loadState(const uint8_t* data, size_t size, std::string& reason);

    ParameterStore& params() noexcept { return params_; }
    std::string status() const;
    double sampleRate() const noexcept { return sampleRate_; }
    bool initialized() const noexcept { return initialized_; }
    const EngineBridge& engine() const noexcept { return engine_; }
    void debugStats(AicpDebugStats& out) const noexcept;

private:
    void applyParameterChanges(vst3::IParameterChanges* changes) noexcept;
    void pushJump(const BlockTime& block) noexcept;
    void handleInputEvents(vst3::IEventList* events, const BlockTime& block, bool listen, bool thru) noexcept;
    void pushInput(uint8_t kind, const BlockTime& block, int32_t offset, uint8_t channel, uint8_t d1, uint8_t d2) noexcept;
    void flushSuggestions(double ppq) noexcept;
    void renderAudio(vst3::ProcessData& data) noexcept;

    ParameterStore params_;
    EngineBridge engine_;
    MusicalClock clock_;
    SuggestionScheduler scheduler_;
    NoteTracker suggestionNotes_;
    NoteTracker previewNotes_;  // auditioned takes: on the preview synth only
    NoteTracker thruNotes_;
    PreviewSynth synth_;
    OutputEvents out_;
    double sampleRate_ = 48000;
    bool initialized_ = false;
    bool active_ = false;
    std::atomic<bool> flushRequested_{false};
    // Parameter values as process() last saw them, to act on changes made from any thread.
    bool lastListening_ = true, lastThru_ = true, lastSuggestNow_ = false, lastSustain_ = false;
    int lastChannel_ = 0;
    int32_t pendingTriggerOffset_ = -1;
    int32_t pendingSustainOffset_ = -1;
    bool pendingSustainDown_ = false;
    // Latency of each answered phrase, measured when its first suggestion reaches this thread.
    uint32_t lastPhraseSeen_ = 0;
    std::atomic<uint32_t> latencyCount_{0};
    std::atomic<double> latencyMs_[AICP_LATENCY_SLOTS] = {};  // written here, read by the UI thread's statistics
    std::atomic<uint64_t> suggestionsReceived_{0};
};

}  // namespace aicp
