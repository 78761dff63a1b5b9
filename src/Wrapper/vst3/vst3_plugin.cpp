// The COM layer: one object answers for IComponent, IAudioProcessor, IProcessContextRequirements, IEditController
// and IMidiMapping, forwarding to the PluginInstance (control/ and realtime/), the state stream, the parameter
// descriptions and the editor slot (control/). process() goes through the VST3 block adapter (vst3_block.h), which
// gives the real-time core its own view of the block. Every entry point the host calls is noexcept: nothing thrown inside
// can reach the host. IComponent and IEditController declare getState/setState with the same signature, so two small
// intermediate classes give each its own name.
#include <atomic>
#include <cstring>
#include <new>
#include <string>
#include "editor_slot.h"
#include "engine_bridge.h"
#include "parameter_info.h"
#include "plugin_info.h"
#include "plugin_instance.h"
#include "state_stream.h"
#include "vst3_abi.h"
#include "vst3_block.h"
#include "vst3_plugin.h"

namespace aicp {
namespace {

using namespace vst3;

class ComponentPart : public IComponent {
public:
    tresult AICP_VST_API setState(IBStream* state) override { return componentSetState(state); }
    tresult AICP_VST_API getState(IBStream* state) override { return componentGetState(state); }
    virtual tresult componentSetState(IBStream* state) noexcept = 0;
    virtual tresult componentGetState(IBStream* state) noexcept = 0;
};

class ControllerPart : public IEditController {
public:
    tresult AICP_VST_API setState(IBStream* state) override { return controllerSetState(state); }
    tresult AICP_VST_API getState(IBStream* state) override { return controllerGetState(state); }
    virtual tresult controllerSetState(IBStream* state) noexcept = 0;
    virtual tresult controllerGetState(IBStream* state) noexcept = 0;
};

class Plugin final : public ComponentPart,
                     public IAudioProcessor,
                     public IProcessContextRequirements,
                     public ControllerPart,
                     public IMidiMapping {
public:
    Plugin() { liveInstances().fetch_add(1); }
    ~Plugin() { liveInstances().fetch_sub(1); }

    // ---- FUnknown (all bases share these) ----
    tresult AICP_VST_API queryInterface(const TUID iid, void** obj) override {
        if (!obj) return kInvalidArgument;
        *obj = nullptr;
        if (iidEquals(iid, kFUnknownIid) || iidEquals(iid, kIPluginBaseIid) || iidEquals(iid, kIComponentIid))
            *obj = static_cast<IComponent*>(static_cast<ComponentPart*>(this));
        else if (iidEquals(iid, kIAudioProcessorIid)) *obj = static_cast<IAudioProcessor*>(this);
        else if (iidEquals(iid, kIProcessContextRequirementsIid)) *obj = static_cast<IProcessContextRequirements*>(this);
        else if (iidEquals(iid, kIEditControllerIid)) *obj = static_cast<IEditController*>(static_cast<ControllerPart*>(this));
        else if (iidEquals(iid, kIMidiMappingIid)) *obj = static_cast<IMidiMapping*>(this);
        else return kNoInterface;
        addRef();
        return kResultOk;
    }
    uint32 AICP_VST_API addRef() override { return ++refs_; }
    uint32 AICP_VST_API release() override {
        uint32 left = --refs_;
        if (left == 0) delete this;
        return left;
    }

    // ---- IPluginBase (called once per interface by some hosts: the second call is a no-op) ----
    tresult AICP_VST_API initialize(FUnknown*) override {
        try {
            if (instance_.initialized()) return kResultOk;
            instance_.initialize();
            return kResultOk;
        } catch (...) { return kInternalError; }
    }
    tresult AICP_VST_API terminate() override {
        editor_.close();
        try { if (instance_.initialized()) instance_.terminate(); } catch (...) {}
        return kResultOk;
    }

    // ---- IComponent ----
    tresult AICP_VST_API getControllerClassId(TUID) override { return kResultFalse; }  // single component
    tresult AICP_VST_API setIoMode(IoMode) override { return kResultOk; }
    int32 AICP_VST_API getBusCount(MediaType type, BusDirection dir) override {
        if (type == kAudio) return dir == kOutput ? 1 : 0;
        if (type == kEvent) return 1;
        return 0;
    }
    tresult AICP_VST_API getBusInfo(MediaType type, BusDirection dir, int32 index, BusInfo& bus) override {
        if (index != 0 || getBusCount(type, dir) == 0) return kInvalidArgument;
        std::memset(&bus, 0, sizeof bus);
        bus.mediaType = type;
        bus.direction = dir;
        bus.busType = kMain;
        bus.flags = BusInfo::kDefaultActive;
        if (type == kAudio) { bus.channelCount = 2; copyString(bus.name, "Preview"); }
        else { bus.channelCount = 16; copyString(bus.name, dir == kInput ? "MIDI In" : "MIDI Out"); }
        return kResultOk;
    }
    tresult AICP_VST_API getRoutingInfo(RoutingInfo&, RoutingInfo&) override { return kNotImplemented; }
    tresult AICP_VST_API activateBus(MediaType type, BusDirection dir, int32 index, TBool) override {
        return index == 0 && getBusCount(type, dir) > 0 ? kResultOk : kInvalidArgument;
    }
    tresult AICP_VST_API setActive(TBool state) override {
        try { instance_.setActive(state != 0); return kResultOk; } catch (...) { return kInternalError; }
    }
    tresult componentSetState(IBStream* stream) noexcept override {
        try {
            std::string refused;  // logged where it is found
            return restoreStateFrom(stream, instance_, refused);
        } catch (...) { return kInternalError; }
    }
    tresult componentGetState(IBStream* stream) noexcept override {
        try { return saveStateTo(stream, instance_); } catch (...) { return kInternalError; }
    }

    // ---- IAudioProcessor ----
    tresult AICP_VST_API setBusArrangements(SpeakerArrangement*, int32 numIns, SpeakerArrangement* outs, int32 numOuts) override {
        return numIns == 0 && numOuts == 1 && outs && outs[0] == kStereo ? kResultTrue : kResultFalse;
    }
    tresult AICP_VST_API getBusArrangement(BusDirection dir, int32 index, SpeakerArrangement& arr) override {
        if (dir != kOutput || index != 0) return kInvalidArgument;
        arr = kStereo;
        return kResultOk;
    }
    tresult AICP_VST_API canProcessSampleSize(int32 size) override { return size == kSample32 || size == kSample64 ? kResultTrue : kResultFalse; }
    uint32 AICP_VST_API getLatencySamples() override { return 0; }
    tresult AICP_VST_API setupProcessing(ProcessSetup& setup) override {
        return instance_.setupProcessing(setup.sampleRate, setup.maxSamplesPerBlock) ? kResultOk : kResultFalse;
    }
    tresult AICP_VST_API setProcessing(TBool state) override { instance_.setProcessing(state != 0); return kResultOk; }
    tresult AICP_VST_API process(ProcessData& data) override {  // audio thread
        instance_.process(block_.read(data));
        block_.write(instance_.output(), data);
        return kResultOk;
    }
    uint32 AICP_VST_API getTailSamples() override { return 0; }

    // ---- IProcessContextRequirements ----
    uint32 AICP_VST_API getProcessContextRequirements() override {
        using R = IProcessContextRequirements;
        return R::kNeedProjectTimeMusic | R::kNeedBarPositionMusic | R::kNeedCycleMusic | R::kNeedTempo |
               R::kNeedTimeSignature | R::kNeedTransportState | R::kNeedContinousTimeSamples;
    }

    // ---- IEditController ----
    tresult AICP_VST_API setComponentState(IBStream*) override { return kResultOk; }  // same object: already applied
    tresult controllerSetState(IBStream*) noexcept override { return kResultOk; }    // no controller-only state
    tresult controllerGetState(IBStream*) noexcept override { return kResultOk; }
    int32 AICP_VST_API getParameterCount() override { return AICP_PARAM_COUNT; }
    tresult AICP_VST_API getParameterInfo(int32 index, ParameterInfo& info) override {
        return describeParameter(index, info) ? kResultOk : kInvalidArgument;
    }
    tresult AICP_VST_API getParamStringByValue(ParamID id, ParamValue normalized, String128 out) override {
        return parameterString(id, normalized, out) ? kResultOk : kInvalidArgument;
    }
    tresult AICP_VST_API getParamValueByString(ParamID id, TChar* string, ParamValue& normalized) override {
        return parameterValueOfString(id, string, normalized) ? kResultOk : kResultFalse;
    }
    ParamValue AICP_VST_API normalizedParamToPlain(ParamID id, ParamValue normalized) override { return parameterToPlain(id, normalized); }
    ParamValue AICP_VST_API plainParamToNormalized(ParamID id, ParamValue plain) override { return parameterToNormalized(id, plain); }
    ParamValue AICP_VST_API getParamNormalized(ParamID id) override {
        int index = paramIndexOfId(id);
        return index < 0 ? 0 : instance_.params().normalized(index);
    }
    tresult AICP_VST_API setParamNormalized(ParamID id, ParamValue value) override {
        int index = paramIndexOfId(id);
        if (index < 0) return kInvalidArgument;
        instance_.params().setNormalized(index, value);
        return kResultOk;
    }
    tresult AICP_VST_API setComponentHandler(IComponentHandler* handler) override {
        editor_.setComponentHandler(handler);
        return kResultOk;
    }
    IPlugView* AICP_VST_API createView(FIDString name) override {
        return editor_.open(name, instance_, static_cast<IComponent*>(static_cast<ComponentPart*>(this)));
    }

    // ---- IMidiMapping: CC 64 holds notes like a sustain pedal; CC 20 presses "Suggest now" ----
    tresult AICP_VST_API getMidiControllerAssignment(int32 busIndex, int16, CtrlNumber cc, ParamID& id) override {
        if (busIndex != 0) return kResultFalse;
        if (cc == 64) { id = paramVstId(AICP_P_SUSTAIN); return kResultTrue; }
        if (cc == info::kSuggestNowCc) { id = paramVstId(AICP_P_SUGGEST_NOW); return kResultTrue; }
        return kResultFalse;
    }

    static std::atomic<int>& liveInstances() { static std::atomic<int> n{0}; return n; }
    static constexpr uint64_t kMagic = 0x41694350696C6F74ull;  // tells our objects from anything else a caller passes
    uint64_t magic_ = kMagic;
    void debugStats(AicpDebugStats& out) const noexcept {
        instance_.debugStats(out);
        out.hostEventsDropped = block_.dropped();
        editor_.frameStats(out);
    }

private:
    std::atomic<uint32> refs_{1};
    PluginInstance instance_;
    Vst3Block block_;  // the audio thread's: the core's view of each process() call
    EditorSlot editor_;  // after instance_: destroyed first
};

}  // namespace

FUnknown* createPluginInstance() noexcept {
    try { return static_cast<IComponent*>(static_cast<ComponentPart*>(new (std::nothrow) Plugin())); } catch (...) { return nullptr; }
}

int livePluginInstances() noexcept { return Plugin::liveInstances().load(); }

bool pluginDebugStats(void* component, AicpDebugStats* out) noexcept {
    if (!component || !out) return false;
    auto* plugin = static_cast<Plugin*>(static_cast<ComponentPart*>(static_cast<IComponent*>(component)));
    if (plugin->magic_ != Plugin::kMagic) return false;
    plugin->debugStats(*out);
    return true;
}

}  // namespace aicp
