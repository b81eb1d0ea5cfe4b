/// Where UTF-8 validation stopped, and why.
struct UTF8Problem: Equatable {
    enum Kind: Equatable {
        /// A byte that cannot start or continue a sequence here.
        case illegal
        /// The bytes from `offset` to the end of the input start a sequence that the input cuts off.
        case truncatedAtEnd
    }

    var kind: Kind
    /// Byte offset of the first byte of the bad sequence.
    var offset: Int
    /// Complete multi-byte sequences seen before `offset`: evidence that the input really is UTF-8.
    var multiByteSequencesBefore: Int
}

enum UTF8Validation {
    /// The first problem in `bytes` as UTF-8 (RFC 3629: no overlongs, no surrogates, nothing past
    /// U+10FFFF), or nil when the bytes are valid UTF-8.
    ///
    /// - Complexity: O(n), one byte loop; ASCII runs take a word at a time.
    static func firstProblem(in bytes: UnsafeBufferPointer<UInt8>) -> UTF8Problem? {
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
