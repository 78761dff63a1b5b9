// See clap_plugin.h. The trampolines (static functions in the clap_plugin struct and the extension structs) find the
// instance in plugin_data, null-check and forward; nothing thrown inside reaches the host. The CLAP threads: init,
// destroy, activate, deactivate, the state, the parameter descriptions and the GUI on the main thread; process,
// start/stop_processing and reset on the audio thread, which never allocates, locks, logs, does I/O or enters managed
// code (the same rules as VST3's process(): the core sees the block through clap_block's view).
#include "clap_plugin.h"
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <vector>
#include "clap_block.h"
#include "clap_gui.h"
#include "log.h"
#include "parameter_text.h"
#include "plugin_info.h"
#include "plugin_instance.h"
#include "state_codec.h"

namespace aicp {
namespace {

using namespace clap;

constexpr const char* kPluginId = "com.github.aicopilot.aicopilot";
// A MIDI effect that answers, with an instrument's stereo output for the preview synth.
const char* const kFeatures[] = {"note-effect", "instrument", "utility", nullptr};
const PluginDescriptor kDescriptor = {
    kVersion, kPluginId, info::kName, info::kVendor, info::kUrl, info::kUrl, info::kUrl, info::kVersion,
    "Listens to what you play and answers in musical time", kFeatures,
};

const char* groupName(int group) noexcept {
    switch (group) {
        case AICP_GROUP_LISTEN: return "Listen";
        case AICP_GROUP_ANSWER: return "Answer";
        case AICP_GROUP_PLAY_ALONG: return "Play along";
        default: return "Output";
    }
}

template <size_t N>
void copy(char (&out)[N], const char* text) noexcept {
    std::snprintf(out, N, "%s", text ? text : "");
}

class ClapPlugin {
public:
    explicit ClapPlugin(const Host* host) noexcept : host_(host), editor_(instance_, edits_) {
        plugin_.desc = &kDescriptor;
        plugin_.pluginData = this;
        plugin_.init = [](const Plugin* p) { return self(p) && self(p)->init(); };
        plugin_.destroy = [](const Plugin* p) { delete self(p); };
        plugin_.activate = [](const Plugin* p, double rate, uint32_t minFrames, uint32_t maxFrames) {
            return self(p) && self(p)->activate(rate, minFrames, maxFrames);
        };
        plugin_.deactivate = [](const Plugin* p) { if (self(p)) self(p)->instance_.setActive(false); };
        plugin_.startProcessing = [](const Plugin* p) { return self(p) != nullptr; };
        // Stopped or reset: every note the plug-in has sounding gets its note-off at the next block.
        plugin_.stopProcessing = [](const Plugin* p) { if (self(p)) self(p)->instance_.setProcessing(false); };
        plugin_.reset = [](const Plugin* p) { if (self(p)) self(p)->instance_.setProcessing(false); };
        plugin_.process = [](const Plugin* p, const Process* process) {
            return self(p) && process ? self(p)->process(*process) : int32_t(kProcessError);
        };
        plugin_.getExtension = [](const Plugin* p, const char* id) { return self(p) && id ? self(p)->extension(id) : nullptr; };
        plugin_.onMainThread = [](const Plugin*) {};
        liveInstances().fetch_add(1);
    }
    ~ClapPlugin() {
        if (learnTimerRegistered_ && hostTimers_->unregisterTimer) hostTimers_->unregisterTimer(host_, learnTimer_);
        editor_.destroy();  // it reads the engine's shared parameters: it goes before the engine
        if (instance_.initialized()) instance_.terminate();
        liveInstances().fetch_sub(1);
    }
    ClapPlugin(const ClapPlugin&) = delete;
    ClapPlugin& operator=(const ClapPlugin&) = delete;

    const Plugin* plugin() const noexcept { return &plugin_; }
    static ClapPlugin* self(const Plugin* p) noexcept {
        if (!p || !p->pluginData) return nullptr;
        auto* s = static_cast<ClapPlugin*>(p->pluginData);
        return s->magic_ == kMagic ? s : nullptr;
    }
    static std::atomic<int>& liveInstances() noexcept { static std::atomic<int> n{0}; return n; }

    void debugStats(AicpDebugStats& out) const noexcept {
        instance_.debugStats(out);
        out.hostEventsDropped = block_.dropped();
        editor_.frameStats(out);
    }

private:
    static constexpr uint64_t kMagic = 0x436C617041694350ull;  // tells our instances from anything else a caller passes

