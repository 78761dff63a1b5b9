// One test per test name of Steinberg's validator (section 6 of ../shared/docs/testing-in-real-hosts.md), each run
// in 32-bit and in 64-bit processing, on the real bundle. The validator itself is not available on these machines;
// these tests check what its tests check, as far as they apply to a MIDI effect with one stereo preview output.
#include <gtest/gtest.h>
#include <atomic>
#include <cmath>
#include <random>
#include <thread>
#include "alloc_counter.h"
#include "loaded_plugin.h"
#include "aicopilot_engine_abi.h"

using namespace aicphost;
using namespace vst3;
using namespace aicptest;

namespace {

// Interfaces this plug-in does not implement; their IDs are the public ones (ivstunits.h, ivstnoteexpression.h,
// ivstmidilearn.h). The validator asks for them and must get kNoInterface, not a wrong object.
constexpr Uid kIUnitInfoIid = aicp::platform::makeUid(0x3D4BD6B5, 0x913A4FD2, 0xA886E768, 0xA5EB92C1);
constexpr Uid kIMidiLearnIid = aicp::platform::makeUid(0x6B2449CC, 0x419740B5, 0xAB3C79DA, 0xC5FE5C86);
constexpr Uid kINoteExpressionControllerIid = aicp::platform::makeUid(0xB7F8F859, 0x41234872, 0x91169581, 0x4F3721A3);
constexpr Uid kIKeyswitchControllerIid = aicp::platform::makeUid(0x1F2F76D3, 0xBFFB4B96, 0xB99527A5, 0x5EBCCEF4);

constexpr int kMaxBlock = 1024;

// What every conformance test checks when it ends (nothing allocated, locked, waited for or written on the audio
// thread), and the helpers they share.
class ConformanceTest : public ::testing::Test {
protected:
    // One process() call on the audio-thread marker, so the interposed malloc (and lock, wait and write functions)
    // count anything it does.
    static tresult processCounted(Loaded& p, ProcessData& data) {
        markAudioThread(true);
        tresult r = p.processor->process(data);
        markAudioThread(false);
        return r;
    }
    static ParamID paramAt(Loaded& p, int index) {
        ParameterInfo info{};
        p.controller->getParameterInfo(index, info);
        return info.id;
    }
    uint64_t allocationsBefore_ = audioThreadAllocations();
    uint64_t waitsAndIoBefore_ = audioThreadWaitsAndIo();
    void TearDown() override {
        EXPECT_EQ(audioThreadAllocations(), allocationsBefore_) << "process() allocated";
        EXPECT_EQ(audioThreadWaitsAndIo(), waitsAndIoBefore_) << "process() locked, waited, slept or wrote";
    }
};

// The scanning tests: nothing in them depends on the sample size, so they run once.
class ValidatorScan : public ConformanceTest {};

// The life-cycle and processing tests, each in 32-bit and 64-bit samples.
class Validator : public ConformanceTest, public ::testing::WithParamInterface<bool> {
protected:
    bool sample64() const { return GetParam(); }
    int32 sampleSize() const { return sample64() ? kSample64 : kSample32; }

    // setupProcessing + setActive + setProcessing, as the validator's processing tests do before each test.
    void start(Loaded& p, int maxBlock = kMaxBlock) {
        ProcessSetup setup{kRealtime, sampleSize(), maxBlock, 48000};
        ASSERT_EQ(p.processor->canProcessSampleSize(sampleSize()), kResultTrue);
        ASSERT_EQ(p.processor->setupProcessing(setup), kResultOk);
        ASSERT_EQ(p.component->setActive(1), kResultOk);
        p.processor->setProcessing(1);
    }
    void stop(Loaded& p) {
        p.processor->setProcessing(0);
        ASSERT_EQ(p.component->setActive(0), kResultOk);
    }
};

// The interface is refused the way the specification asks: kNoInterface and a null out-pointer.
void expectNoInterface(FUnknown* object, const Uid& iid) {
    void* out = reinterpret_cast<void*>(1);
    EXPECT_EQ(object->queryInterface(reinterpret_cast<const char*>(iid.bytes), &out), kNoInterface);
    EXPECT_EQ(out, nullptr);
}

std::string sizeName(const ::testing::TestParamInfo<bool>& info) { return info.param ? "Sample64" : "Sample32"; }

}  // namespace

