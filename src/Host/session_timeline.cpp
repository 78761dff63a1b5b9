#include "session_timeline.h"
#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>
#include "host_platform.h"

namespace aicphost {
namespace {

// The timeline's tempo map: the file's (or a fixed tempo), with any further changes asked for.
HostTransport makeTransport(const SessionOptions& options, const MidiFileData& midi) {
    std::vector<std::pair<double, double>> tempoChanges = options.tempoBpm > 0 ? std::vector<std::pair<double, double>>{} : midi.tempoChanges;
    for (const auto& change : options.tempoChanges) tempoChanges.push_back(change);
    std::stable_sort(tempoChanges.begin(), tempoChanges.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    HostTransport::Options transportOptions;
    transportOptions.sampleRate = options.sampleRate;
    transportOptions.numerator = midi.numerator;
    transportOptions.denominator = midi.denominator;
    transportOptions.loopStartPpq = options.loopStartPpq;
    transportOptions.loopEndPpq = options.loopEndPpq;
    transportOptions.ppqResolution = options.ppqResolution;
    return HostTransport(options.tempoBpm > 0 ? options.tempoBpm : midi.firstTempoBpm, tempoChanges, transportOptions);
}

}  // namespace

SessionTimeline::SessionTimeline(const SessionOptions& options, const MidiFileData& midi)
    : transport_(makeTransport(options, midi)), stopped_(options.stopped) {
    // The player plays in the room's time: each note at the sample its musical position has on the (unlooped) map.
    for (const MidiEventIn& m : midi.events) eventSamples_.push_back(std::llround(transport_.sampleAt(m.ppq)));
    const int64_t lastEventSample = eventSamples_.empty() ? 0 : eventSamples_.back();
    totalSamples_ = lastEventSample + int64_t(options.tailSeconds * options.sampleRate);
    flushSamples_ = int64_t(0.5 * options.sampleRate);  // stopped transport at the end
}

void SessionTimeline::advance(BlockClock& clock, int n, bool playing) const {
    clock.position += n;
    if (!playing) return;
    const int64_t next = transport_.advance(clock.timeline, n);
    if (next != clock.timeline + n) clock.lastWrap = clock.position;
    clock.timeline = next;
}

GridCheck::OffGrid SessionTimeline::gridPlace(const BlockClock& clock, int instance, int32_t offset, int n, double bpm,
                                              int64_t lastSuggestionAt) const {
    const int64_t at = clock.timeline + offset;
    GridCheck::OffGrid where;
    where.instance = instance;
    where.timeline = at;
    where.offset = offset;
    where.blockLength = n;
    where.error = transport_.sixteenthError(at);
    where.bpm = bpm;
    where.samplesSinceWrap = clock.lastWrap < 0 ? -1 : clock.position + offset - clock.lastWrap;
    const double segment = transport_.segmentStart(double(at));
    where.samplesSinceTempoChange = segment > 0 ? at - int64_t(std::ceil(segment - 1e-6)) : -1;
    where.samplesSinceSuggestion = lastSuggestionAt < 0 ? -1 : clock.position + offset - lastSuggestionAt;
    return where;
}

BlockPacer::BlockPacer(double sampleRate, double speed)
    : sampleRate_(sampleRate), speed_(speed), wallStart_(platform::nowSeconds()) {}

void BlockPacer::waitForBlockEnd(int64_t position, int n) const {
    if (speed_ <= 0) return;
    const double seconds = double(position) / sampleRate_;
    const double deadline = wallStart_ + (seconds + double(n) / sampleRate_) / speed_;
    const double wait = deadline - platform::nowSeconds();
    if (wait > 0) std::this_thread::sleep_for(std::chrono::duration<double>(wait));
}

BlockLoop::BlockLoop(const SessionTimeline& timeline, const SessionOptions& options, const MidiFileData& midi)
    : timeline_(timeline), events_(midi.events), blockSize_(options.blockSize), randomSizes_(options.randomBlockSizes),
      random_(options.seed), pacer_(options.sampleRate, options.speed) {}

bool BlockLoop::next(Block& block) {
    if (!timeline_.running(clock_)) return false;
    block.start = clock_;
    block.playing = timeline_.playing(clock_);
    block.n = timeline_.blockLength(clock_, block.playing, randomSizes_ ? int(random_() % uint64_t(blockSize_)) + 1 : blockSize_);
    return true;
}

void BlockLoop::finish(const Block& block) {
    timeline_.advance(clock_, block.n, block.playing);
    pacer_.waitForBlockEnd(block.start.position, block.n);
}

}  // namespace aicphost
