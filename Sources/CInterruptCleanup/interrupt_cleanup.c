#define _GNU_SOURCE
#include "spancoder_interrupt_cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

enum { SLOT_FREE = 0, SLOT_CLAIMED = 1, SLOT_FILE = 2, SLOT_FOLDER = 3 };

typedef struct {
    _Atomic uint32_t state;
    // Odd while the path is being written: the handler copies a path only between two equal, even
    // readings of it.
    _Atomic uint32_t sequence;
    char path[PATH_MAX];
} cleanup_slot;

static cleanup_slot slots[SC_CLEANUP_SLOTS];
static const int handled_signals[] = {SIGINT, SIGTERM, SIGHUP};
static pthread_once_t install_once = PTHREAD_ONCE_INIT;

static void remove_folder(const char *path) {
#if defined(__linux__) && defined(SYS_getdents64)
    // Writers may still add files while the handler runs on another thread: list and unlink until
    // the folder is empty (or a few rounds have passed).
    for (int round = 0; round < 8; round++) {
        int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) return;
        char buffer[8192] __attribute__((aligned(8)));
        for (;;) {
            long count = syscall(SYS_getdents64, fd, buffer, sizeof buffer);
            if (count <= 0) break;
            for (long offset = 0; offset < count;) {
                // struct linux_dirent64: u64 inode, s64 offset, u16 record length, u8 type, name.
                unsigned short length;
                memcpy(&length, buffer + offset + 16, sizeof length);
                const char *name = buffer + offset + 19;
                if (!(name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0)))) unlinkat(fd, name, 0);
                offset += length;
            }
        }
        close(fd);
        if (rmdir(path) == 0 || errno == ENOENT || errno == ENOTDIR) return;
    }
#else
    rmdir(path);
#endif
}

enum { READ_SKIP = 0, READ_COPIED = 1, READ_BUSY = -1 };

/// Copies slot `i`'s path into `out` when the slot holds a stable registration of `kind`: READ_COPIED;
/// READ_SKIP when it is free or of the other kind; READ_BUSY while another thread is registering it
/// (claimed, or its path being written or rewritten under the sequence count).
static int read_slot_once(int i, uint32_t kind, char *out) {
    uint32_t before = atomic_load_explicit(&slots[i].sequence, memory_order_acquire);
    uint32_t state = atomic_load_explicit(&slots[i].state, memory_order_acquire);
    if (state == SLOT_FREE) return READ_SKIP;
    if ((before & 1) || state == SLOT_CLAIMED) return READ_BUSY;
    if (state != kind) return READ_SKIP;
    memcpy(out, slots[i].path, PATH_MAX);
    atomic_thread_fence(memory_order_acquire);
    if (atomic_load_explicit(&slots[i].sequence, memory_order_relaxed) != before) return READ_BUSY;
    out[PATH_MAX - 1] = 0;
    return READ_COPIED;
}

/// `read_slot_once`, waiting out a registration in progress on another thread: the signal is delivered
/// to any thread, and mkstemp's blocking of signals on the creating thread steers it to another one,
/// which may find the new slot half-written. The wait is bounded (about 2 ms), because a registration
/// this very thread was interrupted in (sc_cleanup_register outside mkstemp/mkdtemp) never completes.
static int read_slot(int i, uint32_t kind, char *out) {
    for (int attempt = 0; attempt < 200; attempt++) {
        int result = read_slot_once(i, kind, out);
        if (result != READ_BUSY) return result == READ_COPIED;
        struct timespec pause = {0, 10000};
        nanosleep(&pause, NULL);
    }
    return 0;
}

/// Removes the registered paths that start with `prefix` (all with NULL); returns how many.
static int remove_registered(const char *prefix) {
    char path[PATH_MAX];
    size_t prefix_length = prefix ? strlen(prefix) : 0;
    int count = 0;
    // Files first (some live inside the folders), then folders.
    for (uint32_t kind = SLOT_FILE; kind <= SLOT_FOLDER; kind++) {
        for (int i = 0; i < SC_CLEANUP_SLOTS; i++) {
            if (!read_slot(i, kind, path) || (prefix && strncmp(path, prefix, prefix_length) != 0)) continue;
            if (kind == SLOT_FILE) unlink(path); else remove_folder(path);
            count++;
        }
    }
    return count;
}

// Set when the handler starts: writers of folder outputs stop creating files (`sc_cleanup_interrupted`),
// so that the folder the handler empties stays empty.
static _Atomic int interrupted = 0;

int32_t sc_cleanup_interrupted(void) {
    return atomic_load_explicit(&interrupted, memory_order_acquire);
}

// Threads between creating a temporary and registering it (with the handled signals blocked, so the
// handler runs on another thread meanwhile): the handler waits for them, else it could miss a file
// that exists but is not in the table yet.
static _Atomic int creating = 0;

// A line for standard error when a handled signal ends the run (`sc_interrupt_set_message`): written with
// one write(2), which is async-signal-safe; the length is published after the bytes.
static char interrupt_message[2048];
static _Atomic size_t interrupt_message_length = 0;

