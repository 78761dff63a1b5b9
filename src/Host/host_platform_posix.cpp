// host_platform.h on Linux.
#include "host_platform.h"
#include <dlfcn.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <fstream>
#include <stdexcept>

namespace aicphost::platform {

double nowSeconds() noexcept {
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return double(t.tv_sec) + t.tv_nsec / 1e9;
}

int onlineCpus() noexcept { return int(sysconf(_SC_NPROCESSORS_ONLN)); }

std::vector<std::string> setUpProcess(int argc, char** argv) { return std::vector<std::string>(argv, argv + argc); }

std::filesystem::path filePath(const std::string& utf8) { return std::filesystem::path(utf8); }

// The bundle folder of this host's own architecture (VST3's Linux bundle layout).
#if defined(__aarch64__)
static const char* const kBundleArchitecture = "aarch64-linux";
#else
static const char* const kBundleArchitecture = "x86_64-linux";
#endif

PluginLibrary openPluginLibrary(const std::string& bundlePath) {
    std::string name = bundlePath;
    while (!name.empty() && name.back() == '/') name.pop_back();
    std::string stem = name.substr(name.find_last_of('/') + 1);
    if (stem.size() > 5 && stem.substr(stem.size() - 5) == ".vst3") stem = stem.substr(0, stem.size() - 5);
    PluginLibrary out;
    out.binaryFolder = name + "/Contents/" + kBundleArchitecture;
    out.binaryPath = out.binaryFolder + "/" + stem + ".so";
    out.handle = dlopen(out.binaryPath.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!out.handle) throw std::runtime_error(std::string("cannot load ") + out.binaryPath + ": " + dlerror());
    using EntryFn = bool (*)(void*);
    auto entry = reinterpret_cast<EntryFn>(dlsym(out.handle, "ModuleEntry"));
    if (!entry) throw std::runtime_error("the module does not export ModuleEntry");
    if (!entry(out.handle)) throw std::runtime_error("ModuleEntry failed");
    return out;
}

void* findSymbol(void* library, const char* name) noexcept { return library ? dlsym(library, name) : nullptr; }

void exitPluginLibrary(void* library) noexcept {
    // Like DAWs that never unload the engine: ModuleExit, but no dlclose (the plug-in is RTLD_NODELETE anyway).
    using ExitFn = bool (*)();
    if (auto exit = reinterpret_cast<ExitFn>(findSymbol(library, "ModuleExit"))) exit();
}

AudioThreadSetup configureAudioThread(bool realtime) {
    AudioThreadSetup setup;
    const int cpus = onlineCpus();
    if (cpus >= 2) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpus - 1, &set);
        if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0) setup.cpu = cpus - 1;
    }
    if (realtime) {
        sched_param param{};
        param.sched_priority = 70;
        setup.realtimePriority = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0;
        if (setup.realtimePriority) setup.priority = "SCHED_FIFO 70";
    }
    return setup;
}

// As a DAW locks its memory: pages already touched and every page touched later stay resident, so the system's
// reclaim (this machine kind runs DAMON's page-out) never makes the audio thread fault them back in.
bool lockMemoryAsADawDoes() noexcept { return mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) == 0; }

struct KeepOffAudioCore::Saved {
    cpu_set_t affinity{};
};

KeepOffAudioCore::KeepOffAudioCore(bool enabled) {
    const int cpus = onlineCpus();
    if (!enabled || cpus < 2) return;
    auto saved = std::make_unique<Saved>();
    if (pthread_getaffinity_np(pthread_self(), sizeof saved->affinity, &saved->affinity) != 0) return;
    cpu_set_t others;
    CPU_ZERO(&others);
    for (int c = 0; c < cpus - 1; ++c) CPU_SET(c, &others);
    if (pthread_setaffinity_np(pthread_self(), sizeof others, &others) == 0) saved_ = std::move(saved);
}

KeepOffAudioCore::~KeepOffAudioCore() {
    if (saved_) pthread_setaffinity_np(pthread_self(), sizeof saved_->affinity, &saved_->affinity);
}

double residentKiB() noexcept {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return double(resident) * double(sysconf(_SC_PAGESIZE)) / 1024.0;
}

std::pair<double, double> nativeHeapKiB() noexcept {
    struct mallinfo2 m = mallinfo2();
    return {double(m.uordblks + m.hblkhd) / 1024.0, double(m.arena + m.hblkhd) / 1024.0};
}

}  // namespace aicphost::platform
