// aicp-host: a minimal VST3 host for AiCoPilot's demo, tests and benchmarks.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <memory>
#include <sstream>
#include "host_platform.h"
#include "clap_session.h"
#include "host_session.h"
#ifdef AICP_HOST_EDITOR
#include "editor_host.h"
#endif

namespace {
const char* kUsage =
    "usage: aicp-host BUNDLE --midi IN.mid [--out OUT.mid] [--wav OUT.wav] [--rate 48000] [--block 128]\n"
    "       aicp-host --clap PATH --midi IN.mid [--clap-dialect both|clap|midi] [the options below but --wav]\n"
    "                [--realtime | --speed X] [--instances N] [--random-blocks] [--double] [--tail SECONDS]\n"
    "                [--param NAME=VALUE]... [--other-thread] [--stopped] [--loop START:END]\n"
    "                [--tempo BPM] [--tempo-change PPQ:BPM]... [--ppq-resolution N] [--save-state-every MS]\n"
    "                [--no-daw-threads] [--wait-for-model SECONDS]\n"
    "                [--reload-state [--state-out FILE] [--state-in FILE]]\n"
    "                [--monitor FILE [--monitor-every SECONDS]]\n"
    "                [--editor SECONDS [--editor-scale S] [--editor-size WxH] [--editor-ready FILE] [--editor-close-file FILE]]\n"
    "Prints a JSON report on stdout.";

double number(const char* text, const char* what) {
    char* end = nullptr;
    double v = std::strtod(text, &end);
    if (!text[0] || *end) throw std::invalid_argument(std::string(what) + " needs a number, got '" + text + "'");
    return v;
}
#ifdef AICP_HOST_EDITOR
std::string editorJson(const aicphost::EditorReport& r, const AicpDebugStats* s, double scale) {
    std::ostringstream o;
    o.precision(4);
    o << "{\"opened\": " << (r.opened ? "true" : "false") << ", \"failure\": \"" << r.failure << "\", \"scale\": " << scale
      << ", \"width\": " << r.width << ", \"height\": " << r.height << ", \"run_loop\": " << (r.runLoopUsed ? "true" : "false")
      << ", \"host_window\": " << r.hostWindow << ", \"editor_resident_kib\": " << (r.residentOpenKiB - r.residentBeforeKiB);
    if (s && s->editorFrames > 0) {
        std::vector<double> frames(s->editorFrameMs, s->editorFrameMs + std::min<uint32_t>(s->editorFrames, AICP_EDITOR_FRAME_SLOTS));
        o << ", \"open_to_first_frame_ms\": " << s->editorOpenMs << ", \"frames\": " << s->editorFrames
          << ", \"frame_ms_p50\": " << aicphost::percentile(frames, 50) << ", \"frame_ms_p95\": " << aicphost::percentile(frames, 95)
          << ", \"frame_ms_max\": " << aicphost::percentile(frames, 100);
    }
    o << "}";
    return o.str();
}
#endif
}  // namespace

