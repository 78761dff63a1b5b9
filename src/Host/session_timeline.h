// The time both session drivers (host_session.cpp: VST3, clap_session.cpp: CLAP) play in, kept in one place so that
// a VST3 run and a CLAP run of the same file and options see the same samples: the tempo map and transport, the
// sample each of the player's events falls on, how far the loop runs, and where a suggested note-on sits against the
// host's sixteenth grid.
#pragma once
#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>
#include "host_session.h"
#include "host_transport.h"
#include "midi_file.h"

namespace aicphost {

// Where the block loop is. Two clocks, because a looping or stopped transport leaves the room's time behind.
struct BlockClock {
    int64_t position = 0;   // samples played since the start, in the room's time
    int64_t timeline = 0;   // the transport's position (it stays put while stopped and wraps when looping)
    int64_t lastWrap = -1;  // `position` when the timeline last wrapped at the loop end
};

class SessionTimeline {
public:
    SessionTimeline(const SessionOptions& options, const MidiFileData& midi);

    const HostTransport& transport() const { return transport_; }
    // The sample of each of the file's events, in its order.
    const std::vector<int64_t>& eventSamples() const { return eventSamples_; }
    // The music (the last event and the tail), during which the transport rolls unless the options stop it.
    int64_t totalSamples() const { return totalSamples_; }

    // More blocks to play: the music, then half a second with the transport stopped to flush what is sounding.
    bool running(const BlockClock& clock) const { return clock.position < totalSamples_ + flushSamples_; }
    bool playing(const BlockClock& clock) const { return clock.position < totalSamples_ && !stopped_; }
    // The block's length: `wanted`, cut where the tempo changes or the loop wraps while playing.
    int blockLength(const BlockClock& clock, bool playing, int wanted) const {
        return playing ? transport_.blockLength(clock.timeline, wanted) : wanted;
    }
    void advance(BlockClock& clock, int n, bool playing) const;

    // A suggested note-on at `offset` in a block of `n` samples, placed on the host's own map: which sample of the
    // sixteenth grid it should be on, and what happened before it (to tell what put it off the grid).
    GridCheck::OffGrid gridPlace(const BlockClock& clock, int instance, int32_t offset, int n, double bpm,
                                 int64_t lastSuggestionAt) const;

private:
    HostTransport transport_;
    std::vector<int64_t> eventSamples_;
    int64_t totalSamples_ = 0, flushSamples_ = 0;
    bool stopped_ = false;
};

// Paces the block loop to the wall clock at options.speed (0: as fast as it goes).
class BlockPacer {
public:
    BlockPacer(double sampleRate, double speed);
    // Sleeps until the end of the block of `n` samples that began at `position` is due.
    void waitForBlockEnd(int64_t position, int n) const;

private:
    double sampleRate_, speed_, wallStart_;
};

// The blocks as a DAW's audio callback gets them: options.blockSize samples (or a random size from 1 to it, from
// options.seed), cut where the tempo changes or the loop wraps, the player's events that fall in each, paced at
// options.speed. Run on the audio thread: nothing here allocates.
class BlockLoop {
public:
    struct Block {
        BlockClock start;      // where it begins
        bool playing = false;  // the transport rolls
        int n = 0;             // its length in samples
    };

    BlockLoop(const SessionTimeline& timeline, const SessionOptions& options, const MidiFileData& midi);

    // The next block, or false when the music and the flush after it are over.
    bool next(Block& block);
    // Hands `take(event, offset in the block)` each of the player's events that falls in the block, in order.
    template <class Take>
    void takeEvents(const Block& block, Take&& take) {
        const std::vector<int64_t>& at = timeline_.eventSamples();
        const int64_t position = block.start.position;
        while (position < timeline_.totalSamples() && nextEvent_ < events_.size() && at[nextEvent_] < position + block.n) {
            const int32_t offset = int32_t(std::max<int64_t>(0, at[nextEvent_] - position));
            take(events_[nextEvent_++], offset);
        }
    }
    // The block played: the clocks move on, and the loop waits for the block's end when paced.
    void finish(const Block& block);

private:
    const SessionTimeline& timeline_;
    const std::vector<MidiEventIn>& events_;
    int blockSize_;
    bool randomSizes_;
    std::mt19937_64 random_;
    BlockPacer pacer_;
    BlockClock clock_;
    size_t nextEvent_ = 0;
};

}  // namespace aicphost
