import CICU

/// Process-wide allocator settings for tagging large corpora.
public enum AllocatorTuning {
    /// Keeps glibc's malloc from handing large freed buffers back to the kernel.
    ///
    /// A tagging run allocates and frees buffers of 100 KB to a few MB per document and per chunk
    /// (output lines, document text, normalized text, offset maps). By default glibc serves those above
    /// its mmap threshold (128 KB, raised as such blocks are freed) with fresh mappings and trims the
    /// heap top beyond twice that, so the next chunk faults the same amount of memory in again and the
    /// kernel zeroes it. Serving them from the heap and keeping up to 256 MB of free heap made `tag`
    /// faster in a same-run A/B (see Benchmarks/HISTORY.md), with the same peak RSS. A no-op on other C
    /// libraries. Call it once, before the work starts: it changes the whole process.
    /// - Returns: whether the C library took all three settings.
    @discardableResult
    public static func favourThroughput() -> Bool {
        sc_malloc_keep_memory(32 << 20, 256 << 20, 16 << 20) == 3
    }
}