// ---- Scanning ----

TEST_F(ValidatorScan, ScanBuses) {
    Loaded p;
    EXPECT_EQ(p.component->getBusCount(kAudio, kInput), 0);
    EXPECT_EQ(p.component->getBusCount(kAudio, kOutput), 1);
    EXPECT_EQ(p.component->getBusCount(kEvent, kInput), 1);
    EXPECT_EQ(p.component->getBusCount(kEvent, kOutput), 1);
    for (MediaType type : {kAudio, kEvent})
        for (BusDirection dir : {kInput, kOutput})
            for (int32 i = 0; i < p.component->getBusCount(type, dir); ++i) {
                BusInfo info{};
                ASSERT_EQ(p.component->getBusInfo(type, dir, i, info), kResultOk);
                EXPECT_EQ(info.mediaType, type);
                EXPECT_EQ(info.direction, dir);
                EXPECT_NE(info.name[0], 0) << "every bus has a name";
                EXPECT_GT(info.channelCount, 0);
            }
    BusInfo none{};
    EXPECT_NE(p.component->getBusInfo(kAudio, kInput, 0, none), kResultOk);
    EXPECT_NE(p.component->getBusInfo(kEvent, kOutput, 1, none), kResultOk);
}

TEST_F(ValidatorScan, ScanParameters) {
    Loaded p;
    const int count = p.controller->getParameterCount();
    ASSERT_GT(count, 0);
    std::vector<ParamID> ids;
    for (int i = 0; i < count; ++i) {
        ParameterInfo info{};
        ASSERT_EQ(p.controller->getParameterInfo(i, info), kResultOk);
        EXPECT_NE(info.title[0], 0);
        EXPECT_GE(info.stepCount, 0);
        EXPECT_GE(info.defaultNormalizedValue, 0.0);
        EXPECT_LE(info.defaultNormalizedValue, 1.0);
        EXPECT_LT(info.id, 0x80000000u) << "IDs with the top bit set are reserved for hosts";
        for (ParamID seen : ids) EXPECT_NE(seen, info.id) << "parameter IDs are unique";
        ids.push_back(info.id);
        EXPECT_NEAR(p.controller->getParamNormalized(info.id), info.defaultNormalizedValue, 1e-9) << "starts at its default";
    }
}

TEST_F(ValidatorScan, ScanUnits) {
    Loaded p;
    expectNoInterface(p.controller, kIUnitInfoIid);
    for (int i = 0; i < p.controller->getParameterCount(); ++i) {
        ParameterInfo info{};
        p.controller->getParameterInfo(i, info);
        EXPECT_EQ(info.unitId, 0) << "without IUnitInfo every parameter belongs to the root unit";
    }
}

TEST_F(ValidatorScan, CheckUnitStructure) {
    // The root unit is implicit; with no IUnitInfo there is no structure to be inconsistent. What can go wrong is a
    // parameter pointing at a unit that does not exist:
    Loaded p;
    for (int i = 0; i < p.controller->getParameterCount(); ++i) {
        ParameterInfo info{};
        p.controller->getParameterInfo(i, info);
        EXPECT_EQ(info.unitId, 0);
    }
}

TEST_F(ValidatorScan, ScanPrograms) {
    Loaded p;
    for (int i = 0; i < p.controller->getParameterCount(); ++i) {
        ParameterInfo info{};
        p.controller->getParameterInfo(i, info);
        EXPECT_EQ(info.flags & ParameterInfo::kIsProgramChange, 0) << "no program lists, so no program-change parameter";
    }
}

