#include "alloc_counter.h"
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <cstdio>
#include <dlfcn.h>
#include <pthread.h>
#include <semaphore.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
void __libc_free(void*);
}

namespace {
__thread bool tAudioThread __attribute__((tls_model("initial-exec"))) = false;
__thread size_t tFailFrom __attribute__((tls_model("initial-exec"))) = 0;  // failAllocationsOnThisThread
// True (errno ENOMEM) when an allocation of n bytes is to fail on this thread.
inline bool fails(size_t n) noexcept {
    if (tFailFrom == 0 || n < tFailFrom) return false;
    errno = ENOMEM;
    return true;
}
std::atomic<uint64_t> gAudioAllocations{0};
std::atomic<uint64_t> gAudioWaitsAndIo{0};
inline void note() noexcept {
    if (tAudioThread) gAudioAllocations.fetch_add(1, std::memory_order_relaxed);
}
inline void noteWaitOrIo() noexcept {
    if (tAudioThread) gAudioWaitsAndIo.fetch_add(1, std::memory_order_relaxed);
}
// The next definition of a libc function (a plain atomic, not a function-local static: its guard could lock).
template <typename Fn>
Fn next(std::atomic<Fn>& slot, const char* name) noexcept {
    Fn f = slot.load(std::memory_order_acquire);
    if (!f) {
        f = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
        slot.store(f, std::memory_order_release);
    }
    return f;
}
}  // namespace

namespace aicphost {
void markAudioThread(bool on) noexcept { tAudioThread = on; }
uint64_t audioThreadAllocations() noexcept { return gAudioAllocations.load(); }
uint64_t audioThreadWaitsAndIo() noexcept { return gAudioWaitsAndIo.load(); }
void countCallsFromModulesIn(const std::string&) noexcept {}
CountingInfo countingInfo() noexcept {
    CountingInfo info;
    info.method = "interposed: malloc and friends, pthread locks and waits, sem_wait, nanosleep, write, writev, fwrite";
    return info;
}
bool failAllocationsOnThisThread(size_t bytes) noexcept {
    tFailFrom = bytes;
    return true;
}
}  // namespace aicphost

extern "C" {
__attribute__((visibility("default"))) void* malloc(size_t n) { note(); return fails(n) ? nullptr : __libc_malloc(n); }
__attribute__((visibility("default"))) void* calloc(size_t a, size_t b) {
    note();
    return fails(b && a > size_t(-1) / b ? size_t(-1) : a * b) ? nullptr : __libc_calloc(a, b);
}
__attribute__((visibility("default"))) void* realloc(void* p, size_t n) { note(); return fails(n) ? nullptr : __libc_realloc(p, n); }
__attribute__((visibility("default"))) void free(void* p) { if (p) note(); __libc_free(p); }
__attribute__((visibility("default"))) void* memalign(size_t a, size_t n) { note(); return fails(n) ? nullptr : __libc_memalign(a, n); }
__attribute__((visibility("default"))) void* aligned_alloc(size_t a, size_t n) { note(); return fails(n) ? nullptr : __libc_memalign(a, n); }
__attribute__((visibility("default"))) int posix_memalign(void** out, size_t a, size_t n) {
    note();
    if (fails(n)) return ENOMEM;
    void* p = __libc_memalign(a, n);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}
}

// Locks, waits and writes on the audio thread, counted the same way. (Calls glibc makes inside itself, such as
// printf's own write, do not come through here; a plug-in's calls do.)
#define AICP_COUNTED(ret, name, params, args)                                  \
    extern "C" __attribute__((visibility("default"))) ret name params {        \
        static std::atomic<ret(*) params> real{nullptr};                       \
        noteWaitOrIo();                                                        \
        return next(real, #name) args;                                         \
    }
AICP_COUNTED(int, pthread_mutex_lock, (pthread_mutex_t* m), (m))
AICP_COUNTED(int, pthread_mutex_trylock, (pthread_mutex_t* m), (m))
AICP_COUNTED(int, pthread_rwlock_rdlock, (pthread_rwlock_t* l), (l))
AICP_COUNTED(int, pthread_rwlock_wrlock, (pthread_rwlock_t* l), (l))
AICP_COUNTED(int, pthread_cond_wait, (pthread_cond_t* c, pthread_mutex_t* m), (c, m))
AICP_COUNTED(int, pthread_cond_timedwait, (pthread_cond_t* c, pthread_mutex_t* m, const struct timespec* t), (c, m, t))
AICP_COUNTED(int, sem_wait, (sem_t* s), (s))
AICP_COUNTED(int, nanosleep, (const struct timespec* a, struct timespec* b), (a, b))
AICP_COUNTED(ssize_t, write, (int fd, const void* b, size_t n), (fd, b, n))
AICP_COUNTED(ssize_t, writev, (int fd, const struct iovec* v, int n), (fd, v, n))
AICP_COUNTED(size_t, fwrite, (const void* p, size_t s, size_t n, FILE* f), (p, s, n, f))
#undef AICP_COUNTED

// For stand-in engine libraries in tests: whether the calling thread is the host's audio thread (the real engine is
// managed code, so any call into an engine library from there would be the audio thread entering managed code).
extern "C" __attribute__((visibility("default"))) int aicphost_on_audio_thread() { return tAudioThread ? 1 : 0; }
