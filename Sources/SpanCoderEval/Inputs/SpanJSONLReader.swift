import Foundation
import SpanCoderCore
import SpanCoderFormats
import SpanCoderText

/// Reads span JSONL (SpanCoder's format and the gold's unit shape) straight into an `AnnotationSet`.
///
/// A byte-level parser handles the common line shape — `doc`, `start`, `end`, `codes` as a list of
/// strings, and optional `text`, `id`, `unit` — without building a dictionary per line, which makes
/// two million lines take well under a second. Any other line (codes as objects with evidence, extra
/// fields, unusual number syntax) goes through `CodedSpanJSONL.decode`, so both paths accept the same
/// files. Malformed lines become `Diagnostic`s with file and line, never silent drops.
public enum SpanJSONLReader {
    /// Reads `path` into a new set named `name`.
    /// - Parameter holdsCodes: whether the lines are codings (gold, predictions, coders), which name
    ///   their codes in `codes`, rather than units, which need none (see `parse`).
    /// - Throws: `SpanCoderError.badInput` when the file cannot be read.
    public static func read(path: String, name: String? = nil, holdsCodes: Bool = true, vocabulary: inout Vocabulary) throws -> AnnotationSet {
        let data = Data(try FileReader.readAll(path: path))
        return parse(data: data, file: path, name: name ?? path, holdsCodes: holdsCodes, vocabulary: &vocabulary)
    }

    /// Parses JSONL bytes; `file` names the source in diagnostics. With `holdsCodes`, a span line with
    /// no `codes` but a field such as `code`, `label` or `labels` is malformed (left out, with a
    /// finding): read as it is, it would be a span coded with nothing, and every gold code on it a
    /// miss, without a word.
    public static func parse(data: Data, file: String, name: String, holdsCodes: Bool = true, vocabulary: inout Vocabulary) -> AnnotationSet {
        var set = AnnotationSet(name: name)
        let estimate = data.count / 60
        set.docs.reserveCapacity(estimate); set.starts.reserveCapacity(estimate)
        set.ends.reserveCapacity(estimate); set.lines.reserveCapacity(estimate)
        set.codeStart.reserveCapacity(estimate + 1); set.codes.reserveCapacity(estimate)
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var parser = LineParser()
            // Both parsers would read a bad byte as U+FFFD: a code or document id that matches nothing,
            // scored as misses. One pass over the whole file says whether any line must be checked.
            let allValid = UTF8Validation.check(bytes).isValid
            var lineStart = 0
            var lineNumber = 0
            let n = bytes.count
            while lineStart < n {
                lineNumber += 1
                var lineEnd = lineStart
                if let base = bytes.baseAddress,
                   let hit = memchr(base + lineStart, 0x0A, n - lineStart) {
                    lineEnd = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                } else {
                    lineEnd = n
                }
                var contentEnd = lineEnd
                if contentEnd > lineStart, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<contentEnd])
                lineStart = lineEnd + 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                if !allValid, let problem = UTF8Validation.firstProblem(in: line) {
                    let offset = problem.offset + (line.baseAddress.map { $0 - bytes.baseAddress! } ?? 0)
                    set.diagnostics.append(Diagnostic(.malformed, at: SourceLocation(file: file, line: lineNumber, byteOffset: offset),
                                                      "not valid UTF-8", excluded: true))
                    continue
                }
                if parser.parse(line, vocabulary: &vocabulary) {
                    set.append(doc: parser.doc, start: parser.start, end: parser.end, codes: parser.codes,
                               line: lineNumber, text: parser.text, id: parser.id)
                } else {
                    slowPath(line: line, lineNumber: lineNumber, file: file, holdsCodes: holdsCodes, set: &set, vocabulary: &vocabulary)
                }
            }
        }
        return set
    }

    /// Fields that codings from other tools hold their codes in, which `codes` does not read.
    static let codeFieldLookalikes = ["code", "label", "labels", "tag", "tags", "category", "categories", "Codes", "CODES"]

    private static func slowPath(line: UnsafeBufferPointer<UInt8>, lineNumber: Int, file: String, holdsCodes: Bool,
                                 set: inout AnnotationSet, vocabulary: inout Vocabulary) {
        let location = SourceLocation(file: file, line: lineNumber)
        let object: Any
        do {
            object = try FoundationJSON.object(with: Data(line))
        } catch {
            set.diagnostics.append(Diagnostic(.malformed, at: location, "not valid JSON", excluded: true))
            return
        }
        guard var fields = object as? [String: Any] else {
            set.diagnostics.append(Diagnostic(.malformed, at: location, "expected a JSON object", excluded: true))
            return
        }
        // Inverted and negative spans are a validation finding (reported with the others), not a parse
        // failure: decode them with a placeholder range and restore the offsets.
        if holdsCodes, fields["codes"] == nil, let key = codeFieldLookalikes.first(where: { fields[$0] != nil }) {
            set.diagnostics.append(Diagnostic(.malformed, at: location,
                                              "no \"codes\" field, but a \"\(key)\" field: a span's codes go in \"codes\": [\"…\"] (read as it is, the span would code nothing)",
                                              excluded: true))
            return
        }
        let rawStart = fields["start"] as? Int
        let rawEnd = fields["end"] as? Int
        if let rawStart, let rawEnd, rawStart > rawEnd || rawStart < 0 {
            fields["start"] = 0
            fields["end"] = 0
        }
        do {
            let span = try CodedSpanJSONL.decode(fields, location: location)
            let doc = vocabulary.internDoc(span.doc)
            let rowCodes = span.codes.map { vocabulary.internCode($0.code) }
            set.append(doc: doc, start: rawStart ?? span.range.start, end: rawEnd ?? span.range.end,
                       codes: rowCodes, line: lineNumber, text: span.text, id: span.id)
            if span.codes.contains(where: { !$0.evidence.isEmpty }) {
                set.evidence[set.count - 1] = span.codes.map(\.evidence)
            }
        } catch let error as SpanCoderError {
            set.diagnostics.append(Diagnostic(.malformed, at: location, error.message, excluded: true))
        } catch {
            set.diagnostics.append(Diagnostic(.malformed, at: location, "\(error)", excluded: true))
        }
    }
}

