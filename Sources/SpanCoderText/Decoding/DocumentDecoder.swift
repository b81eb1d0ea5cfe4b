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
/// 1. A byte-order mark decides: UTF-32LE or UTF-32BE (their 4-byte marks are checked first:
///    `FF FE 00 00` also starts a UTF-16LE mark), UTF-16LE or UTF-16BE, UTF-8 (the mark is dropped).
/// 2. A NUL byte means binary data (or UTF-16 without a mark): an error, with or without a UTF-8 mark.
///    So does a NUL character in text decoded from UTF-16 or UTF-32 (or any named encoding): it is
///    binary data all the same.
/// 3. Bytes that are valid UTF-8 are UTF-8, however short or ambiguous they look.
/// 4. Otherwise ICU's charset detector ranks GB18030 (which covers GBK and GB2312) and Big5; the
///    best-ranked one that converts every byte wins.
/// 5. Anything else is an error naming the file and where it breaks: under the reading that gets
///    furthest (UTF-8, GB18030 or Big5), with where the others break. Input that is clearly UTF-8 up
///    to a broken sequence (or cut off inside its last character) is reported as broken UTF-8 rather
///    than reinterpreted.
///
/// Line ends are kept as they are: offsets point into the decoded original text, so CRLF is two
/// code points.
public enum DocumentDecoder {
    /// The text of a document and the encoding it was read with.
    public struct Decoded: Sendable {
        public var text: String
        /// "UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "GB18030", "Big5", or the name given
        /// with `encoding`.
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
        if let (charset, markLength) = unicodeByteOrderMark(bytes) {
            let text = try convert(UnsafeBufferPointer(rebasing: bytes[markLength...]), from: charset, name: name, offsetBase: markLength)
            try refuseNUL(in: text, charset: charset, source: bytes, name: name, offsetBase: markLength)
            return Decoded(text: text, encoding: charset)
        }
        // Before the UTF-8 mark is looked at: a NUL byte is binary data behind a mark as well (valid
        // UTF-8 all the same, so the mark's path would let it through).
        if let nul = memchr(bytes.baseAddress!, 0, bytes.count) {
            let offset = UnsafeRawPointer(nul) - UnsafeRawPointer(bytes.baseAddress!)
            throw SpanCoderError(
                .badInput,
                "not a text file: NUL byte (binary data, or UTF-16 without a byte-order mark: then name it with --encoding UTF-16LE or UTF-16BE)",
                at: SourceLocation(file: name, byteOffset: offset))
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return Decoded(text: try decodeUTF8(UnsafeBufferPointer(rebasing: bytes[3...]), name: name, offsetBase: 3),
                           encoding: "UTF-8")
        }
        if let text = UTF8Validation.string(validating: bytes) {
            return Decoded(text: text, encoding: "UTF-8")
        }
        let problem = UTF8Validation.firstProblem(in: bytes)!
        if problem.kind == .truncatedAtEnd || problem.multiByteSequencesBefore >= utf8EvidenceThreshold {
            throw utf8Error(problem, name: name, offsetBase: 0)
        }
        let detection = detectLegacyEncodings(bytes)
        var candidates = detection.accepted
        // English text from a Chinese site keeps its “” and ，in GB18030, and the detector, counting the
        // Latin letters, takes it for windows-1252. Bytes that pair up in GB2312's rows (both 0xA1–0xFE)
        // and nowhere else are that, never a Western file: windows-1252's quotes and dashes are 0x80–0x9F.
        // A valid UTF-8 character before the bad byte ("café" then a stray byte) says UTF-8, whose é
        // (C3 A9) would pass for such a pair. Text too short for the detector (a line or two) is taken
        // this way too, unless it reads as Big5 as well: then only --encoding can tell.
        if candidates.isEmpty, problem.multiByteSequencesBefore == 0, isGB2312Shaped(bytes),
           detection.otherGuess != nil || firstFailure(bytes, as: "Big5") != nil {
            candidates = ["GB18030"]
        }
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
        throw undecodable(bytes, utf8Problem: problem, name: name, detectorGuess: detection.otherGuess)
    }

