#include <gtest/gtest.h>
#include <cmath>
#include <limits>
#include <set>
#include "parameter_text.h"
#include "parameters.h"

using namespace aicp;

TEST(Parameters, IdsAreUniqueStableAndLeaveBit31ToHosts) {
    std::set<uint32_t> ids;
    std::set<std::string> names;
    for (int i = 0; i < AICP_PARAM_COUNT; ++i) {
        EXPECT_EQ(paramDefs()[i].index, i);
        uint32_t id = paramVstId(i);
        EXPECT_EQ(id & 0x80000000u, 0u);
        EXPECT_TRUE(ids.insert(id).second);
        EXPECT_TRUE(names.insert(paramDefs()[i].id).second);
        EXPECT_EQ(paramIndexOfId(id), i);
    }
    // The IDs themselves are pinned against tests/golden/parameter_ids.txt (SavedProjects.HostFacingParameterIdsArePinned).
    EXPECT_EQ(paramIndexOfId(12345), -1);
}

TEST(Parameters, PlainAndNormalizedRoundTripOnSteps) {
    for (int i = 0; i < AICP_PARAM_COUNT; ++i) {
        const ParamDef& def = paramDefs()[i];
        int steps = paramStepCount(def);
        for (int k = 0; k <= 10; ++k) {
            double plain = def.min + (def.max - def.min) * k / 10.0;
            if (steps > 0) plain = std::round(plain);
            EXPECT_NEAR(paramToPlain(def, paramToNormalized(def, plain)), plain, 1e-9) << def.id;
        }
    }
    EXPECT_EQ(paramStepCount(paramDefs()[AICP_P_BARS]), 15);
    EXPECT_EQ(paramToPlain(paramDefs()[AICP_P_BARS], 0.5), 9);  // 1 + round(0.5 * 15)
}

TEST(Parameters, AbsurdValuesBecomeSafeOnes) {
    ParameterStore store;
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    store.setNormalized(AICP_P_TEMPERATURE, nan);
    EXPECT_DOUBLE_EQ(store.plain(AICP_P_TEMPERATURE), 1.0);  // default
    store.setNormalized(AICP_P_BARS, inf);
    EXPECT_DOUBLE_EQ(store.plain(AICP_P_BARS), 4);
    store.setNormalized(AICP_P_BARS, 7.5);
    EXPECT_DOUBLE_EQ(store.plain(AICP_P_BARS), 16);
    store.setPlain(AICP_P_OUTPUT_CHANNEL, -40);
    EXPECT_DOUBLE_EQ(store.plain(AICP_P_OUTPUT_CHANNEL), 1);
    store.setPlain(999, 1);   // unknown index: ignored
    store.setNormalized(-1, 1);
    // Every parameter, the play-along ones included: whatever arrives, the value the engine reads is in range.
    for (int i = 0; i < AICP_PARAM_COUNT; ++i) {
        const ParamDef& def = paramDefs()[i];
        for (double v : {nan, inf, -inf, 1e300, -1e300, 7.5, -3.0}) {
            store.setNormalized(i, v);
            EXPECT_GE(store.plain(i), def.min) << def.id << " normalized " << v;
            EXPECT_LE(store.plain(i), def.max) << def.id << " normalized " << v;
            store.setPlain(i, v);
            EXPECT_GE(store.plain(i), def.min) << def.id << " plain " << v;
            EXPECT_LE(store.plain(i), def.max) << def.id << " plain " << v;
        }
    }
}

TEST(Parameters, ValueStringsRoundTrip) {
    char text[64];
    for (int i = 0; i < AICP_PARAM_COUNT; ++i) {
        const ParamDef& def = paramDefs()[i];
        for (double n : {0.0, 0.25, 1.0}) {
            double plain = paramToPlain(def, n);
            paramFormat(def, plain, text, sizeof text);
            double parsed = -1;
            ASSERT_TRUE(paramParse(def, text, parsed)) << def.id << " '" << text << "'";
            EXPECT_NEAR(parsed, plain, def.kind == ParamKind::Continuous ? 0.02 * (def.max - def.min) + 1e-9 : 1e-9) << def.id << " '" << text << "'";
        }
    }
    paramFormat(paramDefs()[AICP_P_MODE], 1, text, sizeof text);
    EXPECT_STREQ(text, "Harmony");
    double v;
    EXPECT_FALSE(paramParse(paramDefs()[AICP_P_BARS], "lots", v));
    EXPECT_FALSE(paramParse(paramDefs()[AICP_P_BARS], nullptr, v));
}
