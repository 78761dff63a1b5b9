// The real bundle (built by build.sh) loaded as a DAW loads it, driven by the project's host.
#include <gtest/gtest.h>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <random>
#include <unistd.h>
#include <string>
#include <thread>
#include "alloc_counter.h"
#include "host_objects.h"
#include "host_session.h"
#include "plugin_loader.h"

using namespace aicphost;
using namespace vst3;

namespace {

SessionOptions phraseOptions() {
    SessionOptions o;
    o.bundle = AICP_BUNDLE;
    o.midiPath = std::string(AICP_EXAMPLES) + "/phrase.mid";
    o.tailSeconds = 10;
    o.speed = 8;  // fast, but slow enough for the engine thread to answer before the next bar line
    return o;
}

// Runs aicp-host in a child process (for what must not share this process: a missing engine is remembered per
// process) and returns its JSON report.
std::string runHost(const std::string& env, const std::string& args) {
    std::string command = env + " " + AICP_HOST + " " + AICP_BUNDLE + " --midi " + AICP_EXAMPLES + "/phrase.mid " + args + " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return {};
    std::string out;
    char buffer[4096];
    while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    pclose(pipe);
    return out;
}

double jsonNumber(const std::string& json, const std::string& key) {
    size_t at = json.find("\"" + key + "\":");
    if (at == std::string::npos) return std::nan("");
    return std::strtod(json.c_str() + at + key.size() + 3, nullptr);
}

struct Loaded {
    PluginModule module;
    IComponent* component = nullptr;
    IAudioProcessor* processor = nullptr;
    IEditController* controller = nullptr;
    Loaded() {
        module.load(AICP_BUNDLE);
        component = module.createComponent();
        component->initialize(nullptr);
        processor = query<IAudioProcessor>(component, kIAudioProcessorIid);
        controller = query<IEditController>(component, kIEditControllerIid);
    }
    ~Loaded() {
        component->terminate();
        controller->release();
        processor->release();
        component->release();
    }
    ParamID id(const char* title) {
        for (int i = 0; i < controller->getParameterCount(); ++i) {
            ParameterInfo info{};
            controller->getParameterInfo(i, info);
            std::string t;
            for (int k = 0; info.title[k]; ++k) t.push_back(char(info.title[k]));
            if (t == title) return info.id;
        }
        ADD_FAILURE() << "no parameter " << title;
        return 0;
    }
    double plain(const char* title) { ParamID p = id(title); return controller->normalizedParamToPlain(p, controller->getParamNormalized(p)); }
    void set(const char* title, double plain) { ParamID p = id(title); controller->setParamNormalized(p, controller->plainParamToNormalized(p, plain)); }
};

}  // namespace

TEST(Plugin, AnswersAPhraseInTimeWithoutStuckNotesOrAudioThreadAllocations) {
    SessionReport r = runSession(phraseOptions());
    EXPECT_TRUE(r.engineAvailable);
    EXPECT_EQ(r.notesIn, 29);
    EXPECT_GT(r.suggestedNotes, 4);
    EXPECT_EQ(r.notesOut, r.notesIn + r.suggestedNotes);  // thru on: every note played comes out too
    EXPECT_EQ(r.stuckNotes, 0);
    EXPECT_EQ(r.audioThreadAllocations, 0u);
    EXPECT_EQ(r.liveInstancesAfter, 0);
    EXPECT_EQ(r.latenciesMs.size(), 1u);
}

TEST(Plugin, ManyInstancesRandomBlocksDoublePrecisionOtherThreadStayRealTimeSafe) {
    SessionOptions o = phraseOptions();
    o.instances = 3;
    o.randomBlockSizes = true;
    o.blockSize = 1024;
    o.sample64 = true;
    o.processOnOtherThread = true;
    o.sampleRate = 44100;
    SessionReport r = runSession(o);
    EXPECT_EQ(r.audioThreadAllocations, 0u);
    EXPECT_EQ(r.stuckNotes, 0);
    EXPECT_GT(r.suggestedNotes, 3 * 4);  // each instance answers on its own
    EXPECT_EQ(r.liveInstancesAfter, 0);
}