TEST_F(ValidatorScan, ScanEditorClasses) {
    Loaded p;
    TUID controllerClass{};
    // One object is both component and controller: it names no separate controller class.
    EXPECT_NE(p.component->getControllerClassId(controllerClass), kResultOk);
    EXPECT_EQ(p.controller->createView("not-a-view-type"), nullptr);
    IPlugView* view = p.controller->createView("editor");
    ASSERT_NE(view, nullptr) << "the engine is there, so the editor is";
    EXPECT_EQ(p.controller->createView("editor"), nullptr) << "one editor at a time";
    EXPECT_EQ(view->isPlatformTypeSupported(kPlatformTypeX11EmbedWindowID), kResultTrue);
    EXPECT_EQ(view->isPlatformTypeSupported("HWND"), kResultFalse);
    ViewRect size{};
    ASSERT_EQ(view->getSize(&size), kResultOk);
    EXPECT_EQ(size.right - size.left, 900);
    EXPECT_EQ(size.bottom - size.top, 560);
    ViewRect tiny{0, 0, 10, 10};
    EXPECT_EQ(view->checkSizeConstraint(&tiny), kResultTrue);
    EXPECT_GE(tiny.right, 740) << "too small a size is raised to the minimum";
    EXPECT_EQ(view->canResize(), kResultTrue);
    // A parent that does not exist (or no X display at all) is refused, never a crash of the host.
    EXPECT_EQ(view->attached(reinterpret_cast<void*>(uintptr_t(0x7FFFFFF0)), kPlatformTypeX11EmbedWindowID), kResultFalse);
    EXPECT_EQ(view->attached(nullptr, kPlatformTypeX11EmbedWindowID), kResultFalse);
    EXPECT_EQ(view->removed(), kResultOk);
    view->release();
    view = p.controller->createView("editor");
    EXPECT_NE(view, nullptr) << "a new editor once the old one is gone";
    if (view) view->release();
}

TEST_F(ValidatorScan, BusConsistency) {
    Loaded p;
    // Asking twice gives the same answer, and the arrangement matches the channel count.
    BusInfo first{}, second{};
    ASSERT_EQ(p.component->getBusInfo(kAudio, kOutput, 0, first), kResultOk);
    ASSERT_EQ(p.component->getBusInfo(kAudio, kOutput, 0, second), kResultOk);
    EXPECT_EQ(0, std::memcmp(&first, &second, sizeof first));
    SpeakerArrangement arrangement = 0;
    ASSERT_EQ(p.processor->getBusArrangement(kOutput, 0, arrangement), kResultOk);
    EXPECT_EQ(__builtin_popcountll(arrangement), first.channelCount);
}

TEST_P(Validator, BusActivation) {
    Loaded p;
    for (MediaType type : {kAudio, kEvent})
        for (BusDirection dir : {kInput, kOutput})
            for (int32 i = 0; i < p.component->getBusCount(type, dir); ++i) {
                EXPECT_EQ(p.component->activateBus(type, dir, i, 0), kResultOk);
                EXPECT_EQ(p.component->activateBus(type, dir, i, 1), kResultOk);
            }
    EXPECT_NE(p.component->activateBus(kAudio, kInput, 0, 1), kResultOk) << "there is no audio input to activate";
    start(p);
    StereoBlock b(kMaxBlock, sample64());
    EXPECT_EQ(processCounted(p, b.block(256)), kResultOk);
    stop(p);
}

