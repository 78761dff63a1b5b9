// What differs between the systems aicp-host runs on, one implementation per system: host_platform_posix.cpp (Linux)
// and host_platform_windows.cpp (Windows x64, built with mingw-w64). Module loading, the audio thread's priority and
// core, memory figures, file names and the command line. How audio-thread calls are counted is alloc_counter.h's.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace aicphost::platform {

// Monotonic time in seconds (CLOCK_MONOTONIC; the performance counter on Windows).
double nowSeconds() noexcept;
// Cores the system has online.
int onlineCpus() noexcept;

// The process set up as the host wants it: Windows writes stdout in binary (the report's lines end in \n as on
// Linux) and shows no error dialog for a library that does not load. The arguments in UTF-8 (Windows: from the wide
// command line, so any file name comes through).
std::vector<std::string> setUpProcess(int argc, char** argv);
// A path for the C++ streams from a UTF-8 file name (Windows: opened by its wide name).
std::filesystem::path filePath(const std::string& utf8);

// A bundle's binary for this system, loaded and entered as a DAW does: Linux dlopen of
// Contents/<arch>-linux/<stem>.so and ModuleEntry(handle); Windows LoadLibraryW of Contents/x86_64-win/<stem>.vst3
// and InitDll(HMODULE). Throws std::runtime_error with the reason.
struct PluginLibrary {
    void* handle = nullptr;
    std::string binaryPath;
    std::string binaryFolder;  // the folder it is in: the engine library and its dependencies sit beside it
};
PluginLibrary openPluginLibrary(const std::string& bundlePath);
void* findSymbol(void* library, const char* name) noexcept;
// ModuleExit / ExitDll. The library is never unloaded (a .NET runtime inside must not be), as DAWs do.
void exitPluginLibrary(void* library) noexcept;

// The calling thread made the audio thread as a DAW makes it: pinned to the last core where there are two or more,
// and, when `realtime` (blocks paced in real time: a real-time thread running flat out would starve its core), real-time
// priority: Linux SCHED_FIFO 70; Windows MMCSS "Pro Audio" (avrt.dll, where present) and THREAD_PRIORITY_TIME_CRITICAL.
struct AudioThreadSetup {
    bool realtimePriority = false;  // what was granted (the report's audio_thread_sched_fifo)
    std::string priority = "normal";  // in words, as the system reports it back
    int cpu = -1;                   // the core it is pinned to, -1: not pinned
};
AudioThreadSetup configureAudioThread(bool realtime);

// Linux: mlockall as a DAW does (pages already touched and touched later stay resident). Windows DAWs do not lock the
// process's memory: false.
bool lockMemoryAsADawDoes() noexcept;

// Keeps the calling thread and the threads it creates off the audio thread's core for its lifetime, where the system
// lets a creator's affinity pass to its threads (Linux). On Windows a new thread takes the process's affinity, not
// its creator's, so this does nothing there: the audio thread is pinned, the others may share its core.
class KeepOffAudioCore {
public:
    explicit KeepOffAudioCore(bool enabled);
    ~KeepOffAudioCore();
    KeepOffAudioCore(const KeepOffAudioCore&) = delete;
    KeepOffAudioCore& operator=(const KeepOffAudioCore&) = delete;

private:
    struct Saved;
    std::unique_ptr<Saved> saved_;
};

// This process's resident memory in KiB (Linux /proc/self/statm; Windows the working set).
double residentKiB() noexcept;
// The native heap in KiB: in use, and held from the system (Linux glibc malloc over every arena, mallinfo2; Windows
// every heap of the process, walked). Apart from resident memory it tells a native leak (in use grows) from
// fragmentation (held grows) and from the managed heap.
std::pair<double, double> nativeHeapKiB() noexcept;

}  // namespace aicphost::platform
