// The shared ABI header as both sides see it: the C++ compiler here, and the C# engine library through its own
// report (aicp_layout_info), loaded from the built bundle.
#include <gtest/gtest.h>
#include <cstddef>
#include <cstring>
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
    EXPECT_EQ(sizeof(AicpInputEvent), 48u);
    EXPECT_EQ(offsetof(AicpInputEvent, sampleTime), 24u);
    EXPECT_EQ(offsetof(AicpInputEvent, generation), 32u);
    EXPECT_EQ(offsetof(AicpInputEvent, kind), 36u);
    EXPECT_EQ(offsetof(AicpInputEvent, numerator), 40u);
    EXPECT_EQ(offsetof(AicpInputEvent, flags), 42u);
    EXPECT_EQ(sizeof(AicpSuggestionEvent), 40u);
    EXPECT_EQ(offsetof(AicpSuggestionEvent, generation), 8u);
    EXPECT_EQ(offsetof(AicpSuggestionEvent, kind), 12u);
    EXPECT_EQ(offsetof(AicpSuggestionEvent, role), 13u);
    EXPECT_EQ(offsetof(AicpSuggestionEvent, channel), 14u);
    EXPECT_EQ(offsetof(AicpSuggestionEvent, take), 20u);
    EXPECT_EQ(offsetof(AicpSuggestionEvent, phrase), 24u);
    EXPECT_EQ(offsetof(AicpSuggestionEvent, phraseEndNanos), 32u);
    EXPECT_EQ(sizeof(AicpEngineMetrics), 224u);
    EXPECT_EQ(offsetof(AicpEngineMetrics, modelState), 4u);
    EXPECT_EQ(offsetof(AicpEngineMetrics, phrasesAnswered), 16u);
    EXPECT_EQ(offsetof(AicpEngineMetrics, chordsPlayed), 32u);
    EXPECT_EQ(offsetof(AicpEngineMetrics, styleContexts), 56u);
    EXPECT_EQ(offsetof(AicpEngineMetrics, styleUsedBytes), 72u);
    EXPECT_EQ(offsetof(AicpEngineMetrics, managedHeapBytes), 96u);
    EXPECT_EQ(offsetof(AicpEngineMetrics, liveAfterFullGcBytes), 112u);
    EXPECT_EQ(offsetof(AicpEngineMetrics, gcPauseMs), 144u);
    EXPECT_EQ(offsetof(AicpEngineMetrics, lastFirstNoteMs), 152u);
    EXPECT_EQ(offsetof(AicpEngineMetrics, lastPoolSize), 168u);
    EXPECT_EQ(offsetof(AicpEngineMetrics, modelLoadMs), 176u);
    EXPECT_EQ(offsetof(AicpEngineMetrics, tradeAnswers), 184u);  // appended after the first 184 bytes, which stay
    EXPECT_EQ(offsetof(AicpEngineMetrics, tradeAnswersLate), 192u);
    EXPECT_EQ(offsetof(AicpEngineMetrics, tradeLeadMsMin), 200u);
    EXPECT_EQ(offsetof(AicpEngineMetrics, tradeLeadMsP1), 208u);
    EXPECT_EQ(offsetof(AicpEngineMetrics, tradeLeadMsP50), 216u);
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
    EXPECT_EQ(info.inputSampleTime, int(offsetof(AicpInputEvent, sampleTime)));
    EXPECT_EQ(info.inputGeneration, int(offsetof(AicpInputEvent, generation)));
    EXPECT_EQ(info.inputNumerator, int(offsetof(AicpInputEvent, numerator)));
    EXPECT_EQ(info.suggestionRole, int(offsetof(AicpSuggestionEvent, role)));
    EXPECT_EQ(info.suggestionChannel, int(offsetof(AicpSuggestionEvent, channel)));
    EXPECT_EQ(info.suggestionPhrase, int(offsetof(AicpSuggestionEvent, phrase)));
    EXPECT_EQ(info.suggestionPhraseEndNanos, int(offsetof(AicpSuggestionEvent, phraseEndNanos)));
    EXPECT_EQ(info.metricsSize, int(sizeof(AicpEngineMetrics)));
    EXPECT_EQ(info.metricsModelState, int(offsetof(AicpEngineMetrics, modelState)));
    EXPECT_EQ(info.metricsPhrasesAnswered, int(offsetof(AicpEngineMetrics, phrasesAnswered)));
    EXPECT_EQ(info.metricsChordsPlayed, int(offsetof(AicpEngineMetrics, chordsPlayed)));
    EXPECT_EQ(info.metricsStyleContexts, int(offsetof(AicpEngineMetrics, styleContexts)));
    EXPECT_EQ(info.metricsStyleUsedBytes, int(offsetof(AicpEngineMetrics, styleUsedBytes)));
    EXPECT_EQ(info.metricsManagedHeapBytes, int(offsetof(AicpEngineMetrics, managedHeapBytes)));
    EXPECT_EQ(info.metricsLiveAfterFullGcBytes, int(offsetof(AicpEngineMetrics, liveAfterFullGcBytes)));
    EXPECT_EQ(info.metricsGcPauseMs, int(offsetof(AicpEngineMetrics, gcPauseMs)));
    EXPECT_EQ(info.metricsLastFirstNoteMs, int(offsetof(AicpEngineMetrics, lastFirstNoteMs)));
    EXPECT_EQ(info.metricsLastPoolSize, int(offsetof(AicpEngineMetrics, lastPoolSize)));
    EXPECT_EQ(info.metricsModelLoadMs, int(offsetof(AicpEngineMetrics, modelLoadMs)));
    EXPECT_EQ(info.metricsTradeAnswers, int(offsetof(AicpEngineMetrics, tradeAnswers)));
    EXPECT_EQ(info.metricsTradeAnswersLate, int(offsetof(AicpEngineMetrics, tradeAnswersLate)));
    EXPECT_EQ(info.metricsTradeLeadMsMin, int(offsetof(AicpEngineMetrics, tradeLeadMsMin)));
    EXPECT_EQ(info.metricsTradeLeadMsP50, int(offsetof(AicpEngineMetrics, tradeLeadMsP50)));
    EXPECT_EQ(layout(nullptr), AICP_ERR_INVALID_ARGUMENT);  // a bad argument is an error code, not a crash
}