    // ---- lifecycle (main thread) ----
    bool init() noexcept {
        if (instance_.initialized()) return true;
        if (host_ && host_->getExtension) {
            hostParams_ = static_cast<const HostParams*>(host_->getExtension(host_, kExtParams));
            hostNotePorts_ = static_cast<const HostNotePorts*>(host_->getExtension(host_, kExtNotePorts));
            hostState_ = static_cast<const HostState*>(host_->getExtension(host_, kExtState));
            hostTimers_ = static_cast<const HostTimerSupport*>(host_->getExtension(host_, kExtTimerSupport));
        }
        editor_.setHost(host_);
        instance_.initialize();  // always true: without its engine the plug-in passes MIDI through
        learnedAtSave_ = learned();
        // What the co-pilot learns from the player is part of the project: a slow timer tells the host when it has
        // learned something since the project was saved (clap_host_state.mark_dirty, on the main thread).
        if (hostState_ && hostState_->markDirty && hostTimers_ && hostTimers_->registerTimer)
            learnTimerRegistered_ = hostTimers_->registerTimer(host_, kLearnTimerMs, &learnTimer_);
        return true;
    }

    // The style the engine has learned so far, as a count that grows with every phrase and file it learns (-1: no
    // engine, or it gave no figures).
    int64_t learned() const noexcept {
        AicpEngineMetrics m{};
        if (!instance_.engine().metrics(m)) return -1;
        return m.styleTokens + m.libraryTokens;
    }

    void onTimer(clap_id timer) noexcept {
        if (!learnTimerRegistered_ || timer != learnTimer_) { editor_.onTimer(timer); return; }
        const int64_t now = learned();
        if (now < 0 || now == learnedAtSave_ || now == learnedMarked_) return;
        learnedMarked_ = now;
        hostState_->markDirty(host_);
    }

    bool activate(double sampleRate, uint32_t, uint32_t maxFrames) noexcept {
        if (!instance_.setupProcessing(sampleRate, int32_t(std::min<uint32_t>(maxFrames, 0x7FFFFFFF)))) {
            logLine("CLAP activate refused: %.0f Hz, blocks up to %u samples (at most %d)", sampleRate, maxFrames, PluginInstance::kMaxBlock);
            return false;
        }
        block_.reset(sampleRate);
        // Notes go out in the dialect the host takes: MIDI 1.0 when it takes it (or says nothing), else CLAP's own.
        uint32_t dialects = kDialectMidi;
        if (hostNotePorts_ && hostNotePorts_->supportedDialects) {
            const uint32_t host = hostNotePorts_->supportedDialects(host_);
            if (!(host & kDialectMidi) && (host & kDialectClap)) dialects = kDialectClap;
            else dialects = host & (kDialectMidi | kDialectClap | kDialectMidi2);
            if (!(dialects & kDialectMidi) && !(dialects & kDialectClap)) dialects = kDialectMidi;
        }
        block_.setOutputDialects(dialects);
        instance_.setActive(true);
        return true;
    }

    // ---- the audio thread ----
    int32_t process(const Process& process) noexcept {
        instance_.process(block_.read(process, edits_));
        block_.write(instance_.output(), process, edits_, instance_.params());
        return kProcessContinue;  // the engine may answer at any time: never asleep
    }

    const void* extension(const char* id) noexcept {
        if (!std::strcmp(id, kExtParams)) return &kParams;
        if (!std::strcmp(id, kExtState)) return &kState;
        if (!std::strcmp(id, kExtNotePorts)) return &kNotePorts;
        if (!std::strcmp(id, kExtAudioPorts)) return &kAudioPorts;
        if (!std::strcmp(id, kExtLatency)) return &kLatency;
        if (!std::strcmp(id, kExtTimerSupport)) return &kTimerSupport;  // the editor's frames, and what was learned
        if (ClapEditor::windowApi()) {
            if (!std::strcmp(id, kExtGui)) return &kGui;
            if (platform::kEditorNeedsHostRunLoop && !std::strcmp(id, kExtPosixFdSupport)) return &kFdSupport;
        }
        return nullptr;
    }

