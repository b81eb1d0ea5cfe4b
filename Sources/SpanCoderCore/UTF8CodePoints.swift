/// Counting code points in valid UTF-8: the one counter behind every byte → code point conversion in
/// SpanCoder's hot paths (segment offsets, match offsets, document lengths).
public enum UTF8CodePoints {
    /// Code points that start in `bytes[from..<to]`: the bytes that are not continuation bytes
    /// (10xxxxxx), eight at a time.
    ///
    /// - Complexity: O(to − from), about one multiply per eight bytes.
    @inlinable
    public static func count(_ bytes: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var i = from
        var continuation = 0
        while i + 8 <= to {
            continuation += continuationBytes(UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self))
            i += 8
        }
        while i < to {
            if bytes[i] & 0xC0 == 0x80 { continuation += 1 }
            i += 1
        }
        return to - from - continuation
    }

    /// `count(_:from:to:)` over a whole buffer.
    @inlinable
    public static func count(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        return count(base, from: 0, to: bytes.count)
    }

    /// Continuation bytes among the eight bytes of `word`. The flags (bit 7 set, bit 6 clear) are
    /// summed with one multiply: Swift's default x86-64 target has no POPCNT instruction, and its
    /// emulated `nonzeroBitCount` costs a dozen operations.
    @inlinable @inline(__always)
    public static func continuationBytes(_ word: UInt64) -> Int {
        let flags = (word & ~(word << 1) & 0x8080_8080_8080_8080) >> 7
        return Int(truncatingIfNeeded: (flags &* 0x0101_0101_0101_0101) >> 56)
    }
}
