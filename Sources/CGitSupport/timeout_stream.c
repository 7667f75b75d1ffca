/* ------------------------------------------------------------------------------------------------
 * A socket stream with timeouts (libgit2 1.5 has none: a stalled server hangs a fetch forever).
 *
 * Registered with git_stream_register(GIT_STREAM_STANDARD, ...) from Swift (Sources/Git,
 * Libgit2.setNetworkTimeout). libgit2's socket-stream factory consults that registry, and its
 * TLS (mbedTLS) stream wraps whatever socket stream it gets, so http://, https:// and git:// all
 * go through the functions below. Everything here is stateless (no static variables): each
 * stream carries its own settings.
 *
 * The stream copies the head of libgit2 1.5's private git_socket_stream (see below), so it is
 * compiled in only against libgit2 1.5 headers (gate.h); elsewhere gitsupport_timeout_stream_new
 * refuses with GIT_EINVALID and the caller keeps libgit2's own stream.
 *
 * Rule: a connection is cut when, within `timeout_ms` of time spent *waiting* on the socket
 * (poll) in one direction, fewer than `min_bytes` were transferred (a change of direction, i.e.
 * the peer's turn to talk, starts a new window). That bounds a stall (nothing at all) and a
 * trickle (a few bytes now and then) alike; time libgit2 spends computing between reads does
 * not count. Connecting is bounded by `timeout_ms` too.
 * ---------------------------------------------------------------------------------------------- */

#include "warnings.h"

#include "CGitSupport.h"
#include "gate.h"

#include <git2.h>
#include <git2/sys/stream.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#if GITSUPPORT_INTERNALS

/** A stream with the layout of libgit2's own git_socket_stream first (parent, host, port, fd):
 *  libgit2 1.5's SSH transport reads the file descriptor at that offset and hands it to libssh2. */
typedef struct {
    git_stream parent;
    char *host;
    char *port;
    int s;
    /* ours */
    int timeout_ms;
    long long min_bytes;
    long long window_wait_ms;
    long long window_bytes;
    short window_events; /* POLLIN or POLLOUT: a change of direction starts a new window */
    gitsupport_timeout_reporter report;
} gitsupport_timeout_stream;

static long long gs_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void gs_tstream_timed_out(gitsupport_timeout_stream *st, const char *what) {
    char message[512];
    const char *host = st->host ? st->host : "?", *port = st->port ? st->port : "?";
    int seconds = st->timeout_ms / 1000;
    if (strcmp(what, "connect") == 0) {
        snprintf(message, sizeof message, "network timeout: could not connect to %s:%s within %d s", host, port, seconds);
    } else if (st->window_bytes == 0) {
        snprintf(message, sizeof message, "network timeout: %s %s:%s stalled (nothing for %lld ms); connection cut",
                 what, host, port, st->window_wait_ms);
    } else {
        snprintf(message, sizeof message,
                 "network timeout: %s %s:%s too slow (%lld byte(s) in %lld ms; at least %lld per %d s required); "
                 "connection cut",
                 what, host, port, st->window_bytes, st->window_wait_ms, st->min_bytes, seconds);
    }
    git_error_set_str(GIT_ERROR_NET, message);
    if (st->report) st->report(message);
}

/* After a transfer of n bytes: close the window when its waiting time is used up. */
static int gs_tstream_account(gitsupport_timeout_stream *st, long long n, const char *what) {
    st->window_bytes += n;
    if (st->window_wait_ms < st->timeout_ms) return 0;
    if (st->window_bytes < st->min_bytes) {
        gs_tstream_timed_out(st, what);
        return -1;
    }
    st->window_wait_ms = 0;
    st->window_bytes = 0;
    return 0;
}

/* Waits until the socket is ready for `events`; -1 (error set) when nothing at all came for
   `timeout_ms` (a stall), or when the window ran out with fewer than `min_bytes` moved (a trickle). */
