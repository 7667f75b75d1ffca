/* git_libgit2_opts is C-variadic, which Swift cannot call: one fixed-arity wrapper per option used. */
#include "warnings.h"

#include "CGitSupport.h"

#include <git2.h>

int gitsupport_set_ssl_cert_locations(const char *file, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, path);
}

int gitsupport_set_owner_validation(int on) { return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, on); }

int gitsupport_enable_strict_object_creation(int on) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, on);
}

int gitsupport_enable_fsync_gitdir(int on) { return git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, on); }

int gitsupport_enable_strict_hash_verification(int on) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, on);
}

int gitsupport_set_cache_max_size(ssize_t bytes) { return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, bytes); }

int gitsupport_enable_caching(int on) { return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, on); }

#if defined(__GLIBC__)
#include <malloc.h>
int gitsupport_limit_malloc_arenas(int n) { return mallopt(M_ARENA_MAX, n); }
#else
int gitsupport_limit_malloc_arenas(int n) {
    (void)n;
    return 0;
}
#endif
