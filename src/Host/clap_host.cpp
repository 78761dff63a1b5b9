#include "clap_host.h"
#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include "host_platform.h"
#if defined(_WIN32)
#include <windows.h>
#else
#include <dlfcn.h>
#endif

namespace aicphost {

using namespace clap;

// ---- ClapEventList ----

ClapEventList::ClapEventList(size_t bytes, int maxEvents) : storage_((bytes + 7) / 8), offsets_(size_t(maxEvents)) {
    input_.ctx = this;
    input_.size = [](const InputEventList* list) -> uint32_t { return uint32_t(static_cast<ClapEventList*>(list->ctx)->count_); };
    input_.get = [](const InputEventList* list, uint32_t index) { return static_cast<ClapEventList*>(list->ctx)->at(int(index)); };
    output_.ctx = this;
    output_.tryPush = [](const OutputEventList* list, const EventHeader* event) {
        return event && static_cast<ClapEventList*>(list->ctx)->add(*event);
    };
}

const EventHeader* ClapEventList::at(int index) const noexcept {
    if (index < 0 || index >= count_) return nullptr;
    return reinterpret_cast<const EventHeader*>(reinterpret_cast<const uint8_t*>(storage_.data()) + offsets_[size_t(index)]);
}

bool ClapEventList::add(const EventHeader& event) noexcept {
    const size_t size = event.size < sizeof(EventHeader) ? sizeof(EventHeader) : event.size;
    const size_t rounded = (size + 7) & ~size_t(7);
    if (count_ >= int(offsets_.size()) || used_ + rounded > storage_.size() * 8) return false;
    std::memcpy(reinterpret_cast<uint8_t*>(storage_.data()) + used_, &event, size);
    offsets_[size_t(count_++)] = uint32_t(used_);
    used_ += rounded;
    return true;
}

// ---- ClapMemoryStream ----

clap::IStream ClapMemoryStream::istream() noexcept {
    clap::IStream s{};
    s.ctx = this;
    s.read = [](const clap::IStream* stream, void* buffer, uint64_t size) -> int64_t {
        auto* m = static_cast<ClapMemoryStream*>(stream->ctx);
        size_t take = std::min<size_t>(size_t(size), m->data.size() - std::min(m->position, m->data.size()));
        if (m->readLimit > 0) take = std::min(take, m->readLimit);
        if (take) std::memcpy(buffer, m->data.data() + m->position, take);
        m->position += take;
        return int64_t(take);
    };
    return s;
}

clap::OStream ClapMemoryStream::ostream() noexcept {
    clap::OStream s{};
    s.ctx = this;
    s.write = [](const clap::OStream* stream, const void* buffer, uint64_t size) -> int64_t {
        auto* m = static_cast<ClapMemoryStream*>(stream->ctx);
        // A host hands over what it can take at once: at most 64 KiB a call, so a plug-in must loop.
        const size_t take = std::min<size_t>(size_t(size), 65536);
        const auto* bytes = static_cast<const uint8_t*>(buffer);
        m->data.insert(m->data.end(), bytes, bytes + take);
        return int64_t(take);
    };
    return s;
}

// ---- ClapHost ----

namespace {
double nowSeconds() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

const HostParams kParams = {
    [](const Host* h, uint32_t) { static_cast<ClapHost*>(h->hostData)->rescans++; },
    [](const Host*, clap_id, uint32_t) {},
    [](const Host* h) { static_cast<ClapHost*>(h->hostData)->flushRequests++; },
};
const HostNotePorts kNotePorts = {
    [](const Host* h) -> uint32_t { return static_cast<ClapHost*>(h->hostData)->noteDialects; },
    [](const Host*, uint32_t) {},
};
const HostState kState = {[](const Host* h) { static_cast<ClapHost*>(h->hostData)->dirtyMarks++; }};
const HostLatency kLatency = {[](const Host* h) { static_cast<ClapHost*>(h->hostData)->latencyChanges++; }};
const HostGui kGui = {
    [](const Host*) {},
    [](const Host* h, uint32_t width, uint32_t height) {
        auto* host = static_cast<ClapHost*>(h->hostData);
        host->requestedWidth = width;
        host->requestedHeight = height;
        return true;
    },
    [](const Host*) { return false; },
    [](const Host*) { return false; },
    [](const Host* h, bool) { static_cast<ClapHost*>(h->hostData)->guiClosed = true; },
};
const HostTimerSupport kTimers = {
    [](const Host* h, uint32_t periodMs, clap_id* id) {
        auto* host = static_cast<ClapHost*>(h->hostData);
        if (!id || periodMs == 0) return false;
        *id = host->timers.empty() ? 0 : host->timers.back().id + 1;  // the first timer is 0, as Qtractor numbers them
        host->timers.push_back({*id, periodMs, nowSeconds() + periodMs / 1000.0});
        host->timerRegistrations++;
        return true;
    },
    [](const Host* h, clap_id id) {
        auto& timers = static_cast<ClapHost*>(h->hostData)->timers;
        auto it = std::find_if(timers.begin(), timers.end(), [id](const ClapHost::Timer& t) { return t.id == id; });
        if (it == timers.end()) return false;
        timers.erase(it);
        return true;
    },
};
const HostPosixFdSupport kFds = {
    [](const Host* h, int fd, uint32_t flags) {
        auto* host = static_cast<ClapHost*>(h->hostData);
        if (fd < 0) return false;
        host->fds.push_back({fd, flags});
        host->fdRegistrations++;
        return true;
    },
    [](const Host* h, int fd, uint32_t flags) {
        for (auto& f : static_cast<ClapHost*>(h->hostData)->fds)
            if (f.fd == fd) { f.flags = flags; return true; }
        return false;
    },
    [](const Host* h, int fd) {
        auto& fds = static_cast<ClapHost*>(h->hostData)->fds;
        auto it = std::find_if(fds.begin(), fds.end(), [fd](const ClapHost::Fd& f) { return f.fd == fd; });
        if (it == fds.end()) return false;
        fds.erase(it);
        return true;
    },
};
}  // namespace

ClapHost::ClapHost(uint32_t dialects) noexcept : noteDialects(dialects) {
    host_.clapVersion = kVersion;
    host_.hostData = this;
    host_.name = "aicp-host";
    host_.vendor = "AiCoPilot";
    host_.url = "";
    host_.version = "1";
    host_.getExtension = &ClapHost::extension;
    host_.requestRestart = [](const Host* h) { self(h)->restartRequests++; };
    host_.requestProcess = [](const Host* h) { self(h)->processRequests++; };
    host_.requestCallback = [](const Host* h) { self(h)->callbackRequests++; };
}

const void* ClapHost::extension(const Host*, const char* id) noexcept {
    if (!id) return nullptr;
    if (!std::strcmp(id, kExtParams)) return &kParams;
    if (!std::strcmp(id, kExtNotePorts)) return &kNotePorts;
    if (!std::strcmp(id, kExtState)) return &kState;
    if (!std::strcmp(id, kExtLatency)) return &kLatency;
    if (!std::strcmp(id, kExtGui)) return &kGui;
    if (!std::strcmp(id, kExtTimerSupport)) return &kTimers;
    if (!std::strcmp(id, kExtPosixFdSupport)) return &kFds;
    return nullptr;
}

int ClapHost::runDueTimers(const Plugin* plugin) {
    const auto* support = plugin && plugin->getExtension
                              ? static_cast<const PluginTimerSupport*>(plugin->getExtension(plugin, kExtTimerSupport)) : nullptr;
    if (!support || !support->onTimer) return 0;
    const double now = nowSeconds();
    int ticks = 0;
    const std::vector<Timer> due = timers;  // a callback may register or unregister
    for (const Timer& t : due)
        if (t.next <= now) { support->onTimer(plugin, t.id); ++ticks; }
    for (Timer& t : timers)
        if (t.next <= now) t.next = now + t.periodMs / 1000.0;
    return ticks;
}

double ClapHost::secondsToNextTimer(double cap) const {
    const double now = nowSeconds();
    double next = cap;
    for (const Timer& t : timers) next = std::min(next, std::max(0.0, t.next - now));
    return next;
}

// ---- ClapModule ----

namespace {
#if defined(_WIN32)
const char* const kClapArchitecture = "x86_64-win";
#elif defined(__aarch64__)
const char* const kClapArchitecture = "aarch64-linux";
#else
const char* const kClapArchitecture = "x86_64-linux";
#endif

// The .clap a path names: the file itself, or the one in the folder's Contents/<system>/.
std::filesystem::path clapBinary(const std::string& path) {
    const std::filesystem::path p = platform::filePath(path);
    if (!std::filesystem::is_directory(p)) return p;
    const std::filesystem::path folder = p / "Contents" / kClapArchitecture;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error))
        if (entry.path().extension() == ".clap" && !entry.is_directory()) return entry.path();
    throw std::runtime_error("no .clap in " + folder.string());
}
}  // namespace

