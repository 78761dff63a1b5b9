// What the audio thread needs of the platform (platform.h): denormal control per architecture (x86-64 MXCSR
// FTZ|DAZ, AArch64 FPCR FZ, elsewhere nothing) and the monotonic clock per system.
#include "platform.h"
#if defined(_WIN32)
#include <windows.h>
#else
#include <time.h>
#endif
#if defined(__x86_64__) || defined(_M_X64)
#include <xmmintrin.h>
#endif

namespace aicp::platform {

#if defined(__x86_64__) || defined(_M_X64)
DenormalsAsZero::DenormalsAsZero() noexcept : saved_(_mm_getcsr()) { _mm_setcsr(unsigned(saved_) | 0x8040u); }
DenormalsAsZero::~DenormalsAsZero() { _mm_setcsr(unsigned(saved_)); }
#elif defined(__aarch64__)
DenormalsAsZero::DenormalsAsZero() noexcept {
    uint64_t fpcr;
    __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
    saved_ = fpcr;
    fpcr |= uint64_t(1) << 24;  // FZ
    __asm__ volatile("msr fpcr, %0" : : "r"(fpcr));
}
DenormalsAsZero::~DenormalsAsZero() { __asm__ volatile("msr fpcr, %0" : : "r"(saved_)); }
#else
DenormalsAsZero::DenormalsAsZero() noexcept {}
DenormalsAsZero::~DenormalsAsZero() {}
#endif

#if defined(_WIN32)
int64_t monotonicNanos() noexcept {
    LARGE_INTEGER count, frequency;
    QueryPerformanceCounter(&count);
    QueryPerformanceFrequency(&frequency);
    return int64_t(double(count.QuadPart) * 1e9 / double(frequency.QuadPart));
}
#else
int64_t monotonicNanos() noexcept {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);  // vDSO: no system call, no allocation
    return int64_t(now.tv_sec) * 1000000000 + now.tv_nsec;
}
#endif

}  // namespace aicp::platform
