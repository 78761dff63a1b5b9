// Sanitizer builds: AddressSanitizer replaces malloc itself, so the counting interposer is left out and nothing is
// counted (those builds check memory errors, the normal build checks allocations).
#include "alloc_counter.h"

namespace aicphost {
void markAudioThread(bool) noexcept {}
uint64_t audioThreadAllocations() noexcept { return 0; }
uint64_t audioThreadWaitsAndIo() noexcept { return 0; }
void countCallsFromModulesIn(const std::string&) noexcept {}
CountingInfo countingInfo() noexcept {
    CountingInfo info;
    info.method = "not counted (sanitizer build)";
    return info;
}
bool failAllocationsOnThisThread(size_t) noexcept { return false; }
}  // namespace aicphost