TEST_F(ValidatorScan, CheckAudioBusArrangement) {
    Loaded p;
    SpeakerArrangement stereo = kStereo, mono = 1, surround = 0x3F, none = 0;
    EXPECT_EQ(p.processor->setBusArrangements(nullptr, 0, &stereo, 1), kResultTrue);
    EXPECT_EQ(p.processor->setBusArrangements(nullptr, 0, &mono, 1), kResultFalse);
    EXPECT_EQ(p.processor->setBusArrangements(nullptr, 0, &surround, 1), kResultFalse);
    EXPECT_EQ(p.processor->setBusArrangements(&stereo, 1, &stereo, 1), kResultFalse) << "no audio input bus";
    EXPECT_EQ(p.processor->setBusArrangements(nullptr, 0, &none, 1), kResultFalse);
    SpeakerArrangement after = 0;
    ASSERT_EQ(p.processor->getBusArrangement(kOutput, 0, after), kResultOk);
    EXPECT_EQ(after, kStereo) << "a refused arrangement leaves the accepted one in place";
}

TEST_F(ValidatorScan, SideChainArrangement) {
    Loaded p;
    for (int32 i = 0; i < p.component->getBusCount(kAudio, kInput); ++i) {
        BusInfo info{};
        p.component->getBusInfo(kAudio, kInput, i, info);
        EXPECT_NE(info.busType, kAux);
    }
    SpeakerArrangement stereo = kStereo;
    SpeakerArrangement inputs[2] = {kStereo, kStereo};
    EXPECT_EQ(p.processor->setBusArrangements(inputs, 2, &stereo, 1), kResultFalse) << "no side-chain inputs";
}

TEST_F(ValidatorScan, MIDIMapping) {
    Loaded p;
    auto* mapping = query<IMidiMapping>(p.controller, kIMidiMappingIid);
    ASSERT_NE(mapping, nullptr);
    ParamID id = 0;
    ASSERT_EQ(mapping->getMidiControllerAssignment(0, 0, 64, id), kResultTrue);
    EXPECT_EQ(id, p.id("Sustain pedal"));
    ASSERT_EQ(mapping->getMidiControllerAssignment(0, 0, 20, id), kResultTrue);
    EXPECT_EQ(id, p.id("Suggest now"));
    EXPECT_EQ(mapping->getMidiControllerAssignment(0, 0, 7, id), kResultFalse);
    EXPECT_EQ(mapping->getMidiControllerAssignment(1, 0, 64, id), kResultFalse) << "only event bus 0 exists";
    // Every mapped parameter exists.
    int mapped = 0;
    for (int16 channel = 0; channel < 16; ++channel)
        for (CtrlNumber cc = 0; cc < 130; ++cc)
            if (mapping->getMidiControllerAssignment(0, channel, cc, id) == kResultTrue) {
                ParameterInfo info{};
                bool found = false;
                for (int i = 0; i < p.controller->getParameterCount(); ++i)
                    if (p.controller->getParameterInfo(i, info) == kResultOk && info.id == id) found = true;
                EXPECT_TRUE(found) << "CC " << cc << " maps to an unknown parameter";
                ++mapped;
            }
    EXPECT_EQ(mapped, 2 * 16);
    mapping->release();
}

TEST_F(ValidatorScan, MIDILearn) {
    Loaded p;
    expectNoInterface(p.controller, kIMidiLearnIid);
}

TEST_F(ValidatorScan, NoteExpression) {
    Loaded p;
    expectNoInterface(p.controller, kINoteExpressionControllerIid);
}

TEST_F(ValidatorScan, Keyswitch) {
    Loaded p;
    expectNoInterface(p.controller, kIKeyswitchControllerIid);
}

TEST_F(ValidatorScan, ProcessContextRequirements) {
    Loaded p;
    auto* requirements = query<IProcessContextRequirements>(p.component, kIProcessContextRequirementsIid);
    ASSERT_NE(requirements, nullptr);
    uint32 flags = requirements->getProcessContextRequirements();
    using R = IProcessContextRequirements;
    for (uint32 needed : {uint32(R::kNeedProjectTimeMusic), uint32(R::kNeedTempo), uint32(R::kNeedTimeSignature), uint32(R::kNeedTransportState)})
        EXPECT_TRUE(flags & needed) << "a musical clock needs flag " << needed;
    EXPECT_EQ(flags & ~uint32((1u << 11) - 1), 0u) << "no undefined flags";
    requirements->release();
}

