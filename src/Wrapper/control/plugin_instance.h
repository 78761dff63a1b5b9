// The control side of one plug-in instance: lifecycle, saved state, the engine bridge and the parameters, on the
// host's UI thread. The audio thread's part is the AudioCore (realtime/), which process() forwards to: it never
// allocates, locks, logs, does I/O or enters managed code, and talks to the engine only through the rings. Nothing
// here is of a plug-in format: the format's adapter (vst3/) turns the host's calls into these.
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include "aicopilot_debug.h"
#include "audio_core.h"
#include "engine_bridge.h"
#include "parameters.h"
#include "process_block.h"

namespace aicp {

class PluginInstance {
public:
    static constexpr int32_t kMaxBlock = AudioCore::kMaxBlock;

    bool initialize() noexcept;
    void terminate() noexcept;
    // The host's sample rate and largest block; false (and nothing changes) when the plug-in cannot run with them.
    bool setupProcessing(double sampleRate, int32_t maxSamplesPerBlock) noexcept;
    void setActive(bool active) noexcept;
    void setProcessing(bool processing) noexcept;
    // The audio thread: one block, and then the events it sends (until the next block).
    void process(const ProcessBlock& block) noexcept { core_.process(block, params_); }
    OutputEvents& output() noexcept { return core_.output(); }

    std::vector<uint8_t> saveState();
    // Applies a saved state; on refusal loads defaults, returns false and says why.
    bool loadState(const uint8_t* data, size_t size, std::string& reason);

    ParameterStore& params() noexcept { return params_; }
    std::string status() const;
    double sampleRate() const noexcept { return sampleRate_; }
    bool initialized() const noexcept { return initialized_; }
    const EngineBridge& engine() const noexcept { return engine_; }
    void debugStats(AicpDebugStats& out) const noexcept;

private:
    ParameterStore params_;
    EngineBridge engine_;
    AudioCore core_;
    double sampleRate_ = 48000;
    bool initialized_ = false;
    bool active_ = false;
};

}  // namespace aicp
