// aicp-host --clap: plays a MIDI file into instances of a CLAP plug-in as a DAW would, with the same time base
// (host_transport.h), the same measurements and the same report as the VST3 session (host_session.h): process() time
// against the block period, audio-thread allocations, locks and waits, suggested note-ons against the host's
// sixteenth grid, stuck notes, latency, state reload. Plus what only CLAP has: the note dialect the host takes, the
// output list's time order, parameter events from the plug-in, the GUI extension with the host's timers and fds.
#pragma once
#include <cstdint>
#include <string>
#include "clap_abi.h"
#include "host_session.h"

namespace aicphost {

struct ClapOptions {
    // The note dialects the host takes (clap_host_note_ports): notes go in as CLAP note events when it takes CLAP's,
    // else as MIDI; controllers go in as MIDI when it takes MIDI.
    uint32_t noteDialects = clap::kDialectClap | clap::kDialectMidi;
    // The editor through the GUI extension (Linux: an X11 window and the host's timers and fds), open while the music
    // plays and `editorSeconds` after.
    bool editor = false;
    double editorSeconds = 0, editorScale = 1;
    int editorWidth = 0, editorHeight = 0;  // when set, the user resizes the window to this after it opens
    std::string editorReady;                // written (with the window id) once the editor is on screen
};

// What the CLAP session found beyond the common report.
struct ClapFigures {
    uint32_t hostDialects = 0;
    uint64_t noteEventsOutClap = 0, noteEventsOutMidi = 0;  // note-ons and note-offs the plug-in sent, by dialect
    uint64_t outOfOrderEvents = 0;                          // output events earlier than the one before (CLAP forbids it)
    uint64_t paramEventsOut = 0;                            // parameter values the plug-in told the host of
    uint64_t flushRequests = 0, rescans = 0;
    uint64_t timerTicks = 0, dirtyMarks = 0;                // the main thread's timers; clap_host_state.mark_dirty
    bool stateLoadAccepted = true;                          // reload: clap_plugin_state.load returned true
    std::string editorJson;
};

// Throws std::runtime_error on a plug-in or file it cannot use. The report's JSON with a "clap" object added.
std::string runClapSession(const SessionOptions& options, const ClapOptions& clap);

}  // namespace aicphost