// ---- Life cycle ----

TEST_P(Validator, ValidStateTransition) {
    Loaded p;
    // initialize -> setupProcessing -> setActive -> setProcessing -> back down, in every allowed order of repeats,
    // then terminate/initialize, five rounds.
    for (int round = 0; round < 5; ++round) {
        start(p);
        StereoBlock b(kMaxBlock, sample64());
        EXPECT_EQ(processCounted(p, b.block(kMaxBlock)), kResultOk);
        p.processor->setProcessing(0);
        p.processor->setProcessing(1);  // processing can restart without deactivating
        EXPECT_EQ(processCounted(p, b.block(64)), kResultOk);
        stop(p);
        if (round % 2) {
            EXPECT_EQ(p.component->terminate(), kResultOk);
            EXPECT_EQ(p.component->initialize(nullptr), kResultOk);
        }
    }
}

TEST_P(Validator, SuspendResume) {
    Loaded p;
    StereoBlock b(kMaxBlock, sample64());
    for (int round = 0; round < 5; ++round) {
        start(p);
        for (int i = 0; i < 8; ++i) EXPECT_EQ(processCounted(p, b.block(256)), kResultOk);
        stop(p);  // suspend
        ProcessSetup other{kRealtime, sampleSize(), 512, round % 2 ? 96000.0 : 44100.0};
        EXPECT_EQ(p.processor->setupProcessing(other), kResultOk) << "a new rate or block size while suspended";
        ASSERT_EQ(p.component->setActive(1), kResultOk);  // resume
        p.processor->setProcessing(1);
        EXPECT_EQ(processCounted(p, b.block(512)), kResultOk);
        stop(p);
    }
}

TEST_P(Validator, TerminateInitialize) {
    Loaded p;
    for (int round = 0; round < 10; ++round) {
        ASSERT_EQ(p.component->terminate(), kResultOk);
        ASSERT_EQ(p.component->initialize(nullptr), kResultOk);
    }
    EXPECT_EQ(p.controller->getParameterCount(), AICP_PARAM_COUNT) << "a re-initialized instance is whole";
    start(p);
    StereoBlock b(kMaxBlock, sample64());
    EXPECT_EQ(processCounted(p, b.block(128)), kResultOk);
    stop(p);
}

// ---- Processing ----

TEST_P(Validator, ProcessTest) {
    Loaded p;
    start(p);
    StereoBlock b(kMaxBlock, sample64());
    EventList in(64), out(512);
    b.data.inputEvents = &in;
    b.data.outputEvents = &out;
    Event on{};
    on.type = Event::kNoteOnEvent;
    on.sampleOffset = 10;
    on.noteOn = NoteOnEvent{0, 60, 0, 0.8f, 0, -1};
    in.addEvent(on);
    ASSERT_EQ(processCounted(p, b.block(kMaxBlock)), kResultOk);
    ASSERT_EQ(out.getEventCount(), 1) << "the played note passes through";
    EXPECT_EQ(out.at(0).type, Event::kNoteOnEvent);
    EXPECT_EQ(out.at(0).sampleOffset, 10);
    EXPECT_TRUE(b.silent(kMaxBlock)) << "the preview synth is silent until it auditions something";
    stop(p);
}

