// A CLAP plug-in for tests: "AiCoPilot test MIDI logger". Put after AiCoPilot in a track's plug-in chain, it records
// every note it receives (what AiCoPilot sent on: the notes played through and its answers) with where the host's
// transport was, into the file named by the environment variable AICP_MIDI_LOG, one line a note:
//   <frame> <beats> <playing 0|1> <status> <key> <velocity>
// (frame: the event's sample on the host's timeline, from its seconds timeline, or -1 without one; beats: the song
// position of the event; status 0x90/0x80 with the channel). Beside it, AICP_MIDI_LOG.position holds where the
// transport was at the last block, "<beats> <playing 0|1> <blocks>", rewritten every 20 ms (so a test waits for the
// transport to pass a point rather than for a fixed time). The audio thread only writes into a fixed ring and a few
// atomics; a thread of the plug-in's appends the lines to the file. Stereo audio passes through. Built by the test suite from the project's CLAP declarations (clap_abi.h).
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include "clap_abi.h"

namespace {

using namespace clap;

struct Record {
    int64_t frame;
    double beats;
    uint8_t playing, status, key, velocity;
};

class Logger {
public:
    static constexpr uint32_t kCapacity = 1 << 14;

    explicit Logger(const Host* host) : host_(host) {
        plugin_.desc = &descriptor();
        plugin_.pluginData = this;
        plugin_.init = [](const Plugin*) { return true; };
        plugin_.destroy = [](const Plugin* p) { delete self(p); };
        plugin_.activate = [](const Plugin* p, double rate, uint32_t, uint32_t) { self(p)->rate_ = rate; return true; };
        plugin_.deactivate = [](const Plugin*) {};
        plugin_.startProcessing = [](const Plugin*) { return true; };
        plugin_.stopProcessing = [](const Plugin*) {};
        plugin_.reset = [](const Plugin*) {};
        plugin_.process = [](const Plugin* p, const Process* process) { return self(p)->process(*process); };
        plugin_.getExtension = [](const Plugin*, const char* id) -> const void* {
            if (!std::strcmp(id, kExtNotePorts)) return &kNotePorts;
            if (!std::strcmp(id, kExtAudioPorts)) return &kAudioPorts;
            return nullptr;
        };
        plugin_.onMainThread = [](const Plugin*) {};
        if (const char* path = std::getenv("AICP_MIDI_LOG")) path_ = path;
        writer_ = std::thread([this] { writeLoop(); });
    }
    ~Logger() {
        stop_.store(true);
        writer_.join();
    }
    const Plugin* plugin() const { return &plugin_; }

    static const PluginDescriptor& descriptor() {
        static const char* const features[] = {"note-effect", "analyzer", nullptr};
        static const PluginDescriptor d = {kVersion, "com.github.aicopilot.test-midi-logger", "AiCoPilot test MIDI logger", "AiCoPilot",
                                           "", "", "", "1.0", "Records the notes it receives (tests)", features};
        return d;
    }

private:
    static Logger* self(const Plugin* p) { return static_cast<Logger*>(p->pluginData); }

    int32_t process(const Process& p) {
        // Audio through.
        if (p.audioInputsCount >= 1 && p.audioOutputsCount >= 1 && p.audioInputs[0].data32 && p.audioOutputs[0].data32) {
            const uint32_t channels = std::min(p.audioInputs[0].channelCount, p.audioOutputs[0].channelCount);
            for (uint32_t c = 0; c < channels; ++c)
                if (p.audioOutputs[0].data32[c] != p.audioInputs[0].data32[c])
                    std::memcpy(p.audioOutputs[0].data32[c], p.audioInputs[0].data32[c], sizeof(float) * p.framesCount);
        }
        const bool playing = p.transport && (p.transport->flags & kTransportIsPlaying);
        const double beats = p.transport ? double(p.transport->songPosBeats) / double(kBeatTimeFactor) : 0;
        const double tempo = p.transport && (p.transport->flags & kTransportHasTempo) ? p.transport->tempo : 120;
        const double rate = rate_ > 0 ? rate_ : 48000;
        const bool seconds = p.transport && (p.transport->flags & kTransportHasSecondsTimeline);
        const int64_t blockFrame = seconds ? std::llround(double(p.transport->songPosSeconds) / double(kSecTimeFactor) * rate) : -1;
        position_.store(beats, std::memory_order_relaxed);
        playing_.store(playing, std::memory_order_relaxed);
        blocks_.fetch_add(1, std::memory_order_relaxed);
        const uint32_t n = p.inEvents ? p.inEvents->size(p.inEvents) : 0;
        for (uint32_t i = 0; i < n; ++i) {
            const EventHeader* h = p.inEvents->get(p.inEvents, i);
            if (!h || h->spaceId != kCoreEventSpace) continue;
            Record r{};
            r.frame = seconds ? blockFrame + h->time : -1;
            r.beats = beats + h->time * tempo / 60.0 / rate;
            r.playing = playing ? 1 : 0;
            if ((h->type == kEventNoteOn || h->type == kEventNoteOff) && h->size >= sizeof(EventNote)) {
                const auto& e = *reinterpret_cast<const EventNote*>(h);
                const int velocity = int(std::lround(e.velocity * 127));
                const bool on = h->type == kEventNoteOn && velocity > 0;
                r.status = uint8_t((on ? 0x90 : 0x80) | (e.channel & 15));
                r.key = uint8_t(e.key & 127);
                r.velocity = uint8_t(on ? velocity : 0);
            } else if (h->type == kEventMidi && h->size >= sizeof(EventMidi)) {
                const auto& e = *reinterpret_cast<const EventMidi*>(h);
                if ((e.data[0] & 0xF0) != 0x90 && (e.data[0] & 0xF0) != 0x80) continue;
                r.status = e.data[0];
                r.key = e.data[1];
                r.velocity = e.data[2];
            } else {
                continue;
            }
            const uint32_t w = written_.load(std::memory_order_relaxed);
            if (w - read_.load(std::memory_order_acquire) >= kCapacity) continue;  // full: dropped (a test would see it)
            ring_[w % kCapacity] = r;
            written_.store(w + 1, std::memory_order_release);
        }
        return kProcessContinue;
    }

