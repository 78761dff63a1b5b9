#include "state_codec.h"
#include <cstring>
#include "state_migrations.h"

namespace aicp {
namespace {

constexpr char kMagic[8] = {'A', 'I', 'C', 'P', 'S', 'T', 'A', 'T'};

void put32(std::vector<uint8_t>& out, uint32_t v) { for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i))); }
void put64(std::vector<uint8_t>& out, uint64_t v) { for (int i = 0; i < 8; ++i) out.push_back(uint8_t(v >> (8 * i))); }

struct Reader {
    const uint8_t* p;
    size_t left;
    bool ok = true;
    uint64_t take(int bytes) {
        if (left < size_t(bytes)) { ok = false; return 0; }
        uint64_t v = 0;
        for (int i = 0; i < bytes; ++i) v |= uint64_t(p[i]) << (8 * i);
        p += bytes; left -= bytes;
        return v;
    }
    std::string text(size_t n) {
        if (left < n) { ok = false; return {}; }
        std::string s(reinterpret_cast<const char*>(p), n);
        p += n; left -= n;
        return s;
    }
};

}  // namespace

const std::vector<uint8_t>* SavedState::blob(const std::string& name) const {
    for (const auto& b : blobs)
        if (b.first == name) return &b.second;
    return nullptr;
}

uint64_t fnv1a64(const uint8_t* data, size_t size) noexcept {
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < size; ++i) { h ^= data[i]; h *= 1099511628211ull; }
    return h;
}

std::vector<uint8_t> encodeState(const SavedState& state) {
    std::vector<uint8_t> out(kMagic, kMagic + 8);
    put32(out, kStateVersion);
    size_t sizeAt = out.size();
    put32(out, 0);  // payload size, patched below
    size_t payloadStart = out.size();
    put32(out, uint32_t(state.params.size()));
    for (const auto& [id, value] : state.params) {
        out.push_back(uint8_t(id.size()));
        out.insert(out.end(), id.begin(), id.begin() + (id.size() & 0xFF));
        uint64_t bits;
        std::memcpy(&bits, &value, 8);
        put64(out, bits);
    }
    put32(out, uint32_t(state.entries.size()));
    for (const auto& [id, entry] : state.entries) {
        out.push_back(uint8_t(id.size()));
        out.insert(out.end(), id.begin(), id.begin() + (id.size() & 0xFF));
        out.push_back(uint8_t(entry.size()));
        out.insert(out.end(), entry.begin(), entry.begin() + (entry.size() & 0xFF));
    }
    put32(out, uint32_t(state.blobs.size()));
    for (const auto& [name, bytes] : state.blobs) {
        out.push_back(uint8_t(name.size()));
        out.insert(out.end(), name.begin(), name.begin() + (name.size() & 0xFF));
        put32(out, uint32_t(bytes.size()));
        out.insert(out.end(), bytes.begin(), bytes.end());
    }
    uint32_t payload = uint32_t(out.size() - payloadStart);
    for (int i = 0; i < 4; ++i) out[sizeAt + i] = uint8_t(payload >> (8 * i));
    put64(out, fnv1a64(out.data(), out.size()));
    return out;
}

bool decodeState(const uint8_t* data, size_t size, SavedState& out, std::string& reason) {
    out = SavedState{};
    if (!data || size < 8 + 4 + 4 + 8) { reason = "state is too short (" + std::to_string(size) + " bytes)"; return false; }
    if (std::memcmp(data, kMagic, 8) != 0) { reason = "state is not an AiCoPilot state (bad magic)"; return false; }
    Reader header{data + 8, size - 8};
    uint32_t version = uint32_t(header.take(4));
    uint32_t payload = uint32_t(header.take(4));
    if (version > kStateVersion) {
        reason = "state was saved by a newer AiCoPilot (format " + std::to_string(version) + "); defaults loaded";
        return false;
    }
    if (version == 0) { reason = "state has an invalid format version 0"; return false; }
    if (size_t(payload) + 16 + 8 != size) { reason = "state is truncated or has trailing bytes"; return false; }
    uint64_t stored = 0;
    for (int i = 0; i < 8; ++i) stored |= uint64_t(data[size - 8 + i]) << (8 * i);
    if (stored != fnv1a64(data, size - 8)) { reason = "state is damaged (checksum mismatch)"; return false; }

    // Parse into a local value: a refused state never leaves anything half-applied in out.
    SavedState parsed;
    Reader r{data + 16, payload};
    uint32_t paramCount = uint32_t(r.take(4));
    if (paramCount > payload / 10) { reason = "state declares too many parameters"; return false; }
    for (uint32_t i = 0; i < paramCount && r.ok; ++i) {
        size_t n = size_t(r.take(1));
        std::string id = r.text(n);
        uint64_t bits = r.take(8);
        double value;
        std::memcpy(&value, &bits, 8);
        parsed.params.emplace_back(std::move(id), value);
    }
    if (version >= 3) {
        uint32_t entryCount = uint32_t(r.take(4));
        if (r.ok && entryCount > payload / 3) { reason = "state declares too many list values"; return false; }
        for (uint32_t i = 0; i < entryCount && r.ok; ++i) {
            std::string id = r.text(size_t(r.take(1)));
            std::string entry = r.text(size_t(r.take(1)));
            parsed.entries.emplace_back(std::move(id), std::move(entry));
        }
    }
    uint32_t blobCount = uint32_t(r.take(4));
    if (r.ok && blobCount > payload / 5) { reason = "state declares too many blobs"; return false; }
    for (uint32_t i = 0; i < blobCount && r.ok; ++i) {
        size_t n = size_t(r.take(1));
        std::string name = r.text(n);
        size_t bytes = size_t(r.take(4));
        if (!r.ok || bytes > r.left) { r.ok = false; break; }
        parsed.blobs.emplace_back(std::move(name), std::vector<uint8_t>(r.p, r.p + bytes));
        r.p += bytes; r.left -= bytes;
    }
    if (!r.ok || r.left != 0) { reason = "state payload is malformed"; return false; }
    if (!migrateState(parsed, version, reason)) return false;
    out = std::move(parsed);
    return true;
}

}  // namespace aicp
