// Turns suggestions stamped in musical time into sample offsets of the right block. Pending suggestions wait in a
// fixed, time-ordered array; each block takes the ones due before its end, each on the sample its tempo segment
// gives; after a transport jump the generation changes and everything older is dropped.
// A note-on that arrives too late (more than a 32nd note) is dropped rather than burst out. No allocation.
#pragma once
#include <cmath>
#include <cstdint>
#include "aicopilot_engine_abi.h"
#include "musical_clock.h"

namespace aicp {

class SuggestionScheduler {
public:
    static constexpr int kCapacity = 2048;
    static constexpr double kStaleQuarters = 0.125;

    void clear() noexcept { count_ = 0; }
    uint32_t generation() const noexcept { return generation_; }
    int pending() const noexcept { return count_; }
    uint64_t droppedStale() const noexcept { return droppedStale_; }
    uint64_t droppedFull() const noexcept { return droppedFull_; }
    uint64_t droppedOld() const noexcept { return droppedOld_; }

    // Starts a new generation (transport jump): pending suggestions are forgotten.
    void newGeneration() noexcept { ++generation_; count_ = 0; }

    bool add(const AicpSuggestionEvent& e) noexcept {
        if (e.generation != generation_ || !std::isfinite(e.ppq)) { ++droppedOld_; return false; }
        if (count_ >= kCapacity) { ++droppedFull_; return false; }
        int i = count_++;
        while (i > 0 && before(e, pending_[i - 1])) { pending_[i] = pending_[i - 1]; --i; }
        pending_[i] = e;
        return true;
    }

    // Calls sink(event, sampleOffset) for every suggestion due in this block, in time order. Each lands on the first
    // sample at or after its musical position, computed from the block's tempo segment (BlockTime::offsetOf).
    template <typename Sink>
    void emitDue(const BlockTime& block, int32_t numSamples, Sink&& sink) noexcept {
        if (numSamples <= 0 || block.ppqPerSample <= 0) return;
        int taken = 0;
        while (taken < count_) {
            const AicpSuggestionEvent& e = pending_[taken];
            const int64_t sample = BlockTime::firstSampleAtOrAfter(block.offsetOf(e.ppq));
            if (sample >= numSamples) break;
            ++taken;
            if (isNoteOn(e) && e.ppq < block.startPpq - kStaleQuarters) { ++droppedStale_; continue; }
            sink(e, int32_t(sample < 0 ? 0 : sample));
        }
        if (taken > 0) {
            for (int i = taken; i < count_; ++i) pending_[i - taken] = pending_[i];
            count_ -= taken;
        }
    }

private:
    // Earlier first; at one time note-offs before note-ons, so a repeated pitch re-strikes cleanly.
    static bool before(const AicpSuggestionEvent& a, const AicpSuggestionEvent& b) noexcept {
        if (a.ppq != b.ppq) return a.ppq < b.ppq;
        return !isNoteOn(a) && isNoteOn(b);
    }
    static bool isNoteOn(const AicpSuggestionEvent& e) noexcept { return e.kind == AICP_OUT_NOTE_ON || e.kind == AICP_OUT_PREVIEW_ON; }

    AicpSuggestionEvent pending_[kCapacity];
    int count_ = 0;
    uint32_t generation_ = 1;
    uint64_t droppedStale_ = 0, droppedFull_ = 0, droppedOld_ = 0;
};

}  // namespace aicp
