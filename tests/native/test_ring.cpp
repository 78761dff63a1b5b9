#include <gtest/gtest.h>
#include <thread>
#include "spsc_ring.h"

using aicp::RingStorage;
using aicp::SpscRing;

struct Record {
    uint64_t sequence;
    uint64_t payload;
};

TEST(SpscRing, StartsEmptyAndRefusesNonPowerOfTwo) {
    RingStorage<Record> storage;
    EXPECT_FALSE(storage.allocate(0));
    EXPECT_FALSE(storage.allocate(100));
    ASSERT_TRUE(storage.allocate(8));
    SpscRing<Record> ring = storage.ring();
    Record r{};
    EXPECT_FALSE(ring.tryPop(r));
    EXPECT_EQ(ring.size(), 0u);
    EXPECT_EQ(ring.header()->recordSize, sizeof(Record));
}

TEST(SpscRing, FullRingDropsAndCountsWithoutOverwriting) {
    RingStorage<Record> storage;
    ASSERT_TRUE(storage.allocate(4));
    SpscRing<Record> ring = storage.ring();
    for (uint64_t i = 0; i < 4; ++i) EXPECT_TRUE(ring.tryPush({i, i * 10}));
    EXPECT_FALSE(ring.tryPush({99, 0}));
    EXPECT_FALSE(ring.tryPush({100, 0}));
    EXPECT_EQ(ring.overflowCount(), 2u);
    for (uint64_t i = 0; i < 4; ++i) {
        Record r{};
        ASSERT_TRUE(ring.tryPop(r));
        EXPECT_EQ(r.sequence, i);
        EXPECT_EQ(r.payload, i * 10);
    }
    Record r{};
    EXPECT_FALSE(ring.tryPop(r));
}

TEST(SpscRing, WrapsAroundPastTwoToThe32) {
    RingStorage<Record> storage;
    ASSERT_TRUE(storage.allocate(8));
    SpscRing<Record> ring = storage.ring();
    const uint64_t start = (1ull << 32) - 5;  // indices are monotonic 64-bit counters, masked
    ring.header()->writeIndex = ring.header()->readIndex = start;
    ring.header()->readIndexCache = ring.header()->writeIndexCache = start;
    uint64_t next = 0, expected = 0;
    for (int round = 0; round < 100; ++round) {
        for (int i = 0; i < 5; ++i) ASSERT_TRUE(ring.tryPush({next++, 0}));
        for (int i = 0; i < 5; ++i) {
            Record r{};
            ASSERT_TRUE(ring.tryPop(r));
            ASSERT_EQ(r.sequence, expected++);
        }
    }
    EXPECT_GT(ring.header()->writeIndex, 1ull << 32);
}

TEST(SpscRing, TwoThreadsPassEveryRecordInOrder) {
    RingStorage<Record> storage;
    ASSERT_TRUE(storage.allocate(64));
    SpscRing<Record> ring = storage.ring();
    constexpr uint64_t kCount = 2'000'000;
    uint64_t consumerSum = 0;
    bool inOrder = true;
    std::thread consumer([&] {
        uint64_t expected = 0;
        Record r{};
        while (expected < kCount) {
            if (!ring.tryPop(r)) continue;
            inOrder = inOrder && r.sequence == expected && r.payload == r.sequence * 2654435761u;
            consumerSum += r.payload;
            ++expected;
        }
    });
    uint64_t producerSum = 0;
    for (uint64_t i = 0; i < kCount;) {
        Record r{i, i * 2654435761u};
        if (ring.tryPush(r)) { producerSum += r.payload; ++i; }
    }
    consumer.join();
    EXPECT_TRUE(inOrder);
    EXPECT_EQ(producerSum, consumerSum);
}
