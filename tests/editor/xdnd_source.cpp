// A minimal XDND drag source for the editor's drop test, as a file manager drags files: it finds the deepest window
// under the root point (X, Y) that says XdndAware (walking down from the root, as Qt's source does), offers the files
// as text/uri-list (in XdndEnter, or with "type-list" only in its XdndTypeList property), sends a position, and drops
// when the target accepts. It serves the URI list when asked and waits for XdndFinished.
// Prints one line and exits 0 when the target finished with success, 1 when it refused or failed, 2 on a timeout
// or when no aware window is there.
//   xdnd_source X Y [type-list] FILE...
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <poll.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cctype>
#include <cstring>
#include <string>

#include "xdnd_common.h"
#include <vector>

namespace {

std::string fileUri(const std::string& path) {
    std::string uri = "file://";
    const char* hex = "0123456789ABCDEF";
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') uri.push_back(char(c));
        else { uri.push_back('%'); uri.push_back(hex[c >> 4]); uri.push_back(hex[c & 15]); }
    }
    return uri;
}

long readVersion(Display* d, Window w, Atom aware) {
    Atom type;
    int format;
    unsigned long items, after;
    unsigned char* data = nullptr;
    long version = 0;
    if (XGetWindowProperty(d, w, aware, 0, 1, False, AnyPropertyType, &type, &format, &items, &after, &data) == Success &&
        data && items > 0 && format == 32)
        version = *reinterpret_cast<long*>(data);
    if (data) XFree(data);
    return version;
}

Window findTarget(Display* d, int x, int y, Atom aware, long* version) {
    Window root = DefaultRootWindow(d), window = root, found = 0;
    for (int depth = 0; depth < 32; ++depth) {
        int wx, wy;
        Window child = 0;
        if (!XTranslateCoordinates(d, root, window, x, y, &wx, &wy, &child)) break;
        if (window != root) {
            long v = readVersion(d, window, aware);
            if (v > 0) { found = window; *version = v; }
        }
        if (!child) break;
        window = child;
    }
    return found;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: xdnd_source X Y [type-list] FILE...\n");
        return 2;
    }
    int x = std::atoi(argv[1]), y = std::atoi(argv[2]);
    int first = 3;
    bool typeListOnly = std::strcmp(argv[3], "type-list") == 0;
    if (typeListOnly) ++first;
    std::string uris;
    for (int i = first; i < argc; ++i) uris += fileUri(argv[i]) + "\r\n";

    Display* d = XOpenDisplay(nullptr);
    if (!d) { std::printf("no display\n"); return 2; }
    Atom aware = XInternAtom(d, "XdndAware", False), enter = XInternAtom(d, "XdndEnter", False),
         position = XInternAtom(d, "XdndPosition", False), status = XInternAtom(d, "XdndStatus", False),
         drop = XInternAtom(d, "XdndDrop", False), leave = XInternAtom(d, "XdndLeave", False),
         finished = XInternAtom(d, "XdndFinished", False), copy = XInternAtom(d, "XdndActionCopy", False),
         selection = XInternAtom(d, "XdndSelection", False), typeList = XInternAtom(d, "XdndTypeList", False),
         uriList = XInternAtom(d, "text/uri-list", False), plain = XInternAtom(d, "text/plain", False);
    Window me = XCreateSimpleWindow(d, DefaultRootWindow(d), 0, 0, 1, 1, 0, 0, 0);
    long version = 0;
    Window target = findTarget(d, x, y, aware, &version);
    if (!target) { std::printf("no XdndAware window at %d,%d\n", x, y); return 2; }

    XSetSelectionOwner(d, selection, me, CurrentTime);
    Atom offered[2] = {plain, uriList};
    XChangeProperty(d, me, typeList, XA_ATOM, 32, PropModeReplace, reinterpret_cast<unsigned char*>(offered), 2);
    long v = version < 5 ? version : 5;
    if (typeListOnly) sendClient(d, target, enter, long(me), (v << 24) | 1, 0, 0, 0);  // more than 3 types: read the list
    else sendClient(d, target, enter, long(me), v << 24, long(uriList), 0, 0);
    sendClient(d, target, position, long(me), 0, (long(x) << 16) | y, CurrentTime, long(copy));

    enum { WaitingStatus, WaitingFinished } state = WaitingStatus;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    pollfd pfd{ConnectionNumber(d), POLLIN, 0};
    while (std::chrono::steady_clock::now() < deadline) {
        if (XPending(d) == 0) { poll(&pfd, 1, 50); continue; }
        XEvent e;
        XNextEvent(d, &e);
        if (e.type == ClientMessage && e.xclient.message_type == status && state == WaitingStatus) {
            if (!(e.xclient.data.l[1] & 1)) {
                sendClient(d, target, leave, long(me), 0, 0, 0, 0);
                std::printf("refused by window %lu\n", target);
                return 1;
            }
            sendClient(d, target, drop, long(me), 0, CurrentTime, 0, 0);
            state = WaitingFinished;
        } else if (e.type == ClientMessage && e.xclient.message_type == finished) {
            bool ok = e.xclient.data.l[1] & 1;
            std::printf("dropped on window %lu: %s\n", target, ok ? "finished, accepted" : "finished, refused");
            return ok ? 0 : 1;
        } else if (e.type == SelectionRequest) {
            XSelectionRequestEvent& r = e.xselectionrequest;
            XEvent reply{};
            reply.xselection.type = SelectionNotify;
            reply.xselection.requestor = r.requestor;
            reply.xselection.selection = r.selection;
            reply.xselection.target = r.target;
            reply.xselection.time = r.time;
            reply.xselection.property = None;
            if (r.target == uriList) {
                XChangeProperty(d, r.requestor, r.property, uriList, 8, PropModeReplace,
                                reinterpret_cast<const unsigned char*>(uris.data()), int(uris.size()));
                reply.xselection.property = r.property;
            }
            XSendEvent(d, r.requestor, False, NoEventMask, &reply);
            XFlush(d);
        }
    }
    std::printf("timed out %s\n", state == WaitingStatus ? "waiting for a status" : "waiting for the drop to finish");
    return 2;
}
