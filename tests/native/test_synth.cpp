#include <gtest/gtest.h>
#include <cmath>
#include <vector>
#include "preview_synth.h"

using aicp::PreviewSynth;

static double maxStep(const std::vector<float>& x) {
    double m = 0;
    for (size_t i = 1; i < x.size(); ++i) m = std::max(m, double(std::fabs(x[i] - x[i - 1])));
    return m;
}

TEST(PreviewSynth, NoteOnAndOffAreRampedNotStepped) {
    PreviewSynth synth;
    synth.setSampleRate(48000);
    synth.setVolume(1.0);
    std::vector<float> l(48000), r(48000);
    synth.noteOn(69, 1.0f);
    synth.render(l.data(), r.data(), 24000);
    synth.noteOff(69);
    synth.render(l.data() + 24000, r.data() + 24000, 24000);
    // A 440 Hz tone at this level moves at most ~0.02 per sample; a click would jump far more.
    EXPECT_LT(maxStep(l), 0.05);
    EXPECT_EQ(synth.activeVoices(), 0);
    EXPECT_EQ(l.back(), 0.f);
}

TEST(PreviewSynth, StealingAVoiceDoesNotClick) {
    PreviewSynth synth;
    synth.setSampleRate(44100);
    synth.setVolume(1.0);
    std::vector<float> out(44100);
    int pos = 0;
    for (int n = 0; n < 40; ++n) {  // more notes than voices
        synth.noteOn(40 + n, 1.0f);
        synth.render(out.data() + pos, nullptr, 1000);
        pos += 1000;
    }
    EXPECT_EQ(synth.activeVoices(), PreviewSynth::kVoices);
    EXPECT_LT(maxStep(out), 0.2);
}

TEST(PreviewSynth, RendersBothSampleSizesAndHandlesNullBuffers) {
    PreviewSynth synth;
    synth.setSampleRate(96000);
    synth.noteOn(60, 0.5f);
    std::vector<double> d(256);
    synth.render(d.data(), nullptr, 256);
    synth.render(static_cast<float*>(nullptr), nullptr, 256);
    EXPECT_NE(d[255], 0.0);
    synth.reset();
    EXPECT_EQ(synth.activeVoices(), 0);
}