    // ---- params: the one table, by the same IDs as VST3's ParamIDs, in plain values ----
    static bool paramInfo(uint32_t index, ParamInfo* out) noexcept {
        if (!out || index >= uint32_t(AICP_PARAM_COUNT)) return false;
        const ParamDef& def = paramDefs()[index];
        std::memset(out, 0, sizeof *out);
        out->id = paramVstId(int(index));
        uint32_t flags = 0;
        if (def.automatable()) flags |= kParamIsAutomatable;
        if (paramStepCount(def) > 0) flags |= kParamIsStepped;
        if (def.kind == ParamKind::List) flags |= kParamIsEnum;
        if (def.bypass()) flags |= kParamIsBypass;
        out->flags = flags;
        out->cookie = nullptr;
        copy(out->name, def.title);
        copy(out->module, groupName(def.group));
        out->minValue = def.min;
        out->maxValue = def.max;
        out->defaultValue = def.defaultPlain;
        return true;
    }
    bool paramValue(clap_id id, double* value) noexcept {
        const int index = paramIndexOfId(id);
        if (index < 0 || !value) return false;
        *value = instance_.params().plain(index);
        return true;
    }
    static bool valueToText(clap_id id, double value, char* out, uint32_t capacity) noexcept {
        const int index = paramIndexOfId(id);
        if (index < 0 || !out || capacity == 0) return false;
        const ParamDef& def = paramDefs()[index];
        char text[96];
        paramFormat(def, value, text, sizeof text);
        // CLAP has no separate unit string: the value carries it ("4 bars", "-6.0 dB").
        if (def.units && *def.units && def.kind != ParamKind::List && def.kind != ParamKind::Toggle && std::strcmp(text, "-inf") != 0)
            std::snprintf(out, capacity, "%s %s", text, def.units);
        else
            std::snprintf(out, capacity, "%s", text);
        return true;
    }
    static bool textToValue(clap_id id, const char* text, double* value) noexcept {
        const int index = paramIndexOfId(id);
        if (index < 0 || !text || !value) return false;
        double plain = 0;
        if (!paramParse(paramDefs()[index], text, plain)) return false;  // a unit after the number is ignored
        *value = plain;
        return true;
    }

    // ---- state: the same codec and migrations as VST3's (PluginInstance::saveState/loadState) ----
    bool saveState(const OStream* stream) noexcept {
        if (!stream || !stream->write) return false;
        try {
            const std::vector<uint8_t> bytes = instance_.saveState();
            size_t done = 0;
            while (done < bytes.size()) {
                const int64_t n = stream->write(stream, bytes.data() + done, bytes.size() - done);
                if (n <= 0) return false;
                done += size_t(n);
            }
            learnedAtSave_ = learned();  // the project holds what was learned up to now
            return true;
        } catch (...) {
            return false;
        }
    }
    bool loadState(const IStream* stream) noexcept {
        if (!stream || !stream->read) return false;
        try {
            std::vector<uint8_t> bytes;
            uint8_t chunk[16384];
            for (;;) {
                const int64_t n = stream->read(stream, chunk, sizeof chunk);
                if (n < 0) { logLine("CLAP state: the host's stream failed while reading"); return false; }
                if (n == 0) break;
                bytes.insert(bytes.end(), chunk, chunk + n);
                if (bytes.size() > kMaxStateBytes) break;
            }
            std::string reason;
            bool applied = false;
            if (bytes.size() > kMaxStateBytes) {
                instance_.params().resetToDefaults();
                logLine("state refused, defaults loaded: state is larger than 64 MiB");
            } else {
                applied = instance_.loadState(bytes.data(), bytes.size(), reason);  // refused: defaults, reason logged
            }
            if (hostParams_ && hostParams_->rescan) hostParams_->rescan(host_, kParamRescanValues | kParamRescanText);
            learnedAtSave_ = learned();
            return applied;
        } catch (...) {
            return false;
        }
    }

    static const PluginParams kParams;
    static const PluginState kState;
    static const PluginNotePorts kNotePorts;
    static const PluginAudioPorts kAudioPorts;
    static const PluginLatency kLatency;
    static const PluginGui kGui;
    static const PluginTimerSupport kTimerSupport;
    static const PluginPosixFdSupport kFdSupport;

