#ifndef SPANCODER_INTERRUPT_CLEANUP_H
#define SPANCODER_INTERRUPT_CLEANUP_H

// Temporary outputs removed when the process is interrupted.
//
// An atomic write builds its output under a hidden temporary name (`.out.jsonl.tmp-XXXXXX`, a folder
// `.html.tmp-XXXXXX/`) and renames it into place when complete. Ctrl-C (SIGINT), SIGTERM or SIGHUP
// would leave that temporary behind. Writers register the path here; the first such signal removes
// every registered path and then lets the signal end the process as it would have (its default
// action, so the shell reports status 128 + signal and a parent sees the signal).
//
// The handler is async-signal-safe: paths live in a fixed table of C strings (no allocation), slots are
// read under a sequence count (a slot another thread is registering is waited for, up to about 2 ms),
// and removal uses only open, getdents64,
// unlinkat, rmdir, close and sigaction. A folder is emptied of plain files one level deep, which is what
// the writers put there. Signals that were ignored when the first path is registered (nohup, background
// jobs) stay ignored, and a handler someone else installed is left alone.

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Slots in the table: paths registered at once beyond this are not removed on a signal.
#define SC_CLEANUP_SLOTS 64

/// Creates a file from `template_path` (ending in XXXXXX, replaced in place) as mkstemp does, and
/// registers it, with SIGINT, SIGTERM and SIGHUP blocked in between so that no signal finds it
/// unregistered. Returns the descriptor, or -1 with errno set. `*slot` gets the registration (-1 when
/// the table is full or the path too long: the file is still made).
int sc_cleanup_mkstemp(char *template_path, int32_t *slot);

/// mkdtemp with registration, as sc_cleanup_mkstemp. Returns 0, or -1 with errno set.
int sc_cleanup_mkdtemp(char *template_path, int32_t *slot);

/// Registers a path to remove on a signal: a file, or (with `is_folder`) a folder of plain files.
/// Returns the slot, or -1 when the table is full or the path too long.
int32_t sc_cleanup_register(const char *path, int32_t is_folder);

/// A message for standard error when a handled signal ends the process (after the temporaries are
/// removed); "" withdraws it. Installs the handlers as registering a path does. At most 2047 bytes.
void sc_interrupt_set_message(const char *message);
/// Forgets a registration (after the temporary was renamed into place or removed). -1 is ignored.
void sc_cleanup_release(int32_t slot);

/// Whether `path` is registered (1) or not (0).
int32_t sc_cleanup_is_registered(const char *path);

/// Removes the registered paths that start with `prefix`, as the signal handler removes them all, and
/// returns how many there were; they stay registered until released. For tests, which run beside
/// other tests' writers in one process.
int32_t sc_cleanup_remove_under(const char *prefix);

/// 1 once a handled signal arrived (the handler is removing the registered paths), else 0. Writers that
/// create files inside a registered folder check it first and stop, so the folder stays empty.
int32_t sc_cleanup_interrupted(void);

/// Swaps two existing paths atomically (Linux renameat2 with RENAME_EXCHANGE): 0, or -1 with errno set
/// (ENOSYS or EINVAL where the system or file system cannot).
int32_t sc_exchange_paths(const char *a, const char *b);

#ifdef __cplusplus
}
#endif

#endif
