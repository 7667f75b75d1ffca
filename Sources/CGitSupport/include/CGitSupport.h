#ifndef RELEASE_MIRROR_CGITSUPPORT_H
#define RELEASE_MIRROR_CGITSUPPORT_H

/* The package's C next to libgit2: what Swift cannot call directly (C-variadic functions), and the
 * two pieces that plug into libgit2 1.5's internals (a ref database for fetch negotiation, a socket
 * stream with timeouts). libgit2's types appear here only as incomplete structs: Swift sees them
 * as OpaquePointer, exactly as it sees them through `Clibgit2` (git2.h). */

#include <stddef.h>
#include <sys/types.h>

struct git_repository;
struct git_stream;

/* ---- libgit2 version (version.c) --------------------------------------------------------------
 * The libgit2 release these sources were compiled against (LIBGIT2_VER_*), and whether that is the
 * one the internals below were written for (1.5). gitsupport_internals_compiled() is 0 on any
 * other version: the negotiation backend and the timeout stream then refuse to be installed
 * (GIT_ENOTSUPPORTED) instead of guessing another release's private layout. */
void gitsupport_compiled_version(int *major, int *minor, int *revision);
int gitsupport_internals_compiled(void);
/* Whether the internals fit a libgit2 of the given (run-time) version. */
int gitsupport_internals_fit(int major, int minor);

/* ---- git_libgit2_opts, one fixed-arity wrapper per option used (options.c) ------------------- */
int gitsupport_set_ssl_cert_locations(const char *file, const char *path);
int gitsupport_set_owner_validation(int on);
int gitsupport_enable_strict_object_creation(int on);
int gitsupport_enable_fsync_gitdir(int on);
int gitsupport_enable_strict_hash_verification(int on);
int gitsupport_set_cache_max_size(ssize_t bytes);
int gitsupport_enable_caching(int on);
/* glibc's mallopt(M_ARENA_MAX, n) (malloc.h is not part of Swift's Glibc module); 0 elsewhere. */
int gitsupport_limit_malloc_arenas(int n);

/* ---- A ref database for one fetch's negotiation (negotiation_refdb.c) -------------------------
 * Installs, on `repo` (a handle used for nothing but one fetch), the repository's file-system
 * backend with every call forwarded, except that iterating every ref yields only `haves` (full ref
 * names; those that do not exist are skipped). Returns 0 or a libgit2 error code. */
int gitsupport_use_negotiation_refs(struct git_repository *repo, const char *const *haves, size_t count);

/* ---- A socket stream with timeouts (timeout_stream.c) ----------------------------------------- */
/** Called once when a connection is cut for a timeout, with the message also set as libgit2's error
 *  (libgit2's TLS layer replaces that error with its own, so the caller keeps this one). */
typedef void (*gitsupport_timeout_reporter)(const char *message);

/** Creates a timeout stream to host:port (not yet connected), for a registration's `init`.
 *  timeout_ms must be > 0; min_bytes is the least a connection must move per timeout window. */
int gitsupport_timeout_stream_new(struct git_stream **out, const char *host, const char *port, int timeout_ms,
                                  long long min_bytes, gitsupport_timeout_reporter report);

/** Registers `init` as libgit2's standard (socket) stream factory, or restores libgit2's own with NULL. */
int gitsupport_register_socket_stream(int (*init)(struct git_stream **, const char *, const char *));

#endif
