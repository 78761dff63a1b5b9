// aicp-host's CLAP side: loads a CLAP plug-in as a DAW does (the .clap's clap_entry, init with its path, the plug-in
// factory, instances with a clap_host), and the host objects a plug-in talks to: input and output event lists and
// memory streams of fixed capacity (allocated up front: the host itself never allocates on its audio thread, which the
// allocation counter would count as the plug-in's), and the host's extensions (params, note ports with a choice of
// dialects, state, latency, GUI, and on Linux the run loop's timers and fds for the editor).
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>
#include "aicopilot_debug.h"
#include "clap_abi.h"

namespace aicphost {

// A list of events of any kind, copied into storage allocated up front; handed to the plug-in as clap_input_events or
// filled by it as clap_output_events.
class ClapEventList {
public:
    explicit ClapEventList(size_t bytes = 1 << 20, int maxEvents = 16384);
    void clear() noexcept { count_ = 0; used_ = 0; }
    int size() const noexcept { return count_; }
    const clap::EventHeader* at(int index) const noexcept;
    // Copies the event (its header says its size); false when full.
    bool add(const clap::EventHeader& event) noexcept;
    const clap::InputEventList* input() const noexcept { return &input_; }
    const clap::OutputEventList* output() const noexcept { return &output_; }

private:
    std::vector<uint64_t> storage_;  // 8-byte aligned for the events' doubles and pointers
    std::vector<uint32_t> offsets_;
    int count_ = 0;
    size_t used_ = 0;
    clap::InputEventList input_{};
    clap::OutputEventList output_{};
};

// A state saved into memory (clap_ostream) and read back (clap_istream). Main thread only. readLimit > 0: each read
// returns at most that many bytes (hosts may hand a state over in pieces).
struct ClapMemoryStream {
    std::vector<uint8_t> data;
    size_t position = 0;
    size_t readLimit = 0;
    clap::IStream istream() noexcept;
    clap::OStream ostream() noexcept;
};

// The host: one clap_host per plug-in instance (a plug-in asks for extensions through the host it was created with).
class ClapHost {
public:
    struct Timer { clap::clap_id id; uint32_t periodMs; double next; };
    struct Fd { int fd; uint32_t flags; };

    explicit ClapHost(uint32_t noteDialects) noexcept;
    ClapHost(const ClapHost&) = delete;
    ClapHost& operator=(const ClapHost&) = delete;
    const clap::Host* host() const noexcept { return &host_; }

    uint32_t noteDialects = 0;        // what the host's note ports take (clap_host_note_ports)
    // What the plug-in asked of the host, for the tests.
    std::atomic<int> flushRequests{0}, processRequests{0}, callbackRequests{0}, restartRequests{0};
    std::atomic<int> rescans{0}, dirtyMarks{0}, latencyChanges{0};
    // The editor's run loop (main thread): what the plug-in registered, and the size it asked for.
    std::vector<Timer> timers;
    std::vector<Fd> fds;
    int timerRegistrations = 0, fdRegistrations = 0;
    uint32_t requestedWidth = 0, requestedHeight = 0;
    bool guiClosed = false;
    // Calls the plug-in's on_timer for every timer that is due (main thread), and schedules each again; how many.
    int runDueTimers(const clap::Plugin* plugin);
    // Seconds until the next timer is due (`cap` when none is sooner).
    double secondsToNextTimer(double cap) const;

private:
    static ClapHost* self(const clap::Host* host) noexcept { return static_cast<ClapHost*>(host->hostData); }
    static const void* extension(const clap::Host* host, const char* id) noexcept;
    clap::Host host_{};
    clap::clap_id nextTimer_ = 0;
};

// A loaded .clap: its entry initialized, its factory, and the test counters it exports.
class ClapModule {
public:
    ~ClapModule();
    // path: the .clap file, or a folder holding Contents/<system>/<name>.clap. Throws std::runtime_error with the reason.
    void load(const std::string& path);
    const clap::PluginFactory* factory() const noexcept { return factory_; }
    const clap::PluginDescriptor* descriptor() const noexcept { return descriptor_; }
    // A new instance of the first plug-in (not yet initialized), or null.
    const clap::Plugin* create(const ClapHost& host) const;
    aicp_debug_stats_fn debugStats() const noexcept { return debugStats_; }
    int (*liveInstances)() = nullptr;
    const std::string& binaryFolder() const noexcept { return binaryFolder_; }
    const std::string& binaryPath() const noexcept { return binaryPath_; }

private:
    void* library_ = nullptr;
    const clap::PluginEntry* entry_ = nullptr;
    bool initialized_ = false;
    std::string binaryPath_, binaryFolder_;
    const clap::PluginFactory* factory_ = nullptr;
    const clap::PluginDescriptor* descriptor_ = nullptr;
    aicp_debug_stats_fn debugStats_ = nullptr;
};

// An extension of an instance, typed: null when the plug-in does not have it.
template <typename T>
const T* clapExtension(const clap::Plugin* plugin, const char* id) {
    return plugin && plugin->getExtension ? static_cast<const T*>(plugin->getExtension(plugin, id)) : nullptr;
}

}  // namespace aicphost
