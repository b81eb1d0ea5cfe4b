import Foundation
import SpanCoderCore

/// doccano sequence-labelling JSONL: one document per line.
///
/// ```json
/// {"doc": "cn-genai-measures-2023", "text": "…", "label": [[10, 42, "risk.bias"], [10, 42, "gov.audits"]]}
/// ```
/// **Offsets are UTF-16 code units** (doccano computes them in the browser, in JavaScript string
/// indices), not code points: a character outside the Basic Multilingual Plane (𠮷, most emoji) counts 2.
/// The writer converts from SpanCoder's code points and the reader converts back, skipping (with a
/// warning) an entry whose offset falls inside a surrogate pair or past the text. Each (span, code) pair is one `[start, end, label]` entry; the
/// reader merges entries with the same range into one span. Metadata fields of the document are written
/// beside `doc`/`text` (doccano keeps unknown fields as metadata on import); one named like a key of the
/// format (`label`, `start`, …) is written as `meta_<name>` (`MetadataFields`).
///
/// The reader also accepts doccano's newer export shape, `"entities": [{"start_offset", "end_offset",
/// "label"}]`, and takes the document id from `doc`, else `id`, else the line number.
public enum DoccanoFormat {
    /// One JSONL line (no newline) for `document` and its spans.
    /// - Throws: `SpanCoderError.badInput` when a span lies outside the document.
    public static func line(document: DocumentText, spans: [CodedSpan]) throws -> String {
        var json = "{\"doc\":"
        JSONText.appendString(document.document.id, to: &json)
        json += ",\"text\":"
        JSONText.appendString(document.document.text, to: &json)
        json += ",\"label\":["
        var first = true
        for span in spans {
            let range = try document.utf16Range(of: span.range)
            for code in span.codes {
                if !first { json += "," }
                first = false
                json += "[\(range.lowerBound),\(range.upperBound),"
                JSONText.appendString(code.code, to: &json)
                json += "]"
            }
        }
        json += "]"
        for key in document.document.metadata.keys.sorted() {
            json += ","
            JSONText.appendString(MetadataFields.key(for: key, reserved: MetadataFields.doccanoKeys), to: &json)
            json += ":"
            JSONText.appendString(document.document.metadata[key]!, to: &json)
        }
        json += "}"
        return json
    }

    /// Parses one doccano JSONL line, strictly: any unusable label entry is an error.
    /// - Throws: `SpanCoderError.badInput` with `location` when the line is malformed or an entry is
    ///   unusable (its offsets impossible).
    public static func decode(line: String, location: SourceLocation) throws -> AnnotatedDocument {
        var warnings: [FormatWarning] = []
        let document = try decode(line: line, location: location, warnings: &warnings)
        if let first = warnings.first { throw SpanCoderError(.badInput, first.message, at: first.location) }
        return document
    }

