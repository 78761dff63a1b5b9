// The musical clock and the scheduler against a host that knows its own time base (HostTransport): every sixteenth
// queued in musical time must come out on the exact sample the host's tempo map gives it, at any block size, with
// Ardour's rounding of projectTimeMusic, over 64 bars, across tempo changes and loop wraps.
#include <gtest/gtest.h>
#include <random>
#include <vector>
#include "host_transport.h"
#include "musical_clock.h"
#include "suggestion_scheduler.h"
#include "vst3_block.h"

using namespace aicp;
using namespace aicphost;

namespace {

struct GridRun {
    int emitted = 0, offGrid = 0, early = 0;
    int64_t worst = 0;
};

// Queues a note-on on every sixteenth from `from` to `to` (refilled as the scheduler drains) and plays the timeline.
GridRun playSixteenths(const HostTransport& transport, int blockSize, bool randomBlocks, double from, double to, int64_t samples,
                       unsigned seed = 7) {
    MusicalClock clock;
    clock.reset(transport.sampleRate());
    SuggestionScheduler scheduler;
    std::mt19937 random(seed);
    double nextToQueue = from;
    int64_t timeline = 0;
    GridRun run;
    for (int64_t played = 0; played < samples;) {
        int n = randomBlocks ? int(random() % uint32_t(blockSize)) + 1 : blockSize;
        n = transport.blockLength(timeline, n);
        const TransportState state = transportOf(transport.context(timeline, true));  // as the VST3 adapter reads it
        BlockTime block = clock.advance(&state, n);
        if (block.jumped) { scheduler.newGeneration(); nextToQueue = std::ceil(block.startPpq * 4 + 1) / 4; }
        while (nextToQueue <= to && scheduler.pending() < 64) {
            AicpSuggestionEvent e{};
            e.ppq = nextToQueue; e.generation = scheduler.generation(); e.kind = AICP_OUT_NOTE_ON; e.pitch = 60; e.velocity = 90;
            scheduler.add(e);
            nextToQueue += 0.25;
        }
        scheduler.emitDue(block, n, [&](const AicpSuggestionEvent& e, int32_t offset) {
            const int64_t at = timeline + offset;
            const int64_t error = at - transport.gridSample(e.ppq);
            ++run.emitted;
            run.offGrid += error != 0;
            if (std::llabs(error) > std::llabs(run.worst)) run.worst = error;
        });
        timeline = transport.advance(timeline, n);
        played += n;
    }
    return run;
}

HostTransport::Options options(double rate, int resolution, double loopStart = 0, double loopEnd = 0) {
    HostTransport::Options o;
    o.sampleRate = rate;
    o.ppqResolution = resolution;
    o.loopStartPpq = loopStart;
    o.loopEndPpq = loopEnd;
    return o;
}

}  // namespace

TEST(Clock, SixtyFourBarsOfSixteenthsLandOnTheHostsGridAtEveryBlockSize) {
    for (double bpm : {120.0, 97.0}) {
        for (int resolution : {0, 1920}) {  // exact, and rounded as Ardour 7 rounds projectTimeMusic
            HostTransport transport(bpm, {}, options(48000, resolution));
            const int64_t samples = int64_t(transport.sampleAt(64 * 4 + 1));
            for (int block : {32, 128, 1024}) {
                GridRun r = playSixteenths(transport, block, false, 1.0, 64 * 4, samples);
                EXPECT_EQ(r.emitted, 64 * 16 - 3) << bpm << " BPM, block " << block << ", resolution " << resolution;
                EXPECT_EQ(r.offGrid, 0) << bpm << " BPM, block " << block << ", resolution " << resolution << ", worst " << r.worst;
            }
            GridRun r = playSixteenths(transport, 1024, true, 1.0, 64 * 4, samples);
            EXPECT_EQ(r.offGrid, 0) << bpm << " BPM, random blocks, resolution " << resolution << ", worst " << r.worst;
        }
    }
}

TEST(Clock, FollowsTempoChangesAndOddSampleRates) {
    // 120 -> 150 at quarter 40 -> 90 at quarter 80, as Ardour's mid-map changes (on a beat); 44.1 kHz as well.
    // With exact host positions every note is exact; with Ardour's rounding the clock finds the beat the change was
    // on, and every note is exact too.
    for (int resolution : {0, 1920}) {
        for (double rate : {48000.0, 44100.0}) {
            HostTransport transport(120, {{40, 150}, {80, 90}}, options(rate, resolution));
            const int64_t samples = int64_t(transport.sampleAt(120));
            for (int block : {32, 128, 1024}) {
                GridRun r = playSixteenths(transport, block, false, 1.0, 118, samples);
                EXPECT_EQ(r.emitted, 469) << rate << " Hz, block " << block;
                EXPECT_EQ(r.offGrid, 0) << rate << " Hz, block " << block << ", resolution " << resolution << ", worst " << r.worst;
            }
        }
    }
}

