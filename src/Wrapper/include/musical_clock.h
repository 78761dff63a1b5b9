// Where each block sits in musical time. While the host plays, its projectTimeMusic; while it is stopped (or gives
// no context) a free-running clock at the last tempo, so the co-pilot keeps answering when the transport is stopped.
// A discontinuity (locate, loop wrap, transport start elsewhere) is reported as a jump. Audio-thread safe: no
// allocation, no locks.
#pragma once
#include <cmath>
#include <cstdint>
#include "vst3_abi.h"

namespace aicp {

struct BlockTime {
    double startPpq;       // musical time at the first sample
    double ppqPerSample;
    double tempo;
    double barStartPpq;    // start of the bar holding startPpq
    int numerator;
    int denominator;
    bool playing;
    bool jumped;           // discontinuity before this block
    int64_t sampleTime;    // monotonic count of samples processed
};

class MusicalClock {
public:
    void reset(double sampleRate) noexcept {
        sampleRate_ = sampleRate > 0 ? sampleRate : 48000.0;
        tempo_ = 120.0; numerator_ = 4; denominator_ = 4;
        nextPpq_ = 0; started_ = false; wasPlaying_ = false; sampleTime_ = 0;
    }

    BlockTime advance(const vst3::ProcessContext* context, int32_t numSamples) noexcept {
        BlockTime t{};
        bool playing = false;
        double hostPpq = 0;
        bool hostPpqValid = false;
        double hostBar = 0;
        bool hostBarValid = false;
        if (context) {
            using PC = vst3::ProcessContext;
            if ((context->state & PC::kTempoValid) && std::isfinite(context->tempo) && context->tempo >= 10 && context->tempo <= 999)
                tempo_ = context->tempo;
            if ((context->state & PC::kTimeSigValid) && context->timeSigNumerator >= 1 && context->timeSigNumerator <= 32 &&
                context->timeSigDenominator >= 1 && context->timeSigDenominator <= 32 &&
                (context->timeSigDenominator & (context->timeSigDenominator - 1)) == 0) {
                numerator_ = context->timeSigNumerator;
                denominator_ = context->timeSigDenominator;
            }
            playing = (context->state & PC::kPlaying) != 0;
            hostPpqValid = (context->state & PC::kProjectTimeMusicValid) && std::isfinite(context->projectTimeMusic) &&
                           std::fabs(context->projectTimeMusic) < 1e9;
            hostPpq = context->projectTimeMusic;
            hostBarValid = (context->state & PC::kBarPositionValid) && std::isfinite(context->barPositionMusic);
            hostBar = context->barPositionMusic;
        }
        const double ppqPerSample = tempo_ / 60.0 / sampleRate_;
        double start = nextPpq_;
        bool jumped = false;
        if (playing && hostPpqValid) {
            // A host position further than a sixteenth from where we expected it is a jump.
            if (!started_ || std::fabs(hostPpq - nextPpq_) > 0.25) jumped = started_;
            start = hostPpq;
        }
        // Starting or stopping the transport is a jump too: what was scheduled belongs to the old timeline.
        if (playing != wasPlaying_ && started_) jumped = true;
        started_ = true;
        wasPlaying_ = playing;
        nextPpq_ = start + numSamples * ppqPerSample;

        const double barLength = numerator_ * 4.0 / denominator_;
        double bar = std::floor(start / barLength + 1e-9) * barLength;
        // Trust the host's bar position only when it is consistent (Ardour 7 reports 4 x the bar number).
        if (hostBarValid && hostBar <= start + 1e-9 && start - hostBar < barLength - 1e-9) bar = hostBar;

        t.startPpq = start;
        t.ppqPerSample = ppqPerSample;
        t.tempo = tempo_;
        t.barStartPpq = bar;
        t.numerator = numerator_;
        t.denominator = denominator_;
        t.playing = playing;
        t.jumped = jumped;
        t.sampleTime = sampleTime_;
        sampleTime_ += numSamples > 0 ? numSamples : 0;
        return t;
    }

private:
    double sampleRate_ = 48000.0;
    double tempo_ = 120.0;
    int numerator_ = 4, denominator_ = 4;
    double nextPpq_ = 0;
    bool started_ = false;
    bool wasPlaying_ = false;
    int64_t sampleTime_ = 0;
};

}  // namespace aicp
