// The CLAP interfaces AiCoPilot uses, declared in the project from the CLAP specification (free-audio/clap 1.2,
// include/clap/*.h): struct fields, their order, the extension ID strings and the constants are facts of the ABI; the
// declarations are our own, as include/vst3_abi.h does for VST3. Only what is used. CLAP is a C ABI: plain structs of
// data and function pointers, no vtables; every function takes the object it belongs to as its first argument.
#pragma once
#include <cstddef>
#include <cstdint>

#if defined(_WIN32)
#define AICP_CLAP_ABI __cdecl
#define AICP_CLAP_EXPORT extern "C" __declspec(dllexport)
#else
#define AICP_CLAP_ABI
#define AICP_CLAP_EXPORT extern "C" __attribute__((visibility("default")))
#endif

namespace clap {

using clap_id = uint32_t;
constexpr clap_id kInvalidId = UINT32_MAX;

// version.h: the version of the specification an entry, descriptor or host was written against.
struct Version {
    uint32_t major, minor, revision;
};
constexpr Version kVersion{1, 2, 0};  // what these declarations follow (1.2: init/deinit may be called repeatedly)
inline bool versionIsCompatible(const Version& v) noexcept { return v.major >= 1; }  // 0.x were development versions

// string-sizes.h
constexpr size_t kNameSize = 256;
constexpr size_t kPathSize = 1024;

// fixedpoint.h: beats and seconds as 64-bit fixed point with 31 fractional bits.
using BeatTime = int64_t;
using SecTime = int64_t;
constexpr int64_t kBeatTimeFactor = int64_t(1) << 31;
constexpr int64_t kSecTimeFactor = int64_t(1) << 31;

struct Host;
struct Plugin;

// ---- events.h ----
struct EventHeader {
    uint32_t size;      // the whole event's size, this header included
    uint32_t time;      // sample offset within the block
    uint16_t spaceId;   // 0: the core event space
    uint16_t type;
    uint32_t flags;
};
constexpr uint16_t kCoreEventSpace = 0;
enum EventFlags : uint32_t { kEventIsLive = 1u << 0, kEventDontRecord = 1u << 1 };
enum EventType : uint16_t {
    kEventNoteOn = 0, kEventNoteOff = 1, kEventNoteChoke = 2, kEventNoteEnd = 3, kEventNoteExpression = 4,
    kEventParamValue = 5, kEventParamMod = 6, kEventParamGestureBegin = 7, kEventParamGestureEnd = 8,
    kEventTransport = 9, kEventMidi = 10, kEventMidiSysex = 11, kEventMidi2 = 12,
};

struct EventNote {
    EventHeader header;
    int32_t noteId;     // -1: unspecified (or a wildcard)
    int16_t portIndex;  // -1: wildcard
    int16_t channel;    // 0..15, -1: wildcard
    int16_t key;        // 0..127, -1: wildcard
    double velocity;    // 0..1
};

struct EventParamValue {
    EventHeader header;
    clap_id paramId;
    void* cookie;
    int32_t noteId;
    int16_t portIndex;
    int16_t channel;
    int16_t key;
    double value;       // plain value
};

struct EventParamGesture {
    EventHeader header;
    clap_id paramId;
};

enum TransportFlags : uint32_t {
    kTransportHasTempo = 1u << 0,
    kTransportHasBeatsTimeline = 1u << 1,
    kTransportHasSecondsTimeline = 1u << 2,
    kTransportHasTimeSignature = 1u << 3,
    kTransportIsPlaying = 1u << 4,
    kTransportIsRecording = 1u << 5,
    kTransportIsLoopActive = 1u << 6,
    kTransportIsWithinPreRoll = 1u << 7,
};

struct EventTransport {
    EventHeader header;
    uint32_t flags;
    BeatTime songPosBeats;
    SecTime songPosSeconds;
    double tempo;          // quarter notes per minute
    double tempoInc;       // tempo increment per sample until the next transport event
    BeatTime loopStartBeats, loopEndBeats;
    SecTime loopStartSeconds, loopEndSeconds;
    BeatTime barStart;     // the current bar's start, in beats
    int32_t barNumber;     // the bar at position 0 is bar 0
    uint16_t tsigNum, tsigDenom;
};

struct EventMidi {
    EventHeader header;
    uint16_t portIndex;
    uint8_t data[3];
};

struct InputEventList {
    void* ctx;
    uint32_t(AICP_CLAP_ABI* size)(const InputEventList* list);
    const EventHeader*(AICP_CLAP_ABI* get)(const InputEventList* list, uint32_t index);
};

struct OutputEventList {
    void* ctx;
    // false: the host could not take the event
    bool(AICP_CLAP_ABI* tryPush)(const OutputEventList* list, const EventHeader* event);
};

// ---- audio-buffer.h, process.h ----
struct AudioBuffer {
    float** data32;
    double** data64;
    uint32_t channelCount;
    uint32_t latency;
    uint64_t constantMask;  // bit c: channel c holds one value throughout the block
};

enum ProcessStatus : int32_t {
    kProcessError = 0, kProcessContinue = 1, kProcessContinueIfNotQuiet = 2, kProcessTail = 3, kProcessSleep = 4,
};

struct Process {
    int64_t steadyTime;              // a sample counter, -1 when the host has none
    uint32_t framesCount;
    const EventTransport* transport; // null: free running (no transport)
    const AudioBuffer* audioInputs;
    AudioBuffer* audioOutputs;
    uint32_t audioInputsCount;
    uint32_t audioOutputsCount;
    const InputEventList* inEvents;
    const OutputEventList* outEvents;
};

// ---- host.h, plugin.h ----
struct Host {
    Version clapVersion;
    void* hostData;
    const char* name;
    const char* vendor;
    const char* url;
    const char* version;
    const void*(AICP_CLAP_ABI* getExtension)(const Host* host, const char* extensionId);
    void(AICP_CLAP_ABI* requestRestart)(const Host* host);
    void(AICP_CLAP_ABI* requestProcess)(const Host* host);
    void(AICP_CLAP_ABI* requestCallback)(const Host* host);  // the host calls Plugin::onMainThread soon
};

struct PluginDescriptor {
    Version clapVersion;
    const char* id;
    const char* name;
    const char* vendor;
    const char* url;
    const char* manualUrl;
    const char* supportUrl;
    const char* version;
    const char* description;
    const char* const* features;  // null-terminated
};

struct Plugin {
    const PluginDescriptor* desc;
    void* pluginData;
    bool(AICP_CLAP_ABI* init)(const Plugin* plugin);                      // [main thread]
    void(AICP_CLAP_ABI* destroy)(const Plugin* plugin);                   // [main thread]
    bool(AICP_CLAP_ABI* activate)(const Plugin* plugin, double sampleRate, uint32_t minFrames, uint32_t maxFrames);
    void(AICP_CLAP_ABI* deactivate)(const Plugin* plugin);                // [main thread]
    bool(AICP_CLAP_ABI* startProcessing)(const Plugin* plugin);           // [audio thread]
    void(AICP_CLAP_ABI* stopProcessing)(const Plugin* plugin);            // [audio thread]
    void(AICP_CLAP_ABI* reset)(const Plugin* plugin);                     // [audio thread]
    int32_t(AICP_CLAP_ABI* process)(const Plugin* plugin, const Process* process);  // [audio thread]
    const void*(AICP_CLAP_ABI* getExtension)(const Plugin* plugin, const char* id);
    void(AICP_CLAP_ABI* onMainThread)(const Plugin* plugin);              // [main thread]
};

// ---- factory/plugin-factory.h, entry.h ----
constexpr const char* kPluginFactoryId = "clap.plugin-factory";

struct PluginFactory {
    uint32_t(AICP_CLAP_ABI* getPluginCount)(const PluginFactory* factory);
    const PluginDescriptor*(AICP_CLAP_ABI* getPluginDescriptor)(const PluginFactory* factory, uint32_t index);
    const Plugin*(AICP_CLAP_ABI* createPlugin)(const PluginFactory* factory, const Host* host, const char* pluginId);
};

struct PluginEntry {
    Version clapVersion;
    bool(AICP_CLAP_ABI* init)(const char* pluginPath);
    void(AICP_CLAP_ABI* deinit)();
    const void*(AICP_CLAP_ABI* getFactory)(const char* factoryId);
};

// ---- stream.h ----
struct IStream {
    void* ctx;
    // bytes read, 0 at the end of the stream, -1 on error
    int64_t(AICP_CLAP_ABI* read)(const IStream* stream, void* buffer, uint64_t size);
};
struct OStream {
    void* ctx;
    // bytes written (possibly fewer than asked), -1 on error
    int64_t(AICP_CLAP_ABI* write)(const OStream* stream, const void* buffer, uint64_t size);
};

// ---- ext/params.h ----
constexpr const char* kExtParams = "clap.params";
enum ParamInfoFlags : uint32_t {
    kParamIsStepped = 1u << 0, kParamIsPeriodic = 1u << 1, kParamIsHidden = 1u << 2, kParamIsReadonly = 1u << 3,
    kParamIsBypass = 1u << 4, kParamIsAutomatable = 1u << 5, kParamIsModulatable = 1u << 10,
    kParamRequiresProcess = 1u << 15, kParamIsEnum = 1u << 16,
};
struct ParamInfo {
    clap_id id;
    uint32_t flags;
    void* cookie;
    char name[kNameSize];
    char module[kPathSize];
    double minValue, maxValue, defaultValue;  // plain values
};
struct PluginParams {
    uint32_t(AICP_CLAP_ABI* count)(const Plugin* plugin);
    bool(AICP_CLAP_ABI* getInfo)(const Plugin* plugin, uint32_t index, ParamInfo* info);
    bool(AICP_CLAP_ABI* getValue)(const Plugin* plugin, clap_id id, double* value);
    bool(AICP_CLAP_ABI* valueToText)(const Plugin* plugin, clap_id id, double value, char* out, uint32_t capacity);
    bool(AICP_CLAP_ABI* textToValue)(const Plugin* plugin, clap_id id, const char* text, double* value);
    // Parameter events without processing: [active ? audio thread : main thread]
    void(AICP_CLAP_ABI* flush)(const Plugin* plugin, const InputEventList* in, const OutputEventList* out);
};
enum ParamRescanFlags : uint32_t { kParamRescanValues = 1u << 0, kParamRescanText = 1u << 1, kParamRescanInfo = 1u << 2, kParamRescanAll = 1u << 3 };
struct HostParams {
    void(AICP_CLAP_ABI* rescan)(const Host* host, uint32_t flags);                 // [main thread]
    void(AICP_CLAP_ABI* clear)(const Host* host, clap_id id, uint32_t flags);      // [main thread]
    void(AICP_CLAP_ABI* requestFlush)(const Host* host);                           // [thread-safe, not the audio thread]
};

// ---- ext/state.h ----
constexpr const char* kExtState = "clap.state";
struct PluginState {
    bool(AICP_CLAP_ABI* save)(const Plugin* plugin, const OStream* stream);  // [main thread]
    bool(AICP_CLAP_ABI* load)(const Plugin* plugin, const IStream* stream);  // [main thread]
};
struct HostState {
    void(AICP_CLAP_ABI* markDirty)(const Host* host);
};

// ---- ext/note-ports.h ----
constexpr const char* kExtNotePorts = "clap.note-ports";
enum NoteDialect : uint32_t { kDialectClap = 1u << 0, kDialectMidi = 1u << 1, kDialectMidiMpe = 1u << 2, kDialectMidi2 = 1u << 3 };
struct NotePortInfo {
    clap_id id;
    uint32_t supportedDialects;
    uint32_t preferredDialect;
    char name[kNameSize];
};
struct PluginNotePorts {
    uint32_t(AICP_CLAP_ABI* count)(const Plugin* plugin, bool isInput);
    bool(AICP_CLAP_ABI* get)(const Plugin* plugin, uint32_t index, bool isInput, NotePortInfo* info);
};
struct HostNotePorts {
    uint32_t(AICP_CLAP_ABI* supportedDialects)(const Host* host);
    void(AICP_CLAP_ABI* rescan)(const Host* host, uint32_t flags);
};

// ---- ext/audio-ports.h ----
constexpr const char* kExtAudioPorts = "clap.audio-ports";
constexpr const char* kPortStereo = "stereo";
enum AudioPortFlags : uint32_t {
    kAudioPortIsMain = 1u << 0, kAudioPortSupports64Bits = 1u << 1, kAudioPortPrefers64Bits = 1u << 2,
    kAudioPortRequiresCommonSampleSize = 1u << 3,
};
struct AudioPortInfo {
    clap_id id;
    char name[kNameSize];
    uint32_t flags;
    uint32_t channelCount;
    const char* portType;
    clap_id inPlacePair;
};
struct PluginAudioPorts {
    uint32_t(AICP_CLAP_ABI* count)(const Plugin* plugin, bool isInput);
    bool(AICP_CLAP_ABI* get)(const Plugin* plugin, uint32_t index, bool isInput, AudioPortInfo* info);
};

// ---- ext/latency.h ----
constexpr const char* kExtLatency = "clap.latency";
struct PluginLatency {
    uint32_t(AICP_CLAP_ABI* get)(const Plugin* plugin);  // [main thread, while active]
};
struct HostLatency {
    void(AICP_CLAP_ABI* changed)(const Host* host);      // [main thread]
};

// ---- ext/gui.h ----
constexpr const char* kExtGui = "clap.gui";
constexpr const char* kWindowApiWin32 = "win32";  // physical pixels; an HWND, embedded with SetParent
constexpr const char* kWindowApiX11 = "x11";      // physical pixels; an X11 window id, embedded with XEmbed
struct Window {
    const char* api;
    union {
        void* cocoa;
        unsigned long x11;
        void* win32;
        void* ptr;
    };
};
struct GuiResizeHints {
    bool canResizeHorizontally;
    bool canResizeVertically;
    bool preserveAspectRatio;
    uint32_t aspectRatioWidth;
    uint32_t aspectRatioHeight;
};
struct PluginGui {  // every function: [main thread]
    bool(AICP_CLAP_ABI* isApiSupported)(const Plugin* plugin, const char* api, bool isFloating);
    bool(AICP_CLAP_ABI* getPreferredApi)(const Plugin* plugin, const char** api, bool* isFloating);
    bool(AICP_CLAP_ABI* create)(const Plugin* plugin, const char* api, bool isFloating);
    void(AICP_CLAP_ABI* destroy)(const Plugin* plugin);
    bool(AICP_CLAP_ABI* setScale)(const Plugin* plugin, double scale);
    bool(AICP_CLAP_ABI* getSize)(const Plugin* plugin, uint32_t* width, uint32_t* height);
    bool(AICP_CLAP_ABI* canResize)(const Plugin* plugin);
    bool(AICP_CLAP_ABI* getResizeHints)(const Plugin* plugin, GuiResizeHints* hints);
    bool(AICP_CLAP_ABI* adjustSize)(const Plugin* plugin, uint32_t* width, uint32_t* height);
    bool(AICP_CLAP_ABI* setSize)(const Plugin* plugin, uint32_t width, uint32_t height);
    bool(AICP_CLAP_ABI* setParent)(const Plugin* plugin, const Window* window);
    bool(AICP_CLAP_ABI* setTransient)(const Plugin* plugin, const Window* window);
    void(AICP_CLAP_ABI* suggestTitle)(const Plugin* plugin, const char* title);
    bool(AICP_CLAP_ABI* show)(const Plugin* plugin);
    bool(AICP_CLAP_ABI* hide)(const Plugin* plugin);
};
struct HostGui {
    void(AICP_CLAP_ABI* resizeHintsChanged)(const Host* host);
    bool(AICP_CLAP_ABI* requestResize)(const Host* host, uint32_t width, uint32_t height);
    bool(AICP_CLAP_ABI* requestShow)(const Host* host);
    bool(AICP_CLAP_ABI* requestHide)(const Host* host);
    void(AICP_CLAP_ABI* closed)(const Host* host, bool wasDestroyed);
};

// ---- ext/timer-support.h, ext/posix-fd-support.h (the host's run loop on Linux) ----
constexpr const char* kExtTimerSupport = "clap.timer-support";
struct PluginTimerSupport {
    void(AICP_CLAP_ABI* onTimer)(const Plugin* plugin, clap_id timerId);  // [main thread]
};
struct HostTimerSupport {
    bool(AICP_CLAP_ABI* registerTimer)(const Host* host, uint32_t periodMs, clap_id* timerId);  // [main thread]
    bool(AICP_CLAP_ABI* unregisterTimer)(const Host* host, clap_id timerId);                    // [main thread]
};

constexpr const char* kExtPosixFdSupport = "clap.posix-fd-support";
enum PosixFdFlags : uint32_t { kFdRead = 1u << 0, kFdWrite = 1u << 1, kFdError = 1u << 2 };
struct PluginPosixFdSupport {
    void(AICP_CLAP_ABI* onFd)(const Plugin* plugin, int fd, uint32_t flags);  // [main thread]
};
struct HostPosixFdSupport {
    bool(AICP_CLAP_ABI* registerFd)(const Host* host, int fd, uint32_t flags);  // [main thread]
    bool(AICP_CLAP_ABI* modifyFd)(const Host* host, int fd, uint32_t flags);
    bool(AICP_CLAP_ABI* unregisterFd)(const Host* host, int fd);
};

// The layouts as the specification's C headers give them on 64-bit systems (LP64 and LLP64 alike).
static_assert(sizeof(void*) == 8, "these checks are for 64-bit systems");
static_assert(sizeof(Version) == 12, "clap_version layout");
static_assert(sizeof(EventHeader) == 16, "clap_event_header layout");
static_assert(offsetof(EventNote, velocity) == 32 && sizeof(EventNote) == 40, "clap_event_note layout");
static_assert(offsetof(EventParamValue, cookie) == 24 && offsetof(EventParamValue, value) == 48 && sizeof(EventParamValue) == 56,
              "clap_event_param_value layout");
static_assert(sizeof(EventParamGesture) == 20, "clap_event_param_gesture layout");
static_assert(offsetof(EventTransport, songPosBeats) == 24 && offsetof(EventTransport, barStart) == 88 &&
                  offsetof(EventTransport, tsigNum) == 100 && sizeof(EventTransport) == 104,
              "clap_event_transport layout");
static_assert(offsetof(EventMidi, data) == 18 && sizeof(EventMidi) == 24, "clap_event_midi layout");
static_assert(sizeof(AudioBuffer) == 32, "clap_audio_buffer layout");
static_assert(offsetof(Process, transport) == 16 && offsetof(Process, inEvents) == 48 && sizeof(Process) == 64, "clap_process layout");
static_assert(offsetof(Host, hostData) == 16 && sizeof(Host) == 88, "clap_host layout");
static_assert(sizeof(PluginDescriptor) == 88, "clap_plugin_descriptor layout");
static_assert(sizeof(Plugin) == 96, "clap_plugin layout");
static_assert(sizeof(PluginEntry) == 40, "clap_plugin_entry layout");
static_assert(offsetof(ParamInfo, name) == 16 && offsetof(ParamInfo, minValue) == 1296 && sizeof(ParamInfo) == 1320,
              "clap_param_info layout");
static_assert(offsetof(NotePortInfo, name) == 12 && sizeof(NotePortInfo) == 268, "clap_note_port_info layout");
static_assert(offsetof(AudioPortInfo, flags) == 260 && offsetof(AudioPortInfo, portType) == 272 && sizeof(AudioPortInfo) == 288,
              "clap_audio_port_info layout");
static_assert(sizeof(Window) == 16, "clap_window layout");
static_assert(sizeof(GuiResizeHints) == 12, "clap_gui_resize_hints layout");

}  // namespace clap
