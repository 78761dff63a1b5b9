#include "state_reload.h"
#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include "host_platform.h"

namespace aicphost {
namespace {

std::string lower(std::string s) { for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c))); return s; }

uint32_t hashId(const std::string& id) {
    uint32_t h = 2166136261u;
    for (char c : id) { h ^= uint8_t(c); h *= 16777619u; }
    return h & 0x7FFFFFFFu;
}

std::vector<uint8_t> readFileBytes(const std::string& path) {
    std::ifstream f(platform::filePath(path), std::ios::binary);
    if (!f) throw std::runtime_error("cannot read " + path);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

// The engine's typed figures (and its status line, for people); zeros when there are none.
std::unique_ptr<AicpDebugStats> readStats(aicp_debug_stats_fn debugStats, void* instance) {
    auto stats = std::make_unique<AicpDebugStats>();
    const bool ok = debugStats && debugStats(instance, stats.get()) == 0 && stats->engineMetricsValid;
    if (!ok) *stats = AicpDebugStats{};
    return stats;
}

}  // namespace

bool namesParameter(const std::string& name, const std::string& title, uint32_t id) {
    return lower(title) == lower(name) || id == hashId(name);
}

void StateReloadRecord::styleBefore(aicp_debug_stats_fn debugStats, void* instance) {
    const auto stats = readStats(debugStats, instance);
    r_.styleKiBBefore = stats->engine.styleUsedBytes / 1024.0;
    r_.styleContextsBefore = double(stats->engine.styleContexts);
}

void StateReloadRecord::passOn(const SessionOptions& options, std::vector<uint8_t>& state) {
    if (!options.stateOut.empty()) {
        std::ofstream f(platform::filePath(options.stateOut), std::ios::binary);
        f.write(reinterpret_cast<const char*>(state.data()), std::streamsize(state.size()));
        if (!f) throw std::runtime_error("cannot write " + options.stateOut);
    }
    r_.source = "saved";
    if (!options.stateIn.empty()) {
        state = readFileBytes(options.stateIn);
        r_.source = options.stateIn;
    }
}

void StateReloadRecord::compare(const std::string& title, double difference) {
    ++r_.parametersCompared;
    r_.parametersMaxDifference = std::max(r_.parametersMaxDifference, difference);
    if (!(difference <= 1e-9)) r_.parametersDiffering.push_back(title);
}

void StateReloadRecord::requested(const std::string& name, double after, double asked) {
    r_.requestedAfter.emplace_back(name, after);
    r_.requestedBack = r_.requestedBack && std::fabs(after - asked) <= 1e-6;
}

void StateReloadRecord::styleAfter(aicp_debug_stats_fn debugStats, void* instance) {
    const auto stats = readStats(debugStats, instance);
    r_.statusAfter = stats->status;
    r_.styleKiBAfter = stats->engine.styleUsedBytes / 1024.0;
    r_.styleContextsAfter = double(stats->engine.styleContexts);
}

}  // namespace aicphost
