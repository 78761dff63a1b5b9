// The real engine library opened in this process, and the configuration of an engine on rings of the test's own:
// for the tests that drive the C ABI directly, without the wrapper in between.
#pragma once
#include <dlfcn.h>
#include <string>
#include "aicopilot_engine_abi.h"
#include "parameters.h"
#include "spsc_ring.h"

namespace aicptest {

// A function of the bundle's engine library, or null (the bundle is built by build.sh).
template <typename Fn>
Fn engineFunction(const char* name) {
    static void* library = [] {
        std::string path = std::string(AICP_BUNDLE) + "/Contents/x86_64-linux/AiCoPilotEngine.so";
        return dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    }();
    return library ? reinterpret_cast<Fn>(dlsym(library, name)) : nullptr;
}

// Rings, a parameter block holding every default, and a configuration that points at them.
struct EngineOnRings {
    aicp::RingStorage<AicpInputEvent> input;
    aicp::RingStorage<AicpSuggestionEvent> output;
    AicpSharedParams params{};
    AicpEngineConfig config{};

    explicit EngineOnRings(uint32_t capacity, const char* logDirectory = nullptr) {
        input.allocate(capacity);
        output.allocate(capacity);
        for (int i = 0; i < AICP_PARAM_COUNT; ++i) params.values[aicp::paramInfos()[i].slot] = aicp::paramInfos()[i].defaultPlain;
        config.abiVersion = AICP_ABI_VERSION;
        config.structSize = sizeof(AicpEngineConfig);
        config.inputRing = input.ring().header();
        config.inputRecords = input.ring().records();
        config.outputRing = output.ring().header();
        config.outputRecords = output.ring().records();
        config.params = &params;
        config.sampleRate = 48000;
        config.bundleDirectory = "/nonexistent/";  // no model: the style model answers alone
        config.logDirectory = logDirectory;
        config.parameters = aicp::paramInfos();
        config.parameterCount = AICP_PARAM_COUNT;
    }
};

}  // namespace aicptest
