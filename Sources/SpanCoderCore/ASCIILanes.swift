/// Tests on eight ASCII bytes at a time (SWAR): one `UInt64` holds eight lanes, and a test sets bit 7
/// of each lane that passes (the flags). The one place this arithmetic is written, with its proof,
/// for the normalizer's ASCII runs, word counting for rule windows and language detection.
///
/// Exactness: every byte must be below 0x80. Adding at most 0x80 to such a lane stays within the lane
/// (at most 0xFF), so no carry reaches the next lane, and bit 7 of the sum tells the comparison.
public enum ASCIILanes {
    public static let ones: UInt64 = 0x0101_0101_0101_0101
    public static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether all eight bytes are ASCII (the precondition of every other test here).
    @inlinable @inline(__always)
    public static func isASCII(_ word: UInt64) -> Bool { word & highs == 0 }

    /// Flags the lanes of `word` (all bytes < 0x80) whose byte lies in `low...high` (`high` < 0x80).
    @inlinable @inline(__always)
    public static func inRange(_ word: UInt64, _ low: UInt8, _ high: UInt8) -> UInt64 {
        // Bit 7 of b + (0x80 − low) is set when b ≥ low; of b + (0x7F − high) when b > high.
        (word &+ ones &* UInt64(0x80 - low)) & ~(word &+ ones &* UInt64(0x7F - high)) & highs
    }

    /// Flags the lanes of `word` (all bytes < 0x80) that hold a letter, either case.
    @inlinable @inline(__always)
    public static func letters(_ word: UInt64) -> UInt64 {
        inRange(word | ones &* 0x20, 0x61, 0x7A)  // setting bit 5 folds 'A'…'Z' onto 'a'…'z'
    }

    /// How many lanes `flags` (bit 7 per lane, nothing else) flags: one multiply, because Swift's
    /// default x86-64 target has no POPCNT and `nonzeroBitCount` is emulated.
    @inlinable @inline(__always)
    public static func count(_ flags: UInt64) -> Int {
        Int(truncatingIfNeeded: ((flags >> 7) &* ones) >> 56)
    }
}

extension SIMDMask where Storage == SIMD16<Int8> {
    /// Whether any of the sixteen lanes is set (`any(_:)` of the standard library): the mask's two
    /// halves tested as integers. The standard library reduces the lanes with an out-of-line `min()`,
    /// one call per sixteen-byte block in the normalizer's, the JSON writer's and the sentence and
    /// definition checks' loops.
    @inlinable @inline(__always)
    public var anyLane: Bool {
        let halves = unsafeBitCast(self, to: SIMD2<UInt64>.self)
        return halves[0] | halves[1] != 0
    }
}
