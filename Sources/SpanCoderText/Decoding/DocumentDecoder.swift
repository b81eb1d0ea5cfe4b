import CICU
import SpanCoderCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the bytes of a document file into its text, deciding the encoding the way a careful reader
/// would, and refusing input that is not text instead of guessing.
///
/// Without a named encoding:
/// 1. A byte-order mark decides: UTF-8 (the mark is dropped), UTF-16LE or UTF-16BE.
/// 2. A NUL byte means binary data (or UTF-16 without a mark): an error.
/// 3. Bytes that are valid UTF-8 are UTF-8, however short or ambiguous they look.
/// 4. Otherwise ICU's charset detector ranks GB18030 (which covers GBK and GB2312) and Big5; the
///    best-ranked one that converts every byte wins.
/// 5. Anything else is an error naming the file and the byte offset of the first bad byte. Input
///    that is clearly UTF-8 up to a broken sequence (or cut off inside its last character) is
///    reported as broken UTF-8 rather than reinterpreted.
///
/// Line ends are kept as they are: offsets point into the decoded original text, so CRLF is two
/// code points.
public enum DocumentDecoder {
    /// The text of a document and the encoding it was read with.
    public struct Decoded: Sendable {
        public var text: String
        /// "UTF-8", "UTF-16LE", "UTF-16BE", "GB18030", "Big5", or the name given with `encoding`.
        public var encoding: String
    }

    /// Legacy encodings tried when bytes are not UTF-8, in the names ICU's detector uses.
    static let detectableLegacyEncodings: Set<String> = ["GB18030", "Big5"]

    /// Complete UTF-8 multi-byte sequences before the first bad byte that make the input "clearly
    /// UTF-8": GB18030 or Big5 text forms a valid UTF-8 sequence only by accident, rarely twice in a row.
    static let utf8EvidenceThreshold = 8

    /// Decodes `bytes` read from the file `name` (used in error messages).
    ///
    /// - Parameter encoding: an encoding name ICU knows (`GB18030`, `GBK`, `Big5`, `UTF-16LE`,
    ///   `windows-1252`, …), or nil / `auto` to detect it.
    /// - Throws: `SpanCoderError(.badInput)` naming the file and byte offset for invalid or binary
    ///   input; `SpanCoderError(.usage)` for an encoding name ICU does not know.
    /// - Complexity: O(n); a valid UTF-8 file costs one validation pass and one copy.
    public static func decode(bytes: [UInt8], name: String, encoding: String? = nil) throws -> String {
        try decodeReportingEncoding(bytes: bytes, name: name, encoding: encoding).text
    }

