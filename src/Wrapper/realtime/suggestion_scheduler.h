// Turns suggestions stamped in musical time into sample offsets of the right block. Pending suggestions wait in a
// fixed-size binary heap (O(log n) a note in and out); each block takes the ones due before its end, each on the sample
// its tempo segment gives; after a transport jump the generation changes and everything older is dropped.
// A note-on plays on its own sample or not at all: one that arrives after its sample has passed (the engine fell
// behind) is dropped, never played late off the host's grid (its note-off then finds nothing to end). A note-off that
// is late is sent at once: every note must end. No allocation.
#pragma once
#include <atomic>
#include <cmath>
#include <cstdint>
#include "aicopilot_engine_abi.h"
#include "musical_clock.h"

namespace aicp {

class SuggestionScheduler {
public:
    static constexpr int kCapacity = 2048;

    void clear() noexcept { count_ = 0; }
    uint32_t generation() const noexcept { return generation_; }
    int pending() const noexcept { return count_; }
    // Read by the UI thread's statistics while the audio thread counts: atomics.
    uint64_t droppedLate() const noexcept { return droppedLate_.load(std::memory_order_relaxed); }
    uint64_t droppedFull() const noexcept { return droppedFull_.load(std::memory_order_relaxed); }
    uint64_t droppedOld() const noexcept { return droppedOld_.load(std::memory_order_relaxed); }

    // Starts a new generation (transport jump): pending suggestions are forgotten.
    void newGeneration() noexcept { ++generation_; count_ = 0; }

    // O(log n): the pending suggestions are a binary min-heap on (time, note-offs first, arrival).
    bool add(const AicpSuggestionEvent& e) noexcept {
        if (e.generation != generation_ || !std::isfinite(e.ppq)) { count(droppedOld_); return false; }
        if (count_ >= kCapacity) { count(droppedFull_); return false; }
        int i = count_++;
        pending_[i] = Pending{e, sequence_++};
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!before(pending_[i], pending_[parent])) break;
            swap(i, parent);
            i = parent;
        }
        return true;
    }

    // Calls sink(event, sampleOffset) for every suggestion due in this block, in time order. Each lands on the first
    // sample at or after its musical position, computed from the block's tempo segment (BlockTime::offsetOf).
    // A note-on that came after its sample had passed is dropped. One that was waiting here already when the last
    // block was emitted was not due then: its sample is this block's first, whatever a new tempo segment says.
    template <typename Sink>
    void emitDue(const BlockTime& block, int32_t numSamples, Sink&& sink) noexcept {
        if (numSamples <= 0 || block.ppqPerSample <= 0) return;
        const uint64_t waitedSince = waitedBefore_;
        waitedBefore_ = sequence_;
        while (count_ > 0) {
            const Pending p = pending_[0];
            const int64_t sample = BlockTime::firstSampleAtOrAfter(block.offsetOf(p.event.ppq));
            if (sample >= numSamples) break;
            popFront();
            if (sample < 0 && isNoteOn(p.event) && p.sequence >= waitedSince) { count(droppedLate_); continue; }
            sink(p.event, int32_t(sample < 0 ? 0 : sample));
        }
    }

private:
    struct Pending {
        AicpSuggestionEvent event;
        uint64_t sequence;  // arrival order: equal keys leave in the order they came
    };

    // Earlier first; at one time note-offs before note-ons, so a repeated pitch re-strikes cleanly.
    static bool before(const Pending& a, const Pending& b) noexcept {
        if (a.event.ppq != b.event.ppq) return a.event.ppq < b.event.ppq;
        if (isNoteOn(a.event) != isNoteOn(b.event)) return !isNoteOn(a.event);
        return a.sequence < b.sequence;
    }
    static bool isNoteOn(const AicpSuggestionEvent& e) noexcept { return e.kind == AICP_OUT_NOTE_ON; }
    static void count(std::atomic<uint64_t>& counter) noexcept { counter.store(counter.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed); }

    void swap(int a, int b) noexcept { Pending t = pending_[a]; pending_[a] = pending_[b]; pending_[b] = t; }
    void popFront() noexcept {
        pending_[0] = pending_[--count_];
        int i = 0;
        for (;;) {
            int left = 2 * i + 1, right = left + 1, first = i;
            if (left < count_ && before(pending_[left], pending_[first])) first = left;
            if (right < count_ && before(pending_[right], pending_[first])) first = right;
            if (first == i) break;
            swap(i, first);
            i = first;
        }
    }

    Pending pending_[kCapacity];
    int count_ = 0;
    uint64_t sequence_ = 0;
    uint64_t waitedBefore_ = 0;  // suggestions added before this sequence number were here when the last block was emitted
    uint32_t generation_ = 1;
    std::atomic<uint64_t> droppedLate_{0}, droppedFull_{0}, droppedOld_{0};
};

}  // namespace aicp