TEST(Plugin, ParametersAreDescribedAndAbsurdValuesAreClamped) {
    Loaded p;
    EXPECT_EQ(p.controller->getParameterCount(), 16);
    int bypassCount = 0;
    for (int i = 0; i < p.controller->getParameterCount(); ++i) {
        ParameterInfo info{};
        ASSERT_EQ(p.controller->getParameterInfo(i, info), kResultOk);
        EXPECT_TRUE(info.flags & ParameterInfo::kCanAutomate);
        bypassCount += (info.flags & ParameterInfo::kIsBypass) != 0;
        String128 text{};
        EXPECT_EQ(p.controller->getParamStringByValue(info.id, info.defaultNormalizedValue, text), kResultOk);
        EXPECT_NE(text[0], 0);
    }
    EXPECT_EQ(bypassCount, 1);
    EXPECT_EQ(p.controller->getParameterInfo(99, *std::make_unique<ParameterInfo>()), kInvalidArgument);
    p.controller->setParamNormalized(p.id("Bars"), std::nan(""));
    EXPECT_EQ(p.plain("Bars"), 4);
    p.controller->setParamNormalized(p.id("Bars"), 1e300);
    EXPECT_EQ(p.plain("Bars"), 16);
    p.controller->setParamNormalized(p.id("Temperature"), -INFINITY);
    EXPECT_NEAR(p.plain("Temperature"), 1.0, 1e-9);
    // Ardour sets plain values through normalizedParamToPlain: 24 steps would map 0.75 to 18, here Bars 1..16.
    EXPECT_EQ(p.controller->normalizedParamToPlain(p.id("Bars"), 0.5), 9);
}

TEST(Plugin, StateRoundTripsAndDamagedOrFutureStateLoadsDefaults) {
    std::vector<uint8_t> saved;
    {
        Loaded a;
        a.set("Bars", 8);
        a.set("Mode", 2);
        a.set("Bypass", 1);
        a.set("Temperature", 0.6);
        MemoryStream stream;
        ASSERT_EQ(a.component->getState(&stream), kResultOk);
        saved = stream.data;
    }
    ASSERT_GT(saved.size(), 24u);
    {
        Loaded b;
        MemoryStream stream;
        stream.data = saved;
        ASSERT_EQ(b.component->setState(&stream), kResultOk);
        EXPECT_EQ(b.plain("Bars"), 8);
        EXPECT_EQ(b.plain("Mode"), 2);
        EXPECT_EQ(b.plain("Bypass"), 1);  // the bypass parameter survives save and load
        EXPECT_NEAR(b.plain("Temperature"), 0.6, 1e-9);
        MemoryStream again;
        ASSERT_EQ(b.component->getState(&again), kResultOk);
        EXPECT_EQ(again.data, saved);
    }
    for (int damage = 0; damage < 3; ++damage) {
        Loaded c;
        c.set("Bars", 12);
        MemoryStream stream;
        stream.data = saved;
        if (damage == 0) stream.data[stream.data.size() / 2] ^= 0x55;   // corrupt
        if (damage == 1) stream.data.resize(stream.data.size() / 3);      // truncated
        if (damage == 2) stream.data[8] = 99;                              // a future version
        EXPECT_EQ(c.component->setState(&stream), kResultOk);  // the plug-in keeps working...
        EXPECT_EQ(c.plain("Bars"), 4);                          // ...on defaults
        EXPECT_EQ(c.plain("Bypass"), 0);
    }
}

