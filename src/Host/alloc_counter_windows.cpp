// alloc_counter.h on Windows: the plug-in's modules call the C runtime and kernel32 through their import address
// tables, so each slot for a function that allocates, frees, locks, waits, sleeps or writes is pointed at a forwarder
// here that counts the call when the calling thread is marked as the audio thread and then calls the function the
// slot held before. Patched: every module loaded from the plug-in's binary folder (the wrapper, the engine library,
// ONNX Runtime, Skia), now and as they load more (their LoadLibrary imports are forwarded too, and a module loaded
// from the folder is patched before the call returns).
// Not seen this way: calls a module makes inside itself (a statically linked runtime's own functions, such as the
// uncontended path of winpthreads' mutex, which is an atomic exchange with no system call), calls through pointers
// from GetProcAddress, and delay-loaded imports.
#include "alloc_counter.h"
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <psapi.h>
#include <algorithm>
#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <cwctype>
#include <string>
#include <vector>

namespace {

enum Kind { kAllocation, kWaitOrIo };

// The threads marked as audio threads (a DAW may have several); 0 is a free place.
constexpr int kMarkedThreads = 8;
std::atomic<DWORD> gMarked[kMarkedThreads];
std::atomic<uint64_t> gAllocations{0}, gWaitsAndIo{0};

inline bool onAudioThread() noexcept {
    const DWORD self = GetCurrentThreadId();  // reads the thread's own block: no system call, last error untouched
    for (const auto& marked : gMarked)
        if (marked.load(std::memory_order_relaxed) == self) return true;
    return false;
}

inline void note(Kind kind, bool counts) noexcept {
    if (counts && onAudioThread()) (kind == kAllocation ? gAllocations : gWaitsAndIo).fetch_add(1, std::memory_order_relaxed);
}

// One function can have several implementations in one process (msvcrt's malloc, ucrtbase's malloc): each slot
// forwards to the one it held, through one of kTargets instances of the forwarder.
constexpr int kTargets = 4;

// KIND, NAME, RETURN, PARAMETERS, ARGUMENTS, COUNTED WHEN
#define AICP_COUNTED_IMPORTS(X)                                                                                        \
    X(kAllocation, malloc, void*, (size_t n), (n), true)                                                               \
    X(kAllocation, calloc, void*, (size_t n, size_t s), (n, s), true)                                                  \
    X(kAllocation, realloc, void*, (void* p, size_t n), (p, n), true)                                                  \
    X(kAllocation, free, void, (void* p), (p), p != nullptr)                                                           \
    X(kAllocation, _malloc_base, void*, (size_t n), (n), true)                                                         \
    X(kAllocation, _calloc_base, void*, (size_t n, size_t s), (n, s), true)                                            \
    X(kAllocation, _realloc_base, void*, (void* p, size_t n), (p, n), true)                                            \
    X(kAllocation, _free_base, void, (void* p), (p), p != nullptr)                                                     \
    X(kAllocation, _recalloc, void*, (void* p, size_t n, size_t s), (p, n, s), true)                                   \
    X(kAllocation, _aligned_malloc, void*, (size_t n, size_t a), (n, a), true)                                         \
    X(kAllocation, _aligned_realloc, void*, (void* p, size_t n, size_t a), (p, n, a), true)                            \
    X(kAllocation, _aligned_free, void, (void* p), (p), p != nullptr)                                                  \
    X(kAllocation, _strdup, char*, (const char* s), (s), true)                                                         \
    X(kAllocation, _wcsdup, wchar_t*, (const wchar_t* s), (s), true)                                                   \
    X(kAllocation, HeapAlloc, LPVOID, (HANDLE h, DWORD f, SIZE_T n), (h, f, n), true)                                  \
    X(kAllocation, HeapReAlloc, LPVOID, (HANDLE h, DWORD f, LPVOID p, SIZE_T n), (h, f, p, n), true)                   \
    X(kAllocation, HeapFree, BOOL, (HANDLE h, DWORD f, LPVOID p), (h, f, p), p != nullptr)                             \
    X(kAllocation, LocalAlloc, HLOCAL, (UINT f, SIZE_T n), (f, n), true)                                               \
    X(kAllocation, LocalReAlloc, HLOCAL, (HLOCAL p, SIZE_T n, UINT f), (p, n, f), true)                                \
    X(kAllocation, LocalFree, HLOCAL, (HLOCAL p), (p), p != nullptr)                                                   \
    X(kAllocation, GlobalAlloc, HGLOBAL, (UINT f, SIZE_T n), (f, n), true)                                             \
    X(kAllocation, GlobalFree, HGLOBAL, (HGLOBAL p), (p), p != nullptr)                                                \
    X(kAllocation, VirtualAlloc, LPVOID, (LPVOID a, SIZE_T n, DWORD t, DWORD p), (a, n, t, p), true)                   \
    X(kAllocation, VirtualFree, BOOL, (LPVOID a, SIZE_T n, DWORD t), (a, n, t), true)                                  \
    X(kAllocation, CoTaskMemAlloc, LPVOID, (SIZE_T n), (n), true)                                                      \
    X(kAllocation, CoTaskMemFree, void, (LPVOID p), (p), p != nullptr)                                                 \
    X(kWaitOrIo, EnterCriticalSection, void, (LPCRITICAL_SECTION c), (c), true)                                        \
    X(kWaitOrIo, TryEnterCriticalSection, BOOL, (LPCRITICAL_SECTION c), (c), true)                                     \
    X(kWaitOrIo, AcquireSRWLockExclusive, void, (PSRWLOCK l), (l), true)                                               \
    X(kWaitOrIo, AcquireSRWLockShared, void, (PSRWLOCK l), (l), true)                                                  \
    X(kWaitOrIo, TryAcquireSRWLockExclusive, BOOLEAN, (PSRWLOCK l), (l), true)                                         \
    X(kWaitOrIo, TryAcquireSRWLockShared, BOOLEAN, (PSRWLOCK l), (l), true)                                            \
    X(kWaitOrIo, SleepConditionVariableCS, BOOL, (PCONDITION_VARIABLE c, PCRITICAL_SECTION s, DWORD ms), (c, s, ms), true) \
    X(kWaitOrIo, SleepConditionVariableSRW, BOOL, (PCONDITION_VARIABLE c, PSRWLOCK l, DWORD ms, ULONG f), (c, l, ms, f), true) \
    X(kWaitOrIo, WaitForSingleObject, DWORD, (HANDLE h, DWORD ms), (h, ms), true)                                      \
    X(kWaitOrIo, WaitForSingleObjectEx, DWORD, (HANDLE h, DWORD ms, BOOL a), (h, ms, a), true)                         \
    X(kWaitOrIo, WaitForMultipleObjects, DWORD, (DWORD n, const HANDLE* h, BOOL all, DWORD ms), (n, h, all, ms), true) \
    X(kWaitOrIo, WaitForMultipleObjectsEx, DWORD, (DWORD n, const HANDLE* h, BOOL all, DWORD ms, BOOL a), (n, h, all, ms, a), true) \
    X(kWaitOrIo, SignalObjectAndWait, DWORD, (HANDLE s, HANDLE w, DWORD ms, BOOL a), (s, w, ms, a), true)              \
    X(kWaitOrIo, WaitOnAddress, BOOL, (volatile VOID* a, PVOID c, SIZE_T n, DWORD ms), (a, c, n, ms), true)            \
    X(kWaitOrIo, Sleep, void, (DWORD ms), (ms), true)                                                                  \
    X(kWaitOrIo, SleepEx, DWORD, (DWORD ms, BOOL a), (ms, a), true)                                                    \
    X(kWaitOrIo, WriteFile, BOOL, (HANDLE h, LPCVOID b, DWORD n, LPDWORD w, LPOVERLAPPED o), (h, b, n, w, o), true)    \
    X(kWaitOrIo, WriteConsoleA, BOOL, (HANDLE h, const VOID* b, DWORD n, LPDWORD w, LPVOID r), (h, b, n, w, r), true)  \
    X(kWaitOrIo, WriteConsoleW, BOOL, (HANDLE h, const VOID* b, DWORD n, LPDWORD w, LPVOID r), (h, b, n, w, r), true)  \
    X(kWaitOrIo, FlushFileBuffers, BOOL, (HANDLE h), (h), true)                                                        \
    X(kWaitOrIo, OutputDebugStringA, void, (LPCSTR s), (s), true)                                                      \
    X(kWaitOrIo, OutputDebugStringW, void, (LPCWSTR s), (s), true)                                                     \
    X(kWaitOrIo, fwrite, size_t, (const void* p, size_t s, size_t n, FILE* f), (p, s, n, f), true)                     \
    X(kWaitOrIo, fputs, int, (const char* s, FILE* f), (s, f), true)                                                   \
    X(kWaitOrIo, fputc, int, (int c, FILE* f), (c, f), true)                                                           \
    X(kWaitOrIo, puts, int, (const char* s), (s), true)                                                                \
    X(kWaitOrIo, fflush, int, (FILE* f), (f), true)                                                                    \
    X(kWaitOrIo, vfprintf, int, (FILE* f, const char* t, va_list a), (f, t, a), true)                                  \
    X(kWaitOrIo, vprintf, int, (const char* t, va_list a), (t, a), true)                                               \
    X(kWaitOrIo, __stdio_common_vfprintf, int, (unsigned long long o, FILE* f, const char* t, void* l, va_list a), (o, f, t, l, a), true) \
    X(kWaitOrIo, __stdio_common_vfwprintf, int, (unsigned long long o, FILE* f, const wchar_t* t, void* l, va_list a), (o, f, t, l, a), true) \
    X(kWaitOrIo, _write, int, (int fd, const void* b, unsigned n), (fd, b, n), true)                                   \
    X(kWaitOrIo, _Mtx_lock, int, (void* m), (m), true)                                                                 \
    X(kWaitOrIo, _Mtx_trylock, int, (void* m), (m), true)                                                              \
    X(kWaitOrIo, _Cnd_wait, int, (void* c, void* m), (c, m), true)                                                     \
    X(kWaitOrIo, _Cnd_timedwait, int, (void* c, void* m, const void* t), (c, m, t), true)                              \
    X(kWaitOrIo, _Thrd_sleep, void, (const void* t), (t), true)

// The loader: a module the plug-in loads from its folder is patched before the call returns.
// NAME, PARAMETERS, ARGUMENTS
#define AICP_LOADER_IMPORTS(X)                                                                                         \
    X(LoadLibraryA, (LPCSTR n), (n))                                                                                   \
    X(LoadLibraryW, (LPCWSTR n), (n))                                                                                  \
    X(LoadLibraryExA, (LPCSTR n, HANDLE f, DWORD fl), (n, f, fl))                                                      \
    X(LoadLibraryExW, (LPCWSTR n, HANDLE f, DWORD fl), (n, f, fl))

enum Index {
#define AICP_INDEX(kind, name, ...) i_##name,
#define AICP_LOADER_INDEX(name, ...) i_##name,
    AICP_COUNTED_IMPORTS(AICP_INDEX) AICP_LOADER_IMPORTS(AICP_LOADER_INDEX) i_fprintf, i_printf, kHooks
#undef AICP_INDEX
#undef AICP_LOADER_INDEX
};

// What each forwarder instance calls: the function the slot held.
std::atomic<void*> gReal[kHooks][kTargets];
// fprintf and printf take variable arguments: their forwarders call vfprintf / vprintf of the same runtime.
std::atomic<void*> gVariadicTarget[kHooks][kTargets];
// Which forwarders have been called, on any thread (the report's proof that the patched slots are the ones in use; a
// flag set once, so the forwarders of threads busy elsewhere do not contend for one counter).
std::atomic<bool> gCalled[kHooks][kTargets];

inline void called(Index index, int target) noexcept {
    if (!gCalled[index][target].load(std::memory_order_relaxed)) gCalled[index][target].store(true, std::memory_order_relaxed);
}

template <typename Fn>
inline Fn real(Index index, int target) noexcept {
    return reinterpret_cast<Fn>(gReal[index][target].load(std::memory_order_acquire));
}

#define AICP_FORWARDER(kind, name, ret, params, args, when)                                                            \
    template <int I>                                                                                                   \
    ret hook_##name params {                                                                                           \
        called(i_##name, I);                                                                                           \
        note(kind, when);                                                                                              \
        return real<ret(*) params>(i_##name, I) args;                                                                  \
    }
AICP_COUNTED_IMPORTS(AICP_FORWARDER)
#undef AICP_FORWARDER

template <int I>
int hook_fprintf(FILE* f, const char* format, ...) {
    called(i_fprintf, I);
    note(kWaitOrIo, true);
    va_list list;
    va_start(list, format);
    int n = reinterpret_cast<int (*)(FILE*, const char*, va_list)>(gVariadicTarget[i_fprintf][I].load(std::memory_order_acquire))(f, format, list);
    va_end(list);
    return n;
}
template <int I>
int hook_printf(const char* format, ...) {
    called(i_printf, I);
    note(kWaitOrIo, true);
    va_list list;
    va_start(list, format);
    int n = reinterpret_cast<int (*)(const char*, va_list)>(gVariadicTarget[i_printf][I].load(std::memory_order_acquire))(format, list);
    va_end(list);
    return n;
}

void patchIfInFolder(HMODULE module) noexcept;

#define AICP_LOADER_FORWARDER(name, params, args)                                                                      \
    template <int I>                                                                                                   \
    HMODULE hook_##name params {                                                                                       \
        HMODULE module = real<HMODULE(*) params>(i_##name, I) args;                                                    \
        if (module) {                                                                                                  \
            const DWORD error = GetLastError();                                                                        \
            patchIfInFolder(module);                                                                                   \
            SetLastError(error);                                                                                       \
        }                                                                                                              \
        return module;                                                                                                 \
    }
AICP_LOADER_IMPORTS(AICP_LOADER_FORWARDER)
#undef AICP_LOADER_FORWARDER

struct Hook {
    const char* name;
    Index index;
    void* forwarders[kTargets];
    const char* variadicTarget;  // fprintf, printf: the va_list function of the same runtime
};

#define AICP_FORWARDERS(name) {reinterpret_cast<void*>(&hook_##name<0>), reinterpret_cast<void*>(&hook_##name<1>), \
                               reinterpret_cast<void*>(&hook_##name<2>), reinterpret_cast<void*>(&hook_##name<3>)}
#define AICP_HOOK(kind, name, ...) {#name, i_##name, AICP_FORWARDERS(name), nullptr},
#define AICP_LOADER_HOOK(name, ...) {#name, i_##name, AICP_FORWARDERS(name), nullptr},
const Hook kHookTable[] = {
    AICP_COUNTED_IMPORTS(AICP_HOOK) AICP_LOADER_IMPORTS(AICP_LOADER_HOOK)
    {"fprintf", i_fprintf, AICP_FORWARDERS(fprintf), "vfprintf"},
    {"printf", i_printf, AICP_FORWARDERS(printf), "vprintf"},
};
#undef AICP_HOOK
#undef AICP_LOADER_HOOK
#undef AICP_FORWARDERS

// Patching state, under gPatchLock (an SRW lock needs no construction or destruction: a module may load while the
// process exits).
SRWLOCK gPatchLock = SRWLOCK_INIT;
std::wstring* gFolder = nullptr;                 // the plug-in's binary folder, lower case, backslashes
std::vector<HMODULE>* gPatchedModules = nullptr;  // never freed (see above)
int gPatchedImports = 0;

struct PatchLock {
    explicit PatchLock(bool exclusive) : exclusive_(exclusive) {
        if (exclusive_) AcquireSRWLockExclusive(&gPatchLock); else AcquireSRWLockShared(&gPatchLock);
    }
    ~PatchLock() { if (exclusive_) ReleaseSRWLockExclusive(&gPatchLock); else ReleaseSRWLockShared(&gPatchLock); }
    PatchLock(const PatchLock&) = delete;
    PatchLock& operator=(const PatchLock&) = delete;
    const bool exclusive_;
};

std::wstring normalized(std::wstring path) {
    for (wchar_t& c : path) c = c == L'/' ? L'\\' : wchar_t(std::towlower(c));
    while (!path.empty() && path.back() == L'\\') path.pop_back();
    return path;
}

std::wstring folderOf(HMODULE module) {
    wchar_t path[MAX_PATH * 4];
    DWORD n = GetModuleFileNameW(module, path, DWORD(sizeof path / sizeof path[0]));
    if (n == 0 || n >= sizeof path / sizeof path[0]) return std::wstring();
    std::wstring text = normalized(std::wstring(path, n));
    size_t slash = text.find_last_of(L'\\');
    return slash == std::wstring::npos ? std::wstring() : text.substr(0, slash);
}

bool isForwarder(void* address) noexcept {
    for (const Hook& hook : kHookTable)
        for (void* forwarder : hook.forwarders)
            if (forwarder == address) return true;
    return false;
}

// The forwarder instance for a slot that holds `original` (the same instance for the same original), or -1 when all
// are taken by other implementations.
int targetFor(const Hook& hook, void* original) noexcept {
    for (int t = 0; t < kTargets; ++t) {
        void* held = gReal[hook.index][t].load(std::memory_order_acquire);
        if (held == original) return t;
        if (held == nullptr) {
            if (hook.variadicTarget) {
                HMODULE runtime = nullptr;
                if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                                        static_cast<LPCWSTR>(original), &runtime))
                    return -1;
                void* target = reinterpret_cast<void*>(GetProcAddress(runtime, hook.variadicTarget));
                if (!target) return -1;
                gVariadicTarget[hook.index][t].store(target, std::memory_order_release);
            }
            gReal[hook.index][t].store(original, std::memory_order_release);
            return t;
        }
    }
    return -1;
}

const Hook* hookNamed(const char* name) noexcept {
    for (const Hook& hook : kHookTable)
        if (std::strcmp(hook.name, name) == 0) return &hook;
    return nullptr;
}

// Points a module's import slots for the functions above at their forwarders. Returns the slots patched.
int patchImports(HMODULE module) noexcept {
    auto* base = reinterpret_cast<uint8_t*>(module);
    auto* dos = reinterpret_cast<IMAGE_DOS_HEADER*>(base);
    if (dos->e_magic != IMAGE_DOS_SIGNATURE) return 0;
    auto* nt = reinterpret_cast<IMAGE_NT_HEADERS64*>(base + dos->e_lfanew);
    if (nt->Signature != IMAGE_NT_SIGNATURE || nt->OptionalHeader.Magic != IMAGE_NT_OPTIONAL_HDR64_MAGIC) return 0;
    const IMAGE_DATA_DIRECTORY& directory = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT];
    if (directory.VirtualAddress == 0 || directory.Size == 0) return 0;
    int patched = 0;
    for (auto* d = reinterpret_cast<IMAGE_IMPORT_DESCRIPTOR*>(base + directory.VirtualAddress); d->Name != 0; ++d) {
        if (d->OriginalFirstThunk == 0) continue;  // no names to tell the functions by
        auto* names = reinterpret_cast<IMAGE_THUNK_DATA64*>(base + d->OriginalFirstThunk);
        auto* slots = reinterpret_cast<IMAGE_THUNK_DATA64*>(base + d->FirstThunk);
        for (; names->u1.AddressOfData != 0; ++names, ++slots) {
            if (IMAGE_SNAP_BY_ORDINAL64(names->u1.Ordinal)) continue;
            auto* byName = reinterpret_cast<IMAGE_IMPORT_BY_NAME*>(base + names->u1.AddressOfData);
            const Hook* hook = hookNamed(reinterpret_cast<const char*>(byName->Name));
            if (!hook) continue;
            void* original = reinterpret_cast<void*>(slots->u1.Function);
            if (!original || isForwarder(original)) continue;
            int target = targetFor(*hook, original);
            if (target < 0) continue;
            MEMORY_BASIC_INFORMATION page{};
            if (!VirtualQuery(&slots->u1.Function, &page, sizeof page)) continue;
            const bool executable = (page.Protect & (PAGE_EXECUTE | PAGE_EXECUTE_READ | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY)) != 0;
            DWORD before = 0;
            if (!VirtualProtect(&slots->u1.Function, sizeof(void*), executable ? PAGE_EXECUTE_READWRITE : PAGE_READWRITE, &before)) continue;
            __atomic_store_n(&slots->u1.Function, reinterpret_cast<ULONGLONG>(hook->forwarders[target]), __ATOMIC_RELEASE);
            DWORD ignored = 0;
            VirtualProtect(&slots->u1.Function, sizeof(void*), before, &ignored);
            ++patched;
        }
    }
    return patched;
}

