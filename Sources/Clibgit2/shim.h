#ifndef RELEASE_MIRROR_CLIBGIT2_SHIM_H
#define RELEASE_MIRROR_CLIBGIT2_SHIM_H

#include <git2.h>

/* git_libgit2_opts is C-variadic, which Swift cannot call: one fixed-arity wrapper per option used. */

static inline int clibgit2_set_ssl_cert_locations(const char *file, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, path);
}

static inline int clibgit2_set_owner_validation(int on) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, on);
}

static inline int clibgit2_enable_strict_object_creation(int on) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, on);
}

static inline int clibgit2_enable_fsync_gitdir(int on) {
    return git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, on);
}

/* glibc's mallopt(M_ARENA_MAX, n) (malloc.h is not part of Swift's Glibc module); 0 elsewhere. */
#if defined(__GLIBC__)
#include <malloc.h>
static inline int clibgit2_limit_malloc_arenas(int n) { return mallopt(M_ARENA_MAX, n); }
#else
static inline int clibgit2_limit_malloc_arenas(int n) { (void)n; return 0; }
#endif

static inline int clibgit2_enable_strict_hash_verification(int on) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, on);
}

static inline int clibgit2_set_cache_max_size(ssize_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, bytes);
}

static inline int clibgit2_enable_caching(int on) {
    return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, on);
}

/* ------------------------------------------------------------------------------------------------
 * A ref database for one fetch's negotiation.
 *
 * To tell the server what it already has, libgit2 1.5.1's fetch (smart_protocol.c,
 * git_smart__negotiate_fetch) walks every ref of the repository ("refs/*") and inserts each into a
 * date-ordered linked list one at a time: quadratic in the number of refs, 0.2 s of a mirror with
 * 6,000 refs, to produce at most 256 "have" lines of which the first few matter. This backend is
 * the repository's own file-system backend with every call forwarded, except that iterating
 * "refs/*" (only the negotiation does that) yields just the refs named when it was installed. It is
 * installed on a second handle of the repository opened for one fetch only; refs the fetch writes
 * go through the forwarded calls to the same files.
 * --------------------------------------------------------------------------------------------- */
#include <git2/sys/refdb_backend.h>
#include <git2/sys/repository.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    git_refdb_backend parent;
    git_refdb_backend *inner; /* owned by innerdb */
    git_refdb *innerdb;       /* the file-system backend in a ref database of its own (see below) */
    char **haves;
    size_t count;
} clibgit2_negotiation_backend;

/* Any other iteration is the file-system backend's, wrapped: its iterators find their backend
 * through the iterator's ref database (refdb_fs.c: iter->parent.db->backend), which libgit2 sets
 * to the database the caller used, i.e. ours; the wrapped iterator points at innerdb instead. */
typedef struct {
    git_reference_iterator parent;
    git_reference_iterator *inner;
} clibgit2_forward_iterator;

static inline int clibgit2__fi_next(git_reference **out, git_reference_iterator *it) {
    git_reference_iterator *inner = ((clibgit2_forward_iterator *)it)->inner;
    return inner->next(out, inner);
}
static inline int clibgit2__fi_next_name(const char **out, git_reference_iterator *it) {
    git_reference_iterator *inner = ((clibgit2_forward_iterator *)it)->inner;
    return inner->next_name(out, inner);
}
static inline void clibgit2__fi_free(git_reference_iterator *it) {
    git_reference_iterator *inner = ((clibgit2_forward_iterator *)it)->inner;
    inner->free(inner);
    free(it);
}

typedef struct {
    git_reference_iterator parent;
    clibgit2_negotiation_backend *backend;
    size_t next;
} clibgit2_negotiation_iterator;

#define CLIBGIT2_INNER(b) (((clibgit2_negotiation_backend *)(b))->inner)

