/* The start-up and the few C-runtime pieces that a NativeAOT library for win-x64 expects from Microsoft's static C
 * runtime (libcmt/vcruntime), which is not on a Linux machine. Compiled by clang for the MSVC ABI
 * (--target=x86_64-pc-windows-msvc) and linked by lld-link with ILC's object (see link_engine_dll.sh); everything
 * else comes from the UCRT (ucrtbase.dll) and the Windows import libraries. No Windows headers: the few types and
 * values are written here. What each piece is for, and how it was found, is in docs/windows.md. */
#include <stddef.h>
#include <stdint.h>

typedef void(__cdecl *Initializer)(void);
typedef int(__cdecl *CheckedInitializer)(void);
typedef void(__stdcall *TlsCallback)(void *module, unsigned long reason, void *reserved);

enum { kProcessDetach = 0, kProcessAttach = 1, kThreadAttach = 2, kThreadDetach = 3 };

/* Initializer tables: the compiler puts each C initializer in .CRT$XIC..XIY, each C++ dynamic initializer (the
 * NativeAOT bootstrapper's runtime start among them) in .CRT$XCU, and each thread_local's in .CRT$XDU; the linker
 * sorts the sections by name, so these markers bound them. */
#pragma section(".CRT$XIA", long, read)
#pragma section(".CRT$XIZ", long, read)
#pragma section(".CRT$XCA", long, read)
#pragma section(".CRT$XCZ", long, read)
#pragma section(".CRT$XDA", long, read)
#pragma section(".CRT$XDZ", long, read)
#pragma section(".CRT$XLA", long, read)
#pragma section(".CRT$XLC", long, read)
#pragma section(".CRT$XLZ", long, read)
__declspec(allocate(".CRT$XIA")) static CheckedInitializer xiStart[] = {0};
__declspec(allocate(".CRT$XIZ")) static CheckedInitializer xiEnd[] = {0};
__declspec(allocate(".CRT$XCA")) static Initializer xcStart[] = {0};
__declspec(allocate(".CRT$XCZ")) static Initializer xcEnd[] = {0};
__declspec(allocate(".CRT$XDA")) static Initializer xdStart[] = {0};
__declspec(allocate(".CRT$XDZ")) static Initializer xdEnd[] = {0};

/* Thread-local storage: the image's TLS directory (lld-link writes it from _tls_used) names the template between
 * _tls_start and _tls_end, the slot index the loader fills in, and the callbacks between .CRT$XLA and .CRT$XLZ. */
unsigned int _tls_index = 0;
#pragma section(".tls", long, read, write)
#pragma section(".tls$ZZZ", long, read, write)
__declspec(allocate(".tls")) char _tls_start = 0;
__declspec(allocate(".tls$ZZZ")) char _tls_end = 0;
__declspec(allocate(".CRT$XLA")) static TlsCallback tlsCallbacksStart = 0;
__declspec(allocate(".CRT$XLZ")) static TlsCallback tlsCallbacksEnd = 0;

typedef struct {
    uint64_t StartAddressOfRawData, EndAddressOfRawData, AddressOfIndex, AddressOfCallBacks;
    uint32_t SizeOfZeroFill, Characteristics;
} TlsDirectory;
#pragma section(".rdata$T", long, read)
__declspec(allocate(".rdata$T")) const TlsDirectory _tls_used = {
    (uint64_t)&_tls_start, (uint64_t)&_tls_end, (uint64_t)&_tls_index, (uint64_t)(&tlsCallbacksStart + 1), 0, 0};

/* thread_local variables with dynamic initialization: the compiler calls __dyn_tls_on_demand_init before their first
 * use on a thread; __tls_guard says the thread has run them. */
__declspec(thread) char __tls_guard = 0;

void __stdcall __dyn_tls_init(void *module, unsigned long reason, void *reserved) {
    (void)module; (void)reserved;
    if (reason != kThreadAttach || __tls_guard) return;
    __tls_guard = 1;
    for (Initializer *i = xdStart + 1; i < xdEnd; ++i)
        if (*i) (*i)();
}
__declspec(allocate(".CRT$XLC")) static TlsCallback dynTlsInitCallback = __dyn_tls_init;

void __cdecl __dyn_tls_on_demand_init(void) { __dyn_tls_init(0, kThreadAttach, 0); }

