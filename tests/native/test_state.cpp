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

// A state written in format 1 (the tests' own bytes) reads as today's format, with the migration's additions.
TEST(StateMigration, AFormat1StateReadsAsTodaysWithItsValues) {
    SavedState s = sample();
    std::vector<uint8_t> bytes = encodeState(s);
    bytes[8] = 1;  // the same layout, stamped format 1
    uint64_t sum = fnv1a64(bytes.data(), bytes.size() - 8);
    for (int i = 0; i < 8; ++i) bytes[bytes.size() - 8 + i] = uint8_t(sum >> (8 * i));
    SavedState out;
    std::string reason;
    ASSERT_TRUE(decodeState(bytes.data(), bytes.size(), out, reason)) << reason;
    EXPECT_EQ(out.params, s.params);
    ASSERT_NE(out.blob("saved_by"), nullptr);
    EXPECT_EQ(std::string(out.blob("saved_by")->begin(), out.blob("saved_by")->end()), "AiCoPilot before state format 2");
    EXPECT_EQ(*out.blob("style"), *s.blob("style"));
}
