#ifndef RELEASE_MIRROR_CMIRRORSYSTEM_WARNINGS_H
#define RELEASE_MIRROR_CMIRRORSYSTEM_WARNINGS_H

/* Warnings are errors in this target, as in CGitSupport (see its warnings.h for why a pragma). */
#pragma clang diagnostic error "-Wall"
#pragma clang diagnostic error "-Wextra"

#endif
