#include <gtest/gtest.h>
#include <algorithm>
#include <vector>
#include "suggestion_scheduler.h"

using namespace aicp;

static BlockTime block(double startPpq, double tempo, double rate = 48000) {
    BlockTime t{};
    t.startPpq = startPpq;
    t.tempo = tempo;
    t.ppqPerSample = tempo / 60.0 / rate;
    t.anchorPpq = startPpq;  // a segment anchored at the block's first sample
    return t;
}

static AicpSuggestionEvent on(double ppq, uint32_t generation, int pitch = 60) {
    AicpSuggestionEvent e{};
    e.ppq = ppq; e.generation = generation; e.kind = AICP_OUT_NOTE_ON; e.pitch = uint8_t(pitch); e.velocity = 100;
    return e;
}

TEST(Scheduler, PlacesEventsAtTheRightSampleAtEachTempo) {
    for (double tempo : {60.0, 120.0, 173.0}) {
        SuggestionScheduler s;
        ASSERT_TRUE(s.add(on(1.0, s.generation())));
        std::vector<std::pair<double, int32_t>> got;
        double ppq = 0;
        const int n = 512;
        for (int b = 0; b < 400 && got.empty(); ++b) {
            BlockTime t = block(ppq, tempo);
            s.emitDue(t, n, [&](const AicpSuggestionEvent& e, int32_t offset) { got.push_back({t.startPpq, offset}); });
            ppq += n * t.ppqPerSample;
        }
        ASSERT_EQ(got.size(), 1u);
        double at = got[0].first + got[0].second * tempo / 60.0 / 48000;
        EXPECT_NEAR(at, 1.0, tempo / 60.0 / 48000) << tempo;  // within one sample
    }
}

TEST(Scheduler, KeepsTimeOrderAndPutsNoteOffsFirst) {
    SuggestionScheduler s;
    auto off = on(0.5, s.generation(), 62);
    off.kind = AICP_OUT_NOTE_OFF;
    ASSERT_TRUE(s.add(on(0.75, s.generation(), 64)));
    ASSERT_TRUE(s.add(on(0.5, s.generation(), 62)));
    ASSERT_TRUE(s.add(off));
    std::vector<int> order;
    s.emitDue(block(0, 120), 48000, [&](const AicpSuggestionEvent& e, int32_t) { order.push_back(e.kind * 1000 + e.pitch); });
    EXPECT_EQ(order, (std::vector<int>{2062, 1062, 1064}));
}

TEST(Scheduler, DropsLateNoteOnsAndOldGenerations) {
    SuggestionScheduler s;
    ASSERT_TRUE(s.add(on(1.0, s.generation())));
    int emitted = 0;
    s.emitDue(block(2.0, 120), 128, [&](const AicpSuggestionEvent&, int32_t) { ++emitted; });  // a beat late
    EXPECT_EQ(emitted, 0);
    EXPECT_EQ(s.droppedLate(), 1u);
    uint32_t old = s.generation();
    s.newGeneration();
    EXPECT_FALSE(s.add(on(3.0, old)));
    EXPECT_EQ(s.droppedOld(), 1u);
    EXPECT_EQ(s.pending(), 0);
}

