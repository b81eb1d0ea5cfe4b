import Foundation
import SpanCoderCore

/// Label Studio tasks with predictions (writer) and Label Studio JSON exports (reader).
///
/// Written shape (Label Studio's "Basic JSON format" with the `predictions` key, as in its
/// "Import span pre-annotations for text" example), one task per document:
/// ```json
/// [{"data": {"text": "…", "doc": "cn-genai-measures-2023"},
///   "predictions": [{"model_version": "spancoder us-china-ai-governance", "score": 2.5,
///     "result": [{"id": "s3-1", "from_name": "label", "to_name": "text", "type": "labels",
///                 "value": {"start": 10, "end": 42, "text": "…", "labels": ["risk.bias"], "score": 2.5},
///                 "score": 2.5}]}]}]
/// ```
/// Offsets are code points (Python `str` indices, which Label Studio uses). Each (span, code) pair is its
/// own region with one label, so a coder can accept or reject each proposed code separately and each
/// keeps its own score; the matching labelling config is
/// `<Labels name="label" toName="text">…</Labels><Text name="text" value="$text"/>`.
/// The prediction's `score` is the highest code score in the document (SpanCoder scores are summed
/// lexicon weights, not probabilities; Label Studio only sorts by it).
public enum LabelStudioFormat {
    /// Settings for the written tasks.
    public struct Options: Sendable {
        public var modelVersion: String
        public var fromName: String
        public var toName: String

        public init(modelVersion: String = "spancoder", fromName: String = "label", toName: String = "text") {
            self.modelVersion = modelVersion
            self.fromName = fromName
            self.toName = toName
        }
    }

    /// One task (a JSON object, no trailing separator) for `document` and its spans.
    /// - Throws: `SpanCoderError.badInput` when a span lies outside the document.
    public static func task(document: DocumentText, spans: [CodedSpan], options: Options = Options()) throws -> String {
        var json = "{\"data\":{\"text\":"
        JSONText.appendString(document.document.text, to: &json)
        json += ",\"doc\":"
        JSONText.appendString(document.document.id, to: &json)
        for key in document.document.metadata.keys.sorted() where key != "text" && key != "doc" {
            json += ","
            JSONText.appendString(key, to: &json)
            json += ":"
            JSONText.appendString(document.document.metadata[key]!, to: &json)
        }
        json += "},\"predictions\":[{\"model_version\":"
        JSONText.appendString(options.modelVersion, to: &json)
        let best = spans.flatMap { $0.codes.compactMap(\.score) }.max()
        if let best { json += ",\"score\":" + JSONText.number(best) }
        json += ",\"result\":["
        var first = true
        for (s, span) in spans.enumerated() {
            let text = try document.slice(span.range)
            for (c, code) in span.codes.enumerated() {
                if !first { json += "," }
                first = false
                json += "{\"id\":"
                JSONText.appendString(span.id.map { "\($0)-\(c + 1)" } ?? "s\(s + 1)-\(c + 1)", to: &json)
                json += ",\"from_name\":"
                JSONText.appendString(options.fromName, to: &json)
                json += ",\"to_name\":"
                JSONText.appendString(options.toName, to: &json)
                json += ",\"type\":\"labels\",\"value\":{\"start\":\(span.range.start),\"end\":\(span.range.end),\"text\":"
                JSONText.appendString(text, to: &json)
                json += ",\"labels\":["
                JSONText.appendString(code.code, to: &json)
                json += "]"
                if let score = code.score { json += ",\"score\":" + JSONText.number(score) }
                json += "}"
                if let score = code.score { json += ",\"score\":" + JSONText.number(score) }
                json += "}"
            }
        }
        json += "]}]}"
        return json
    }

    /// A whole file: a JSON array of tasks.
    public static func file(_ documents: [(DocumentText, [CodedSpan])], options: Options = Options()) throws -> String {
        var json = "["
        for (i, (document, spans)) in documents.enumerated() {
            json += i == 0 ? "\n" : ",\n"
            json += try task(document: document, spans: spans, options: options)
        }
        json += "\n]\n"
        return json
    }

    // MARK: - Reading

    /// Which results a reader takes from each task.
    public enum Source: Sendable {
        /// `annotations[].result[]` (what coders did), skipping cancelled annotations.
        case annotations
        /// `predictions[].result[]`.
        case predictions
        /// Annotations when a task has any, otherwise its predictions.
        case annotationsElsePredictions
    }

