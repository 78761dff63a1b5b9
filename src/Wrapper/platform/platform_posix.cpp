// Linux and macOS implementations of platform.h's library functions (dlopen): the same on both systems.
#include "platform.h"
#include <dlfcn.h>
#include <cstdio>
#include <cstring>

namespace aicp::platform {

void* loadLibraryNoUnload(const char* path, char* error, int errorSize) noexcept {
    // RTLD_NODELETE: a .NET runtime must never be unloaded while the host lives.
    void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!handle && error && errorSize > 0) {
        const char* message = dlerror();
        std::snprintf(error, errorSize, "%s", message ? message : "unknown dlopen error");
    }
    return handle;
}

void* findSymbol(void* library, const char* name) noexcept { return library ? dlsym(library, name) : nullptr; }

bool thisModuleDirectory(char* out, int size) noexcept {
    Dl_info info{};
    if (!dladdr(reinterpret_cast<void*>(&thisModuleDirectory), &info) || !info.dli_fname) return false;
    const char* slash = std::strrchr(info.dli_fname, '/');
    if (!slash) return std::snprintf(out, size, "./") < size;
    int length = static_cast<int>(slash - info.dli_fname) + 1;
    if (length >= size) return false;
    std::memcpy(out, info.dli_fname, length);
    out[length] = 0;
    return true;
}

}  // namespace aicp::platform
