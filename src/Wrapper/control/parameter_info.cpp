#include "parameter_info.h"
#include <cstring>

namespace aicp {

using namespace vst3;

void copyString(String128 out, const char* text) noexcept {
    int i = 0;
    for (; text && text[i] && i < 127; ++i) out[i] = char16_t(static_cast<unsigned char>(text[i]));
    out[i] = 0;
}

bool describeParameter(int32_t index, ParameterInfo& info) noexcept {
    if (index < 0 || index >= AICP_PARAM_COUNT) return false;
    const ParamDef& def = paramDefs()[index];
    std::memset(&info, 0, sizeof info);
    info.id = paramVstId(index);
    copyString(info.title, def.title);
    copyString(info.shortTitle, def.shortTitle);
    copyString(info.units, def.units);
    info.stepCount = paramStepCount(def);
    info.defaultNormalizedValue = paramToNormalized(def, def.defaultPlain);
    info.unitId = 0;
    info.flags = (def.automatable() ? ParameterInfo::kCanAutomate : 0) | (def.kind == ParamKind::List ? ParameterInfo::kIsList : 0) |
                 (def.bypass() ? ParameterInfo::kIsBypass : 0);
    return true;
}

bool parameterString(ParamID id, ParamValue normalized, String128 out) noexcept {
    const int index = paramIndexOfId(id);
    if (index < 0 || !out) return false;
    char text[64];
    paramFormat(paramDefs()[index], paramToPlain(paramDefs()[index], normalized), text, sizeof text);
    copyString(out, text);
    return true;
}

bool parameterValueOfString(ParamID id, const TChar* text, ParamValue& normalized) noexcept {
    const int index = paramIndexOfId(id);
    if (index < 0 || !text) return false;
    char ascii[129];
    int n = 0;
    for (; text[n] && n < 128; ++n) ascii[n] = text[n] < 128 ? char(text[n]) : '?';
    ascii[n] = 0;
    double plain = 0;
    if (!paramParse(paramDefs()[index], ascii, plain)) return false;
    normalized = paramToNormalized(paramDefs()[index], plain);
    return true;
}

ParamValue parameterToPlain(ParamID id, ParamValue normalized) noexcept {
    const int index = paramIndexOfId(id);
    return index < 0 ? normalized : paramToPlain(paramDefs()[index], normalized);
}

ParamValue parameterToNormalized(ParamID id, ParamValue plain) noexcept {
    const int index = paramIndexOfId(id);
    return index < 0 ? plain : paramToNormalized(paramDefs()[index], plain);
}

}  // namespace aicp
