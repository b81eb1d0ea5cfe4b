#include "spancoder_process.h"

#include <stdlib.h>  // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int sc_malloc_keep_memory(long mmap_threshold, long trim_threshold, long top_pad) {
#if defined(__GLIBC__)
    int taken = 0;
    taken += mallopt(M_MMAP_THRESHOLD, (int)mmap_threshold) == 1;
    taken += mallopt(M_TRIM_THRESHOLD, (int)trim_threshold) == 1;
    taken += mallopt(M_TOP_PAD, (int)top_pad) == 1;
    return taken;
#else
    (void)mmap_threshold;
    (void)trim_threshold;
    (void)top_pad;
    return 0;
#endif
}
