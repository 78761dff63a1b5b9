#include "state_migrations.h"

namespace aicp {
namespace {

// Format 1 -> 2: format 2 names the plug-in version that saved the state (the "saved_by" blob), so later steps can
// tell one writer from another. A format 1 state was written before that existed.
void addSavedBy(SavedState& state) {
    if (state.blob("saved_by")) return;
    const std::string writer = "AiCoPilot before state format 2";
    state.blobs.emplace_back("saved_by", std::vector<uint8_t>(writer.begin(), writer.end()));
}

using MigrationStep = void (*)(SavedState&);
// kSteps[n] takes format n + 1 to n + 2.
constexpr MigrationStep kSteps[] = {addSavedBy};
static_assert(sizeof(kSteps) / sizeof(kSteps[0]) == kStateVersion - 1, "one migration step per format version");

}  // namespace

bool migrateState(SavedState& state, uint32_t fromVersion, std::string& reason) {
    if (fromVersion < 1 || fromVersion > kStateVersion) {
        reason = "no migration from state format " + std::to_string(fromVersion);
        return false;
    }
    for (uint32_t version = fromVersion; version < kStateVersion; ++version) kSteps[version - 1](state);
    return true;
}

}  // namespace aicp
