// The MSVC-mangled allocation operators a NativeAOT library for win-x64 links against (Microsoft's static C++ runtime
// has them; mingw's does not speak this ABI). Compiled by clang for the MSVC ABI with -fsized-deallocation.
#include <stddef.h>

extern "C" void* __cdecl malloc(size_t);
extern "C" void __cdecl free(void*);

namespace std {
struct nothrow_t {
    explicit nothrow_t() = default;
};
extern const nothrow_t nothrow;
const nothrow_t nothrow{};
}  // namespace std

void* operator new(size_t size, const std::nothrow_t&) noexcept { return malloc(size ? size : 1); }
void* operator new[](size_t size, const std::nothrow_t&) noexcept { return malloc(size ? size : 1); }
void operator delete(void* p) noexcept { free(p); }
void operator delete(void* p, size_t) noexcept { free(p); }
void operator delete[](void* p) noexcept { free(p); }
void operator delete[](void* p, size_t) noexcept { free(p); }
