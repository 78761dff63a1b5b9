// The real CLAP plug-in (out/clap/AiCoPilot, laid out by build.sh as it is installed into ~/.clap) loaded by the
// project's host (aicp-host --clap) in a child process, as a CLAP host loads it: the folder's .clap finds its engine,
// ONNX Runtime and the model; a phrase played in is answered on the host's grid with nothing allocated or locked on
// the audio thread, in both note dialects a host may take; the state comes back into a fresh instance; a damaged
// state is refused and the fresh instance keeps its defaults. Each run waits for the model (--wait-for-model), never
// a fixed time.
#include <gtest/gtest.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>
#include <unistd.h>
#include "loaded_plugin.h"

using namespace aicptest;

namespace {

std::string runClap(const std::string& args, const std::string& env = "") {
    const std::string command = env + " " + AICP_HOST + " --clap " + AICP_CLAP + " --midi " + AICP_EXAMPLES +
                                "/phrase.mid --speed 8 --tail 10 --wait-for-model 60 " + args + " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return {};
    std::string out;
    char buffer[4096];
    while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    const int status = pclose(pipe);
    EXPECT_EQ(status, 0) << command << "\n" << out;
    return out;
}

bool jsonTrue(const std::string& json, const std::string& key) { return json.find("\"" + key + "\": true") != std::string::npos; }

std::string jsonString(const std::string& json, const std::string& key) {
    const std::string k = "\"" + key + "\": \"";
    const size_t at = json.find(k);
    if (at == std::string::npos) return {};
    const size_t end = json.find('"', at + k.size());
    return json.substr(at + k.size(), end - at - k.size());
}

std::string tempPath(const char* name) { return "/tmp/aicp-clap-test-" + std::to_string(getpid()) + "-" + name; }

}  // namespace

TEST(ClapPlugin, TheInstalledLayoutHoldsTheClapBesideItsEngineAndModel) {
    const std::string folder = AICP_CLAP;
    for (const char* f : {"/Contents/x86_64-linux/AiCoPilot.clap", "/Contents/x86_64-linux/AiCoPilotEngine.so",
                          "/Contents/x86_64-linux/libonnxruntime.so", "/Contents/x86_64-linux/libSkiaSharp.so",
                          "/Contents/Resources/aicopilot.onnx"}) {
        std::ifstream in(folder + f, std::ios::binary);
        EXPECT_TRUE(in.good()) << folder + f << " is missing (run ./build.sh)";
    }
}

TEST(ClapPlugin, AnswersAPhraseOnTheGridWithoutAudioThreadAllocationsOrLocksInBothNoteDialects) {
    for (const char* dialect : {"clap", "midi"}) {
        const std::string json = runClap(std::string("--clap-dialect ") + dialect + " --param bars=8");
        ASSERT_FALSE(json.empty()) << dialect;
        EXPECT_TRUE(jsonTrue(json, "engine_available")) << dialect << ": " << json;
        EXPECT_EQ(jsonString(json, "engine_model_state"), "ready") << dialect << ": the neural model loaded beside the .clap";
        EXPECT_EQ(jsonNumber(json, "notes_in"), 29) << dialect;
        EXPECT_GT(jsonNumber(json, "suggested_notes"), 4) << dialect << ": " << json;
        EXPECT_EQ(jsonNumber(json, "notes_out"), jsonNumber(json, "notes_in") + jsonNumber(json, "suggested_notes")) << dialect;
        EXPECT_GT(jsonNumber(json, "grid_note_ons"), 4) << dialect;
        EXPECT_EQ(jsonNumber(json, "grid_off_note_ons"), 0) << dialect << ": suggested note-ons off the host's grid: " << json;
        EXPECT_EQ(jsonNumber(json, "stuck_notes"), 0) << dialect;
        EXPECT_EQ(jsonNumber(json, "audio_thread_allocations"), 0) << dialect;
        EXPECT_EQ(jsonNumber(json, "audio_thread_locks_waits_and_writes"), 0) << dialect;
        EXPECT_EQ(jsonNumber(json, "live_instances_after"), 0) << dialect;
        EXPECT_EQ(jsonString(json, "host_note_dialects"), dialect);
        // Every note event went out in the dialect the host takes, in time order.
        const double clapEvents = jsonNumber(json, "note_events_out_clap"), midiEvents = jsonNumber(json, "note_events_out_midi");
        EXPECT_EQ(std::string(dialect) == "clap" ? midiEvents : clapEvents, 0) << dialect;
        EXPECT_EQ(std::string(dialect) == "clap" ? clapEvents : midiEvents, 2 * jsonNumber(json, "notes_out")) << dialect;
        EXPECT_EQ(jsonNumber(json, "out_of_order_events"), 0) << dialect;
    }
}

