#include "host_session.h"
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>
#include "alloc_counter.h"
#include "host_objects.h"
#include "host_platform.h"
#include "host_transport.h"
#include "plugin_loader.h"
#include "session_figures.h"
#include "session_timeline.h"
#include "state_reload.h"

namespace aicphost {
namespace {

using namespace vst3;

using platform::nowSeconds;

struct Instance {
    IComponent* component = nullptr;
    IAudioProcessor* processor = nullptr;
    IEditController* controller = nullptr;
    IMidiMapping* mapping = nullptr;
    EventList out{8192};
    ParameterChanges changes;
    StereoBuffers buffers;
    OutputNotes notes;

    ~Instance() {
        if (mapping) mapping->release();
        if (controller) controller->release();
        if (processor) processor->release();
        if (component) component->release();
    }
};

void setParameter(Instance& in, const std::string& name, double plain) {
    const int count = in.controller->getParameterCount();
    for (int i = 0; i < count; ++i) {
        ParameterInfo info{};
        if (in.controller->getParameterInfo(i, info) != kResultOk) continue;
        std::string title;
        for (int k = 0; k < 128 && info.title[k]; ++k) title.push_back(char(info.title[k]));
        if (namesParameter(name, title, info.id)) {
            in.controller->setParamNormalized(info.id, in.controller->plainParamToNormalized(info.id, plain));
            return;
        }
    }
    throw std::runtime_error("the plug-in has no parameter '" + name + "'");
}

}  // namespace

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return -1;
    std::sort(v.begin(), v.end());
    double rank = p / 100.0 * (v.size() - 1);
    size_t lo = size_t(std::floor(rank)), hi = std::min(v.size() - 1, lo + 1);
    return v[lo] + (v[hi] - v[lo]) * (rank - lo);
}

double residentKiBNow() { return platform::residentKiB(); }

static std::string titleOf(const ParameterInfo& info) {
    std::string title;
    for (int k = 0; k < 128 && info.title[k]; ++k) title.push_back(char(info.title[k]));
    return title;
}

// --reload-state: the first instance's state saved as a DAW saves a project, loaded into a fresh instance from the same
// factory as a DAW opens it (setState, then the controller's setComponentState and setState), and compared.
static StateReload reloadIntoFreshInstance(const PluginModule& module, Instance& first, const SessionOptions& options) {
    StateReload r;
    StateReloadRecord record(r);
    record.styleBefore(module.debugStats(), first.component);
    MemoryStream componentState, controllerState;
    if (first.component->getState(&componentState) != kResultOk) throw std::runtime_error("getState failed");
    first.controller->getState(&controllerState);  // a separate controller's own state (this plug-in has none)
    r.componentStateBytes = componentState.data.size();
    r.controllerStateBytes = controllerState.data.size();
    record.passOn(options, componentState.data);

    Instance fresh;
    fresh.component = module.createComponent();
    if (!fresh.component || fresh.component->initialize(nullptr) != kResultOk) throw std::runtime_error("the fresh instance could not be created");
    fresh.controller = query<IEditController>(fresh.component, kIEditControllerIid);
    if (!fresh.controller) throw std::runtime_error("the fresh instance lacks IEditController");
    fresh.controller->initialize(nullptr);
    componentState.position = 0;
    r.setStateResult = fresh.component->setState(&componentState);
    componentState.position = 0;
    fresh.controller->setComponentState(&componentState);
    controllerState.position = 0;
    fresh.controller->setState(&controllerState);

    const int count = first.controller->getParameterCount();
    for (int i = 0; i < count; ++i) {
        ParameterInfo info{};
        if (first.controller->getParameterInfo(i, info) != kResultOk) continue;
        record.compare(titleOf(info), std::fabs(first.controller->getParamNormalized(info.id) - fresh.controller->getParamNormalized(info.id)));
    }
    if (fresh.controller->getParameterCount() != count) r.parametersDiffering.push_back("(the parameter count)");
    for (const auto& [name, value] : options.params) {
        for (int i = 0; i < count; ++i) {
            ParameterInfo info{};
            if (fresh.controller->getParameterInfo(i, info) != kResultOk) continue;
            if (!namesParameter(name, titleOf(info), info.id)) continue;
            record.requested(name, fresh.controller->normalizedParamToPlain(info.id, fresh.controller->getParamNormalized(info.id)), value);
        }
    }
    record.styleAfter(module.debugStats(), fresh.component);
    fresh.controller->terminate();
    fresh.component->terminate();
    return r;
}