    /// The UTF-32 or UTF-16 byte-order mark `bytes` start with: the charset and the mark's length.
    /// The 4-byte UTF-32LE mark `FF FE 00 00` starts with the UTF-16LE one, so it is checked first (a
    /// UTF-16LE text cannot go on with a NUL character: it would be refused as binary anyway).
    static func unicodeByteOrderMark(_ bytes: UnsafeBufferPointer<UInt8>) -> (charset: String, length: Int)? {
        if bytes.count >= 4 {
            if bytes[0] == 0xFF, bytes[1] == 0xFE, bytes[2] == 0, bytes[3] == 0 { return ("UTF-32LE", 4) }
            if bytes[0] == 0, bytes[1] == 0, bytes[2] == 0xFE, bytes[3] == 0xFF { return ("UTF-32BE", 4) }
        }
        if bytes.count >= 2 {
            if bytes[0] == 0xFF, bytes[1] == 0xFE { return ("UTF-16LE", 2) }
            if bytes[0] == 0xFE, bytes[1] == 0xFF { return ("UTF-16BE", 2) }
        }
        return nil
    }

    /// Why a file that must be UTF-8 JSON (a JSONL corpus, a coding, a manifest) is in UTF-16 or UTF-32
    /// instead, from its first bytes: a byte-order mark, or a NUL byte beside the first character
    /// (`{` `00` is UTF-16LE without a mark; `00` `{` UTF-16BE). Nil when the start looks like UTF-8.
    /// Read line by line as UTF-8, such a file gave one "not valid UTF-8" failure per line and no hint.
    public static func wideEncoding(ofJSONStart bytes: [UInt8]) -> (charset: String, evidence: String)? {
        if let mark = bytes.withUnsafeBufferPointer({ unicodeByteOrderMark($0) }) {
            let shown = bytes.prefix(mark.length).map(hex).joined(separator: " ")
            return (mark.charset, "byte-order mark \(shown)")
        }
        if bytes.count >= 2 {
            if bytes[0] != 0, bytes[0] < 0x80, bytes[1] == 0 { return ("UTF-16LE", "a NUL byte after its first character") }
            if bytes[0] == 0, bytes[1] != 0, bytes[1] < 0x80 { return ("UTF-16BE", "a NUL byte before its first character") }
        }
        return nil
    }

    /// The error for a file that `wideEncoding(ofJSONStart:)` found in UTF-16 or UTF-32: one clear
    /// error for the file, with the conversion to run.
    public static func wideEncodingError(charset: String, evidence: String, what: String, name: String) -> SpanCoderError {
        // With a mark, iconv's UTF-16 / UTF-32 read the mark and drop it.
        let from = evidence.hasPrefix("byte-order mark") ? String(charset.dropLast(2)) : charset
        return SpanCoderError(.badInput, "\(what) is \(charset) (\(evidence)), not UTF-8: convert it first, e.g. iconv -f \(from) -t UTF-8 FILE > FILE.utf8",
                              at: SourceLocation(file: name, byteOffset: 0))
    }

