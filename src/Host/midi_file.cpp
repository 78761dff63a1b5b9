#include "midi_file.h"
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include "host_platform.h"

namespace aicphost {
namespace {

struct RawEvent {
    uint64_t tick;
    int order;
    uint8_t status, d1, d2;
    bool tempo;
    uint32_t microsPerQuarter;
};

uint32_t be32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }
uint16_t be16(const uint8_t* p) { return uint16_t(p[0] << 8 | p[1]); }

uint32_t readVlq(const std::vector<uint8_t>& d, size_t& pos, size_t end) {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
        if (pos >= end) throw std::runtime_error("truncated variable-length quantity");
        uint8_t b = d[pos++];
        v = (v << 7) | (b & 0x7F);
        if (!(b & 0x80)) return v;
    }
    throw std::runtime_error("variable-length quantity over 4 bytes");
}

void putVlq(std::vector<uint8_t>& out, uint32_t v) {
    uint8_t buf[4];
    int n = 0;
    buf[n++] = v & 0x7F;
    while (v >>= 7) buf[n++] = uint8_t((v & 0x7F) | 0x80);
    while (n) out.push_back(buf[--n]);
}

}  // namespace

MidiFileData readMidiFile(const std::string& path) {
    std::ifstream in(platform::filePath(path), std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::vector<uint8_t> d((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (d.size() < 14 || std::string(d.begin(), d.begin() + 4) != "MThd") throw std::runtime_error("not a MIDI file: " + path);
    uint32_t headerLength = be32(&d[4]);
    if (headerLength < 6 || 8 + size_t(headerLength) > d.size()) throw std::runtime_error("bad MIDI header");
    int division = be16(&d[12]);
    if (division & 0x8000 || division == 0) throw std::runtime_error("SMPTE or zero time division is not supported");
    MidiFileData file;
    file.ticksPerQuarter = division;
    std::vector<RawEvent> raw;
    size_t pos = 8 + headerLength;
    int order = 0;
    while (pos + 8 <= d.size()) {
        uint32_t length = be32(&d[pos + 4]);
        bool track = std::string(d.begin() + pos, d.begin() + pos + 4) == "MTrk";
        pos += 8;
        if (length > d.size() - pos) throw std::runtime_error("chunk longer than the file");
        size_t end = pos + length;
        if (!track) { pos = end; continue; }
        uint64_t tick = 0;
        uint8_t running = 0;
        while (pos < end) {
            tick += readVlq(d, pos, end);
            if (pos >= end) throw std::runtime_error("truncated event");
            uint8_t status = d[pos];
            if (status < 0x80) { if (!running) throw std::runtime_error("data byte without status"); status = running; }
            else ++pos;
            if (status < 0xF0) {
                running = status;
                int n = (status & 0xF0) == 0xC0 || (status & 0xF0) == 0xD0 ? 1 : 2;
                if (pos + n > end) throw std::runtime_error("truncated channel message");
                uint8_t a = d[pos], b = n == 2 ? d[pos + 1] : 0;
                pos += n;
                uint8_t kind = status & 0xF0;
                if (kind == 0x90 && b == 0) kind = 0x80;
                if (kind == 0x80 || kind == 0x90 || kind == 0xB0)
                    raw.push_back({tick, order++, uint8_t(kind | (status & 0x0F)), a, b, false, 0});
            } else if (status == 0xFF) {
                running = 0;
                if (pos >= end) throw std::runtime_error("truncated meta event");
                uint8_t type = d[pos++];
                uint32_t len = readVlq(d, pos, end);
                if (len > end - pos) throw std::runtime_error("meta event longer than its track");
                if (type == 0x51 && len >= 3) raw.push_back({tick, order++, 0, 0, 0, true, uint32_t(d[pos] << 16 | d[pos + 1] << 8 | d[pos + 2])});
                if (type == 0x58 && len >= 2 && tick == 0) { file.numerator = d[pos]; file.denominator = 1 << std::min<int>(d[pos + 1], 6); }
                pos += len;
                if (type == 0x2F) break;
            } else if (status == 0xF0 || status == 0xF7) {
                running = 0;
                uint32_t len = readVlq(d, pos, end);
                if (len > end - pos) throw std::runtime_error("sysex longer than its track");
                pos += len;
            } else {
                throw std::runtime_error("invalid status byte in track");
            }
        }
        pos = end;
    }
    std::stable_sort(raw.begin(), raw.end(), [](const RawEvent& a, const RawEvent& b) {
        if (a.tick != b.tick) return a.tick < b.tick;
        auto rank = [](const RawEvent& e) { return e.tempo ? 0 : ((e.status & 0xF0) == 0x80 ? 1 : 2); };
        return rank(a) < rank(b);
    });
    double seconds = 0, micros = 500000;
    uint64_t lastTick = 0;
    bool firstTempo = true;
    for (const RawEvent& e : raw) {
        seconds += double(e.tick - lastTick) * micros / 1e6 / division;
        lastTick = e.tick;
        double ppq = double(e.tick) / division;
        if (e.tempo) {
            if (e.microsPerQuarter == 0) continue;
            micros = e.microsPerQuarter;
            if (firstTempo && e.tick == 0) file.firstTempoBpm = 60e6 / micros;
            firstTempo = false;
            file.tempoChanges.emplace_back(ppq, 60e6 / micros);
            continue;
        }
        file.events.push_back({seconds, ppq, e.status, e.d1, e.d2});
    }
    return file;
}

void writeMidiFile(const std::string& path, const std::vector<MidiEventOut>& events, double tempoBpm) {
    const int ppq = 480;
    auto chunk = [](std::vector<uint8_t>& out, const std::vector<uint8_t>& body) {
        out.insert(out.end(), {'M', 'T', 'r', 'k'});
        uint32_t n = uint32_t(body.size());
        out.insert(out.end(), {uint8_t(n >> 24), uint8_t(n >> 16), uint8_t(n >> 8), uint8_t(n)});
        out.insert(out.end(), body.begin(), body.end());
    };
    std::vector<uint8_t> out = {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1, 0, 2, uint8_t(ppq >> 8), uint8_t(ppq)};
    uint32_t micros = uint32_t(std::lround(60e6 / (tempoBpm > 0 ? tempoBpm : 120)));
    chunk(out, {0, 0xFF, 0x51, 3, uint8_t(micros >> 16), uint8_t(micros >> 8), uint8_t(micros), 0, 0xFF, 0x2F, 0});
    std::vector<MidiEventOut> sorted = events;
    std::stable_sort(sorted.begin(), sorted.end(), [](const MidiEventOut& a, const MidiEventOut& b) { return a.ppq < b.ppq; });
    std::vector<uint8_t> body;
    uint64_t last = 0;
    for (const MidiEventOut& e : sorted) {
        uint64_t tick = e.ppq <= 0 ? 0 : uint64_t(std::llround(e.ppq * ppq));
        if (tick < last) tick = last;
        putVlq(body, uint32_t(tick - last));
        last = tick;
        body.insert(body.end(), {e.status, uint8_t(e.data1 & 0x7F), uint8_t(e.data2 & 0x7F)});
    }
    body.insert(body.end(), {0, 0xFF, 0x2F, 0});
    chunk(out, body);
    std::ofstream f(platform::filePath(path), std::ios::binary);
    if (!f) throw std::runtime_error("cannot write " + path);
    f.write(reinterpret_cast<const char*>(out.data()), std::streamsize(out.size()));
}

}  // namespace aicphost
