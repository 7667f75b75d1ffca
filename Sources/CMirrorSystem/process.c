/* Process hardening: prctl is C-variadic, which Swift cannot call. */
#include "warnings.h"

#include "CMirrorSystem.h"

#ifdef __linux__
#include <sys/prctl.h>
int mirrorsystem_set_process_dumpable(int on) { return prctl(PR_SET_DUMPABLE, on, 0, 0, 0); }
int mirrorsystem_process_dumpable(void) { return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0); }
#else
int mirrorsystem_set_process_dumpable(int on) {
    (void)on;
    return 0;
}
int mirrorsystem_process_dumpable(void) { return 1; }
#endif