    /// The error for bytes that are not UTF-8 and that no legacy encoding the detector proposed
    /// converts: it names where each reading breaks and points at the one that gets furthest (a GBK
    /// file with one stray byte at 1000 breaks there as GB18030, at 0 as UTF-8: the stray byte is what
    /// the user has to fix).
    ///
    /// A legacy reading that converts every byte cleanly is not guessed into use (the detector did not
    /// propose it, and GB18030 in particular takes almost any bytes), but it is what the message names:
    /// the input reads as that encoding, and `--encoding` says whether it is.
    /// - Parameter detectorGuess: the detector's best guess when it is no encoding SpanCoder reads
    ///   without being told (windows-1252 for a Western file with a stray byte), named in the advice.
    static func undecodable(_ bytes: UnsafeBufferPointer<UInt8>, utf8Problem: UTF8Problem, name: String,
                            detectorGuess: (name: String, confidence: Int)? = nil) -> SpanCoderError {
        let guess = detectorGuess.map { "; the encoding detector takes it for \($0.name) (confidence \($0.confidence) of 100): if it is, pass --encoding \($0.name)" } ?? ""
        var readings: [(charset: String, offset: Int)] = [("UTF-8", utf8Problem.offset)]
        var clean: [String] = []
        for charset in ["GB18030", "Big5"] {
            if let offset = firstFailure(bytes, as: charset) { readings.append((charset, offset)) } else { clean.append(charset) }
        }
        if !clean.isEmpty {
            let byte = utf8Problem.offset < bytes.count ? " 0x\(hex(bytes[utf8Problem.offset]))" : ""
            let named = clean.joined(separator: " and as ")
            let advice = clean.count == 1
                ? "if it is \(clean[0]), pass --encoding \(clean[0])"
                : "if it is one of them, pass \(clean.map { "--encoding \($0)" }.joined(separator: " or "))"
            return SpanCoderError(
                .badInput,
                "not valid UTF-8 (bad byte\(byte)); it reads as \(named) without errors, but the encoding detector did not take it for \(clean.count == 1 ? "that" : "either") (too short or unusual to tell): \(advice)\(guess)",
                at: SourceLocation(file: name, byteOffset: utf8Problem.offset))
        }
        // Furthest first; on a tie UTF-8, then GB18030, then Big5 (the order above).
        let ranked = readings.enumerated().sorted { a, b in
            a.element.offset != b.element.offset ? a.element.offset > b.element.offset : a.offset < b.offset
        }.map(\.element)
        func describe(_ reading: (charset: String, offset: Int)) -> String {
            let byte = reading.offset < bytes.count ? "0x\(hex(bytes[reading.offset]))" : "end of file"
            return "\(reading.charset) at byte \(reading.offset) (\(byte))"
        }
        let best = ranked[0]
        let message: String
        if ranked.allSatisfy({ $0.offset == best.offset }) {
            let byte = best.offset < bytes.count ? " 0x\(hex(bytes[best.offset]))" : ""
            message = "not valid UTF-8 (bad byte\(byte)), and not GB18030 or Big5 either; name the encoding with --encoding\(guess)"
        } else if best.charset != "UTF-8", let odd = misdecodedCharacter(bytes, as: best.charset) {
            // The bytes convert; what stopped the reading is a character real text seldom holds.
            let digits = String(odd.value, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
            message = "not valid UTF-8; it converts as \(best.charset), but the bytes here (0x\(best.offset < bytes.count ? hex(bytes[best.offset]) : "--")…) become \(code), "
                + "a \((0x80...0x9F).contains(odd.value) ? "C1 control" : "private-use") character, which documents seldom hold and wrong guesses often make, "
                + "so it was not taken for \(best.charset); if the file is \(best.charset), pass --encoding \(best.charset)\(guess)"
        } else {
            message = "not valid UTF-8, GB18030 or Big5: the longest reading, \(best.charset), breaks here (byte 0x\(best.offset < bytes.count ? hex(bytes[best.offset]) : "--")); "
                + "the others break earlier: \(ranked.dropFirst().map(describe).joined(separator: ", ")). "
                + "Fix or remove the bad bytes, or name the encoding with --encoding\(guess)"
        }
        return SpanCoderError(.badInput, message, at: SourceLocation(file: name, byteOffset: best.offset))
    }

    /// The first C1 control or private-use character of `bytes` read as `charset`, when every byte
    /// converts (nil when none, or the conversion fails).
    static func misdecodedCharacter(_ bytes: UnsafeBufferPointer<UInt8>, as charset: String) -> Unicode.Scalar? {
        guard let text = try? convert(bytes, from: charset, name: "", offsetBase: 0) else { return nil }
        return text.unicodeScalars.first(where: isMisdecoded)
    }

    /// Where `bytes` stop being `charset`: the first illegal, unmappable or truncated sequence, or the
    /// first character that a stray byte decodes to (a C1 control or private-use character, see
    /// `looksMisdecoded`); nil when the whole input reads well.
    static func firstFailure(_ bytes: UnsafeBufferPointer<UInt8>, as charset: String) -> Int? {
        do {
            let text = try convert(bytes, from: charset, name: "", offsetBase: 0)
            guard looksMisdecoded(text) else { return nil }
            // The offset of the first misdecoded character: the length of the text before it, encoded
            // back (GB18030 round-trips every character; Big5 all but a few duplicates).
            var prefix = ""
            for scalar in text.unicodeScalars {
                if isMisdecoded(scalar) { break }
                prefix.unicodeScalars.append(scalar)
            }
            let needed = prefix.withUTF8 { utf8 in
                utf8.isEmpty ? 0 : sc_convert_from_utf8(charset, utf8.baseAddress!, Int64(utf8.count), nil, 0)
            }
            return needed >= 0 ? min(Int(needed), bytes.count) : 0
        } catch let error as SpanCoderError {
            return error.location?.byteOffset ?? 0
        } catch {
            return 0
        }
    }

    /// Refuses text with a NUL character, as a NUL byte is refused in UTF-8: in a document it means
    /// binary data. The error names the byte offset of the NUL in `source` for the UTF-16 and UTF-32
    /// families (counted in code units) and for byte-oriented encodings (where NUL is the byte 0).
    static func refuseNUL(in text: String, charset: String, source: UnsafeBufferPointer<UInt8>, name: String, offsetBase: Int) throws {
        var text = text
        let prefix: (scalars: Int, supplementary: Int)? = text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, let nul = memchr(base, 0, utf8.count) else { return nil }
            let end = UnsafeRawPointer(nul) - UnsafeRawPointer(base)
            var scalars = 0, supplementary = 0
            for byte in utf8[..<end] where byte & 0xC0 != 0x80 {
                scalars += 1
                if byte >= 0xF0 { supplementary += 1 }
            }
            return (scalars, supplementary)
        }
        guard let prefix else { return }
        let family = charset.uppercased().replacingASCII("_", with: "-")
        let offset: Int
        if family.hasPrefix("UTF-32") || family.hasPrefix("UTF32") || family.hasPrefix("UCS-4") {
            offset = offsetBase + 4 * prefix.scalars
        } else if family.hasPrefix("UTF-16") || family.hasPrefix("UTF16") || family.hasPrefix("UCS-2") {
            offset = offsetBase + 2 * (prefix.scalars + prefix.supplementary)
        } else if let base = source.baseAddress, let nul = memchr(base, 0, source.count) {
            offset = UnsafeRawPointer(nul) - UnsafeRawPointer(base)
        } else {
            offset = offsetBase
        }
        throw SpanCoderError(.badInput, "not a text file: NUL character in \(charset) text (binary data?)",
                             at: SourceLocation(file: name, byteOffset: offset))
    }

