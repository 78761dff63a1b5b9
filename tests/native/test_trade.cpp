// Trading bars through the real bundle in the project's host (issue 28, part 1): a melody of 4-bar player turns
// separated by 4-bar rests, played with Trade at 4 bars, at blocks of 128 and 1024 samples. The co-pilot answers on
// each of its turns, on the downbeat, never in the player's turns, and decides every answer before its downbeat.
#include <gtest/gtest.h>
#include <algorithm>
#include <cstdio>
#include <string>
#include <unistd.h>
#include <vector>
#include "loaded_plugin.h"
#include "midi_file.h"

namespace {
using namespace aicptest;

constexpr double kBar = 4.0;    // 4/4 (the fixture declares no meter: the SMF default)
constexpr double kTurn = 4 * kBar;
constexpr int kPlayerTurns = 4;  // turns at 0, 32, 64, 96; the co-pilot's at 16, 48, 80, 112

// The player's turns: quarters and eighths in C major, a different line in each turn, every note ending inside it.
std::vector<MidiEventOut> tradingFixture() {
    const int lines[4][8] = {{60, 62, 64, 65, 67, 65, 64, 62},
                             {64, 67, 69, 67, 64, 62, 60, 62},
                             {67, 65, 64, 62, 64, 65, 67, 72},
                             {72, 71, 69, 67, 65, 64, 62, 60}};
    std::vector<MidiEventOut> events;
    for (int turn = 0; turn < kPlayerTurns; ++turn) {
        const double start = 2 * turn * kTurn;
        for (int bar = 0; bar < 4; ++bar) {
            const double barStart = start + bar * kBar;
            // Bars 1 and 3 of a turn in quarters, 2 and 4 with eighths on the second half: a little rhythm to answer.
            std::vector<std::pair<double, double>> rhythm = bar % 2 == 0
                ? std::vector<std::pair<double, double>>{{0, 0.9}, {1, 0.9}, {2, 0.9}, {3, 0.9}}
                : std::vector<std::pair<double, double>>{{0, 0.9}, {1, 0.9}, {2, 0.45}, {2.5, 0.45}, {3, 0.9}};
            for (size_t i = 0; i < rhythm.size(); ++i) {
                const int pitch = lines[turn][(bar * 2 + i) % 8];
                events.push_back({barStart + rhythm[i].first, 0x90, uint8_t(pitch), 90});
                events.push_back({barStart + rhythm[i].first + rhythm[i].second, 0x80, uint8_t(pitch), 0});
            }
        }
    }
    std::stable_sort(events.begin(), events.end(), [](const MidiEventOut& a, const MidiEventOut& b) { return a.ppq < b.ppq; });
    return events;
}

bool playersTurn(double ppq) { return int(ppq / kTurn) % 2 == 0; }

class Trade : public ::testing::TestWithParam<int> {};

TEST_P(Trade, FourBarTurnsAreAnsweredOnTheirDownbeatsDecidedBeforeThemAndNeverInThePlayersTurns) {
    const int block = GetParam();
    const std::string dir = ::testing::TempDir();
    const std::string tag = std::to_string(getpid()) + "_" + std::to_string(block);
    const std::string in = dir + "/trade_fixture_" + tag + ".mid", out = dir + "/trade_out_" + tag + ".mid";
    writeMidiFile(in, tradingFixture(), 120);

    SessionOptions o = phraseOptions();
    o.midiPath = in;
    o.outMidi = out;
    o.blockSize = block;
    o.params = {{"trade", 3}};  // a list parameter takes its index: off, 1, 2, 4 (3), 8 bars
    o.speed = 1;                  // real time, as a DAW plays: each answer is decided "Commit ahead" (125 ms) before its downbeat
    o.waitForModelSeconds = 120;  // the answers come from the neural model, as in a session that has been open a while
    o.tailSeconds = 10;            // past the last co-pilot turn (bars 28-31 end 8 s after the file's last note)
    SessionReport r = runOnGrid(o);

    std::vector<double> ons;  // the suggestions' note-ons (the host puts them on channel 16)
    for (const MidiEventIn& e : readMidiFile(out).events)
        if (e.status == 0x9F && e.data2 > 0) ons.push_back(e.ppq);
    std::remove(in.c_str());
    std::remove(out.c_str());

    std::printf("block %d: %lld trade answers, %lld late, lead min %.1f ms, p1 %.1f ms, p50 %.1f ms, %zu answer note-ons\n", block,
                (long long)r.tradeAnswers, (long long)r.tradeAnswersLate, r.tradeLeadMsMin, r.tradeLeadMsP1, r.tradeLeadMsP50, ons.size());
    constexpr double kTick = 1.0 / 480;  // the written file's resolution
    for (int turn = 0; turn < kPlayerTurns; ++turn) {
        const double downbeat = (2 * turn + 1) * kTurn;
        std::vector<double> answer;
        for (double at : ons)
            if (at >= downbeat - kTick && at < downbeat + kTurn) answer.push_back(at);
        ASSERT_FALSE(answer.empty()) << "no answer on the co-pilot's turn at " << downbeat << " (block " << block << ")";
        const double first = *std::min_element(answer.begin(), answer.end());
        EXPECT_GE(first, downbeat - kTick) << "block " << block;
        EXPECT_LT(first, downbeat + 0.25 - kTick) << "the answer at " << downbeat << " opens at " << first << " (block " << block << ")";
    }
    for (double at : ons) EXPECT_FALSE(playersTurn(at)) << "an answer note-on at " << at << ", in the player's turn (block " << block << ")";
    EXPECT_EQ(r.tradeAnswers, kPlayerTurns) << r.engineStatus;
    EXPECT_EQ(r.tradeAnswersLate, 0);
    EXPECT_GT(r.tradeLeadMsP1, 0);
    EXPECT_GE(r.tradeLeadMsP50, r.tradeLeadMsP1);
    EXPECT_EQ(r.enginePhrasesAnswered - r.tradeAnswers, 0) << "no answer after a silence while trading";
    EXPECT_EQ(r.engineModelState, AICP_MODEL_READY) << r.engineStatus;
    EXPECT_EQ(r.audioThreadAllocations, 0u);
    EXPECT_EQ(r.stuckNotes, 0);
    EXPECT_EQ(r.droppedLate, 0u);
}

INSTANTIATE_TEST_SUITE_P(Blocks, Trade, ::testing::Values(128, 1024), [](const auto& info) { return "Block" + std::to_string(info.param); });

}  // namespace
