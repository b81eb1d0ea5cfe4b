import Foundation
import SpanCoderCore

/// SpanCoder's canonical JSONL format: one coded span per line.
///
/// ```json
/// {"doc":"d1","start":0,"end":12,"text":"…","codes":[{"code":"risk.bias","score":1.5,
///   "evidence":[{"term":"歧视","rule":null,"start":3,"end":5}]}]}
/// ```
/// Offsets are code points, half-open. On reading, `codes` may also be a list of plain code ids (the
/// shape of gold files), and extra fields (`unit`, `id`, metadata) are ignored except `id`/`unit`,
/// which become the span's id.
public enum CodedSpanJSONL {
    /// One JSON line (without the newline) for `span`.
    public static func encode(_ span: CodedSpan, includeText: Bool = true) -> String {
        var line: [UInt8] = []
        encode(span, includeText: includeText, into: &line)
        return String(decoding: line, as: UTF8.self)
    }

    /// Appends the UTF-8 of `encode(span)` (without the newline) to `line`: the form for output loops,
    /// which reuse one buffer for many spans.
    public static func encode(_ span: CodedSpan, includeText: Bool = true, into line: inout [UInt8]) {
        JSONText.appendLiteral("{\"doc\":", to: &line)
        JSONText.appendString(span.doc, to: &line)
        line.append(UInt8(ascii: ","))
        appendOffsets(span.range, to: &line)
        if let id = span.id {
            // Only spans that carry an id (a gold unit, the whole-document line of `tag --doc-codes`).
            JSONText.appendLiteral(",\"id\":", to: &line)
            JSONText.appendString(id, to: &line)
        }
        if includeText, let text = span.text {
            JSONText.appendLiteral(",\"text\":", to: &line)
            JSONText.appendString(text, to: &line)
        }
        JSONText.appendLiteral(",\"codes\":[", to: &line)
        for (i, code) in span.codes.enumerated() {
            if i > 0 { line.append(UInt8(ascii: ",")) }
            appendCodeOpening(code.code, to: &line)
            if let score = code.score {
                JSONText.appendLiteral(",\"score\":", to: &line)
                JSONText.appendNumber(score, to: &line)
            }
            JSONText.appendLiteral(",\"evidence\":[", to: &line)
            for (j, evidence) in code.evidence.enumerated() {
                if j > 0 { line.append(UInt8(ascii: ",")) }
                appendEvidenceOpening(term: evidence.term, to: &line)
                if let rule = evidence.rule { JSONText.appendString(rule, to: &line) } else { JSONText.appendLiteral("null", to: &line) }
                appendEvidenceClosing(evidence.range, to: &line)
            }
            JSONText.appendLiteral("]}", to: &line)
        }
        JSONText.appendLiteral("]}", to: &line)
    }

    // The pieces of a line, shared with writers that assemble lines themselves (`spancoder tag`
    // writes its default output straight from the classifier's proposals).

    /// Appends `"start":S,"end":E` (code points).
    public static func appendOffsets(_ range: TextRange, to line: inout [UInt8]) {
        JSONText.appendLiteral("\"start\":", to: &line)
        JSONText.appendInteger(range.start, to: &line)
        JSONText.appendLiteral(",\"end\":", to: &line)
        JSONText.appendInteger(range.end, to: &line)
    }

    /// Appends `{"code":<code>` (a code assignment, up to its score).
    public static func appendCodeOpening(_ code: String, to line: inout [UInt8]) {
        JSONText.appendLiteral("{\"code\":", to: &line)
        JSONText.appendString(code, to: &line)
    }

    /// Appends `{"term":<term>,"rule":` (a piece of evidence, up to its rule or `null`).
    public static func appendEvidenceOpening(term: String, to line: inout [UInt8]) {
        JSONText.appendLiteral("{\"term\":", to: &line)
        JSONText.appendString(term, to: &line)
        JSONText.appendLiteral(",\"rule\":", to: &line)
    }

    /// Appends `,"start":S,"end":E}` (the end of a piece of evidence).
    public static func appendEvidenceClosing(_ range: TextRange, to line: inout [UInt8]) {
        line.append(UInt8(ascii: ","))
        appendOffsets(range, to: &line)
        line.append(UInt8(ascii: "}"))
    }

    /// `appendOffsets(_:to:)` for a `JSONLineWriter` (at most `2 × JSONText.maxNumberLength + 15` bytes).
    @inlinable
    public static func appendOffsets(_ range: TextRange, to line: inout JSONLineWriter) {
        line.append("\"start\":")
        line.appendInteger(range.start)
        line.append(",\"end\":")
        line.appendInteger(range.end)
    }

    /// `appendEvidenceClosing(_:to:)` for a `JSONLineWriter` (at most `2 × JSONText.maxNumberLength + 17` bytes).
    @inlinable
    public static func appendEvidenceClosing(_ range: TextRange, to line: inout JSONLineWriter) {
        line.append(UInt8(ascii: ","))
        appendOffsets(range, to: &line)
        line.append(UInt8(ascii: "}"))
    }

