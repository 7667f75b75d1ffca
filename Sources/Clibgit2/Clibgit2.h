#ifndef RELEASE_MIRROR_CLIBGIT2_H
#define RELEASE_MIRROR_CLIBGIT2_H

/* libgit2's public API, as the system installs it (Debian: libgit2-dev). The package's own C
 * (variadic wrappers, the ref-database backend, the timed socket stream) is the CGitSupport target. */
#include <git2.h>

#endif
