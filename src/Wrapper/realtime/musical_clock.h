// Where each block sits in musical time, and on which sample a musical position falls.
// While the host plays, a tempo segment is anchored at a sample of the host's timeline (TransportState::positionSamples)
// and every position is computed from that anchor and the tempo, never accumulated block by block: a note lands on
// the sample the host's tempo map gives for it, however long the segment runs. The host's musical position re-anchors
// the segment (transport start, jump, tempo change) and refines the anchor: Ardour rounds it to the nearest 1/1920 of
// a quarter (12.5 samples at 120 BPM and 48 kHz), so every reading bounds the true anchor to within half of that; the
// anchor stays as read while it is inside those bounds (a start at 0, a locate to a beat: exact at once) and moves
// to the nearest bound when a reading shows it outside. After a tempo change such a host's new segment starts on the
// place on the musical grid the change was on (Ardour keeps them on beats), found from the first rounded reading.
// While the host is stopped (or gives no musical time) a free-running clock at the last tempo, anchored the same way
// on the plug-in's own sample count, so the co-pilot keeps answering. A discontinuity (locate, loop wrap, start or
// stop, a tempo map that moved the position) is reported as a jump. Audio-thread safe: no allocation, no locks.
#pragma once
#include <cmath>
#include <cstdint>
#include "process_block.h"

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
    // The exact mapping of this block: its first sample on the timeline, and the tempo segment's anchor.
    int64_t startSample;
    int64_t anchorSample;
    double anchorPpq;

    // Samples from the block's first sample to a musical position (fractional; negative when it is already past).
    double offsetOf(double ppq) const noexcept {
        return double(anchorSample - startSample) + (ppq - anchorPpq) / ppqPerSample;
    }
    // The sample of this block a position falls on: the first sample at or after it (a position within a
    // millionth of a sample of a sample is on it).
    static int64_t firstSampleAtOrAfter(double offset) noexcept { return int64_t(std::ceil(offset - 1e-6)); }
};

class MusicalClock {
public:
    // Host positions further than this from where the segment says they should be are a jump (1/64 of a quarter:
    // far beyond any host's rounding, well below any musical step).
    static constexpr double kJumpQuarters = 1.0 / 64;
    // The coarsest rounding of the musical position a host is known to apply (Ardour 7: to the nearest 1/1920). A host whose
    // readings spread wider than this around the segment is not rounding but ramping its tempo: the segment follows it.
    static constexpr double kHostRoundingQuarters = 1.0 / 1920;

    void reset(double sampleRate) noexcept {
        sampleRate_ = sampleRate > 0 ? sampleRate : 48000.0;
        tempo_ = 120.0; numerator_ = 4; denominator_ = 4;
        started_ = false; wasPlaying_ = false; sampleTime_ = 0;
        anchored_ = false; nextPpq_ = 0; nextHostSample_ = 0;
    }

