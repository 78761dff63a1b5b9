// A small Standard MIDI File reader and writer for the test host: notes, tempo and time signature of formats 0 and
// 1. (The engine's full, hardened reader is C#; the host must work even when the engine library is missing.)
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace aicphost {

struct MidiEventIn {
    double seconds;   // from the start of the file, through its tempo map
    double ppq;       // quarter notes from the start
    uint8_t status;   // 0x90 note-on, 0x80 note-off (velocity-0 note-ons become note-offs), 0xB0 controller
    uint8_t data1, data2;
};

struct MidiFileData {
    int ticksPerQuarter = 480;
    double firstTempoBpm = 120;
    int numerator = 4, denominator = 4;
    std::vector<MidiEventIn> events;  // time-ordered, note-offs before note-ons at one time
    std::vector<std::pair<double, double>> tempoChanges;  // (ppq, bpm)
};

// Throws std::runtime_error with a reason on a file it cannot read.
MidiFileData readMidiFile(const std::string& path);

struct MidiEventOut {
    double ppq;
    uint8_t status, data1, data2;
};
// Writes a format 1 file (a conductor track with the tempo, one track of events) at 480 ticks per quarter.
void writeMidiFile(const std::string& path, const std::vector<MidiEventOut>& events, double tempoBpm);

}  // namespace aicphost