/// The fast path: one flat JSON object with known keys. Returns false on anything else, and the
/// caller falls back to the full decoder.
struct LineParser {
    var doc: Int32 = 0
    var start = 0
    var end = 0
    var codes: [Int32] = []
    var text: String?
    var id: String?
    private var lastDocBytes: [UInt8] = []
    private var lastDoc: Int32 = -1
    private var scratch: [UInt8] = []

    mutating func parse(_ line: UnsafeBufferPointer<UInt8>, vocabulary: inout Vocabulary) -> Bool {
        var i = 0
        let n = line.count
        @inline(__always) func skipSpace() { while i < n, line[i] == 0x20 || line[i] == 0x09 { i += 1 } }
        skipSpace()
        guard i < n, line[i] == UInt8(ascii: "{") else { return false }
        i += 1
        var haveDoc = false, haveStart = false, haveEnd = false
        codes.removeAll(keepingCapacity: true)
        text = nil
        id = nil
        var unit: String?
        while true {
            skipSpace()
            guard i < n else { return false }
            if line[i] == UInt8(ascii: "}") { i += 1; break }
            if line[i] == UInt8(ascii: ",") { i += 1; skipSpace() }
            guard i < n, line[i] == 0x22 else { return false }
            // Keys are plain ASCII in every shape we accept.
            let keyStart = i + 1
            var k = keyStart
            while k < n, line[k] != 0x22, line[k] != 0x5C { k += 1 }
            guard k < n, line[k] == 0x22 else { return false }
            let keyLength = k - keyStart
            let key0 = keyLength > 0 ? line[keyStart] : 0
            i = k + 1
            skipSpace()
            guard i < n, line[i] == UInt8(ascii: ":") else { return false }
            i += 1
            skipSpace()
            // The key must really be the one its length and first letter suggest.
            let expected: StaticString
            switch (keyLength, key0) {
            case (3, UInt8(ascii: "d")): expected = "doc"
            case (5, UInt8(ascii: "s")): expected = "start"
            case (3, UInt8(ascii: "e")): expected = "end"
            case (5, UInt8(ascii: "c")): expected = "codes"
            case (4, UInt8(ascii: "t")): expected = "text"
            case (2, UInt8(ascii: "i")): expected = "id"
            default: expected = "unit"
            }
            if !UnsafeBufferPointer(rebasing: line[keyStart..<(keyStart + keyLength)])
                .elementsEqual(UnsafeBufferPointer(start: expected.utf8Start, count: expected.utf8CodeUnitCount)) {
                return false
            }
            guard i < n else { return false }
            switch (keyLength, key0) {
            case (3, UInt8(ascii: "d")): // doc
                guard line[i] == 0x22, let (s, e, escaped) = stringBounds(line, from: i), !escaped else { return false }
                let slice = UnsafeBufferPointer(rebasing: line[(s)..<e])
                if lastDoc >= 0, slice.elementsEqual(lastDocBytes) {
                    doc = lastDoc
                } else {
                    let name = String(decoding: slice, as: UTF8.self)
                    doc = vocabulary.internDoc(name)
                    lastDoc = doc
                    lastDocBytes = Array(slice)
                }
                haveDoc = true
                i = e + 1
            case (5, UInt8(ascii: "s")), (3, UInt8(ascii: "e")): // start, end
                guard let (value, next) = integer(line, from: i) else { return false }
                if keyLength == 5 { start = value; haveStart = true } else { end = value; haveEnd = true }
                i = next
            case (5, UInt8(ascii: "c")): // codes
                guard line[i] == UInt8(ascii: "[") else {
                    if matchLiteral(line, at: i, "null") { i += 4; continue }
                    return false
                }
                i += 1
                skipSpace()
                if i < n, line[i] == UInt8(ascii: "]") { i += 1; continue }
                while true {
                    skipSpace()
                    guard i < n, line[i] == 0x22, let (s, e, escaped) = stringBounds(line, from: i), !escaped else { return false }
                    codes.append(lookupCode(UnsafeBufferPointer(rebasing: line[s..<e]), vocabulary: &vocabulary))
                    i = e + 1
                    skipSpace()
                    guard i < n else { return false }
                    if line[i] == UInt8(ascii: ",") { i += 1; continue }
                    if line[i] == UInt8(ascii: "]") { i += 1; break }
                    return false
                }
            case (4, UInt8(ascii: "t")), (2, UInt8(ascii: "i")): // text, id
                if line[i] == 0x22 {
                    guard let (s, e, escaped) = stringBounds(line, from: i) else { return false }
                    let value: String
                    if escaped {
                        guard let decoded = unescape(UnsafeBufferPointer(rebasing: line[s..<e])) else { return false }
                        value = decoded
                    } else {
                        value = String(decoding: UnsafeBufferPointer(rebasing: line[s..<e]), as: UTF8.self)
                    }
                    if keyLength == 4 { text = value } else { id = value }
                    i = e + 1
                } else if keyLength == 2, let (value, next) = integer(line, from: i) {
                    id = String(value)
                    i = next
                } else if matchLiteral(line, at: i, "null") {
                    i += 4
                } else {
                    return false
                }
            case (4, UInt8(ascii: "u")): // unit
                guard let (value, next) = integer(line, from: i) else { return false }
                unit = String(value)
                i = next
            default:
                return false
            }
        }
        skipSpace()
        guard i == n, haveDoc, haveStart, haveEnd else { return false }
        if id == nil { id = unit }
        return true
    }

