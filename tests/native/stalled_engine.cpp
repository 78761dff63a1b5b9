// A stand-in engine library for the failure-isolation test: it speaks the real ABI, but its engine thread falls
// behind. For AICP_STALL_MS (default 3000) after start it touches neither ring, as an engine stuck in a long
// generation would; the input ring fills. Then it sends a burst of note-ons and note-offs made for the past (an
// answer that comes too late) and from then on drains the input ring like a healthy engine. The plug-in must keep
// processing without waiting, pass MIDI through, drop the late notes instead of playing them at once, and strand none.
// It also counts the calls the plug-in makes into it on the host's audio thread (the test host says which thread that
// is): the real engine is managed code, so such a call would be the audio thread entering managed code.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <string>
#include <thread>

#include "aicopilot_engine_abi.h"
#include "spsc_ring.h"

namespace {

std::atomic<int> gCalls{0}, gCallsOnAudioThread{0};
using OnAudioThread = int (*)();
OnAudioThread onAudioThread() {
    static const auto query = reinterpret_cast<OnAudioThread>(dlsym(RTLD_DEFAULT, "aicphost_on_audio_thread"));
    return query;
}
void noteCall() {
    gCalls.fetch_add(1);
    if (auto query = onAudioThread(); query && query()) gCallsOnAudioThread.fetch_add(1);
}

struct StalledEngine {
    AicpEngineConfig config{};
    std::thread thread;
    std::atomic<bool> running{false};

    void run() {
        const char* ms = std::getenv("AICP_STALL_MS");
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms ? std::atoi(ms) : 3000);
        while (running.load() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        aicp::SpscRing<AicpSuggestionEvent> out(config.outputRing, config.outputRecords);
        aicp::SpscRing<AicpInputEvent> in(config.inputRing, config.inputRecords);
        // What piled up, read at last: the latest transport generation (jump records carry it), so the late notes
        // are current ones that are merely late, not leftovers of an earlier transport position.
        AicpInputEvent record;
        uint32_t generation = 1;
        while (in.tryPop(record))
            if (record.kind == AICP_IN_JUMP) generation = record.generation;
        for (int i = 0; i < 64 && running.load(); ++i) {
            AicpSuggestionEvent e{};
            e.ppq = 0.25 * i;  // long gone by now
            e.generation = generation;
            e.role = AICP_ROLE_ANSWER;
            e.pitch = uint8_t(60 + i % 12);
            e.velocity = 100;
            e.phrase = 1;
            e.kind = AICP_OUT_NOTE_ON;
            out.tryPush(e);
            e.ppq += 0.2;
            e.kind = AICP_OUT_NOTE_OFF;
            out.tryPush(e);
        }
        while (running.load()) {
            while (in.tryPop(record)) {}
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
};

}  // namespace

extern "C" {
__attribute__((visibility("default"))) uint32_t aicp_abi_version() { noteCall(); return AICP_ABI_VERSION; }
__attribute__((visibility("default"))) int32_t aicp_layout_info(AicpLayoutInfo* out) { noteCall(); return out ? AICP_OK : AICP_ERR_INVALID_ARGUMENT; }

__attribute__((visibility("default"))) int64_t aicp_engine_create(const AicpEngineConfig* config) {
    noteCall();
    if (!config || config->abiVersion != AICP_ABI_VERSION) return 0;
    auto* engine = new StalledEngine;
    engine->config = *config;
    return reinterpret_cast<int64_t>(engine);
}

__attribute__((visibility("default"))) int32_t aicp_engine_start(int64_t handle) {
    noteCall();
    auto* engine = reinterpret_cast<StalledEngine*>(handle);
    if (engine->running.exchange(true)) return 0;
    engine->thread = std::thread([engine] { engine->run(); });
    return 0;
}

__attribute__((visibility("default"))) int32_t aicp_engine_stop(int64_t handle) {
    noteCall();
    auto* engine = reinterpret_cast<StalledEngine*>(handle);
    engine->running.store(false);
    if (engine->thread.joinable()) engine->thread.join();
    return 0;
}

__attribute__((visibility("default"))) int32_t aicp_engine_destroy(int64_t handle) {
    noteCall();
    aicp_engine_stop(handle);
    delete reinterpret_cast<StalledEngine*>(handle);
    return 0;
}

__attribute__((visibility("default"))) int32_t aicp_engine_get_state(int64_t, uint8_t*, int32_t, int32_t* size) {
    noteCall();
    if (size) *size = 0;
    return 0;
}

__attribute__((visibility("default"))) int32_t aicp_engine_set_state(int64_t, const uint8_t*, int32_t) { noteCall(); return 0; }

__attribute__((visibility("default"))) int32_t aicp_engine_status(int64_t, char* buffer, int32_t capacity) {
    noteCall();
    if (!buffer || capacity <= 0) return AICP_ERR_INVALID_ARGUMENT;
    const std::string text = "stalled test engine; " + std::to_string(gCalls.load()) + " calls, " +
                             (onAudioThread() ? std::to_string(gCallsOnAudioThread.load()) : std::string("unknown")) +
                             " on the audio thread";
    std::strncpy(buffer, text.c_str(), size_t(capacity) - 1);
    buffer[capacity - 1] = 0;
    return 0;
}

__attribute__((visibility("default"))) int32_t aicp_engine_metrics(int64_t, AicpEngineMetrics* out) {
    noteCall();
    if (!out || out->structSize < sizeof(AicpEngineMetrics)) return AICP_ERR_INVALID_ARGUMENT;
    *out = AicpEngineMetrics{};
    out->structSize = sizeof(AicpEngineMetrics);
    out->modelState = AICP_MODEL_STYLE_ONLY;
    out->modelLoadMs = -1;
    return AICP_OK;
}

__attribute__((visibility("default"))) int32_t aicp_engine_last_error(int64_t, char* buffer, int32_t capacity) {
    noteCall();
    if (!buffer || capacity <= 0) return AICP_ERR_INVALID_ARGUMENT;
    buffer[0] = 0;
    return AICP_OK;
}
}