TEST(Plugin, LearnedStyleIsSavedAndRestored) {
    std::vector<uint8_t> untrained, trained;
    {
        Loaded fresh;
        MemoryStream s;
        fresh.component->getState(&s);
        untrained = s.data;
    }
    {
        // Play the example phrase into one instance, in fast real time, and let it answer.
        Loaded a;
        ProcessSetup setup{kRealtime, kSample32, 512, 48000};
        a.processor->setupProcessing(setup);
        a.component->setActive(1);
        a.processor->setProcessing(1);
        MidiFileData midi = readMidiFile(std::string(AICP_EXAMPLES) + "/phrase.mid");
        EventList in(256), out(1024);
        std::vector<float> l(512), r(512);
        float* ch[2] = {l.data(), r.data()};
        size_t next = 0;
        for (int64_t pos = 0; pos < 48000 * 16; pos += 512) {
            in.clear();
            out.clear();
            while (next < midi.events.size() && int64_t(midi.events[next].seconds * 48000) < pos + 512) {
                const MidiEventIn& m = midi.events[next++];
                Event e{};
                e.sampleOffset = int32_t(std::max<int64_t>(0, int64_t(m.seconds * 48000) - pos));
                if ((m.status & 0xF0) == 0x90) { e.type = Event::kNoteOnEvent; e.noteOn = NoteOnEvent{0, int16_t(m.data1), 0, m.data2 / 127.f, 0, -1}; }
                else if ((m.status & 0xF0) == 0x80) { e.type = Event::kNoteOffEvent; e.noteOff = NoteOffEvent{0, int16_t(m.data1), 0, -1, 0}; }
                else continue;
                in.addEvent(e);
            }
            ProcessContext context{};
            context.state = ProcessContext::kPlaying | ProcessContext::kTempoValid | ProcessContext::kProjectTimeMusicValid | ProcessContext::kTimeSigValid;
            context.tempo = 100;
            context.projectTimeMusic = pos / 48000.0 * 100 / 60;
            context.timeSigNumerator = 4;
            context.timeSigDenominator = 4;
            AudioBusBuffers bus{};
            bus.numChannels = 2;
            bus.channelBuffers32 = ch;
            ProcessData data{};
            data.numSamples = 512;
            data.numOutputs = 1;
            data.outputs = &bus;
            data.inputEvents = &in;
            data.outputEvents = &out;
            data.processContext = &context;
            a.processor->process(data);
            std::this_thread::sleep_for(std::chrono::microseconds(1500));
        }
        a.processor->setProcessing(0);
        a.component->setActive(0);
        MemoryStream s;
        a.component->getState(&s);
        trained = s.data;
    }
    EXPECT_GT(trained.size(), untrained.size() + 100) << "the style model should have learned the phrase";
    Loaded b;
    MemoryStream in;
    in.data = trained;
    ASSERT_EQ(b.component->setState(&in), kResultOk);
    MemoryStream out;
    b.component->getState(&out);
    EXPECT_EQ(out.data, trained);
}

TEST(Plugin, LifecycleInEveryOrderAndDegenerateProcessCalls) {
    Loaded p;
    ProcessSetup setup{kRealtime, kSample32, 8192, 192000};
    ASSERT_EQ(p.processor->setupProcessing(setup), kResultOk);
    ProcessSetup absurd{kRealtime, kSample32, 100000, 1e12};
    EXPECT_EQ(p.processor->setupProcessing(absurd), kResultFalse);
    EXPECT_EQ(p.processor->canProcessSampleSize(kSample64), kResultTrue);
    SpeakerArrangement mono = 1, stereo = kStereo;
    EXPECT_EQ(p.processor->setBusArrangements(nullptr, 0, &mono, 1), kResultFalse);
    EXPECT_EQ(p.processor->setBusArrangements(nullptr, 0, &stereo, 1), kResultTrue);
    for (int cycle = 0; cycle < 20; ++cycle) {
        p.component->setActive(1);
        p.component->setActive(1);  // repeated calls are harmless
        p.processor->setProcessing(1);
        ProcessData flush{};        // a parameter flush: no buffers, no events, zero samples
        markAudioThread(true);
        p.processor->process(flush);
        ProcessData zeroChannels{};
        AudioBusBuffers bus{};
        zeroChannels.numOutputs = 1;
        zeroChannels.outputs = &bus;
        zeroChannels.numSamples = 64;
        p.processor->process(zeroChannels);
        markAudioThread(false);
        p.processor->setProcessing(0);
        p.processor->setProcessing(0);
        p.component->setActive(0);
    }
    for (int cycle = 0; cycle < 10; ++cycle) {  // terminate/initialize cycles on one object
        p.component->terminate();
        ASSERT_EQ(p.component->initialize(nullptr), kResultOk);
    }
}