    /// Like `decode(bytes:name:encoding:)`, and also says which encoding was used.
    public static func decodeReportingEncoding(bytes: [UInt8], name: String, encoding: String? = nil) throws -> Decoded {
        try bytes.withUnsafeBufferPointer { buffer in
            try decode(buffer, name: name, encoding: encoding)
        }
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, name: String, encoding: String?) throws -> Decoded {
        if let encoding, !isAuto(encoding) {
            return try decodeNamed(bytes, name: name, encoding: encoding)
        }
        if bytes.isEmpty { return Decoded(text: "", encoding: "UTF-8") }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return Decoded(text: try decodeUTF8(UnsafeBufferPointer(rebasing: bytes[3...]), name: name, offsetBase: 3),
                           encoding: "UTF-8")
        }
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            let charset = bytes[0] == 0xFF ? "UTF-16LE" : "UTF-16BE"
            let text = try convert(UnsafeBufferPointer(rebasing: bytes[2...]), from: charset, name: name, offsetBase: 2)
            return Decoded(text: text, encoding: charset)
        }
        if let nul = memchr(bytes.baseAddress!, 0, bytes.count) {
            let offset = UnsafeRawPointer(nul) - UnsafeRawPointer(bytes.baseAddress!)
            throw SpanCoderError(
                .badInput,
                "not a text file: NUL byte (binary data, or UTF-16 without a byte-order mark: then name it with --encoding UTF-16LE or UTF-16BE)",
                at: SourceLocation(file: name, byteOffset: offset))
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return Decoded(text: text, encoding: "UTF-8")
        }
        let problem = UTF8Validation.firstProblem(in: bytes)!
        if problem.kind == .truncatedAtEnd || problem.multiByteSequencesBefore >= utf8EvidenceThreshold {
            throw utf8Error(problem, name: name, offsetBase: 0)
        }
        let candidates = detectLegacyEncodings(bytes)
        for candidate in candidates {
            if let text = try? convert(bytes, from: candidate, name: name, offsetBase: 0), !looksMisdecoded(text) {
                return Decoded(text: text, encoding: candidate)
            }
        }
        // A legacy file cut inside its last character (a truncated download or copy): say so, at the
        // cut, rather than blame the first byte.
        for candidate in candidates {
            for cut in 1...3 where cut < bytes.count {
                let body = UnsafeBufferPointer(rebasing: bytes[..<(bytes.count - cut)])
                if let text = try? convert(body, from: candidate, name: name, offsetBase: 0), !looksMisdecoded(text) {
                    throw SpanCoderError(
                        .badInput,
                        "\(candidate) text that ends inside a character (truncated file?); the last \(cut) byte\(cut == 1 ? "" : "s") are an incomplete character",
                        at: SourceLocation(file: name, byteOffset: bytes.count - cut))
                }
            }
        }
        throw SpanCoderError(
            .badInput,
            "not valid UTF-8 (bad byte 0x\(hex(bytes[problem.offset]))), and not GB18030 or Big5 either; name the encoding with --encoding",
            at: SourceLocation(file: name, byteOffset: problem.offset))
    }

    /// The legacy encodings ICU's detector proposes for `bytes`, most likely first.
    static func detectLegacyEncodings(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        // The detector's statistics settle within a few hundred KB.
        let sample = min(bytes.count, 1 << 20)
        var matches = [sc_charset_match](repeating: sc_charset_match(), count: 32)
        let count = matches.withUnsafeMutableBufferPointer { out in
            sc_detect_charsets(bytes.baseAddress!, Int32(sample), out.baseAddress!, Int32(out.count))
        }
        guard count > 0 else { return [] }
        var names: [String] = []
        for match in matches[0..<Int(count)] {
            var nameTuple = match.name
            let name = withUnsafeBytes(of: &nameTuple) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if detectableLegacyEncodings.contains(name), !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Checks that ICU knows the encoding `name` (nil and `auto` mean "detect"), so a command can
    /// refuse a misspelt `--encoding` before reading any file.
    /// - Throws: `SpanCoderError(.usage)` naming the encoding.
    public static func validateEncodingName(_ name: String?) throws {
        guard let name, !isAuto(name) else { return }
        let canonical = name.uppercased().replacingASCII("_", with: "-")
        if canonical == "UTF-8" || canonical == "UTF8" { return }
        guard sc_converter_exists(name) != 0 else {
            throw SpanCoderError(.usage, "unknown encoding '\(name)' (ICU converter names: UTF-8, UTF-16LE, UTF-16BE, GB18030, GBK, Big5, windows-1252, …)")
        }
    }

    /// Whether a guessed legacy decoding produced characters real documents do not contain: C1
    /// controls or private-use characters, which is what ICU's GB18030 and Big5 tables turn stray bytes
    /// such as 0x80 or 0xFF into.
    static func looksMisdecoded(_ text: String) -> Bool {
        // Cheap prefilter on the lead bytes of U+0080–U+00BF and U+E000–U+FFFF.
        guard text.utf8.contains(where: { $0 == 0xC2 || $0 == 0xEE || $0 == 0xEF }) else { return false }
        return text.unicodeScalars.contains { scalar in
            (0x80...0x9F).contains(scalar.value) || (0xE000...0xF8FF).contains(scalar.value)
        }
    }

    static func decodeNamed(_ bytes: UnsafeBufferPointer<UInt8>, name: String, encoding: String) throws -> Decoded {
        let canonical = encoding.uppercased().replacingASCII("_", with: "-")
        if canonical == "UTF-8" || canonical == "UTF8" {
            var body = bytes
            var base = 0
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                body = UnsafeBufferPointer(rebasing: bytes[3...])
                base = 3
            }
            return Decoded(text: try decodeUTF8(body, name: name, offsetBase: base), encoding: "UTF-8")
        }
        try validateEncodingName(encoding)
        var text = try convert(bytes, from: encoding, name: name, offsetBase: 0)
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        return Decoded(text: text, encoding: encoding)
    }

    static func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, name: String, offsetBase: Int) throws -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        throw utf8Error(UTF8Validation.firstProblem(in: bytes)!, name: name, offsetBase: offsetBase)
    }

    static func utf8Error(_ problem: UTF8Problem, name: String, offsetBase: Int) -> SpanCoderError {
        let message = problem.kind == .truncatedAtEnd
            ? "invalid UTF-8: the file ends inside a multi-byte character (truncated file?)"
            : "invalid UTF-8: byte sequence that no UTF-8 character starts with"
        return SpanCoderError(.badInput, message, at: SourceLocation(file: name, byteOffset: problem.offset + offsetBase))
    }

    /// Converts with ICU, failing at the first illegal, unmappable or truncated sequence.
    static func convert(_ bytes: UnsafeBufferPointer<UInt8>, from charset: String, name: String, offsetBase: Int) throws -> String {
        if bytes.isEmpty { return "" }
        var capacity = bytes.count * 3 + 16
        while true {
            var status: Int32 = 0
            var errorOffset: Int64 = -1
            var needed: Int64 = 0
            let text = String(unsafeUninitializedCapacity: capacity) { out in
                var written: Int64 = 0
                status = sc_convert_to_utf8(charset, bytes.baseAddress!, Int64(bytes.count), out.baseAddress!,
                                            Int64(out.count), &written, &errorOffset)
                needed = written
                return status == Int32(SC_CONVERT_OK) ? Int(written) : 0
            }
            switch status {
            case Int32(SC_CONVERT_OK):
                return text
            case Int32(SC_CONVERT_OVERFLOW):
                capacity = max(Int(needed), capacity * 2)
            case Int32(SC_CONVERT_ILLEGAL):
                let offset = Int(errorOffset)
                let byte = offset >= 0 && offset < bytes.count ? " 0x\(hex(bytes[offset]))" : ""
                throw SpanCoderError(.badInput, "not valid \(charset): illegal or unmappable byte sequence\(byte)",
                                     at: SourceLocation(file: name, byteOffset: offset + offsetBase))
            case Int32(SC_CONVERT_TRUNCATED):
                throw SpanCoderError(.badInput, "not valid \(charset): the file ends inside a character (truncated file?)",
                                     at: SourceLocation(file: name, byteOffset: Int(errorOffset) + offsetBase))
            case Int32(SC_CONVERT_UNKNOWN):
                throw SpanCoderError(.usage, "unknown encoding '\(charset)'")
            default:
                throw SpanCoderError(.internal, "ICU could not convert from \(charset)", at: SourceLocation(file: name))
            }
        }
    }

    static func isAuto(_ encoding: String) -> Bool {
        encoding.isEmpty || encoding.lowercased() == "auto"
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}

extension String {
    /// Replaces every `target` with `replacement` (both ASCII), without Foundation.
    func replacingASCII(_ target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
