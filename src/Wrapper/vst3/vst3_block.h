// The VST3 edge of process(): turns VST3's ProcessData (its ProcessContext, IParameterChanges, IEventList and output
// bus) into the real-time core's own view of the block (realtime/process_block.h), and the core's output events back
// into the host's IEventList. Another plug-in format adds an adapter like this one and touches nothing in realtime/.
// Audio thread: fixed storage, allocated with the plug-in; no allocation, no locks.
#pragma once
#include <atomic>
#include <cstdint>
#include "output_events.h"
#include "process_block.h"
#include "vst3_abi.h"

namespace aicp {

// Where a VST3 host says its transport is.
TransportState transportOf(const vst3::ProcessContext& context) noexcept;

class Vst3Block {
public:
    static constexpr int32_t kMaxEvents = 2048;
    static constexpr int32_t kMaxParamPoints = 2048;

    // The core's view of this call of the host. Valid until the next call; it points into data's audio buffers.
    const ProcessBlock& read(vst3::ProcessData& data) noexcept;
    // After the core has run: its events to the host's output list, its silence flags to the output bus.
    void write(OutputEvents& out, vst3::ProcessData& data) noexcept;

    // Events and parameter points beyond the capacity above (any thread: the debug figures).
    uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

private:
    void readParameters(vst3::IParameterChanges* changes) noexcept;
    void readEvents(vst3::IEventList* events) noexcept;
    void countDropped() noexcept { dropped_.store(dropped_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed); }

    ProcessBlock block_;
    TransportState transport_;
    AudioBuffers audio_;
    BlockEvent events_[kMaxEvents];
    ParamPoint points_[kMaxParamPoints];
    std::atomic<uint64_t> dropped_{0};
};

}  // namespace aicp
