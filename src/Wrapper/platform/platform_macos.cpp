// macOS implementation of platform.h's cache folder, ~/Library/Caches (the library functions are in
// platform_posix.cpp). Written for the macOS build (installer/macos), compiled and tested only there.
#include "platform.h"
#include <sys/stat.h>
#include <cstdio>
#include <cstdlib>

namespace aicp::platform {

bool userCacheDirectory(char* out, int size) noexcept {
    const char* home = std::getenv("HOME");
    int n = std::snprintf(out, size, "%s/Library/Caches/AiCoPilot/", home && *home ? home : "/tmp");
    if (n <= 0 || n >= size) return false;
    mkdir(out, 0755);
    return true;
}

}  // namespace aicp::platform
