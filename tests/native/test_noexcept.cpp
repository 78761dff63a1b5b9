// No noexcept function of the wrapper may throw: an exception that reaches one ends the host (std::terminate). The
// control side allocates, so each of its noexcept functions allocates before it commits to anything, or catches
// inside. Checked with the allocations that matter made to fail (alloc_counter.h), each in a fresh child process
// (a death test: the engine library is loaded once per process, and a failure here must not take the test binary
// down with it).
#include <gtest/gtest.h>
#include <cstdlib>
#include "alloc_counter.h"
#include "engine_bridge.h"
#include "plugin_instance.h"

using aicphost::failAllocationsOnThisThread;

namespace {

// A child process's verdict: exit code 0 when `body` returned true, 1 when it returned false; std::terminate aborts it.
template <typename Body>
void runInChild(Body body) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");  // a fresh process, not a fork of this one
    EXPECT_EXIT(std::exit(body() ? 0 : 1), ::testing::ExitedWithCode(0), "");
}

}  // namespace

// Shutting the engine down saves its style first (a buffer of 64 KiB and up): out of memory then, the last style kept
// stays and the engine still goes.
TEST(NoexceptFunctions, ShuttingTheEngineDownSurvivesAnAllocationFailure) {
    if (!failAllocationsOnThisThread(0)) GTEST_SKIP() << "allocations cannot be made to fail in this build";
    runInChild([] {
        setenv("AICOPILOT_ENGINE", AICP_STALLED_ENGINE, 1);  // a stand-in engine: no managed runtime to disturb
        aicp::PluginInstance p;
        p.initialize();
        if (!p.engine().engineAvailable()) return false;
        failAllocationsOnThisThread(16 * 1024);
        p.terminate();
        failAllocationsOnThisThread(0);
        return !p.engine().engineAvailable();
    });
}

// Loading the engine library builds its path and messages: with every allocation failing, there is no engine in this
// process, and the plug-in still loads without one (MIDI thru) instead of ending the host.
TEST(NoexceptFunctions, LoadingTheEngineLibrarySurvivesAnAllocationFailure) {
    if (!failAllocationsOnThisThread(0)) GTEST_SKIP() << "allocations cannot be made to fail in this build";
    runInChild([] {
        setenv("AICOPILOT_ENGINE", AICP_STALLED_ENGINE, 1);
        failAllocationsOnThisThread(1);
        const bool loaded = aicp::engineLibrary().create != nullptr;
        failAllocationsOnThisThread(0);
        aicp::PluginInstance p;
        const bool initialized = p.initialize();
        const bool available = p.engine().engineAvailable();
        p.terminate();
        return !loaded && initialized && !available;
    });
}