void checkSessionOptions(const SessionOptions& options) {
    if (options.blockSize < 1 || options.blockSize > 8192) throw std::runtime_error("block size must be 1..8192");
    if (!(options.sampleRate >= 8000 && options.sampleRate <= 384000)) throw std::runtime_error("sample rate out of range");
    if (options.instances < 1 || options.instances > 64) throw std::runtime_error("instances must be 1..64");
}

SessionReport runSession(const SessionOptions& options) {
    checkSessionOptions(options);
    MidiFileData midi = readMidiFile(options.midiPath);
    // Keeps this thread and the threads it creates (the engine threads, the model loaders) off the audio core for the
    // session, and restores its affinity after.
    platform::KeepOffAudioCore keepOff(options.dawThreads);
    const bool memoryLocked = options.dawThreads && platform::lockMemoryAsADawDoes();
    PluginModule module;
    module.load(options.bundle);

    SessionReport report;
    report.memoryLocked = memoryLocked;
    report.sampleRate = options.sampleRate;
    report.blockSize = options.blockSize;

    std::vector<std::unique_ptr<Instance>> instances;
    double t0 = nowSeconds();
    for (int i = 0; i < options.instances; ++i) {
        auto in = std::make_unique<Instance>();
        in->component = module.createComponent();
        if (!in->component) throw std::runtime_error("the factory could not create the component");
        if (in->component->initialize(nullptr) != kResultOk) throw std::runtime_error("initialize failed");
        in->processor = query<IAudioProcessor>(in->component, kIAudioProcessorIid);
        in->controller = query<IEditController>(in->component, kIEditControllerIid);
        in->mapping = query<IMidiMapping>(in->component, kIMidiMappingIid);
        if (!in->processor || !in->controller) throw std::runtime_error("the component lacks IAudioProcessor or IEditController");
        in->controller->initialize(nullptr);
        instances.push_back(std::move(in));
    }
    report.instantiateMs = (nowSeconds() - t0) * 1000.0 / options.instances;
    countCallsFromModulesIn(module.binaryFolder());  // the modules the instances loaded (already counted where it can tell)

    for (auto& in : instances) {
        setParameter(*in, "output_channel", 16);  // suggestions on channel 16, so the report can tell them from thru
        for (const auto& [name, value] : options.params) setParameter(*in, name, value);
        for (int dir = 0; dir < 2; ++dir) in->component->activateBus(kEvent, dir, 0, 1);
        in->component->activateBus(kAudio, kOutput, 0, 1);
        SpeakerArrangement stereo = kStereo;
        in->processor->setBusArrangements(nullptr, 0, &stereo, 1);
        ProcessSetup setup{kRealtime, options.sample64 ? kSample64 : kSample32, options.blockSize, options.sampleRate};
        if (in->processor->setupProcessing(setup) != kResultOk) throw std::runtime_error("setupProcessing refused");
        in->component->setActive(1);
        in->processor->setProcessing(1);
        in->buffers.allocate(options.blockSize);
    }

    std::vector<void*> handles;  // the instances as the debug export takes them
    for (auto& in : instances) handles.push_back(in->component);
    if (options.waitForModelSeconds > 0) report.modelWaitMs = waitForModels(module.debugStats(), handles, options.waitForModelSeconds);

    const SessionTimeline timeBase(options, midi);

    EventList input(4096);
    ProcessTimer timer(options.sampleRate);
    std::vector<MidiEventOut> outEvents;  // what instance 0 sent, kept only for --out
    const bool keepOutput = !options.outMidi.empty();
    std::vector<int16_t> wav;
    int notesIn = 0;
    BlockLoop blocks(timeBase, options, midi);
    MemoryMonitor monitor(options, module.debugStats(), handles);

    auto runBlocks = [&] {
        BlockLoop::Block block;
        while (blocks.next(block)) {
            const int n = block.n;
            ProcessContext context = timeBase.transport().context(block.start.timeline, block.playing);
            const double ppq = context.projectTimeMusic;
            const double bpm = context.tempo;

            input.clear();
            std::vector<std::pair<int32_t, const MidiEventIn*>> controllers;
            blocks.takeEvents(block, [&](const MidiEventIn& m, int32_t offset) {
                Event e{};
                e.sampleOffset = offset;
                e.ppqPosition = ppq;  // as Ardour does: the block's position
                uint8_t kind = m.status & 0xF0;
                if (kind == 0x90) {
                    e.type = Event::kNoteOnEvent;
                    e.noteOn = NoteOnEvent{int16_t(m.status & 15), int16_t(m.data1), 0.f, m.data2 / 127.f, 0, -1};
                    input.addEvent(e);
                    ++notesIn;
                } else if (kind == 0x80) {
                    e.type = Event::kNoteOffEvent;
                    e.noteOff = NoteOffEvent{int16_t(m.status & 15), int16_t(m.data1), 0.f, -1, 0.f};
                    input.addEvent(e);
                } else if (kind == 0xB0) {
                    controllers.emplace_back(offset, &m);
                }
            });
            for (auto& inPtr : instances) {
                Instance& in = *inPtr;
                in.out.clear();
                in.changes.clear();
                for (auto& [offset, m] : controllers) {  // MIDI CCs become parameter changes through IMidiMapping
                    ParamID id;
                    if (in.mapping && in.mapping->getMidiControllerAssignment(0, int16_t(m->status & 15), CtrlNumber(m->data1), id) == kResultTrue)
                        in.changes.add(id, offset, m->data2 / 127.0);
                }
                AudioBusBuffers bus{};
                bus.numChannels = 2;
                if (options.sample64) bus.channelBuffers64 = in.buffers.channels64; else bus.channelBuffers32 = in.buffers.channels32;
                ProcessData data{};
                data.processMode = kRealtime;
                data.symbolicSampleSize = options.sample64 ? kSample64 : kSample32;
                data.numSamples = n;
                data.numOutputs = 1;
                data.outputs = &bus;
                data.inputParameterChanges = &in.changes;
                data.inputEvents = &input;
                data.outputEvents = &in.out;
                data.processContext = &context;
                timer.time([&] { in.processor->process(data); }, n, &in == instances[0].get());
                ++report.processCalls;
                int noteOnsThisBlock = 0;
                for (int i = 0; i < in.out.getEventCount(); ++i) noteOnsThisBlock += in.out.at(i).type == Event::kNoteOnEvent;
                report.maxNoteOnsInOneBlock = std::max(report.maxNoteOnsInOneBlock, noteOnsThisBlock);
                for (int i = 0; i < in.out.getEventCount(); ++i) {
                    const Event& e = in.out.at(i);
                    double eventPpq = ppq + e.sampleOffset * bpm / 60.0 / options.sampleRate;
                    if (e.type == Event::kNoteOnEvent) {
                        in.notes.noteOn(report, timeBase, block, int(&inPtr - &instances[0]), e.noteOn.channel, e.noteOn.pitch, e.sampleOffset, bpm);
                        if (keepOutput && &in == instances[0].get())
                            outEvents.push_back({eventPpq, uint8_t(0x90 | (e.noteOn.channel & 15)), uint8_t(e.noteOn.pitch), uint8_t(std::lround(e.noteOn.velocity * 127))});
                    } else if (e.type == Event::kNoteOffEvent) {
                        in.notes.noteOff(e.noteOff.channel, e.noteOff.pitch);
                        if (keepOutput && &in == instances[0].get())
                            outEvents.push_back({eventPpq, uint8_t(0x80 | (e.noteOff.channel & 15)), uint8_t(e.noteOff.pitch), 0});
                    }
                }
                if (!options.outWav.empty() && &in == instances[0].get())
                    for (int i = 0; i < n; ++i) {
                        double l = options.sample64 ? in.buffers.left64[size_t(i)] : in.buffers.left[size_t(i)];
                        double r = options.sample64 ? in.buffers.right64[size_t(i)] : in.buffers.right[size_t(i)];
                        wav.push_back(int16_t(std::lround(std::clamp(l, -1.0, 1.0) * 32767)));
                        wav.push_back(int16_t(std::lround(std::clamp(r, -1.0, 1.0) * 32767)));
                    }
            }
            blocks.finish(block);
        }
    };
    auto audioThread = [&] { configureAudioThread(options, report); runBlocks(); };
    // The music on an audio thread of its own while `ui` runs on this (the UI) thread, until the music is over.
    auto withUiThread = [&](const std::function<void(const std::atomic<bool>& musicDone)>& ui) {
        std::atomic<bool> musicDone{false};
        std::thread audio([&] { audioThread(); musicDone.store(true); });
        try {
            ui(musicDone);
        } catch (...) {
            audio.join();
            throw;
        }
        audio.join();
    };
    IComponent* first = instances[0]->component;
    if (options.uiThread) {
        auto stats = [&module, first](AicpDebugStats& out) { return module.debugStats() && module.debugStats()(first, &out) == 0; };
        withUiThread([&](const std::atomic<bool>& musicDone) { report.editorJson = options.uiThread(instances[0]->controller, stats, musicDone); });
    } else if (options.saveStateEveryMs > 0) {
        // A DAW saving its project while the co-pilot answers: getState on this (UI) thread, timed.
        auto stats = std::make_unique<AicpDebugStats>();
        auto writing = [&] {
            return module.debugStats() && module.debugStats()(first, stats.get()) == 0 && stats->engineMetricsValid && stats->engine.answering != 0;
        };
        withUiThread([&](const std::atomic<bool>& musicDone) {
            while (!musicDone.load()) {
                const bool before = writing();
                MemoryStream state;
                const double t = nowSeconds();
                first->getState(&state);
                const double ms = (nowSeconds() - t) * 1000.0;
                const bool after = writing();
                const bool during = before || after;
                if (before && after) ++report.hostCallsReturnedWhileAnswering;
                ++report.hostCalls;
                report.hostCallMsMax = std::max(report.hostCallMsMax, ms);
                if (during) {
                    ++report.hostCallsDuringGeneration;
                    report.hostCallMsMaxDuringGeneration = std::max(report.hostCallMsMaxDuringGeneration, ms);
                }
                std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(options.saveStateEveryMs));
            }
        });
    } else if (options.processOnOtherThread || options.dawThreads) {
        std::thread audio(audioThread);
        audio.join();
    } else {
        runBlocks();
    }

    monitor.stop();

    if (options.reloadState) report.reload = reloadIntoFreshInstance(module, *instances[0], options);

    for (auto& in : instances) {
        if (module.debugStats()) {
            AicpDebugStats stats{};
            if (module.debugStats()(in->component, &stats) == 0) {
                addEngineFigures(report, stats);
                if (stats.engineMetricsValid) addTradeFigures(report, stats.engine);
            }
        }
        in->processor->setProcessing(0);
        in->component->setActive(0);
        in->controller->terminate();
        in->component->terminate();
        report.stuckNotes += in->notes.stuck();
    }
    instances.clear();
    if (module.liveInstances) report.liveInstancesAfter = module.liveInstances();

    finishReport(report, timer, notesIn);

    if (!options.outMidi.empty()) writeMidiFile(options.outMidi, outEvents, midi.firstTempoBpm);
    if (!options.outWav.empty()) {
        std::ofstream f(platform::filePath(options.outWav), std::ios::binary);
        if (!f) throw std::runtime_error("cannot write " + options.outWav);
        auto u32 = [&](uint32_t v) { f.write(reinterpret_cast<const char*>(&v), 4); };
        auto u16 = [&](uint16_t v) { f.write(reinterpret_cast<const char*>(&v), 2); };
        uint32_t bytes = uint32_t(wav.size() * 2);
        f.write("RIFF", 4); u32(36 + bytes); f.write("WAVEfmt ", 8); u32(16); u16(1); u16(2);
        u32(uint32_t(options.sampleRate)); u32(uint32_t(options.sampleRate) * 4); u16(4); u16(16);
        f.write("data", 4); u32(bytes);
        f.write(reinterpret_cast<const char*>(wav.data()), std::streamsize(bytes));
    }
    return report;
}

