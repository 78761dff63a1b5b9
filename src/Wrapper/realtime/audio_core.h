// The audio thread's part of the plug-in: everything process() does, and nothing else. Built as its own target
// (aicp_realtime) with -fno-exceptions -fno-rtti, and checked by a test never to include <string>, <vector>, <mutex>,
// <functional>, the log or a plug-in format's declarations: it never allocates, locks, logs, does I/O or enters
// managed code. It sees a block through the wrapper's own view (process_block.h), which the format's adapter fills;
// it talks to the engine only through the two ring views the control side attaches, and reads parameters from their
// atomics.
#pragma once
#include <atomic>
#include <cstdint>
#include "aicopilot_debug.h"
#include "musical_clock.h"
#include "note_tracker.h"
#include "output_events.h"
#include "parameters.h"
#include "preview_synth.h"
#include "process_block.h"
#include "spsc_ring.h"
#include "suggestion_scheduler.h"

namespace aicp {

class AudioCore {
public:
    static constexpr int32_t kMaxBlock = 8192;

    // Control side, never while process() runs.
    void reset(double sampleRate) noexcept;
    void setSampleRate(double sampleRate) noexcept;
    void attachRings(SpscRing<AicpInputEvent> input, SpscRing<AicpSuggestionEvent> output) noexcept { input_ = input; output_ = output; }
    void deactivated() noexcept;  // silence now; sounding notes get their note-offs at the next block
    // Any thread: the next block sends a note-off for every note this plug-in has sounding.
    void requestFlush() noexcept { flushRequested_.store(true, std::memory_order_release); }

    // The audio thread: one block. Its events for the host are in output() until the next call.
    void process(const ProcessBlock& block, ParameterStore& params) noexcept;
    OutputEvents& output() noexcept { return out_; }

    // Any thread: figures for the debug statistics.
    void stats(AicpDebugStats& out) const noexcept;

private:
    void applyParameterChanges(const ProcessBlock& block, ParameterStore& params) noexcept;
    void newGeneration(const BlockTime& block) noexcept;
    void handleInputEvents(const ProcessBlock& in, const BlockTime& block, bool listen, bool thru) noexcept;
    void pushInput(uint8_t kind, const BlockTime& block, int32_t offset, uint8_t channel, uint8_t d1, uint8_t d2) noexcept;
    void takeSuggestions(bool listening, const BlockTime& block) noexcept;
    void play(const AicpSuggestionEvent& e, int32_t offset, const BlockTime& block, int outputChannel) noexcept;
    void flushSuggestions(double ppq) noexcept;
    void renderAudio(AudioBuffers* audio, int32_t numSamples) noexcept;

    SpscRing<AicpInputEvent> input_;
    SpscRing<AicpSuggestionEvent> output_;
    MusicalClock clock_;
    SuggestionScheduler scheduler_;
    NoteTracker suggestionNotes_;
    NoteTracker previewNotes_;  // auditioned takes: on the preview synth only
    NoteTracker thruNotes_;
    PreviewSynth synth_;
    OutputEvents out_;
    std::atomic<bool> flushRequested_{false};
    std::atomic<bool> newGenerationRequested_{false};  // deactivated: a new generation at the next block
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
    double lastChordPpq_ = -1e300;
    std::atomic<uint32_t> chordCount_{0}, chordsLate_{0};
    std::atomic<double> chordLeadMs_[AICP_LATENCY_SLOTS] = {};
    std::atomic<uint64_t> suggestionsReceived_{0};
};

}  // namespace aicp
