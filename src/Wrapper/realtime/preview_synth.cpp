#include "preview_synth.h"
#include <cmath>

namespace aicp {
namespace {
constexpr double kTwoPi = 6.283185307179586;
constexpr double kSustainLevel = 0.55;
}

void PreviewSynth::setSampleRate(double sampleRate) noexcept {
    sampleRate_ = sampleRate > 1000 ? sampleRate : 48000;
    attackStep_ = 1.0 / (0.004 * sampleRate_);                   // 4 ms linear attack
    decayFactor_ = std::exp(-1.0 / (0.35 * sampleRate_));        // 350 ms decay towards sustain
    releaseFactor_ = std::exp(-1.0 / (0.06 * sampleRate_));      // 60 ms release
    gainSmoothing_ = 1.0 - std::exp(-1.0 / (0.01 * sampleRate_)); // 10 ms volume smoothing
    reset();
}

void PreviewSynth::reset() noexcept {
    for (Voice& v : voices_) v = Voice{};
    gain_ = targetGain_;
}

void PreviewSynth::noteOn(int pitch, float velocity) noexcept {
    if (pitch < 0 || pitch > 127) return;
    Voice* chosen = nullptr;
    for (Voice& v : voices_)
        if (v.stage == Stage::Off) { chosen = &v; break; }
    if (!chosen) {
        // Steal the quietest voice; its level carries on from where it is, so there is no step.
        chosen = &voices_[0];
        for (Voice& v : voices_)
            if (v.level < chosen->level) chosen = &v;
    }
    double frequency = 440.0 * std::pow(2.0, (pitch - 69) / 12.0);
    double step = kTwoPi * frequency / sampleRate_;
    chosen->pitch = pitch;
    chosen->stepCos = std::cos(step);
    chosen->stepSin = std::sin(step);
    chosen->peak = 0.25 * (velocity < 0.05f ? 0.05 : (velocity > 1.f ? 1.0 : velocity));
    chosen->stage = Stage::Attack;
    chosen->age = ++clock_;
}

void PreviewSynth::noteOff(int pitch) noexcept {
    for (Voice& v : voices_)
        if (v.pitch == pitch && v.stage != Stage::Off && v.stage != Stage::Release) v.stage = Stage::Release;
}

void PreviewSynth::allNotesOff() noexcept {
    for (Voice& v : voices_)
        if (v.stage != Stage::Off) v.stage = Stage::Release;
}

int PreviewSynth::activeVoices() const noexcept {
    int n = 0;
    for (const Voice& v : voices_) n += v.stage != Stage::Off;
    return n;
}

double PreviewSynth::nextSample() noexcept {
    double sum = 0;
    for (Voice& v : voices_) {
        switch (v.stage) {
            case Stage::Off: continue;
            case Stage::Attack:
                v.level += attackStep_ * v.peak;
                if (v.level >= v.peak) { v.level = v.peak; v.stage = Stage::Decay; }
                break;
            case Stage::Decay: {
                double target = v.peak * kSustainLevel;
                v.level = target + (v.level - target) * decayFactor_;
                break;
            }
            case Stage::Sustain: break;
            case Stage::Release:
                v.level *= releaseFactor_;
                if (v.level < 1e-4) { v = Voice{}; continue; }  // -80 dB: inaudible, so no click
                break;
        }
        sum += v.level * v.s * (1.0 + 0.5 * v.c);  // sin x + 0.25 sin 2x, as sin 2x = 2 sin x cos x
        const double c = v.c * v.stepCos - v.s * v.stepSin;
        v.s = v.s * v.stepCos + v.c * v.stepSin;
        v.c = c;
    }
    gain_ += (targetGain_ - gain_) * gainSmoothing_;
    return sum * gain_;
}

// Rounding slowly changes the oscillators' length; once per block puts them back on the unit circle.
void PreviewSynth::renormalize() noexcept {
    for (Voice& v : voices_) {
        if (v.stage == Stage::Off) continue;
        const double length = std::sqrt(v.c * v.c + v.s * v.s);
        if (length > 0) { v.c /= length; v.s /= length; } else { v.c = 1; v.s = 0; }
    }
}

template <typename T>
void PreviewSynth::renderT(T* left, T* right, int32_t numSamples) noexcept {
    renormalize();
    for (int32_t i = 0; i < numSamples; ++i) {
        T s = static_cast<T>(nextSample());
        if (left) left[i] = s;
        if (right) right[i] = s;
    }
}

void PreviewSynth::render(float* left, float* right, int32_t numSamples) noexcept { renderT(left, right, numSamples); }
void PreviewSynth::render(double* left, double* right, int32_t numSamples) noexcept { renderT(left, right, numSamples); }

}  // namespace aicp