    /// Whether every byte above 0x7F belongs to a pair in GB2312's range (EUC-CN: both 0xA1–0xFE) or to
    /// a four-byte GB18030 sequence (lead, digit, lead, digit: U+200B is 81 36 A4 37), and there is at
    /// least one of either. A Western encoding's high bytes stand alone between ASCII letters and spaces.
    /// GBK's pairs with an ASCII trail byte (– is A8 43) are left out: "©G" in windows-1252 is one too.
    static func isGB2312Shaped(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        @inline(__always) func isRow(_ byte: UInt8) -> Bool { byte >= 0xA1 && byte <= 0xFE }
        @inline(__always) func isLead(_ byte: UInt8) -> Bool { byte >= 0x81 && byte <= 0xFE }
        @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        var k = 0, pairs = 0
        let count = bytes.count
        while k < count {
            let byte = bytes[k]
            if byte < 0x80 { k += 1; continue }
            if k + 3 < count, isLead(byte), isDigit(bytes[k + 1]), isLead(bytes[k + 2]), isDigit(bytes[k + 3]) {
                pairs += 1
                k += 4
                continue
            }
            guard isRow(byte), k + 1 < count, isRow(bytes[k + 1]) else { return false }
            pairs += 1
            k += 2
        }
        return pairs > 0
    }

    /// The detector's confidence (0–100) from which a legacy CJK reading is taken without being named.
    /// Real GB18030 and Big5 text scores 100, even a sentence of it; bytes that merely convert (a
    /// windows-1252 dash, a stray byte in UTF-8, four characters too few to tell) score the floor, 10.
    static let legacyConfidenceMinimum: Int32 = 30

