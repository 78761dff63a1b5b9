/* The one contract between the C++ wrapper and the C# engine library (src/Plugin): ring layout, event records,
 * shared parameter block, engine configuration and exported functions. C# mirrors these structs in
 * src/Plugin/Abi/ (C# files); tests on both sides check every size and offset against the same numbers. */
#ifndef AICOPILOT_ENGINE_ABI_H
#define AICOPILOT_ENGINE_ABI_H
#include <stdint.h>

#define AICP_ABI_VERSION 3u

/* Single-producer/single-consumer ring header. Indices are monotonic 64-bit counters, masked by capacity - 1
 * (capacity is a power of two). Each side reads its own index relaxed, the other side's with acquire, and
 * publishes with release after writing the record. Producer-owned fields share one cache line, consumer-owned
 * another, so the two threads never write the same line. */
typedef struct AicpRingHeader {
    uint64_t writeIndex;      /* producer: next slot to write */
    uint64_t readIndexCache;  /* producer: last seen readIndex */
    uint64_t overflowCount;   /* producer: records dropped because the ring was full */
    uint8_t producerPad[40];
    uint64_t readIndex;       /* consumer: next slot to read */
    uint64_t writeIndexCache; /* consumer: last seen writeIndex */
    uint8_t consumerPad[48];
    uint32_t capacity;        /* constant: number of records, a power of two */
    uint32_t recordSize;      /* constant: bytes per record */
    uint8_t constantPad[56];
} AicpRingHeader;

/* Audio thread -> engine: what the player did, stamped with musical time. */
enum AicpInputKind {
    AICP_IN_NOTE_ON = 1,   /* data1 pitch, data2 velocity */
    AICP_IN_NOTE_OFF = 2,  /* data1 pitch */
    AICP_IN_SUSTAIN = 3,   /* data2 >= 64 pedal down */
    AICP_IN_CLOCK = 4,     /* once per block: where the transport is */
    AICP_IN_JUMP = 5,      /* transport jumped (locate, loop, start/stop): a new generation begins (the record's generation) */
    AICP_IN_TRIGGER = 6,   /* the suggest-now parameter or its MIDI CC */
};
enum AicpInputFlags { AICP_FLAG_PLAYING = 1 };

typedef struct AicpInputEvent {
    double ppq;          /* musical time of the event, quarter notes */
    double tempo;        /* beats per minute at the event */
    double barStartPpq;  /* start of the bar holding ppq */
    int64_t sampleTime;  /* the wrapper's own monotonic sample counter at the event */
    uint32_t generation; /* the transport generation the event belongs to; on JUMP the new one, which the engine stamps
                            on every suggestion it makes from then on */
    uint8_t kind;        /* AicpInputKind */
    uint8_t channel;
    uint8_t data1;
    uint8_t data2;
    uint8_t numerator;
    uint8_t denominator;
    uint8_t flags;       /* AicpInputFlags */
    uint8_t reserved[5];
} AicpInputEvent;

/* Engine -> audio thread: notes to play at a musical time. */
enum AicpSuggestionKind { AICP_OUT_NOTE_ON = 1, AICP_OUT_NOTE_OFF = 2 };
/* What a note is for, which says where it sounds (the C# SuggestionRole). Records with another value are ignored. */
enum AicpSuggestionRole {
    AICP_ROLE_ANSWER = 1,         /* an answer or an accepted take: the MIDI output on the "Output channel" parameter's
                                     channel, and the preview synth */
    AICP_ROLE_PREVIEW = 2,        /* a take auditioned in the editor: the preview synth only, never the MIDI output */
    AICP_ROLE_ACCOMPANIMENT = 3,  /* a play-along chord or bass note: the MIDI output on the record's channel, and the
                                     preview synth */
};

