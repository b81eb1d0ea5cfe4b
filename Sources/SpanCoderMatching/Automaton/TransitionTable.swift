#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A DFA transition table in memory of its own: aligned to 2 MiB and, on Linux, marked for transparent
/// huge pages.
///
/// Why: a scan's speed is the latency of one table load per byte. A table of several MiB spans
/// thousands of 4 KiB pages, more than the TLB holds, so a scan in a pipeline that touches other memory
/// between documents pays page walks on top of cache misses; with 2 MiB pages the whole table needs a
/// handful of TLB entries. Immutable once built, so it can be shared between threads.
final class TransitionTable: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt32>
    let count: Int

    /// Copies `values`.
    init(_ values: [UInt32]) {
        count = values.count
        let bytes = max(values.count, 1) * MemoryLayout<UInt32>.stride
        let hugePage = 2 << 20
        let huge = bytes >= hugePage
        let size = huge ? (bytes + hugePage - 1) / hugePage * hugePage : bytes
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, huge ? hugePage : 64, size) == 0, let memory = raw else {
            fatalError("out of memory for a DFA table of \(size) bytes")
        }
        #if os(Linux)
        if huge { _ = madvise(memory, size, 14 /* MADV_HUGEPAGE */) }
        #endif
        base = memory.bindMemory(to: UInt32.self, capacity: max(values.count, 1))
        values.withUnsafeBufferPointer { source in
            if let from = source.baseAddress { base.initialize(from: from, count: values.count) }
        }
    }

    deinit { free(UnsafeMutableRawPointer(base)) }
}
