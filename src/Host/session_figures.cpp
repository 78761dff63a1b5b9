#include "session_figures.h"
#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include "alloc_counter.h"
#include "host_platform.h"

namespace aicphost {

using platform::nowSeconds;

void configureAudioThread(const SessionOptions& options, SessionReport& report) {
    if (!options.dawThreads) return;
    platform::AudioThreadSetup setup = platform::configureAudioThread(options.speed > 0);
    report.audioThreadCpu = setup.cpu;
    report.audioThreadFifo = setup.realtimePriority;
    report.audioThreadPriority = setup.priority;
}

static volatile double calibrationSink = 0;  // keeps the compiler from dropping the workload

void runFixedWorkload() {
    double x = 1.0, y = 0.5;
    for (int i = 0; i < 5000; ++i) { x = x * 0.999999 + y; y = y * 0.999999 + 1e-9; }
    calibrationSink = calibrationSink + x + y;
}

double waitForModels(aicp_debug_stats_fn debugStats, const std::vector<void*>& instances, double seconds) {
    const double start = nowSeconds();
    if (!debugStats) return 0;
    auto stats = std::make_unique<AicpDebugStats>();
    for (;;) {
        bool loading = false;
        for (void* in : instances)
            loading = loading || (debugStats(in, stats.get()) == 0 && stats->engineMetricsValid &&
                                  stats->engine.modelState == AICP_MODEL_LOADING);
        if (!loading || nowSeconds() - start >= seconds) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return (nowSeconds() - start) * 1000.0;
}

void addEngineFigures(SessionReport& report, const AicpDebugStats& stats) {
    report.engineAvailable = stats.engineAvailable != 0;
    report.engineStatus = stats.status;
    if (stats.engineMetricsValid) {
        const AicpEngineMetrics& m = stats.engine;
        report.engineModelState = m.modelState;
        report.styleMemoryKiB += m.styleUsedBytes / 1024.0;  // the learned style, summed over instances
        report.enginePhrasesAnswered += m.phrasesAnswered;
        report.engineChordsPlayed += m.chordsPlayed;
        report.engineSuggestionsDropped += m.suggestionsDropped;
        report.managedHeapMiB = m.managedHeapBytes / (1024.0 * 1024.0);
    }
    report.droppedLate += stats.droppedLate;
    report.droppedOld += stats.droppedOld;
    report.inputOverflow += stats.inputOverflow;
    for (uint32_t i = 0; i < std::min<uint32_t>(stats.latencyCount, AICP_LATENCY_SLOTS); ++i) report.latenciesMs.push_back(stats.latencyMs[i]);
    report.chordsPlayed += stats.chordCount;
    report.chordsLate += stats.chordsLate;
    for (uint32_t i = 0; i < std::min<uint32_t>(stats.chordCount, AICP_LATENCY_SLOTS); ++i) report.chordLeadsMs.push_back(stats.chordLeadMs[i]);
}

void addTradeFigures(SessionReport& report, const AicpEngineMetrics& m) {
    if (m.tradeAnswers > 0) {  // the leads mean something (a late answer's is negative)
        const bool first = report.tradeAnswers == 0;
        report.tradeLeadMsMin = first ? m.tradeLeadMsMin : std::min(report.tradeLeadMsMin, m.tradeLeadMsMin);
        report.tradeLeadMsP1 = first ? m.tradeLeadMsP1 : std::min(report.tradeLeadMsP1, m.tradeLeadMsP1);
        report.tradeLeadMsP50 = first ? m.tradeLeadMsP50 : std::min(report.tradeLeadMsP50, m.tradeLeadMsP50);
    }
    report.tradeAnswers += m.tradeAnswers;
    report.tradeAnswersLate += m.tradeAnswersLate;
}

void finishReport(SessionReport& report, const ProcessTimer& timer, int notesIn) {
    const RatioHistogram& fractions = timer.fractions();
    const RatioHistogram& machine = timer.machine();
    report.fractionP50 = fractions.percentile(50);
    report.fractionP99 = fractions.percentile(99);
    report.fractionP999 = fractions.percentile(99.9);
    report.fractionMax = fractions.max();
    report.machineFractionP50 = machine.percentile(50);
    report.machineFractionP999 = machine.percentile(99.9);
    report.machineFractionMax = machine.max();
    report.audioThreadAllocations = audioThreadAllocations();
    report.audioThreadWaitsAndIo = audioThreadWaitsAndIo();
    report.counting = countingInfo();
    report.latencyP50 = percentile(report.latenciesMs, 50);
    report.latencyP99 = percentile(report.latenciesMs, 99);
    report.chordLeadP1 = percentile(report.chordLeadsMs, 1);
    report.chordLeadP50 = percentile(report.chordLeadsMs, 50);
    report.notesIn = notesIn;
}

void OutputNotes::noteOn(SessionReport& report, const SessionTimeline& timeline, const BlockLoop::Block& block, int instance,
                         int channel, int pitch, int32_t offset, double bpm) {
    sounding_[channel * 128 + pitch]++;
    ++report.notesOut;
    if (channel != 15) return;
    ++report.suggestedNotes;
    // Where the host's own map puts it: on which sample of the sixteenth grid it should be.
    if (block.playing) {
        const GridCheck::OffGrid where = timeline.gridPlace(block.start, instance, offset, block.n, bpm, lastSuggestionAt_);
        report.grid.add(where.error, where);
    }
    lastSuggestionAt_ = block.start.position + offset;
}

int OutputNotes::stuck() const {
    int open = 0;
    for (const auto& [key, count] : sounding_) open += count;
    return open;
}

MemoryMonitor::MemoryMonitor(const SessionOptions& options, aicp_debug_stats_fn debugStats, std::vector<void*> instances)
    : debugStats_(debugStats), instances_(std::move(instances)) {
    if (!options.monitorPath.empty() && debugStats_)
        thread_ = std::thread([this, path = options.monitorPath, every = options.monitorSeconds] { run(path, every); });
}

void MemoryMonitor::stop() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
}

void MemoryMonitor::run(const std::string& path, double everySeconds) {
    auto stats = std::make_unique<AicpDebugStats>();
    std::ofstream out(platform::filePath(path), std::ios::app);
    const double start = nowSeconds();
    double next = start;
    while (!stop_.load()) {
        if (nowSeconds() >= next) {
            double style = 0, styleAllocated = 0, heap = 0, committed = 0, live = 0, allocated = 0, fullCollections = 0, pausedMs = 0;
            constexpr double kMiB = 1024.0 * 1024.0;
            for (void* in : instances_)
                if (debugStats_(in, stats.get()) == 0 && stats->engineMetricsValid) {
                    const AicpEngineMetrics& m = stats->engine;
                    style += m.styleUsedBytes / 1024.0;
                    styleAllocated += m.styleAllocatedBytes / 1024.0;
                    // The managed heap is the process's, shared by the instances: the last reading.
                    heap = m.managedHeapBytes / kMiB;
                    committed = m.managedCommittedBytes / kMiB;
                    live = m.liveAfterFullGcBytes / kMiB;
                    allocated = m.totalAllocatedBytes / kMiB;
                    fullCollections = double(m.gcFullCollections);
                    pausedMs = m.gcPauseMs;
                }
            auto [nativeUsed, nativeHeld] = platform::nativeHeapKiB();
            out << int(nowSeconds() - start) << " " << residentKiBNow() << " " << style << " " << heap << " " << committed
                << " " << int(nativeUsed) << " " << int(nativeHeld) << " " << live
                << " " << allocated << " " << int(fullCollections) << " " << int(pausedMs) << " " << styleAllocated << std::endl;
            next += everySeconds;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

}  // namespace aicphost
