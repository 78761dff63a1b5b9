// What the editor tests' XDND helpers (xdnd_source.cpp, xdnd_target.cpp) share: sending a protocol message.
#pragma once
#include <X11/Xlib.h>

inline void sendClient(Display* d, Window to, Atom type, long l0, long l1, long l2, long l3, long l4) {
    XEvent e{};
    e.xclient.type = ClientMessage;
    e.xclient.window = to;
    e.xclient.message_type = type;
    e.xclient.format = 32;
    long data[5] = {l0, l1, l2, l3, l4};
    for (int i = 0; i < 5; ++i) e.xclient.data.l[i] = data[i];
    XSendEvent(d, to, False, NoEventMask, &e);
    XFlush(d);
}
