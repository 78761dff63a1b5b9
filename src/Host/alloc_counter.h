// Counts heap allocations, and locks, waits, sleeps and writes, made on the host's audio thread: calls made while the
// calling thread is marked as the audio thread are counted.
// Linux (alloc_counter.cpp): malloc and friends and the pthread/stdio functions are interposed by this executable (it
//   exports them, so the plug-in's calls resolve here); the real work is done by glibc.
// Windows (alloc_counter_windows.cpp): the import address tables of the plug-in's modules (every module loaded from
//   the bundle's binary folder, as they load) are patched so that their calls to the C runtime's and kernel32's
//   allocation, lock, wait, sleep and write functions go through a counting forwarder.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace aicphost {
void markAudioThread(bool on) noexcept;
uint64_t audioThreadAllocations() noexcept;
// Locks, condition and semaphore waits, sleeps and writes made on the audio thread (counted the same way).
uint64_t audioThreadWaitsAndIo() noexcept;

// Counts calls from the modules in the plug-in's binary folder: those loaded now and (Windows) those it loads later.
// Linux: nothing to do (interposition covers the whole process).
void countCallsFromModulesIn(const std::string& binaryFolder) noexcept;
struct CountingInfo {
    std::string method;          // how calls are counted here, in words
    int modules = -1;            // Windows: modules whose import tables are patched (-1: not by patching)
    std::vector<std::string> moduleNames;  // Windows: their file names
    int imports = -1;            // Windows: import slots patched
    int functionsCalled = 0;     // Windows: patched functions (per implementation) called since, on any thread
};
CountingInfo countingInfo() noexcept;

// Tests: from now on, heap allocations of `bytes` or more made on the calling thread fail as a system out of memory
// does (malloc returns null, operator new throws std::bad_alloc); 0: none fail. False where allocations cannot be made
// to fail (the sanitizer builds, Windows).
bool failAllocationsOnThisThread(size_t bytes) noexcept;
}  // namespace aicphost
