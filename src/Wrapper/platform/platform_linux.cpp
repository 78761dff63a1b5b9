// Linux implementation of platform.h's cache folder (the library functions are in platform_posix.cpp).
#include "platform.h"
#include <sys/stat.h>
#include <cstdio>
#include <cstdlib>

namespace aicp::platform {

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
