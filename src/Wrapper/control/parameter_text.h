// What the host reads and types for a parameter: value strings ("On", "Harmony", "4", "-6.0 dB") and the entries of
// a list (each a stable ID, saved in projects, and the label the host shows). Host-side text: never on the audio
// thread (the real-time target does not compile this).
#pragma once
#include <string_view>
#include "parameters.h"

namespace aicp {

// One entry of a list parameter.
struct ParamEntry {
    std::string_view id;    // stable: saved in projects
    std::string_view label; // what the host shows
};

int paramEntryCount(const ParamDef& def) noexcept;
// The entry at a list position (empty id and label outside the list).
ParamEntry paramEntry(const ParamDef& def, int position) noexcept;
// The list position of an entry ID, or -1.
int paramEntryPosition(const ParamDef& def, std::string_view id) noexcept;

// Formats a value for the host; returns the length.
int paramFormat(const ParamDef& def, double plain, char* out, int size) noexcept;
// Parses what paramFormat wrote (or a bare number); false when it cannot.
bool paramParse(const ParamDef& def, const char* text, double& plain) noexcept;

}  // namespace aicp
