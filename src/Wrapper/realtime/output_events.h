// The events one process() call sends, collected in a fixed array and handed to the host in ascending
// sampleOffset (hosts keep the order they receive; Ardour drops late ones). No allocation.
#pragma once
#include <atomic>
#include <cstdint>
#include "vst3_abi.h"

namespace aicp {

class OutputEvents {
public:
    static constexpr int kCapacity = 1024;

    void clear() noexcept { count_ = 0; }
    int count() const noexcept { return count_; }
    const vst3::Event& at(int i) const noexcept { return events_[i]; }
    uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }  // any thread

    void noteOn(int32_t offset, double ppq, int channel, int pitch, float velocity) noexcept {
        vst3::Event* e = next(offset, ppq, vst3::Event::kNoteOnEvent);
        if (!e) return;
        e->noteOn = vst3::NoteOnEvent{int16_t(channel), int16_t(pitch), 0.f, velocity, 0, -1};
    }

    void noteOff(int32_t offset, double ppq, int channel, int pitch) noexcept {
        vst3::Event* e = next(offset, ppq, vst3::Event::kNoteOffEvent);
        if (!e) return;
        e->noteOff = vst3::NoteOffEvent{int16_t(channel), int16_t(pitch), 0.f, -1, 0.f};
    }

    void copy(const vst3::Event& event) noexcept {
        if (count_ >= kCapacity) { countDropped(); return; }
        events_[count_++] = event;
    }

    // Stable insertion sort by sampleOffset: blocks hold few events and are mostly in order already.
    void sortByOffset() noexcept {
        for (int i = 1; i < count_; ++i) {
            vst3::Event e = events_[i];
            int j = i - 1;
            while (j >= 0 && events_[j].sampleOffset > e.sampleOffset) { events_[j + 1] = events_[j]; --j; }
            events_[j + 1] = e;
        }
    }

    void sendTo(vst3::IEventList* list) noexcept {
        if (!list) return;
        sortByOffset();
        for (int i = 0; i < count_; ++i) list->addEvent(events_[i]);
    }

private:
    vst3::Event* next(int32_t offset, double ppq, uint16_t type) noexcept {
        if (count_ >= kCapacity) { countDropped(); return nullptr; }
        vst3::Event& e = events_[count_++];
        e = vst3::Event{};
        e.busIndex = 0;
        e.sampleOffset = offset;
        e.ppqPosition = ppq;
        e.flags = 0;
        e.type = type;
        return &e;
    }

    vst3::Event events_[kCapacity];
    int count_ = 0;
    // Counted by the audio thread alone, read by the UI thread's statistics.
    void countDropped() noexcept { dropped_.store(dropped_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed); }
    std::atomic<uint64_t> dropped_{0};
};

}  // namespace aicp
