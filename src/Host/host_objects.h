// The host-side VST3 objects a plug-in talks to during processing and state calls: an event list, parameter
// changes, and a memory stream. Fixed capacities, allocated up front, so the host itself does not allocate on its
// audio thread either (the allocation counter would otherwise count the host's own).
#pragma once
#include <cstring>
#include <vector>
#include "aicopilot_engine_abi.h"
#include "vst3_abi.h"

namespace aicphost {

// Shared boilerplate: these objects live on the host's stack or in its structures, never reference-counted away.
template <typename Interface>
class HostObject : public Interface {
public:
    vst3::tresult AICP_VST_API queryInterface(const vst3::TUID, void** obj) override { if (obj) *obj = nullptr; return vst3::kNoInterface; }
    vst3::uint32 AICP_VST_API addRef() override { return 1; }
    vst3::uint32 AICP_VST_API release() override { return 1; }
};

class EventList final : public HostObject<vst3::IEventList> {
public:
    explicit EventList(int capacity = 4096) { events_.resize(size_t(capacity)); }
    void clear() { count_ = 0; }
    vst3::int32 AICP_VST_API getEventCount() override { return count_; }
    vst3::tresult AICP_VST_API getEvent(vst3::int32 index, vst3::Event& e) override {
        if (index < 0 || index >= count_) return vst3::kInvalidArgument;
        e = events_[size_t(index)];
        return vst3::kResultOk;
    }
    vst3::tresult AICP_VST_API addEvent(vst3::Event& e) override {
        if (count_ >= int(events_.size())) return vst3::kResultFalse;
        events_[size_t(count_++)] = e;
        return vst3::kResultOk;
    }
    const vst3::Event& at(int i) const { return events_[size_t(i)]; }

private:
    std::vector<vst3::Event> events_;
    int count_ = 0;
};

class ParamQueue final : public HostObject<vst3::IParamValueQueue> {
public:
    vst3::ParamID id = 0;
    int count = 0;
    int32_t offsets[64] = {};
    double values[64] = {};
    vst3::ParamID AICP_VST_API getParameterId() override { return id; }
    vst3::int32 AICP_VST_API getPointCount() override { return count; }
    vst3::tresult AICP_VST_API getPoint(vst3::int32 i, vst3::int32& offset, vst3::ParamValue& value) override {
        if (i < 0 || i >= count) return vst3::kInvalidArgument;
        offset = offsets[i]; value = values[i];
        return vst3::kResultOk;
    }
    vst3::tresult AICP_VST_API addPoint(vst3::int32 offset, vst3::ParamValue value, vst3::int32& index) override {
        if (count >= 64) return vst3::kResultFalse;
        offsets[count] = offset; values[count] = value; index = count++;
        return vst3::kResultOk;
    }
};

class ParameterChanges final : public HostObject<vst3::IParameterChanges> {
public:
    void clear() { count_ = 0; }
    // Adds a point for a parameter (creating its queue); false when full.
    bool add(vst3::ParamID id, int32_t offset, double value) {
        for (int i = 0; i < count_; ++i)
            if (queues_[i].id == id) { vst3::int32 idx; return queues_[i].addPoint(offset, value, idx) == vst3::kResultOk; }
        if (count_ >= 32) return false;
        ParamQueue& q = queues_[count_++];
        q.id = id; q.count = 0;
        vst3::int32 idx;
        return q.addPoint(offset, value, idx) == vst3::kResultOk;
    }
    vst3::int32 AICP_VST_API getParameterCount() override { return count_; }
    vst3::IParamValueQueue* AICP_VST_API getParameterData(vst3::int32 i) override { return i >= 0 && i < count_ ? &queues_[i] : nullptr; }
    vst3::IParamValueQueue* AICP_VST_API addParameterData(const vst3::ParamID&, vst3::int32&) override { return nullptr; }

private:
    ParamQueue queues_[AICP_MAX_PARAMS];
    int count_ = 0;
};

class MemoryStream final : public HostObject<vst3::IBStream> {
public:
    std::vector<uint8_t> data;
    size_t position = 0;
    vst3::tresult AICP_VST_API read(void* buffer, vst3::int32 n, vst3::int32* got) override {
        size_t take = n <= 0 ? 0 : std::min(size_t(n), data.size() - std::min(position, data.size()));
        if (take) std::memcpy(buffer, data.data() + position, take);
        position += take;
        if (got) *got = vst3::int32(take);
        return vst3::kResultOk;
    }
    vst3::tresult AICP_VST_API write(void* buffer, vst3::int32 n, vst3::int32* written) override {
        if (n < 0) return vst3::kInvalidArgument;
        if (position + size_t(n) > data.size()) data.resize(position + size_t(n));
        std::memcpy(data.data() + position, buffer, size_t(n));
        position += size_t(n);
        if (written) *written = n;
        return vst3::kResultOk;
    }
    vst3::tresult AICP_VST_API seek(vst3::int64 pos, vst3::int32 mode, vst3::int64* result) override {
        vst3::int64 base = mode == kIBSeekSet ? 0 : (mode == kIBSeekCur ? vst3::int64(position) : vst3::int64(data.size()));
        if (base + pos < 0) return vst3::kInvalidArgument;
        position = size_t(base + pos);
        if (result) *result = vst3::int64(position);
        return vst3::kResultOk;
    }
    vst3::tresult AICP_VST_API tell(vst3::int64* pos) override { if (pos) *pos = vst3::int64(position); return vst3::kResultOk; }
};

}  // namespace aicphost