TEST(Clock, ATempoChangeOffTheBeatWithRoundedPositionsStaysWithinASample) {
    // Not Ardour's case (its changes are on beats): the new segment starts from a rounded reading and converges.
    HostTransport transport(120, {{40.37, 150}}, options(48000, 1920));
    for (int block : {128, 1024}) {
        GridRun r = playSixteenths(transport, block, false, 1.0, 78, int64_t(transport.sampleAt(80)));
        EXPECT_LE(std::llabs(r.worst), 1) << "block " << block;
    }
}

TEST(Clock, LoopWrapsAreJumpsAndTheNotesAfterThemStayOnTheGrid) {
    HostTransport transport(120, {}, options(48000, 1920, 4, 12));
    const int64_t samples = int64_t(transport.sampleAt(12)) * 4;  // three loop passes and a bit
    for (int block : {128, 1024}) {
        GridRun r = playSixteenths(transport, block, false, 1.0, 1000, samples);
        EXPECT_GT(r.emitted, 100) << block;
        EXPECT_EQ(r.offGrid, 0) << "block " << block << ", worst " << r.worst;
    }
}

TEST(Clock, ReportsJumpsButNotTheHostsRounding) {
    HostTransport transport(120, {}, options(48000, 1920));
    MusicalClock clock;
    clock.reset(48000);
    int jumps = 0;
    int64_t timeline = 0;
    for (int i = 0; i < 2000; ++i) {
        if (i == 1000) timeline = 480000;  // a locate
        const TransportState state = transportOf(transport.context(timeline, true));
        jumps += clock.advance(&state, 1000).jumped;
        timeline += 1000;
    }
    EXPECT_EQ(jumps, 1);
}

TEST(Clock, TempoChangesOffTheBeatWithRoundedPositionsAndRandomBlocksStayOnTheGrid) {
    // A tempo map drawn off the beat (on sixteenths and eighths; one change of 1 %), read through Ardour's rounding, at
    // random block sizes up to 4096: the clock finds the place each change was on, so every note is exact. (It used to
    // anchor such a segment on the rounded reading: up to half a rounding step off for the rest of the segment, and
    // notes on exact samples one to four samples late, at most random block sequences.) A change on a 32nd is found
    // as well; with blocks longer than a 32nd a note could then follow the change inside the block the host still
    // reports at the old tempo (VST3 gives one tempo a block), so those run at blocks up to 1024.
    struct Case { std::vector<std::pair<double, double>> changes; std::vector<int> blocks; };
    const std::vector<Case> cases = {
        {{{13.25, 100}, {34, 120}, {47.5, 97}, {60.75, 98}, {71.25, 140}}, {32, 1024, 4096}},
        {{{13.125, 100}, {34.375, 120}, {47.875, 97}}, {32, 1024}},
    };
    for (const Case& c : cases) {
        for (double rate : {48000.0, 44100.0}) {
            HostTransport transport(120, c.changes, options(rate, 1920));
            const int64_t samples = int64_t(transport.sampleAt(82));
            for (int block : c.blocks) {
                for (unsigned seed = 1; seed <= 12; ++seed) {
                    GridRun r = playSixteenths(transport, block, true, 1.0, 80, samples, seed);
                    EXPECT_GT(r.emitted, 300) << rate << " Hz, blocks up to " << block << ", seed " << seed;
                    EXPECT_EQ(r.offGrid, 0) << c.changes[0].first << ": " << rate << " Hz, blocks up to " << block << ", seed " << seed
                                            << ", worst " << r.worst;
                }
            }
        }
    }
}

TEST(Clock, ALargeTempoChangeInsideALongBlockIsNotAJump) {
    // 60 -> 180 BPM on beat 8, blocks of 4096: the block after the change starts up to 4096 samples at twice the
    // quarters per sample further than the old tempo said (0.17 quarter). Taken for a jump, it would drop the answer
    // being played.
    for (int resolution : {0, 1920}) {
        HostTransport transport(60, {{8, 180}}, options(48000, resolution));
        MusicalClock clock;
        clock.reset(48000);
        int jumps = 0;
        int64_t timeline = 0;
        for (int i = 0; i < 200; ++i) {
            const TransportState state = transportOf(transport.context(timeline, true));
            jumps += clock.advance(&state, 4096).jumped && i > 0;
            timeline += 4096;
        }
        EXPECT_EQ(jumps, 0) << "resolution " << resolution;
    }
}