typedef struct AicpSuggestionEvent {
    double ppq;           /* when to play it, quarter notes on the wrapper's clock */
    uint32_t generation;  /* transport generation it was made for; older ones are dropped */
    uint8_t kind;         /* AicpSuggestionKind */
    uint8_t role;         /* AicpSuggestionRole */
    uint8_t channel;      /* AICP_ROLE_ACCOMPANIMENT: its MIDI channel, 0..15; means nothing for the other roles */
    uint8_t pitch;
    uint8_t velocity;
    uint8_t reserved[3];
    uint32_t take;        /* variation index */
    uint32_t phrase;      /* phrase counter */
    uint32_t reserved2;
    int64_t phraseEndNanos; /* CLOCK_MONOTONIC time at which the phrase ended, as heard (for latency figures) */
} AicpSuggestionEvent;

/* Parameters: declared once, in aicp_parameters.def. Their kinds, displays and flags: */
enum AicpParamKind { AICP_KIND_TOGGLE = 0, AICP_KIND_LIST = 1, AICP_KIND_INTEGER = 2, AICP_KIND_CONTINUOUS = 3 };
enum AicpParamDisplay { AICP_DISPLAY_PLAIN = 0, AICP_DISPLAY_DECIMALS2 = 1, AICP_DISPLAY_GAIN_DB = 2, AICP_DISPLAY_PERCENT = 3, AICP_DISPLAY_CHANNEL = 4 };
/* Who reads a parameter (the engine gives each part of its session the slice of its group). */
enum AicpParamGroup { AICP_GROUP_LISTEN = 0, AICP_GROUP_ANSWER = 1, AICP_GROUP_PLAY_ALONG = 2, AICP_GROUP_WRAPPER = 3 };
enum AicpParamFlags { AICP_PARAM_AUTOMATE = 1, AICP_PARAM_BYPASS = 2, AICP_PARAM_MOMENTARY = 4 };

/* Slots in the shared value block, in the table's order (the wrapper's own indices; the engine binds by string ID). */
enum AicpParam {
#define AICP_PARAM(name, id, title, shortTitle, units, kind, display, min, max, def, labels, flags, group, enumType) AICP_P_##name,
#include "aicp_parameters.def"
#undef AICP_PARAM
    AICP_PARAM_COUNT
};

/* One parameter as the engine is told of it at creation: it finds each one it uses by string ID. */
typedef struct AicpParamInfo {
    const char* id;       /* the stable string ID, UTF-8 */
    double min;           /* plain range and default: the values in the shared block are always within it */
    double max;
    double defaultPlain;
    int32_t slot;         /* index into AicpSharedParams.values */
    int32_t kind;         /* AicpParamKind */
} AicpParamInfo;

/* Plain parameter values, written by the host's threads through the wrapper (8-byte atomic stores), read by the engine. */
/* The shared value block has room for this many parameters (the table has AICP_PARAM_COUNT of them). */
#define AICP_MAX_PARAMS 32

typedef struct AicpSharedParams {
    double values[AICP_MAX_PARAMS];
} AicpSharedParams;

typedef struct AicpEngineConfig {
    uint32_t abiVersion;
    uint32_t structSize;
    AicpRingHeader* inputRing;
    AicpInputEvent* inputRecords;
    AicpRingHeader* outputRing;
    AicpSuggestionEvent* outputRecords;
    AicpSharedParams* params;
    double sampleRate;
    const char* bundleDirectory; /* UTF-8, with trailing slash */
    const char* logDirectory;    /* UTF-8, with trailing slash */
    const AicpParamInfo* parameters; /* every parameter, parameterCount of them */
    int32_t parameterCount;
    int32_t reserved;
} AicpEngineConfig;

/* Where the engine's model is (AicpEngineMetrics.modelState). */
enum AicpModelState {
    AICP_MODEL_LOADING = 0,     /* still loading (answers come from the player's style alone meanwhile) */
    AICP_MODEL_READY = 1,       /* the neural model answers, blended with the style */
    AICP_MODEL_STYLE_ONLY = 2,  /* the model could not load or was refused: the style alone answers (the status says why) */
    AICP_MODEL_STOPPED = 3,     /* the engine thread stopped after an error: no more answers (the status says why) */
};

/* An engine's figures, typed (aicp_engine_metrics): what the test host and the wrapper's debug figures read, where the
 * status line is for people. Counters count over the engine's life. The caller sets structSize to the size it knows;
 * the engine fills at most that many bytes of its own record and sets structSize to the bytes it filled. */