static inline int clibgit2__nb_exists(int *exists, git_refdb_backend *b, const char *name) {
    return CLIBGIT2_INNER(b)->exists(exists, CLIBGIT2_INNER(b), name);
}
static inline int clibgit2__nb_lookup(git_reference **out, git_refdb_backend *b, const char *name) {
    return CLIBGIT2_INNER(b)->lookup(out, CLIBGIT2_INNER(b), name);
}
static inline int clibgit2__nb_write(git_refdb_backend *b, const git_reference *ref, int force, const git_signature *who,
                                     const char *message, const git_oid *old, const char *old_target) {
    return CLIBGIT2_INNER(b)->write(CLIBGIT2_INNER(b), ref, force, who, message, old, old_target);
}
static inline int clibgit2__nb_rename(git_reference **out, git_refdb_backend *b, const char *old_name, const char *new_name,
                                      int force, const git_signature *who, const char *message) {
    return CLIBGIT2_INNER(b)->rename(out, CLIBGIT2_INNER(b), old_name, new_name, force, who, message);
}
static inline int clibgit2__nb_del(git_refdb_backend *b, const char *name, const git_oid *old_id, const char *old_target) {
    return CLIBGIT2_INNER(b)->del(CLIBGIT2_INNER(b), name, old_id, old_target);
}
static inline int clibgit2__nb_compress(git_refdb_backend *b) { return CLIBGIT2_INNER(b)->compress(CLIBGIT2_INNER(b)); }
static inline int clibgit2__nb_has_log(git_refdb_backend *b, const char *name) {
    return CLIBGIT2_INNER(b)->has_log(CLIBGIT2_INNER(b), name);
}
static inline int clibgit2__nb_ensure_log(git_refdb_backend *b, const char *name) {
    return CLIBGIT2_INNER(b)->ensure_log(CLIBGIT2_INNER(b), name);
}
static inline int clibgit2__nb_reflog_read(git_reflog **out, git_refdb_backend *b, const char *name) {
    return CLIBGIT2_INNER(b)->reflog_read(out, CLIBGIT2_INNER(b), name);
}
static inline int clibgit2__nb_reflog_write(git_refdb_backend *b, git_reflog *reflog) {
    return CLIBGIT2_INNER(b)->reflog_write(CLIBGIT2_INNER(b), reflog);
}
static inline int clibgit2__nb_reflog_rename(git_refdb_backend *b, const char *old_name, const char *new_name) {
    return CLIBGIT2_INNER(b)->reflog_rename(CLIBGIT2_INNER(b), old_name, new_name);
}
static inline int clibgit2__nb_reflog_delete(git_refdb_backend *b, const char *name) {
    return CLIBGIT2_INNER(b)->reflog_delete(CLIBGIT2_INNER(b), name);
}
static inline int clibgit2__nb_lock(void **payload, git_refdb_backend *b, const char *name) {
    return CLIBGIT2_INNER(b)->lock(payload, CLIBGIT2_INNER(b), name);
}
static inline int clibgit2__nb_unlock(git_refdb_backend *b, void *payload, int success, int update_reflog,
                                      const git_reference *ref, const git_signature *sig, const char *message) {
    return CLIBGIT2_INNER(b)->unlock(CLIBGIT2_INNER(b), payload, success, update_reflog, ref, sig, message);
}

/* The next named ref that exists, or GIT_ITEROVER. */
static inline const char *clibgit2__ni_advance(clibgit2_negotiation_iterator *iter) {
    clibgit2_negotiation_backend *b = iter->backend;
    while (iter->next < b->count) {
        const char *name = b->haves[iter->next++];
        int exists = 0;
        if (b->inner->exists(&exists, b->inner, name) == 0 && exists) return name;
    }
    return NULL;
}
static inline int clibgit2__ni_next(git_reference **out, git_reference_iterator *it) {
    clibgit2_negotiation_iterator *iter = (clibgit2_negotiation_iterator *)it;
    const char *name = clibgit2__ni_advance(iter);
    if (!name) return GIT_ITEROVER;
    return iter->backend->inner->lookup(out, iter->backend->inner, name);
}
static inline int clibgit2__ni_next_name(const char **out, git_reference_iterator *it) {
    const char *name = clibgit2__ni_advance((clibgit2_negotiation_iterator *)it);
    if (!name) return GIT_ITEROVER;
    *out = name;
    return 0;
}
static inline void clibgit2__ni_free(git_reference_iterator *it) { free(it); }

