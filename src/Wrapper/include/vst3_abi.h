// The VST3 interfaces AiCoPilot uses, declared in the project from the public specification: interface IDs,
// method order and struct fields are facts of the ABI; the declarations are our own. Only what is used.
#pragma once
#include <cstddef>
#include <cstdint>
#include "platform.h"

namespace vst3 {

using int8 = int8_t; using uint8 = uint8_t; using int16 = int16_t; using uint16 = uint16_t;
using int32 = int32_t; using uint32 = uint32_t; using int64 = int64_t; using uint64 = uint64_t;
using tresult = int32_t;
using TBool = uint8_t;
using TChar = char16_t;
using String128 = TChar[128];
using TUID = char[16];
using FIDString = const char*;
using ParamID = uint32_t;
using ParamValue = double;
using UnitID = int32_t;
using MediaType = int32_t;
using BusDirection = int32_t;
using BusType = int32_t;
using IoMode = int32_t;
using CtrlNumber = int16_t;
using SpeakerArrangement = uint64_t;
using TQuarterNotes = double;
using TSamples = int64_t;
using Sample32 = float;
using Sample64 = double;

using aicp::platform::kInternalError; using aicp::platform::kInvalidArgument; using aicp::platform::kNoInterface;
using aicp::platform::kNotImplemented; using aicp::platform::kResultFalse; using aicp::platform::kResultOk;
using aicp::platform::Uid;
constexpr tresult kResultTrue = kResultOk;

// Interface IDs.
constexpr Uid kFUnknownIid = aicp::platform::makeUid(0x00000000, 0x00000000, 0xC0000000, 0x00000046);
constexpr Uid kIPluginBaseIid = aicp::platform::makeUid(0x22888DDB, 0x156E45AE, 0x8358B348, 0x08190625);
constexpr Uid kIPluginFactoryIid = aicp::platform::makeUid(0x7A4D811C, 0x52114A1F, 0xAED9D2EE, 0x0B43BF9F);
constexpr Uid kIPluginFactory2Iid = aicp::platform::makeUid(0x0007B650, 0xF24B4C0B, 0xA464EDB9, 0xF00B2ABB);
constexpr Uid kIPluginFactory3Iid = aicp::platform::makeUid(0x4555A2AB, 0xC1234E57, 0x9B122910, 0x36878931);
constexpr Uid kIComponentIid = aicp::platform::makeUid(0xE831FF31, 0xF2D54301, 0x928EBBEE, 0x25697802);
constexpr Uid kIAudioProcessorIid = aicp::platform::makeUid(0x42043F99, 0xB7DA453C, 0xA569E79D, 0x9AAEC33D);
constexpr Uid kIProcessContextRequirementsIid = aicp::platform::makeUid(0x2A654303, 0xEF764E3D, 0x95B5FE83, 0x730EF6D0);
constexpr Uid kIEditControllerIid = aicp::platform::makeUid(0xDCD7BBE3, 0x7742448D, 0xA874AACC, 0x979C759E);
constexpr Uid kIMidiMappingIid = aicp::platform::makeUid(0xDF0FF9F7, 0x49B74669, 0xB63AB732, 0x7ADBF5E5);
constexpr Uid kIBStreamIid = aicp::platform::makeUid(0xC3BF6EA2, 0x30994752, 0x9B6BF990, 0x1EE33E9B);
constexpr Uid kIEventListIid = aicp::platform::makeUid(0x3A2C4214, 0x346349FE, 0xB2C4F397, 0xB9695A44);
constexpr Uid kIParameterChangesIid = aicp::platform::makeUid(0xA4779663, 0x0BB64A56, 0xB44384A8, 0x466FEB9D);
constexpr Uid kIParamValueQueueIid = aicp::platform::makeUid(0x01263A18, 0xED074F6F, 0x98C9D356, 0x4686F9BA);
constexpr Uid kIComponentHandlerIid = aicp::platform::makeUid(0x93A0BEA3, 0x0BD045DB, 0x8E890B0C, 0xC1E46AC6);
constexpr Uid kIPlugViewIid = aicp::platform::makeUid(0x5BC32507, 0xD06049EA, 0xA6151B52, 0x2B755B29);
constexpr Uid kIPlugFrameIid = aicp::platform::makeUid(0x367FAF01, 0xAFA94693, 0x8D4DA2A0, 0xED0882A3);
constexpr Uid kIPlugViewContentScaleSupportIid = aicp::platform::makeUid(0x65ED9690, 0x8AC44525, 0x8AADEF7A, 0x72EA703F);
constexpr Uid kIEventHandlerIid = aicp::platform::makeUid(0x561E65C9, 0x13A0496F, 0x813A2C35, 0x654D7983);
constexpr Uid kITimerHandlerIid = aicp::platform::makeUid(0x10BDD94F, 0x41424774, 0x821FAD8F, 0xECA72CA9);
constexpr Uid kIRunLoopIid = aicp::platform::makeUid(0x18C35366, 0x97764F1A, 0x9C5B8385, 0x7A871389);

inline bool iidEquals(const void* a, const Uid& b) noexcept {
    const auto* p = static_cast<const uint8_t*>(a);
    for (int i = 0; i < 16; ++i)
        if (p[i] != b.bytes[i]) return false;
    return true;
}

// ---- Base interfaces ----
class FUnknown {
public:
    virtual tresult AICP_VST_API queryInterface(const TUID iid, void** obj) = 0;
    virtual uint32 AICP_VST_API addRef() = 0;
    virtual uint32 AICP_VST_API release() = 0;
};

class IBStream : public FUnknown {
public:
    enum SeekMode { kIBSeekSet = 0, kIBSeekCur, kIBSeekEnd };
    virtual tresult AICP_VST_API read(void* buffer, int32 numBytes, int32* numBytesRead) = 0;
    virtual tresult AICP_VST_API write(void* buffer, int32 numBytes, int32* numBytesWritten) = 0;
    virtual tresult AICP_VST_API seek(int64 pos, int32 mode, int64* result) = 0;
    virtual tresult AICP_VST_API tell(int64* pos) = 0;
};

class IPluginBase : public FUnknown {
public:
    virtual tresult AICP_VST_API initialize(FUnknown* context) = 0;
    virtual tresult AICP_VST_API terminate() = 0;
};

// ---- Factory ----
struct PFactoryInfo {
    enum { kNameSize = 64, kURLSize = 256, kEmailSize = 128 };
    enum Flags { kNoFlags = 0, kClassesDiscardable = 1, kLicenseCheck = 2, kComponentNonDiscardable = 8, kUnicode = 16 };
    char vendor[kNameSize];
    char url[kURLSize];
    char email[kEmailSize];
    int32 flags;
};

struct PClassInfo {
    enum { kCategorySize = 32, kNameSize = 64 };
    enum { kManyInstances = 0x7FFFFFFF };
    TUID cid;
    int32 cardinality;
    char category[kCategorySize];
    char name[kNameSize];
};

struct PClassInfo2 {
    enum { kVendorSize = 64, kVersionSize = 64, kSubCategoriesSize = 128 };
    TUID cid;
    int32 cardinality;
    char category[PClassInfo::kCategorySize];
    char name[PClassInfo::kNameSize];
    uint32 classFlags;
    char subCategories[kSubCategoriesSize];
    char vendor[kVendorSize];
    char version[kVersionSize];
    char sdkVersion[kVersionSize];
};

struct PClassInfoW {
    TUID cid;
    int32 cardinality;
    char category[PClassInfo::kCategorySize];
    char16_t name[PClassInfo::kNameSize];
    uint32 classFlags;
    char subCategories[PClassInfo2::kSubCategoriesSize];
    char16_t vendor[PClassInfo2::kVendorSize];
    char16_t version[PClassInfo2::kVersionSize];
    char16_t sdkVersion[PClassInfo2::kVersionSize];
};

class IPluginFactory : public FUnknown {
public:
    virtual tresult AICP_VST_API getFactoryInfo(PFactoryInfo* info) = 0;
    virtual int32 AICP_VST_API countClasses() = 0;
    virtual tresult AICP_VST_API getClassInfo(int32 index, PClassInfo* info) = 0;
    virtual tresult AICP_VST_API createInstance(FIDString cid, FIDString iid, void** obj) = 0;
};

class IPluginFactory2 : public IPluginFactory {
public:
    virtual tresult AICP_VST_API getClassInfo2(int32 index, PClassInfo2* info) = 0;
};

class IPluginFactory3 : public IPluginFactory2 {
public:
    virtual tresult AICP_VST_API getClassInfoUnicode(int32 index, PClassInfoW* info) = 0;
    virtual tresult AICP_VST_API setHostContext(FUnknown* context) = 0;
};

// ---- Component ----
enum MediaTypes { kAudio = 0, kEvent = 1 };
enum BusDirections { kInput = 0, kOutput = 1 };
enum BusTypes { kMain = 0, kAux = 1 };

struct BusInfo {
    enum Flags { kDefaultActive = 1 };
    MediaType mediaType;
    BusDirection direction;
    int32 channelCount;
    String128 name;
    BusType busType;
    uint32 flags;
};

struct RoutingInfo {
    MediaType mediaType;
    int32 busIndex;
    int32 channel;
};

class IComponent : public IPluginBase {
public:
    virtual tresult AICP_VST_API getControllerClassId(TUID classId) = 0;
    virtual tresult AICP_VST_API setIoMode(IoMode mode) = 0;
    virtual int32 AICP_VST_API getBusCount(MediaType type, BusDirection dir) = 0;
    virtual tresult AICP_VST_API getBusInfo(MediaType type, BusDirection dir, int32 index, BusInfo& bus) = 0;
    virtual tresult AICP_VST_API getRoutingInfo(RoutingInfo& inInfo, RoutingInfo& outInfo) = 0;
    virtual tresult AICP_VST_API activateBus(MediaType type, BusDirection dir, int32 index, TBool state) = 0;
    virtual tresult AICP_VST_API setActive(TBool state) = 0;
    virtual tresult AICP_VST_API setState(IBStream* state) = 0;
    virtual tresult AICP_VST_API getState(IBStream* state) = 0;
};

// ---- Processing ----
enum SymbolicSampleSizes { kSample32 = 0, kSample64 = 1 };
enum ProcessModes { kRealtime = 0, kPrefetch = 1, kOffline = 2 };
constexpr SpeakerArrangement kStereo = 0x3;

struct ProcessSetup {
    int32 processMode;
    int32 symbolicSampleSize;
    int32 maxSamplesPerBlock;
    double sampleRate;
};

struct AudioBusBuffers {
    int32 numChannels;
    uint64 silenceFlags;
    union {
        Sample32** channelBuffers32;
        Sample64** channelBuffers64;
    };
};

struct Chord {
    uint8 keyNote;
    uint8 rootNote;
    int16 chordMask;
};

struct FrameRate {
    uint32 framesPerSecond;
    uint32 flags;
};

struct ProcessContext {
    enum StatesAndFlags : uint32 {
        kPlaying = 1 << 1, kCycleActive = 1 << 2, kRecording = 1 << 3,
        kSystemTimeValid = 1 << 8, kProjectTimeMusicValid = 1 << 9, kTempoValid = 1 << 10,
        kBarPositionValid = 1 << 11, kCycleValid = 1 << 12, kTimeSigValid = 1 << 13,
        kSmpteValid = 1 << 14, kClockValid = 1 << 15, kContTimeValid = 1 << 17, kChordValid = 1 << 18,
    };
    uint32 state;
    double sampleRate;
    TSamples projectTimeSamples;
    int64 systemTime;
    TSamples continousTimeSamples;
    TQuarterNotes projectTimeMusic;
    TQuarterNotes barPositionMusic;
    TQuarterNotes cycleStartMusic;
    TQuarterNotes cycleEndMusic;
    double tempo;
    int32 timeSigNumerator;
    int32 timeSigDenominator;
    Chord chord;
    int32 smpteOffsetSubframes;
    FrameRate frameRate;
    int32 samplesToNextClock;
};

struct NoteOnEvent {
    int16 channel; int16 pitch; float tuning; float velocity; int32 length; int32 noteId;
};
struct NoteOffEvent {
    int16 channel; int16 pitch; float velocity; int32 noteId; float tuning;
};
struct LegacyMIDICCOutEvent {
    uint8 controlNumber; int8 channel; int8 value; int8 value2;
};
// The largest union member (note-expression text: two words, a length and a pointer) fixes size and alignment.
struct EventUnionPadding {
    uint32 a; int32 b; uint32 c; const void* d;
};

struct Event {
    enum Types : uint16 { kNoteOnEvent = 0, kNoteOffEvent = 1, kDataEvent = 2, kPolyPressureEvent = 3, kLegacyMIDICCOutEvent = 65535 };
    enum Flags : uint16 { kIsLive = 1 };
    int32 busIndex;
    int32 sampleOffset;
    TQuarterNotes ppqPosition;
    uint16 flags;
    uint16 type;
    union {
        NoteOnEvent noteOn;
        NoteOffEvent noteOff;
        LegacyMIDICCOutEvent midiCCOut;
        EventUnionPadding padding;
    };
};

class IEventList : public FUnknown {
public:
    virtual int32 AICP_VST_API getEventCount() = 0;
    virtual tresult AICP_VST_API getEvent(int32 index, Event& e) = 0;
    virtual tresult AICP_VST_API addEvent(Event& e) = 0;
};

class IParamValueQueue : public FUnknown {
public:
    virtual ParamID AICP_VST_API getParameterId() = 0;
    virtual int32 AICP_VST_API getPointCount() = 0;
    virtual tresult AICP_VST_API getPoint(int32 index, int32& sampleOffset, ParamValue& value) = 0;
    virtual tresult AICP_VST_API addPoint(int32 sampleOffset, ParamValue value, int32& index) = 0;
};

class IParameterChanges : public FUnknown {
public:
    virtual int32 AICP_VST_API getParameterCount() = 0;
    virtual IParamValueQueue* AICP_VST_API getParameterData(int32 index) = 0;
    virtual IParamValueQueue* AICP_VST_API addParameterData(const ParamID& id, int32& index) = 0;
};

struct ProcessData {
    int32 processMode;
    int32 symbolicSampleSize;
    int32 numSamples;
    int32 numInputs;
    int32 numOutputs;
    AudioBusBuffers* inputs;
    AudioBusBuffers* outputs;
    IParameterChanges* inputParameterChanges;
    IParameterChanges* outputParameterChanges;
    IEventList* inputEvents;
    IEventList* outputEvents;
    ProcessContext* processContext;
};

class IAudioProcessor : public FUnknown {
public:
    virtual tresult AICP_VST_API setBusArrangements(SpeakerArrangement* inputs, int32 numIns, SpeakerArrangement* outputs, int32 numOuts) = 0;
    virtual tresult AICP_VST_API getBusArrangement(BusDirection dir, int32 index, SpeakerArrangement& arr) = 0;
    virtual tresult AICP_VST_API canProcessSampleSize(int32 symbolicSampleSize) = 0;
    virtual uint32 AICP_VST_API getLatencySamples() = 0;
    virtual tresult AICP_VST_API setupProcessing(ProcessSetup& setup) = 0;
    virtual tresult AICP_VST_API setProcessing(TBool state) = 0;
    virtual tresult AICP_VST_API process(ProcessData& data) = 0;
    virtual uint32 AICP_VST_API getTailSamples() = 0;
};

class IProcessContextRequirements : public FUnknown {
public:
    enum Flags : uint32 {
        kNeedSystemTime = 1 << 0, kNeedContinousTimeSamples = 1 << 1, kNeedProjectTimeMusic = 1 << 2,
        kNeedBarPositionMusic = 1 << 3, kNeedCycleMusic = 1 << 4, kNeedSamplesToNextClock = 1 << 5,
        kNeedTempo = 1 << 6, kNeedTimeSignature = 1 << 7, kNeedChord = 1 << 8, kNeedFrameRate = 1 << 9,
        kNeedTransportState = 1 << 10,
    };
    virtual uint32 AICP_VST_API getProcessContextRequirements() = 0;
};

// ---- Controller ----
struct ParameterInfo {
    enum Flags : int32 {
        kNoFlags = 0, kCanAutomate = 1 << 0, kIsReadOnly = 1 << 1, kIsWrapAround = 1 << 2, kIsList = 1 << 3,
        kIsHidden = 1 << 4, kIsProgramChange = 1 << 15, kIsBypass = 1 << 16,
    };
    ParamID id;
    String128 title;
    String128 shortTitle;
    String128 units;
    int32 stepCount;
    ParamValue defaultNormalizedValue;
    UnitID unitId;
    int32 flags;
};

class IComponentHandler : public FUnknown {
public:
    virtual tresult AICP_VST_API beginEdit(ParamID id) = 0;
    virtual tresult AICP_VST_API performEdit(ParamID id, ParamValue valueNormalized) = 0;
    virtual tresult AICP_VST_API endEdit(ParamID id) = 0;
    virtual tresult AICP_VST_API restartComponent(int32 flags) = 0;
};

// ---- Editor (pluginterfaces/gui/iplugview.h: IPlugView, IPlugFrame, and the Linux run loop) ----
struct ViewRect {
    int32 left, top, right, bottom;
};
constexpr const char* kPlatformTypeX11EmbedWindowID = "X11EmbedWindowID";  // an X11 window supporting XEmbed (Linux)
constexpr const char* kPlatformTypeHWND = "HWND";  // a Win32 window handle (Windows): attach a child window
class IPlugFrame;
class IPlugView : public FUnknown {
public:
    virtual tresult AICP_VST_API isPlatformTypeSupported(FIDString type) = 0;
    virtual tresult AICP_VST_API attached(void* parent, FIDString type) = 0;
    virtual tresult AICP_VST_API removed() = 0;
    virtual tresult AICP_VST_API onWheel(float distance) = 0;
    virtual tresult AICP_VST_API onKeyDown(char16_t key, int16 keyCode, int16 modifiers) = 0;
    virtual tresult AICP_VST_API onKeyUp(char16_t key, int16 keyCode, int16 modifiers) = 0;
    virtual tresult AICP_VST_API getSize(ViewRect* size) = 0;
    virtual tresult AICP_VST_API onSize(ViewRect* newSize) = 0;
    virtual tresult AICP_VST_API onFocus(TBool state) = 0;
    virtual tresult AICP_VST_API setFrame(IPlugFrame* frame) = 0;
    virtual tresult AICP_VST_API canResize() = 0;
    virtual tresult AICP_VST_API checkSizeConstraint(ViewRect* rect) = 0;
};
class IPlugFrame : public FUnknown {
public:
    virtual tresult AICP_VST_API resizeView(IPlugView* view, ViewRect* newSize) = 0;
};
class IPlugViewContentScaleSupport : public FUnknown {
public:
    virtual tresult AICP_VST_API setContentScaleFactor(float factor) = 0;
};
// Linux: the host's run loop, found on the IPlugFrame. Callbacks come on the host's UI thread.
class IEventHandler : public FUnknown {
public:
    virtual void AICP_VST_API onFDIsSet(int fd) = 0;
};
class ITimerHandler : public FUnknown {
public:
    virtual void AICP_VST_API onTimer() = 0;
};
class IRunLoop : public FUnknown {
public:
    virtual tresult AICP_VST_API registerEventHandler(IEventHandler* handler, int fd) = 0;
    virtual tresult AICP_VST_API unregisterEventHandler(IEventHandler* handler) = 0;
    virtual tresult AICP_VST_API registerTimer(ITimerHandler* handler, uint64 milliseconds) = 0;
    virtual tresult AICP_VST_API unregisterTimer(ITimerHandler* handler) = 0;
};

class IEditController : public IPluginBase {
public:
    virtual tresult AICP_VST_API setComponentState(IBStream* state) = 0;
    virtual tresult AICP_VST_API setState(IBStream* state) = 0;
    virtual tresult AICP_VST_API getState(IBStream* state) = 0;
    virtual int32 AICP_VST_API getParameterCount() = 0;
    virtual tresult AICP_VST_API getParameterInfo(int32 paramIndex, ParameterInfo& info) = 0;
    virtual tresult AICP_VST_API getParamStringByValue(ParamID id, ParamValue valueNormalized, String128 string) = 0;
    virtual tresult AICP_VST_API getParamValueByString(ParamID id, TChar* string, ParamValue& valueNormalized) = 0;
    virtual ParamValue AICP_VST_API normalizedParamToPlain(ParamID id, ParamValue valueNormalized) = 0;
    virtual ParamValue AICP_VST_API plainParamToNormalized(ParamID id, ParamValue plainValue) = 0;
    virtual ParamValue AICP_VST_API getParamNormalized(ParamID id) = 0;
    virtual tresult AICP_VST_API setParamNormalized(ParamID id, ParamValue value) = 0;
    virtual tresult AICP_VST_API setComponentHandler(IComponentHandler* handler) = 0;
    virtual IPlugView* AICP_VST_API createView(FIDString name) = 0;
};

class IMidiMapping : public FUnknown {
public:
    virtual tresult AICP_VST_API getMidiControllerAssignment(int32 busIndex, int16 channel, CtrlNumber midiControllerNumber, ParamID& id) = 0;
};

// Layout checks: these sizes and offsets are the ABI on 64-bit Linux (natural alignment).
static_assert(sizeof(PFactoryInfo) == 452, "PFactoryInfo layout");
static_assert(sizeof(PClassInfo) == 116, "PClassInfo layout");
static_assert(sizeof(PClassInfo2) == 440, "PClassInfo2 layout");
static_assert(sizeof(BusInfo) == 276, "BusInfo layout");
static_assert(sizeof(ParameterInfo) == 792, "ParameterInfo layout");
static_assert(offsetof(ParameterInfo, defaultNormalizedValue) == 776, "ParameterInfo layout");
static_assert(sizeof(ProcessSetup) == 24, "ProcessSetup layout");
static_assert(sizeof(AudioBusBuffers) == 24, "AudioBusBuffers layout");
static_assert(offsetof(ProcessContext, tempo) == 72, "ProcessContext layout");
static_assert(sizeof(ProcessContext) == 112, "ProcessContext layout");
static_assert(sizeof(Event) == 48, "Event layout");
static_assert(offsetof(Event, ppqPosition) == 8 && offsetof(Event, type) == 18 && offsetof(Event, noteOn) == 24, "Event layout");
static_assert(sizeof(ProcessData) == 80, "ProcessData layout");

}  // namespace vst3
