/* Figures a test host can read from a loaded AiCoPilot instance (exported as aicp_debug_stats from AiCoPilot.so).
 * Not part of VST3; only our own host calls it, with the IComponent pointer it got from the factory. */
#ifndef AICOPILOT_DEBUG_H
#define AICOPILOT_DEBUG_H
#include <stdint.h>
#include "aicopilot_engine_abi.h"

#define AICP_LATENCY_SLOTS 256
#define AICP_EDITOR_FRAME_SLOTS 1024

typedef struct AicpDebugStats {
    uint64_t suggestionsReceived;  /* popped from the engine's ring */
    uint64_t droppedLate;          /* note-ons that arrived after their sample had passed: dropped, never played off it */
    uint64_t droppedFull;          /* scheduler queue full */
    uint64_t droppedOld;           /* made before the last transport jump */
    uint64_t outputOverflow;       /* output events beyond the per-block capacity */
    uint64_t inputOverflow;        /* records the input ring had no room for */
    uint32_t latencyCount;         /* phrases answered (latencies recorded, the last AICP_LATENCY_SLOTS kept) */
    uint32_t engineAvailable;
    double latencyMs[AICP_LATENCY_SLOTS]; /* phrase end (as heard) to the first suggestion reaching the audio thread */
    char status[1024];             /* the engine's status line, for people: model loaded or why not, key, phrases */
    uint32_t editorOpen;           /* an editor is attached */
    uint32_t editorFrames;         /* frames it has drawn (the last AICP_EDITOR_FRAME_SLOTS durations kept) */
    double editorOpenMs;           /* attached() to the first frame on screen */
    double editorFrameMs[AICP_EDITOR_FRAME_SLOTS]; /* idle calls that drew: events, drawing and the blit */
    uint32_t chordCount;           /* play-along chords (note-ons on their own channel at a new time) taken from the ring */
    uint32_t chordsLate;           /* of them, taken after their time: they could not sound on their beat */
    double chordLeadMs[AICP_LATENCY_SLOTS]; /* how long before its time each chord reached the audio thread (last kept) */
    uint64_t hostEventsDropped;    /* input events and parameter points beyond what a block takes */
    uint32_t engineMetricsValid;   /* the engine gave its figures (engine below) */
    uint32_t reserved;
    AicpEngineMetrics engine;      /* the engine's figures, typed (aicp_engine_metrics) */
} AicpDebugStats;

typedef int32_t (*aicp_debug_stats_fn)(void* component, AicpDebugStats* out);

#endif