static inline int clibgit2__nb_iterator(git_reference_iterator **out, git_refdb_backend *b, const char *glob) {
    clibgit2_negotiation_backend *backend = (clibgit2_negotiation_backend *)b;
    if (glob == NULL || strcmp(glob, "refs/*") != 0) {
        clibgit2_forward_iterator *forward = (clibgit2_forward_iterator *)calloc(1, sizeof *forward);
        if (!forward) return -1;
        int error = backend->inner->iterator(&forward->inner, backend->inner, glob);
        if (error < 0) {
            free(forward);
            return error;
        }
        forward->inner->db = backend->innerdb; /* alive as long as this backend, which outlives the iterator */
        forward->parent.next = clibgit2__fi_next;
        forward->parent.next_name = clibgit2__fi_next_name;
        forward->parent.free = clibgit2__fi_free;
        *out = &forward->parent;
        return 0;
    }
    clibgit2_negotiation_iterator *iter = (clibgit2_negotiation_iterator *)calloc(1, sizeof *iter);
    if (!iter) return -1;
    iter->parent.next = clibgit2__ni_next;
    iter->parent.next_name = clibgit2__ni_next_name;
    iter->parent.free = clibgit2__ni_free;
    iter->backend = backend;
    *out = &iter->parent;
    return 0;
}

static inline void clibgit2__nb_free(git_refdb_backend *b) {
    clibgit2_negotiation_backend *backend = (clibgit2_negotiation_backend *)b;
    if (backend->innerdb) git_refdb_free(backend->innerdb); /* frees inner */
    else if (backend->inner) backend->inner->free(backend->inner);
    for (size_t i = 0; i < backend->count; i++) free(backend->haves[i]);
    free(backend->haves);
    free(backend);
}

/* Installs the backend on `repo` (a handle used for nothing but one fetch). `haves` are full ref
 * names; those that do not exist are skipped. Returns 0 or a libgit2 error code. */
static inline int clibgit2_use_negotiation_refs(git_repository *repo, const char *const *haves, size_t count) {
    clibgit2_negotiation_backend *backend = (clibgit2_negotiation_backend *)calloc(1, sizeof *backend);
    if (!backend) return -1;
    int error = git_refdb_init_backend(&backend->parent, GIT_REFDB_BACKEND_VERSION);
    if (error == 0) error = git_refdb_backend_fs(&backend->inner, repo);
    if (error == 0) error = git_refdb_new(&backend->innerdb, repo);
    if (error == 0) {
        error = git_refdb_set_backend(backend->innerdb, backend->inner); /* on success innerdb owns inner */
        if (error < 0) {
            git_refdb_free(backend->innerdb);
            backend->innerdb = NULL;
        }
    }
    if (error == 0) {
        backend->haves = (char **)calloc(count ? count : 1, sizeof(char *));
        if (!backend->haves) error = -1;
        for (size_t i = 0; error == 0 && i < count; i++) {
            backend->haves[i] = strdup(haves[i]);
            if (!backend->haves[i]) error = -1;
            else backend->count = i + 1;
        }
    }
    if (error < 0) {
        clibgit2__nb_free(&backend->parent);
        return error;
    }
    backend->parent.exists = clibgit2__nb_exists;
    backend->parent.lookup = clibgit2__nb_lookup;
    backend->parent.iterator = clibgit2__nb_iterator;
    backend->parent.write = clibgit2__nb_write;
    backend->parent.rename = clibgit2__nb_rename;
    backend->parent.del = clibgit2__nb_del;
    backend->parent.compress = clibgit2__nb_compress;
    backend->parent.has_log = clibgit2__nb_has_log;
    backend->parent.ensure_log = clibgit2__nb_ensure_log;
    backend->parent.free = clibgit2__nb_free;
    backend->parent.reflog_read = clibgit2__nb_reflog_read;
    backend->parent.reflog_write = clibgit2__nb_reflog_write;
    backend->parent.reflog_rename = clibgit2__nb_reflog_rename;
    backend->parent.reflog_delete = clibgit2__nb_reflog_delete;
    backend->parent.lock = clibgit2__nb_lock;
    backend->parent.unlock = clibgit2__nb_unlock;

    git_refdb *refdb = NULL;
    if ((error = git_refdb_new(&refdb, repo)) < 0) {
        clibgit2__nb_free(&backend->parent);
        return error;
    }
    if ((error = git_refdb_set_backend(refdb, &backend->parent)) < 0) {
        clibgit2__nb_free(&backend->parent);
        git_refdb_free(refdb);
        return error;
    }
    error = git_repository_set_refdb(repo, refdb); /* the repository takes its own reference */
    git_refdb_free(refdb);
    return error;
}

