// A small polyphonic synth to audition suggestions: 16 voices of a soft two-partial tone with attack/decay/release
// envelopes (no clicks: every level change is a ramp; a stolen voice ramps from where it is), and a smoothed volume.
// Everything lives in fixed arrays; render() allocates nothing.
#pragma once
#include <cstdint>

namespace aicp {

class PreviewSynth {
public:
    static constexpr int kVoices = 16;

    void setSampleRate(double sampleRate) noexcept;
    void reset() noexcept;                       // silence at once (deactivate)
    void noteOn(int pitch, float velocity) noexcept;
    void noteOff(int pitch) noexcept;
    void allNotesOff() noexcept;                 // release every voice (ramped)
    void setVolume(double linear) noexcept { targetGain_ = linear < 0 ? 0 : (linear > 1 ? 1 : linear); }
    int activeVoices() const noexcept;

    // Adds into nothing: writes numSamples to left and right (either may be null).
    void render(float* left, float* right, int32_t numSamples) noexcept;
    void render(double* left, double* right, int32_t numSamples) noexcept;

private:
    enum class Stage : uint8_t { Off, Attack, Decay, Sustain, Release };
    struct Voice {
        Stage stage = Stage::Off;
        int pitch = -1;
        // The oscillator is a rotating unit vector (cos, sin): two multiplies per sample instead of sin() calls.
        double c = 1, s = 0, stepCos = 1, stepSin = 0;
        double level = 0, peak = 0;
        uint64_t age = 0;
    };
    template <typename T> void renderT(T* left, T* right, int32_t numSamples) noexcept;
    double nextSample() noexcept;
    void renormalize() noexcept;

    Voice voices_[kVoices];
    double sampleRate_ = 48000;
    double attackStep_ = 0, decayFactor_ = 0, releaseFactor_ = 0;
    double gain_ = 0, targetGain_ = 0.5, gainSmoothing_ = 0;
    uint64_t clock_ = 0;
};

}  // namespace aicp
