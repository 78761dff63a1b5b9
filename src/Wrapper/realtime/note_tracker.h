// Remembers which notes this plug-in has switched on (per channel and pitch, with a count for repeated note-ons),
// so each gets its note-off: on stop, jumps, bypass, parameter changes and deactivation. No allocation.
#pragma once
#include <cstdint>
#include <cstring>
#include "output_events.h"

namespace aicp {

class NoteTracker {
public:
    void clear() noexcept { std::memset(counts_, 0, sizeof counts_); total_ = 0; }
    bool sounding(int channel, int pitch) const noexcept { return counts_[index(channel, pitch)] > 0; }
    int total() const noexcept { return total_; }

    void on(int channel, int pitch) noexcept {
        uint8_t& c = counts_[index(channel, pitch)];
        if (c < 255) { ++c; ++total_; }
    }

    // Returns false when the note was not sounding (the note-off should then not be sent).
    bool off(int channel, int pitch) noexcept {
        uint8_t& c = counts_[index(channel, pitch)];
        if (c == 0) return false;
        --c; --total_;
        return true;
    }

    // Sends one note-off per outstanding note-on at the given offset, then forgets them all.
    template <typename OnNoteOff>
    void flush(OutputEvents& out, int32_t offset, double ppq, OnNoteOff&& onNoteOff) noexcept {
        if (total_ == 0) return;
        for (int i = 0; i < 16 * 128; ++i)
            while (counts_[i] > 0) {
                out.noteOff(offset, ppq, i / 128, i % 128);
                onNoteOff(i / 128, i % 128);
                --counts_[i];
            }
        total_ = 0;
    }

    // Calls onNoteOff for every outstanding note-on without sending MIDI (notes that only sounded on the preview
    // synth), then forgets them all.
    template <typename OnNoteOff>
    void release(OnNoteOff&& onNoteOff) noexcept {
        if (total_ == 0) return;
        for (int i = 0; i < 16 * 128; ++i)
            while (counts_[i] > 0) {
                onNoteOff(i / 128, i % 128);
                --counts_[i];
            }
        total_ = 0;
    }

private:
    static int index(int channel, int pitch) noexcept { return ((channel & 15) << 7) | (pitch & 127); }
    uint8_t counts_[16 * 128] = {};
    int total_ = 0;
};

}  // namespace aicp
