/// The character classes the matcher's edge rules and word windows use, on normalized UTF-8.
///
/// A *word character* is a letter of the Latin, Greek or Cyrillic scripts, an ASCII digit, or a
/// combining mark (which belongs to the letter before it). Han characters, kana, punctuation and
/// white space are not word characters: an edge check looks only at whether a Latin-script word goes
/// on, so "AI" matches in "AI芯片" but not in "said" or "AIM". Full-width letters and digits are
/// already ASCII after normalization.
public enum WordCharacters {
    /// Whether code point `value` is a word character for the edge rules.
    @inlinable
    public static func isWord(_ value: UInt32) -> Bool {
        if value < 0x80 { return isASCIIWord(UInt8(truncatingIfNeeded: value)) }
        return isNonASCIIWord(value)
    }

    /// Whether ASCII byte `byte` is a letter or digit.
    @inlinable
    public static func isASCIIWord(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 26
    }

    @usableFromInline
    static func isNonASCIIWord(_ value: UInt32) -> Bool {
        switch value {
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F:
            return true  // combining marks
        case 0x00AA, 0x00BA, 0x00C0...0x00D6, 0x00D8...0x00F6, 0x00F8...0x024F, 0x0250...0x02AF,
             0x1D00...0x1DBF, 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF, 0xAB30...0xAB6F:
            return isLetter(value)  // Latin
        case 0x0370...0x03FF, 0x1F00...0x1FFF:
            return isLetter(value)  // Greek
        case 0x0400...0x052F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F:
            return isLetter(value)  // Cyrillic
        default:
            return false
        }
    }

    private static func isLetter(_ value: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(value) else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark
    }

    /// Whether `value` counts as a word of its own in word windows (a Han character or other CJK
    /// ideograph, kana, Hangul syllable).
    @inlinable
    public static func isSingleCharacterWord(_ value: UInt32) -> Bool {
        switch value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF,
             0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }

    /// The code point that ends just before byte `index` of valid UTF-8 `bytes`, or nil at the start.
    @inlinable
    public static func scalar(before index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard index > 0 else { return nil }
        var start = index - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return decode(bytes, at: start).value
    }

    /// The code point that starts at byte `index` of valid UTF-8 `bytes`, or nil at the end.
    @inlinable
    public static func scalar(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard index < bytes.count else { return nil }
        return decode(bytes, at: index).value
    }

    /// Decodes the code point at `index` (a lead byte) and its length in bytes.
    @inlinable
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
        let b0 = UInt32(bytes[index])
        if b0 < 0x80 { return (b0, 1) }
        let count = bytes.count
        if b0 < 0xE0 {
            guard index + 1 < count else { return (0xFFFD, 1) }
            return ((b0 & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2)
        }
        if b0 < 0xF0 {
            guard index + 2 < count else { return (0xFFFD, 1) }
            return ((b0 & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        }
        if index + 3 < count {
            return ((b0 & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                | UInt32(bytes[index + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }
}
