#include "vst3_block.h"
#include "parameters.h"

namespace aicp {

using namespace vst3;

TransportState transportOf(const ProcessContext& c) noexcept {
    TransportState t;
    t.playing = (c.state & ProcessContext::kPlaying) != 0;
    t.tempoValid = (c.state & ProcessContext::kTempoValid) != 0;
    t.tempo = c.tempo;
    t.timeSignatureValid = (c.state & ProcessContext::kTimeSigValid) != 0;
    t.numerator = c.timeSigNumerator;
    t.denominator = c.timeSigDenominator;
    t.positionValid = (c.state & ProcessContext::kProjectTimeMusicValid) != 0;
    t.positionPpq = c.projectTimeMusic;
    t.barStartValid = (c.state & ProcessContext::kBarPositionValid) != 0;
    t.barStartPpq = c.barPositionMusic;
    t.positionSamples = c.projectTimeSamples;  // VST3 gives it whatever the flags say
    return t;
}

const ProcessBlock& Vst3Block::read(ProcessData& data) noexcept {
    block_ = ProcessBlock{};
    block_.numSamples = data.numSamples;
    if (data.processContext) {
        transport_ = transportOf(*data.processContext);
        block_.transport = &transport_;
    }
    readParameters(data.inputParameterChanges);
    readEvents(data.inputEvents);
    if (data.numOutputs >= 1 && data.outputs) {
        AudioBusBuffers& bus = data.outputs[0];
        audio_ = AudioBuffers{};
        audio_.numChannels = bus.numChannels;
        audio_.sample64 = data.symbolicSampleSize == kSample64;
        if (audio_.sample64) audio_.channels64 = bus.channelBuffers64;
        else audio_.channels32 = bus.channelBuffers32;
        audio_.silenceFlags = bus.silenceFlags;
        block_.audio = &audio_;
    }
    return block_;
}

// Each parameter's queue in turn, its points in order (as VST3 orders them).
void Vst3Block::readParameters(IParameterChanges* changes) noexcept {
    block_.params = points_;
    if (!changes) return;
    int32_t n = 0;
    const int32_t count = changes->getParameterCount();
    for (int32_t i = 0; i < count; ++i) {
        IParamValueQueue* queue = changes->getParameterData(i);
        if (!queue) continue;
        const int index = paramIndexOfId(queue->getParameterId());
        if (index < 0) continue;
        const int32_t points = queue->getPointCount();
        for (int32_t p = 0; p < points; ++p) {
            int32_t offset = 0;
            double value = 0;
            if (queue->getPoint(p, offset, value) != kResultOk) continue;
            if (n >= kMaxParamPoints) { countDropped(); continue; }
            points_[n++] = ParamPoint{offset < 0 ? 0 : offset, index, value};
        }
    }
    block_.paramCount = n;
}

void Vst3Block::readEvents(IEventList* events) noexcept {
    block_.events = events_;
    if (!events) return;
    int32_t n = 0;
    const int32_t count = events->getEventCount();
    for (int32_t i = 0; i < count; ++i) {
        Event e{};
        if (events->getEvent(i, e) != kResultOk) continue;
        if (n >= kMaxEvents) { countDropped(); continue; }
        BlockEvent& b = events_[n++];
        b = BlockEvent{};
        b.offset = e.sampleOffset < 0 ? 0 : e.sampleOffset;
        b.source = i;
        if (e.type == Event::kNoteOnEvent) {
            b.type = BlockEvent::kNoteOn;
            b.channel = uint8_t(e.noteOn.channel & 15);
            b.pitch = uint8_t(e.noteOn.pitch & 127);
            b.velocity = e.noteOn.velocity;
        } else if (e.type == Event::kNoteOffEvent) {
            b.type = BlockEvent::kNoteOff;
            b.channel = uint8_t(e.noteOff.channel & 15);
            b.pitch = uint8_t(e.noteOff.pitch & 127);
            b.velocity = e.noteOff.velocity;
        } else {
            b.type = BlockEvent::kOther;
        }
    }
    block_.eventCount = n;
}

void Vst3Block::write(OutputEvents& out, ProcessData& data) noexcept {
    if (block_.audio && data.numOutputs >= 1 && data.outputs) data.outputs[0].silenceFlags = audio_.silenceFlags;
    IEventList* list = data.outputEvents;
    if (!list) return;
    const OutputEvent* events = out.sorted();
    for (int i = 0; i < out.count(); ++i) {
        const OutputEvent& o = events[i];
        Event e{};
        if (o.type == OutputEvent::kPassThrough) {
            // The event as it came in, at the offset the core gave it.
            if (!data.inputEvents || data.inputEvents->getEvent(o.source, e) != kResultOk) continue;
        } else {
            e.type = o.type == OutputEvent::kNoteOn ? Event::kNoteOnEvent : Event::kNoteOffEvent;
            if (o.type == OutputEvent::kNoteOn) e.noteOn = NoteOnEvent{int16_t(o.channel), int16_t(o.pitch), 0.f, o.velocity, 0, -1};
            else e.noteOff = NoteOffEvent{int16_t(o.channel), int16_t(o.pitch), 0.f, -1, 0.f};
            e.busIndex = 0;
            e.flags = 0;
            e.ppqPosition = o.ppq;
        }
        e.sampleOffset = o.offset;
        list->addEvent(e);
    }
}

}  // namespace aicp
