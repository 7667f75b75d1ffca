/* ------------------------------------------------------------------------------------------------
 * A ref database for one fetch's negotiation.
 *
 * To tell the server what it already has, libgit2 1.5.1's fetch (smart_protocol.c,
 * git_smart__negotiate_fetch) walks every ref of the repository (the glob "refs/" + "*") and inserts each into a
 * date-ordered linked list one at a time: quadratic in the number of refs, 0.2 s of a mirror with
 * 6,000 refs, to produce at most 256 "have" lines of which the first few matter. This backend is
 * the repository's own file-system backend with every call forwarded, except that iterating
 * every ref (only the negotiation does that) yields just the refs named when it was installed. It is
 * installed on a second handle of the repository opened for one fetch only; refs the fetch writes
 * go through the forwarded calls to the same files.
 *
 * The forwarding relies on refdb_fs.c's iterators of libgit2 1.5 (see gs_forward_iterator), so it
 * is compiled in only against libgit2 1.5 headers (gate.h); elsewhere it refuses with GIT_EINVALID.
 * --------------------------------------------------------------------------------------------- */
#include "warnings.h"

#include "CGitSupport.h"
#include "gate.h"

#include <git2.h>
#include <git2/sys/refdb_backend.h>
#include <git2/sys/repository.h>
#include <stdlib.h>
#include <string.h>

#if GITSUPPORT_INTERNALS

typedef struct {
    git_refdb_backend parent;
    git_refdb_backend *inner; /* owned by innerdb */
    git_refdb *innerdb;       /* the file-system backend in a ref database of its own (see below) */
    char **haves;
    size_t count;
} gitsupport_negotiation_backend;

/* Any other iteration is the file-system backend's, wrapped: its iterators find their backend
 * through the iterator's ref database (refdb_fs.c: iter->parent.db->backend), which libgit2 sets
 * to the database the caller used, i.e. ours; the wrapped iterator points at innerdb instead. */
typedef struct {
    git_reference_iterator parent;
    git_reference_iterator *inner;
} gitsupport_forward_iterator;

static int gs_fi_next(git_reference **out, git_reference_iterator *it) {
    git_reference_iterator *inner = ((gitsupport_forward_iterator *)it)->inner;
    return inner->next(out, inner);
}
static int gs_fi_next_name(const char **out, git_reference_iterator *it) {
    git_reference_iterator *inner = ((gitsupport_forward_iterator *)it)->inner;
    return inner->next_name(out, inner);
}
static void gs_fi_free(git_reference_iterator *it) {
    git_reference_iterator *inner = ((gitsupport_forward_iterator *)it)->inner;
    inner->free(inner);
    free(it);
}

typedef struct {
    git_reference_iterator parent;
    gitsupport_negotiation_backend *backend;
    size_t next;
} gitsupport_negotiation_iterator;

#define GS_INNER(b) (((gitsupport_negotiation_backend *)(b))->inner)

static int gs_nb_exists(int *exists, git_refdb_backend *b, const char *name) {
    return GS_INNER(b)->exists(exists, GS_INNER(b), name);
}
static int gs_nb_lookup(git_reference **out, git_refdb_backend *b, const char *name) {
    return GS_INNER(b)->lookup(out, GS_INNER(b), name);
}
static int gs_nb_write(git_refdb_backend *b, const git_reference *ref, int force, const git_signature *who,
                                     const char *message, const git_oid *old, const char *old_target) {
    return GS_INNER(b)->write(GS_INNER(b), ref, force, who, message, old, old_target);
}
static int gs_nb_rename(git_reference **out, git_refdb_backend *b, const char *old_name, const char *new_name,
                                      int force, const git_signature *who, const char *message) {
    return GS_INNER(b)->rename(out, GS_INNER(b), old_name, new_name, force, who, message);
}
static int gs_nb_del(git_refdb_backend *b, const char *name, const git_oid *old_id, const char *old_target) {
    return GS_INNER(b)->del(GS_INNER(b), name, old_id, old_target);
}
static int gs_nb_compress(git_refdb_backend *b) { return GS_INNER(b)->compress(GS_INNER(b)); }
static int gs_nb_has_log(git_refdb_backend *b, const char *name) {
    return GS_INNER(b)->has_log(GS_INNER(b), name);
}
static int gs_nb_ensure_log(git_refdb_backend *b, const char *name) {
    return GS_INNER(b)->ensure_log(GS_INNER(b), name);
}
static int gs_nb_reflog_read(git_reflog **out, git_refdb_backend *b, const char *name) {
    return GS_INNER(b)->reflog_read(out, GS_INNER(b), name);
}
static int gs_nb_reflog_write(git_refdb_backend *b, git_reflog *reflog) {
    return GS_INNER(b)->reflog_write(GS_INNER(b), reflog);
}
static int gs_nb_reflog_rename(git_refdb_backend *b, const char *old_name, const char *new_name) {
    return GS_INNER(b)->reflog_rename(GS_INNER(b), old_name, new_name);
}
static int gs_nb_reflog_delete(git_refdb_backend *b, const char *name) {
    return GS_INNER(b)->reflog_delete(GS_INNER(b), name);
}
static int gs_nb_lock(void **payload, git_refdb_backend *b, const char *name) {
    return GS_INNER(b)->lock(payload, GS_INNER(b), name);
}
static int gs_nb_unlock(git_refdb_backend *b, void *payload, int success, int update_reflog,
                                      const git_reference *ref, const git_signature *sig, const char *message) {
    return GS_INNER(b)->unlock(GS_INNER(b), payload, success, update_reflog, ref, sig, message);
}

