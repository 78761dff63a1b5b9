// The figures both session drivers (host_session.cpp: VST3, clap_session.cpp: CLAP) gather the same way, kept in one
// place so that a CLAP run's report means what a VST3 run's does: the audio thread's setup, process() timing, the wait
// for the models, the notes out and the grid check, the engines' figures, the memory monitor and the closing figures.
// Instances are passed as the handles the plug-in's debug export takes (an IComponent*, a clap_plugin*).
#pragma once
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>
#include "aicopilot_debug.h"
#include "alloc_counter.h"
#include "host_platform.h"
#include "host_session.h"
#include "ratio_histogram.h"
#include "session_timeline.h"

namespace aicphost {

// The audio thread as a DAW sets it up (with options.dawThreads): real-time priority where permitted (only when
// blocks are paced), pinned to the last core. Call it on that thread.
void configureAudioThread(const SessionOptions& options, SessionReport& report);

// About 20,000 instructions of arithmetic on a few registers (a process() call with 16 voices sounding at block 128
// is about 22,600): its time varies only with the machine, so its percentiles are the machine's share of process()'s.
void runFixedWorkload();

// Polls the engines' figures until no model is loading (or `seconds` pass): a condition, not a fixed sleep. The
// milliseconds it took.
double waitForModels(aicp_debug_stats_fn debugStats, const std::vector<void*>& instances, double seconds);

// One instance's figures added to the report (sums over the instances; the status and model state: the last one's).
void addEngineFigures(SessionReport& report, const AicpDebugStats& stats);
// Trading bars: answers summed, their leads the smallest instance's (VST3 only so far).
void addTradeFigures(SessionReport& report, const AicpEngineMetrics& m);

// process() time over the block period, each call's; and the same fraction for a fixed workload timed the same way
// on the same thread right after the first instance's call (no plug-in code, no memory beyond L1): the machine's own
// jitter. Histograms, not lists: the host must not grow during a soak.
class ProcessTimer {
public:
    explicit ProcessTimer(double sampleRate) : sampleRate_(sampleRate) {}
    // Runs `process` marked as the audio thread (its allocations, locks and waits counted) and times it.
    template <class Process>
    void time(Process&& process, int n, bool firstInstance) {
        markAudioThread(true);
        double a = platform::nowSeconds();
        process();
        double b = platform::nowSeconds();
        markAudioThread(false);
        fractions_->add((b - a) / (n / sampleRate_));
        if (firstInstance) {
            a = platform::nowSeconds();
            runFixedWorkload();
            b = platform::nowSeconds();
            machine_->add((b - a) / (n / sampleRate_));
        }
    }
    const RatioHistogram& fractions() const { return *fractions_; }
    const RatioHistogram& machine() const { return *machine_; }

private:
    double sampleRate_;
    std::unique_ptr<RatioHistogram> fractions_ = std::make_unique<RatioHistogram>();
    std::unique_ptr<RatioHistogram> machine_ = std::make_unique<RatioHistogram>();
};

// The closing figures: process() and the machine's fractions, the audio thread's counts, the latencies' percentiles.
void finishReport(SessionReport& report, const ProcessTimer& timer, int notesIn);

// SessionOptions::monitorPath: a thread of its own appends the memory figures to the file every monitorSeconds, until
// stop() (not the audio thread: reading the engine's status allocates). Does nothing without a path or debug export.
class MemoryMonitor {
public:
    MemoryMonitor(const SessionOptions& options, aicp_debug_stats_fn debugStats, std::vector<void*> instances);
    ~MemoryMonitor() { stop(); }
    MemoryMonitor(const MemoryMonitor&) = delete;
    MemoryMonitor& operator=(const MemoryMonitor&) = delete;
    void stop();

private:
    void run(const std::string& path, double everySeconds);
    aicp_debug_stats_fn debugStats_;
    std::vector<void*> instances_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

// The notes one instance sends, as the report counts them: notes out, suggestions (channel 16) and where they fall
// against the host's sixteenth grid, and what is still sounding at the end (stuck notes). Keys are channel*128+pitch
// as the plug-in gave them.
class OutputNotes {
public:
    // A note-on at `offset` in `block`; `bpm`: the tempo at the block's start.
    void noteOn(SessionReport& report, const SessionTimeline& timeline, const BlockLoop::Block& block, int instance, int channel,
                int pitch, int32_t offset, double bpm);
    void noteOff(int channel, int pitch) {
        int& open = sounding_[channel * 128 + pitch];
        if (open > 0) open--;
    }
    int stuck() const;

private:
    std::map<int, int> sounding_;    // key -> open note-ons
    int64_t lastSuggestionAt_ = -1;  // when (samples played) it last sent a suggested note-on
};

// An instance's output buffers, sized once for the largest block (nothing grows on the audio thread).
struct StereoBuffers {
    std::vector<float> left, right;
    std::vector<double> left64, right64;
    float* channels32[2] = {};
    double* channels64[2] = {};
    void allocate(int blockSize) {
        left.assign(size_t(blockSize), 0.f);
        right.assign(size_t(blockSize), 0.f);
        left64.assign(size_t(blockSize), 0.0);
        right64.assign(size_t(blockSize), 0.0);
        channels32[0] = left.data(); channels32[1] = right.data();
        channels64[0] = left64.data(); channels64[1] = right64.data();
    }
};

}  // namespace aicphost
