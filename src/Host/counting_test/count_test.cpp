// The Windows audio-thread counter (alloc_counter_windows.cpp) checked on a module whose calls are known (probe.cpp):
// its import table is patched as aicp-host patches the plug-in's; calls on a marked thread are counted exactly, calls
// on other threads and from modules outside the folder are not, and a module it loads from the folder is patched too.
// Usage: aicp-count-test FOLDER (holding aicp_count_probe.dll and its copy aicp_count_probe_b.dll) SCRATCH_FILE.
// Prints "ok: ..." or "FAILED: ..." per check; exits 1 if any failed.
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include "alloc_counter.h"

using namespace aicphost;

namespace {
int failures = 0;
void check(bool ok, const std::string& what) {
    std::printf("%s: %s\n", ok ? "ok" : "FAILED", what.c_str());
    failures += ok ? 0 : 1;
}
std::wstring wide(const char* text) {
    std::wstring out(size_t(MultiByteToWideChar(CP_UTF8, 0, text, -1, nullptr, 0)), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, text, -1, out.data(), int(out.size()));
    out.resize(out.size() - 1);
    return out;
}
template <typename Fn>
Fn symbol(HMODULE module, const char* name) {
    return reinterpret_cast<Fn>(reinterpret_cast<void*>(GetProcAddress(module, name)));
}
}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: aicp-count-test FOLDER SCRATCH_FILE\n");
        return 2;
    }
    const std::string folder = argv[1];
    const std::wstring scratch = wide(argv[2]);
    HMODULE probe = LoadLibraryW(wide((folder + "\\aicp_count_probe.dll").c_str()).c_str());
    if (!probe) {
        std::printf("FAILED: cannot load the probe (error %lu)\n", GetLastError());
        return 1;
    }
    auto allocations = symbol<int (*)()>(probe, "probe_allocations");
    auto waits = symbol<int (*)(const wchar_t*)>(probe, "probe_waits_and_writes");
    auto arithmetic = symbol<int (*)(int)>(probe, "probe_arithmetic");
    auto loadAndAllocate = symbol<int (*)(const wchar_t*)>(probe, "probe_load_and_allocate");
    auto stdMutex = symbol<int (*)()>(probe, "probe_std_mutex");

    countCallsFromModulesIn(folder);
    CountingInfo info = countingInfo();
    check(info.modules == 1 && info.imports >= 30, "the probe's import table is patched (" + std::to_string(info.modules) + " module, " +
                                                       std::to_string(info.imports) + " imports)");

    // Not marked: the calls go through (right results) and nothing is counted.
    int n = allocations();
    int w = waits(scratch.c_str());
    check(n == 18 && w == 13, "unmarked: the forwarded calls give the right results");
    check(audioThreadAllocations() == 0 && audioThreadWaitsAndIo() == 0, "unmarked: nothing counted");
    const int through = countingInfo().functionsCalled;
    check(through == 27, "the 27 functions the probe calls went through their patched imports (" + std::to_string(through) + ")");

    // Marked: exactly the calls made.
    markAudioThread(true);
    n = allocations();
    const uint64_t counted = audioThreadAllocations();
    w = waits(scratch.c_str());
    const uint64_t countedWaits = audioThreadWaitsAndIo();
    const int sum = arithmetic(1000);
    void* own = std::malloc(32);  // this program is not a plug-in module: not counted
    std::free(own);
    const uint64_t afterOwn = audioThreadAllocations() + audioThreadWaitsAndIo();
    markAudioThread(false);
    check(n == 18 && counted == 18, "marked: the probe's 18 allocation calls are counted (" + std::to_string(counted) + ")");
    check(countedWaits == 13 && w == 13, "marked: its 13 lock, wait, sleep and write calls are counted (" + std::to_string(countedWaits) + ")");
    check(sum > 0 && afterOwn == 18 + 13, "marked: arithmetic and the host's own malloc add nothing");

    // Another thread's calls while this one is marked: not counted.
    markAudioThread(true);
    int other = 0;
    std::thread([&] { other = allocations() + waits(scratch.c_str()); }).join();
    markAudioThread(false);
    check(other == 31 && audioThreadAllocations() == 18 && audioThreadWaitsAndIo() == 13, "another thread's calls are not counted");

    // A module the probe loads from the folder is patched before LoadLibraryW returns: its calls count too.
    markAudioThread(true);
    int loaded = loadAndAllocate(wide((folder + "\\aicp_count_probe_b.dll").c_str()).c_str());
    const uint64_t withSecond = audioThreadAllocations();
    markAudioThread(false);
    check(loaded == 18 && withSecond == 36 && countingInfo().modules == 2,
          "a module loaded from the folder is patched as it loads: its 18 calls counted (" + std::to_string(withSecond - 18) + ")");

    // What an uncontended std::mutex of a mingw module shows (winpthreads is linked into the module): reported.
    const uint64_t beforeMutex = audioThreadAllocations() + audioThreadWaitsAndIo();
    markAudioThread(true);
    stdMutex();
    const uint64_t firstLock = audioThreadAllocations() + audioThreadWaitsAndIo() - beforeMutex;
    stdMutex();
    const uint64_t secondLock = audioThreadAllocations() + audioThreadWaitsAndIo() - beforeMutex - firstLock;
    markAudioThread(false);
    std::printf("info: an uncontended std::mutex in a mingw module: %llu calls counted on its first lock, %llu on the next\n",
                (unsigned long long)firstLock, (unsigned long long)secondLock);

    std::printf("%d failed\n", failures);
    return failures == 0 ? 0 : 1;
}