    /// The legacy encodings SpanCoder reads `bytes` as without being told, most likely first: GB18030 or
    /// Big5 when ICU's detector ranks them above every other guess but the Unicode forms (which the
    /// bytes are not) with confidence `legacyConfidenceMinimum` or more, and otherwise none, with the
    /// detector's best other guess for the error message.
    ///
    /// Why the rank counts and not only that the bytes convert: GB18030 maps almost any byte sequence to
    /// some character, so windows-1252 "bias\x97discrimination" read as GB18030 is "bias梔iscrimination",
    /// silently: the "d" is swallowed and every later offset shifts.
    static func detectLegacyEncodings(_ bytes: UnsafeBufferPointer<UInt8>) -> (accepted: [String], otherGuess: (name: String, confidence: Int)?) {
        // The detector's statistics settle within a few hundred KB.
        let sample = min(bytes.count, 1 << 20)
        var matches = [sc_charset_match](repeating: sc_charset_match(), count: 32)
        let count = matches.withUnsafeMutableBufferPointer { out in
            sc_detect_charsets(bytes.baseAddress!, Int32(sample), out.baseAddress!, Int32(out.count))
        }
        guard count > 0 else { return ([], nil) }
        var names: [String] = []
        for match in matches[0..<Int(count)] {
            var nameTuple = match.name
            let name = withUnsafeBytes(of: &nameTuple) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix("UTF-") { continue }
            guard detectableLegacyEncodings.contains(name), match.confidence >= legacyConfidenceMinimum else {
                // The first guess SpanCoder does not take ends the list: what ranks below it is less likely.
                let other = match.confidence >= legacyConfidenceMinimum && !detectableLegacyEncodings.contains(name)
                    ? (name, Int(match.confidence)) : nil
                return (names, names.isEmpty ? other : nil)
            }
            if !names.contains(name) { names.append(name) }
        }
        return (names, nil)
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
        return text.unicodeScalars.contains(where: isMisdecoded)
    }

    /// A C1 control or private-use character: what ICU's GB18030 and Big5 tables make of stray bytes.
    static func isMisdecoded(_ scalar: Unicode.Scalar) -> Bool {
        (0x80...0x9F).contains(scalar.value) || (0xE000...0xF8FF).contains(scalar.value)
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
            let text = try decodeUTF8(body, name: name, offsetBase: base)
            try refuseNUL(in: text, charset: "UTF-8", source: bytes, name: name, offsetBase: base)
            return Decoded(text: text, encoding: "UTF-8")
        }
        try validateEncodingName(encoding)
        // UTF-16 and UTF-32 put a NUL byte in every ASCII character (a space, a line break, a digit): a file
        // without one that is valid UTF-8 is UTF-8, and read as UTF-16 it became text in no script at all,
        // which nothing could code (a US executive order read as CJK-looking characters, exit 0).
        let wide = ["UTF-16", "UTF16", "UTF-32", "UTF32", "UCS-2", "UCS-4"].contains { canonical.hasPrefix($0) }
        if wide, bytes.count >= 16, unicodeByteOrderMark(bytes) == nil, let base = bytes.baseAddress, memchr(base, 0, bytes.count) == nil,
           UTF8Validation.firstProblem(in: bytes) == nil {
            throw SpanCoderError(.badInput, "read as \(encoding) as --encoding says, but the file has no NUL byte and is valid UTF-8: "
                                 + "\(encoding) writes one in every ASCII character (a space, a line break), so the file is UTF-8; drop --encoding for it",
                                 at: SourceLocation(file: name))
        }
        var text = try convert(bytes, from: encoding, name: name, offsetBase: 0)
        // ICU's "UTF-16" and "UTF-32" converters consume a byte-order mark; the LE/BE ones keep it as
        // U+FEFF, dropped below, and take FF FE for U+FFFE. Offsets of a NUL count from where the
        // characters start. A UTF-16 converter consumes two bytes of FF FE 00 00 (the UTF-32LE mark):
        // the NUL after them is a character.
        var consumedMark = 0
        if text.unicodeScalars.first != "\u{FEFF}", !(canonical.hasSuffix("LE") || canonical.hasSuffix("BE")),
           let mark = unicodeByteOrderMark(bytes) {
            let utf16 = canonical.hasPrefix("UTF-16") || canonical.hasPrefix("UTF16") || canonical.hasPrefix("UCS-2")
            consumedMark = utf16 ? 2 : mark.length
        }
        try refuseNUL(in: text, charset: encoding, source: bytes, name: name, offsetBase: consumedMark)
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        return Decoded(text: text, encoding: encoding)
    }

    static func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, name: String, offsetBase: Int) throws -> String {
        if let text = UTF8Validation.string(validating: bytes) { return text }
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

