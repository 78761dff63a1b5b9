#include "audio_core.h"
#include <cmath>
#include <cstring>
#include "platform.h"

namespace aicp {

void AudioCore::reset(double sampleRate) noexcept {
    clock_.reset(sampleRate);
    synth_.setSampleRate(sampleRate);
    scheduler_.clear();
    suggestionNotes_.clear();
    previewNotes_.clear();
    thruNotes_.clear();
}

void AudioCore::setSampleRate(double sampleRate) noexcept {
    clock_.reset(sampleRate);
    synth_.setSampleRate(sampleRate);
}

void AudioCore::deactivated() noexcept {
    synth_.reset();
    // What was scheduled is forgotten at the next block, and the engine is told the new generation then (a generation
    // begun here, untold, would have every note it sends after the reactivation dropped as old).
    newGenerationRequested_.store(true, std::memory_order_release);
    requestFlush();  // notes sounding now get their note-offs at the start of the next block processed
}

void AudioCore::pushInput(uint8_t kind, const BlockTime& block, int32_t offset, uint8_t channel, uint8_t d1, uint8_t d2) noexcept {
    if (!input_.valid()) return;
    AicpInputEvent e{};
    e.ppq = block.startPpq + offset * block.ppqPerSample;
    e.tempo = block.tempo;
    e.barStartPpq = block.barStartPpq;
    e.sampleTime = block.sampleTime + offset;
    e.generation = scheduler_.generation();
    e.kind = kind;
    e.channel = channel;
    e.data1 = d1;
    e.data2 = d2;
    e.numerator = uint8_t(block.numerator);
    e.denominator = uint8_t(block.denominator);
    e.flags = block.playing ? AICP_FLAG_PLAYING : 0;
    input_.tryPush(e);
}

// What was scheduled belongs to the old timeline (a jump, listening stopped, another output channel): a new generation
// begins, pending suggestions are forgotten, sounding ones released, and the engine is told (the JUMP record carries
// the new generation, which the engine stamps on everything it sends from then on).
void AudioCore::newGeneration(const BlockTime& block) noexcept {
    scheduler_.newGeneration();
    flushSuggestions(block.startPpq);
    pushInput(AICP_IN_JUMP, block, 0, 0, 0, 0);
}


void AudioCore::flushSuggestions(double ppq) noexcept {
    suggestionNotes_.flush(out_, 0, ppq, [this](int, int pitch) { synth_.noteOff(pitch); });
    previewNotes_.release([this](int, int pitch) { synth_.noteOff(pitch); });
}


void AudioCore::applyParameterChanges(const ProcessBlock& in, ParameterStore& params_) noexcept {
    for (int32_t i = 0; i < in.paramCount; ++i) {
        const ParamPoint& point = in.params[i];
        const int index = point.index;
        if (index < 0 || index >= AICP_PARAM_COUNT) continue;
        const int32_t offset = point.offset < 0 ? 0 : point.offset;
        const bool wasOn = params_.flag(index);
        params_.setNormalized(index, point.normalized);
        const bool isOn = params_.flag(index);
        // Sample-accurate edges: a trigger or pedal change is stamped at its own offset.
        if (index == AICP_P_SUGGEST_NOW && isOn && !wasOn) pendingTriggerOffset_ = offset;
        if (index == AICP_P_SUSTAIN && isOn != wasOn) { pendingSustainOffset_ = offset; pendingSustainDown_ = isOn; }
    }
}


void AudioCore::handleInputEvents(const ProcessBlock& in, const BlockTime& block, bool listen, bool thru) noexcept {
    for (int32_t i = 0; i < in.eventCount; ++i) {
        const BlockEvent& e = in.events[i];
        const int32_t offset = e.offset < 0 ? 0 : e.offset;
        // Hosts stamp events with the block's position (Ardour): derive the event's own from its offset.
        const double ppq = block.startPpq + offset * block.ppqPerSample;
        const int channel = e.channel & 15, pitch = e.pitch & 127;
        if (e.type == BlockEvent::kNoteOn) {
            const float v = std::isfinite(e.velocity) ? e.velocity : 0.f;
            const int velocity = v <= 0 ? 0 : (v >= 1 ? 127 : int(std::lround(v * 127)));
            if (listen) pushInput(velocity > 0 ? AICP_IN_NOTE_ON : AICP_IN_NOTE_OFF, block, offset, uint8_t(channel), uint8_t(pitch), uint8_t(velocity < 1 ? 1 : velocity));
            if (thru) {
                if (velocity > 0) { out_.noteOn(offset, ppq, channel, pitch, v); thruNotes_.on(channel, pitch); }
                else if (thruNotes_.off(channel, pitch)) out_.noteOff(offset, ppq, channel, pitch);
            }
        } else if (e.type == BlockEvent::kNoteOff) {
            if (listen) pushInput(AICP_IN_NOTE_OFF, block, offset, uint8_t(channel), uint8_t(pitch), 0);
            if (thru && thruNotes_.off(channel, pitch)) out_.noteOff(offset, ppq, channel, pitch);
        } else if (thru) {
            out_.passThrough(e, ppq);
        }
    }
}


void AudioCore::process(const ProcessBlock& in, ParameterStore& params_) noexcept {
    platform::DenormalsAsZero denormals;
    out_.clear();
    const int32_t numSamples = in.numSamples < 0 ? 0 : (in.numSamples > kMaxBlock ? kMaxBlock : in.numSamples);
    const BlockTime block = clock_.advance(in.transport, numSamples);

    applyParameterChanges(in, params_);
    const bool bypass = params_.flag(AICP_P_BYPASS);
    const bool listening = params_.flag(AICP_P_ENABLED) && !bypass;
    const bool thru = params_.flag(AICP_P_THRU) || bypass;  // bypassed, a MIDI plug-in passes everything through
    const int channel = int(params_.plain(AICP_P_OUTPUT_CHANNEL)) - 1;
    synth_.setVolume(bypass ? 0.0 : params_.plain(AICP_P_PREVIEW_VOLUME));

    // Every note-on gets its note-off: on deactivation, jumps, stop/start, bypass, disabling and channel changes.
    if (flushRequested_.exchange(false, std::memory_order_acq_rel)) {
        flushSuggestions(block.startPpq);
        thruNotes_.flush(out_, 0, block.startPpq, [](int, int) {});
    }
    const bool renewed = newGenerationRequested_.exchange(false, std::memory_order_acq_rel);
    if (block.jumped || renewed || (!listening && lastListening_) || channel != lastChannel_) newGeneration(block);
    if (!thru && lastThru_) thruNotes_.flush(out_, 0, block.startPpq, [](int, int) {});
    lastListening_ = listening;
    lastThru_ = thru;
    lastChannel_ = channel;

    handleInputEvents(in, block, listening, thru);

    // Triggers and the pedal, from automation points or from setParamNormalized on another thread.
    const bool suggestNow = params_.flag(AICP_P_SUGGEST_NOW);
    if (suggestNow && !lastSuggestNow_ && pendingTriggerOffset_ < 0) pendingTriggerOffset_ = 0;
    lastSuggestNow_ = suggestNow;
    const bool sustain = params_.flag(AICP_P_SUSTAIN);
    if (sustain != lastSustain_ && pendingSustainOffset_ < 0) { pendingSustainOffset_ = 0; pendingSustainDown_ = sustain; }
    lastSustain_ = sustain;
    if (listening && pendingTriggerOffset_ >= 0) pushInput(AICP_IN_TRIGGER, block, pendingTriggerOffset_, 0, 0, 0);
    if (listening && pendingSustainOffset_ >= 0) pushInput(AICP_IN_SUSTAIN, block, pendingSustainOffset_, 0, 64, pendingSustainDown_ ? 127 : 0);
    pendingTriggerOffset_ = -1;
    pendingSustainOffset_ = -1;
    if (listening) pushInput(AICP_IN_CLOCK, block, 0, 0, 0, 0);

    takeSuggestions(listening, block);
    scheduler_.emitDue(block, numSamples, [&](const AicpSuggestionEvent& e, int32_t offset) { play(e, offset, block, channel); });
    renderAudio(in.audio, numSamples);
}

// A suggestion that is due, on the sample it falls on: its role says where it sounds.
void AudioCore::play(const AicpSuggestionEvent& e, int32_t offset, const BlockTime& block, int outputChannel) noexcept {
    const int pitch = e.pitch & 127;
    const float velocity = (e.velocity & 127) / 127.f;
    const double ppq = block.startPpq + offset * block.ppqPerSample;
    switch (e.role) {
        case AICP_ROLE_ANSWER:
        case AICP_ROLE_ACCOMPANIMENT: {
            // Answers on the "Output channel" parameter's channel, play-along on the channel it names.
            const int ch = e.role == AICP_ROLE_ACCOMPANIMENT ? (e.channel & 15) : outputChannel;
            if (e.kind == AICP_OUT_NOTE_ON) {
                out_.noteOn(offset, ppq, ch, pitch, velocity);
                suggestionNotes_.on(ch, pitch);
                synth_.noteOn(pitch, velocity);
            } else if (e.kind == AICP_OUT_NOTE_OFF && suggestionNotes_.off(ch, pitch)) {
                out_.noteOff(offset, ppq, ch, pitch);
                synth_.noteOff(pitch);
            }
            break;
        }
        case AICP_ROLE_PREVIEW:  // an auditioned take: the preview synth only
            if (e.kind == AICP_OUT_NOTE_ON) {
                previewNotes_.on(0, pitch);
                synth_.noteOn(pitch, velocity);
            } else if (e.kind == AICP_OUT_NOTE_OFF && previewNotes_.off(0, pitch)) {
                synth_.noteOff(pitch);
            }
            break;
        default:  // a role this wrapper does not know
            break;
    }
}


void AudioCore::renderAudio(AudioBuffers* audio, int32_t n) noexcept {
    if (!audio || audio->numChannels <= 0 || n == 0) return;
    const int32_t channels = audio->numChannels;
    if (audio->sample64) {
        double** ch = audio->channels64;
        if (!ch) return;
        synth_.render(ch[0], channels > 1 ? ch[1] : nullptr, n);
        for (int32_t c = 2; c < channels; ++c) if (ch[c]) std::memset(ch[c], 0, sizeof(double) * n);
    } else {
        float** ch = audio->channels32;
        if (!ch) return;
        synth_.render(ch[0], channels > 1 ? ch[1] : nullptr, n);
        for (int32_t c = 2; c < channels; ++c) if (ch[c]) std::memset(ch[c], 0, sizeof(float) * n);
    }
    audio->silenceFlags = synth_.activeVoices() == 0 ? (channels >= 64 ? ~0ull : ((1ull << channels) - 1)) : 0;
}

// Suggestions from the engine: into the time-ordered queue (emitted in process() when due).
void AudioCore::takeSuggestions(bool listening, const BlockTime& block) noexcept {
    if (!output_.valid()) return;
    AicpSuggestionEvent e;
    int budget = 512;  // bounded work per block
    while (budget-- > 0 && output_.tryPop(e)) {
        suggestionsReceived_.fetch_add(1, std::memory_order_relaxed);
        if (e.phrase != lastPhraseSeen_ && e.phraseEndNanos > 0) {
            lastPhraseSeen_ = e.phrase;
            const uint32_t n = latencyCount_.load(std::memory_order_relaxed);
            latencyMs_[n % AICP_LATENCY_SLOTS].store((platform::monotonicNanos() - e.phraseEndNanos) / 1e6, std::memory_order_relaxed);
            latencyCount_.store(n + 1, std::memory_order_release);
        }
        // Play-along chords: how early each reached this thread is its decision's lead time.
        if (e.kind == AICP_OUT_NOTE_ON && e.role == AICP_ROLE_ACCOMPANIMENT && e.ppq != lastChordPpq_) {
            lastChordPpq_ = e.ppq;
            const double leadMs = block.tempo > 0 ? (e.ppq - block.startPpq) * 60000.0 / block.tempo : 0;
            const uint32_t n = chordCount_.load(std::memory_order_relaxed);
            chordLeadMs_[n % AICP_LATENCY_SLOTS].store(leadMs, std::memory_order_relaxed);
            if (leadMs < 0) chordsLate_.fetch_add(1, std::memory_order_relaxed);
            chordCount_.store(n + 1, std::memory_order_release);
        }
        if (listening) scheduler_.add(e);  // the scheduler drops any made before the last jump
    }
}

void AudioCore::stats(AicpDebugStats& out) const noexcept {
    out.suggestionsReceived = suggestionsReceived_.load(std::memory_order_relaxed);
    out.droppedLate = scheduler_.droppedLate();
    out.droppedFull = scheduler_.droppedFull();
    out.droppedOld = scheduler_.droppedOld();
    out.outputOverflow = out_.dropped();
    out.inputOverflow = input_.valid() ? input_.overflowCount() : 0;
    out.latencyCount = latencyCount_.load(std::memory_order_acquire);
    for (int i = 0; i < AICP_LATENCY_SLOTS; ++i) out.latencyMs[i] = latencyMs_[i].load(std::memory_order_relaxed);
    out.chordCount = chordCount_.load(std::memory_order_acquire);
    out.chordsLate = chordsLate_.load(std::memory_order_relaxed);
    for (int i = 0; i < AICP_LATENCY_SLOTS; ++i) out.chordLeadMs[i] = chordLeadMs_[i].load(std::memory_order_relaxed);
}

}  // namespace aicp
