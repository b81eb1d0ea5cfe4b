/// Where UTF-8 validation stopped, and why.
public struct UTF8Problem: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// A byte that cannot start or continue a sequence here.
        case illegal
        /// The bytes from `offset` to the end of the input start a sequence that the input cuts off.
        case truncatedAtEnd
    }

    public var kind: Kind
    /// Byte offset of the first byte of the bad sequence.
    public var offset: Int
    /// Complete multi-byte sequences seen before `offset`: evidence that the input really is UTF-8.
    public var multiByteSequencesBefore: Int
}

/// UTF-8 validation for every reader of text: where the first problem is, and a fast yes or no.
public enum UTF8Validation {
    /// The first problem in `bytes` as UTF-8 (RFC 3629: no overlongs, no surrogates, nothing past
    /// U+10FFFF), or nil when the bytes are valid UTF-8.
    ///
    /// - Complexity: O(n), one byte loop; ASCII runs take a word at a time.
    public static func firstProblem(in bytes: UnsafeBufferPointer<UInt8>) -> UTF8Problem? {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        var i = 0
        var multiByte = 0
        while i < count {
            // ASCII fast path, eight bytes at a time.
            while i + 8 <= count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            if i >= count { break }
            let lead = base[i]
            if lead < 0x80 { i += 1; continue }
            var length = 0
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default:
                return UTF8Problem(kind: .illegal, offset: i, multiByteSequencesBefore: multiByte)
            }
            var k = 1
            while k < length {
                if i + k >= count {
                    return UTF8Problem(kind: .truncatedAtEnd, offset: i, multiByteSequencesBefore: multiByte)
                }
                let byte = base[i + k]
                let lo: UInt8 = k == 1 ? low : 0x80
                let hi: UInt8 = k == 1 ? high : 0xBF
                if byte < lo || byte > hi {
                    return UTF8Problem(kind: .illegal, offset: i, multiByteSequencesBefore: multiByte)
                }
                k += 1
            }
            multiByte += 1
            i += length
        }
        return nil
    }
}

extension UTF8Validation {
    /// `bytes` as a `String`, or nil when they are not valid UTF-8: what the standard library's
    /// `String(validating:as:)` returns, from one pass of `check(_:)` and a copy.
    ///
    /// The standard library's validator leaves its word-at-a-time ASCII path for good at the first
    /// non-ASCII byte, so English text with one curly quote is checked a byte at a time to its end; it
    /// was 3–4% of a `tag` run. This one goes back to words after each multi-byte character and takes
    /// a run of Chinese characters one load each: 2–5× as fast on the benchmark corpora.
    ///
    /// - Complexity: O(n).
    public static func string(validating bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let result = check(bytes)
        guard result.isValid else { return nil }
        guard !bytes.isEmpty else { return "" }
        #if compiler(>=6.2)
        // Checked just above, to the rules `firstProblem` states (the tests hold both to the standard
        // library's validation); the copy is all that is left to do.
        return unsafe String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: result.isASCII))
        #else
        // Swift 6.1 has no UTF8Span: the standard library validates once more as it copies.
        return String(decoding: bytes, as: UTF8.self)
        #endif
    }

    /// Whether `bytes` are valid UTF-8 (RFC 3629, exactly as `firstProblem(in:)` is nil), and whether
    /// they are all ASCII.
    ///
    /// - Complexity: O(n); ASCII runs take 32 bytes a test, multi-byte characters one branch each.
    public static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> (isValid: Bool, isASCII: Bool) {
        guard let base = bytes.baseAddress else { return (true, true) }
        let count = bytes.count
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        var ascii = true
        while i < count {
            while i + 32 <= count {
                let raw = UnsafeRawPointer(base + i)
                let any = raw.loadUnaligned(as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                if any & highs != 0 { break }
                i += 32
            }
            while i + 8 <= count, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & highs == 0 { i += 8 }
            while i < count, base[i] < 0x80 { i += 1 }
            guard i < count else { break }
            ascii = false
            // Multi-byte characters until the next ASCII byte: in Chinese text, long runs of three-byte
            // ones, which the loop first takes one four-byte load each (lead E1–EC or EE–EF, then two
            // continuation bytes; the fourth byte is the next character's), 2.5× the byte branches.
            repeat {
                while i + 4 <= count {
                    let word = UInt32(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt32.self))
                    guard word & 0x00C0_C0F0 == 0x0080_80E0, word & 0x0F != 0, word & 0xFF != 0xED else { break }
                    i += 3
                }
                guard i < count else { break }
                let lead = base[i]
                if lead < 0x80 { break }
                if lead >= 0xE1 && lead != 0xED && lead <= 0xEF {
                    guard i + 2 < count, base[i + 1] & 0xC0 == 0x80, base[i + 2] & 0xC0 == 0x80 else { return (false, false) }
                    i += 3
                } else if lead >= 0xC2 && lead <= 0xDF {
                    guard i + 1 < count, base[i + 1] & 0xC0 == 0x80 else { return (false, false) }
                    i += 2
                } else if lead == 0xE0 || lead == 0xED {
                    // E0 needs A0–BF after it (no overlong forms), ED 80–9F (no surrogates).
                    guard i + 2 < count else { return (false, false) }
                    let second = base[i + 1]
                    let secondOK = lead == 0xE0 ? second >= 0xA0 && second <= 0xBF : second >= 0x80 && second <= 0x9F
                    guard secondOK, base[i + 2] & 0xC0 == 0x80 else { return (false, false) }
                    i += 3
                } else if lead >= 0xF0 && lead <= 0xF4 {
                    // F0 needs 90–BF after it (no overlong forms), F4 80–8F (nothing past U+10FFFF).
                    guard i + 3 < count else { return (false, false) }
                    let second = base[i + 1]
                    let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
                    let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
                    guard second >= low, second <= high, base[i + 2] & 0xC0 == 0x80, base[i + 3] & 0xC0 == 0x80 else {
                        return (false, false)
                    }
                    i += 4
                } else {
                    return (false, false)  // a continuation byte, C0, C1 or F5–FF as a lead
                }
            } while i < count
        }
        return (true, ascii)
    }
}
