/* A stand-in for the ALSA sequencer, in user space, for running Qtractor on a machine without sound hardware (a test
 * container whose kernel has no snd-seq: no /dev/snd/seq). Qtractor's MIDI engine opens the sequencer when a session
 * starts and gives up on the whole session without it. Preloaded into Qtractor (LD_PRELOAD), this library answers
 * the snd_seq_* calls Qtractor 0.9.31 makes (the list from `nm -D --undefined-only /usr/bin/qtractor`): clients,
 * ports and queues exist, a queue's tick follows the wall clock at its tempo, subscriptions are accepted, and events
 * sent out go nowhere; nothing ever comes in. What a MIDI clip plays into a track's plug-ins does not pass through the
 * sequencer (Qtractor hands it to the plug-in chain directly), so the plug-ins see everything a real sequencer would
 * give them. The real libasound stays loaded for everything else (snd_midi_event_*, the event type table).
 * Declarations are our own: the sequencer's types are opaque to callers (allocated through the *_sizeof functions
 * defined here), so only pointers cross. Test code only. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

typedef struct { unsigned char client, port; } seq_addr;

typedef struct stub_seq {
    int client;
    int fd;          /* for poll(): an eventfd nobody writes, so nothing ever comes in */
    int next_port;
    int next_queue;
    /* One queue is enough for Qtractor: its tick, from the wall clock while it runs. */
    int running;
    double started;  /* seconds, when it last (re)started */
    double tick_at_start;
    unsigned int tempo_us, ppq, skew, skew_base;
} stub_seq;

typedef struct { int client; int port; unsigned int caps; char name[64]; } stub_port_info;
typedef struct { int client; char name[64]; } stub_client_info;
typedef struct { unsigned int tick; } stub_queue_status;
typedef struct { unsigned int tempo_us, ppq, skew, skew_base; } stub_queue_tempo;
typedef struct { seq_addr root, addr; int type, index; } stub_query_subscribe;
typedef struct { seq_addr sender, dest; } stub_port_subscribe;
typedef struct { int unused[16]; } stub_blob;

static int next_client = 128;

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static double current_tick(const stub_seq* s) {
    if (!s->running) return s->tick_at_start;
    const double beats = (now_seconds() - s->started) * 1e6 / (s->tempo_us ? s->tempo_us : 500000);
    return s->tick_at_start + beats * s->ppq * ((double)s->skew / (s->skew_base ? s->skew_base : 0x10000));
}

/* ---- clients ---- */
EXPORT int snd_seq_open(void** handle, const char* name, int streams, int mode) {
    (void)name; (void)streams; (void)mode;
    stub_seq* s = calloc(1, sizeof *s);
    if (!s) return -ENOMEM;
    s->client = next_client++;
    s->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    s->tempo_us = 500000;
    s->ppq = 96;
    s->skew = s->skew_base = 0x10000;
    *handle = s;
    return 0;
}
EXPORT int snd_seq_close(void* handle) {
    stub_seq* s = handle;
    if (s) { close(s->fd); free(s); }
    return 0;
}
EXPORT int snd_seq_client_id(void* handle) { return ((stub_seq*)handle)->client; }
EXPORT int snd_seq_set_client_name(void* handle, const char* name) { (void)handle; (void)name; return 0; }
EXPORT size_t snd_seq_client_info_sizeof(void) { return sizeof(stub_client_info); }
EXPORT int snd_seq_client_info_get_client(const void* info) { return ((const stub_client_info*)info)->client; }
EXPORT const char* snd_seq_client_info_get_name(void* info) { return ((stub_client_info*)info)->name; }
EXPORT void snd_seq_client_info_set_client(void* info, int client) { ((stub_client_info*)info)->client = client; }
EXPORT int snd_seq_get_any_client_info(void* handle, int client, void* info) { (void)handle; (void)client; (void)info; return -ENOENT; }
EXPORT int snd_seq_query_next_client(void* handle, void* info) { (void)handle; (void)info; return -ENOENT; }

