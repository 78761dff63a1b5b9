// A fixed-size histogram of positive ratios (process() time over the block period) with percentiles. The host records
// one figure per process() call: kept as a vector, an hour-long soak of 8 instances grew the host's own resident
// memory by about 43 MB, which the soak then counted as the plug-in's.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

namespace aicphost {

class RatioHistogram {
public:
    // Bins 0.5% wide on a log scale from 1e-7 to 1e3 (a process() call from 0.00001% to 100,000% of its block).
    static constexpr double kLowest = 1e-7;
    static constexpr double kGrowth = 1.005;
    static constexpr int kBins = 4620;  // log(1e10) / log(1.005), rounded up

    void add(double ratio) {
        ++count_;
        if (ratio > max_) max_ = ratio;
        bins_[size_t(binOf(ratio))]++;
    }

    uint64_t count() const { return count_; }
    double max() const { return count_ == 0 ? 0 : max_; }

    // The value below which p percent of the figures lie, to within half a bin (0.25%); -1 when empty.
    double percentile(double p) const {
        if (count_ == 0) return -1;
        if (p >= 100) return max();
        const double rank = p / 100.0 * double(count_ - 1);
        uint64_t seen = 0;
        for (int b = 0; b < kBins; ++b) {
            seen += bins_[size_t(b)];
            if (double(seen) > rank) return std::fmin(max_, kLowest * std::pow(kGrowth, b + 0.5));
        }
        return max();
    }

private:
    static int binOf(double ratio) {
        if (!(ratio > kLowest)) return 0;
        int b = int(std::log(ratio / kLowest) / std::log(kGrowth));
        return b < 0 ? 0 : (b >= kBins ? kBins - 1 : b);
    }

    std::array<uint64_t, kBins> bins_{};
    uint64_t count_ = 0;
    double max_ = 0;
};

}  // namespace aicphost
