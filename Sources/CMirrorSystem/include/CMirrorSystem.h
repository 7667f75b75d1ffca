#ifndef RELEASE_MIRROR_CMIRRORSYSTEM_H
#define RELEASE_MIRROR_CMIRRORSYSTEM_H

/* The C beside the MirrorSystem module (no libgit2 here): what Swift cannot call directly. */

/* ---- Process hardening (process.c): prctl is C-variadic ---------------------------------------
 * PR_SET_DUMPABLE: 0 makes /proc/<pid>/environ, mem, maps… unreadable to other processes of the
 * same (non-root) user and refuses their ptrace; children that exec are dumpable again. */
int mirrorsystem_set_process_dumpable(int on);
int mirrorsystem_process_dumpable(void);

#endif
