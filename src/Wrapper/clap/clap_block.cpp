#include "clap_block.h"
#include <cmath>
#include "plugin_info.h"

namespace aicp {

using namespace clap;

namespace {

double beats(BeatTime t) noexcept { return double(t) / double(kBeatTimeFactor); }

// A parameter of the table by its CLAP ID (the same IDs as VST3's ParamIDs); -1 when unknown.
int indexOfParamEvent(const EventParamValue& e) noexcept {
    return paramIndexOfId(e.paramId);
}

bool pushNote(const OutputEventList* list, uint32_t dialects, const OutputEvent& o) noexcept {
    const bool on = o.type == OutputEvent::kNoteOn;
    if (dialects & kDialectMidi) {
        EventMidi e{};
        e.header = EventHeader{sizeof(EventMidi), uint32_t(o.offset), kCoreEventSpace, kEventMidi, 0};
        e.portIndex = 0;
        int velocity = on ? int(std::lround(o.velocity * 127.f)) : 0;
        if (on) velocity = velocity < 1 ? 1 : (velocity > 127 ? 127 : velocity);
        e.data[0] = uint8_t((on ? 0x90 : 0x80) | (o.channel & 15));
        e.data[1] = uint8_t(o.pitch & 127);
        e.data[2] = uint8_t(velocity);
        return list->tryPush(list, &e.header);
    }
    EventNote e{};
    e.header = EventHeader{sizeof(EventNote), uint32_t(o.offset), kCoreEventSpace, uint16_t(on ? kEventNoteOn : kEventNoteOff), 0};
    e.noteId = -1;
    e.portIndex = 0;
    e.channel = int16_t(o.channel & 15);
    e.key = int16_t(o.pitch & 127);
    e.velocity = on ? double(o.velocity) : 0.0;
    return list->tryPush(list, &e.header);
}

// A parameter's value as the host should hear it: a gesture around it when the user made it in the editor, not
// recorded as automation when a MIDI controller made it (the host records the controller instead).
void pushParamValue(const OutputEventList* list, int index, double plain, uint8_t sources) noexcept {
    const clap_id id = paramVstId(index);
    const bool gesture = (sources & ParamEditsToHost::kEditor) != 0;
    EventParamGesture begin{EventHeader{sizeof(EventParamGesture), 0, kCoreEventSpace, kEventParamGestureBegin, 0}, id};
    EventParamValue value{};
    value.header = EventHeader{sizeof(EventParamValue), 0, kCoreEventSpace, kEventParamValue, gesture ? 0u : uint32_t(kEventDontRecord)};
    value.paramId = id;
    value.cookie = nullptr;
    value.noteId = -1;
    value.portIndex = -1;
    value.channel = -1;
    value.key = -1;
    value.value = plain;
    EventParamGesture end{EventHeader{sizeof(EventParamGesture), 0, kCoreEventSpace, kEventParamGestureEnd, 0}, id};
    if (gesture) list->tryPush(list, &begin.header);
    list->tryPush(list, &value.header);
    if (gesture) list->tryPush(list, &end.header);
}

// Whether an event the core passes through is in a dialect the host takes on the output port.
bool passable(uint16_t type, uint32_t dialects) noexcept {
    switch (type) {
        case kEventMidi:
        case kEventMidiSysex: return (dialects & kDialectMidi) != 0;
        case kEventMidi2: return (dialects & kDialectMidi2) != 0;
        default: return (dialects & kDialectClap) != 0;  // note expressions, chokes
    }
}

}  // namespace

int mappedParameterOfController(int controller) noexcept {
    if (controller == 64) return AICP_P_SUSTAIN;
    if (controller == info::kSuggestNowCc) return AICP_P_SUGGEST_NOW;
    return -1;
}

TransportState transportOf(const EventTransport& c, double sampleRate, int64_t ownSample) noexcept {
    TransportState t;
    t.playing = (c.flags & kTransportIsPlaying) != 0;
    t.tempoValid = (c.flags & kTransportHasTempo) != 0;
    t.tempo = c.tempo;
    t.timeSignatureValid = (c.flags & kTransportHasTimeSignature) != 0;
    t.numerator = c.tsigNum;
    t.denominator = c.tsigDenom;
    t.positionValid = (c.flags & kTransportHasBeatsTimeline) != 0;
    t.positionPpq = beats(c.songPosBeats);
    t.barStartValid = t.positionValid;
    t.barStartPpq = beats(c.barStart);
    // The seconds timeline in samples: exact for hosts that derive it from their frame count (whatever they round).
    if (c.flags & kTransportHasSecondsTimeline)
        t.positionSamples = int64_t(std::llround(double(c.songPosSeconds) / double(kSecTimeFactor) * sampleRate));
    else
        t.positionSamples = ownSample;
    return t;
}

void ClapBlock::addPoint(int32_t offset, int index, double normalized) noexcept {
    if (pointCount_ >= kMaxParamPoints) { countDropped(); return; }
    points_[pointCount_++] = ParamPoint{offset, index, normalized};
}

const ProcessBlock& ClapBlock::read(const Process& p, ParamEditsToHost& edits) noexcept {
    block_ = ProcessBlock{};
    block_.numSamples = int32_t(p.framesCount > 0x7FFFFFFFu ? 0x7FFFFFFF : p.framesCount);
    if (p.transport) {
        transport_ = transportOf(*p.transport, sampleRate_, ownSample_);
        block_.transport = &transport_;
    }
    ownSample_ += block_.numSamples;
    readEvents(p.inEvents, edits);
    block_.events = events_;
    block_.eventCount = eventCount_;
    block_.params = points_;
    block_.paramCount = pointCount_;
    if (p.audioOutputsCount >= 1 && p.audioOutputs) {
        const AudioBuffer& port = p.audioOutputs[0];
        audio_ = AudioBuffers{};
        audio_.numChannels = int32_t(port.channelCount);
        audio_.sample64 = port.data32 == nullptr && port.data64 != nullptr;  // the host chose 64-bit for this port
        audio_.channels32 = port.data32;
        audio_.channels64 = port.data64;
        block_.audio = &audio_;
    }
    return block_;
}

// Notes in either dialect, parameter values, and anything else to pass through, in the host's (time) order.
void ClapBlock::readEvents(const InputEventList* list, ParamEditsToHost& edits) noexcept {
    eventCount_ = 0;
    pointCount_ = 0;
    if (!list || !list->size || !list->get) return;
    const uint32_t count = list->size(list);
    for (uint32_t i = 0; i < count; ++i) {
        const EventHeader* h = list->get(list, i);
        if (!h || h->spaceId != kCoreEventSpace) continue;
        const int32_t offset = int32_t(h->time > 0x7FFFFFFFu ? 0x7FFFFFFF : h->time);
        if (h->type == kEventParamValue && h->size >= sizeof(EventParamValue)) {
            const auto& e = *reinterpret_cast<const EventParamValue*>(h);
            const int index = indexOfParamEvent(e);
            if (index >= 0) addPoint(offset, index, paramToNormalized(paramDefs()[index], e.value));  // CLAP values are plain
            continue;
        }
        if (h->type == kEventParamMod || h->type == kEventParamGestureBegin || h->type == kEventParamGestureEnd ||
            h->type == kEventTransport)
            continue;  // no modulation; gestures are the host's; the block's transport is in clap_process
        BlockEvent b{};
        b.offset = offset;
        b.source = int32_t(i);
        b.type = BlockEvent::kOther;
        if ((h->type == kEventNoteOn || h->type == kEventNoteOff || h->type == kEventNoteChoke) && h->size >= sizeof(EventNote)) {
            const auto& e = *reinterpret_cast<const EventNote*>(h);
            if (e.channel >= 0 && e.channel < 16 && e.key >= 0 && e.key < 128) {  // wildcards: passed through as they came
                b.type = h->type == kEventNoteOn ? BlockEvent::kNoteOn : BlockEvent::kNoteOff;
                b.channel = uint8_t(e.channel);
                b.pitch = uint8_t(e.key);
                b.velocity = float(e.velocity);
            }
        } else if (h->type == kEventMidi && h->size >= sizeof(EventMidi)) {
            const auto& e = *reinterpret_cast<const EventMidi*>(h);
            const int status = e.data[0] & 0xF0, channel = e.data[0] & 15, d1 = e.data[1] & 127, d2 = e.data[2] & 127;
            if (status == 0x90 || status == 0x80) {
                b.type = status == 0x90 && d2 > 0 ? BlockEvent::kNoteOn : BlockEvent::kNoteOff;
                b.channel = uint8_t(channel);
                b.pitch = uint8_t(d1);
                b.velocity = d2 / 127.f;
            } else if (status == 0xB0) {
                const int index = mappedParameterOfController(d1);
                if (index >= 0) {  // the controller is the parameter's: it changes it and goes no further
                    addPoint(offset, index, d2 / 127.0);
                    edits.mark(index, ParamEditsToHost::kController);
                    continue;
                }
            }
        }
        if (eventCount_ >= kMaxEvents) { countDropped(); continue; }
        events_[eventCount_++] = b;
    }
}

void ClapBlock::write(OutputEvents& out, const Process& p, ParamEditsToHost& edits, const ParameterStore& params) noexcept {
    if (block_.audio && p.audioOutputsCount >= 1 && p.audioOutputs) p.audioOutputs[0].constantMask = audio_.silenceFlags;
    const OutputEventList* list = p.outEvents;
    if (!list || !list->tryPush) return;
    // Parameter changes first (at the block's first sample), then the core's events: the list stays in time order.
    edits.drain([&](int index, uint8_t sources) { pushParamValue(list, index, params.plain(index), sources); });
    const OutputEvent* events = out.sorted();
    for (int i = 0; i < out.count(); ++i) {
        const OutputEvent& o = events[i];
        if (o.type == OutputEvent::kPassThrough) {
            // The event as it came in: its time is the offset the core gave it.
            const EventHeader* h = p.inEvents && p.inEvents->get ? p.inEvents->get(p.inEvents, uint32_t(o.source)) : nullptr;
            if (h && passable(h->type, outputDialects_)) list->tryPush(list, h);
            continue;
        }
        pushNote(list, outputDialects_, o);
    }
}

void ClapBlock::flush(const InputEventList* in, const OutputEventList* out, ParameterStore& params, ParamEditsToHost& edits) noexcept {
    if (in && in->size && in->get) {
        const uint32_t count = in->size(in);
        for (uint32_t i = 0; i < count; ++i) {
            const EventHeader* h = in->get(in, i);
            if (!h || h->spaceId != kCoreEventSpace || h->type != kEventParamValue || h->size < sizeof(EventParamValue)) continue;
            const auto& e = *reinterpret_cast<const EventParamValue*>(h);
            const int index = indexOfParamEvent(e);
            if (index >= 0) params.setPlain(index, e.value);
        }
    }
    if (out && out->tryPush) edits.drain([&](int index, uint8_t sources) { pushParamValue(out, index, params.plain(index), sources); });
}

}  // namespace aicp