    /// Parses one line. `location` names the file and line in errors.
    /// - Throws: `SpanCoderError.badInput` saying which field is missing or wrong.
    public static func decode(_ line: String, location: SourceLocation) throws -> CodedSpan {
        let object: Any
        do {
            object = try FoundationJSON.object(with: Data(line.utf8), options: [.fragmentsAllowed])
        } catch {
            throw SpanCoderError(.badInput, "not valid JSON: \(error.localizedDescription)", at: location)
        }
        guard let fields = object as? [String: Any] else {
            throw SpanCoderError(.badInput, "expected a JSON object", at: location)
        }
        return try decode(fields, location: location)
    }

    /// Builds a span from an already parsed JSON object.
    public static func decode(_ fields: [String: Any], location: SourceLocation) throws -> CodedSpan {
        guard let doc = fields["doc"] as? String else {
            // A corpus line may give its id as a number; a span names the document as tag writes it, a string.
            throw SpanCoderError(.badInput, fields["doc"] == nil || fields["doc"] is NSNull ? "missing string field \"doc\""
                                 : "\"doc\" must be a string, the document id as tag writes it (a corpus id 1 is \"doc\": \"1\")", at: location)
        }
        let start = try integer(fields["start"], "start", location)
        let end = try integer(fields["end"], "end", location)
        guard start >= 0 else { throw SpanCoderError(.badInput, "negative start \(start)", at: location) }
        guard start <= end else { throw SpanCoderError(.badInput, "inverted span: start \(start) > end \(end)", at: location) }
        var codes: [CodeAssignment] = []
        if let list = fields["codes"] as? [Any] {
            for item in list {
                if let id = item as? String {
                    codes.append(CodeAssignment(code: id))
                } else if let object = item as? [String: Any], let id = object["code"] as? String {
                    var evidence: [Evidence] = []
                    for entry in object["evidence"] as? [[String: Any]] ?? [] {
                        guard let term = entry["term"] as? String else { continue }
                        let eStart = try integer(entry["start"], "evidence start", location)
                        let eEnd = try integer(entry["end"], "evidence end", location)
                        guard 0 <= eStart, eStart <= eEnd else {
                            throw SpanCoderError(.badInput, "evidence range [\(eStart), \(eEnd)) is invalid", at: location)
                        }
                        evidence.append(Evidence(term: term, rule: entry["rule"] as? String, range: TextRange(start: eStart, end: eEnd)))
                    }
                    codes.append(CodeAssignment(code: id, score: (object["score"] as? NSNumber)?.doubleValue, evidence: evidence))
                } else {
                    throw SpanCoderError(.badInput, "\"codes\" must hold code ids or objects with a \"code\" field", at: location)
                }
            }
        } else if fields["codes"] != nil, !(fields["codes"] is NSNull) {
            throw SpanCoderError(.badInput, "\"codes\" must be a list", at: location)
        }
        var id: String?
        if let value = fields["id"] { id = "\(value)" } else if let value = fields["unit"] { id = "\(value)" }
        return CodedSpan(doc: doc, range: TextRange(start: start, end: end), text: fields["text"] as? String, codes: codes, id: id)
    }

    private static func integer(_ value: Any?, _ name: String, _ location: SourceLocation) throws -> Int {
        // JSON booleans must not pass as 0/1, whichever bridging the platform's JSONSerialization uses.
        if let value, type(of: value) != Bool.self {
            if let integer = value as? Int { return integer }
            if let double = value as? Double, double == double.rounded(), abs(double) < 1e15 { return Int(double) }
            // 2^70 is read as a Double: a whole number, but no offset any text reaches.
            if let number = value as? NSNumber, number.doubleValue.isFinite, number.doubleValue == number.doubleValue.rounded() {
                throw SpanCoderError(.badInput, "field \"\(name)\" is \(number), too large for an offset", at: location)
            }
        }
        throw SpanCoderError(.badInput, "field \"\(name)\" must be a whole number", at: location)
    }

    /// Reads every span of a JSONL file, line by line, skipping blank lines.
    /// - Throws: the first malformed line's error, with file and line number.
    public static func read(path: String) throws -> [CodedSpan] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpanCoderError(.badInput, "cannot read file", at: SourceLocation(file: path))
        }
        var spans: [CodedSpan] = []
        var lineNumber = 0
        // Split on bytes: as Characters, "\r\n" is one grapheme, so a CRLF file would not split at "\n".
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            guard let text = String(validating: line, as: UTF8.self) else {
                throw SpanCoderError(.badInput, "not valid UTF-8", at: SourceLocation(file: path, line: lineNumber))
            }
            spans.append(try decode(text, location: SourceLocation(file: path, line: lineNumber)))
        }
        return spans
    }
}