static int gs_tstream_wait(gitsupport_timeout_stream *st, short events, const char *what) {
    if (st->window_events != events) {
        /* the other side's turn now (e.g. a request was sent, the response is awaited) */
        st->window_events = events;
        st->window_wait_ms = 0;
        st->window_bytes = 0;
    }
    long long idle_ms = 0;
    for (;;) {
        long long remaining = st->timeout_ms - st->window_wait_ms;
        if (remaining > st->timeout_ms - idle_ms) remaining = st->timeout_ms - idle_ms;
        if (remaining < 0) remaining = 0;
        struct pollfd fd;
        fd.fd = st->s;
        fd.events = events;
        fd.revents = 0;
        long long started = gs_now_ms();
        int rc = poll(&fd, 1, (int)remaining);
        long long waited = gs_now_ms() - started;
        st->window_wait_ms += waited;
        idle_ms += waited;
        if (rc > 0) return 0; /* ready, or an error/hang-up that recv/send will report */
        if (rc < 0) {
            if (errno == EINTR) continue;
            git_error_set_str(GIT_ERROR_OS, "poll() on the connection failed");
            return -1;
        }
        if (idle_ms >= st->timeout_ms) {
            st->window_bytes = 0; /* report a stall as a stall */
            st->window_wait_ms = idle_ms;
            gs_tstream_timed_out(st, what);
            return -1;
        }
        if (st->window_wait_ms < st->timeout_ms) continue;
        if (st->window_bytes >= st->min_bytes) {
            st->window_wait_ms = 0;
            st->window_bytes = 0;
            continue;
        }
        gs_tstream_timed_out(st, what);
        return -1;
    }
}