typedef struct AicpEngineMetrics {
    uint32_t structSize;
    int32_t modelState;              /* AicpModelState */
    int32_t answering;               /* 1 while an answer (or new takes) is being written */
    int32_t reserved;
    int64_t phrasesAnswered;
    int64_t preparedAnswers;         /* of them, answers begun before their phrase ended */
    int64_t chordsPlayed;            /* play-along chords decided and sent */
    int64_t suggestionsDropped;      /* notes the suggestion ring had no room for */
    int64_t styleTokens;             /* tokens the player's style has learned */
    int64_t styleContexts;
    int64_t styleFollowers;
    int64_t styleUsedBytes;          /* what the learned style fills */
    int64_t styleAllocatedBytes;     /* the arrays holding it */
    int64_t libraryTokens;           /* tokens of the style learned from the player's files */
    int64_t managedHeapBytes;        /* the managed heap as the last collection left it (0 before the first) */
    int64_t managedCommittedBytes;   /* memory the collector had committed then */
    int64_t liveAfterFullGcBytes;    /* what survived the last full collection: the heap's live size */
    int64_t totalAllocatedBytes;     /* managed bytes allocated since the library loaded */
    int64_t gcCollections;           /* collections of any generation */
    int64_t gcFullCollections;
    double gcPauseMs;                /* total time the collector paused the process */
    double lastFirstNoteMs;          /* the last answer: from its phrase being answered to its first note sent */
    double lastAnswerMs;             /* the last whole answer, every take */
    int64_t lastPoolSize;            /* candidates the last answer chose its takes from */
    double modelLoadMs;              /* instantiation to the model ready, -1 until it is */
    /* Trading bars (appended: a caller that knows only the fields above still gets them). */
    int64_t tradeAnswers;            /* answers decided on the co-pilot's turns */
    int64_t tradeAnswersLate;        /* of them, decided after their downbeat had passed: 0 in a healthy run */
    double tradeLeadMsMin;           /* how long before its downbeat each answer was decided, at the tempo then, over */
    double tradeLeadMsP1;            /* the last 1024 answers: the smallest, the 1st and the 50th percentile */
    double tradeLeadMsP50;           /* (-1 each before the first answer) */
} AicpEngineMetrics;

/* Sizes and offsets as the engine library sees them (filled by aicp_layout_info), checked by the wrapper's tests. */
typedef struct AicpLayoutInfo {
    int32_t ringHeaderSize, ringWriteIndex, ringReadIndex, ringCapacity;
    int32_t inputEventSize, inputKind, inputFlags;
    int32_t suggestionSize, suggestionGeneration, suggestionKind, suggestionTake;
    int32_t paramsSize;
    int32_t configSize, configParams, configSampleRate, configLogDirectory;
    int32_t configParameters, paramInfoSize, paramInfoSlot;
    int32_t inputSampleTime, inputGeneration, inputNumerator;
    int32_t suggestionRole, suggestionChannel, suggestionPhrase, suggestionPhraseEndNanos;
    int32_t metricsSize, metricsModelState, metricsPhrasesAnswered, metricsChordsPlayed, metricsStyleContexts;
    int32_t metricsStyleUsedBytes, metricsManagedHeapBytes, metricsLiveAfterFullGcBytes, metricsGcPauseMs;
    int32_t metricsLastFirstNoteMs, metricsLastPoolSize, metricsModelLoadMs;
    int32_t metricsTradeAnswers, metricsTradeAnswersLate, metricsTradeLeadMsMin, metricsTradeLeadMsP50;
} AicpLayoutInfo;

/* What every int32 function of the engine library returns: one meaning per code. On any error the instance's last
 * error (aicp_engine_last_error) says what went wrong, in a sentence. */
enum AicpResult {
    AICP_OK = 0,
    AICP_ERR_BUFFER_TOO_SMALL = -1, /* *size holds the bytes needed: call again with a buffer that large */
    AICP_ERR_INVALID_ARGUMENT = -2, /* a null pointer or a negative size where the call needs one */
    AICP_ERR_NO_SUCH_HANDLE = -3,   /* no engine (or editor) has this handle */
    AICP_ERR_REFUSED = -4,          /* the data was read and refused (a damaged or foreign saved style) */
    AICP_ERR_FAILED = -5,           /* something failed inside the engine (an exception, caught) */
};

