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

#endif