    Plugin plugin_{};
    uint64_t magic_ = kMagic;
    const Host* host_;
    const HostParams* hostParams_ = nullptr;
    const HostNotePorts* hostNotePorts_ = nullptr;
    const HostState* hostState_ = nullptr;
    const HostTimerSupport* hostTimers_ = nullptr;
    static constexpr uint32_t kLearnTimerMs = 1000;
    clap_id learnTimer_ = kInvalidId;
    bool learnTimerRegistered_ = false;
    int64_t learnedAtSave_ = -1, learnedMarked_ = -1;
    PluginInstance instance_;
    ClapBlock block_;          // the audio thread's: the core's view of each process() call
    ParamEditsToHost edits_;   // parameters the plug-in changed that the host must hear of
    ClapEditor editor_;        // after instance_: destroyed first
};

// One note port each way, MIDI 1.0 and CLAP's note events alike; one stereo output for the preview synth; latency 0.
bool notePort(uint32_t index, bool input, NotePortInfo* info) noexcept {
    if (index != 0 || !info) return false;
    std::memset(info, 0, sizeof *info);
    info->id = 0;
    info->supportedDialects = kDialectClap | kDialectMidi;
    info->preferredDialect = kDialectMidi;
    copy(info->name, input ? "MIDI In" : "MIDI Out");
    return true;
}

bool audioPort(uint32_t index, bool input, AudioPortInfo* info) noexcept {
    if (input || index != 0 || !info) return false;
    std::memset(info, 0, sizeof *info);
    info->id = 0;
    copy(info->name, "Preview");
    info->flags = kAudioPortIsMain | kAudioPortSupports64Bits;
    info->channelCount = 2;
    info->portType = kPortStereo;
    info->inPlacePair = kInvalidId;
    return true;
}

// The extension tables: each entry finds the instance, null-checks and forwards.

const PluginParams ClapPlugin::kParams = {
    [](const Plugin*) -> uint32_t { return AICP_PARAM_COUNT; },
    [](const Plugin*, uint32_t index, ParamInfo* info) { return ClapPlugin::paramInfo(index, info); },
    [](const Plugin* p, clap_id id, double* value) { return self(p) && self(p)->paramValue(id, value); },
    [](const Plugin*, clap_id id, double value, char* out, uint32_t capacity) { return ClapPlugin::valueToText(id, value, out, capacity); },
    [](const Plugin*, clap_id id, const char* text, double* value) { return ClapPlugin::textToValue(id, text, value); },
    [](const Plugin* p, const InputEventList* in, const OutputEventList* out) {
        if (ClapPlugin* s = self(p)) ClapBlock::flush(in, out, s->instance_.params(), s->edits_);
    },
};

const PluginState ClapPlugin::kState = {
    [](const Plugin* p, const OStream* stream) { return self(p) && self(p)->saveState(stream); },
    [](const Plugin* p, const IStream* stream) { return self(p) && self(p)->loadState(stream); },
};

const PluginNotePorts ClapPlugin::kNotePorts = {
    [](const Plugin*, bool) -> uint32_t { return 1; },
    [](const Plugin*, uint32_t index, bool input, NotePortInfo* info) { return notePort(index, input, info); },
};

const PluginAudioPorts ClapPlugin::kAudioPorts = {
    [](const Plugin*, bool input) -> uint32_t { return input ? 0 : 1; },
    [](const Plugin*, uint32_t index, bool input, AudioPortInfo* info) { return audioPort(index, input, info); },
};

const PluginLatency ClapPlugin::kLatency = {[](const Plugin*) -> uint32_t { return 0; }};

const PluginGui ClapPlugin::kGui = {
    [](const Plugin* p, const char* api, bool floating) { return self(p) && self(p)->editor_.isApiSupported(api, floating); },
    [](const Plugin*, const char** api, bool* floating) {
        if (!api || !floating || !ClapEditor::windowApi()) return false;
        *api = ClapEditor::windowApi();
        *floating = false;
        return true;
    },
    [](const Plugin* p, const char* api, bool floating) { return self(p) && self(p)->editor_.create(api, floating); },
    [](const Plugin* p) { if (self(p)) self(p)->editor_.destroy(); },
    [](const Plugin* p, double scale) { return self(p) && self(p)->editor_.setScale(scale); },
    [](const Plugin* p, uint32_t* w, uint32_t* h) { return self(p) && self(p)->editor_.getSize(w, h); },
    [](const Plugin* p) { return self(p) != nullptr; },
    [](const Plugin* p, GuiResizeHints* hints) { return self(p) && self(p)->editor_.getResizeHints(hints); },
    [](const Plugin* p, uint32_t* w, uint32_t* h) { return self(p) && self(p)->editor_.adjustSize(w, h); },
    [](const Plugin* p, uint32_t w, uint32_t h) { return self(p) && self(p)->editor_.setSize(w, h); },
    [](const Plugin* p, const Window* window) { return self(p) && self(p)->editor_.setParent(window); },
    [](const Plugin*, const Window*) { return false; },  // embedded only
    [](const Plugin*, const char*) {},
    [](const Plugin* p) { return self(p) && self(p)->editor_.isOpen(); },
    [](const Plugin* p) { return self(p) != nullptr; },  // the host hides its window; the editor's idles stop with its timer
};

const PluginTimerSupport ClapPlugin::kTimerSupport = {
    [](const Plugin* p, clap_id timer) { if (self(p)) self(p)->onTimer(timer); },
};

const PluginPosixFdSupport ClapPlugin::kFdSupport = {
    [](const Plugin* p, int fd, uint32_t) { if (self(p)) self(p)->editor_.onFd(fd); },
};

}  // namespace

const PluginDescriptor& clapDescriptor() noexcept { return kDescriptor; }

const Plugin* createClapPlugin(const Host* host) noexcept {
    if (!host || !versionIsCompatible(host->clapVersion)) return nullptr;
    try {
        ClapPlugin* p = new (std::nothrow) ClapPlugin(host);
        return p ? p->plugin() : nullptr;
    } catch (...) {
        return nullptr;
    }
}

int liveClapPlugins() noexcept { return ClapPlugin::liveInstances().load(); }

bool clapPluginDebugStats(const void* plugin, AicpDebugStats* out) noexcept {
    ClapPlugin* p = ClapPlugin::self(static_cast<const Plugin*>(plugin));
    if (!p || !out) return false;
    p->debugStats(*out);
    return true;
}

}  // namespace aicp
