// Everything that differs between Linux, Windows and macOS builds of the wrapper: interface-ID byte order,
// result-code values, the calling convention, module entry names, how a sibling library is loaded, and the editor's
// window system.
// A Windows or macOS port changes this header and its build script, nothing else.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#if defined(_WIN32)
#include <malloc.h>
#endif

#if defined(_WIN32)
#define AICP_VST_API __stdcall
#define AICP_EXPORT extern "C" __declspec(dllexport)
#define AICP_COM_COMPATIBLE 1
#else
#define AICP_VST_API
#define AICP_EXPORT extern "C" __attribute__((visibility("default")))
#define AICP_COM_COMPATIBLE 0
#endif

// printf-style format checking where the compiler has it.
#if defined(__GNUC__)
#define AICP_PRINTF_FORMAT(f, a) __attribute__((format(printf, f, a)))
#else
#define AICP_PRINTF_FORMAT(f, a)
#endif

namespace aicp::platform {

// VST3 result codes. Linux and macOS use small integers; Windows uses COM HRESULTs.
#if AICP_COM_COMPATIBLE
constexpr int32_t kNoInterface = static_cast<int32_t>(0x80004002L);
constexpr int32_t kResultOk = 0;
constexpr int32_t kResultFalse = 1;
constexpr int32_t kInvalidArgument = static_cast<int32_t>(0x80070057L);
constexpr int32_t kNotImplemented = static_cast<int32_t>(0x80004001L);
constexpr int32_t kInternalError = static_cast<int32_t>(0x80004005L);
constexpr int32_t kNotInitialized = static_cast<int32_t>(0x8000FFFFL);
constexpr int32_t kOutOfMemory = static_cast<int32_t>(0x8007000EL);
#else
constexpr int32_t kNoInterface = -1;
constexpr int32_t kResultOk = 0;
constexpr int32_t kResultFalse = 1;
constexpr int32_t kInvalidArgument = 2;
constexpr int32_t kNotImplemented = 3;
constexpr int32_t kInternalError = 4;
constexpr int32_t kNotInitialized = 5;
constexpr int32_t kOutOfMemory = 6;
#endif

// A 16-byte interface ID from its four 32-bit words as the specification writes them.
struct Uid {
    uint8_t bytes[16];
};

constexpr Uid makeUid(uint32_t l1, uint32_t l2, uint32_t l3, uint32_t l4) {
#if AICP_COM_COMPATIBLE
    // COM GUID layout: the first word little-endian, the next two 16-bit halves swapped.
    return Uid{{uint8_t(l1), uint8_t(l1 >> 8), uint8_t(l1 >> 16), uint8_t(l1 >> 24),
                uint8_t(l2 >> 16), uint8_t(l2 >> 24), uint8_t(l2), uint8_t(l2 >> 8),
                uint8_t(l3 >> 24), uint8_t(l3 >> 16), uint8_t(l3 >> 8), uint8_t(l3),
                uint8_t(l4 >> 24), uint8_t(l4 >> 16), uint8_t(l4 >> 8), uint8_t(l4)}};
#else
    // Each word most-significant byte first.
    return Uid{{uint8_t(l1 >> 24), uint8_t(l1 >> 16), uint8_t(l1 >> 8), uint8_t(l1),
                uint8_t(l2 >> 24), uint8_t(l2 >> 16), uint8_t(l2 >> 8), uint8_t(l2),
                uint8_t(l3 >> 24), uint8_t(l3 >> 16), uint8_t(l3 >> 8), uint8_t(l3),
                uint8_t(l4 >> 24), uint8_t(l4 >> 16), uint8_t(l4 >> 8), uint8_t(l4)}};
#endif
}

// Module entry points the host looks up after loading the plug-in library.
#if defined(_WIN32)
#define AICP_MODULE_INIT InitDll
#define AICP_MODULE_EXIT ExitDll
#elif defined(__APPLE__)
#define AICP_MODULE_INIT bundleEntry
#define AICP_MODULE_EXIT bundleExit
#else
#define AICP_MODULE_INIT ModuleEntry
#define AICP_MODULE_EXIT ModuleExit
#endif

// The engine library's file name inside the bundle folder.
#if defined(_WIN32)
constexpr const char* kEngineLibraryName = "AiCoPilotEngine.dll";
#elif defined(__APPLE__)
constexpr const char* kEngineLibraryName = "AiCoPilotEngine.dylib";
#else
constexpr const char* kEngineLibraryName = "AiCoPilotEngine.so";
#endif

// The editor's window system (docs/editor.md): the IPlugView platform type whose parent window the engine's editor
// opens its child window in, and whether the host's run loop (VST3's Linux IRunLoop) drives it, or the editor's window
// keeps its own timer (Windows, where hosts have no run loop to lend). Null where the plug-in has no editor (the host
// then shows its generic parameter UI).
#if defined(_WIN32)
constexpr const char* kEditorPlatformType = "HWND";
constexpr bool kEditorNeedsHostRunLoop = false;
#elif defined(__linux__)
constexpr const char* kEditorPlatformType = "X11EmbedWindowID";
constexpr bool kEditorNeedsHostRunLoop = true;
#else
constexpr const char* kEditorPlatformType = nullptr;
constexpr bool kEditorNeedsHostRunLoop = false;
#endif

// Loads a library that must never be unloaded (a .NET runtime crashes the host when unloaded), and finds symbols.
void* loadLibraryNoUnload(const char* path, char* error, int errorSize) noexcept;
void* findSymbol(void* library, const char* name) noexcept;
// Directory of the module that contains this code (the bundle's binary folder), with a trailing separator.
bool thisModuleDirectory(char* out, int size) noexcept;
// The user's cache folder for AiCoPilot (created if missing), with a trailing separator.
bool userCacheDirectory(char* out, int size) noexcept;

// Memory aligned to `alignment` (a power of two; size rounded up to a multiple of it), freed with alignedFree. Not for
// the audio thread.
inline void* alignedAlloc(size_t alignment, size_t size) noexcept {
    size = (size + alignment - 1) / alignment * alignment;
#if defined(_WIN32)
    return _aligned_malloc(size, alignment);
#else
    return std::aligned_alloc(alignment, size);
#endif
}
inline void alignedFree(void* memory) noexcept {
#if defined(_WIN32)
    _aligned_free(memory);
#else
    std::free(memory);
#endif
}

// 64-bit loads and stores between threads on plain (ABI-shared) memory: the rings' indices and the shared
// parameter block, which C# reads too, so they cannot be std::atomic objects.
#if defined(__GNUC__)
inline uint64_t loadRelaxed(const uint64_t& v) noexcept { return __atomic_load_n(&v, __ATOMIC_RELAXED); }
inline uint64_t loadAcquire(const uint64_t& v) noexcept { return __atomic_load_n(&v, __ATOMIC_ACQUIRE); }
inline void storeRelease(uint64_t& v, uint64_t x) noexcept { __atomic_store_n(&v, x, __ATOMIC_RELEASE); }
inline void storeRelaxed(uint64_t& v, uint64_t x) noexcept { __atomic_store_n(&v, x, __ATOMIC_RELAXED); }
inline void storeRelaxed(double& v, double x) noexcept { __atomic_store(&v, &x, __ATOMIC_RELAXED); }
#else
#error "a port adds its compiler's 64-bit atomic loads and stores here"
#endif

// The local time of a moment (thread-safe).
inline void localTime(const std::time_t& t, std::tm& out) noexcept {
#if defined(_WIN32)
    localtime_s(&out, &t);
#else
    localtime_r(&t, &out);
#endif
}

// Monotonic nanoseconds, the clock the engine stamps phrase ends with (CLOCK_MONOTONIC on POSIX, the performance
// counter on Windows). Audio-thread safe: no system call where the system offers a vDSO.
int64_t monotonicNanos() noexcept;

// Denormals flushed to zero for a scope (process()), the caller's mode restored after: per architecture.
class DenormalsAsZero {
public:
    DenormalsAsZero() noexcept;
    ~DenormalsAsZero();
    DenormalsAsZero(const DenormalsAsZero&) = delete;
    DenormalsAsZero& operator=(const DenormalsAsZero&) = delete;

private:
    uint64_t saved_ = 0;
};

}  // namespace aicp::platform