TEST_P(Validator, ProcessFormat) {
    Loaded p;
    ProcessSetup setup{kRealtime, sampleSize(), kMaxBlock, 48000};
    ASSERT_EQ(p.processor->setupProcessing(setup), kResultOk);
    ASSERT_EQ(p.component->setActive(1), kResultOk);
    p.processor->setProcessing(1);
    StereoBlock b(kMaxBlock, sample64());
    ASSERT_EQ(processCounted(p, b.block(kMaxBlock)), kResultOk);
    // Only the buffers of the announced format are written: the other format's buffers keep their 1.0 fill.
    if (sample64()) EXPECT_EQ(b.l32[0], 1.f); else EXPECT_EQ(b.l64[0], 1.0);
    EXPECT_TRUE(b.silent(kMaxBlock));
    stop(p);
}

TEST_P(Validator, VariableBlockSize) {
    Loaded p;
    start(p);
    StereoBlock b(kMaxBlock, sample64());
    std::mt19937 random(sample64() ? 64 : 32);
    for (int i = 0; i < 500; ++i) {
        int n = i < 2 ? (i == 0 ? 1 : kMaxBlock) : 1 + int(random() % kMaxBlock);
        ASSERT_EQ(processCounted(p, b.block(n)), kResultOk) << n;
        EXPECT_TRUE(b.silent(n));
    }
    stop(p);
}

TEST_P(Validator, SilenceFlags) {
    Loaded p;
    start(p);
    StereoBlock b(kMaxBlock, sample64());
    b.bus.silenceFlags = 0;
    ASSERT_EQ(processCounted(p, b.block(256)), kResultOk);
    EXPECT_EQ(b.bus.silenceFlags, 0x3u) << "both silent output channels are flagged";
    stop(p);
}

TEST_P(Validator, SilenceProcessing) {
    Loaded p;
    start(p);
    StereoBlock b(kMaxBlock, sample64());
    for (int i = 0; i < 50; ++i) {
        b.bus.silenceFlags = ~0ull;  // hosts may pass stale flags in
        ASSERT_EQ(processCounted(p, b.block(256)), kResultOk);
        EXPECT_TRUE(b.silent(256));
        EXPECT_EQ(b.bus.silenceFlags, 0x3u) << "only existing channels are flagged";
    }
    stop(p);
}

TEST_P(Validator, ProcessFunctionRunningInAnotherThread) {
    Loaded p;
    start(p);
    std::atomic<int> ok{0};
    std::thread audio([&] {
        StereoBlock b(kMaxBlock, sample64());
        EventList in(64), out(512);
        b.data.inputEvents = &in;
        b.data.outputEvents = &out;
        for (int i = 0; i < 200; ++i) {
            in.clear();
            out.clear();
            Event on{};
            on.type = i % 2 ? Event::kNoteOffEvent : Event::kNoteOnEvent;
            if (i % 2) on.noteOff = NoteOffEvent{0, 64, 0, -1, 0}; else on.noteOn = NoteOnEvent{0, 64, 0, 0.7f, 0, -1};
            in.addEvent(on);
            ok += processCounted(p, b.block(128)) == kResultOk && out.getEventCount() == 1;
        }
    });
    audio.join();
    EXPECT_EQ(ok.load(), 200);
    stop(p);
}

TEST_P(Validator, ParametersFlushNoBuffer) {
    Loaded p;
    start(p);
    ParameterChanges changes;
    changes.add(p.id("Bars"), 0, p.controller->plainParamToNormalized(p.id("Bars"), 8));
    ProcessData flush{};
    flush.symbolicSampleSize = sampleSize();
    flush.inputParameterChanges = &changes;
    ASSERT_EQ(processCounted(p, flush), kResultOk);
    EXPECT_EQ(p.plain("Bars"), 8) << "a flush applies its parameter changes";
    stop(p);
}

TEST_P(Validator, ParametersFlush2NoBufferNoParameterChange) {
    Loaded p;
    start(p);
    ProcessData flush{};
    flush.symbolicSampleSize = sampleSize();
    for (int i = 0; i < 10; ++i) ASSERT_EQ(processCounted(p, flush), kResultOk);
    EventList in(8);
    flush.inputEvents = &in;  // events but nowhere to write them out
    Event on{};
    on.type = Event::kNoteOnEvent;
    on.noteOn = NoteOnEvent{0, 60, 0, 0.8f, 0, -1};
    in.addEvent(on);
    ASSERT_EQ(processCounted(p, flush), kResultOk);
    stop(p);
}

