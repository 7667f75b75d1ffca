#ifndef RELEASE_MIRROR_CGITSUPPORT_WARNINGS_H
#define RELEASE_MIRROR_CGITSUPPORT_WARNINGS_H

/* Warnings are errors in this target: -Wall -Wextra as errors, from here to the end of each .c
 * file that includes this first. A pragma rather than `.unsafeFlags(["-Werror", ...])` in
 * Package.swift, which SwiftPM refuses in a package used as a dependency (ReleaseMirror is a
 * library product). Only clang compiles package C targets. */
#pragma clang diagnostic error "-Wall"
#pragma clang diagnostic error "-Wextra"

#endif