/* Exported by the engine library. Every function catches every exception, its logging included; none blocks on the
 * audio thread (the wrapper never calls them from it). They return an AicpResult unless stated otherwise. */
typedef uint32_t (*aicp_abi_version_fn)(void);
typedef int32_t (*aicp_layout_info_fn)(AicpLayoutInfo* out);
typedef int64_t (*aicp_engine_create_fn)(const AicpEngineConfig* config);   /* > 0: handle; 0: failure */
typedef int32_t (*aicp_engine_start_fn)(int64_t handle);                     /* starts the engine thread */
typedef int32_t (*aicp_engine_stop_fn)(int64_t handle);                      /* stops and joins it */
typedef int32_t (*aicp_engine_destroy_fn)(int64_t handle);
/* Writes the engine's state (the learned style) into buffer; *size receives the bytes needed
 * (AICP_ERR_BUFFER_TOO_SMALL when capacity is smaller). */
typedef int32_t (*aicp_engine_get_state_fn)(int64_t handle, uint8_t* buffer, int32_t capacity, int32_t* size);
/* Restores the learned style; AICP_ERR_REFUSED (and the current style is kept) when the data is refused. */
typedef int32_t (*aicp_engine_set_state_fn)(int64_t handle, const uint8_t* data, int32_t size);
/* One line of status text for people (model, key, last error), UTF-8, NUL-terminated (cut to fit). Programs read
 * aicp_engine_metrics instead. */
typedef int32_t (*aicp_engine_status_fn)(int64_t handle, char* buffer, int32_t capacity);
/* The engine's figures (AicpEngineMetrics: set out->structSize first). */
typedef int32_t (*aicp_engine_metrics_fn)(int64_t handle, AicpEngineMetrics* out);
/* The last error of an instance (handle 0: of the library, e.g. why a create failed), UTF-8, NUL-terminated, cut to
 * fit; "" when there was none. */
typedef int32_t (*aicp_engine_last_error_fn)(int64_t handle, char* buffer, int32_t capacity);

/* The editor. Its window, drawing and input live in the engine library (drawn with SkiaSharp; docs/editor.md says
 * why): on Linux an X11 child window (through libX11) that the host's run loop drives through the wrapper's IPlugView,
 * on Windows a Win32 child window with its own timer. Every editor function is called on the host's UI thread only. */
typedef struct AicpEditorHost {
    void* context;
    /* The user changed a parameter in the editor (plain value): the wrapper applies it and tells the host. */
    void (*setParameter)(void* context, int32_t index, double plainValue);
    /* The editor put a frame on screen; milliseconds: the tick that drew it (its events, the drawing and the blit).
     * Called from aicp_editor_idle, and on Windows also from the editor's own timer. For the frame figures. */
    void (*frameDrawn)(void* context, double milliseconds);
} AicpEditorHost;

/* Opens the editor as a child of parentWindow (an X11 window id on Linux, an HWND on Windows) at a logical size and
 * content scale. > 0: editor handle; 0: no editor (the reason goes to the log). */
typedef int64_t (*aicp_editor_open_fn)(int64_t engine, uint64_t parentWindow, int32_t width, int32_t height, double scale, const AicpEditorHost* host);
/* The file descriptor of the editor's display connection (for IRunLoop::registerEventHandler); -1 when the editor needs
 * no run loop (Windows: its window has its own timer). */
typedef int32_t (*aicp_editor_fd_fn)(int64_t editor);
/* Handles pending window events and redraws what changed: call on the fd being readable and on every timer tick (on
 * Windows once, when the editor opens; its timer does the rest). Returns the number of frames drawn (0 or 1), or a
 * negative AicpResult. */
typedef int32_t (*aicp_editor_idle_fn)(int64_t editor);
/* A new logical size or content scale: the editor's window follows. */
typedef int32_t (*aicp_editor_resize_fn)(int64_t editor, int32_t width, int32_t height, double scale);
typedef int32_t (*aicp_editor_close_fn)(int64_t editor);

#endif
