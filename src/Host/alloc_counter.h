// Counts heap allocations made on the host's audio thread: malloc and friends are interposed by this executable
// (it exports them, so the plug-in's calls resolve here), and calls made while the calling thread is marked as the
// audio thread are counted. The real work is done by glibc's __libc_* functions.
#pragma once
#include <cstdint>

namespace aicphost {
void markAudioThread(bool on) noexcept;
uint64_t audioThreadAllocations() noexcept;
// Locks, condition and semaphore waits, sleeps and writes made on the audio thread (interposed the same way).
uint64_t audioThreadWaitsAndIo() noexcept;
}
