#include "alloc_counter.h"
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstring>

extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
void __libc_free(void*);
}

namespace {
__thread bool tAudioThread __attribute__((tls_model("initial-exec"))) = false;
std::atomic<uint64_t> gAudioAllocations{0};
inline void note() noexcept {
    if (tAudioThread) gAudioAllocations.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

namespace aicphost {
void markAudioThread(bool on) noexcept { tAudioThread = on; }
uint64_t audioThreadAllocations() noexcept { return gAudioAllocations.load(); }
}  // namespace aicphost

extern "C" {
__attribute__((visibility("default"))) void* malloc(size_t n) { note(); return __libc_malloc(n); }
__attribute__((visibility("default"))) void* calloc(size_t a, size_t b) { note(); return __libc_calloc(a, b); }
__attribute__((visibility("default"))) void* realloc(void* p, size_t n) { note(); return __libc_realloc(p, n); }
__attribute__((visibility("default"))) void free(void* p) { if (p) note(); __libc_free(p); }
__attribute__((visibility("default"))) void* memalign(size_t a, size_t n) { note(); return __libc_memalign(a, n); }
__attribute__((visibility("default"))) void* aligned_alloc(size_t a, size_t n) { note(); return __libc_memalign(a, n); }
__attribute__((visibility("default"))) int posix_memalign(void** out, size_t a, size_t n) {
    note();
    void* p = __libc_memalign(a, n);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}
}