    void writeLoop() {
        for (;;) {
            const bool last = stop_.load();
            uint32_t r = read_.load(std::memory_order_relaxed);
            const uint32_t w = written_.load(std::memory_order_acquire);
            if (w != r && !path_.empty()) {
                if (FILE* f = std::fopen(path_.c_str(), "a")) {
                    for (; r != w; ++r) {
                        const Record& x = ring_[r % kCapacity];
                        std::fprintf(f, "%lld %.6f %d %d %d %d\n", (long long)x.frame, x.beats, x.playing, x.status, x.key, x.velocity);
                    }
                    std::fclose(f);
                }
            }
            read_.store(w, std::memory_order_release);
            if (!path_.empty()) {
                const std::string tmp = path_ + ".position.new";
                if (FILE* f = std::fopen(tmp.c_str(), "w")) {
                    std::fprintf(f, "%.6f %d %llu\n", position_.load(), playing_.load() ? 1 : 0, (unsigned long long)blocks_.load());
                    std::fclose(f);
                    std::rename(tmp.c_str(), (path_ + ".position").c_str());
                }
            }
            if (last) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    static const PluginNotePorts kNotePorts;
    static const PluginAudioPorts kAudioPorts;

    Plugin plugin_{};
    const Host* host_;
    double rate_ = 48000;
    std::string path_;
    Record ring_[kCapacity];
    std::atomic<uint32_t> written_{0}, read_{0};
    std::atomic<bool> stop_{false};
    std::atomic<double> position_{0};
    std::atomic<bool> playing_{false};
    std::atomic<uint64_t> blocks_{0};
    std::thread writer_;
};

const PluginNotePorts Logger::kNotePorts = {
    [](const Plugin*, bool input) -> uint32_t { return input ? 1 : 0; },
    [](const Plugin*, uint32_t index, bool input, NotePortInfo* info) {
        if (!input || index != 0 || !info) return false;
        std::memset(info, 0, sizeof *info);
        info->supportedDialects = kDialectClap | kDialectMidi;
        info->preferredDialect = kDialectMidi;
        std::snprintf(info->name, sizeof info->name, "MIDI In");
        return true;
    },
};

const PluginAudioPorts Logger::kAudioPorts = {
    [](const Plugin*, bool) -> uint32_t { return 1; },
    [](const Plugin*, uint32_t index, bool input, AudioPortInfo* info) {
        if (index != 0 || !info) return false;
        std::memset(info, 0, sizeof *info);
        info->id = input ? 0 : 1;
        std::snprintf(info->name, sizeof info->name, input ? "In" : "Out");
        info->flags = kAudioPortIsMain;
        info->channelCount = 2;
        info->portType = kPortStereo;
        info->inPlacePair = input ? 1 : 0;
        return true;
    },
};

const PluginFactory kFactory = {
    [](const PluginFactory*) -> uint32_t { return 1; },
    [](const PluginFactory*, uint32_t index) -> const PluginDescriptor* { return index == 0 ? &Logger::descriptor() : nullptr; },
    [](const PluginFactory*, const Host* host, const char* id) -> const Plugin* {
        if (!id || std::strcmp(id, Logger::descriptor().id) != 0) return nullptr;
        return (new Logger(host))->plugin();
    },
};

}  // namespace

AICP_CLAP_EXPORT const clap::PluginEntry clap_entry = {
    clap::kVersion, [](const char*) { return true; }, [] {},
    [](const char* id) -> const void* { return id && std::strcmp(id, clap::kPluginFactoryId) == 0 ? &kFactory : nullptr; },
};
