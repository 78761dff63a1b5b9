// The real-time core's own view of one process() call, in the wrapper's terms: where the transport is, the note and
// other events that came in, the parameter points, the audio output, and the events the core sends back. A plug-in
// format's adapter (vst3/vst3_block.h today; CLAP next) fills it from its host's structures before calling
// AudioCore::process and hands the output to its host after: nothing in realtime/ knows a plug-in format. Plain data
// of fixed size; the adapter owns the storage (allocated with the plug-in, never on the audio thread).
#pragma once
#include <cstdint>

namespace aicp {

// Where the host's transport is at the block's first sample. Each figure counts only when its flag says so.
struct TransportState {
    bool playing = false;
    bool tempoValid = false;
    double tempo = 0;                 // quarter notes per minute
    bool timeSignatureValid = false;
    int32_t numerator = 4, denominator = 4;
    bool positionValid = false;
    double positionPpq = 0;           // musical position, quarter notes
    bool barStartValid = false;
    double barStartPpq = 0;           // the bar line at or before positionPpq, as the host says it
    int64_t positionSamples = 0;      // the block's first sample on the host's timeline
};

// An event that came in. Notes are for the core; anything else is passed through as it came (when MIDI thru is on):
// the core names it by the adapter's own index, and the adapter sends the original.
struct BlockEvent {
    enum Type : uint8_t { kNoteOn = 0, kNoteOff = 1, kOther = 2 };
    int32_t offset = 0;      // sample of the block
    Type type = kOther;
    uint8_t channel = 0;     // 0..15
    uint8_t pitch = 0;       // 0..127
    float velocity = 0;      // 0..1; a note-on with velocity 0 is a note-off
    int32_t source = -1;     // kOther: the adapter's index of the event
};

// A parameter's new value at a sample of the block (the host's automation points, in their order).
struct ParamPoint {
    int32_t offset = 0;
    int32_t index = -1;      // AicpParam (the adapter maps its format's parameter IDs)
    double normalized = 0;
};

// The audio output bus: numChannels buffers of numSamples, 32- or 64-bit. The core writes every sample and says
// which channels it left silent.
struct AudioBuffers {
    int32_t numChannels = 0;
    bool sample64 = false;
    float** channels32 = nullptr;
    double** channels64 = nullptr;
    uint64_t silenceFlags = 0;  // out: bit c set when channel c is silent
};

// An event the core sends, in the wrapper's terms (OutputEvents holds them in ascending offset).
struct OutputEvent {
    enum Type : uint8_t { kNoteOn = 0, kNoteOff = 1, kPassThrough = 2 };
    int32_t offset = 0;
    Type type = kNoteOn;
    uint8_t channel = 0;
    uint8_t pitch = 0;
    float velocity = 0;
    double ppq = 0;          // musical position of the event
    int32_t source = -1;     // kPassThrough: the BlockEvent::source of the event passed through
};

struct ProcessBlock {
    int32_t numSamples = 0;
    const TransportState* transport = nullptr;  // null: the host says nothing of its transport
    const ParamPoint* params = nullptr;
    int32_t paramCount = 0;
    const BlockEvent* events = nullptr;         // in ascending offset, as hosts send them
    int32_t eventCount = 0;
    AudioBuffers* audio = nullptr;              // null: no audio output
};

}  // namespace aicp