static int gs_tstream_connect(git_stream *stream) {
    gitsupport_timeout_stream *st = (gitsupport_timeout_stream *)stream;
    struct addrinfo hints, *info = NULL, *p;
    char message[512];
    int last_errno = 0, timed_out = 0;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_family = AF_UNSPEC;
    int rc = getaddrinfo(st->host, st->port, &hints, &info);
    if (rc != 0) {
        snprintf(message, sizeof message, "failed to resolve address for %s: %s", st->host, gai_strerror(rc));
        git_error_set_str(GIT_ERROR_NET, message);
        return -1;
    }
    for (p = info; p != NULL; p = p->ai_next) {
        int s = socket(p->ai_family, p->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, p->ai_protocol);
        if (s < 0) { last_errno = errno; continue; }
        rc = connect(s, p->ai_addr, p->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            struct pollfd fd;
            fd.fd = s;
            fd.events = POLLOUT;
            fd.revents = 0;
            do { rc = poll(&fd, 1, st->timeout_ms); } while (rc < 0 && errno == EINTR);
            if (rc == 0) {
                timed_out = 1;
                close(s);
                continue;
            }
            int soerr = 0;
            socklen_t len = sizeof soerr;
            if (rc < 0 || getsockopt(s, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0) soerr = errno;
            if (soerr != 0) { last_errno = soerr; close(s); continue; }
            rc = 0;
        } else if (rc != 0) {
            last_errno = errno;
            close(s);
            continue;
        }
        /* Connected. Back to blocking mode (libssh2 may use the descriptor directly); our own
           reads and writes poll first and pass MSG_DONTWAIT. */
        int flags = fcntl(s, F_GETFL, 0);
        if (flags >= 0) fcntl(s, F_SETFL, flags & ~O_NONBLOCK);
        st->s = s;
        freeaddrinfo(info);
        st->window_wait_ms = 0;
        st->window_bytes = 0;
        return 0;
    }
    freeaddrinfo(info);
    if (timed_out && last_errno == 0) {
        st->window_wait_ms = st->timeout_ms;
        st->window_bytes = 0;
        gs_tstream_timed_out(st, "connect");
    } else {
        snprintf(message, sizeof message, "failed to connect to %s:%s: %s", st->host, st->port,
                 strerror(last_errno ? last_errno : ECONNREFUSED));
        git_error_set_str(GIT_ERROR_NET, message);
    }
    return -1;
}

static ssize_t gs_tstream_read(git_stream *stream, void *data, size_t len) {
    gitsupport_timeout_stream *st = (gitsupport_timeout_stream *)stream;
    for (;;) {
        if (gs_tstream_wait(st, POLLIN, "reading from") < 0) return -1;
        ssize_t n = recv(st->s, data, len, MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
        if (n < 0) {
            char message[512];
            snprintf(message, sizeof message, "error receiving data from %s:%s: %s", st->host, st->port, strerror(errno));
            git_error_set_str(GIT_ERROR_NET, message);
            return -1;
        }
        if (gs_tstream_account(st, n, "reading from") < 0) return -1;
        return n;
    }
}

static ssize_t gs_tstream_write(git_stream *stream, const char *data, size_t len, int flags) {
    gitsupport_timeout_stream *st = (gitsupport_timeout_stream *)stream;
    (void)flags;
    for (;;) {
        if (gs_tstream_wait(st, POLLOUT, "writing to") < 0) return -1;
        ssize_t n = send(st->s, data, len, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
        if (n < 0) {
            char message[512];
            snprintf(message, sizeof message, "error sending data to %s:%s: %s", st->host, st->port, strerror(errno));
            git_error_set_str(GIT_ERROR_NET, message);
            return -1;
        }
        if (gs_tstream_account(st, n, "writing to") < 0) return -1;
        return n;
    }
}

static int gs_tstream_close(git_stream *stream) {
    gitsupport_timeout_stream *st = (gitsupport_timeout_stream *)stream;
    int rc = 0;
    if (st->s >= 0) rc = close(st->s);
    st->s = -1;
    return rc;
}

static void gs_tstream_free(git_stream *stream) {
    gitsupport_timeout_stream *st = (gitsupport_timeout_stream *)stream;
    if (st->s >= 0) close(st->s);
    free(st->host);
    free(st->port);
    free(st);
}

int gitsupport_timeout_stream_new(git_stream **out, const char *host, const char *port, int timeout_ms,
                                  long long min_bytes, gitsupport_timeout_reporter report) {
    if (!out || !host || !port || timeout_ms <= 0) {
        git_error_set_str(GIT_ERROR_INVALID, "invalid arguments for a timeout stream");
        return -1;
    }
    gitsupport_timeout_stream *st = (gitsupport_timeout_stream *)calloc(1, sizeof *st);
    if (!st) {
        git_error_set_oom();
        return -1;
    }
    st->host = strdup(host);
    st->port = strdup(port);
    if (!st->host || !st->port) {
        free(st->host);
        free(st->port);
        free(st);
        git_error_set_oom();
        return -1;
    }
    st->parent.version = GIT_STREAM_VERSION;
    st->parent.encrypted = 0;
    st->parent.proxy_support = 0;
    st->parent.connect = gs_tstream_connect;
    st->parent.certificate = NULL;
    st->parent.set_proxy = NULL;
    st->parent.read = gs_tstream_read;
    st->parent.write = gs_tstream_write;
    st->parent.close = gs_tstream_close;
    st->parent.free = gs_tstream_free;
    st->s = -1;
    st->timeout_ms = timeout_ms;
    st->min_bytes = min_bytes < 0 ? 0 : min_bytes;
    st->report = report;
    *out = (git_stream *)st;
    return 0;
}

#else

int gitsupport_timeout_stream_new(git_stream **out, const char *host, const char *port, int timeout_ms,
                                  long long min_bytes, gitsupport_timeout_reporter report) {
    (void)out;
    (void)host;
    (void)port;
    (void)timeout_ms;
    (void)min_bytes;
    (void)report;
    git_error_set_str(GIT_ERROR_INVALID, "the timeout stream was written for libgit2 1.5's socket stream layout");
    return GIT_EINVALID;
}

#endif

int gitsupport_register_socket_stream(int (*init)(git_stream **, const char *, const char *)) {
    if (!init) return git_stream_register(GIT_STREAM_STANDARD, NULL);
    git_stream_registration registration;
    memset(&registration, 0, sizeof registration);
    registration.version = GIT_STREAM_VERSION;
    registration.init = init;
    registration.wrap = NULL;
    return git_stream_register(GIT_STREAM_STANDARD, &registration);
}

