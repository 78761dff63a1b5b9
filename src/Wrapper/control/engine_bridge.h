// The wrapper's side of the engine: the rings and shared parameter block in native memory, the engine library
// (loaded once per process from the bundle's own folder, never unloaded) and one engine instance. When the library
// or its engine cannot load, the bridge says why and the plug-in carries on without suggestions (MIDI thru works).
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include "aicopilot_engine_abi.h"
#include "spsc_ring.h"

namespace aicp {

class EngineBridge {
public:
    EngineBridge() = default;
    EngineBridge(const EngineBridge&) = delete;
    EngineBridge& operator=(const EngineBridge&) = delete;
    ~EngineBridge() { shutdown(); }

    // UI thread: allocates the rings and creates the engine (it loads its model on its own thread later).
    bool initialize(double sampleRate) noexcept;
    void shutdown() noexcept;
    bool start() noexcept;   // starts the engine thread
    void stop() noexcept;    // stops and joins it

    bool engineAvailable() const noexcept { return handle_ != 0; }
    int64_t handle() const noexcept { return handle_; }
    const std::string& failure() const noexcept { return failure_; }
    // The engine's status line, for people.
    std::string status() const;
    // The engine's figures, typed (false, and out zeroed, without an engine or when it could not say).
    bool metrics(AicpEngineMetrics& out) const noexcept;
    // Why the engine library's last call for this instance (0: for the library) failed, "" if none did.
    std::string lastError(int64_t handle) const;

    // Style state (UI thread). Without an engine the last blob given to setStyle is kept and handed back.
    std::vector<uint8_t> getStyle();
    bool setStyle(const std::vector<uint8_t>& blob, std::string& reason);

    static constexpr size_t kStatusBytes = 1024;

    SpscRing<AicpInputEvent> inputRing() const noexcept { return input_.ring(); }
    SpscRing<AicpSuggestionEvent> outputRing() const noexcept { return output_.ring(); }
    AicpSharedParams* sharedParams() const noexcept { return params_; }

    static constexpr uint32_t kInputCapacity = 8192;
    static constexpr uint32_t kOutputCapacity = 4096;

private:
    // The engine's style into keptStyle_ (false, and keptStyle_ as it was, when the engine or the memory fails).
    bool keepStyle() noexcept;

    RingStorage<AicpInputEvent> input_;
    RingStorage<AicpSuggestionEvent> output_;
    AicpSharedParams* params_ = nullptr;
    int64_t handle_ = 0;
    bool running_ = false;
    std::string failure_;
    std::vector<uint8_t> keptStyle_;
};

// The engine library's exports, resolved once per process. Null members when it could not be loaded.
struct EngineLibrary {
    aicp_abi_version_fn abiVersion = nullptr;
    aicp_layout_info_fn layoutInfo = nullptr;
    aicp_engine_create_fn create = nullptr;
    aicp_engine_start_fn start = nullptr;
    aicp_engine_stop_fn stop = nullptr;
    aicp_engine_destroy_fn destroy = nullptr;
    aicp_engine_get_state_fn getState = nullptr;
    aicp_engine_set_state_fn setState = nullptr;
    aicp_engine_status_fn status = nullptr;
    aicp_engine_metrics_fn metrics = nullptr;
    aicp_engine_last_error_fn lastError = nullptr;
    // The editor's functions: optional (a library without them gives a plug-in without an editor).
    aicp_editor_open_fn editorOpen = nullptr;
    aicp_editor_fd_fn editorFd = nullptr;
    aicp_editor_idle_fn editorIdle = nullptr;
    aicp_editor_resize_fn editorResize = nullptr;
    aicp_editor_close_fn editorClose = nullptr;
    std::string error;
    std::string directory;
};
const EngineLibrary& engineLibrary() noexcept;

}  // namespace aicp