/* ---- ports ---- */
EXPORT int snd_seq_create_simple_port(void* handle, const char* name, unsigned int caps, unsigned int type) {
    (void)name; (void)caps; (void)type;
    return ((stub_seq*)handle)->next_port++;
}
EXPORT int snd_seq_delete_simple_port(void* handle, int port) { (void)handle; (void)port; return 0; }
EXPORT size_t snd_seq_port_info_sizeof(void) { return sizeof(stub_port_info); }
EXPORT unsigned int snd_seq_port_info_get_capability(const void* info) { return ((const stub_port_info*)info)->caps; }
EXPORT const char* snd_seq_port_info_get_name(const void* info) { return ((const stub_port_info*)info)->name; }
EXPORT int snd_seq_port_info_get_port(const void* info) { return ((const stub_port_info*)info)->port; }
EXPORT void snd_seq_port_info_set_client(void* info, int client) { ((stub_port_info*)info)->client = client; }
EXPORT void snd_seq_port_info_set_port(void* info, int port) { ((stub_port_info*)info)->port = port; }
EXPORT void snd_seq_port_info_set_timestamp_queue(void* info, int queue) { (void)info; (void)queue; }
EXPORT void snd_seq_port_info_set_timestamp_real(void* info, int real) { (void)info; (void)real; }
EXPORT void snd_seq_port_info_set_timestamping(void* info, int enable) { (void)info; (void)enable; }
EXPORT int snd_seq_get_port_info(void* handle, int port, void* info) {
    stub_port_info* p = info;
    memset(p, 0, sizeof *p);
    p->client = ((stub_seq*)handle)->client;
    p->port = port;
    return 0;
}
EXPORT int snd_seq_set_port_info(void* handle, int port, void* info) { (void)handle; (void)port; (void)info; return 0; }
EXPORT int snd_seq_get_any_port_info(void* handle, int client, int port, void* info) {
    (void)handle; (void)client; (void)port; (void)info;
    return -ENOENT;
}
EXPORT int snd_seq_query_next_port(void* handle, void* info) { (void)handle; (void)info; return -ENOENT; }

/* ---- subscriptions ---- */
EXPORT size_t snd_seq_port_subscribe_sizeof(void) { return sizeof(stub_port_subscribe); }
EXPORT void snd_seq_port_subscribe_set_dest(void* info, const seq_addr* addr) { ((stub_port_subscribe*)info)->dest = *addr; }
EXPORT void snd_seq_port_subscribe_set_sender(void* info, const seq_addr* addr) { ((stub_port_subscribe*)info)->sender = *addr; }
EXPORT int snd_seq_subscribe_port(void* handle, void* sub) { (void)handle; (void)sub; return 0; }
EXPORT int snd_seq_unsubscribe_port(void* handle, void* sub) { (void)handle; (void)sub; return 0; }
EXPORT size_t snd_seq_query_subscribe_sizeof(void) { return sizeof(stub_query_subscribe); }
EXPORT const seq_addr* snd_seq_query_subscribe_get_addr(const void* info) { return &((const stub_query_subscribe*)info)->addr; }
EXPORT int snd_seq_query_subscribe_get_index(const void* info) { return ((const stub_query_subscribe*)info)->index; }
EXPORT void snd_seq_query_subscribe_set_index(void* info, int index) { ((stub_query_subscribe*)info)->index = index; }
EXPORT void snd_seq_query_subscribe_set_root(void* info, const seq_addr* addr) { ((stub_query_subscribe*)info)->root = *addr; }
EXPORT void snd_seq_query_subscribe_set_type(void* info, int type) { ((stub_query_subscribe*)info)->type = type; }
EXPORT int snd_seq_query_port_subscribers(void* handle, void* subs) { (void)handle; (void)subs; return -ENOENT; }

/* ---- events: out goes nowhere, nothing comes in ---- */
EXPORT int snd_seq_poll_descriptors_count(void* handle, short events) { (void)handle; (void)events; return 1; }
EXPORT int snd_seq_poll_descriptors(void* handle, struct pollfd* pfds, unsigned int space, short events) {
    if (space < 1) return 0;
    pfds[0].fd = ((stub_seq*)handle)->fd;
    pfds[0].events = events;
    pfds[0].revents = 0;
    return 1;
}
EXPORT int snd_seq_event_input(void* handle, void** ev) { (void)handle; if (ev) *ev = NULL; return -EAGAIN; }
EXPORT int snd_seq_event_input_pending(void* handle, int fetch) { (void)handle; (void)fetch; return 0; }
EXPORT int snd_seq_drop_input(void* handle) { (void)handle; return 0; }
EXPORT int snd_seq_drop_output(void* handle) { (void)handle; return 0; }
EXPORT int snd_seq_event_output(void* handle, void* ev) { (void)handle; (void)ev; return 0; }
EXPORT int snd_seq_event_output_direct(void* handle, void* ev) { (void)handle; (void)ev; return 0; }
EXPORT int snd_seq_drain_output(void* handle) { (void)handle; return 0; }
EXPORT int snd_seq_free_event(void* ev) { (void)ev; return 0; }
EXPORT size_t snd_seq_remove_events_sizeof(void) { return sizeof(stub_blob); }
EXPORT void snd_seq_remove_events_set_channel(void* info, int channel) { (void)info; (void)channel; }
EXPORT void snd_seq_remove_events_set_condition(void* info, unsigned int flags) { (void)info; (void)flags; }
EXPORT void snd_seq_remove_events_set_queue(void* info, int queue) { (void)info; (void)queue; }
EXPORT void snd_seq_remove_events_set_tag(void* info, int tag) { (void)info; (void)tag; }
EXPORT void snd_seq_remove_events_set_time(void* info, const void* time) { (void)info; (void)time; }
EXPORT int snd_seq_remove_events(void* handle, void* info) { (void)handle; (void)info; return 0; }