static std::string jsonEscape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '"' || c == '\\') { out += '\\'; out += c; }
        else if (static_cast<unsigned char>(c) < 0x20) out += ' ';
        else out += c;
    }
    return out;
}

static std::string reloadJson(const StateReload& r) {
    std::ostringstream o;
    o.precision(6);
    o << "{\"source\": \"" << jsonEscape(r.source) << "\", \"component_state_bytes\": " << r.componentStateBytes
      << ", \"controller_state_bytes\": " << r.controllerStateBytes << ", \"set_state_result\": " << r.setStateResult
      << ", \"parameters_compared\": " << r.parametersCompared
      << ", \"parameters_equal\": " << (r.parametersDiffering.empty() ? "true" : "false")
      << ", \"parameters_max_difference\": " << r.parametersMaxDifference << ", \"parameters_differing\": [";
    for (size_t i = 0; i < r.parametersDiffering.size(); ++i) o << (i ? ", " : "") << "\"" << jsonEscape(r.parametersDiffering[i]) << "\"";
    o << "], \"requested_params_after\": {";
    for (size_t i = 0; i < r.requestedAfter.size(); ++i)
        o << (i ? ", " : "") << "\"" << jsonEscape(r.requestedAfter[i].first) << "\": " << r.requestedAfter[i].second;
    o << "}, \"requested_params_back\": " << (r.requestedBack ? "true" : "false")
      << ", \"style_kib_before\": " << r.styleKiBBefore << ", \"style_kib_after\": " << r.styleKiBAfter
      << ", \"style_contexts_before\": " << r.styleContextsBefore << ", \"style_contexts_after\": " << r.styleContextsAfter
      << ", \"status_after\": \"" << jsonEscape(r.statusAfter) << "\"}";
    return o.str();
}

