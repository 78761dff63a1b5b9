// The saved state of a plug-in instance: a version, parameters keyed by their string IDs (plain values; a list's value
// as its entry's stable ID, so reordering a list never remaps a project), and named binary blobs (the learned style
// model), sealed with a checksum. A damaged, truncated or newer-version state is
// refused with a reason, never half-applied. Unknown parameter IDs are skipped; missing ones keep their defaults.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace aicp {

struct SavedState {
    std::vector<std::pair<std::string, double>> params;       // toggles, integers and continuous values
    std::vector<std::pair<std::string, std::string>> entries; // lists: parameter ID, entry ID
    std::vector<std::pair<std::string, std::vector<uint8_t>>> blobs;

    const std::vector<uint8_t>* blob(const std::string& name) const;
};

// Format 2 adds the "saved_by" blob (the plug-in version that wrote the state); format 3 saves lists by entry ID (a
// section between the values and the blobs). Older formats are read and migrated (state_migrations.h); decodeState
// always returns today's format.
constexpr uint32_t kStateVersion = 3;
constexpr size_t kMaxStateBytes = 64u * 1024 * 1024;

std::vector<uint8_t> encodeState(const SavedState& state);
// Returns false and sets reason when the bytes are not a state this build can read.
bool decodeState(const uint8_t* data, size_t size, SavedState& out, std::string& reason);

uint64_t fnv1a64(const uint8_t* data, size_t size) noexcept;

}  // namespace aicp
