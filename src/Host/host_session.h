// Plays a MIDI file into one or more instances of a VST3 bundle as a DAW would, and measures what happens:
// process() time against the block period, audio-thread allocations, phrase-end-to-suggestion latency, notes in and
// out, stuck notes. Used by the aicp-host command and by the native tests.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>
#include "aicopilot_debug.h"
#include "alloc_counter.h"
#include "midi_file.h"
#include "vst3_abi.h"

namespace aicphost {

struct SessionOptions {
    std::string bundle;
    std::string midiPath;
    std::string outMidi;
    std::string outWav;
    double sampleRate = 48000;
    int blockSize = 128;
    bool randomBlockSizes = false;  // a random size from 1 to blockSize on every call
    bool sample64 = false;
    double speed = 0;  // 0: as fast as possible; 1: real time; 8: eight times real time
    int instances = 1;
    double tailSeconds = 12;
    std::vector<std::pair<std::string, double>> params;  // plain values by title or string ID, set before processing
    bool processOnOtherThread = false;  // process() on a thread other than the one that set up
    bool stopped = false;               // the transport never rolls (as in a DAW while the player just plays)
    double loopStartPpq = 0, loopEndPpq = 0;  // when end > start, the transport loops over [start, end)
    double tempoBpm = 0;                       // > 0: the timeline runs at this tempo instead of the file's
    std::vector<std::pair<double, double>> tempoChanges;  // further (ppq, bpm) changes of the timeline's tempo map
    int ppqResolution = 0;                     // N > 0: projectTimeMusic rounded to 1/N quarter (Ardour 7: 1920)
    uint64_t seed = 1;
    // When set, process() runs on its own thread and this runs on the calling thread (the UI thread) with the first
    // instance's controller, a way to read its debug figures, and a flag set when the music is over. It returns a
    // JSON object for the report's "editor" key.
    std::function<std::string(vst3::IEditController*, const std::function<bool(AicpDebugStats&)>&, const std::atomic<bool>&)> uiThread;
    // When set, a thread of its own appends "seconds resident_kib style_kib heap_mib committed_mib native_used_kib
    // native_held_kib live_mib allocated_mib full_collections pause_ms style_allocated_kib" (style: what the learned
    // contents fill, style_allocated: the arrays holding them; live: what survived the last full collection) to this
    // file every monitorSeconds (for the soak's memory figures: the learned style grows by design up to its limits).
    std::string monitorPath;
    // > 0: the UI thread saves the first instance's state (getState) this often while the music plays, as a DAW
    // saving its project, and times each call (host_call_ms_*; "during generation" while the engine says it is
    // writing an answer).
    double saveStateEveryMs = 0;
    // As a DAW runs its audio thread: SCHED_FIFO when the system permits it (and the host paces blocks in real time),
    // on a core of its own where there are two or more, the instances' engine threads on the others.
    bool dawThreads = false;
    double monitorSeconds = 60;
    // > 0: before the music, wait up to this many seconds for every instance's model to have loaded or failed (the
    // engine's status no longer says "model loading"), polling the status; the report says how long it took.
    double waitForModelSeconds = 0;
    // After the music: save the first instance's state (IComponent::getState, and the controller's), create a fresh
    // instance from the same factory, load the state into it (setState, the controller's setComponentState and
    // setState), and compare every parameter and the learned style's size (SessionReport::reload).
    bool reloadState = false;
    std::string stateOut;  // with reloadState: the saved component state is also written to this file
    std::string stateIn;   // with reloadState: the fresh instance loads this file instead (a damaged state, say)
};

// What --reload-state found.
struct StateReload {
    bool done = false;
    std::string source;  // "saved" (the first instance's state) or the file it was loaded from
    size_t componentStateBytes = 0, controllerStateBytes = 0;
    int32_t setStateResult = 0;  // the fresh instance's IComponent::setState
    int parametersCompared = 0;
    double parametersMaxDifference = 0;   // normalized
    std::vector<std::string> parametersDiffering;  // titles of those that differ by more than 1e-9
    std::vector<std::pair<std::string, double>> requestedAfter;  // each --param, its plain value after the reload
    bool requestedBack = true;                                   // ... equal to the value asked for
    double styleKiBBefore = 0, styleKiBAfter = 0;                // what the learned style fills (the engine's figures)
    double styleContextsBefore = 0, styleContextsAfter = 0;      // its contexts
    std::string statusAfter;
};

// Suggested note-ons (channel 16) against the host's sixteenth grid, in samples of its own tempo map.
// Each off-grid note-on is kept (the first kOffGridKept) with where it was, to tell what put it there.
struct GridCheck {
    struct OffGrid {
        int instance = 0;
        int64_t timeline = 0;          // the note-on's sample on the host's timeline
        int32_t offset = 0;            // in its block
        int32_t blockLength = 0;
        int64_t error = 0;             // samples after its sixteenth (negative: before)
        double bpm = 0;                // the tempo at the block's start
        int64_t samplesSinceWrap = -1;         // since the transport last wrapped at the loop end (-1: never)
        int64_t samplesSinceTempoChange = -1;  // since the tempo segment holding the note began (-1: the first)
        int64_t samplesSinceSuggestion = -1;   // since this instance's previous suggested note-on (-1: none): a long
                                               // gap makes it the first note of an answer
    };
    static constexpr int kOffGridKept = 32;
    int count = 0, offGrid = 0;
    int64_t minError = 0, maxError = 0;
    std::vector<OffGrid> offGridNotes;
    void add(int64_t error, const OffGrid& where) {
        if (count == 0 || error < minError) minError = error;
        if (count == 0 || error > maxError) maxError = error;
        ++count;
        if (error == 0) return;
        ++offGrid;
        if (int(offGridNotes.size()) < kOffGridKept) offGridNotes.push_back(where);
    }
};

struct SessionReport {
    double sampleRate = 0;
    int blockSize = 0;
    double fractionP50 = 0, fractionP99 = 0, fractionP999 = 0, fractionMax = 0;
    // A fixed workload of about process()'s size timed the same way: what the machine alone adds to the figures above.
    double machineFractionP50 = 0, machineFractionP999 = 0, machineFractionMax = 0;
    uint64_t audioThreadAllocations = 0;
    uint64_t audioThreadWaitsAndIo = 0;
    std::vector<double> latenciesMs;
    double latencyP50 = -1, latencyP99 = -1;
    // Play-along: chords taken by the audio thread, those taken after their time, and how long before it the rest came.
    uint64_t chordsPlayed = 0, chordsLate = 0;
    std::vector<double> chordLeadsMs;
    double chordLeadP1 = -1, chordLeadP50 = -1;
    int notesIn = 0, notesOut = 0, suggestedNotes = 0, stuckNotes = 0;
    uint64_t processCalls = 0;
    double instantiateMs = 0;
    bool engineAvailable = false;
    int liveInstancesAfter = -1;
    uint64_t droppedLate = 0, droppedOld = 0, inputOverflow = 0;  // late: note-ons that came after their time
    int maxNoteOnsInOneBlock = 0;  // a burst after a jump would show here
    GridCheck grid;
    bool audioThreadFifo = false;  // real-time priority was granted (Linux SCHED_FIFO; Windows MMCSS or TIME_CRITICAL)
    std::string audioThreadPriority = "normal";  // what was granted, in words
    int audioThreadCpu = -1;       // the core it was pinned to, -1: not pinned
    bool memoryLocked = false;     // mlockall as a DAW does (with the DAW threads)
    int hostCalls = 0, hostCallsDuringGeneration = 0;
    // getState calls that began and returned while the engine was still writing an answer: proof that saving does not
    // wait for the answer (counted, not timed, so a busy machine cannot fail it).
    int hostCallsReturnedWhileAnswering = 0;
    double hostCallMsMax = 0, hostCallMsMaxDuringGeneration = 0;
    std::string engineStatus;   // the status line of the last instance, for people
    int engineModelState = -1;  // AicpModelState of the last instance (-1: no figures)
    int64_t enginePhrasesAnswered = 0, engineChordsPlayed = 0, engineSuggestionsDropped = 0;  // all instances
    // Trading bars, from the engines' figures: answers decided on the co-pilot's turns and those decided after their
    // downbeat (all instances); how long before its downbeat each was decided (the smallest instance's figures).
    int64_t tradeAnswers = 0, tradeAnswersLate = 0;
    double tradeLeadMsMin = -1, tradeLeadMsP1 = -1, tradeLeadMsP50 = -1;
    double managedHeapMiB = 0;
    std::string editorJson;  // from SessionOptions::uiThread
    double styleMemoryKiB = 0;  // the learned style models, all instances
    double modelWaitMs = -1;    // SessionOptions::waitForModelSeconds: how long the wait took
    CountingInfo counting;      // how audio-thread calls were counted
    StateReload reload;
    std::string toJson() const;
};

// Throws std::runtime_error on a bundle or file it cannot use.
SessionReport runSession(const SessionOptions& options);

// Throws std::runtime_error on a block size, sample rate or instance count the sessions do not play with.
void checkSessionOptions(const SessionOptions& options);

double percentile(std::vector<double> values, double p);

// The off-grid note-ons kept, as a JSON array (what the report's "grid_off_note_ons_kept" holds).
std::string offGridJson(const GridCheck& grid);

// This process's resident memory, in KiB (host_platform.h).
double residentKiBNow();


}  // namespace aicphost
