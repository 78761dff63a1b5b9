// The events one process() call sends, collected in a fixed array in the wrapper's own terms (OutputEvent) and handed
// to the format's adapter in ascending offset (hosts keep the order they receive; Ardour drops late ones). No
// allocation.
#pragma once
#include <atomic>
#include <cstdint>
#include "process_block.h"

namespace aicp {

class OutputEvents {
public:
    static constexpr int kCapacity = 1024;

    void clear() noexcept { count_ = 0; sorted_ = true; }
    int count() const noexcept { return count_; }
    uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }  // any thread

    void noteOn(int32_t offset, double ppq, int channel, int pitch, float velocity) noexcept {
        add(OutputEvent{offset, OutputEvent::kNoteOn, uint8_t(channel & 15), uint8_t(pitch & 127), velocity, ppq, -1});
    }
    void noteOff(int32_t offset, double ppq, int channel, int pitch) noexcept {
        add(OutputEvent{offset, OutputEvent::kNoteOff, uint8_t(channel & 15), uint8_t(pitch & 127), 0.f, ppq, -1});
    }
    // An input event the core does not interpret, sent on as it came (the adapter sends the original).
    void passThrough(const BlockEvent& event, double ppq) noexcept {
        add(OutputEvent{event.offset, OutputEvent::kPassThrough, event.channel, event.pitch, event.velocity, ppq, event.source});
    }

    // The events in ascending offset (equal offsets in the order they were added).
    const OutputEvent* sorted() noexcept {
        if (!sorted_) sortByOffset();
        return events_;
    }

private:
    void add(const OutputEvent& e) noexcept {
        if (count_ >= kCapacity) { countDropped(); return; }
        if (count_ > 0 && events_[count_ - 1].offset > e.offset) sorted_ = false;
        events_[count_++] = e;
    }
    // Stable insertion sort by offset: blocks hold few events and are mostly in order already.
    void sortByOffset() noexcept {
        for (int i = 1; i < count_; ++i) {
            OutputEvent e = events_[i];
            int j = i - 1;
            while (j >= 0 && events_[j].offset > e.offset) { events_[j + 1] = events_[j]; --j; }
            events_[j + 1] = e;
        }
        sorted_ = true;
    }
    // Counted by the audio thread alone, read by the UI thread's statistics.
    void countDropped() noexcept { dropped_.store(dropped_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed); }

    OutputEvent events_[kCapacity];
    int count_ = 0;
    bool sorted_ = true;
    std::atomic<uint64_t> dropped_{0};
};

}  // namespace aicp
