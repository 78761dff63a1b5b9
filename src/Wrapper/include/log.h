// Appends lines to the user's log file (~/.cache/AiCoPilot/aicopilot.log). Never called on the audio thread.
#pragma once

namespace aicp {
void logLine(const char* format, ...) noexcept __attribute__((format(printf, 1, 2)));
}