/* ---- queues ---- */
enum { kStart = 30, kContinue = 31, kStop = 32, kSetPosTick = 33 };  /* SND_SEQ_EVENT_START, ... */
EXPORT int snd_seq_alloc_queue(void* handle) { return ((stub_seq*)handle)->next_queue++; }
EXPORT int snd_seq_free_queue(void* handle, int q) { (void)handle; (void)q; return 0; }
EXPORT size_t snd_seq_queue_timer_sizeof(void) { return sizeof(stub_blob); }
EXPORT void snd_seq_queue_timer_set_type(void* info, int type) { (void)info; (void)type; }
EXPORT void snd_seq_queue_timer_set_id(void* info, const void* id) { (void)info; (void)id; }
EXPORT int snd_seq_set_queue_timer(void* handle, int q, void* timer) { (void)handle; (void)q; (void)timer; return 0; }
EXPORT int snd_seq_control_queue(void* handle, int q, int type, int value, void* ev) {
    stub_seq* s = handle;
    (void)q; (void)ev;
    switch (type) {
        case kStart: s->tick_at_start = 0; s->started = now_seconds(); s->running = 1; break;
        case kContinue: if (!s->running) { s->started = now_seconds(); s->running = 1; } break;
        case kStop: s->tick_at_start = current_tick(s); s->running = 0; break;
        case kSetPosTick: s->tick_at_start = value; s->started = now_seconds(); break;
        default: break;
    }
    return 0;
}
EXPORT size_t snd_seq_queue_status_sizeof(void) { return sizeof(stub_queue_status); }
EXPORT unsigned int snd_seq_queue_status_get_tick_time(const void* info) { return ((const stub_queue_status*)info)->tick; }
EXPORT int snd_seq_get_queue_status(void* handle, int q, void* status) {
    (void)q;
    ((stub_queue_status*)status)->tick = (unsigned int)current_tick(handle);
    return 0;
}
EXPORT size_t snd_seq_queue_tempo_sizeof(void) { return sizeof(stub_queue_tempo); }
EXPORT unsigned int snd_seq_queue_tempo_get_skew(const void* info) { return ((const stub_queue_tempo*)info)->skew; }
EXPORT unsigned int snd_seq_queue_tempo_get_skew_base(const void* info) { return ((const stub_queue_tempo*)info)->skew_base; }
EXPORT void snd_seq_queue_tempo_set_ppq(void* info, int ppq) { ((stub_queue_tempo*)info)->ppq = (unsigned int)ppq; }
EXPORT void snd_seq_queue_tempo_set_skew(void* info, unsigned int skew) { ((stub_queue_tempo*)info)->skew = skew; }
EXPORT void snd_seq_queue_tempo_set_tempo(void* info, unsigned int tempo) { ((stub_queue_tempo*)info)->tempo_us = tempo; }
EXPORT int snd_seq_get_queue_tempo(void* handle, int q, void* tempo) {
    const stub_seq* s = handle;
    stub_queue_tempo* t = tempo;
    (void)q;
    t->tempo_us = s->tempo_us;
    t->ppq = s->ppq;
    t->skew = s->skew;
    t->skew_base = s->skew_base;
    return 0;
}
EXPORT int snd_seq_set_queue_tempo(void* handle, int q, void* tempo) {
    stub_seq* s = handle;
    const stub_queue_tempo* t = tempo;
    (void)q;
    s->tick_at_start = current_tick(s);  /* the new tempo applies from now */
    s->started = now_seconds();
    if (t->tempo_us) s->tempo_us = t->tempo_us;
    if (t->ppq) s->ppq = t->ppq;
    if (t->skew) s->skew = t->skew;
    if (t->skew_base) s->skew_base = t->skew_base;
    return 0;
}
