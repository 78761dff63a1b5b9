// The plug-in factory (IPluginFactory, 2 and 3) and the module's exported entry points.
#include <cstring>
#include "plugin_info.h"
#include "vst3_abi.h"
#include "vst3_plugin.h"

namespace aicp {
namespace {

using namespace vst3;

template <size_t N>
void copy(char (&out)[N], const char* text) noexcept {
    std::strncpy(out, text, N - 1);
    out[N - 1] = 0;
}

template <size_t N>
void copy16(char16_t (&out)[N], const char* text) noexcept {
    size_t i = 0;
    for (; text[i] && i < N - 1; ++i) out[i] = char16_t(static_cast<unsigned char>(text[i]));
    out[i] = 0;
}

// The fields every class-info structure starts with.
template <typename Info>
void fillClassHeader(Info* info) noexcept {
    std::memset(info, 0, sizeof *info);
    std::memcpy(info->cid, aicp::info::kClassId.bytes, 16);
    info->cardinality = PClassInfo::kManyInstances;
    copy(info->category, aicp::info::kCategory);
}

class Factory final : public IPluginFactory3 {
public:
    tresult AICP_VST_API queryInterface(const TUID iid, void** obj) override {
        if (!obj) return kInvalidArgument;
        if (iidEquals(iid, kFUnknownIid) || iidEquals(iid, kIPluginFactoryIid) || iidEquals(iid, kIPluginFactory2Iid) ||
            iidEquals(iid, kIPluginFactory3Iid)) {
            *obj = this;
            return kResultOk;
        }
        *obj = nullptr;
        return kNoInterface;
    }
    // The factory is a static object: reference counting is a formality.
    uint32 AICP_VST_API addRef() override { return 1; }
    uint32 AICP_VST_API release() override { return 1; }

    tresult AICP_VST_API getFactoryInfo(PFactoryInfo* info) override {
        if (!info) return kInvalidArgument;
        std::memset(info, 0, sizeof *info);
        copy(info->vendor, aicp::info::kVendor);
        copy(info->url, aicp::info::kUrl);
        copy(info->email, aicp::info::kEmail);
        info->flags = PFactoryInfo::kUnicode;
        return kResultOk;
    }
    int32 AICP_VST_API countClasses() override { return 1; }
    tresult AICP_VST_API getClassInfo(int32 index, PClassInfo* info) override {
        if (index != 0 || !info) return kInvalidArgument;
        fillClassHeader(info);
        copy(info->name, aicp::info::kName);
        return kResultOk;
    }
    tresult AICP_VST_API createInstance(FIDString cid, FIDString iid, void** obj) override {
        if (!obj) return kInvalidArgument;
        *obj = nullptr;
        if (!cid || !iid || !iidEquals(cid, aicp::info::kClassId)) return kNoInterface;
        FUnknown* instance = createPluginInstance();
        if (!instance) return aicp::platform::kOutOfMemory;
        tresult result = instance->queryInterface(iid, obj);
        instance->release();  // the caller holds the reference queryInterface added
        return result;
    }
    tresult AICP_VST_API getClassInfo2(int32 index, PClassInfo2* info) override {
        if (index != 0 || !info) return kInvalidArgument;
        fillClassHeader(info);
        copy(info->name, aicp::info::kName);
        copy(info->subCategories, aicp::info::kSubCategories);
        copy(info->vendor, aicp::info::kVendor);
        copy(info->version, aicp::info::kVersion);
        copy(info->sdkVersion, aicp::info::kSdkVersion);
        return kResultOk;
    }
    tresult AICP_VST_API getClassInfoUnicode(int32 index, PClassInfoW* info) override {
        if (index != 0 || !info) return kInvalidArgument;
        fillClassHeader(info);
        copy16(info->name, aicp::info::kName);
        copy(info->subCategories, aicp::info::kSubCategories);
        copy16(info->vendor, aicp::info::kVendor);
        copy16(info->version, aicp::info::kVersion);
        copy16(info->sdkVersion, aicp::info::kSdkVersion);
        return kResultOk;
    }
    tresult AICP_VST_API setHostContext(FUnknown*) override { return kResultOk; }
};

Factory gFactory;

}  // namespace
}  // namespace aicp

AICP_EXPORT vst3::IPluginFactory* AICP_VST_API GetPluginFactory() { return &aicp::gFactory; }
AICP_EXPORT bool AICP_MODULE_INIT(void*) { return true; }
AICP_EXPORT bool AICP_MODULE_EXIT() { return true; }
// For tests: how many plug-in instances are alive.
AICP_EXPORT int aicp_live_instances() { return aicp::livePluginInstances(); }
AICP_EXPORT int32_t aicp_debug_stats(void* component, AicpDebugStats* out) { return aicp::pluginDebugStats(component, out) ? 0 : 1; }
