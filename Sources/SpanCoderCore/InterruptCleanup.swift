import CInterruptCleanup

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Temporary outputs that an interrupted run removes before it dies.
///
/// `AtomicFileWriter` and folder outputs build their result under a hidden temporary name and rename it
/// into place when complete; Ctrl-C (SIGINT), SIGTERM or SIGHUP in between would leave
/// `.out.jsonl.tmp-XXXXXX` or a folder `.html.tmp-XXXXXX/` of thousands of files that no later run
/// removes. Temporaries made here are registered with a signal handler (C target `CInterruptCleanup`,
/// async-signal-safe: a fixed table of paths, no allocation) that removes them, then lets the signal
/// end the process with its default action: the shell reports status 128 + signal (130 for Ctrl-C, 143
/// for SIGTERM) and a parent process sees the signal, as without the handler. Signals that were ignored
/// or handled by someone else when the first temporary is made are left so.
///
/// Only temporaries are registered: `spancoder tag`'s `FILE.partial` and `FILE.journal` are what
/// `--resume` continues from, and stay.
public enum InterruptCleanup {
    /// Whether a handled signal arrived: the handler is removing the temporaries and the process is about
    /// to end. A writer that creates files inside a registered folder calls this first and waits for the
    /// end instead, so that the folder it would write into stays empty.
    public static var isInterrupted: Bool { sc_cleanup_interrupted() != 0 }

    /// A line for standard error when Ctrl-C, SIGTERM or SIGHUP ends the run (written by the handler,
    /// after it removed the temporaries); nil withdraws it. `tag -o FILE` says how to go on with `--resume`.
    public static func setInterruptMessage(_ message: String?) {
        sc_interrupt_set_message(message ?? "")
    }

    /// Swaps two existing paths in one step (Linux `renameat2` with `RENAME_EXCHANGE`), so that no moment
    /// has neither in place. False where the system or file system cannot (then `errno` says why).
    public static func exchange(_ a: String, _ b: String) -> Bool {
        sc_exchange_paths(a, b) == 0
    }

    /// A registration; `release()` it once the temporary was renamed into place or removed.
    public struct Registration: Sendable {
        fileprivate let slot: Int32

        /// Forgets the path: a signal no longer removes it.
        public func release() { sc_cleanup_release(slot) }
    }

    /// Creates a file from `template` (a path ending in `XXXXXX`), as `mkstemp`, registered before any
    /// signal can see it.
    /// - Returns: the open descriptor, the file's path and its registration; nil with `errno` set when
    ///   the file cannot be created.
    public static func makeTemporaryFile(template: String) -> (descriptor: Int32, path: String, registration: Registration)? {
        var bytes = Array(template.utf8CString)
        var slot: Int32 = -1
        let fd = bytes.withUnsafeMutableBufferPointer { sc_cleanup_mkstemp($0.baseAddress!, &slot) }
        guard fd >= 0 else { return nil }
        return (fd, bytes.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }, Registration(slot: slot))
    }

    /// Creates a folder from `template`, as `mkdtemp`, registered before any signal can see it. A
    /// signal removes the plain files in it and the folder.
    /// - Returns: the folder's path and its registration; nil with `errno` set when it cannot be created.
    public static func makeTemporaryFolder(template: String) -> (path: String, registration: Registration)? {
        var bytes = Array(template.utf8CString)
        var slot: Int32 = -1
        let result = bytes.withUnsafeMutableBufferPointer { sc_cleanup_mkdtemp($0.baseAddress!, &slot) }
        guard result == 0 else { return nil }
        return (bytes.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }, Registration(slot: slot))
    }

    /// Registers an existing path (a file, or a folder of plain files) for removal on a signal.
    public static func register(path: String, isFolder: Bool) -> Registration {
        Registration(slot: sc_cleanup_register(path, isFolder ? 1 : 0))
    }

    /// Whether `path` is registered.
    public static func isRegistered(_ path: String) -> Bool { sc_cleanup_is_registered(path) != 0 }

    /// Removes the registered paths under `prefix` the way the signal handler does, and returns how
    /// many there were (they stay registered until released). For tests.
    @discardableResult
    public static func removeRegistered(under prefix: String) -> Int { Int(sc_cleanup_remove_under(prefix)) }
}
