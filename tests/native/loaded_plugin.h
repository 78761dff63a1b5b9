// Test helpers shared by the tests that load the real bundle: a loaded plug-in instance, a child-process host run,
// a block of audio buffers in either sample size, and the process's resident memory.
#pragma once
#include <gtest/gtest.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>
#include "host_objects.h"
#include "host_session.h"
#include "plugin_loader.h"

namespace aicptest {
using namespace aicphost;
using namespace vst3;

inline SessionOptions phraseOptions() {
    SessionOptions o;
    o.bundle = AICP_BUNDLE;
    o.midiPath = std::string(AICP_EXAMPLES) + "/phrase.mid";
    o.tailSeconds = 10;
    o.speed = 8;  // fast, but slow enough for the engine thread to answer before the next bar line
    return o;
}

inline double jsonNumber(const std::string& json, const std::string& key) {
    size_t at = json.find("\"" + key + "\":");
    if (at == std::string::npos) return std::nan("");
    return std::strtod(json.c_str() + at + key.size() + 3, nullptr);
}

// Every suggested note-on of every host test lands on the host's sixteenth grid, whatever else the test looks at:
// a session run through these helpers fails the test on any that does not.
inline SessionReport runOnGrid(const SessionOptions& options) {
    SessionReport r = runSession(options);
    EXPECT_EQ(r.grid.offGrid, 0) << r.grid.offGrid << " of " << r.grid.count << " suggested note-ons off the host's grid: "
                                 << offGridJson(r.grid);
    return r;
}

// Runs aicp-host in a child process (for what must not share this process: a missing engine is remembered per
// process) and returns its JSON report (checked as runOnGrid checks a session).
inline std::string runHost(const std::string& env, const std::string& args) {
    std::string command = env + " " + AICP_HOST + " " + AICP_BUNDLE + " --midi " + AICP_EXAMPLES + "/phrase.mid " + args + " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return {};
    std::string out;
    char buffer[4096];
    while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    pclose(pipe);
    if (!out.empty()) {
        EXPECT_EQ(jsonNumber(out, "grid_off_note_ons"), 0) << "suggested note-ons off the host's grid: " << out;
    }
    return out;
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

inline long residentKiB() { return long(residentKiBNow()); }

// Stereo output buffers in 32- or 64-bit samples and a ProcessData pointing at them.
struct StereoBlock {
    std::vector<float> l32, r32;
    std::vector<double> l64, r64;
    float* ch32[2] = {};
    double* ch64[2] = {};
    AudioBusBuffers bus{};
    ProcessData data{};
    StereoBlock(int maxSamples, bool sample64)
        : l32(size_t(maxSamples), 1.f), r32(size_t(maxSamples), 1.f), l64(size_t(maxSamples), 1.0), r64(size_t(maxSamples), 1.0) {
        ch32[0] = l32.data(); ch32[1] = r32.data();
        ch64[0] = l64.data(); ch64[1] = r64.data();
        bus.numChannels = 2;
        if (sample64) bus.channelBuffers64 = ch64; else bus.channelBuffers32 = ch32;
        data.symbolicSampleSize = sample64 ? kSample64 : kSample32;
        data.numOutputs = 1;
        data.outputs = &bus;
    }
    ProcessData& block(int samples) { data.numSamples = samples; return data; }
    // True when every output sample of the last block is zero and finite.
    bool silent(int samples) const {
        for (int i = 0; i < samples; ++i) {
            bool zero = data.symbolicSampleSize == kSample64 ? (l64[size_t(i)] == 0 && r64[size_t(i)] == 0) : (l32[size_t(i)] == 0 && r32[size_t(i)] == 0);
            if (!zero) return false;
        }
        return true;
    }
};

}  // namespace aicptest
