import Foundation
import SpanCoderCore

/// doccano sequence-labelling JSONL: one document per line.
///
/// ```json
/// {"doc": "cn-genai-measures-2023", "text": "…", "label": [[10, 42, "risk.bias"], [10, 42, "gov.audits"]]}
/// ```
/// **Offsets are UTF-16 code units** (doccano computes them in the browser, in JavaScript string
/// indices), not code points: a character outside the Basic Multilingual Plane (𠮷, most emoji) counts 2.
/// The writer converts from SpanCoder's code points and the reader converts back, rejecting an offset
/// that falls inside a surrogate pair. Each (span, code) pair is one `[start, end, label]` entry; the
/// reader merges entries with the same range into one span. Metadata fields of the document are written
/// beside `doc`/`text` (doccano keeps unknown fields as metadata on import).
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
        for key in document.document.metadata.keys.sorted() where !["doc", "text", "label", "id"].contains(key) {
            json += ","
            JSONText.appendString(key, to: &json)
            json += ":"
            JSONText.appendString(document.document.metadata[key]!, to: &json)
        }
        json += "}"
        return json
    }

    /// Parses one doccano JSONL line.
    /// - Throws: `SpanCoderError.badInput` with `location` when the line is malformed or an offset is
    ///   impossible.
    public static func decode(line: String, location: SourceLocation) throws -> AnnotatedDocument {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line.utf8))
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
        var entries: [(Int, Int, String)] = []
        if let labels = fields["label"] ?? fields["labels"], !(labels is NSNull) {
            guard let list = labels as? [Any] else {
                throw SpanCoderError(.badInput, "\"label\" must be a list of [start, end, label]", at: location)
            }
            for item in list {
                guard let triple = item as? [Any], triple.count == 3,
                      let start = integer(triple[0]), let end = integer(triple[1]), let label = triple[2] as? String else {
                    throw SpanCoderError(.badInput, "each \"label\" entry must be [start, end, \"label\"]", at: location)
                }
                entries.append((start, end, label))
            }
        }
        if let entities = fields["entities"] as? [[String: Any]] {
            for entity in entities {
                guard let start = integer(entity["start_offset"]), let end = integer(entity["end_offset"]),
                      let label = entity["label"] as? String else {
                    throw SpanCoderError(.badInput, "each entity needs whole-number start_offset, end_offset and a string label", at: location)
                }
                entries.append((start, end, label))
            }
        }
        var spans: [CodedSpan] = []
        for (start, end, label) in entries {
            guard let range = document.codePointRange(utf16Start: start, end: end) else {
                throw SpanCoderError(.badInput, "label \"\(label)\" [\(start), \(end)) is not a valid UTF-16 range of the text (\(document.index.utf16Count) UTF-16 code units; offsets must not split a surrogate pair)", at: location)
            }
            spans.append(CodedSpan(doc: docID, range: range, text: try document.slice(range), codes: [CodeAssignment(code: label)]))
        }
        var metadata: [String: String] = [:]
        for (key, value) in fields where !["doc", "text", "label", "labels", "entities"].contains(key) {
            if let value = string(value) { metadata[key] = value }
        }
        return AnnotatedDocument(document: Document(id: docID, text: text, metadata: metadata), spans: mergeSameRange(spans))
    }

    /// Reads a doccano JSONL file, skipping blank lines.
    /// - Throws: the first malformed line's error, with file and line number.
    public static func read(path: String) throws -> [AnnotatedDocument] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpanCoderError(.badInput, "cannot read file", at: SourceLocation(file: path))
        }
        var documents: [AnnotatedDocument] = []
        var lineNumber = 0
        // Split on bytes: as Characters, "\r\n" is one grapheme and would not split at "\n".
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            let text = String(decoding: line, as: UTF8.self)
            documents.append(try decode(line: text, location: SourceLocation(file: path, line: lineNumber)))
        }
        return documents
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