// A note-on plays on its own sample or not at all: one sample late is late (played at the block's first sample it
// would be off the host's grid). A late note-off still goes out at once: every note must end.
TEST(Scheduler, ANoteOnThatArrivesAfterItsSampleIsDroppedNeverPlayedOffItAndLateNoteOffsStillGo) {
    const double sample = 120.0 / 60 / 48000;
    for (double late : {1.0, 37.0, 575.0, 2999.0}) {
        SuggestionScheduler s;
        auto noteOff = on(4.0 - late * sample, s.generation(), 62);
        noteOff.kind = AICP_OUT_NOTE_OFF;
        ASSERT_TRUE(s.add(on(4.0 - late * sample, s.generation())));
        ASSERT_TRUE(s.add(noteOff));
        std::vector<std::pair<int, int32_t>> got;
        s.emitDue(block(4.0, 120), 256, [&](const AicpSuggestionEvent& e, int32_t offset) { got.push_back({e.kind, offset}); });
        ASSERT_EQ(got.size(), 1u) << late << " samples late";
        EXPECT_EQ(got[0].first, AICP_OUT_NOTE_OFF);
        EXPECT_EQ(got[0].second, 0);
        EXPECT_EQ(s.droppedLate(), 1u);
    }
    // On time to the sample: played on the block's first sample.
    SuggestionScheduler s;
    ASSERT_TRUE(s.add(on(4.0, s.generation())));
    int played = 0;
    s.emitDue(block(4.0, 120), 256, [&](const AicpSuggestionEvent&, int32_t offset) { EXPECT_EQ(offset, 0); ++played; });
    EXPECT_EQ(played, 1);
    EXPECT_EQ(s.droppedLate(), 0u);
}

// A note that was waiting when the last block was emitted, and was not due in it, is not late: when the next block's
// tempo segment (a host's rounded position refined, a tempo change) puts it a sample before that block, it plays on
// its first sample.
TEST(Scheduler, ANoteThatWasWaitingIsNeverLateWhenTheNextSegmentMovesIt) {
    const double sample = 120.0 / 60 / 48000;
    SuggestionScheduler s;
    const double ppq = 256 * sample;  // the first sample of the second block as the first block sees it
    ASSERT_TRUE(s.add(on(ppq, s.generation())));
    int played = 0;
    s.emitDue(block(0, 120), 256, [&](const AicpSuggestionEvent&, int32_t) { ++played; });
    EXPECT_EQ(played, 0);
    BlockTime next = block(ppq + 0.6 * sample, 120);  // re-anchored: the note now falls 0.6 samples before the block
    s.emitDue(next, 256, [&](const AicpSuggestionEvent&, int32_t offset) { EXPECT_EQ(offset, 0); ++played; });
    EXPECT_EQ(played, 1);
    EXPECT_EQ(s.droppedLate(), 0u);
}

TEST(Scheduler, BoundedQueueRefusesWhenFull) {
    SuggestionScheduler s;
    for (int i = 0; i < SuggestionScheduler::kCapacity; ++i) ASSERT_TRUE(s.add(on(100.0 + i, s.generation())));
    EXPECT_FALSE(s.add(on(1.0, s.generation())));
    EXPECT_EQ(s.droppedFull(), 1u);
}

TEST(Scheduler, AThousandNotesInAnyOrderLeaveInTimeOrderStableAtEqualTimes) {
    SuggestionScheduler s;
    std::vector<AicpSuggestionEvent> added;
    uint32_t seed = 12345;
    for (int i = 0; i < 1000; ++i) {
        seed = seed * 1664525u + 1013904223u;
        auto e = on(double(seed % 64) * 0.25, s.generation(), 40 + i % 50);
        if ((seed >> 8) % 3 == 0) e.kind = AICP_OUT_NOTE_OFF;
        e.take = uint32_t(i);  // arrival order
        ASSERT_TRUE(s.add(e));
        added.push_back(e);
    }
    std::stable_sort(added.begin(), added.end(), [](const AicpSuggestionEvent& a, const AicpSuggestionEvent& b) {
        if (a.ppq != b.ppq) return a.ppq < b.ppq;
        return a.kind == AICP_OUT_NOTE_OFF && b.kind == AICP_OUT_NOTE_ON;
    });
    std::vector<uint32_t> order;
    for (double start = 0; start < 17; start += 512 * 120 / 60.0 / 48000) {
        BlockTime t = block(start, 120);
        s.emitDue(t, 512, [&](const AicpSuggestionEvent& e, int32_t) { order.push_back(e.take); });
    }
    ASSERT_EQ(order.size(), added.size());
    for (size_t i = 0; i < order.size(); ++i) ASSERT_EQ(order[i], added[i].take) << i;
}
