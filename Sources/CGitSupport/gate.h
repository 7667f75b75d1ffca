#ifndef RELEASE_MIRROR_CGITSUPPORT_GATE_H
#define RELEASE_MIRROR_CGITSUPPORT_GATE_H

/* The libgit2 release whose internals negotiation_refdb.c and timeout_stream.c were written for
 * (refdb_fs.c's iterators, git_socket_stream's layout as ssh.c reads it). Any patch release of it. */
#include <git2/version.h>

/* The range the package builds against (SwiftPM cannot ask pkg-config for a version; so does
 * scripts/ensure-deps.sh): 1.5.1 up to, not including, 2.0. */
#if LIBGIT2_VER_MAJOR != 1 || LIBGIT2_VER_MINOR < 5 || (LIBGIT2_VER_MINOR == 5 && LIBGIT2_VER_REVISION < 1)
#error "release-mirror needs libgit2 >= 1.5.1 and < 2.0 (Debian bookworm: libgit2-dev); found " LIBGIT2_VERSION
#endif

#define GITSUPPORT_INTERNALS_MAJOR 1
#define GITSUPPORT_INTERNALS_MINOR 5

#if defined(GITSUPPORT_INTERNALS_OFF) /* compiles the other-version fallbacks on 1.5: -DGITSUPPORT_INTERNALS_OFF */
#define GITSUPPORT_INTERNALS 0
#elif LIBGIT2_VER_MAJOR == GITSUPPORT_INTERNALS_MAJOR && LIBGIT2_VER_MINOR == GITSUPPORT_INTERNALS_MINOR
#define GITSUPPORT_INTERNALS 1
#else
#define GITSUPPORT_INTERNALS 0
#endif

#endif