// Under gPatchLock. The host's own executable is never patched (its calls are the host's, not the plug-in's).
void patchLocked(HMODULE module) {
    if (module == GetModuleHandleW(nullptr)) return;
    for (HMODULE done : *gPatchedModules)
        if (done == module) return;
    gPatchedModules->push_back(module);
    gPatchedImports += patchImports(module);
}

// The module's folder is found before the lock is taken (GetModuleFileNameW takes the loader's lock, which a thread
// loading a library may hold while it waits for this one).
void patchIfInFolder(HMODULE module) noexcept {
    try {
        const std::wstring folder = folderOf(module);
        PatchLock lock(true);
        if (gFolder && folder == *gFolder) patchLocked(module);
    } catch (...) {
    }
}

}  // namespace

namespace aicphost {

void markAudioThread(bool on) noexcept {
    const DWORD self = GetCurrentThreadId();
    for (auto& marked : gMarked) {
        DWORD expected = on ? 0 : self;
        if (on && marked.load() == self) return;
        if (marked.compare_exchange_strong(expected, on ? self : 0)) return;
    }
}

uint64_t audioThreadAllocations() noexcept { return gAllocations.load(); }
uint64_t audioThreadWaitsAndIo() noexcept { return gWaitsAndIo.load(); }
bool failAllocationsOnThisThread(size_t) noexcept { return false; }

void countCallsFromModulesIn(const std::string& binaryFolder) noexcept {
    try {
        std::wstring wide(size_t(MultiByteToWideChar(CP_UTF8, 0, binaryFolder.c_str(), -1, nullptr, 0)), L'\0');
        if (wide.empty()) return;
        MultiByteToWideChar(CP_UTF8, 0, binaryFolder.c_str(), -1, wide.data(), int(wide.size()));
        wide.resize(wide.size() - 1);
        const std::wstring folder = normalized(wide);
        HMODULE modules[1024];
        DWORD bytes = 0;
        std::vector<HMODULE> inFolder;
        if (EnumProcessModules(GetCurrentProcess(), modules, sizeof modules, &bytes))
            for (DWORD i = 0; i < std::min<DWORD>(bytes / sizeof(HMODULE), 1024); ++i)
                if (folderOf(modules[i]) == folder) inFolder.push_back(modules[i]);
        PatchLock lock(true);
        if (!gFolder) {
            gFolder = new std::wstring(folder);
            gPatchedModules = new std::vector<HMODULE>();
        } else {
            *gFolder = folder;
        }
        for (HMODULE module : inFolder) patchLocked(module);
    } catch (...) {
    }
}

CountingInfo countingInfo() noexcept {
    CountingInfo info;
    {
        PatchLock lock(false);
        info.modules = gPatchedModules ? int(gPatchedModules->size()) : 0;
        info.imports = gPatchedImports;
        for (int m = 0; m < info.modules; ++m) {
            char path[MAX_PATH * 4];
            DWORD n = GetModuleFileNameA((*gPatchedModules)[size_t(m)], path, sizeof path);
            std::string name(path, n < sizeof path ? n : 0);
            info.moduleNames.push_back(name.substr(name.find_last_of("/\\") + 1));
        }
    }
    for (const auto& forwarders : gCalled)
        for (const auto& flag : forwarders) info.functionsCalled += flag.load(std::memory_order_relaxed) ? 1 : 0;
    info.method = "import tables of the plug-in's modules patched: allocation (C runtime, Heap*, Local*, Global*, Virtual*, "
                  "CoTaskMem*), locks and waits (critical sections, SRW locks, condition variables, WaitFor*, Sleep*, "
                  "the MSVC runtime's mutexes), writes (WriteFile, WriteConsole, stdio)";
    return info;
}

}  // namespace aicphost