    // transport: where the host says it is (null: it says nothing; the clock runs free).
    BlockTime advance(const TransportState* transport, int32_t numSamples) noexcept {
        const int32_t n = numSamples > 0 ? numSamples : 0;
        bool playing = false, hostPpqValid = false, hostBarValid = false;
        double hostPpq = 0, hostBar = 0;
        int64_t hostSample = 0;
        const double lastTempo = tempo_;
        if (transport) {
            const TransportState& t = *transport;
            if (t.tempoValid && std::isfinite(t.tempo) && t.tempo >= 10 && t.tempo <= 999) tempo_ = t.tempo;
            if (t.timeSignatureValid && t.numerator >= 1 && t.numerator <= 32 && t.denominator >= 1 && t.denominator <= 32 &&
                (t.denominator & (t.denominator - 1)) == 0) {
                numerator_ = t.numerator;
                denominator_ = t.denominator;
            }
            playing = t.playing;
            hostPpqValid = t.positionValid && std::isfinite(t.positionPpq) && std::fabs(t.positionPpq) < 1e9;
            hostPpq = t.positionPpq;
            hostBarValid = t.barStartValid && std::isfinite(t.barStartPpq);
            hostBar = t.barStartPpq;
            hostSample = t.positionSamples;
        }
        const double ppqPerSample = tempo_ / 60.0 / sampleRate_;
        const bool tempoChanged = tempo_ != lastTempo;
        const bool followHost = playing && hostPpqValid;
        // The plug-in's own timeline when the host gives none.
        const int64_t startSample = followHost ? hostSample : sampleTime_;

        bool jumped = false;
        if (started_ && playing != wasPlaying_) jumped = true;  // what was scheduled belongs to the old timeline
        if (followHost) {
            const bool continuous = anchored_ && wasFollowingHost_ && hostSample == nextHostSample_ && !tempoChanged;
            if (continuous) {
                const double deviation = hostPpq - anchoredPpqAt(hostSample);
                if (std::fabs(deviation) > kJumpQuarters) {
                    jumped = true;
                    anchor(hostSample, hostPpq);
                } else {
                    deviationMin_ = std::fmin(deviationMin_, deviation);
                    deviationMax_ = std::fmax(deviationMax_, deviation);
                    if (deviationMax_ - deviationMin_ > kHostRoundingQuarters * 1.01) anchor(hostSample, hostPpq);
                }
            } else {
                // A tempo change somewhere in the last block moved this block's start by up to that block at the tempo
                // difference (the host told the old tempo for all of it): no jump, however long the block.
                const double moved = tempoChanged ? double(lastBlockSamples_) * std::fabs(ppqPerSample - lastPpqPerSample_) : 0.0;
                if (started_ && std::fabs(hostPpq - nextPpq_) > kJumpQuarters + moved) jumped = true;
                const bool tempoChangeInPlace = tempoChanged && !jumped && anchored_ && wasFollowingHost_ && hostSample == nextHostSample_;
                if (!tempoChangeInPlace || !anchorAtTempoChange(hostSample, hostPpq, lastTempo)) anchor(hostSample, hostPpq);
            }
        } else if (!anchored_ || wasFollowingHost_ || tempoChanged || !started_) {
            // Free-running from where the music was.
            anchor(startSample, started_ ? nextPpq_ : 0.0);
        }
        const double start = segmentPpqAt(startSample);
        started_ = true;
        wasPlaying_ = playing;
        wasFollowingHost_ = followHost;
        nextHostSample_ = hostSample + n;
        lastBlockStartPpq_ = start;
        lastBlockSamples_ = n;
        lastPpqPerSample_ = ppqPerSample;
        nextPpq_ = start + n * ppqPerSample;

        const double barLength = numerator_ * 4.0 / denominator_;
        double bar = std::floor(start / barLength + 1e-6) * barLength;
        // Trust the host's bar position only when it is consistent (Ardour 7 reports 4 x the bar number).
        if (hostBarValid && hostBar <= start + 1e-6 && start - hostBar < barLength - 1e-6) bar = hostBar;

        BlockTime t{};
        t.startPpq = start;
        t.ppqPerSample = ppqPerSample;
        t.tempo = tempo_;
        t.barStartPpq = bar;
        t.numerator = numerator_;
        t.denominator = denominator_;
        t.playing = playing;
        t.jumped = jumped;
        t.sampleTime = sampleTime_;
        t.startSample = startSample;
        t.anchorSample = anchorSample_;
        t.anchorPpq = anchorPpq_ + correction();
        sampleTime_ += n;
        return t;
    }

private:
    void anchor(int64_t sample, double ppq) noexcept {
        anchored_ = true;
        anchorSample_ = sample;
        anchorPpq_ = ppq;
        deviationMin_ = deviationMax_ = 0;
    }
    // A host that rounds its musical position keeps tempo changes on the musical grid (Ardour: on beats): the place in
    // the last block whose change explains this block's rounded reading is where the new segment starts, so it starts
    // exactly. Beats are tried first, then eighths, sixteenths and 32nds (a tempo map drawn off the beat): a segment
    // anchored on a rounded reading instead would stay up to half a rounding step off, and a note on an exact sample
    // could land one sample late. The last block's end is known only to a rounding step: the search reaches a step
    // beyond it both ways.
    bool anchorAtTempoChange(int64_t sample, double reading, double oldTempo) noexcept {
        const double steps = reading / kHostRoundingQuarters;
        if (std::fabs(steps - std::round(steps)) > 1e-6) return false;  // not a rounded reading
        const double ratio = tempo_ / oldTempo;
        const double from = lastBlockStartPpq_ - kHostRoundingQuarters, to = nextPpq_ + kHostRoundingQuarters;
        for (double grid = 1.0; grid >= 1.0 / 8 - 1e-12; grid *= 0.5) {
            for (double at = std::ceil(from / grid - 1e-9) * grid; at <= to + 1e-9; at += grid) {
                const double start = at + (nextPpq_ - at) * ratio;  // this block's start if the change was there
                if (std::fabs(start - reading) <= 0.5 * kHostRoundingQuarters + 1e-9) {
                    anchor(sample, start);
                    deviationMin_ = deviationMax_ = reading - start;
                    return true;
                }
            }
        }
        return false;
    }

    // Each reading is within half a rounding step of the truth: the correction is the smallest one all readings allow.
    double correction() const noexcept {
        const double low = deviationMax_ - 0.5 * kHostRoundingQuarters, high = deviationMin_ + 0.5 * kHostRoundingQuarters;
        return low > 0 ? low : (high < 0 ? high : 0.0);
    }
    double anchoredPpqAt(int64_t sample) const noexcept {
        return anchorPpq_ + double(sample - anchorSample_) * (tempo_ / 60.0 / sampleRate_);
    }
    double segmentPpqAt(int64_t sample) const noexcept { return anchoredPpqAt(sample) + correction(); }

    double sampleRate_ = 48000.0;
    double tempo_ = 120.0;
    int numerator_ = 4, denominator_ = 4;
    bool started_ = false;
    bool wasPlaying_ = false;
    bool wasFollowingHost_ = false;
    int64_t sampleTime_ = 0;
    bool anchored_ = false;
    int64_t anchorSample_ = 0;
    double anchorPpq_ = 0;
    double deviationMin_ = 0, deviationMax_ = 0;
    int64_t nextHostSample_ = 0;
    double lastBlockStartPpq_ = 0;
    double nextPpq_ = 0;
    int32_t lastBlockSamples_ = 0;
    double lastPpqPerSample_ = 0;
};

}  // namespace aicp