static void handle_signal(int signal_number) {
    int saved = errno;
    atomic_store_explicit(&interrupted, 1, memory_order_seq_cst);
    for (int attempt = 0; attempt < 200 && atomic_load_explicit(&creating, memory_order_seq_cst) > 0; attempt++) {
        struct timespec pause = {0, 1000000};
        nanosleep(&pause, NULL);
    }
    remove_registered(NULL);
    size_t message_length = atomic_load_explicit(&interrupt_message_length, memory_order_acquire);
    if (message_length > 0) {
        ssize_t ignored = write(STDERR_FILENO, interrupt_message, message_length);
        (void)ignored;
    }
    // Die of the signal as without the handler: the shell shows 128 + signal and the parent learns
    // that the run was interrupted. The signal is blocked while the handler runs, so it is delivered
    // with the default action as the handler returns.
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(signal_number, &action, NULL);
    raise(signal_number);
    errno = saved;
}

static void install_handlers(void) {
    for (size_t k = 0; k < sizeof handled_signals / sizeof handled_signals[0]; k++) {
        struct sigaction old;
        if (sigaction(handled_signals[k], NULL, &old) != 0) continue;
        // Ignored (nohup, a background job of a script) or handled by someone else: leave it so.
        if ((old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL) continue;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = handle_signal;
        sigemptyset(&action.sa_mask);
        for (size_t m = 0; m < sizeof handled_signals / sizeof handled_signals[0]; m++) sigaddset(&action.sa_mask, handled_signals[m]);
        sigaction(handled_signals[k], &action, NULL);
    }
}

void sc_interrupt_set_message(const char *message) {
    size_t length = strlen(message);
    if (length >= sizeof interrupt_message) length = sizeof interrupt_message - 1;
    // Withdrawn while it is rewritten, so that a signal meanwhile writes nothing rather than a mix.
    atomic_store_explicit(&interrupt_message_length, 0, memory_order_release);
    memcpy(interrupt_message, message, length);
    atomic_store_explicit(&interrupt_message_length, length, memory_order_release);
    if (length > 0) pthread_once(&install_once, install_handlers);
}

int32_t sc_cleanup_register(const char *path, int32_t is_folder) {
    size_t length = strlen(path);
    if (length == 0 || length >= PATH_MAX) return -1;
    pthread_once(&install_once, install_handlers);
    for (int i = 0; i < SC_CLEANUP_SLOTS; i++) {
        uint32_t expected = SLOT_FREE;
        if (!atomic_compare_exchange_strong(&slots[i].state, &expected, SLOT_CLAIMED)) continue;
        atomic_fetch_add_explicit(&slots[i].sequence, 1, memory_order_acq_rel);  // odd: writing
        memcpy(slots[i].path, path, length + 1);
        atomic_fetch_add_explicit(&slots[i].sequence, 1, memory_order_release);  // even: stable
        atomic_store_explicit(&slots[i].state, is_folder ? SLOT_FOLDER : SLOT_FILE, memory_order_release);
        return i;
    }
    return -1;
}

void sc_cleanup_release(int32_t slot) {
    if (slot < 0 || slot >= SC_CLEANUP_SLOTS) return;
    atomic_store_explicit(&slots[slot].state, SLOT_FREE, memory_order_release);
}

int32_t sc_cleanup_is_registered(const char *path) {
    char registered[PATH_MAX];
    for (int i = 0; i < SC_CLEANUP_SLOTS; i++) {
        if ((read_slot(i, SLOT_FILE, registered) || read_slot(i, SLOT_FOLDER, registered)) && strcmp(registered, path) == 0) return 1;
    }
    return 0;
}

int32_t sc_cleanup_remove_under(const char *prefix) {
    return remove_registered(prefix);
}

/// Blocks the handled signals on this thread, for the span between creating a temporary and
/// registering it.
static void block_signals(sigset_t *previous) {
    sigset_t blocked;
    sigemptyset(&blocked);
    for (size_t k = 0; k < sizeof handled_signals / sizeof handled_signals[0]; k++) sigaddset(&blocked, handled_signals[k]);
    pthread_sigmask(SIG_BLOCK, &blocked, previous);
}

int sc_cleanup_mkstemp(char *template_path, int32_t *slot) {
    *slot = -1;
    pthread_once(&install_once, install_handlers);
    sigset_t previous;
    block_signals(&previous);
    atomic_fetch_add_explicit(&creating, 1, memory_order_seq_cst);
    int fd = mkstemp(template_path);
    int saved = errno;
    if (fd >= 0) *slot = sc_cleanup_register(template_path, 0);
    atomic_fetch_sub_explicit(&creating, 1, memory_order_seq_cst);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    errno = saved;
    return fd;
}

int sc_cleanup_mkdtemp(char *template_path, int32_t *slot) {
    *slot = -1;
    pthread_once(&install_once, install_handlers);
    sigset_t previous;
    block_signals(&previous);
    atomic_fetch_add_explicit(&creating, 1, memory_order_seq_cst);
    char *made = mkdtemp(template_path);
    int saved = errno;
    if (made) *slot = sc_cleanup_register(template_path, 1);
    atomic_fetch_sub_explicit(&creating, 1, memory_order_seq_cst);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    errno = saved;
    return made ? 0 : -1;
}

int32_t sc_exchange_paths(const char *a, const char *b) {
#if defined(__linux__) && defined(SYS_renameat2)
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
    return (int32_t)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}
