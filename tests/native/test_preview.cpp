// Auditioned takes (AICP_ROLE_PREVIEW) sound on the preview synth and never reach the MIDI output; switching
// listening off (like a jump) silences them. The processor here runs without an engine library: the test plays the
// engine's part, reading the input ring and writing the suggestion ring.
#include <gtest/gtest.h>
#include <cmath>
#include <vector>
#include "alloc_counter.h"
#include "host_objects.h"
#include "plugin_instance.h"
#include "vst3_block.h"

using namespace aicp;
using namespace vst3;

namespace {

struct Block {
    std::vector<float> left = std::vector<float>(256), right = std::vector<float>(256);
    float* channels[2] = {left.data(), right.data()};
    AudioBusBuffers bus{};
    aicphost::EventList out{512};
    ProcessData data{};
    Block() {
        bus.numChannels = 2;
        bus.channelBuffers32 = channels;
        data.numSamples = 256;
        data.numOutputs = 1;
        data.outputs = &bus;
        data.outputEvents = &out;
    }
    double energy() const {
        double e = 0;
        for (float v : left) e += double(v) * v;
        return e;
    }
};

AicpSuggestionEvent preview(double ppq, bool on, int pitch, uint32_t generation) {
    AicpSuggestionEvent e{};
    e.ppq = ppq;
    e.kind = on ? AICP_OUT_NOTE_ON : AICP_OUT_NOTE_OFF;
    e.role = AICP_ROLE_PREVIEW;
    e.pitch = uint8_t(pitch);
    e.velocity = on ? 100 : 0;
    e.generation = generation;
    return e;
}

}  // namespace

TEST(PluginInstance, AuditionedNotesSoundOnThePreviewSynthOnlyAndAreSilencedWhenListeningStops) {
    PluginInstance p;
    p.initialize();  // no engine library beside the test binary: rings and synth still work
    ASSERT_TRUE(p.setupProcessing(48000, 256));
    Vst3Block adapter;  // as the plug-in's process() does: the core sees the block through the VST3 adapter
    auto process = [&](ProcessData& data) {
        p.process(adapter.read(data));
        adapter.write(p.output(), data);
    };
    p.setActive(true);
    p.setProcessing(true);
    p.params().setPlain(AICP_P_PREVIEW_VOLUME, 80);
    Block block;
    process(block.data);
    // Read what the audio thread told the engine: the generation to stamp suggestions with, and where the clock is.
    uint32_t generation = 1;
    double ppq = 0;
    AicpInputEvent in;
    auto inputs = p.engine().inputRing();
    while (inputs.tryPop(in)) {
        if (in.kind == AICP_IN_JUMP) generation = in.generation;
        if (in.kind == AICP_IN_CLOCK) ppq = in.ppq;
    }
    auto suggestions = p.engine().outputRing();
    ASSERT_TRUE(suggestions.tryPush(preview(ppq + 0.05, true, 64, generation)));
    ASSERT_TRUE(suggestions.tryPush(preview(ppq + 0.06, true, 67, generation)));
    ASSERT_TRUE(suggestions.tryPush(preview(ppq + 0.5, false, 64, generation)));
    double sounding = 0;
    int midiOut = 0;
    aicphost::markAudioThread(true);
    for (int i = 0; i < 40; ++i) {
        block.out.clear();
        process(block.data);
        sounding += block.energy();
        midiOut += block.out.getEventCount();
    }
    aicphost::markAudioThread(false);
    EXPECT_GT(sounding, 1.0) << "the auditioned take is heard";
    EXPECT_EQ(midiOut, 0) << "an audition never reaches the MIDI output";
    EXPECT_EQ(block.bus.silenceFlags, 0u);

    // 67 never got its note-off: stopping listening must release it, as a jump would.
    p.params().setPlain(AICP_P_ENABLED, 0);
    double tail = 0;
    for (int i = 0; i < 200; ++i) {
        process(block.data);
        if (i >= 150) tail += block.energy();
    }
    EXPECT_LT(tail, 1e-6) << "no preview note is left hanging";
    p.setProcessing(false);
    p.setActive(false);
    p.terminate();
}

// Deactivation forgets what was scheduled: a new transport generation. The engine must hear of it (a JUMP record with
// the new generation), or everything it sends after the reactivation would carry the old one and be dropped.
TEST(PluginInstance, AfterDeactivationTheEngineIsToldTheNewGenerationAndItsNotesPlay) {
    PluginInstance p;
    p.initialize();
    ASSERT_TRUE(p.setupProcessing(48000, 256));
    Vst3Block adapter;
    auto process = [&](ProcessData& data) {
        p.process(adapter.read(data));
        adapter.write(p.output(), data);
    };
    auto inputs = p.engine().inputRing();
    auto latest = [&](uint32_t& generation, double& ppq) {  // the engine's part: the generation to stamp, the clock
        AicpInputEvent in;
        while (inputs.tryPop(in)) {
            if (in.kind == AICP_IN_JUMP) generation = in.generation;
            if (in.kind == AICP_IN_CLOCK) ppq = in.ppq;
        }
    };
    uint32_t generation = 1;
    double ppq = 0;
    Block block;
    p.setActive(true);
    p.setProcessing(true);
    process(block.data);
    latest(generation, ppq);
    p.setProcessing(false);
    p.setActive(false);
    p.setActive(true);
    p.setProcessing(true);
    block.out.clear();
    process(block.data);
    latest(generation, ppq);
    AicpSuggestionEvent e = preview(ppq + 0.05, true, 64, generation);
    e.role = AICP_ROLE_ANSWER;
    ASSERT_TRUE(p.engine().outputRing().tryPush(e));
    int noteOns = 0;
    for (int i = 0; i < 20; ++i) {
        block.out.clear();
        process(block.data);
        for (int k = 0; k < block.out.getEventCount(); ++k) noteOns += block.out.at(k).type == Event::kNoteOnEvent;
    }
    EXPECT_EQ(noteOns, 1) << "the note made for the generation the engine was told was dropped";
    p.setProcessing(false);
    p.setActive(false);
    p.terminate();
}
