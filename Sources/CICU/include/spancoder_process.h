#ifndef SPANCODER_PROCESS_H
#define SPANCODER_PROCESS_H

// Process-wide settings Swift cannot reach: glibc's <malloc.h> is not in Swift's Glibc module.

#ifdef __cplusplus
extern "C" {
#endif

// Serve allocations below mmap_threshold bytes (glibc caps it at 32 MiB) from the heap, keep up to
// trim_threshold bytes of free heap, and grow the heap with top_pad bytes of slack, instead of
// returning memory to the kernel and faulting it in again. Returns how many of the three settings the
// C library took (3 with glibc, 0 elsewhere).
int sc_malloc_keep_memory(long mmap_threshold, long trim_threshold, long top_pad);

#ifdef __cplusplus
}
#endif

#endif