    private mutating func lookupCode(_ bytes: UnsafeBufferPointer<UInt8>, vocabulary: inout Vocabulary) -> Int32 {
        if vocabulary.codeBytes.count <= 128 {
            for (index, known) in vocabulary.codeBytes.enumerated() where known.count == bytes.count {
                if known.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
                    return Int32(index)
                }
            }
        }
        return vocabulary.internCode(String(decoding: bytes, as: UTF8.self))
    }

    /// Bounds of the string literal starting at the quote `from`: content `[s, e)`, `e` at the
    /// closing quote, and whether it holds escapes.
    private func stringBounds(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> (Int, Int, Bool)? {
        var k = from + 1
        var escaped = false
        while k < line.count {
            let b = line[k]
            if b == 0x22 { return (from + 1, k, escaped) }
            if b == 0x5C { escaped = true; k += 2; continue }
            if b < 0x20 { return nil }
            k += 1
        }
        return nil
    }

    private func integer(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> (Int, Int)? {
        var k = from
        var negative = false
        if k < line.count, line[k] == UInt8(ascii: "-") { negative = true; k += 1 }
        let digitsStart = k
        var value = 0
        while k < line.count, line[k] >= 0x30, line[k] <= 0x39 {
            value = value &* 10 &+ Int(line[k] - 0x30)
            k += 1
        }
        let digits = k - digitsStart
        guard digits > 0, digits <= 15 else { return nil }
        // A fraction or exponent is unusual: the full decoder decides.
        if k < line.count, line[k] == UInt8(ascii: ".") || line[k] == UInt8(ascii: "e") || line[k] == UInt8(ascii: "E") { return nil }
        return (negative ? -value : value, k)
    }

    private func matchLiteral(_ line: UnsafeBufferPointer<UInt8>, at i: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard i + count <= line.count else { return false }
        return UnsafeBufferPointer(rebasing: line[i..<(i + count)])
            .elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: count))
    }

    private mutating func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        scratch.removeAll(keepingCapacity: true)
        var k = 0
        while k < bytes.count {
            let b = bytes[k]
            guard b == 0x5C else { scratch.append(b); k += 1; continue }
            // An invalid escape sends the line to the slow path, which reports it.
            guard let next = try? JSONEscape.decode(bytes, at: k + 1, into: &scratch) else { return nil }
            k = next
        }
        return String(decoding: scratch, as: UTF8.self)
    }
}