// The typed figures through the real engine library: filled, sized as the caller asked, and refused without a size.
TEST(AbiResults, TheEngineFillsItsFiguresAsTheCallerSizedThem) {
    using aicptest::engineFunction;
    auto create = engineFunction<aicp_engine_create_fn>("aicp_engine_create");
    auto destroy = engineFunction<aicp_engine_destroy_fn>("aicp_engine_destroy");
    auto metrics = engineFunction<aicp_engine_metrics_fn>("aicp_engine_metrics");
    ASSERT_TRUE(create && destroy && metrics) << "build the bundle first (./build.sh)";
    aicptest::EngineOnRings rings(256);
    int64_t engine = create(&rings.config);
    ASSERT_GT(engine, 0);

    AicpEngineMetrics m{};
    m.structSize = sizeof m;
    ASSERT_EQ(metrics(engine, &m), AICP_OK);
    EXPECT_EQ(m.structSize, sizeof m);
    EXPECT_EQ(m.modelState, AICP_MODEL_LOADING) << "never started: its model has not begun to load";
    EXPECT_EQ(m.phrasesAnswered, 0);
    EXPECT_EQ(m.answering, 0);
    EXPECT_GT(m.styleAllocatedBytes, 0) << "the style's arrays exist before it learns";
    EXPECT_GT(m.totalAllocatedBytes, 0);
    EXPECT_EQ(m.modelLoadMs, -1.0);
    EXPECT_EQ(m.tradeAnswers, 0);
    EXPECT_EQ(m.tradeAnswersLate, 0);
    EXPECT_EQ(m.tradeLeadMsMin, -1.0) << "no trade answer yet: no lead";
    EXPECT_EQ(m.tradeLeadMsP1, -1.0);
    EXPECT_EQ(m.tradeLeadMsP50, -1.0);

    // An older caller's smaller record: only what it has room for is written.
    struct Older { AicpEngineMetrics head; } older{};
    std::memset(&older, 0xAB, sizeof older);
    older.head.structSize = offsetof(AicpEngineMetrics, preparedAnswers);
    ASSERT_EQ(metrics(engine, &older.head), AICP_OK);
    EXPECT_EQ(older.head.structSize, offsetof(AicpEngineMetrics, preparedAnswers));
    EXPECT_EQ(older.head.phrasesAnswered, 0);
    EXPECT_EQ(older.head.preparedAnswers, int64_t(0xABABABABABABABABull)) << "written beyond the caller's record";

    AicpEngineMetrics unsized{};
    EXPECT_EQ(metrics(engine, &unsized), AICP_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(metrics(engine, nullptr), AICP_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(metrics(engine + 1000, &m), AICP_ERR_NO_SUCH_HANDLE);
    EXPECT_EQ(destroy(engine), AICP_OK);
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
