#include "parameter_text.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace aicp {

int paramEntryCount(const ParamDef& def) noexcept {
    if (!def.labels || !*def.labels) return 0;
    int n = 1;
    for (const char* p = def.labels; *p; ++p) n += *p == '|';
    return n;
}

ParamEntry paramEntry(const ParamDef& def, int position) noexcept {
    if (!def.labels || position < 0) return {};
    std::string_view rest(def.labels);
    for (int i = 0; i < position; ++i) {
        size_t bar = rest.find('|');
        if (bar == std::string_view::npos) return {};
        rest.remove_prefix(bar + 1);
    }
    std::string_view entry = rest.substr(0, rest.find('|'));
    size_t colon = entry.find(':');
    if (entry.empty() || colon == std::string_view::npos) return {};
    return {entry.substr(0, colon), entry.substr(colon + 1)};
}

int paramEntryPosition(const ParamDef& def, std::string_view id) noexcept {
    for (int i = 0, n = paramEntryCount(def); i < n; ++i)
        if (paramEntry(def, i).id == id) return i;
    return -1;
}

int paramFormat(const ParamDef& def, double plain, char* out, int size) noexcept {
    plain = paramSanitized(def, plain);
    int n = 0;
    switch (def.kind) {
        case ParamKind::Toggle: n = std::snprintf(out, size, "%s", plain >= 0.5 ? "On" : "Off"); break;
        case ParamKind::List: {
            ParamEntry entry = paramEntry(def, static_cast<int>(std::round(plain - def.min)));
            n = std::snprintf(out, size, "%.*s", int(entry.label.size()), entry.label.data() ? entry.label.data() : "");
            break;
        }
        case ParamKind::Integer: n = std::snprintf(out, size, "%d", static_cast<int>(std::round(plain))); break;
        case ParamKind::Continuous:
            if (def.display == AICP_DISPLAY_GAIN_DB) {
                if (plain <= 1e-4) n = std::snprintf(out, size, "-inf");
                else n = std::snprintf(out, size, "%.1f", 20.0 * std::log10(plain));
            } else if (def.display == AICP_DISPLAY_DECIMALS2) {
                n = std::snprintf(out, size, "%.2f", plain);
            } else {
                n = std::snprintf(out, size, "%.0f", plain);
            }
            break;
    }
    return n < 0 ? 0 : (n >= size ? size - 1 : n);
}

bool paramParse(const ParamDef& def, const char* text, double& plain) noexcept {
    if (!text) return false;
    while (*text == ' ') ++text;
    if (def.kind == ParamKind::Toggle) {
        if (!std::strcmp(text, "On") || !std::strcmp(text, "on")) { plain = 1; return true; }
        if (!std::strcmp(text, "Off") || !std::strcmp(text, "off")) { plain = 0; return true; }
    }
    if (def.kind == ParamKind::List)
        for (int i = 0, n = paramEntryCount(def); i < n; ++i)
            if (paramEntry(def, i).label == std::string_view(text)) { plain = def.min + i; return true; }
    const bool gain = def.display == AICP_DISPLAY_GAIN_DB;
    if (gain && !std::strncmp(text, "-inf", 4)) { plain = 0; return true; }
    char* end = nullptr;
    double v = std::strtod(text, &end);
    if (end == text || !std::isfinite(v)) return false;
    if (gain) v = std::pow(10.0, v / 20.0);  // the display is in dB
    plain = paramSanitized(def, v);
    return true;
}

}  // namespace aicp