/* The next named ref that exists, or GIT_ITEROVER. */
static const char *gs_ni_advance(gitsupport_negotiation_iterator *iter) {
    gitsupport_negotiation_backend *b = iter->backend;
    while (iter->next < b->count) {
        const char *name = b->haves[iter->next++];
        int exists = 0;
        if (b->inner->exists(&exists, b->inner, name) == 0 && exists) return name;
    }
    return NULL;
}
static int gs_ni_next(git_reference **out, git_reference_iterator *it) {
    gitsupport_negotiation_iterator *iter = (gitsupport_negotiation_iterator *)it;
    const char *name = gs_ni_advance(iter);
    if (!name) return GIT_ITEROVER;
    return iter->backend->inner->lookup(out, iter->backend->inner, name);
}
static int gs_ni_next_name(const char **out, git_reference_iterator *it) {
    const char *name = gs_ni_advance((gitsupport_negotiation_iterator *)it);
    if (!name) return GIT_ITEROVER;
    *out = name;
    return 0;
}
static void gs_ni_free(git_reference_iterator *it) { free(it); }

static int gs_nb_iterator(git_reference_iterator **out, git_refdb_backend *b, const char *glob) {
    gitsupport_negotiation_backend *backend = (gitsupport_negotiation_backend *)b;
    if (glob == NULL || strcmp(glob, "refs/*") != 0) {
        gitsupport_forward_iterator *forward = (gitsupport_forward_iterator *)calloc(1, sizeof *forward);
        if (!forward) return -1;
        int error = backend->inner->iterator(&forward->inner, backend->inner, glob);
        if (error < 0) {
            free(forward);
            return error;
        }
        forward->inner->db = backend->innerdb; /* alive as long as this backend, which outlives the iterator */
        forward->parent.next = gs_fi_next;
        forward->parent.next_name = gs_fi_next_name;
        forward->parent.free = gs_fi_free;
        *out = &forward->parent;
        return 0;
    }
    gitsupport_negotiation_iterator *iter = (gitsupport_negotiation_iterator *)calloc(1, sizeof *iter);
    if (!iter) return -1;
    iter->parent.next = gs_ni_next;
    iter->parent.next_name = gs_ni_next_name;
    iter->parent.free = gs_ni_free;
    iter->backend = backend;
    *out = &iter->parent;
    return 0;
}

static void gs_nb_free(git_refdb_backend *b) {
    gitsupport_negotiation_backend *backend = (gitsupport_negotiation_backend *)b;
    if (backend->innerdb) git_refdb_free(backend->innerdb); /* frees inner */
    else if (backend->inner) backend->inner->free(backend->inner);
    for (size_t i = 0; i < backend->count; i++) free(backend->haves[i]);
    free(backend->haves);
    free(backend);
}

int gitsupport_use_negotiation_refs(git_repository *repo, const char *const *haves, size_t count) {
    gitsupport_negotiation_backend *backend = (gitsupport_negotiation_backend *)calloc(1, sizeof *backend);
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
        gs_nb_free(&backend->parent);
        return error;
    }
    backend->parent.exists = gs_nb_exists;
    backend->parent.lookup = gs_nb_lookup;
    backend->parent.iterator = gs_nb_iterator;
    backend->parent.write = gs_nb_write;
    backend->parent.rename = gs_nb_rename;
    backend->parent.del = gs_nb_del;
    backend->parent.compress = gs_nb_compress;
    backend->parent.has_log = gs_nb_has_log;
    backend->parent.ensure_log = gs_nb_ensure_log;
    backend->parent.free = gs_nb_free;
    backend->parent.reflog_read = gs_nb_reflog_read;
    backend->parent.reflog_write = gs_nb_reflog_write;
    backend->parent.reflog_rename = gs_nb_reflog_rename;
    backend->parent.reflog_delete = gs_nb_reflog_delete;
    backend->parent.lock = gs_nb_lock;
    backend->parent.unlock = gs_nb_unlock;

    git_refdb *refdb = NULL;
    if ((error = git_refdb_new(&refdb, repo)) < 0) {
        gs_nb_free(&backend->parent);
        return error;
    }
    if ((error = git_refdb_set_backend(refdb, &backend->parent)) < 0) {
        gs_nb_free(&backend->parent);
        git_refdb_free(refdb);
        return error;
    }
    error = git_repository_set_refdb(repo, refdb); /* the repository takes its own reference */
    git_refdb_free(refdb);
    return error;
}

#else

int gitsupport_use_negotiation_refs(git_repository *repo, const char *const *haves, size_t count) {
    (void)repo;
    (void)haves;
    (void)count;
    git_error_set_str(GIT_ERROR_INVALID, "the negotiation ref database was written for libgit2 1.5's refdb_fs");
    return GIT_EINVALID;
}

#endif