/* ------------------------------------------------------------------------------------------------
 * A socket stream with timeouts (libgit2 1.5 has none: a stalled server hangs a fetch forever).
 *
 * Registered with git_stream_register(GIT_STREAM_STANDARD, ...) from Swift (Sources/Git,
 * Libgit2.setNetworkTimeout). libgit2's socket-stream factory consults that registry, and its
 * TLS (mbedTLS) stream wraps whatever socket stream it gets, so http://, https:// and git:// all
 * go through the functions below. Everything here is stateless (no static variables): each
 * stream carries its own settings, so the copies of these static inline functions that Swift
 * emits per object file cannot disagree.
 *
 * Rule: a connection is cut when, within `timeout_ms` of time spent *waiting* on the socket
 * (poll) in one direction, fewer than `min_bytes` were transferred (a change of direction, i.e.
 * the peer's turn to talk, starts a new window). That bounds a stall (nothing at all) and a
 * trickle (a few bytes now and then) alike; time libgit2 spends computing between reads does
 * not count. Connecting is bounded by `timeout_ms` too.
 * ---------------------------------------------------------------------------------------------- */

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

/** Called once when a connection is cut for a timeout, with the message also set as libgit2's error
 *  (libgit2's TLS layer replaces that error with its own, so the caller keeps this one). */
typedef void (*clibgit2_timeout_reporter)(const char *message);

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
    clibgit2_timeout_reporter report;
} clibgit2_timeout_stream;

static inline long long clibgit2__now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline void clibgit2__tstream_timed_out(clibgit2_timeout_stream *st, const char *what) {
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
static inline int clibgit2__tstream_account(clibgit2_timeout_stream *st, long long n, const char *what) {
    st->window_bytes += n;
    if (st->window_wait_ms < st->timeout_ms) return 0;
    if (st->window_bytes < st->min_bytes) {
        clibgit2__tstream_timed_out(st, what);
        return -1;
    }
    st->window_wait_ms = 0;
    st->window_bytes = 0;
    return 0;
}

/* Waits until the socket is ready for `events`; -1 (error set) when nothing at all came for
   `timeout_ms` (a stall), or when the window ran out with fewer than `min_bytes` moved (a trickle). */
static inline int clibgit2__tstream_wait(clibgit2_timeout_stream *st, short events, const char *what) {
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
        long long started = clibgit2__now_ms();
        int rc = poll(&fd, 1, (int)remaining);
        long long waited = clibgit2__now_ms() - started;
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
            clibgit2__tstream_timed_out(st, what);
            return -1;
        }
        if (st->window_wait_ms < st->timeout_ms) continue;
        if (st->window_bytes >= st->min_bytes) {
            st->window_wait_ms = 0;
            st->window_bytes = 0;
            continue;
        }
        clibgit2__tstream_timed_out(st, what);
        return -1;
    }
}

static inline int clibgit2__tstream_connect(git_stream *stream) {
    clibgit2_timeout_stream *st = (clibgit2_timeout_stream *)stream;
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
        clibgit2__tstream_timed_out(st, "connect");
    } else {
        snprintf(message, sizeof message, "failed to connect to %s:%s: %s", st->host, st->port,
                 strerror(last_errno ? last_errno : ECONNREFUSED));
        git_error_set_str(GIT_ERROR_NET, message);
    }
    return -1;
}

