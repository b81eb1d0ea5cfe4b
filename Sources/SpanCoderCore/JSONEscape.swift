/// Decodes one JSON string escape (RFC 8259 §7) from UTF-8 bytes: the single decoder behind SpanCoder's
/// fast JSONL readers, which differ only in how they word an error.
public enum JSONEscape {
    /// The index of the first byte of `bytes[from...]` that is special inside a JSON string (a control
    /// character, `"` or a backslash: what a writer must escape, and where a reader's plain run
    /// ends), or `bytes.count`. Sixteen bytes at a time (SSE2 compares, in the baseline x86-64 target),
    /// then eight: text rarely has any.
    @inlinable
    public static func firstSpecialByte(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var i = from
        let count = bytes.count
        if let base = bytes.baseAddress {
            let controlLimit = SIMD16<UInt8>(repeating: 0x20)
            let quote = SIMD16<UInt8>(repeating: 0x22)
            let backslash = SIMD16<UInt8>(repeating: 0x5C)
            while i + 16 <= count {
                let block = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt8>.self)
                if ((block .< controlLimit) .| (block .== quote) .| (block .== backslash)).anyLane { break }
                i += 16
            }
            let ones = ASCIILanes.ones
            let highs = ASCIILanes.highs
            while i + 8 <= count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                // A byte is flagged when it is < 0x20, or equal to 0x22 or 0x5C (bytes >= 0x80 never
                // are: each test is masked with ~word).
                let control = (word &- ones &* 0x20) & ~word & highs
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let equalQuote = (quote &- ones) & ~quote & highs
                let equalBackslash = (backslash &- ones) & ~backslash & highs
                if control | equalQuote | equalBackslash != 0 { break }
                i += 8
            }
        }
        while i < count {
            let byte = bytes[i]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C { return i }
            i += 1
        }
        return count
    }

    /// Why an escape is invalid, and the byte offset a reader should report.
    public struct Failure: Error, Sendable {
        public enum Kind: Sendable, Equatable {
            /// The line ends right after the backslash.
            case unterminated
            /// Fewer than four bytes follow `\u` (`offset` is where the digits should start).
            case shortHex
            /// A byte of the four after `\u` is not a hex digit (the byte at `offset`).
            case invalidHexDigit
            /// A `\u` surrogate without its partner; `scalar` is the first surrogate read.
            case unpairedSurrogate(scalar: UInt32)
            /// A backslash followed by something other than `"\/bfnrtu` (the byte at `offset`).
            case unknownEscape(UInt8)
        }

        public var kind: Kind
        public var offset: Int
    }

    /// Decodes the escape whose character (the byte after the backslash) is at `index`, appends its
    /// UTF-8 to `output`, and returns the index just past the escape. A `\uD83D\uDE00` pair decodes as one
    /// scalar; lone surrogates are errors.
    @inline(__always)
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, into output: inout [UInt8]) throws(Failure) -> Int {
        var position = index
        guard position < bytes.count else { throw Failure(kind: .unterminated, offset: position) }
        let escape = bytes[position]
        position += 1
        switch escape {
        case 0x22, 0x5C, 0x2F: output.append(escape)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(bytes, at: &position)
            if (0xD800..<0xDC00).contains(scalar) {
                guard position + 1 < bytes.count, bytes[position] == 0x5C, bytes[position + 1] == UInt8(ascii: "u") else {
                    throw Failure(kind: .unpairedSurrogate(scalar: scalar), offset: position)
                }
                position += 2
                let low = try hex4(bytes, at: &position)
                guard (0xDC00..<0xE000).contains(low) else {
                    throw Failure(kind: .unpairedSurrogate(scalar: scalar), offset: position)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw Failure(kind: .unpairedSurrogate(scalar: scalar), offset: position)
            }
            appendUTF8(scalar, to: &output)
        default:
            throw Failure(kind: .unknownEscape(escape), offset: index)
        }
        return position
    }

    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int) throws(Failure) -> UInt32 {
        guard position + 4 <= bytes.count else { throw Failure(kind: .shortHex, offset: position) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw Failure(kind: .invalidHexDigit, offset: position)
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    /// Appends the UTF-8 encoding of a valid scalar value (not a surrogate).
    public static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            output.append(UInt8(scalar))
        case ..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
