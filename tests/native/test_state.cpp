#include <gtest/gtest.h>
#include <random>
#include "state_codec.h"

using namespace aicp;

static SavedState sample() {
    SavedState s;
    s.params = {{"mode", 2}, {"bars", 8}, {"temperature", 0.75}, {"bypass", 1}};
    s.blobs = {{"style", std::vector<uint8_t>{1, 2, 3, 4, 5}}, {"empty", {}}};
    return s;
}

TEST(StateCodec, RoundTripsParametersAndBlobs) {
    auto bytes = encodeState(sample());
    SavedState back;
    std::string reason;
    ASSERT_TRUE(decodeState(bytes.data(), bytes.size(), back, reason)) << reason;
    EXPECT_EQ(back.params, sample().params);
    ASSERT_NE(back.blob("style"), nullptr);
    EXPECT_EQ(*back.blob("style"), (std::vector<uint8_t>{1, 2, 3, 4, 5}));
    EXPECT_EQ(back.blob("missing"), nullptr);
}

TEST(StateCodec, RefusesDamageWithAReason) {
    auto bytes = encodeState(sample());
    SavedState out;
    std::string reason;
    auto damaged = bytes;
    damaged[20] ^= 0x10;
    EXPECT_FALSE(decodeState(damaged.data(), damaged.size(), out, reason));
    EXPECT_NE(reason.find("checksum"), std::string::npos);
    EXPECT_FALSE(decodeState(bytes.data(), bytes.size() - 3, out, reason));
    EXPECT_NE(reason.find("truncated"), std::string::npos);
    EXPECT_FALSE(decodeState(bytes.data(), 5, out, reason));
    EXPECT_FALSE(decodeState(nullptr, 0, out, reason));
    std::vector<uint8_t> alien(100, 0x41);
    EXPECT_FALSE(decodeState(alien.data(), alien.size(), out, reason));
    EXPECT_NE(reason.find("magic"), std::string::npos);
}

TEST(StateCodec, RefusesAFutureVersionBySayingSo) {
    auto bytes = encodeState(sample());
    bytes[8] = 7;  // format version
    uint64_t sum = fnv1a64(bytes.data(), bytes.size() - 8);
    for (int i = 0; i < 8; ++i) bytes[bytes.size() - 8 + i] = uint8_t(sum >> (8 * i));
    SavedState out;
    std::string reason;
    EXPECT_FALSE(decodeState(bytes.data(), bytes.size(), out, reason));
    EXPECT_NE(reason.find("newer"), std::string::npos);
}

TEST(StateCodec, MutatedStatesNeverCrashAndNeverHalfApply) {
    auto bytes = encodeState(sample());
    std::mt19937 random(5);
    for (int i = 0; i < 20000; ++i) {
        auto m = bytes;
        int edits = 1 + int(random() % 4);
        for (int e = 0; e < edits; ++e) m[random() % m.size()] = uint8_t(random());
        if (random() % 2) {  // re-seal so the parser itself is exercised, not just the checksum
            uint64_t sum = fnv1a64(m.data(), m.size() - 8);
            for (int k = 0; k < 8; ++k) m[m.size() - 8 + k] = uint8_t(sum >> (8 * k));
        }
        SavedState out;
        std::string reason;
        if (!decodeState(m.data(), m.size(), out, reason)) {
            EXPECT_TRUE(out.params.empty() && out.blobs.empty());
            EXPECT_FALSE(reason.empty());
        }
    }
}

// The bytes a format 1 or 2 state has (no list section: lists were saved by position among the parameters).
static std::vector<uint8_t> encodeOlderFormat(const SavedState& s, uint32_t version) {
    SavedState noLists = s;
    noLists.entries.clear();
    std::vector<uint8_t> bytes = encodeState(noLists);
    const size_t payloadStart = 16;
    size_t p = payloadStart + 4;
    for (size_t i = 0; i < s.params.size(); ++i) p += 1 + s.params[i].first.size() + 8;
    bytes.erase(bytes.begin() + long(p), bytes.begin() + long(p) + 4);  // the (empty) list section's count
    bytes.resize(bytes.size() - 8);
    const uint32_t payload = uint32_t(bytes.size() - payloadStart);
    for (int i = 0; i < 4; ++i) bytes[12 + i] = uint8_t(payload >> (8 * i));
    bytes[8] = uint8_t(version);
    const uint64_t sum = fnv1a64(bytes.data(), bytes.size());
    for (int i = 0; i < 8; ++i) bytes.push_back(uint8_t(sum >> (8 * i)));
    return bytes;
}

// A state written in format 1 (the tests' own bytes) reads as today's format, with the migrations' additions: the
// saved_by blob, and its lists by entry ID (mode 2 was "both" then).
TEST(StateMigration, AFormat1StateReadsAsTodaysWithItsValues) {
    std::vector<uint8_t> bytes = encodeOlderFormat(sample(), 1);
    SavedState out;
    std::string reason;
    ASSERT_TRUE(decodeState(bytes.data(), bytes.size(), out, reason)) << reason;
    EXPECT_EQ(out.params, (std::vector<std::pair<std::string, double>>{{"bars", 8}, {"temperature", 0.75}, {"bypass", 1}}));
    EXPECT_EQ(out.entries, (std::vector<std::pair<std::string, std::string>>{{"mode", "both"}}));
    ASSERT_NE(out.blob("saved_by"), nullptr);
    EXPECT_EQ(std::string(out.blob("saved_by")->begin(), out.blob("saved_by")->end()), "AiCoPilot before state format 2");
    EXPECT_EQ(*out.blob("style"), *sample().blob("style"));
}

// Format 2 saved each list by its position as the lists were then; format 3 by entry ID, so a later reordering of a
// list never remaps a project. A position no entry had is dropped (the default stays), never guessed.
TEST(StateMigration, AFormat2StatesListsBecomeEntryIds) {
    SavedState s;
    s.params = {{"mode", 1}, {"answer", 0}, {"play_along", 2}, {"accompaniment_register", 0}, {"accompaniment_pattern", 2},
                {"bars", 6}, {"mode_unknown", 1}};
    std::vector<uint8_t> bytes = encodeOlderFormat(s, 2);
    SavedState out;
    std::string reason;
    ASSERT_TRUE(decodeState(bytes.data(), bytes.size(), out, reason)) << reason;
    EXPECT_EQ(out.params, (std::vector<std::pair<std::string, double>>{{"bars", 6}, {"mode_unknown", 1}}));
    EXPECT_EQ(out.entries, (std::vector<std::pair<std::string, std::string>>{
                               {"mode", "harmony"}, {"answer", "on_demand"}, {"play_along", "chords_and_bass"},
                               {"accompaniment_register", "low"}, {"accompaniment_pattern", "left_hand"}}));
    s.params = {{"mode", 7}, {"play_along", 1.5}};
    bytes = encodeOlderFormat(s, 2);
    ASSERT_TRUE(decodeState(bytes.data(), bytes.size(), out, reason)) << reason;
    EXPECT_TRUE(out.entries.empty());
    EXPECT_TRUE(out.params.empty());
}

TEST(StateCodec, ListEntriesRoundTrip) {
    SavedState s = sample();
    s.entries = {{"mode", "harmony"}, {"play_along", "chords"}};
    std::vector<uint8_t> bytes = encodeState(s);
    SavedState back;
    std::string reason;
    ASSERT_TRUE(decodeState(bytes.data(), bytes.size(), back, reason)) << reason;
    EXPECT_EQ(back.entries, s.entries);
    EXPECT_EQ(back.params, s.params);
}
