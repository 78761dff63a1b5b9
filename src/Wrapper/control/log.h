// Appends lines to the user's log file (~/.cache/AiCoPilot/aicopilot.log). Never called on the audio thread.
#pragma once
#include "platform.h"

namespace aicp {
void logLine(const char* format, ...) noexcept AICP_PRINTF_FORMAT(1, 2);
}
