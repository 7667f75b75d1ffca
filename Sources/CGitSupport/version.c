#include "warnings.h"

#include "CGitSupport.h"
#include "gate.h"

void gitsupport_compiled_version(int *major, int *minor, int *revision) {
    if (major) *major = LIBGIT2_VER_MAJOR;
    if (minor) *minor = LIBGIT2_VER_MINOR;
    if (revision) *revision = LIBGIT2_VER_REVISION;
}

int gitsupport_internals_compiled(void) { return GITSUPPORT_INTERNALS; }

int gitsupport_internals_fit(int major, int minor) {
    return GITSUPPORT_INTERNALS && major == GITSUPPORT_INTERNALS_MAJOR && minor == GITSUPPORT_INTERNALS_MINOR;
}
