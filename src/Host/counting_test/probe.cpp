// A small Windows DLL that makes known calls through its import table: the counting test (count_test.cpp) loads it,
// has its import table patched as aicp-host patches the plug-in's, and checks that exactly these calls are counted
// when made on a marked thread and none on any other. Built with -O0 -fno-builtin (no call is folded or elided), so
// each call below is one call through one import.
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <malloc.h>
#include <mutex>

#define PROBE_EXPORT extern "C" __declspec(dllexport)

// msvcrt's own fprintf, imported (mingw's C++ headers route std::fprintf to mingw's formatter, which writes each
// character with its own fputc call).
extern "C" int msvcrtFprintf(FILE* file, const char* format, ...) __asm__("fprintf");

// 18 allocation calls (free(nullptr) is not one); returns -1 if any result is wrong.
PROBE_EXPORT int probe_allocations() {
    int ok = 1;
    char* p = static_cast<char*>(std::malloc(64));                      // 1
    std::memset(p, 7, 64);
    p = static_cast<char*>(std::realloc(p, 4096));                      // 2
    ok &= p[63] == 7;
    auto* zeros = static_cast<uint64_t*>(std::calloc(16, 8));           // 3
    ok &= zeros[15] == 0;
    std::free(p);                                                       // 4
    std::free(zeros);                                                   // 5
    std::free(nullptr);                                                 // not counted
    void* aligned = _aligned_malloc(100, 64);                           // 6
    ok &= (reinterpret_cast<uintptr_t>(aligned) & 63) == 0;
    _aligned_free(aligned);                                             // 7
    HANDLE heap = GetProcessHeap();
    void* h = HeapAlloc(heap, HEAP_ZERO_MEMORY, 32);                    // 8
    h = HeapReAlloc(heap, 0, h, 64);                                    // 9
    ok &= h != nullptr && HeapFree(heap, 0, h);                         // 10
    char* copy = _strdup("abc");                                        // 11
    ok &= std::strcmp(copy, "abc") == 0;
    std::free(copy);                                                    // 12
    int* array = new int[100];                                          // 13 (operator new calls malloc once)
    array[99] = 1;
    ok &= array[99] == 1;
    delete[] array;                                                     // 14 (free)
    void* pages = VirtualAlloc(nullptr, 65536, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);  // 15
    ok &= pages != nullptr && VirtualFree(pages, 0, MEM_RELEASE);       // 16
    HLOCAL local = LocalAlloc(LMEM_FIXED, 16);                          // 17
    ok &= LocalFree(local) == nullptr;                                  // 18
    return ok ? 18 : -1;
}

// 13 lock, wait, sleep and write calls (leaving a lock is not one); returns -1 if any result is wrong.
PROBE_EXPORT int probe_waits_and_writes(const wchar_t* scratchFile) {
    int ok = 1;
    CRITICAL_SECTION section;
    InitializeCriticalSection(&section);
    EnterCriticalSection(&section);                                     // 1
    LeaveCriticalSection(&section);
    ok &= TryEnterCriticalSection(&section) != 0;                       // 2
    LeaveCriticalSection(&section);
    DeleteCriticalSection(&section);
    SRWLOCK lock = SRWLOCK_INIT;
    AcquireSRWLockExclusive(&lock);                                     // 3
    ReleaseSRWLockExclusive(&lock);
    AcquireSRWLockShared(&lock);                                        // 4
    ReleaseSRWLockShared(&lock);
    Sleep(0);                                                           // 5
    SleepEx(0, FALSE);                                                  // 6
    HANDLE event = CreateEventW(nullptr, TRUE, TRUE, nullptr);
    ok &= WaitForSingleObject(event, 0) == WAIT_OBJECT_0;               // 7
    ok &= WaitForMultipleObjects(1, &event, TRUE, 0) == WAIT_OBJECT_0;  // 8
    CloseHandle(event);
    HANDLE file = CreateFileW(scratchFile, GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    DWORD written = 0;
    ok &= file != INVALID_HANDLE_VALUE && WriteFile(file, "abc", 3, &written, nullptr) && written == 3;  // 9
    CloseHandle(file);
    FILE* f = _wfopen(scratchFile, L"ab");
    ok &= f != nullptr && std::fwrite("de", 1, 2, f) == 2;              // 10
    ok &= std::fputs("fg", f) >= 0;                                     // 11
    ok &= msvcrtFprintf(f, "%d", 42) == 2;                              // 12 (its va_list twin does the work)
    ok &= std::fflush(f) == 0;                                          // 13
    std::fclose(f);
    return ok ? 13 : -1;
}

// Arithmetic only: nothing to count.
PROBE_EXPORT int probe_arithmetic(int n) {
    int sum = 0;
    for (int i = 0; i < n; ++i) sum += i * i % 7;
    return sum;
}

// Loads another module (through this one's LoadLibraryW import) and has it make its allocation calls.
PROBE_EXPORT int probe_load_and_allocate(const wchar_t* otherModule) {
    HMODULE other = LoadLibraryW(otherModule);
    if (!other) return -2;
    auto allocate = reinterpret_cast<int (*)()>(reinterpret_cast<void*>(GetProcAddress(other, "probe_allocations")));
    return allocate ? allocate() : -3;
}

// A std::mutex (libstdc++ over the statically linked winpthreads) locked and unlocked without contention, the first
// time and again: what the counter sees of it is reported, not asserted (see alloc_counter_windows.cpp).
static std::mutex gMutex;
PROBE_EXPORT int probe_std_mutex() {
    gMutex.lock();
    gMutex.unlock();
    return 0;
}
