// A view over a single-producer/single-consumer ring laid out as aicopilot_engine_abi.h says. The memory is owned
// by RingStorage (allocated once, at initialize); the audio thread only calls tryPush/tryPop, which never block,
// allocate or lock. A full ring drops the record and counts it.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include "aicopilot_engine_abi.h"
#include "platform.h"

namespace aicp {

constexpr size_t kCacheLine = 64;

// The indices are plain uint64_t words shared with C# (which reads them with Volatile.Read/Write): they are read and
// written through the platform's atomic loads and stores (platform.h).
using platform::loadAcquire;
using platform::loadRelaxed;
using platform::storeRelaxed;
using platform::storeRelease;

template <typename T>
class SpscRing {
    static_assert(std::is_trivially_copyable<T>::value, "ring records must be trivially copyable");

public:
    SpscRing() noexcept = default;
    SpscRing(AicpRingHeader* header, T* records) noexcept : header_(header), records_(records) {}

    bool valid() const noexcept { return header_ != nullptr; }
    AicpRingHeader* header() const noexcept { return header_; }
    T* records() const noexcept { return records_; }
    uint32_t capacity() const noexcept { return header_->capacity; }

    // Producer side.
    bool tryPush(const T& record) noexcept {
        const uint64_t write = loadRelaxed(header_->writeIndex);
        const uint64_t capacity = header_->capacity;
        if (write - header_->readIndexCache >= capacity) {
            header_->readIndexCache = loadAcquire(header_->readIndex);
            if (write - header_->readIndexCache >= capacity) {
                storeRelaxed(header_->overflowCount, loadRelaxed(header_->overflowCount) + 1);
                return false;
            }
        }
        records_[write & (capacity - 1)] = record;
        storeRelease(header_->writeIndex, write + 1);
        return true;
    }

    // Consumer side.
    bool tryPop(T& out) noexcept {
        const uint64_t read = loadRelaxed(header_->readIndex);
        if (read == header_->writeIndexCache) {
            header_->writeIndexCache = loadAcquire(header_->writeIndex);
            if (read == header_->writeIndexCache) return false;
        }
        out = records_[read & (header_->capacity - 1)];
        storeRelease(header_->readIndex, read + 1);
        return true;
    }

    uint64_t overflowCount() const noexcept { return loadRelaxed(header_->overflowCount); }
    uint64_t size() const noexcept { return loadAcquire(header_->writeIndex) - loadAcquire(header_->readIndex); }

private:
    AicpRingHeader* header_ = nullptr;
    T* records_ = nullptr;
};

// Owns the native memory of one ring (header plus records), cache-line aligned, zeroed.
template <typename T>
class RingStorage {
public:
    RingStorage() noexcept = default;
    RingStorage(const RingStorage&) = delete;
    RingStorage& operator=(const RingStorage&) = delete;
    ~RingStorage() { release(); }

    // Not for the audio thread: allocates. capacity must be a power of two.
    bool allocate(uint32_t capacity) noexcept {
        release();
        if (capacity == 0 || (capacity & (capacity - 1)) != 0) return false;
        const size_t bytes = sizeof(AicpRingHeader) + sizeof(T) * capacity;
        void* memory = platform::alignedAlloc(kCacheLine, bytes);
        if (!memory) return false;
        std::memset(memory, 0, bytes);
        header_ = static_cast<AicpRingHeader*>(memory);
        header_->capacity = capacity;
        header_->recordSize = sizeof(T);
        records_ = reinterpret_cast<T*>(static_cast<char*>(memory) + sizeof(AicpRingHeader));
        return true;
    }

    void release() noexcept {
        platform::alignedFree(header_);
        header_ = nullptr;
        records_ = nullptr;
    }

    SpscRing<T> ring() const noexcept { return SpscRing<T>(header_, records_); }

private:
    AicpRingHeader* header_ = nullptr;
    T* records_ = nullptr;
};

}  // namespace aicp
