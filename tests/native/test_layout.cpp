// The shared ABI header as both sides see it: the C++ compiler here, and the C# engine library through its own
// report (aicp_layout_info), loaded from the built bundle.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <cstddef>
#include <string>
#include "aicopilot_engine_abi.h"
#include "vst3_abi.h"

TEST(AbiLayout, CppSideMatchesTheDocumentedNumbers) {
    EXPECT_EQ(sizeof(AicpRingHeader), 192u);
    EXPECT_EQ(offsetof(AicpRingHeader, writeIndex), 0u);
    EXPECT_EQ(offsetof(AicpRingHeader, readIndex), 64u);   // producer and consumer fields on separate cache lines
    EXPECT_EQ(offsetof(AicpRingHeader, capacity), 128u);
    EXPECT_EQ(sizeof(AicpInputEvent), 40u);
    EXPECT_EQ(offsetof(AicpInputEvent, kind), 32u);
    EXPECT_EQ(offsetof(AicpInputEvent, flags), 38u);
    EXPECT_EQ(sizeof(AicpSuggestionEvent), 32u);
    EXPECT_EQ(offsetof(AicpSuggestionEvent, generation), 8u);
    EXPECT_EQ(offsetof(AicpSuggestionEvent, kind), 12u);
    EXPECT_EQ(offsetof(AicpSuggestionEvent, take), 16u);
    EXPECT_EQ(sizeof(AicpSharedParams), 256u);
    EXPECT_EQ(sizeof(AicpEngineConfig), 72u);
    EXPECT_EQ(offsetof(AicpEngineConfig, params), 40u);
    EXPECT_EQ(offsetof(AicpEngineConfig, sampleRate), 48u);
    EXPECT_EQ(offsetof(AicpEngineConfig, logDirectory), 64u);
    EXPECT_LE(int(AICP_PARAM_COUNT), 32);
}

TEST(AbiLayout, EngineLibraryAgreesWithTheHeader) {
    std::string path = std::string(AICP_BUNDLE) + "/Contents/x86_64-linux/AiCoPilotEngine.so";
    void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    ASSERT_NE(lib, nullptr) << "build the bundle first (./build.sh): " << dlerror();
    auto version = reinterpret_cast<aicp_abi_version_fn>(dlsym(lib, "aicp_abi_version"));
    auto layout = reinterpret_cast<aicp_layout_info_fn>(dlsym(lib, "aicp_layout_info"));
    ASSERT_NE(version, nullptr);
    ASSERT_NE(layout, nullptr);
    EXPECT_EQ(version(), AICP_ABI_VERSION);
    AicpLayoutInfo info{};
    ASSERT_EQ(layout(&info), 0);
    EXPECT_EQ(info.ringHeaderSize, int(sizeof(AicpRingHeader)));
    EXPECT_EQ(info.ringWriteIndex, int(offsetof(AicpRingHeader, writeIndex)));
    EXPECT_EQ(info.ringReadIndex, int(offsetof(AicpRingHeader, readIndex)));
    EXPECT_EQ(info.ringCapacity, int(offsetof(AicpRingHeader, capacity)));
    EXPECT_EQ(info.inputEventSize, int(sizeof(AicpInputEvent)));
    EXPECT_EQ(info.inputKind, int(offsetof(AicpInputEvent, kind)));
    EXPECT_EQ(info.inputFlags, int(offsetof(AicpInputEvent, flags)));
    EXPECT_EQ(info.suggestionSize, int(sizeof(AicpSuggestionEvent)));
    EXPECT_EQ(info.suggestionGeneration, int(offsetof(AicpSuggestionEvent, generation)));
    EXPECT_EQ(info.suggestionKind, int(offsetof(AicpSuggestionEvent, kind)));
    EXPECT_EQ(info.suggestionTake, int(offsetof(AicpSuggestionEvent, take)));
    EXPECT_EQ(info.paramsSize, int(sizeof(AicpSharedParams)));
    EXPECT_EQ(info.configSize, int(sizeof(AicpEngineConfig)));
    EXPECT_EQ(info.configParams, int(offsetof(AicpEngineConfig, params)));
    EXPECT_EQ(info.configSampleRate, int(offsetof(AicpEngineConfig, sampleRate)));
    EXPECT_EQ(info.configLogDirectory, int(offsetof(AicpEngineConfig, logDirectory)));
    EXPECT_EQ(layout(nullptr), 2);  // a bad argument is an error code, not a crash
}

TEST(AbiLayout, InterfaceIdsUseTheLinuxByteOrder) {
    // IPluginFactory3 = 4555A2AB C1234E57 9B122910 36878931: each word most-significant byte first.
    const uint8_t expected[16] = {0x45, 0x55, 0xA2, 0xAB, 0xC1, 0x23, 0x4E, 0x57, 0x9B, 0x12, 0x29, 0x10, 0x36, 0x87, 0x89, 0x31};
    for (int i = 0; i < 16; ++i) EXPECT_EQ(vst3::kIPluginFactory3Iid.bytes[i], expected[i]);
    EXPECT_EQ(vst3::kResultOk, 0);
    EXPECT_EQ(vst3::kResultFalse, 1);
    EXPECT_EQ(vst3::kNoInterface, -1);
}
