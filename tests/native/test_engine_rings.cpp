// The rings between the C++ wrapper and the C# engine, under two threads, through the real engine library: this
// thread plays a riff into the input ring as the audio thread does, the engine's own (managed) thread reads it,
// answers, and writes its notes into the output ring, which this thread reads back while the engine is writing.
#include <gtest/gtest.h>
#include <chrono>
#include <cmath>
#include <map>
#include <string>
#include <thread>
#include "engine_on_rings.h"

namespace {

AicpInputEvent inputEvent(uint8_t kind, double ppq, uint8_t pitch = 0, uint8_t velocity = 0) {
    AicpInputEvent e{};
    e.ppq = ppq;
    e.tempo = 120;
    e.barStartPpq = std::floor(ppq / 4) * 4;
    e.kind = kind;
    e.data1 = pitch;
    e.data2 = velocity;
    e.numerator = 4;
    e.denominator = 4;
    e.flags = AICP_FLAG_PLAYING;
    return e;
}

}  // namespace

TEST(EngineRings, CppAndCSharpPassRecordsBothWaysUnderTwoThreads) {
    using aicptest::engineFunction;
    auto create = engineFunction<aicp_engine_create_fn>("aicp_engine_create");
    auto start = engineFunction<aicp_engine_start_fn>("aicp_engine_start");
    auto stop = engineFunction<aicp_engine_stop_fn>("aicp_engine_stop");
    auto destroy = engineFunction<aicp_engine_destroy_fn>("aicp_engine_destroy");
    ASSERT_TRUE(create && start && stop && destroy) << "build the bundle first (./build.sh)";
    aicptest::EngineOnRings rings(4096);
    aicp::RingStorage<AicpInputEvent>& input = rings.input;
    aicp::RingStorage<AicpSuggestionEvent>& output = rings.output;
    int64_t engine = create(&rings.config);
    ASSERT_GT(engine, 0);
    ASSERT_EQ(start(engine), AICP_OK);

    // 120 BPM played 8 times faster than real time, a clock record per 128-sample block, as process() sends them.
    aicp::SpscRing<AicpInputEvent> in = input.ring();
    aicp::SpscRing<AicpSuggestionEvent> out = output.ring();
    const int riff[4] = {60, 62, 64, 67};
    const double quartersPerBlock = 128 * 2.0 / 48000;
    int nextNote = 0;
    std::map<int, int> sounding;
    int noteOns = 0, received = 0, wrongGeneration = 0, badRecords = 0;
    double firstOn = 1e9;
    auto begin = std::chrono::steady_clock::now();
    for (double ppq = 0; ppq < 30; ppq += quartersPerBlock) {
        while (nextNote < 16 && nextNote * 0.5 <= ppq) {  // 8 quarter notes: on at q, off at q + 0.9
            const int note = nextNote / 2;
            const bool on = nextNote % 2 == 0;
            ASSERT_TRUE(in.tryPush(inputEvent(on ? AICP_IN_NOTE_ON : AICP_IN_NOTE_OFF, note + (on ? 0.0 : 0.9), uint8_t(riff[note % 4]), 90)));
            ++nextNote;
        }
        ASSERT_TRUE(in.tryPush(inputEvent(AICP_IN_CLOCK, ppq)));
        AicpSuggestionEvent s;
        while (out.tryPop(s)) {
            ++received;
            if (s.generation != 1) ++wrongGeneration;
            if (!std::isfinite(s.ppq) || s.pitch > 127 || (s.kind != AICP_OUT_NOTE_ON && s.kind != AICP_OUT_NOTE_OFF) ||
                s.role != AICP_ROLE_ANSWER) { ++badRecords; continue; }  // an answer: no play-along was asked for
            if (s.kind == AICP_OUT_NOTE_ON) { ++noteOns; ++sounding[s.pitch]; firstOn = std::min(firstOn, s.ppq); }
            else --sounding[s.pitch];
        }
        std::this_thread::sleep_until(begin + std::chrono::duration<double>(ppq * 0.5 / 8));
    }
    EXPECT_EQ(stop(engine), AICP_OK);
    EXPECT_EQ(input.ring().overflowCount(), 0u);
    EXPECT_EQ(output.ring().overflowCount(), 0u);
    EXPECT_EQ(destroy(engine), AICP_OK);

    EXPECT_GT(noteOns, 3) << received << " records";
    EXPECT_EQ(badRecords, 0);
    EXPECT_EQ(wrongGeneration, 0);
    EXPECT_GE(firstOn, 12.0);  // the answer starts at the bar line after the phrase end (7.9 + 1.5 quarters)
    for (const auto& [pitch, open] : sounding) EXPECT_EQ(open, 0) << "pitch " << pitch << " left sounding";
}
