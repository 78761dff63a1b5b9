// Linux implementations of platform.h.
#include "platform.h"
#include <dlfcn.h>
#include <sys/stat.h>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
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

bool userCacheDirectory(char* out, int size) noexcept {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    int n;
    if (xdg && *xdg) n = std::snprintf(out, size, "%s/AiCoPilot/", xdg);
    else if (home && *home) n = std::snprintf(out, size, "%s/.cache/AiCoPilot/", home);
    else n = std::snprintf(out, size, "/tmp/AiCoPilot/");
    if (n <= 0 || n >= size) return false;
    // Create each missing level (the cache folder itself may not exist yet).
    for (char* p = out + 1; *p; ++p) {
        if (*p != '/') continue;
        *p = 0;
        mkdir(out, 0755);
        *p = '/';
    }
    return true;
}

}  // namespace aicp::platform