    /// Parses one doccano JSONL line. A label entry that cannot be used (not `[start, end, "label"]`,
    /// offsets inverted, past the text or inside a surrogate pair) is skipped with a warning at
    /// `location`, as Label Studio's and brat's readers skip such a region: the record's other labels stay.
    /// Every span's line is `location.line`.
    /// - Throws: `SpanCoderError.badInput` with `location` when the line is not a JSON object with a
    ///   string `text` (and, if present, a list `label`).
    /// With `mergingSameRange` false, one span per label entry in record order, as `eval` reads a coding
    /// (a repeated entry is a duplicate to report, and nervaluate's matching depends on the order).
    public static func decode(line: String, location: SourceLocation, warnings: inout [FormatWarning],
                              mergingSameRange: Bool = true) throws -> AnnotatedDocument {
        let object: Any
        do {
            object = try FoundationJSON.object(with: Data(line.utf8))
        } catch {
            throw SpanCoderError(.badInput, "not valid JSON: \(error.localizedDescription)", at: location)
        }
        guard let fields = object as? [String: Any] else {
            throw SpanCoderError(.badInput, "expected a JSON object", at: location)
        }
        guard let text = fields["text"] as? String else {
            throw SpanCoderError(.badInput, "missing string field \"text\"", at: location)
        }
        let docID = string(fields["doc"]) ?? string(fields["id"]) ?? String(location.line ?? 0)
        let document = DocumentText(Document(id: docID, text: text))
        var entries: [(number: Int, start: Int, end: Int, label: String)] = []
        var entryNumber = 0
        func skip(_ message: String, _ kind: FormatWarning.Kind = .skipped) {
            warnings.append(FormatWarning("document \"\(docID)\", label entry \(entryNumber): \(message)", at: location, kind: kind))
        }
        if let labels = fields["label"] ?? fields["labels"], !(labels is NSNull) {
            guard let list = labels as? [Any] else {
                throw SpanCoderError(.badInput, "\"label\" must be a list of [start, end, label]", at: location)
            }
            for item in list {
                entryNumber += 1
                guard let triple = item as? [Any], triple.count == 3,
                      let start = integer(triple[0]), let end = integer(triple[1]), let label = triple[2] as? String else {
                    skip("expected [start, end, \"label\"] with whole-number offsets")
                    continue
                }
                entries.append((entryNumber, start, end, label))
            }
        }
        if let entities = fields["entities"] as? [Any] {
            for item in entities {
                entryNumber += 1
                guard let entity = item as? [String: Any], let start = integer(entity["start_offset"]), let end = integer(entity["end_offset"]),
                      let label = entity["label"] as? String else {
                    skip("an entity needs whole-number start_offset, end_offset and a string label")
                    continue
                }
                entries.append((entryNumber, start, end, label))
            }
        }
        var spans: [CodedSpan] = []
        for (number, start, end, label) in entries {
            entryNumber = number
            let units = document.index.utf16Count
            guard 0 <= start, start <= end else {
                skip("label \"\(label)\" [\(start), \(end)) is inverted or negative", .inverted)
                continue
            }
            guard end <= units else {
                skip("label \"\(label)\" [\(start), \(end)) ends past the text (\(units) UTF-16 code units)", .outsideText)
                continue
            }
            guard let range = document.codePointRange(utf16Start: start, end: end) else {
                skip("label \"\(label)\" [\(start), \(end)) splits a surrogate pair (doccano offsets are UTF-16 code units; a character outside the BMP counts 2; was the project set to count grapheme clusters as one character?)")
                continue
            }
            spans.append(CodedSpan(doc: docID, range: range, text: try document.slice(range), codes: [CodeAssignment(code: label)]))
        }
        var metadata: [String: String] = [:]
        for (key, value) in fields where !["doc", "text", "label", "labels", "entities"].contains(key) {
            if let value = string(value) { metadata[MetadataFields.name(for: key)] = value }
        }
        let merged = mergingSameRange ? mergeSameRange(spans) : spans
        return AnnotatedDocument(document: Document(id: docID, text: text, metadata: metadata), spans: merged,
                                 lines: location.line.map { Array(repeating: $0, count: merged.count) })
    }

    /// Reads a doccano JSONL file, skipping blank lines. A record that cannot be read (not JSON, no
    /// `text`) and a label entry that cannot be used are skipped with a warning naming the file and line,
    /// as a malformed span JSONL line is; each span carries its record's line.
    public static func read(path: String, mergingSameRange: Bool = true) throws -> (documents: [AnnotatedDocument], warnings: [FormatWarning]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpanCoderError(.badInput, "cannot read file", at: SourceLocation(file: path))
        }
        var documents: [AnnotatedDocument] = []
        var warnings: [FormatWarning] = []
        var lineNumber = 0
        // Split on bytes: as Characters, "\r\n" is one grapheme and would not split at "\n".
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            let location = SourceLocation(file: path, line: lineNumber)
            // Decoding with repairs would turn a bad byte into U+FFFD: a label or text that is not the file's.
            guard let text = String(validating: line, as: UTF8.self) else {
                warnings.append(FormatWarning("not valid UTF-8; record skipped", at: location))
                continue
            }
            do {
                documents.append(try decode(line: text, location: location, warnings: &warnings, mergingSameRange: mergingSameRange))
            } catch let error as SpanCoderError {
                warnings.append(FormatWarning("\(error.message); record skipped", at: location))
            }
        }
        return (documents, warnings)
    }

    private static func integer(_ value: Any?) -> Int? {
        guard let value, type(of: value) != Bool.self else { return nil }
        if let integer = value as? Int { return integer }
        if let double = value as? Double, double == double.rounded(), abs(double) < 1e15 { return Int(double) }
        return nil
    }

    private static func string(_ value: Any?) -> String? {
        guard let value, !(value is NSNull) else { return nil }
        if let string = value as? String { return string }
        if let number = value as? NSNumber { return number.stringValue }
        return nil
    }
}
