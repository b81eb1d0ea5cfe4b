import SpanCoderCore

/// Parses one JSONL corpus line: a JSON object whose fields become a `Document`.
///
/// A small strict parser over UTF-8 bytes (RFC 8259) rather than Foundation's: it reports the column
/// of a mistake, keeps field order, and hands nested values back as their JSON text (metadata is
/// flat strings).
struct JSONLineParser {
    enum Value {
        case string(String)
        /// A number, `true`, `false`, `null`, an array or an object, as its JSON text.
        case literal(String, isNull: Bool)
    }

    struct Failure: Error {
        var message: String
        /// Byte offset within the line.
        var offset: Int
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The fields of the object on the line, in order.
    static func parseObject(_ line: UnsafeBufferPointer<UInt8>) throws(Failure) -> [(key: String, value: Value)] {
        var parser = JSONLineParser(line)
        if line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF { parser.position = 3 }
        parser.skipSpace()
        guard parser.peek == UInt8(ascii: "{") else { throw parser.fail("expected a JSON object starting with '{'") }
        parser.position += 1
        var fields: [(key: String, value: Value)] = []
        // An id, a text and a field or two of metadata: growing from empty took three allocations.
        fields.reserveCapacity(4)
        parser.skipSpace()
        if parser.peek == UInt8(ascii: "}") {
            parser.position += 1
        } else {
            while true {
                parser.skipSpace()
                guard parser.peek == UInt8(ascii: "\"") else { throw parser.fail("expected a field name in double quotes") }
                let key = try parser.parseString()
                parser.skipSpace()
                guard parser.peek == UInt8(ascii: ":") else { throw parser.fail("expected ':' after field name \"\(key)\"") }
                parser.position += 1
                parser.skipSpace()
                let value: Value
                if parser.peek == UInt8(ascii: "\"") {
                    value = .string(try parser.parseString())
                } else {
                    let start = parser.position
                    try parser.skipValue()
                    let text = String(decoding: UnsafeBufferPointer(rebasing: line[start..<parser.position]), as: UTF8.self)
                    value = .literal(text, isNull: text == "null")
                }
                fields.append((key, value))
                parser.skipSpace()
                if parser.peek == UInt8(ascii: ",") { parser.position += 1; continue }
                if parser.peek == UInt8(ascii: "}") { parser.position += 1; break }
                throw parser.fail("expected ',' or '}' after the value of \"\(key)\"")
            }
        }
        let afterObject = parser.position
        parser.skipSpace()
        guard parser.position == line.count else {
            if line[afterObject..<parser.position].contains(0x0D) {
                throw parser.fail("unexpected text after the closing '}' (a carriage return before it: are the lines ended by CR alone? JSONL needs line feeds: tr '\\r' '\\n')")
            }
            throw parser.fail("unexpected text after the closing '}'")
        }
        return fields
    }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func fail(_ message: String) -> Failure {
        Failure(message: position >= bytes.count ? message + ", found the end of the line" : message, offset: position)
    }

    private mutating func skipSpace() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A else { return }
            position += 1
        }
    }

    /// Parses a string starting at its opening quote. Copies unescaped runs as whole byte slices.
    private mutating func parseString() throws(Failure) -> String {
        position += 1
        var result: [UInt8] = []
        var runStart = position
        while true {
            guard position < bytes.count else { throw fail("unterminated string") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                // Validated here, once: the caller need not check the line's UTF-8 beforehand (it does
                // so only when parsing fails, to report the first bad byte).
                if result.isEmpty {
                    guard let text = UTF8Validation.string(validating: UnsafeBufferPointer(rebasing: bytes[runStart..<position])) else {
                        throw Failure(message: "not valid UTF-8", offset: runStart)
                    }
                    position += 1
                    return text
                }
                result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                guard let text = result.withUnsafeBufferPointer({ UTF8Validation.string(validating: $0) }) else {
                    throw Failure(message: "not valid UTF-8", offset: runStart)
                }
                position += 1
                return text
            }
            if byte < 0x20 { throw fail("control character 0x\(String(byte, radix: 16)) inside a string (escape it)") }
            if byte != UInt8(ascii: "\\") {
                position = JSONEscape.firstSpecialByte(bytes, from: position + 1)
                continue
            }
            // The decoded string is no longer than the rest of the line: one allocation for most strings
            // (capped, so that a short escaped field of a huge line does not reserve the whole line).
            if result.isEmpty { result.reserveCapacity(min(bytes.count - runStart, 1 << 20)) }
            result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
            do {
                position = try JSONEscape.decode(bytes, at: position + 1, into: &result)
            } catch {
                position = error.offset
                switch error.kind {
                case .unterminated: throw fail("unterminated escape")
                case .shortHex, .invalidHexDigit: throw fail("expected four hex digits after \\u")
                case .unpairedSurrogate(let scalar): throw fail("unpaired surrogate escape \\u\(String(scalar, radix: 16))")
                case .unknownEscape(let escape): throw fail("unknown escape '\\\(Unicode.Scalar(escape))'")
                }
            }
            runStart = position
        }
    }

    /// Skips a non-string value (number, literal, array, object), checking its syntax.
    private mutating func skipValue() throws(Failure) {
        guard let byte = peek else { throw fail("expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            _ = try parseString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close: UInt8 = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            position += 1
            skipSpace()
            if peek == close { position += 1; return }
            while true {
                skipSpace()
                if close == UInt8(ascii: "}") {
                    guard peek == UInt8(ascii: "\"") else { throw fail("expected a field name in double quotes") }
                    _ = try parseString()
                    skipSpace()
                    guard peek == UInt8(ascii: ":") else { throw fail("expected ':'") }
                    position += 1
                    skipSpace()
                }
                try skipValue()
                skipSpace()
                if peek == UInt8(ascii: ",") { position += 1; continue }
                if peek == close { position += 1; return }
                throw fail("expected ',' or '\(Unicode.Scalar(close))'")
            }
        case UInt8(ascii: "t"): try expectWord("true")
        case UInt8(ascii: "f"): try expectWord("false")
        case UInt8(ascii: "n"): try expectWord("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = position
            if peek == UInt8(ascii: "-") { position += 1 }
            var sawDigit = false
            while let c = peek, c >= 0x30 && c <= 0x39 || c == UInt8(ascii: ".") || c == UInt8(ascii: "e")
                    || c == UInt8(ascii: "E") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                if c >= 0x30 && c <= 0x39 { sawDigit = true }
                position += 1
            }
            if !sawDigit { position = start; throw fail("malformed number") }
        default:
            throw fail("expected a value (string, number, true, false, null, array or object)")
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw fail("expected \(word)") }
        for i in 0..<count where bytes[position + i] != word.utf8Start[i] { throw fail("expected \(word)") }
        position += count
    }
}