/* /GS stack cookies: a fixed cookie (the runtime's own code is compiled with /GS; a random cookie would need
 * start-up entropy before anything runs, which MSVC's runtime takes from the clock: this build has no attacker
 * model that a per-process cookie would change). A mismatch ends the process as MSVC's would. */
uintptr_t __security_cookie = 0x2B992DDFA232ull;
void __cdecl __security_check_cookie(uintptr_t cookie) {
    if (cookie != __security_cookie) __builtin_trap();
}
void __cdecl __report_rangecheckfailure(void) { __builtin_trap(); }
/* The language handler of /GS frames: after its cookie check (done at return anyway) it lets the search go on. */
int __cdecl __GSHandlerCheck(void *record, void *frame, void *context, void *dispatcher) {
    (void)record; (void)frame; (void)context; (void)dispatcher;
    return 1; /* ExceptionContinueSearch */
}

/* Control-flow guard is not enforced here: a guarded indirect call goes straight to its target (in rax). */
__attribute__((naked)) static void guardDispatchUnchecked(void) { __asm__("jmp *%rax"); }
void *__guard_dispatch_icall_fptr = (void *)guardDispatchUnchecked;

int _fltused = 0x9875;

/* The x64 stack probe: touches each 4 KiB page below rsp for rax bytes (rsp unchanged), so the guard page grows the
 * stack in order. */
__attribute__((naked)) void __chkstk(void) {
    __asm__(
        "push %rcx\n push %rax\n"
        "cmp $0x1000, %rax\n lea 24(%rsp), %rcx\n jb 1f\n"
        "2: sub $0x1000, %rcx\n test %rcx, (%rcx)\n sub $0x1000, %rax\n cmp $0x1000, %rax\n ja 2b\n"
        "1: sub %rax, %rcx\n test %rcx, (%rcx)\n pop %rax\n pop %rcx\n ret\n");
}

/* The UCRT's math functions: mingw's import library has them only as __imp_ pointers (mingw's own libm replaces
 * the plain names), so each one the runtime or the engine calls is forwarded here. */
#define UCRT_FORWARD(ret, name, params, args) \
    extern ret(*__imp_##name) params;         \
    ret name params { return __imp_##name args; }
UCRT_FORWARD(double, ceil, (double x), (x))
UCRT_FORWARD(double, floor, (double x), (x))
UCRT_FORWARD(double, exp, (double x), (x))
UCRT_FORWARD(double, log, (double x), (x))
UCRT_FORWARD(double, pow, (double x, double y), (x, y))
UCRT_FORWARD(double, modf, (double x, double *whole), (x, whole))
UCRT_FORWARD(float, expf, (float x), (x))
UCRT_FORWARD(float, logf, (float x), (x))
#undef UCRT_FORWARD

size_t strnlen(const char *s, size_t max) {
    size_t n = 0;
    while (n < max && s[n]) ++n;
    return n;
}

/* atexit in a DLL registers with the module, not the process: run at unload (DLL_PROCESS_DETACH), last first. */
enum { kMaxExitFunctions = 64 };
static Initializer exitFunctions[kMaxExitFunctions];
static volatile long exitFunctionCount = 0;
int __cdecl atexit(Initializer f) {
    long n = __atomic_fetch_add(&exitFunctionCount, 1, __ATOMIC_SEQ_CST);
    if (n >= kMaxExitFunctions) return -1;
    exitFunctions[n] = f;
    return 0;
}

int __stdcall DllMain(void *module, unsigned long reason, void *reserved); /* the runtime pack's dllmain.obj */

/* The DLL's entry (link.rsp has /DLL and no /ENTRY): on attach, the C and C++ initializers (the NativeAOT runtime
 * registers its start there) and the loading thread's thread_local initializers, then DllMain. */
int __stdcall _DllMainCRTStartup(void *module, unsigned long reason, void *reserved) {
    if (reason == kProcessAttach) {
        for (CheckedInitializer *i = xiStart + 1; i < xiEnd; ++i)
            if (*i && (*i)() != 0) return 0;
        for (Initializer *i = xcStart + 1; i < xcEnd; ++i)
            if (*i) (*i)();
        __dyn_tls_init(module, kThreadAttach, 0);
    }
    int result = DllMain(module, reason, reserved);
    if (reason == kProcessDetach) {
        long n = exitFunctionCount < kMaxExitFunctions ? exitFunctionCount : kMaxExitFunctions;
        while (n-- > 0) exitFunctions[n]();
    }
    return result;
}
