// The parameters as the host's IEditController asks for them: descriptions, value strings, conversions by ParamID.
#pragma once
#include "parameter_text.h"
#include "parameters.h"
#include "vst3_abi.h"

namespace aicp {

void copyString(vst3::String128 out, const char* text) noexcept;
// False for an index that is not a parameter.
bool describeParameter(int32_t index, vst3::ParameterInfo& info) noexcept;
bool parameterString(vst3::ParamID id, vst3::ParamValue normalized, vst3::String128 out) noexcept;
bool parameterValueOfString(vst3::ParamID id, const vst3::TChar* text, vst3::ParamValue& normalized) noexcept;
vst3::ParamValue parameterToPlain(vst3::ParamID id, vst3::ParamValue normalized) noexcept;  // unknown IDs: unchanged
vst3::ParamValue parameterToNormalized(vst3::ParamID id, vst3::ParamValue plain) noexcept;

}  // namespace aicp
