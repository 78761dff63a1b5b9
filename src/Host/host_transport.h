// The test host's time base, as a DAW's: a tempo map (constant-tempo segments) from samples of the timeline to
// quarter notes and back, a loop that wraps the timeline, and the ProcessContext a block at a timeline position
// gets. Because the host knows its own map exactly, it can say on which sample every sixteenth falls and check the
// plug-in's output against it. Optionally it rounds projectTimeMusic to 1/N of a quarter, as Ardour 7 does (1920).
#pragma once
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>
#include "vst3_abi.h"

namespace aicphost {

class HostTransport {
public:
    struct Options {
        double sampleRate = 48000;
        int numerator = 4, denominator = 4;
        double loopStartPpq = 0, loopEndPpq = 0;  // loops over [start, end) when end > start
        int ppqResolution = 0;                     // 0: exact projectTimeMusic; N: rounded to 1/N quarter
    };

    // tempoChanges: (ppq, bpm) in time order, the first tempo applying from 0.
    HostTransport(double firstBpm, const std::vector<std::pair<double, double>>& tempoChanges, const Options& options)
        : options_(options) {
        segments_.push_back({0, 0, firstBpm});
        for (const auto& [ppq, bpm] : tempoChanges) {
            Segment& last = segments_.back();
            if (ppq <= last.ppq) { last.bpm = bpm; continue; }
            segments_.push_back({last.sample + (ppq - last.ppq) * 60.0 / last.bpm * options_.sampleRate, ppq, bpm});
        }
        if (looping()) {
            loopStartSample_ = gridSample(options_.loopStartPpq);
            loopEndSample_ = gridSample(options_.loopEndPpq);
        }
    }

    bool looping() const { return options_.loopEndPpq > options_.loopStartPpq; }
    double sampleRate() const { return options_.sampleRate; }

    double ppqAt(double sample) const {
        const Segment& s = segmentAtSample(sample);
        return s.ppq + (sample - s.sample) / options_.sampleRate * s.bpm / 60.0;
    }
    double bpmAt(double sample) const { return segmentAtSample(sample).bpm; }
    // Where the tempo segment holding a sample begins (samples of the timeline; 0 for the first segment).
    double segmentStart(double sample) const { return segmentAtSample(sample).sample; }
    double sampleAt(double ppq) const {
        const Segment& s = segmentAtPpq(ppq);
        return s.sample + (ppq - s.ppq) * 60.0 / s.bpm * options_.sampleRate;
    }
    // The sample a musical position sounds on: the first at or after it.
    int64_t gridSample(double ppq) const { return int64_t(std::ceil(sampleAt(ppq) - 1e-6)); }

    // How many of `wanted` samples a block starting at `timeline` may have: a block stops at the loop end (as
    // Ardour splits the cycle that crosses it).
    int blockLength(int64_t timeline, int wanted) const {
        if (looping() && timeline < loopEndSample_ && timeline + wanted > loopEndSample_) return int(loopEndSample_ - timeline);
        return wanted;
    }
    // Where the timeline goes after a block.
    int64_t advance(int64_t timeline, int n) const {
        int64_t next = timeline + n;
        if (looping() && next >= loopEndSample_ && timeline < loopEndSample_) next = loopStartSample_;
        return next;
    }

    vst3::ProcessContext context(int64_t timeline, bool playing) const {
        using vst3::ProcessContext;
        ProcessContext c{};
        c.state = ProcessContext::kTempoValid | ProcessContext::kTimeSigValid | ProcessContext::kProjectTimeMusicValid |
                  ProcessContext::kBarPositionValid | ProcessContext::kContTimeValid | (playing ? uint32_t(ProcessContext::kPlaying) : 0u) |
                  (looping() ? uint32_t(ProcessContext::kCycleActive | ProcessContext::kCycleValid) : 0u);
        c.cycleStartMusic = options_.loopStartPpq;
        c.cycleEndMusic = options_.loopEndPpq;
        c.sampleRate = options_.sampleRate;
        c.projectTimeSamples = timeline;
        double ppq = ppqAt(double(timeline));
        if (options_.ppqResolution > 0) ppq = std::round(ppq * options_.ppqResolution) / options_.ppqResolution;
        c.projectTimeMusic = ppq;
        const double bar = options_.numerator * 4.0 / options_.denominator;
        c.barPositionMusic = std::floor(ppqAt(double(timeline)) / bar + 1e-9) * bar;
        c.tempo = bpmAt(double(timeline));
        c.timeSigNumerator = options_.numerator;
        c.timeSigDenominator = options_.denominator;
        return c;
    }

    // Samples from the sixteenth nearest to a timeline sample to that sample (0: on the grid).
    int64_t sixteenthError(int64_t sample) const {
        const double nearest = std::round(ppqAt(double(sample)) * 4.0) / 4.0;
        return sample - gridSample(nearest);
    }

private:
    struct Segment { double sample, ppq, bpm; };
    const Segment& segmentAtSample(double sample) const {
        const Segment* s = &segments_[0];
        for (const Segment& t : segments_) if (t.sample <= sample) s = &t;
        return *s;
    }
    const Segment& segmentAtPpq(double ppq) const {
        const Segment* s = &segments_[0];
        for (const Segment& t : segments_) if (t.ppq <= ppq) s = &t;
        return *s;
    }

    Options options_;
    std::vector<Segment> segments_;
    int64_t loopStartSample_ = 0, loopEndSample_ = 0;
};

}  // namespace aicphost