TEST_P(Validator, ParametersFlush2OnlyNumChannelZero) {
    Loaded p;
    start(p);
    AudioBusBuffers bus{};
    bus.numChannels = 0;
    ProcessData data{};
    data.symbolicSampleSize = sampleSize();
    data.numOutputs = 1;
    data.outputs = &bus;
    data.numSamples = 0;
    ASSERT_EQ(processCounted(p, data), kResultOk);
    data.numSamples = 256;  // zero channels but a length: nothing to write, nothing to crash on
    ASSERT_EQ(processCounted(p, data), kResultOk);
    stop(p);
}

TEST_P(Validator, ParameterBypassPersistence) {
    std::vector<uint8_t> saved;
    {
        Loaded a;
        ParamID bypass = 0;
        for (int i = 0; i < a.controller->getParameterCount(); ++i) {
            ParameterInfo info{};
            a.controller->getParameterInfo(i, info);
            if (info.flags & ParameterInfo::kIsBypass) bypass = info.id;
        }
        ASSERT_EQ(bypass, a.id("Bypass"));
        start(a);
        ParameterChanges changes;  // bypass switched on from the audio side, as automation would
        changes.add(bypass, 17, 1.0);
        StereoBlock b(kMaxBlock, sample64());
        b.data.inputParameterChanges = &changes;
        ASSERT_EQ(processCounted(a, b.block(64)), kResultOk);
        stop(a);
        MemoryStream s;
        ASSERT_EQ(a.component->getState(&s), kResultOk);
        saved = s.data;
    }
    Loaded b;
    MemoryStream s;
    s.data = saved;
    ASSERT_EQ(b.component->setState(&s), kResultOk);
    EXPECT_EQ(b.plain("Bypass"), 1);
    MemoryStream controllerSide;  // the controller's own state call must not undo it
    controllerSide.data = saved;
    b.controller->setState(&controllerSide);
    EXPECT_EQ(b.plain("Bypass"), 1);
}

TEST_P(Validator, Accuracy) {
    Loaded p;
    start(p);
    StereoBlock b(kMaxBlock, sample64());
    ParameterChanges changes;
    b.data.inputParameterChanges = &changes;
    const int count = p.controller->getParameterCount();
    // One, several and all parameters; points at block level and every N samples; the last point wins.
    for (int which : {1, 4, count}) {
        for (int every : {0, 1, 16, 100}) {
            changes.clear();
            std::vector<std::pair<ParamID, double>> last;
            for (int i = 0; i < which; ++i) {
                ParamID id = paramAt(p, i);
                if (id == p.id("Bypass") || id == p.id("Suggest now")) continue;
                double value = 0;
                for (int point = 0, offset = 0; point < 60 && offset < 256; ++point, offset += every) {
                    value = std::fmod(0.37 * (point + 1) + 0.11 * i, 1.0);
                    changes.add(id, offset, value);
                    if (every == 0) break;
                }
                last.emplace_back(id, value);
            }
            ASSERT_EQ(processCounted(p, b.block(256)), kResultOk);
            for (auto& [id, value] : last) {
                // Stepped parameters land on their nearest step: compare in plain units.
                double want = p.controller->normalizedParamToPlain(id, value);
                double got = p.controller->normalizedParamToPlain(id, p.controller->getParamNormalized(id));
                EXPECT_NEAR(got, want, std::abs(want) * 1e-6 + 1e-6) << "parameter " << id << ", a point every " << every;
            }
        }
    }
    stop(p);
}

INSTANTIATE_TEST_SUITE_P(BothSampleSizes, Validator, ::testing::Values(false, true), sizeName);
