// The host's fixed-memory histogram of process() fractions against exact percentiles of the same figures.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "ratio_histogram.h"

using aicphost::RatioHistogram;

static double exactPercentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[size_t(std::floor(p / 100.0 * double(v.size() - 1)))];
}

TEST(RatioHistogram, PercentilesMatchTheSortedFiguresToHalfAPercent) {
    std::mt19937_64 random(3);
    std::lognormal_distribution<double> typical(std::log(0.003), 0.6);  // process() around 0.3% of its block
    std::vector<double> figures;
    RatioHistogram histogram;
    for (int i = 0; i < 200000; ++i) {
        double f = i % 1000 == 0 ? 0.2 + 0.001 * (i / 1000) : typical(random);  // and rare slow calls
        figures.push_back(f);
        histogram.add(f);
    }
    EXPECT_EQ(histogram.count(), figures.size());
    EXPECT_DOUBLE_EQ(histogram.max(), *std::max_element(figures.begin(), figures.end()));
    for (double p : {1.0, 50.0, 90.0, 99.0, 99.9, 99.99}) {
        double exact = exactPercentile(figures, p);
        EXPECT_NEAR(histogram.percentile(p), exact, exact * 0.005) << "p" << p;
    }
}

TEST(RatioHistogram, EmptyZeroAndAbsurdFiguresAreSafe) {
    RatioHistogram histogram;
    EXPECT_EQ(histogram.percentile(50), -1);
    EXPECT_EQ(histogram.max(), 0);
    histogram.add(0);
    histogram.add(-1);
    histogram.add(NAN);
    histogram.add(1e9);
    EXPECT_EQ(histogram.count(), 4u);
    EXPECT_GE(histogram.percentile(10), 0);
    EXPECT_EQ(histogram.percentile(100), 1e9);
}