static inline ssize_t clibgit2__tstream_read(git_stream *stream, void *data, size_t len) {
    clibgit2_timeout_stream *st = (clibgit2_timeout_stream *)stream;
    for (;;) {
        if (clibgit2__tstream_wait(st, POLLIN, "reading from") < 0) return -1;
        ssize_t n = recv(st->s, data, len, MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
        if (n < 0) {
            char message[512];
            snprintf(message, sizeof message, "error receiving data from %s:%s: %s", st->host, st->port, strerror(errno));
            git_error_set_str(GIT_ERROR_NET, message);
            return -1;
        }
        if (clibgit2__tstream_account(st, n, "reading from") < 0) return -1;
        return n;
    }
}

static inline ssize_t clibgit2__tstream_write(git_stream *stream, const char *data, size_t len, int flags) {
    clibgit2_timeout_stream *st = (clibgit2_timeout_stream *)stream;
    (void)flags;
    for (;;) {
        if (clibgit2__tstream_wait(st, POLLOUT, "writing to") < 0) return -1;
        ssize_t n = send(st->s, data, len, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
        if (n < 0) {
            char message[512];
            snprintf(message, sizeof message, "error sending data to %s:%s: %s", st->host, st->port, strerror(errno));
            git_error_set_str(GIT_ERROR_NET, message);
            return -1;
        }
        if (clibgit2__tstream_account(st, n, "writing to") < 0) return -1;
        return n;
    }
}

static inline int clibgit2__tstream_close(git_stream *stream) {
    clibgit2_timeout_stream *st = (clibgit2_timeout_stream *)stream;
    int rc = 0;
    if (st->s >= 0) rc = close(st->s);
    st->s = -1;
    return rc;
}

static inline void clibgit2__tstream_free(git_stream *stream) {
    clibgit2_timeout_stream *st = (clibgit2_timeout_stream *)stream;
    if (st->s >= 0) close(st->s);
    free(st->host);
    free(st->port);
    free(st);
}

/** Creates a timeout stream to host:port (not yet connected), for a registration's `init`.
 *  timeout_ms must be > 0; min_bytes is the least a connection must move per timeout window. */
static inline int clibgit2_timeout_stream_new(git_stream **out, const char *host, const char *port, int timeout_ms,
                                              long long min_bytes, clibgit2_timeout_reporter report) {
    if (!out || !host || !port || timeout_ms <= 0) {
        git_error_set_str(GIT_ERROR_INVALID, "invalid arguments for a timeout stream");
        return -1;
    }
    clibgit2_timeout_stream *st = (clibgit2_timeout_stream *)calloc(1, sizeof *st);
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
    st->parent.connect = clibgit2__tstream_connect;
    st->parent.certificate = NULL;
    st->parent.set_proxy = NULL;
    st->parent.read = clibgit2__tstream_read;
    st->parent.write = clibgit2__tstream_write;
    st->parent.close = clibgit2__tstream_close;
    st->parent.free = clibgit2__tstream_free;
    st->s = -1;
    st->timeout_ms = timeout_ms;
    st->min_bytes = min_bytes < 0 ? 0 : min_bytes;
    st->report = report;
    *out = (git_stream *)st;
    return 0;
}

/** Registers `init` as libgit2's standard (socket) stream factory, or restores libgit2's own with NULL. */
static inline int clibgit2_register_socket_stream(int (*init)(git_stream **, const char *, const char *)) {
    if (!init) return git_stream_register(GIT_STREAM_STANDARD, NULL);
    git_stream_registration registration;
    memset(&registration, 0, sizeof registration);
    registration.version = GIT_STREAM_VERSION;
    registration.init = init;
    registration.wrap = NULL;
    return git_stream_register(GIT_STREAM_STANDARD, &registration);
}

/* ------------------------------------------------------------------------------------------------
 * Process hardening (prctl is C-variadic too). Not libgit2, but this is the package's one C shim.
 * ---------------------------------------------------------------------------------------------- */
#ifdef __linux__
#include <sys/prctl.h>
/** PR_SET_DUMPABLE: 0 makes /proc/<pid>/environ, mem, maps… unreadable to other processes of the
 *  same (non-root) user and refuses their ptrace; children that exec are dumpable again. */
static inline int clibgit2_set_process_dumpable(int on) { return prctl(PR_SET_DUMPABLE, on, 0, 0, 0); }
static inline int clibgit2_process_dumpable(void) { return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0); }
#else
static inline int clibgit2_set_process_dumpable(int on) { (void)on; return 0; }
static inline int clibgit2_process_dumpable(void) { return 1; }
#endif

#endif
