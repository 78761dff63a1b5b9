// The shared ABI header as both sides see it: the C++ compiler here, and the C# engine library through its own
// report (aicp_layout_info), loaded from the built bundle.
#include <gtest/gtest.h>
#include <cstddef>
#include <string>
#include <vector>
#include "engine_on_rings.h"
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
    EXPECT_EQ(sizeof(AicpEngineConfig), 88u);
    EXPECT_EQ(offsetof(AicpEngineConfig, parameters), 72u);
    EXPECT_EQ(offsetof(AicpEngineConfig, parameterCount), 80u);
    EXPECT_EQ(sizeof(AicpParamInfo), 40u);
    EXPECT_EQ(offsetof(AicpParamInfo, slot), 32u);
    EXPECT_EQ(offsetof(AicpEngineConfig, params), 40u);
    EXPECT_EQ(offsetof(AicpEngineConfig, sampleRate), 48u);
    EXPECT_EQ(offsetof(AicpEngineConfig, logDirectory), 64u);
    EXPECT_LE(int(AICP_PARAM_COUNT), 32);
}

TEST(AbiLayout, EngineLibraryAgreesWithTheHeader) {
    auto version = aicptest::engineFunction<aicp_abi_version_fn>("aicp_abi_version");
    auto layout = aicptest::engineFunction<aicp_layout_info_fn>("aicp_layout_info");
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
    EXPECT_EQ(info.configParameters, int(offsetof(AicpEngineConfig, parameters)));
    EXPECT_EQ(info.paramInfoSize, int(sizeof(AicpParamInfo)));
    EXPECT_EQ(info.paramInfoSlot, int(offsetof(AicpParamInfo, slot)));
    EXPECT_EQ(layout(nullptr), AICP_ERR_INVALID_ARGUMENT);  // a bad argument is an error code, not a crash
}

TEST(AbiLayout, InterfaceIdsUseTheLinuxByteOrder) {
    // IPluginFactory3 = 4555A2AB C1234E57 9B122910 36878931: each word most-significant byte first.
    const uint8_t expected[16] = {0x45, 0x55, 0xA2, 0xAB, 0xC1, 0x23, 0x4E, 0x57, 0x9B, 0x12, 0x29, 0x10, 0x36, 0x87, 0x89, 0x31};
    for (int i = 0; i < 16; ++i) EXPECT_EQ(vst3::kIPluginFactory3Iid.bytes[i], expected[i]);
    EXPECT_EQ(vst3::kResultOk, 0);
    EXPECT_EQ(vst3::kResultFalse, 1);
    EXPECT_EQ(vst3::kNoInterface, -1);
}

// Each return code means one thing, and the last error says what went wrong, through the real engine library.
TEST(AbiResults, EveryFailureHasItsOwnCodeAndASentence) {
    using aicptest::engineFunction;
    auto create = engineFunction<aicp_engine_create_fn>("aicp_engine_create");
    auto destroy = engineFunction<aicp_engine_destroy_fn>("aicp_engine_destroy");
    auto getState = engineFunction<aicp_engine_get_state_fn>("aicp_engine_get_state");
    auto setState = engineFunction<aicp_engine_set_state_fn>("aicp_engine_set_state");
    auto lastError = engineFunction<aicp_engine_last_error_fn>("aicp_engine_last_error");
    auto editorIdle = engineFunction<aicp_editor_idle_fn>("aicp_editor_idle");
    ASSERT_TRUE(create && destroy && getState && setState && lastError && editorIdle) << "build the bundle first (./build.sh)";
    char text[512];

    // A wrong ABI version: no engine, and the library says why.
    AicpEngineConfig stale{};
    stale.abiVersion = 1;
    stale.structSize = sizeof(AicpEngineConfig);
    EXPECT_EQ(create(&stale), 0);
    ASSERT_EQ(lastError(0, text, sizeof text), AICP_OK);
    EXPECT_NE(std::string(text).find("ABI 1"), std::string::npos) << text;

    // A real engine on real rings, its log folder not a folder: every log write fails, and must fail quietly.
    aicptest::EngineOnRings rings(256, "/etc/hostname/");
    int64_t engine = create(&rings.config);
    ASSERT_GT(engine, 0);

    int32_t size = 0;
    uint8_t small[4];
    EXPECT_EQ(getState(engine, small, sizeof small, &size), AICP_ERR_BUFFER_TOO_SMALL);
    EXPECT_GT(size, 4);
    std::vector<uint8_t> state(static_cast<size_t>(size));
    EXPECT_EQ(getState(engine, state.data(), size, &size), AICP_OK);
    EXPECT_EQ(getState(engine, state.data(), size, nullptr), AICP_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(getState(engine + 1000, state.data(), size, &size), AICP_ERR_NO_SUCH_HANDLE);

    const uint8_t garbage[] = {1, 2, 3, 4, 5, 6, 7, 8};
    EXPECT_EQ(setState(engine, garbage, sizeof garbage), AICP_ERR_REFUSED);
    ASSERT_EQ(lastError(engine, text, sizeof text), AICP_OK);
    EXPECT_NE(std::string(text).find("refused"), std::string::npos) << text;
    EXPECT_EQ(setState(engine, nullptr, 10), AICP_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(setState(engine, state.data(), size), AICP_OK);  // its own state loads back

    EXPECT_EQ(editorIdle(123456), AICP_ERR_NO_SUCH_HANDLE);  // never "a frame was drawn"
    EXPECT_EQ(lastError(engine, nullptr, 0), AICP_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(destroy(engine), AICP_OK);
    EXPECT_EQ(destroy(engine), AICP_ERR_NO_SUCH_HANDLE);
}
