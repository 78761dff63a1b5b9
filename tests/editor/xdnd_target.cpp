// A minimal XDND drop target for the editor's drag test: a window that accepts text/uri-list, fetches the dropped
// data after XdndDrop, checks that the file it names is a readable Standard MIDI File, writes its path to OUT, and
// answers XdndFinished. Exits 0 on a good drop, 1 on a bad one, 2 when nothing was dropped before the timeout.
// With "never-finish" it accepts the drop but never fetches the data or answers: a misbehaving target, for the
// source's timeout (it then exits 0 after SECONDS). Prints "ready WINDOW" once its window is mapped, and "accepting
// a drag from WINDOW" once it has answered a drag's first position with an accepting status, so a test knows when to
// wait no more before it drops.
//   xdnd_target OUT X Y WIDTH HEIGHT [SECONDS [never-finish]]
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <poll.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "xdnd_common.h"

namespace {

std::string percentDecode(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out.push_back(char(std::strtol(s.substr(i + 1, 2).c_str(), nullptr, 16)));
            i += 2;
        } else out.push_back(s[i]);
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 6) {
        std::fprintf(stderr, "usage: xdnd_target OUT X Y WIDTH HEIGHT [SECONDS]\n");
        return 2;
    }
    const char* out = argv[1];
    int x = std::atoi(argv[2]), y = std::atoi(argv[3]), w = std::atoi(argv[4]), h = std::atoi(argv[5]);
    double seconds = argc > 6 ? std::atof(argv[6]) : 60;
    const bool neverFinish = argc > 7 && std::strcmp(argv[7], "never-finish") == 0;
    bool dropped = false;
    Display* d = XOpenDisplay(nullptr);
    if (!d) { std::fprintf(stderr, "xdnd_target: no display\n"); return 2; }
    Window win = XCreateSimpleWindow(d, DefaultRootWindow(d), x, y, unsigned(w), unsigned(h), 0, 0, 0x406040);
    XStoreName(d, win, "AiCoPilot drop target");
    Atom aware = XInternAtom(d, "XdndAware", False), enter = XInternAtom(d, "XdndEnter", False),
         position = XInternAtom(d, "XdndPosition", False), status = XInternAtom(d, "XdndStatus", False),
         leave = XInternAtom(d, "XdndLeave", False), drop = XInternAtom(d, "XdndDrop", False),
         finished = XInternAtom(d, "XdndFinished", False), copy = XInternAtom(d, "XdndActionCopy", False),
         selection = XInternAtom(d, "XdndSelection", False), uriList = XInternAtom(d, "text/uri-list", False),
         property = XInternAtom(d, "AICP_DROPPED", False);
    long version = 5;
    XChangeProperty(d, win, aware, XA_ATOM, 32, PropModeReplace, reinterpret_cast<unsigned char*>(&version), 1);
    XSelectInput(d, win, StructureNotifyMask);
    XMapWindow(d, win);
    XSync(d, False);
    std::printf("ready %lu\n", win);
    std::fflush(stdout);

    Window source = 0;
    bool offered = false, answered = false;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    pollfd pfd{ConnectionNumber(d), POLLIN, 0};
    while (std::chrono::steady_clock::now() < deadline) {
        if (XPending(d) == 0) { poll(&pfd, 1, 50); continue; }
        XEvent e;
        XNextEvent(d, &e);
        if (e.type == ClientMessage) {
            Atom type = e.xclient.message_type;
            if (type == enter) {
                source = Window(e.xclient.data.l[0]);
                offered = answered = false;
                for (int i = 2; i < 5; ++i) offered |= Atom(e.xclient.data.l[i]) == uriList;
            } else if (type == position && Window(e.xclient.data.l[0]) == source) {
                sendClient(d, source, status, long(win), offered ? 1 : 0, 0, 0, offered ? long(copy) : 0);
                if (offered && !answered) {
                    answered = true;
                    std::printf("accepting a drag from %lu\n", source);
                    std::fflush(stdout);
                }
            } else if (type == leave) {
                source = 0;
            } else if (type == drop && Window(e.xclient.data.l[0]) == source && neverFinish) {
                dropped = true;
                std::printf("dropped, and never answering\n");
                std::fflush(stdout);
            } else if (type == drop && Window(e.xclient.data.l[0]) == source) {
                XConvertSelection(d, selection, uriList, property, win, Time(e.xclient.data.l[2]));
                XFlush(d);
            }
        } else if (e.type == SelectionNotify && e.xselection.property == property) {
            Atom actual;
            int format;
            unsigned long items, after;
            unsigned char* data = nullptr;
            XGetWindowProperty(d, win, property, 0, 65536, True, AnyPropertyType, &actual, &format, &items, &after, &data);
            std::string list(data ? reinterpret_cast<char*>(data) : "", items);
            if (data) XFree(data);
            std::string first = list.substr(0, list.find_first_of("\r\n"));
            bool good = false;
            std::string path;
            if (first.rfind("file://", 0) == 0) {
                path = percentDecode(first.substr(7));
                std::ifstream file(path, std::ios::binary);
                char magic[4] = {};
                good = file.read(magic, 4) && std::memcmp(magic, "MThd", 4) == 0;
            }
            sendClient(d, source, finished, long(win), good ? 1 : 0, good ? long(copy) : 0, 0, 0);
            std::ofstream(out) << path << "\n";
            std::printf("dropped %s (%s)\n", path.c_str(), good ? "a MIDI file" : "not a MIDI file");
            XCloseDisplay(d);
            return good ? 0 : 1;
        }
    }
    if (!dropped) std::printf("nothing was dropped\n");
    XCloseDisplay(d);
    return dropped ? 0 : 2;
}