int main(int argc, char** rawArgv) {
    try {
        const std::vector<std::string> arguments = aicphost::platform::setUpProcess(argc, rawArgv);
        argc = int(arguments.size());
        auto argv = [&arguments](int i) { return arguments[size_t(i)].c_str(); };
        aicphost::SessionOptions o;
        o.dawThreads = true;  // the command runs its audio thread as a DAW does (--no-daw-threads: as a plain thread)
        bool useEditor = false;
        [[maybe_unused]] double editorSeconds = 0, editorScale = 1;
        std::string editorReady, editorCloseFile;
        [[maybe_unused]] int editorWidth = 0, editorHeight = 0;
        bool useClap = false;  // --clap PATH: a CLAP plug-in (clap_session.h)
        aicphost::ClapOptions clapOptions;
        for (int i = 1; i < argc; ++i) {
            std::string a = argv(i);
            auto value = [&](const char* what) -> const char* {
                if (i + 1 >= argc) throw std::invalid_argument(std::string(what) + " needs a value");
                return argv(++i);
            };
            if (a == "--clap") { o.bundle = value("--clap"); useClap = true; }
            else if (a == "--clap-dialect") {
                const std::string d = value("--clap-dialect");
                if (d == "both") clapOptions.noteDialects = clap::kDialectClap | clap::kDialectMidi;
                else if (d == "clap") clapOptions.noteDialects = clap::kDialectClap;
                else if (d == "midi") clapOptions.noteDialects = clap::kDialectMidi;
                else throw std::invalid_argument("--clap-dialect wants both, clap or midi");
            }
            else if (a == "--midi") o.midiPath = value("--midi");
            else if (a == "--out") o.outMidi = value("--out");
            else if (a == "--wav") o.outWav = value("--wav");
            else if (a == "--rate") o.sampleRate = number(value("--rate"), "--rate");
            else if (a == "--block") o.blockSize = int(number(value("--block"), "--block"));
            else if (a == "--instances") o.instances = int(number(value("--instances"), "--instances"));
            else if (a == "--tail") o.tailSeconds = number(value("--tail"), "--tail");
            else if (a == "--realtime") o.speed = 1;
            else if (a == "--speed") o.speed = number(value("--speed"), "--speed");
            else if (a == "--random-blocks") o.randomBlockSizes = true;
            else if (a == "--double") o.sample64 = true;
            else if (a == "--other-thread") o.processOnOtherThread = true;
            else if (a == "--stopped") o.stopped = true;
            else if (a == "--monitor") o.monitorPath = value("--monitor");
            else if (a == "--monitor-every") o.monitorSeconds = number(value("--monitor-every"), "--monitor-every");
            else if (a == "--editor") { editorSeconds = number(value("--editor"), "--editor"); useEditor = true; }
            else if (a == "--editor-scale") editorScale = number(value("--editor-scale"), "--editor-scale");
            else if (a == "--editor-ready") editorReady = value("--editor-ready");
            else if (a == "--editor-close-file") editorCloseFile = value("--editor-close-file");
            else if (a == "--editor-size") {
                std::string v = value("--editor-size");
                size_t x = v.find('x');
                if (x == std::string::npos) throw std::invalid_argument("--editor-size wants WIDTHxHEIGHT");
                editorWidth = int(number(v.substr(0, x).c_str(), "--editor-size"));
                editorHeight = int(number(v.c_str() + x + 1, "--editor-size"));
            }
            else if (a == "--loop") {
                std::string v = value("--loop");
                size_t colon = v.find(':');
                if (colon == std::string::npos) throw std::invalid_argument("--loop wants START:END in quarter notes");
                o.loopStartPpq = number(v.substr(0, colon).c_str(), "--loop");
                o.loopEndPpq = number(v.c_str() + colon + 1, "--loop");
            }
            else if (a == "--no-daw-threads") o.dawThreads = false;
            else if (a == "--wait-for-model") o.waitForModelSeconds = number(value("--wait-for-model"), "--wait-for-model");
            else if (a == "--reload-state") o.reloadState = true;
            else if (a == "--state-out") o.stateOut = value("--state-out");
            else if (a == "--state-in") o.stateIn = value("--state-in");
            else if (a == "--save-state-every") o.saveStateEveryMs = number(value("--save-state-every"), "--save-state-every");
            else if (a == "--tempo") o.tempoBpm = number(value("--tempo"), "--tempo");
            else if (a == "--ppq-resolution") o.ppqResolution = int(number(value("--ppq-resolution"), "--ppq-resolution"));
            else if (a == "--tempo-change") {
                std::string v = value("--tempo-change");
                size_t colon = v.find(':');
                if (colon == std::string::npos) throw std::invalid_argument("--tempo-change wants PPQ:BPM");
                o.tempoChanges.emplace_back(number(v.substr(0, colon).c_str(), "--tempo-change"), number(v.c_str() + colon + 1, "--tempo-change"));
            }
            else if (a == "--param") {
                std::string p = value("--param");
                size_t eq = p.find('=');
                if (eq == std::string::npos) throw std::invalid_argument("--param wants NAME=VALUE");
                o.params.emplace_back(p.substr(0, eq), number(p.c_str() + eq + 1, "--param"));
            } else if (a == "-h" || a == "--help") { std::puts(kUsage); return 0; }
            else if (!a.empty() && a[0] == '-') throw std::invalid_argument("unknown option " + a);
            else if (o.bundle.empty()) o.bundle = a;
            else throw std::invalid_argument("unexpected argument " + a);
        }
        if (o.bundle.empty() || o.midiPath.empty()) throw std::invalid_argument("a bundle and --midi are required");
        if (!o.reloadState && (!o.stateOut.empty() || !o.stateIn.empty())) throw std::invalid_argument("--state-out and --state-in go with --reload-state");
        if (useClap) {
            if (!o.outWav.empty()) throw std::invalid_argument("--wav is not available with --clap");
            clapOptions.editor = useEditor;
            clapOptions.editorSeconds = editorSeconds;
            clapOptions.editorScale = editorScale;
            clapOptions.editorWidth = editorWidth;
            clapOptions.editorHeight = editorHeight;
            clapOptions.editorReady = editorReady;
            std::fputs(aicphost::runClapSession(o, clapOptions).c_str(), stdout);
            return 0;
        }
        if (useEditor) {
#ifdef AICP_HOST_EDITOR
            o.uiThread = [=](vst3::IEditController* controller, const std::function<bool(AicpDebugStats&)>& stats, const std::atomic<bool>& done) {
                aicphost::EditorOptions e;
                e.seconds = editorSeconds;
                e.scale = editorScale;
                e.readyFile = editorReady;
                e.closeFile = editorCloseFile;
                e.resizeWidth = editorWidth;
                e.resizeHeight = editorHeight;
                auto figures = std::make_unique<AicpDebugStats>();
                bool haveFigures = false;
                e.beforeClose = [&] { haveFigures = stats(*figures); };
                aicphost::EditorReport r = aicphost::runEditor(controller, e, done);
                return editorJson(r, haveFigures ? figures.get() : nullptr, editorScale);
            };
#else
            throw std::invalid_argument("this aicp-host was built without an editor host (Linux without Xlib): --editor is not available");
#endif
        }
        aicphost::SessionReport report = aicphost::runSession(o);
        std::fputs(report.toJson().c_str(), stdout);
        return 0;
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "aicp-host: %s\n%s\n", e.what(), kUsage);
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "aicp-host: %s\n", e.what());
        return 1;
    }
}
