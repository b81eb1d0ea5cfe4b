/// Counting code points in valid UTF-8: the one counter behind every byte → code point conversion in
/// SpanCoder's hot paths (segment offsets, match offsets, document lengths).
public enum UTF8CodePoints {
    /// `count(_:from:to:)` over a whole buffer.
    @inlinable
    public static func count(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        count(bytes, from: 0, to: bytes.count)
    }

    /// Code points that start in `bytes[from..<to]`. The last partial word is read as a whole word and
    /// masked when the buffer extends far enough, so a short stretch costs no byte loop (and no
    /// mispredicted branch per byte).
    @inlinable
    public static func count(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard let base = bytes.baseAddress, to > from else { return 0 }
        var i = from
        var continuation = 0
        while i + 8 <= to {
            continuation += continuationBytes(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            i += 8
        }
        let rest = to - i
        if rest > 0 {
            if i + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                continuation += continuationBytes(word & (UInt64.max >> UInt64(64 - 8 * rest)))
            } else {
                while i < to {
                    if base[i] & 0xC0 == 0x80 { continuation += 1 }
                    i += 1
                }
            }
        }
        return to - from - continuation
    }

    /// Continuation bytes among the eight bytes of `word` (any bytes): bit 7 set and bit 6 clear.
    @inlinable @inline(__always)
    public static func continuationBytes(_ word: UInt64) -> Int {
        ASCIILanes.count(continuationFlags(word))
    }

    /// Bit 7 of each lane of `word` that holds a continuation byte (bit 7 set, bit 6 clear).
    @inlinable @inline(__always)
    public static func continuationFlags(_ word: UInt64) -> UInt64 {
        word & ~(word << 1) & ASCIILanes.highs
    }

    /// Bit i set when byte i of `word` (little-endian) starts a code point: the lanes that are not
    /// continuation bytes, gathered into one byte by one multiply.
    @inlinable @inline(__always)
    public static func startBits(_ word: UInt64) -> UInt64 {
        ~(((continuationFlags(word) >> 7) &* 0x0102_0408_1020_4080) >> 56) & 0xFF
    }
}