    /// Reads a Label Studio JSON export (an array of tasks, or one task object).
    ///
    /// Each result with `value.start`/`value.end` becomes a span with the codes in `value.labels` (or
    /// `value.choices`, or `value.taxonomy` leaves, or the labels of any other `*labels` key); results
    /// with the same range in one task are merged into one span. Results without offsets (whole-task
    /// `choices`, relations, text areas) are skipped with a warning. The document id is `data.doc`, else
    /// `data.id`, else the task `id`, else the task's position; the text is `data.text` (or
    /// `textField`). Offsets are code points and are checked against the text when it is present.
    /// - Throws: `SpanCoderError.badInput` naming the task (by position) and what is wrong.
    public static func read(data: Data, file: String, source: Source = .annotationsElsePredictions, textField: String = "text")
        throws -> (documents: [AnnotatedDocument], warnings: [FormatWarning])
    {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw SpanCoderError(.badInput, "not valid JSON: \(error.localizedDescription)", at: SourceLocation(file: file))
        }
        let tasks: [Any]
        if let list = root as? [Any] { tasks = list } else if let object = root as? [String: Any] { tasks = [object] } else {
            throw SpanCoderError(.badInput, "expected a JSON array of Label Studio tasks", at: SourceLocation(file: file))
        }
        var documents: [AnnotatedDocument] = []
        var warnings: [FormatWarning] = []
        for (position, item) in tasks.enumerated() {
            let place = "\(file) task \(position + 1)"
            let location = SourceLocation(file: place)
            guard let task = item as? [String: Any] else {
                throw SpanCoderError(.badInput, "expected a task object", at: location)
            }
            let data = task["data"] as? [String: Any] ?? [:]
            let text = data[textField] as? String
            let docID = stringValue(data["doc"]) ?? stringValue(data["id"]) ?? stringValue(task["id"]) ?? String(position + 1)
            let textIndex = text.map { DocumentText(Document(id: docID, text: $0)) }

            let annotations = (task["annotations"] as? [[String: Any]] ?? []).filter { ($0["was_cancelled"] as? Bool) != true }
            let predictions = task["predictions"] as? [[String: Any]] ?? []
            let chosen: [[String: Any]]
            switch source {
            case .annotations: chosen = annotations
            case .predictions: chosen = predictions
            case .annotationsElsePredictions: chosen = annotations.isEmpty ? predictions : annotations
            }
            var spans: [CodedSpan] = []
            for (a, annotation) in chosen.enumerated() {
                for (r, entry) in (annotation["result"] as? [Any] ?? []).enumerated() {
                    let resultPlace = SourceLocation(file: "\(place) result \(a + 1).\(r + 1)")
                    guard let result = entry as? [String: Any], let value = result["value"] as? [String: Any] else {
                        warnings.append(FormatWarning("result without a \"value\" object skipped", at: resultPlace))
                        continue
                    }
                    guard value["start"] != nil || value["end"] != nil else {
                        warnings.append(FormatWarning("result of type \"\(result["type"] as? String ?? "?")\" has no start/end offsets; skipped", at: resultPlace))
                        continue
                    }
                    guard let start = integer(value["start"]), let end = integer(value["end"]) else {
                        warnings.append(FormatWarning("value.start/value.end are not whole numbers (HyperText results use XPath offsets); skipped", at: resultPlace))
                        continue
                    }
                    // Impossible offsets skip the result with a warning, as a malformed JSONL line is
                    // skipped: one bad result must not stop an evaluation (`eval --on-invalid error` still can).
                    guard 0 <= start, start <= end else {
                        warnings.append(FormatWarning("impossible offsets start \(start), end \(end)", at: resultPlace, kind: .inverted))
                        continue
                    }
                    let range = TextRange(start: start, end: end)
                    if let textIndex, end > textIndex.codePointCount {
                        warnings.append(FormatWarning("span \(range) lies past the end of the task text (\(textIndex.codePointCount) code points)",
                                                      at: resultPlace, kind: .outsideText))
                        continue
                    }
                    let labels = self.labels(in: value)
                    if labels.isEmpty {
                        warnings.append(FormatWarning("result \(range) carries no labels; skipped", at: resultPlace))
                        continue
                    }
                    let score = (value["score"] as? NSNumber)?.doubleValue ?? (result["score"] as? NSNumber)?.doubleValue
                    let spanText = try textIndex.map { try $0.slice(range) } ?? (value["text"] as? String)
                    spans.append(CodedSpan(doc: docID, range: range, text: spanText,
                                           codes: labels.map { CodeAssignment(code: $0, score: score) },
                                           id: stringValue(result["id"])))
                }
            }
            var metadata: [String: String] = [:]
            for (key, value) in data where key != textField && key != "doc" {
                if let string = stringValue(value) { metadata[key] = string }
            }
            // A task without any (chosen) annotation was never coded; one whose annotations hold no
            // results was coded and found nothing.
            documents.append(AnnotatedDocument(document: Document(id: docID, text: text ?? "", metadata: metadata), spans: mergeSameRange(spans),
                                               isCoded: !chosen.isEmpty))
        }
        return (documents, warnings)
    }

    /// Reads a Label Studio JSON export file.
    public static func read(path: String, source: Source = .annotationsElsePredictions) throws -> (documents: [AnnotatedDocument], warnings: [FormatWarning]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpanCoderError(.badInput, "cannot read file", at: SourceLocation(file: path))
        }
        return try read(data: data, file: path, source: source)
    }

    private static func labels(in value: [String: Any]) -> [String] {
        for key in ["labels", "choices"] {
            if let list = value[key] as? [Any] { return list.compactMap { $0 as? String } }
        }
        if let paths = value["taxonomy"] as? [[Any]] { return paths.compactMap { $0.last as? String } }
        for (key, list) in value where key.hasSuffix("labels") {
            if let list = list as? [Any] { return list.compactMap { $0 as? String } }
        }
        return []
    }

    private static func integer(_ value: Any?) -> Int? {
        guard let value, type(of: value) != Bool.self else { return nil }
        if let integer = value as? Int { return integer }
        if let double = value as? Double, double == double.rounded(), abs(double) < 1e15 { return Int(double) }
        return nil
    }

    private static func stringValue(_ value: Any?) -> String? {
        guard let value, !(value is NSNull) else { return nil }
        if let string = value as? String { return string }
        if let number = value as? NSNumber { return number.stringValue }
        return nil
    }
}