TEST(ClapPlugin, StateComesBackIntoAFreshInstanceWithEveryParameterAndTheLearnedStyle) {
    const std::string json = runClap("--param bars=8 --param temperature=0.6 --param bypass=0 --reload-state");
    ASSERT_NE(json.find("\"reload_state\""), std::string::npos) << json;
    EXPECT_TRUE(jsonTrue(json, "state_load_accepted")) << json;
    EXPECT_EQ(jsonNumber(json, "set_state_result"), 0);
    EXPECT_TRUE(jsonTrue(json, "parameters_equal")) << json;
    EXPECT_GT(jsonNumber(json, "parameters_compared"), 20);
    EXPECT_TRUE(jsonTrue(json, "requested_params_back")) << json;
    EXPECT_GT(jsonNumber(json, "style_kib_before"), 0);
    EXPECT_EQ(jsonNumber(json, "style_kib_after"), jsonNumber(json, "style_kib_before"));
    EXPECT_EQ(jsonNumber(json, "style_contexts_after"), jsonNumber(json, "style_contexts_before"));
    EXPECT_EQ(jsonNumber(json, "live_instances_after"), 0);
}

TEST(ClapPlugin, ADamagedOrFutureStateIsRefusedAndTheFreshInstanceKeepsItsDefaults) {
    const std::string saved = tempPath("saved.state");
    const std::string json = runClap("--param bars=8 --reload-state --state-out " + saved);
    ASSERT_TRUE(jsonTrue(json, "state_load_accepted")) << json;
    std::vector<char> bytes;
    {
        std::ifstream in(saved, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    ASSERT_GT(bytes.size(), 24u);
    const char* kinds[] = {"corrupt", "truncated", "future version", "empty"};
    for (int damage = 0; damage < 4; ++damage) {
        std::vector<char> d = bytes;
        if (damage == 0) d[d.size() / 2] ^= 0x55;
        if (damage == 1) d.resize(d.size() / 3);
        if (damage == 2) d[8] = 99;
        if (damage == 3) d.clear();
        const std::string damaged = tempPath("damaged.state");
        {
            std::ofstream out(damaged, std::ios::binary);
            out.write(d.data(), std::streamsize(d.size()));
        }
        const std::string r = runClap("--param bars=8 --reload-state --state-in " + damaged);
        ASSERT_NE(r.find("\"reload_state\""), std::string::npos) << kinds[damage] << ": the host survived: " << r;
        EXPECT_FALSE(jsonTrue(r, "state_load_accepted")) << kinds[damage] << ": refused";
        EXPECT_NE(r.find("\"requested_params_after\": {\"bars\": 4}"), std::string::npos) << kinds[damage] << ": defaults: " << r;
        EXPECT_EQ(jsonNumber(r, "live_instances_after"), 0) << kinds[damage];
        std::remove(damaged.c_str());
    }
    std::remove(saved.c_str());
}

TEST(ClapPlugin, TheEditorOpensThroughClapGuiOnTheHostsTimerAndFdWhileTheMusicPlays) {
    // The editor embedded as a CLAP host embeds it (clap.gui, an X11 parent window), run by the host's timer and fd
    // support (clap.timer-support, clap.posix-fd-support) on its main thread; needs an X server: Xvfb through xvfb-run.
    if (std::system("command -v xvfb-run > /dev/null 2>&1") != 0) GTEST_SKIP() << "xvfb-run is missing (apt-get install xvfb)";
    const std::string json = runClap("--editor 2", "xvfb-run -a -s '-screen 0 1280x1024x24'");
    ASSERT_NE(json.find("\"editor\": {"), std::string::npos) << json;
    EXPECT_NE(json.find("\"opened\": true"), std::string::npos) << json;
    EXPECT_GE(jsonNumber(json, "timers_registered"), 1) << json;
    EXPECT_GE(jsonNumber(json, "fds_registered"), 1) << json;
    EXPECT_EQ(jsonNumber(json, "timers_left"), 0) << "the editor unregisters its timers when it closes";
    EXPECT_EQ(jsonNumber(json, "fds_left"), 0) << "and its fds";
    EXPECT_GT(jsonNumber(json, "frames"), 0) << json;
    EXPECT_GT(jsonNumber(json, "suggested_notes"), 0);
    EXPECT_EQ(jsonNumber(json, "audio_thread_allocations"), 0);
    EXPECT_EQ(jsonNumber(json, "audio_thread_locks_waits_and_writes"), 0);
    EXPECT_EQ(jsonNumber(json, "live_instances_after"), 0);
}