static const char* modelStateName(int state) {
    switch (state) {
        case AICP_MODEL_LOADING: return "loading";
        case AICP_MODEL_READY: return "ready";
        case AICP_MODEL_STYLE_ONLY: return "style_only";
        case AICP_MODEL_STOPPED: return "stopped";
        default: return "unknown";  // no engine, or it gave no figures
    }
}

std::string offGridJson(const GridCheck& grid) {
    std::ostringstream o;
    o.precision(6);
    o << "[";
    for (size_t i = 0; i < grid.offGridNotes.size(); ++i) {
        const GridCheck::OffGrid& g = grid.offGridNotes[i];
        o << (i ? ", " : "") << "{\"instance\": " << g.instance << ", \"timeline\": " << g.timeline << ", \"offset\": " << g.offset
          << ", \"block\": " << g.blockLength << ", \"error_samples\": " << g.error << ", \"bpm\": " << g.bpm
          << ", \"samples_since_wrap\": " << g.samplesSinceWrap << ", \"samples_since_tempo_change\": " << g.samplesSinceTempoChange
          << ", \"samples_since_suggestion\": " << g.samplesSinceSuggestion << "}";
    }
    o << "]";
    return o.str();
}

std::string SessionReport::toJson() const {
    std::ostringstream o;
    o.precision(6);
    o << "{\n"
      << "  \"sample_rate\": " << sampleRate << ",\n"
      << "  \"block_size\": " << blockSize << ",\n"
      << "  \"process_fraction_p50\": " << fractionP50 << ",\n"
      << "  \"process_fraction_p99\": " << fractionP99 << ",\n"
      << "  \"process_fraction_p999\": " << fractionP999 << ",\n"
      << "  \"process_fraction_max\": " << fractionMax << ",\n"
      << "  \"machine_fraction_p50\": " << machineFractionP50 << ",\n"
      << "  \"machine_fraction_p999\": " << machineFractionP999 << ",\n"
      << "  \"machine_fraction_max\": " << machineFractionMax << ",\n"
      << "  \"audio_thread_allocations\": " << audioThreadAllocations << ",\n"
      << "  \"audio_thread_locks_waits_and_writes\": " << audioThreadWaitsAndIo << ",\n"
      << "  \"audio_thread_counting\": \"" << jsonEscape(counting.method) << "\",\n";
    if (counting.modules >= 0) {
        std::string names;
        for (const std::string& name : counting.moduleNames) names += (names.empty() ? "\"" : ", \"") + jsonEscape(name) + "\"";
        o << "  \"counted_modules\": [" << names << "],\n"
          << "  \"counted_imports\": " << counting.imports << ",\n"
          << "  \"counted_functions_called\": " << counting.functionsCalled << ",\n";
    }
    o << "  \"first_note_latency_ms_p50\": " << latencyP50 << ",\n"
      << "  \"first_note_latency_ms_p99\": " << latencyP99 << ",\n"
      << "  \"phrases_answered\": " << latenciesMs.size() << ",\n"
      << "  \"chords_played\": " << chordsPlayed << ",\n"
      << "  \"chords_late\": " << chordsLate << ",\n"
      << "  \"chord_lead_ms_p1\": " << chordLeadP1 << ",\n"
      << "  \"chord_lead_ms_p50\": " << chordLeadP50 << ",\n"
      << "  \"trade_answers\": " << tradeAnswers << ",\n"
      << "  \"answers_late\": " << tradeAnswersLate << ",\n"
      << "  \"trade_lead_ms_min\": " << tradeLeadMsMin << ",\n"
      << "  \"trade_lead_ms_p1\": " << tradeLeadMsP1 << ",\n"
      << "  \"trade_lead_ms_p50\": " << tradeLeadMsP50 << ",\n"
      << "  \"notes_in\": " << notesIn << ",\n"
      << "  \"notes_out\": " << notesOut << ",\n"
      << "  \"suggested_notes\": " << suggestedNotes << ",\n"
      << "  \"stuck_notes\": " << stuckNotes << ",\n"
      << "  \"process_calls\": " << processCalls << ",\n"
      << "  \"instantiate_ms\": " << instantiateMs << ",\n"
      << "  \"engine_available\": " << (engineAvailable ? "true" : "false") << ",\n"
      << "  \"dropped_late\": " << droppedLate << ",\n"
      << "  \"dropped_old\": " << droppedOld << ",\n"
      << "  \"input_overflow\": " << inputOverflow << ",\n"
      << "  \"max_note_ons_in_one_block\": " << maxNoteOnsInOneBlock << ",\n"
      << "  \"audio_thread_sched_fifo\": " << (audioThreadFifo ? "true" : "false") << ",\n"
      << "  \"audio_thread_priority\": \"" << jsonEscape(audioThreadPriority) << "\",\n"
      << "  \"audio_thread_cpu\": " << audioThreadCpu << ",\n"
      << "  \"memory_locked\": " << (memoryLocked ? "true" : "false") << ",\n"
      << "  \"host_calls\": " << hostCalls << ",\n"
      << "  \"host_call_ms_max\": " << hostCallMsMax << ",\n"
      << "  \"host_calls_during_generation\": " << hostCallsDuringGeneration << ",\n"
      << "  \"host_call_ms_max_during_generation\": " << hostCallMsMaxDuringGeneration << ",\n"
      << "  \"host_calls_returned_while_answering\": " << hostCallsReturnedWhileAnswering << ",\n"
      << "  \"grid_note_ons\": " << grid.count << ",\n"
      << "  \"grid_off_note_ons\": " << grid.offGrid << ",\n"
      << "  \"grid_error_min_samples\": " << grid.minError << ",\n"
      << "  \"grid_error_max_samples\": " << grid.maxError << ",\n"
      << "  \"grid_off_note_ons_kept\": " << offGridJson(grid) << ",\n"
      << "  \"live_instances_after\": " << liveInstancesAfter << ",\n"
      << "  \"style_memory_kib\": " << styleMemoryKiB << ",\n"
      << "  \"engine_model_state\": \"" << modelStateName(engineModelState) << "\",\n"
      << "  \"engine_phrases_answered\": " << enginePhrasesAnswered << ",\n"
      << "  \"engine_chords_played\": " << engineChordsPlayed << ",\n"
      << "  \"engine_suggestions_dropped\": " << engineSuggestionsDropped << ",\n"
      << "  \"managed_heap_mib\": " << managedHeapMiB << ",\n";
    if (modelWaitMs >= 0) o << "  \"model_wait_ms\": " << modelWaitMs << ",\n";
    if (reload.done) o << "  \"reload_state\": " << reloadJson(reload) << ",\n";
    o << "  \"engine_status\": \"" << jsonEscape(engineStatus) << "\"" << (editorJson.empty() ? "" : ",\n  \"editor\": " + editorJson) << "\n"
      << "}\n";
    return o.str();
}

}  // namespace aicphost