ClapModule::~ClapModule() {
    // deinit, but the library stays loaded (the engine's .NET runtime must never be unloaded), as DAWs do.
    if (entry_ && initialized_ && entry_->deinit) entry_->deinit();
}

void ClapModule::load(const std::string& path) {
    const std::filesystem::path binary = clapBinary(path);
#if defined(_WIN32)
    HMODULE module = LoadLibraryW(binary.wstring().c_str());
    if (!module) throw std::runtime_error("cannot load " + binary.string() + " (error " + std::to_string(GetLastError()) + ")");
    library_ = module;
    wchar_t loaded[MAX_PATH * 4];
    DWORD n = GetModuleFileNameW(module, loaded, DWORD(sizeof loaded / sizeof loaded[0]));
    binaryPath_ = n > 0 && n < sizeof loaded / sizeof loaded[0] ? std::filesystem::path(loaded).u8string() : binary.u8string();
#else
    library_ = dlopen(binary.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!library_) throw std::runtime_error("cannot load " + binary.string() + ": " + dlerror());
    binaryPath_ = binary.string();
#endif
    binaryFolder_ = binaryPath_.substr(0, binaryPath_.find_last_of("/\\"));
    entry_ = static_cast<const PluginEntry*>(platform::findSymbol(library_, "clap_entry"));
    if (!entry_) throw std::runtime_error("the library does not export clap_entry");
    if (!versionIsCompatible(entry_->clapVersion)) throw std::runtime_error("the library speaks an incompatible CLAP version");
    if (!entry_->init || !entry_->init(binaryPath_.c_str())) throw std::runtime_error("clap_entry.init failed");
    initialized_ = true;
    factory_ = entry_->getFactory ? static_cast<const PluginFactory*>(entry_->getFactory(kPluginFactoryId)) : nullptr;
    if (!factory_) throw std::runtime_error("no plug-in factory");
    if (factory_->getPluginCount(factory_) < 1 || !(descriptor_ = factory_->getPluginDescriptor(factory_, 0)))
        throw std::runtime_error("the factory holds no plug-in");
    debugStats_ = reinterpret_cast<aicp_debug_stats_fn>(platform::findSymbol(library_, "aicp_debug_stats"));
    liveInstances = reinterpret_cast<int (*)()>(platform::findSymbol(library_, "aicp_live_instances"));
}

const Plugin* ClapModule::create(const ClapHost& host) const {
    if (!factory_ || !descriptor_) return nullptr;
    return factory_->createPlugin(factory_, host.host(), descriptor_->id);
}

}  // namespace aicphost
