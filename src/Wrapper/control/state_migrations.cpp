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

// Format 2 -> 3: lists are saved by entry ID, not position. A format 2 state holds positions in the lists as they
// were then (frozen here: the table may reorder them later, these never change).
struct Format2List {
    const char* id;
    const char* entries[4];
};
constexpr Format2List kFormat2Lists[] = {
    {"mode", {"melody", "harmony", "both"}},
    {"answer", {"on_demand", "auto"}},
    {"play_along", {"off", "chords", "chords_and_bass"}},
    {"accompaniment_register", {"low", "middle", "high"}},
    {"accompaniment_pattern", {"block", "pulse", "left_hand"}},
};

void listsByEntry(SavedState& state) {
    auto& params = state.params;
    for (size_t i = 0; i < params.size();) {
        const Format2List* list = nullptr;
        for (const auto& l : kFormat2Lists)
            if (params[i].first == l.id) list = &l;
        if (!list) { ++i; continue; }
        const double position = params[i].second;
        int count = 0;
        while (count < 4 && list->entries[count]) ++count;
        // A position no entry had (a damaged value) is dropped: the parameter keeps its default.
        if (position >= 0 && position < count && position == double(int(position)))
            state.entries.emplace_back(list->id, list->entries[int(position)]);
        params.erase(params.begin() + long(i));
    }
}

using MigrationStep = void (*)(SavedState&);
// kSteps[n] takes format n + 1 to n + 2.
constexpr MigrationStep kSteps[] = {addSavedBy, listsByEntry};
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
