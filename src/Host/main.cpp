// aicp-host: a minimal VST3 host for AiCoPilot's demo, tests and benchmarks.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include "host_session.h"

namespace {
const char* kUsage =
    "usage: aicp-host BUNDLE --midi IN.mid [--out OUT.mid] [--wav OUT.wav] [--rate 48000] [--block 128]\n"
    "                [--realtime | --speed X] [--instances N] [--random-blocks] [--double] [--tail SECONDS]\n"
    "                [--param NAME=VALUE]... [--other-thread] [--stopped] [--loop START:END]\n"
    "Prints a JSON report on stdout.";

double number(const char* text, const char* what) {
    char* end = nullptr;
    double v = std::strtod(text, &end);
    if (!text[0] || *end) throw std::invalid_argument(std::string(what) + " needs a number, got '" + text + "'");
    return v;
}
}  // namespace

int main(int argc, char** argv) {
    try {
        aicphost::SessionOptions o;
        for (int i = 1; i < argc; ++i) {
            std::string a = argv[i];
            auto value = [&](const char* what) -> const char* {
                if (i + 1 >= argc) throw std::invalid_argument(std::string(what) + " needs a value");
                return argv[++i];
            };
            if (a == "--midi") o.midiPath = value("--midi");
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
            else if (a == "--loop") {
                std::string v = value("--loop");
                size_t colon = v.find(':');
                if (colon == std::string::npos) throw std::invalid_argument("--loop wants START:END in quarter notes");
                o.loopStartPpq = number(v.substr(0, colon).c_str(), "--loop");
                o.loopEndPpq = number(v.c_str() + colon + 1, "--loop");
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
