#include "log.h"
#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <mutex>
#include "platform.h"

namespace aicp {

void logLine(const char* format, ...) noexcept {
    static std::mutex mutex;  // log lines come from the host's UI and loader threads, never the audio thread
    char dir[1024];
    if (!platform::userCacheDirectory(dir, sizeof dir)) return;
    char path[1100];
    std::snprintf(path, sizeof path, "%saicopilot.log", dir);
    std::unique_lock<std::mutex> lock(mutex, std::defer_lock);
    try {
        lock.lock();
    } catch (...) {  // std::system_error: the line is lost rather than the host
        return;
    }
    FILE* f = std::fopen(path, "a");
    if (!f) return;
    std::time_t now = std::time(nullptr);
    char stamp[32];
    std::tm tm{};
    platform::localTime(now, tm);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
    std::fprintf(f, "%s ", stamp);
    va_list args;
    va_start(args, format);
    std::vfprintf(f, format, args);
    va_end(args);
    std::fputc('\n', f);
    std::fclose(f);
}

}  // namespace aicp
