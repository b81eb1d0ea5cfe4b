import SpanCoderCore

/// A strict, allocation-light JSON reader over the UTF-8 bytes of one JSONL line.
///
/// Statistics read millions of span lines; `JSONSerialization` builds a dictionary of bridged objects
/// for each, which dominates the run time. This scanner walks the bytes once, hands string values to
/// the caller as decoded UTF-8 bytes in a reused buffer, and validates (but does not build) every value
/// the caller skips. It accepts exactly RFC 8259 JSON; the input must already be valid UTF-8.
struct JSONLineScanner {
    struct Failure: Error {
        /// Byte offset into the line where the problem was found.
        var offset: Int
        var message: String
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.position = 0
    }

    var atEnd: Bool { position >= bytes.count }

    func fail(_ message: String) -> Failure { Failure(offset: position, message: message) }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// The next non-blank byte, without consuming it.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < bytes.count ? bytes[position] : nil
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else { throw fail("expected \(what)") }
        position += 1
    }

    /// Iterates the members of an object: calls `member` with each key (decoded into `key`); the callback
    /// must consume the value (read it or call `skipValue`).
    mutating func readObject(key: inout [UInt8], _ member: (inout JSONLineScanner, [UInt8]) throws(Failure) -> Void) throws(Failure) {
        try expect(0x7B, "'{'")
        if peek() == 0x7D { position += 1; return }
        while true {
            guard peek() == 0x22 else { throw fail("expected a string key") }
            try readString(into: &key)
            try expect(0x3A, "':'")
            try member(&self, key)
            switch peek() {
            case 0x2C: position += 1
            case 0x7D: position += 1; return
            default: throw fail("expected ',' or '}'")
            }
        }
    }

    /// Iterates the elements of an array; `element` must consume each value.
    mutating func readArray(_ element: (inout JSONLineScanner) throws(Failure) -> Void) throws(Failure) {
        try expect(0x5B, "'['")
        if peek() == 0x5D { position += 1; return }
        while true {
            try element(&self)
            switch peek() {
            case 0x2C: position += 1
            case 0x5D: position += 1; return
            default: throw fail("expected ',' or ']'")
            }
        }
    }

    /// Reads a string value, replacing `output` with its decoded UTF-8 bytes.
    mutating func readString(into output: inout [UInt8]) throws(Failure) {
        output.removeAll(keepingCapacity: true)
        try expect(0x22, "'\"'")
        var runStart = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x22 {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                position += 1
                return
            }
            if byte < 0x20 { throw fail("control character in a string") }
            if byte == 0x5C {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                position += 1
                try readEscape(into: &output)
                runStart = position
                continue
            }
            position += 1
        }
        throw fail("unterminated string")
    }

    /// Validates and skips a string value without decoding it.
    mutating func skipString() throws(Failure) {
        try expect(0x22, "'\"'")
        var scratch: [UInt8] = []
        let base = UnsafeRawPointer(bytes.baseAddress!)
        while position < bytes.count {
            // Eight bytes at a time while none is a quote, a backslash or a control character.
            while position + 8 <= bytes.count {
                let word = base.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
                let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
                if special & highs != 0 { break }
                position += 8
            }
            guard position < bytes.count else { break }
            let byte = bytes[position]
            if byte == 0x22 { position += 1; return }
            if byte < 0x20 { throw fail("control character in a string") }
            position += 1
            if byte == 0x5C {
                // Escapes are rare in skipped fields; decode them to validate.
                scratch.removeAll(keepingCapacity: true)
                try readEscape(into: &scratch)
            }
        }
        throw fail("unterminated string")
    }

    private mutating func readEscape(into output: inout [UInt8]) throws(Failure) {
        do {
            position = try JSONEscape.decode(bytes, at: position, into: &output)
        } catch {
            position = error.offset
            switch error.kind {
            case .unterminated: throw fail("unterminated escape")
            case .shortHex: throw fail("short \\u escape")
            case .invalidHexDigit: throw fail("invalid hex digit in \\u escape")
            case .unpairedSurrogate: throw fail("unpaired surrogate in \\u escape")
            case .unknownEscape: throw fail("invalid escape")
            }
        }
    }

    mutating func skipNumber() throws(Failure) -> Range<Int> {
        skipWhitespace()
        let start = position
        if position < bytes.count, bytes[position] == 0x2D { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else { throw fail("invalid number") }
        if bytes[position] == 0x30 {
            position += 1
        } else {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == 0x2E {
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw fail("invalid number") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == 0x65 || bytes[position] == 0x45 {
            position += 1
            if position < bytes.count, bytes[position] == 0x2B || bytes[position] == 0x2D { position += 1 }
            guard position < bytes.count, isDigit(bytes[position]) else { throw fail("invalid number") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        return start..<position
    }

    /// Reads a number and returns it when it is a whole number from 0 to 2^32 - 1 written plainly
    /// (`12`, not `12.0` or `1e3`); any other number is skipped and gives nil.
    mutating func readCount() throws(Failure) -> Int? {
        let range = try skipNumber()
        guard range.count <= 10 else { return nil }
        var value = 0
        for i in range {
            guard isDigit(bytes[i]) else { return nil }
            value = value * 10 + Int(bytes[i] - 0x30)
        }
        return value <= Int(UInt32.max) ? value : nil
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Consumes `literal` (true, false, null).
    mutating func skipLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw fail("invalid literal") }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for i in 0..<count where bytes[position + i] != expected[i] { throw fail("invalid literal") }
        position += count
    }

    /// Validates and skips any value.
    mutating func skipValue() throws(Failure) {
        var scratch: [UInt8] = []
        try skipValue(scratch: &scratch, depth: 0)
    }

    private mutating func skipValue(scratch: inout [UInt8], depth: Int) throws(Failure) {
        guard depth < 512 else { throw fail("nesting too deep") }
        switch peek() {
        case 0x22: try skipString()
        case 0x7B:
            var key: [UInt8] = []
            try readObject(key: &key) { (scanner: inout JSONLineScanner, _: [UInt8]) throws(Failure) in
                try scanner.skipValue(scratch: &scratch, depth: depth + 1)
            }
        case 0x5B:
            try readArray { (scanner: inout JSONLineScanner) throws(Failure) in
                try scanner.skipValue(scratch: &scratch, depth: depth + 1)
            }
        case 0x74: try skipLiteral("true")
        case 0x66: try skipLiteral("false")
        case 0x6E: try skipLiteral("null")
        case nil: throw fail("expected a value")
        default: _ = try skipNumber()
        }
    }

    /// A scalar value as text, for metadata fields: strings decoded, numbers and booleans as written,
    /// `null` as nil. Arrays and objects are skipped and returned as nil.
    mutating func readScalarText(scratch: inout [UInt8]) throws(Failure) -> String? {
        switch peek() {
        case 0x22:
            try readString(into: &scratch)
            return String(decoding: scratch, as: UTF8.self)
        case 0x74: try skipLiteral("true"); return "true"
        case 0x66: try skipLiteral("false"); return "false"
        case 0x6E: try skipLiteral("null"); return nil
        case 0x7B, 0x5B: try skipValue(); return nil
        case nil: throw fail("expected a value")
        default:
            let range = try skipNumber()
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
    }

    /// Requires that only whitespace remains.
    mutating func expectEnd() throws(Failure) {
        skipWhitespace()
        if position < bytes.count { throw fail("unexpected text after the JSON value") }
    }
}

/// Byte-wise equality of a decoded key with an ASCII literal.
@inline(__always)
func keyEquals(_ key: [UInt8], _ literal: StaticString) -> Bool {
    let count = literal.utf8CodeUnitCount
    guard key.count == count else { return false }
    let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
    for i in 0..<count where key[i] != expected[i] { return false }
    return true
}

/// The offset of the first byte that is not part of valid UTF-8, or nil when all of `bytes` is valid.
/// - Complexity: O(n), with an ASCII fast path.
func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var i = 0
    let n = bytes.count
    guard let base = UnsafeRawPointer(bytes.baseAddress) else { return nil }
    while i < n {
        while i + 8 <= n, base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
        guard i < n else { break }
        let b0 = bytes[i]
        if b0 < 0x80 { i += 1; continue }
        let length: Int
        var minimum: UInt32
        var scalar: UInt32
        switch b0 {
        case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(b0 & 0x1F)
        case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(b0 & 0x0F)
        case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(b0 & 0x07)
        default: return i
        }
        guard i + length <= n else { return i }
        for k in 1..<length {
            let b = bytes[i + k]
            guard b & 0xC0 == 0x80 else { return i }
            scalar = scalar << 6 | UInt32(b & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
        i += length
    }
    return nil
}

/// Number of code points in valid UTF-8 bytes (bytes that do not continue a sequence).
func codePointCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    UTF8CodePoints.count(bytes)
}
