#include "state_stream.h"
#include <algorithm>
#include <vector>
#include "log.h"
#include "state_codec.h"

namespace aicp {
namespace {

using namespace vst3;

bool readAll(IBStream* stream, std::vector<uint8_t>& out) {
    out.clear();
    uint8_t chunk[16384];
    while (out.size() <= kMaxStateBytes) {
        int32 got = 0;
        if (stream->read(chunk, sizeof chunk, &got) != kResultOk && got <= 0) break;
        if (got <= 0) break;
        out.insert(out.end(), chunk, chunk + got);
        if (got < int32(sizeof chunk)) break;
    }
    return out.size() <= kMaxStateBytes;
}

bool writeAll(IBStream* stream, const std::vector<uint8_t>& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        int32 written = 0;
        int32 want = int32(std::min<size_t>(bytes.size() - done, 1 << 20));
        if (stream->write(const_cast<uint8_t*>(bytes.data() + done), want, &written) != kResultOk || written <= 0) return false;
        done += size_t(written);
    }
    return true;
}

}  // namespace

tresult restoreStateFrom(IBStream* stream, PluginInstance& instance, std::string& reason) {
    reason.clear();
    if (!stream) return kInvalidArgument;
    std::vector<uint8_t> bytes;
    if (!readAll(stream, bytes)) reason = "state is larger than 64 MiB";
    if (reason.empty()) instance.loadState(bytes.data(), bytes.size(), reason);
    else { instance.params().resetToDefaults(); logLine("state refused, defaults loaded: %s", reason.c_str()); }
    return kResultOk;
}

tresult saveStateTo(IBStream* stream, PluginInstance& instance) {
    if (!stream) return kInvalidArgument;
    return writeAll(stream, instance.saveState()) ? kResultOk : kResultFalse;
}

}  // namespace aicp
