// --reload-state's bookkeeping, the same for both session drivers (host_session.cpp: VST3, clap_session.cpp: CLAP):
// the saved state passed on through the files asked for, the learned style's size before and after, and each
// parameter's comparison, so that both fill StateReload (the report's "reload_state") alike. The plug-in calls that
// save, load and read parameters stay in the drivers.
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include "aicopilot_debug.h"
#include "host_session.h"

namespace aicphost {

// How --param names a parameter: by its title (in any case) or its string ID (the plug-in's parameter IDs are FNV-1a
// 32 of the string ID, bit 31 clear).
bool namesParameter(const std::string& name, const std::string& title, uint32_t id);

class StateReloadRecord {
public:
    explicit StateReloadRecord(StateReload& r) : r_(r) { r_.done = true; }

    // The first instance's learned style, before its state is saved. `instance`: the handle the debug export takes.
    void styleBefore(aicp_debug_stats_fn debugStats, void* instance);
    // The saved state as the fresh instance gets it: written to options.stateOut when asked, replaced by
    // options.stateIn's file when given (a damaged state, say).
    void passOn(const SessionOptions& options, std::vector<uint8_t>& state);
    // One parameter of the first instance against the fresh one's (normalized difference).
    void compare(const std::string& title, double difference);
    // A --param's plain value after the reload, against the value asked for.
    void requested(const std::string& name, double after, double asked);
    // The fresh instance's learned style and status, after the state is loaded.
    void styleAfter(aicp_debug_stats_fn debugStats, void* instance);

private:
    StateReload& r_;
};

}  // namespace aicphost
