// Static facts about the plug-in shown to hosts: one place for names, IDs and the version.
#pragma once
#include "platform.h"

namespace aicp::info {
constexpr const char* kName = "AiCoPilot";
constexpr const char* kVendor = "AiCoPilot";
constexpr const char* kUrl = "https://github.com/aicopilot/aicopilot";
constexpr const char* kEmail = "";
#ifndef AICP_VERSION
#define AICP_VERSION "0.1.0"
#endif
constexpr const char* kVersion = AICP_VERSION;
constexpr const char* kSdkVersion = "VST 3.7.9";
constexpr const char* kCategory = "Audio Module Class";
constexpr const char* kSubCategories = "Instrument|Generator";
// "AiCP" "ilot" "MIDI" 1: the class ID of the one component. Never change it: projects refer to it.
constexpr platform::Uid kClassId = platform::makeUid(0x41694350, 0x696C6F74, 0x4D494449, 0x00000001);
// The MIDI CC that presses "Suggest now" (IMidiMapping); CC 64 is the sustain pedal.
constexpr int kSuggestNowCc = 20;
}  // namespace aicp::info