TEST(Plugin, WithoutItsEngineThePluginLoadsAndPassesMidiThrough) {
    for (const char* engine : {"/nonexistent/AiCoPilotEngine.so", "/etc/hostname"}) {
        std::string json = runHost(std::string("AICOPILOT_ENGINE=") + engine, "--tail 2");
        ASSERT_FALSE(json.empty()) << engine;
        EXPECT_EQ(json.find("\"engine_available\": true"), std::string::npos) << json;
        EXPECT_EQ(jsonNumber(json, "notes_in"), 29);
        EXPECT_EQ(jsonNumber(json, "notes_out"), 29);
        EXPECT_EQ(jsonNumber(json, "suggested_notes"), 0);
        EXPECT_EQ(jsonNumber(json, "stuck_notes"), 0);
    }
}

TEST(Plugin, BypassPassesEverythingThroughAndSuggestsNothing) {
    SessionOptions o = phraseOptions();
    o.params = {{"bypass", 1}, {"thru", 0}};
    SessionReport r = runSession(o);
    EXPECT_EQ(r.suggestedNotes, 0);
    EXPECT_EQ(r.notesOut, r.notesIn);
    EXPECT_EQ(r.stuckNotes, 0);
}

TEST(Plugin, ThruOffSendsOnlySuggestions) {
    SessionOptions o = phraseOptions();
    o.params = {{"thru", 0}};
    SessionReport r = runSession(o);
    EXPECT_GT(r.suggestedNotes, 0);
    EXPECT_EQ(r.notesOut, r.suggestedNotes);
}

TEST(Plugin, AnswersWhileTheTransportIsStoppedOnItsOwnClock) {
    SessionOptions o = phraseOptions();
    o.stopped = true;
    o.tailSeconds = 14;  // long enough for the whole answer: nothing stops it but its own end
    SessionReport r = runSession(o);
    EXPECT_GT(r.suggestedNotes, 4);
    EXPECT_EQ(r.stuckNotes, 0);
    EXPECT_EQ(r.audioThreadAllocations, 0u);
}

TEST(Plugin, LoopingTransportNeverBurstsStaleSuggestionsOrStrandsNotes) {
    // The phrase fills bars 1-4; the loop wraps at bar 6, in the middle of the answer (which starts at bar 6).
    SessionOptions o = phraseOptions();
    o.loopStartPpq = 0;
    o.loopEndPpq = 22;
    o.tailSeconds = 20;
    SessionReport r = runSession(o);
    EXPECT_EQ(r.stuckNotes, 0);
    EXPECT_LE(r.maxNoteOnsInOneBlock, 8) << "a jump must not release a burst of queued notes";
    EXPECT_EQ(r.audioThreadAllocations, 0u);
}

TEST(Plugin, TheModelLoadsInTheBackgroundAndAMissingOrCorruptModelFallsBackToTheStyleModel) {
    std::string ready = runHost("", "--speed 8 --tail 10");
    EXPECT_NE(ready.find("model ready"), std::string::npos) << ready;
    EXPECT_GT(jsonNumber(ready, "suggested_notes"), 0);
    for (const char* model : {"/nonexistent/aicopilot.onnx", "/etc/hostname"}) {
        std::string json = runHost(std::string("AICOPILOT_MODEL=") + model, "--speed 8 --tail 10");
        EXPECT_NE(json.find("style model only"), std::string::npos) << json;
        EXPECT_GT(jsonNumber(json, "suggested_notes"), 0) << "without a model the style model still answers";
        EXPECT_EQ(jsonNumber(json, "stuck_notes"), 0);
    }
}

namespace {
long residentKiB() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}
}  // namespace

