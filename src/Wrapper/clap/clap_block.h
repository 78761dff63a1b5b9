// The CLAP edge of process(): turns CLAP's clap_process (its transport, its input events in either note dialect,
// parameter values and the output port's buffers) into the real-time core's own view of the block
// (realtime/process_block.h), and the core's output events back into the host's output event list, in the note
// dialect the host takes. The same role as vst3/vst3_block for VST3; nothing in realtime/ knows of it.
// Audio thread (and the host's params flush): fixed storage, allocated with the plug-in; no allocation, no locks.
#pragma once
#include <atomic>
#include <cstdint>
#include "clap_abi.h"
#include "output_events.h"
#include "parameters.h"
#include "process_block.h"

namespace aicp {

// Where a CLAP host says its transport is. positionSamples comes from the host's seconds timeline when it gives one,
// else it is `ownSample` (a continuous count the adapter keeps, so the clock still tells a jump by the musical position).
TransportState transportOf(const clap::EventTransport& transport, double sampleRate, int64_t ownSample) noexcept;

// Parameters the plug-in changed on its own (in its editor, or through its MIDI mapping) that the host must hear of.
// Marked on the UI thread (or the audio thread), sent as output events by the next process() or params flush.
class ParamEditsToHost {
public:
    enum Source : uint8_t { kEditor = 1, kController = 2 };
    void mark(int index, Source source) noexcept {
        if (index >= 0 && index < AICP_PARAM_COUNT) pending_[index].fetch_or(source, std::memory_order_acq_rel);
    }
    // Calls send(index, sources) for each marked parameter, and unmarks it.
    template <typename Send>
    void drain(Send&& send) noexcept {
        for (int i = 0; i < AICP_PARAM_COUNT; ++i)
            if (pending_[i].load(std::memory_order_relaxed) != 0)
                if (const uint8_t sources = pending_[i].exchange(0, std::memory_order_acq_rel)) send(i, sources);
    }

private:
    std::atomic<uint8_t> pending_[AICP_PARAM_COUNT] = {};
};

// The MIDI controllers the plug-in maps to parameters (VST3 hosts do this through IMidiMapping; a CLAP plug-in gets
// the controllers themselves): CC 64 holds notes like a sustain pedal, info::kSuggestNowCc presses "Suggest now".
int mappedParameterOfController(int controller) noexcept;

class ClapBlock {
public:
    static constexpr int32_t kMaxEvents = 2048;
    static constexpr int32_t kMaxParamPoints = 2048;

    void reset(double sampleRate) noexcept { sampleRate_ = sampleRate; ownSample_ = 0; }
    // The note dialects the host takes on the output port (clap_host_note_ports), chosen at activation.
    void setOutputDialects(uint32_t dialects) noexcept { outputDialects_ = dialects; }
    uint32_t outputDialects() const noexcept { return outputDialects_; }

    // The core's view of this call of the host. Valid until the next call; it points into the host's buffers.
    // Controllers mapped to parameters become parameter points, and are marked in `edits` for the host.
    const ProcessBlock& read(const clap::Process& process, ParamEditsToHost& edits) noexcept;
    // After the core has run: the parameters to tell the host of (from `edits`), then the core's events, in time order,
    // and its silence to the output port's constant mask.
    void write(OutputEvents& out, const clap::Process& process, ParamEditsToHost& edits, const ParameterStore& params) noexcept;

    // The host's params flush (no audio): parameter values in `in` applied straight to the store, then the edits
    // sent to `out`. Either list may be null.
    static void flush(const clap::InputEventList* in, const clap::OutputEventList* out, ParameterStore& params, ParamEditsToHost& edits) noexcept;

    // Events and parameter points beyond the capacity above (any thread: the debug figures).
    uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

private:
    void readEvents(const clap::InputEventList* events, ParamEditsToHost& edits) noexcept;
    void addPoint(int32_t offset, int index, double normalized) noexcept;
    void countDropped() noexcept { dropped_.store(dropped_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed); }

    ProcessBlock block_;
    TransportState transport_;
    AudioBuffers audio_;
    BlockEvent events_[kMaxEvents];
    ParamPoint points_[kMaxParamPoints];
    int32_t eventCount_ = 0, pointCount_ = 0;
    double sampleRate_ = 48000;
    int64_t ownSample_ = 0;
    uint32_t outputDialects_ = clap::kDialectMidi;
    std::atomic<uint64_t> dropped_{0};
};

}  // namespace aicp
