// See clap_session.h. The loop is the VST3 session's (host_session.cpp) with CLAP's calls; the timeline, the figures
// and the state reload's bookkeeping are the same code (session_timeline.h, session_figures.h, state_reload.h), so the
// soak and the tests read a CLAP run as they read a VST3 one.
#include "clap_session.h"
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>
#include "alloc_counter.h"
#include "clap_editor_host.h"
#include "clap_host.h"
#include "host_platform.h"
#include "host_transport.h"
#include "midi_file.h"
#include "session_figures.h"
#include "session_timeline.h"
#include "state_reload.h"

namespace aicphost {
namespace {

using namespace clap;
using platform::nowSeconds;

struct ClapInstance {
    explicit ClapInstance(uint32_t dialects) : host(dialects) {}
    ~ClapInstance() {
        if (plugin) plugin->destroy(plugin);
    }
    ClapHost host;
    const Plugin* plugin = nullptr;
    const PluginParams* params = nullptr;
    const PluginState* state = nullptr;
    bool active = false, processing = false;
    ClapEventList out;
    StereoBuffers buffers;
    OutputNotes notes;
};

// A parameter by its name or string ID: (id, info), or throws.
ParamInfo findParam(const ClapInstance& in, const std::string& name) {
    const uint32_t count = in.params->count(in.plugin);
    for (uint32_t i = 0; i < count; ++i) {
        ParamInfo info{};
        if (!in.params->getInfo(in.plugin, i, &info)) continue;
        if (namesParameter(name, info.name, info.id)) return info;
    }
    throw std::runtime_error("the plug-in has no parameter '" + name + "'");
}

EventParamValue paramEvent(clap_id id, double plain, uint32_t time) {
    EventParamValue e{};
    e.header = EventHeader{sizeof(EventParamValue), time, kCoreEventSpace, kEventParamValue, 0};
    e.paramId = id;
    e.noteId = -1;
    e.portIndex = -1;
    e.channel = -1;
    e.key = -1;
    e.value = plain;
    return e;
}

// Sets a parameter as a host does while the plug-in is not processing: a value event through params.flush (main thread).
void setParameter(ClapInstance& in, const std::string& name, double plain) {
    const ParamInfo info = findParam(in, name);
    ClapEventList events(4096, 16), ignored(65536, 256);
    const EventParamValue e = paramEvent(info.id, plain, 0);
    events.add(e.header);
    in.params->flush(in.plugin, events.input(), ignored.output());
}

double paramValue(const ClapInstance& in, clap_id id) {
    double v = std::nan("");
    in.params->getValue(in.plugin, id, &v);
    return v;
}

// The host's transport at a block, in CLAP's terms, from the same ProcessContext the VST3 session hands over.
EventTransport transportEvent(const HostTransport& transport, int64_t timeline, bool playing, const SessionOptions& o) {
    const vst3::ProcessContext c = transport.context(timeline, playing);
    EventTransport e{};
    e.header = EventHeader{sizeof(EventTransport), 0, kCoreEventSpace, kEventTransport, 0};
    e.flags = kTransportHasTempo | kTransportHasBeatsTimeline | kTransportHasSecondsTimeline | kTransportHasTimeSignature |
              (playing ? uint32_t(kTransportIsPlaying) : 0u) | (transport.looping() ? uint32_t(kTransportIsLoopActive) : 0u);
    e.songPosBeats = BeatTime(std::llround(c.projectTimeMusic * double(kBeatTimeFactor)));
    e.songPosSeconds = SecTime(std::llround(double(timeline) / o.sampleRate * double(kSecTimeFactor)));
    e.tempo = c.tempo;
    e.tempoInc = 0;
    e.loopStartBeats = BeatTime(std::llround(o.loopStartPpq * double(kBeatTimeFactor)));
    e.loopEndBeats = BeatTime(std::llround(o.loopEndPpq * double(kBeatTimeFactor)));
    e.barStart = BeatTime(std::llround(c.barPositionMusic * double(kBeatTimeFactor)));
    const double barLength = c.timeSigNumerator * 4.0 / c.timeSigDenominator;
    e.barNumber = int32_t(std::floor(c.barPositionMusic / barLength + 1e-9));
    e.tsigNum = uint16_t(c.timeSigNumerator);
    e.tsigDenom = uint16_t(c.timeSigDenominator);
    return e;
}

// A note (or a MIDI note) the plug-in sent: channel, pitch, on (velocity > 0) or off. False for anything else.
bool noteOf(const EventHeader& h, int& channel, int& pitch, int& velocity, bool& isOn, bool& midi) {
    if ((h.type == kEventNoteOn || h.type == kEventNoteOff) && h.size >= sizeof(EventNote)) {
        const auto& e = reinterpret_cast<const EventNote&>(h);
        channel = e.channel & 15;
        pitch = e.key & 127;
        velocity = int(std::lround(e.velocity * 127));
        isOn = h.type == kEventNoteOn && e.velocity > 0;
        midi = false;
        return true;
    }
    if (h.type == kEventMidi && h.size >= sizeof(EventMidi)) {
        const auto& e = reinterpret_cast<const EventMidi&>(h);
        const int status = e.data[0] & 0xF0;
        if (status != 0x90 && status != 0x80) return false;
        channel = e.data[0] & 15;
        pitch = e.data[1] & 127;
        velocity = e.data[2] & 127;
        isOn = status == 0x90 && velocity > 0;
        midi = true;
        return true;
    }
    return false;
}

// --reload-state: the first instance's state saved as a DAW saves a project (clap_plugin_state.save), loaded into a
// fresh instance as a DAW opens it (create, init, state.load, handed over in pieces), and every parameter compared.
StateReload reloadIntoFreshInstance(const ClapModule& module, ClapInstance& first, const SessionOptions& options,
                                    const ClapOptions& clapOptions, bool& accepted) {
    StateReload r;
    StateReloadRecord record(r);
    record.styleBefore(module.debugStats(), const_cast<Plugin*>(first.plugin));
    ClapMemoryStream saved;
    const clap::OStream out = saved.ostream();
    if (!first.state || !first.state->save(first.plugin, &out)) throw std::runtime_error("clap_plugin_state.save failed");
    r.componentStateBytes = saved.data.size();
    record.passOn(options, saved.data);

    ClapInstance fresh(clapOptions.noteDialects);
    fresh.plugin = module.create(fresh.host);
    if (!fresh.plugin || !fresh.plugin->init(fresh.plugin)) throw std::runtime_error("the fresh instance could not be created");
    fresh.params = clapExtension<PluginParams>(fresh.plugin, kExtParams);
    fresh.state = clapExtension<PluginState>(fresh.plugin, kExtState);
    if (!fresh.params || !fresh.state) throw std::runtime_error("the fresh instance lacks params or state");
    saved.position = 0;
    saved.readLimit = 1000;  // in pieces, as hosts may hand it over
    const clap::IStream in = saved.istream();
    accepted = fresh.state->load(fresh.plugin, &in);
    r.setStateResult = accepted ? 0 : 1;

    const uint32_t count = first.params->count(first.plugin);
    for (uint32_t i = 0; i < count; ++i) {
        ParamInfo info{};
        if (!first.params->getInfo(first.plugin, i, &info)) continue;
        const double range = info.maxValue > info.minValue ? info.maxValue - info.minValue : 1;
        record.compare(info.name, std::fabs(paramValue(first, info.id) - paramValue(fresh, info.id)) / range);
    }
    if (fresh.params->count(fresh.plugin) != count) r.parametersDiffering.push_back("(the parameter count)");
    for (const auto& [name, value] : options.params) {
        const ParamInfo info = findParam(fresh, name);
        record.requested(name, paramValue(fresh, info.id), value);
    }
    record.styleAfter(module.debugStats(), const_cast<Plugin*>(fresh.plugin));
    return r;  // fresh is destroyed here (never activated)
}

std::string figuresJson(const ClapFigures& f, const StateReload& reload) {
    std::ostringstream o;
    auto dialects = [](uint32_t d) {
        std::string s;
        if (d & kDialectClap) s += "clap";
        if (d & kDialectMidi) s += s.empty() ? "midi" : "+midi";
        return s.empty() ? std::string("none") : s;
    };
    o << "{\"host_note_dialects\": \"" << dialects(f.hostDialects) << "\", \"note_events_out_clap\": " << f.noteEventsOutClap
      << ", \"note_events_out_midi\": " << f.noteEventsOutMidi << ", \"out_of_order_events\": " << f.outOfOrderEvents
      << ", \"param_events_out\": " << f.paramEventsOut << ", \"flush_requests\": " << f.flushRequests
      << ", \"param_rescans\": " << f.rescans << ", \"timer_ticks\": " << f.timerTicks << ", \"state_dirty_marks\": " << f.dirtyMarks;
    if (reload.done) o << ", \"state_load_accepted\": " << (f.stateLoadAccepted ? "true" : "false");
    if (!f.editorJson.empty()) o << ", \"editor\": " << f.editorJson;
    o << "}";
    return o.str();
}

}  // namespace

std::string runClapSession(const SessionOptions& options, const ClapOptions& clapOptions) {
    checkSessionOptions(options);
    MidiFileData midi = readMidiFile(options.midiPath);
    platform::KeepOffAudioCore keepOff(options.dawThreads);
    const bool memoryLocked = options.dawThreads && platform::lockMemoryAsADawDoes();
    ClapModule module;
    module.load(options.bundle);
    countCallsFromModulesIn(module.binaryFolder());

    SessionReport report;
    ClapFigures figures;
    figures.hostDialects = clapOptions.noteDialects;
    report.memoryLocked = memoryLocked;
    report.sampleRate = options.sampleRate;
    report.blockSize = options.blockSize;

    std::vector<std::unique_ptr<ClapInstance>> instances;
    const double t0 = nowSeconds();
    for (int i = 0; i < options.instances; ++i) {
        auto in = std::make_unique<ClapInstance>(clapOptions.noteDialects);
        in->plugin = module.create(in->host);
        if (!in->plugin) throw std::runtime_error("the factory could not create the plug-in");
        if (!in->plugin->init(in->plugin)) throw std::runtime_error("init failed");
        in->params = clapExtension<PluginParams>(in->plugin, kExtParams);
        in->state = clapExtension<PluginState>(in->plugin, kExtState);
        if (!in->params || !in->state) throw std::runtime_error("the plug-in lacks the params or state extension");
        instances.push_back(std::move(in));
    }
    report.instantiateMs = (nowSeconds() - t0) * 1000.0 / options.instances;
    countCallsFromModulesIn(module.binaryFolder());

    for (auto& in : instances) {
        setParameter(*in, "output_channel", 16);  // suggestions on channel 16, so the report can tell them from thru
        for (const auto& [name, value] : options.params) setParameter(*in, name, value);
        if (!in->plugin->activate(in->plugin, options.sampleRate, 1, uint32_t(options.blockSize))) throw std::runtime_error("activate refused");
        in->active = true;
        in->buffers.allocate(options.blockSize);
    }

    std::vector<void*> handles;  // the instances as the debug export takes them
    for (auto& in : instances) handles.push_back(const_cast<Plugin*>(in->plugin));
    if (options.waitForModelSeconds > 0) report.modelWaitMs = waitForModels(module.debugStats(), handles, options.waitForModelSeconds);

    const SessionTimeline timeBase(options, midi);

    ClapEventList input;
    const bool notesAsClap = (clapOptions.noteDialects & kDialectClap) != 0;
    const bool midiTaken = (clapOptions.noteDialects & kDialectMidi) != 0;
    ProcessTimer timer(options.sampleRate);
    std::vector<MidiEventOut> outEvents;
    const bool keepOutput = !options.outMidi.empty();
    int notesIn = 0;
    BlockLoop blocks(timeBase, options, midi);
    MemoryMonitor monitor(options, module.debugStats(), handles);

    auto runBlocks = [&] {
        BlockLoop::Block block;
        while (blocks.next(block)) {
            const int n = block.n;
            const EventTransport transportNow = transportEvent(timeBase.transport(), block.start.timeline, block.playing, options);
            const double ppq = double(transportNow.songPosBeats) / double(kBeatTimeFactor);
            const double bpm = transportNow.tempo;

            input.clear();
            blocks.takeEvents(block, [&](const MidiEventIn& m, int32_t blockOffset) {
                const uint32_t offset = uint32_t(blockOffset);
                const uint8_t kind = m.status & 0xF0;
                if ((kind == 0x90 || kind == 0x80) && notesAsClap) {
                    EventNote e{};
                    e.header = EventHeader{sizeof(EventNote), offset, kCoreEventSpace, uint16_t(kind == 0x90 ? kEventNoteOn : kEventNoteOff), 0};
                    e.noteId = -1;
                    e.portIndex = 0;
                    e.channel = int16_t(m.status & 15);
                    e.key = int16_t(m.data1);
                    e.velocity = kind == 0x90 ? m.data2 / 127.0 : 0.0;
                    input.add(e.header);
                } else if ((kind == 0x90 || kind == 0x80 || kind == 0xB0) && midiTaken) {
                    EventMidi e{};
                    e.header = EventHeader{sizeof(EventMidi), offset, kCoreEventSpace, kEventMidi, 0};
                    e.portIndex = 0;
                    e.data[0] = m.status;
                    e.data[1] = m.data1;
                    e.data[2] = m.data2;
                    input.add(e.header);
                }
                if (kind == 0x90) ++notesIn;
            });
            for (auto& inPtr : instances) {
                ClapInstance& in = *inPtr;
                in.out.clear();
                AudioBuffer port{};
                port.channelCount = 2;
                if (options.sample64) port.data64 = in.buffers.channels64; else port.data32 = in.buffers.channels32;
                Process process{};
                process.steadyTime = block.start.position;
                process.framesCount = uint32_t(n);
                process.transport = &transportNow;
                process.audioOutputs = &port;
                process.audioOutputsCount = 1;
                process.inEvents = input.input();
                process.outEvents = in.out.output();
                timer.time([&] {
                    if (!in.processing) in.processing = in.plugin->startProcessing(in.plugin);
                    in.plugin->process(in.plugin, &process);
                }, n, &in == instances[0].get());
                ++report.processCalls;
                int noteOnsThisBlock = 0;
                uint32_t lastTime = 0;
                for (int i = 0; i < in.out.size(); ++i) {
                    const EventHeader& h = *in.out.at(i);
                    if (h.time < lastTime) ++figures.outOfOrderEvents;
                    lastTime = h.time;
                    if (h.type == kEventParamValue) { ++figures.paramEventsOut; continue; }
                    int channel = 0, pitch = 0, velocity = 0;
                    bool isOn = false, asMidi = false;
                    if (!noteOf(h, channel, pitch, velocity, isOn, asMidi)) continue;
                    (asMidi ? figures.noteEventsOutMidi : figures.noteEventsOutClap)++;
                    const int32_t offset = int32_t(h.time);
                    const double eventPpq = ppq + offset * bpm / 60.0 / options.sampleRate;
                    if (isOn) {
                        ++noteOnsThisBlock;
                        in.notes.noteOn(report, timeBase, block, int(&inPtr - &instances[0]), channel, pitch, offset, bpm);
                        if (keepOutput && &in == instances[0].get())
                            outEvents.push_back({eventPpq, uint8_t(0x90 | channel), uint8_t(pitch), uint8_t(velocity)});
                    } else {
                        in.notes.noteOff(channel, pitch);
                        if (keepOutput && &in == instances[0].get()) outEvents.push_back({eventPpq, uint8_t(0x80 | channel), uint8_t(pitch), 0});
                    }
                }
                report.maxNoteOnsInOneBlock = std::max(report.maxNoteOnsInOneBlock, noteOnsThisBlock);
            }
            blocks.finish(block);
        }
        // The host stops processing on the audio thread, as CLAP says.
        for (auto& in : instances)
            if (in->processing) { in->plugin->stopProcessing(in->plugin); in->processing = false; }
    };
    auto audioThread = [&] { configureAudioThread(options, report); runBlocks(); };
    if (clapOptions.editor) {
        std::atomic<bool> musicDone{false};
        std::thread audio([&] { audioThread(); musicDone.store(true); });
        try {
            ClapEditorOptions e;
            e.seconds = clapOptions.editorSeconds;
            e.scale = clapOptions.editorScale;
            e.resizeWidth = clapOptions.editorWidth;
            e.resizeHeight = clapOptions.editorHeight;
            e.readyFile = clapOptions.editorReady;
            const Plugin* first = instances[0]->plugin;
            auto stats = std::make_unique<AicpDebugStats>();
            bool haveStats = false;
            e.beforeClose = [&] { haveStats = module.debugStats() && module.debugStats()(const_cast<Plugin*>(first), stats.get()) == 0; };
            const ClapEditorReport r = runClapEditor(first, instances[0]->host, e, musicDone);
            figures.editorJson = clapEditorJson(r, haveStats ? stats.get() : nullptr, clapOptions.editorScale);
        } catch (...) {
            audio.join();
            throw;
        }
        audio.join();
    } else if (options.processOnOtherThread || options.dawThreads) {
        // This thread is the host's main thread meanwhile: it runs the timers the plug-ins registered, as a DAW's
        // main loop does.
        std::atomic<bool> musicDone{false};
        std::thread audio([&] { audioThread(); musicDone.store(true); });
        while (!musicDone.load()) {
            for (auto& in : instances) figures.timerTicks += uint64_t(in->host.runDueTimers(in->plugin));
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        audio.join();
    } else {
        runBlocks();
    }

    monitor.stop();

    if (options.reloadState) report.reload = reloadIntoFreshInstance(module, *instances[0], options, clapOptions, figures.stateLoadAccepted);

    for (auto& in : instances) {
        figures.flushRequests += uint64_t(in->host.flushRequests.load());
        figures.rescans += uint64_t(in->host.rescans.load());
        figures.dirtyMarks += uint64_t(in->host.dirtyMarks.load());
        if (module.debugStats()) {
            AicpDebugStats stats{};
            if (module.debugStats()(const_cast<Plugin*>(in->plugin), &stats) == 0) {
                addEngineFigures(report, stats);
                if (stats.engineMetricsValid) addTradeFigures(report, stats.engine);  // as the VST3 session reports them
            }
        }
        if (in->active) { in->plugin->deactivate(in->plugin); in->active = false; }
        report.stuckNotes += in->notes.stuck();
    }
    instances.clear();  // destroy
    if (module.liveInstances) report.liveInstancesAfter = module.liveInstances();

    finishReport(report, timer, notesIn);
    if (!options.outMidi.empty()) writeMidiFile(options.outMidi, outEvents, midi.firstTempoBpm);

    // The common report, and the "clap" object added before its closing brace.
    const StateReload& reload = report.reload;
    std::string json = report.toJson();
    const size_t close = json.rfind('}');
    json = json.substr(0, close);
    while (!json.empty() && (json.back() == '\n' || json.back() == ' ')) json.pop_back();
    json += ",\n  \"clap\": " + figuresJson(figures, reload) + "\n}\n";
    return json;
}

}  // namespace aicphost