TEST(Plugin, AThousandLifeCyclesKeepMemoryFlatAndLeaveNoInstanceAlive) {
    PluginModule module;
    module.load(AICP_BUNDLE);
    std::vector<float> l(256), r(256);
    float* ch[2] = {l.data(), r.data()};
    long before = 0;
    for (int cycle = 0; cycle < 1000; ++cycle) {
        if (cycle == 100) before = residentKiB();  // after the first cycles have warmed every pool up
        IComponent* c = module.createComponent();
        ASSERT_NE(c, nullptr);
        ASSERT_EQ(c->initialize(nullptr), kResultOk);
        auto* p = query<IAudioProcessor>(c, kIAudioProcessorIid);
        ProcessSetup setup{kRealtime, kSample32, 256, 48000};
        p->setupProcessing(setup);
        c->setActive(1);
        p->setProcessing(1);
        AudioBusBuffers bus{};
        bus.numChannels = 2;
        bus.channelBuffers32 = ch;
        ProcessData data{};
        data.numSamples = 256;
        data.numOutputs = 1;
        data.outputs = &bus;
        for (int b = 0; b < 4; ++b) p->process(data);
        p->setProcessing(0);
        c->setActive(0);
        c->terminate();
        p->release();
        c->release();
    }
    long growth = residentKiB() - before;
    std::printf("resident memory growth over 900 cycles: %ld KiB\n", growth);
    EXPECT_LT(growth, 8 * 1024);
    EXPECT_EQ(module.liveInstances(), 0);
}

TEST(Plugin, MutatedStatesThroughTheRealPluginNeverCrashOrHalfApply) {
    std::vector<uint8_t> saved;
    {
        Loaded a;
        a.set("Bars", 8);
        MemoryStream s;
        a.component->getState(&s);
        saved = s.data;
    }
    Loaded p;
    std::mt19937 random(11);
    int refused = 0;
    for (int i = 0; i < 2000; ++i) {
        MemoryStream s;
        s.data = saved;
        int edits = 1 + int(random() % 3);
        for (int e = 0; e < edits; ++e) s.data[random() % s.data.size()] ^= uint8_t(1 + random() % 255);
        if (random() % 4 == 0) s.data.resize(random() % s.data.size());
        ASSERT_EQ(p.component->setState(&s), kResultOk);
        double bars = p.plain("Bars");
        EXPECT_TRUE(bars == 4 || bars == 8) << "a state is applied whole or not at all";
        refused += bars == 4;
    }
    EXPECT_GT(refused, 1900);  // the checksum catches nearly every mutation
}

TEST(Plugin, AbsurdParameterChangesInProcessAreSafe) {
    Loaded p;
    ProcessSetup setup{kRealtime, kSample32, 128, 48000};
    p.processor->setupProcessing(setup);
    p.component->setActive(1);
    p.processor->setProcessing(1);
    std::vector<float> l(128), r(128);
    float* ch[2] = {l.data(), r.data()};
    const double values[] = {std::nan(""), INFINITY, -INFINITY, -1e300, 1e300, -0.0, 2.0};
    for (int round = 0; round < 50; ++round) {
        ParameterChanges changes;
        for (int i = 0; i < p.controller->getParameterCount(); ++i) {
            ParameterInfo info{};
            p.controller->getParameterInfo(i, info);
            changes.add(info.id, (round * 7) % 128, values[(round + i) % 7]);
            changes.add(info.id, 300, values[(round + i + 3) % 7]);  // an offset past the block
        }
        changes.add(0x7FFFFFFF, 0, 1.0);  // an unknown parameter
        AudioBusBuffers bus{};
        bus.numChannels = 2;
        bus.channelBuffers32 = ch;
        ProcessData data{};
        data.numSamples = 128;
        data.numOutputs = 1;
        data.outputs = &bus;
        data.inputParameterChanges = &changes;
        markAudioThread(true);
        p.processor->process(data);
        markAudioThread(false);
        for (float v : l) ASSERT_TRUE(std::isfinite(v));
    }
    EXPECT_GE(p.plain("Bars"), 1);
    EXPECT_LE(p.plain("Bars"), 16);
    p.processor->setProcessing(0);
    p.component->setActive(0);
}
