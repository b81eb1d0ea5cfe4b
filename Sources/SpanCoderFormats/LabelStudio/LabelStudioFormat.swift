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
/// lexicon weights, not probabilities; Label Studio sorts by it and shows it as a percentage: 26.5 is "2650%").
///
/// The whole-document line of `tag --doc-codes` (span id `document`) is one task-level `choices` result
/// instead (`{"id": "document", "from_name": "doc_codes", "type": "choices", "value": {"choices": [codes]}}`,
/// for `<Choices name="doc_codes" toName="text" choice="multiple">`): as regions over the whole text, one
/// per code, it was drawn over every sentence's own regions. Its score is the highest of its codes'.
public enum LabelStudioFormat {
    /// Settings for the written tasks.
    public struct Options: Sendable {
        public var modelVersion: String
        public var fromName: String
        public var toName: String
        /// The `<Choices>` control of the document's codes (`tag --doc-codes`).
        public var documentFromName: String
        /// Whether tasks carry a `predictions` key (`tag --blind` writes tasks without it).
        public var predictions: Bool

        public init(modelVersion: String = "spancoder", fromName: String = "label", toName: String = "text", documentFromName: String = "doc_codes",
                    predictions: Bool = true) {
            self.modelVersion = modelVersion
            self.fromName = fromName
            self.toName = toName
            self.documentFromName = documentFromName
            self.predictions = predictions
        }
    }

    /// One task (a JSON object, no trailing separator) for `document` and its spans.
    /// - Throws: `SpanCoderError.badInput` when a span lies outside the document.
    public static func task(document: DocumentText, spans: [CodedSpan], options: Options = Options()) throws -> String {
        var json = "{\"data\":{\"text\":"
        JSONText.appendString(document.document.text, to: &json)
        json += ",\"doc\":"
        JSONText.appendString(document.document.id, to: &json)
        for key in document.document.metadata.keys.sorted() {
            json += ","
            JSONText.appendString(MetadataFields.key(for: key, reserved: MetadataFields.labelStudioKeys), to: &json)
            json += ":"
            JSONText.appendString(document.document.metadata[key]!, to: &json)
        }
        guard options.predictions else { return json + "}}" }
        json += "},\"predictions\":[{\"model_version\":"
        JSONText.appendString(options.modelVersion, to: &json)
        let best = spans.flatMap { $0.codes.compactMap(\.score) }.max()
        if let best { json += ",\"score\":" + JSONText.number(best) }
        json += ",\"result\":["
        var first = true
        for (s, span) in spans.enumerated() {
            if span.id == "document" {
                guard !span.codes.isEmpty else { continue }
                if !first { json += "," }
                first = false
                json += "{\"id\":\"document\",\"from_name\":"
                JSONText.appendString(options.documentFromName, to: &json)
                json += ",\"to_name\":"
                JSONText.appendString(options.toName, to: &json)
                json += ",\"type\":\"choices\",\"value\":{\"choices\":["
                for (c, code) in span.codes.enumerated() {
                    if c > 0 { json += "," }
                    JSONText.appendString(code.code, to: &json)
                }
                json += "]}"
                if let score = span.codes.compactMap(\.score).max() { json += ",\"score\":" + JSONText.number(score) }
                json += "}"
                continue
            }
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

    /// Which coding of a Label Studio file a reader takes.
    ///
    /// A Label Studio JSON export holds, per task, the coders' `annotations` and the model's `predictions`
    /// (SpanCoder's own pre-tags, when they were imported). The two are never mixed: a task that a coder
    /// skipped (no annotation, or only cancelled ones) was not coded by that coder, whatever its predictions
    /// say. `automatic` decides per file, not per task: a file in which some task has an `annotations` key
    /// (even an empty list: Label Studio's JSON export always writes it) is an export of annotations and
    /// is read from its annotations only; a file without any is a prediction or import file (`tag --format
    /// label-studio` writes one) and is read from its predictions.
    public struct Selection: Sendable, Equatable, CustomStringConvertible {
        public enum Source: Sendable, Equatable {
            /// Annotations if the file is an export of annotations, else predictions (see above).
            case automatic
            /// `annotations[].result[]`, skipping cancelled annotations.
            case annotations
            /// `predictions[].result[]`.
            case predictions
        }

        public var source: Source
        /// Only annotations whose `completed_by` is this user id (or email, when the export carries it).
        public var annotator: String?
        /// Only predictions with this `model_version`.
        public var modelVersion: String?

        public init(source: Source = .automatic, annotator: String? = nil, modelVersion: String? = nil) {
            self.source = annotator != nil ? .annotations : (modelVersion != nil ? .predictions : source)
            self.annotator = annotator
            self.modelVersion = modelVersion
        }

        public static let automatic = Selection()
        public static let annotations = Selection(source: .annotations)
        public static let predictions = Selection(source: .predictions)

        /// `file` without a selector it ends in (`export.json#annotations` → `export.json`), for messages
        /// that suggest another selector.
        public static func strippingSelector(_ file: String) -> String {
            guard let hash = file.range(of: "#", options: .backwards), (try? Selection(selector: String(file[hash.upperBound...]))) != nil else { return file }
            return String(file[..<hash.lowerBound])
        }

        /// The selector syntax, for messages.
        public static let syntax = "annotator=ID (a completed_by user id or email), annotations, predictions or predictions=MODEL_VERSION"

        /// Parses the part of `FILE#SELECTOR` after `#`: `annotator=ID`, `annotations`, `predictions` or
        /// `predictions=MODEL_VERSION`.
        /// - Throws: `SpanCoderError.usage` for anything else.
        public init(selector: String) throws {
            let parts = selector.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let key = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
            let value = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
            switch (key, value) {
            case ("annotator", let id?) where !id.isEmpty: self.init(annotator: id)
            case ("annotations", nil): self.init(source: .annotations)
            case ("predictions", nil): self.init(source: .predictions)
            case ("predictions", let version?) where !version.isEmpty: self.init(modelVersion: version)
            default:
                throw SpanCoderError(.usage, "unknown Label Studio selector \"#\(selector)\"; use FILE#\(Selection.syntax)")
            }
        }

        public var description: String {
            if let annotator { return "annotator=\(annotator)" }
            if let modelVersion { return "predictions=\(modelVersion)" }
            switch source {
            case .automatic: return "automatic"
            case .annotations: return "annotations"
            case .predictions: return "predictions"
            }
        }
    }

    /// The span id of a region id: `tag --doc-codes` writes its whole-document line's codes as regions
    /// `document-1`, `document-2`, … (one per code), which are the line `"id": "document"` again; other
    /// ids stay as they are.
    static func spanID(ofRegion id: String) -> String {
        if id.hasPrefix("document-"), let n = Int(id.dropFirst("document-".count)), n > 0 { return "document" }
        return id
    }

    /// Who completed an annotation: Label Studio writes `completed_by` as a user id, or as an object
    /// `{"id", "email", …}`.
    struct Annotator: Hashable {
        var id: String?
        var email: String?

        init(_ value: Any?) {
            if let object = value as? [String: Any] {
                id = LabelStudioFormat.stringValue(object["id"])
                email = LabelStudioFormat.stringValue(object["email"])
            } else {
                id = LabelStudioFormat.stringValue(value)
            }
        }

        func matches(_ selector: String) -> Bool {
            id == selector || (email.map { $0.caseInsensitiveCompare(selector) == .orderedSame } ?? false)
        }

        /// How a message names it, and what `annotator=` takes.
        var label: String {
            switch (id, email) {
            case let (id?, email?): return "\(id) (\(email))"
            case let (id?, nil): return id
            case let (nil, email?): return email
            default: return "(no completed_by)"
            }
        }
    }

    /// Reads a Label Studio JSON export (an array of tasks, or one task object).
    ///
    /// Each result with `value.start`/`value.end` becomes a span with the codes in `value.labels` (or
    /// `value.choices`, or `value.taxonomy` leaves, or the labels of any other `*labels` key); results
    /// with the same range in one task are merged into one span. A `choices` result without offsets (a
    /// task-level `<Choices>`, as `tag --doc-codes` writes the document's codes) is the document's codes:
    /// a span over the whole text with id `document`, the whole-document line of `tag --doc-codes`. Other
    /// results without offsets (relations, text areas) are skipped with a warning. The document id is `data.doc`, else
    /// `data.id`, else the task `id`, else the task's position; the text is `data.text` (or
    /// `textField`). Offsets are code points and are checked against the text when it is present.
    ///
    /// Which results are read is `selection`'s choice (see `Selection`). A task is coded when it holds a
    /// chosen annotation (or prediction), even one without results (coded, nothing found). Several
    /// annotations of one task by one annotator are read as that annotator's coding; annotations of one
    /// task by different annotators are two coders, and reading them as one would merge them, so
    /// without an `annotator` that is an error naming the annotators. Each span's `place` names its task
    /// (position and id) and result (`result 2.3`: the third result of the task's second annotation, or
    /// prediction, as the file lists them).
    /// - Throws: `SpanCoderError.badInput` naming the task (by position) and what is wrong;
    ///   `SpanCoderError.usage` when several annotators annotated one task and none is selected, or the
    ///   selected annotator or model version is not in the file.
    /// With `mergingSameRange` false, regions with the same range stay apart, one span per result in
    /// file order, as `eval` reads a coding (a repeated region is a duplicate to report, and nervaluate's
    /// matching depends on the order).
    public static func read(data: Data, file: String, selection: Selection = .automatic, textField: String = "text",
                            mergingSameRange: Bool = true)
        throws -> (documents: [AnnotatedDocument], warnings: [FormatWarning])
    {
        let root: Any
        do {
            root = try FoundationJSON.object(with: data)
        } catch {
            if let place = FoundationJSON.place(of: error, in: data) {
                throw SpanCoderError(.badInput, "not valid JSON: \(place.description)",
                                     at: SourceLocation(file: file, line: place.line, column: place.column, byteOffset: place.byteOffset))
            }
            throw SpanCoderError(.badInput, "not valid JSON: \(error.localizedDescription)", at: SourceLocation(file: file))
        }
        var tasks: [Any]
        if let list = root as? [Any] { tasks = list } else if let object = root as? [String: Any] { tasks = [object] } else {
            throw SpanCoderError(.badInput, "expected a JSON array of Label Studio tasks", at: SourceLocation(file: file))
        }
        if let minimal = self.tasks(fromMinimalExport: tasks.compactMap { $0 as? [String: Any] }) { tasks = minimal }
        return try read(tasks: tasks, file: file, selection: selection, textField: textField, mergingSameRange: mergingSameRange)
    }

    /// Reads the records of Label Studio's JSON_MIN or CSV export (`tasks(fromMinimalExport:)`); a CSV
    /// cell that holds a control's results is the JSON text of its list.
    /// - Returns: nil when the records are not such an export (no `annotation_id` or `annotator` field).
    public static func read(minimalExportRecords records: [[String: Any]], file: String, selection: Selection = .automatic,
                            mergingSameRange: Bool = true) throws -> (documents: [AnnotatedDocument], warnings: [FormatWarning])? {
        guard let tasks = tasks(fromMinimalExport: records) else { return nil }
        return try read(tasks: tasks, file: file, selection: selection, mergingSameRange: mergingSameRange)
    }

    /// Label Studio's JSON_MIN and CSV exports hold one flat record per annotation: the task's data
    /// fields beside `id`, `annotator`, `annotation_id`, `created_at`, `updated_at` and `lead_time`, and
    /// each control's regions under the control's name (`"label": [{"start", "end", "text", "labels"}]`;
    /// in the CSV export, that list as JSON text). Each record becomes an annotation of its task (records
    /// of one task id are that task's annotations, so two annotators of one task are told apart as in
    /// the full export), and each region a `labels` result.
    /// - Returns: the tasks in the full export's shape, or nil when the records are not such an export.
    static func tasks(fromMinimalExport records: [[String: Any]]) -> [Any]? {
        guard !records.isEmpty, !records.contains(where: { $0["data"] != nil || $0["annotations"] != nil || $0["predictions"] != nil }),
              records.contains(where: { $0["annotation_id"] != nil || $0["annotator"] != nil }) else { return nil }
        let bookkeeping: Set<String> = ["id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time", "agreement", "drafts"]
        func regions(_ value: Any) -> [[String: Any]]? {
            var value = value
            if let cell = value as? String {
                guard cell.first == "[", let parsed = try? FoundationJSON.object(with: Data(cell.utf8)) else { return nil }
                value = parsed
            }
            guard let list = value as? [Any], !list.isEmpty else { return nil }
            let objects = list.compactMap { $0 as? [String: Any] }
            guard objects.count == list.count, objects.allSatisfy({ $0["start"] != nil || $0["end"] != nil }) else { return nil }
            return objects
        }
        var order: [String] = []
        var tasks: [String: [String: Any]] = [:]
        for (position, record) in records.enumerated() {
            let key = stringValue(record["id"]) ?? "record \(position + 1)"
            var result: [[String: Any]] = []
            var data: [String: Any] = [:]
            for field in record.keys.sorted() where !bookkeeping.contains(field) {
                let value = record[field]!
                if let found = regions(value) {
                    for region in found { result.append(["from_name": field, "to_name": "text", "type": "labels", "value": region]) }
                } else if let choices = documentChoices(value, field: field) {
                    result.append(["from_name": field, "to_name": "text", "type": "choices", "value": ["choices": choices]])
                } else if !(value is NSNull), (value as? String) != "[]", (value as? [Any])?.isEmpty != true {
                    data[field] = value
                }
            }
            // A task nobody annotated is a record with an empty annotation_id (null in JSON_MIN, "" in
            // CSV): listed, not coded, as the full export's task with no annotation.
            let annotationID = record["annotation_id"]
            let annotated = annotationID == nil ? record["annotator"] != nil : !(annotationID is NSNull) && (annotationID as? String) != ""
            var annotation: [String: Any] = ["result": result]
            if let who = record["annotator"] { annotation["completed_by"] = who }
            let annotations: [Any] = annotated ? [annotation] : []
            if var task = tasks[key] {
                task["annotations"] = (task["annotations"] as? [Any] ?? []) + annotations
                tasks[key] = task
            } else {
                order.append(key)
                var task: [String: Any] = ["data": data, "annotations": annotations]
                if let id = record["id"] { task["id"] = id }
                tasks[key] = task
            }
        }
        return order.map { tasks[$0]! }
    }

    /// A task-level choice in a minimal export: `{"choices": [...]}` (several ticked; in the CSV export its
    /// JSON text), or, under SpanCoder's own control name `doc_codes`, one choice as a plain string. Other
    /// plain strings are the task's data.
    static func documentChoices(_ value: Any, field: String) -> [String]? {
        var value = value
        if let cell = value as? String, cell.first == "{", let parsed = try? FoundationJSON.object(with: Data(cell.utf8)) { value = parsed }
        if let object = value as? [String: Any], object.count == 1, let list = object["choices"] as? [Any] {
            let choices = list.compactMap { $0 as? String }
            return choices.isEmpty || choices.count != list.count ? nil : choices
        }
        if field == Options().documentFromName, let choice = value as? String, !choice.isEmpty { return [choice] }
        return nil
    }

    static func read(tasks: [Any], file: String, selection: Selection = .automatic, textField: String = "text",
                     mergingSameRange: Bool = true) throws -> (documents: [AnnotatedDocument], warnings: [FormatWarning]) {
        var source = selection.source
        if source == .automatic {
            let isAnnotationExport = tasks.contains { ($0 as? [String: Any])?["annotations"] != nil }
            source = isAnnotationExport ? .annotations : .predictions
        }
        var documents: [AnnotatedDocument] = []
        var warnings: [FormatWarning] = []
        // Annotators (and model versions) seen, in order of first appearance, with the tasks they coded.
        var annotators: [Annotator] = []
        var annotatorTasks: [Annotator: Int] = [:]
        var sharedTasks: [String] = []
        var versions: [String] = []
        var sharedVersionTasks: [String] = []
        var selectedSeen = false
        // Predictions listed by id alone (Label Studio's default JSON export: "predictions": [1]).
        var predictionIDsOnly = 0
        var predictionObjects = 0
        // The selected annotator has annotations, if only cancelled ones.
        var selectedCancelled = false
        for (position, item) in tasks.enumerated() {
            guard let task = item as? [String: Any] else {
                throw SpanCoderError(.badInput, "expected a task object", at: SourceLocation(file: "\(file) task \(position + 1)"))
            }
            let taskID = stringValue(task["id"])
            let place = "\(file) task \(position + 1)" + (taskID.map { " (id \($0))" } ?? "")
            let data = task["data"] as? [String: Any] ?? [:]
            let text = data[textField] as? String
            let docID = stringValue(data["doc"]) ?? stringValue(data["id"]) ?? taskID ?? String(position + 1)
            let textIndex = text.map { DocumentText(Document(id: docID, text: $0)) }

            // The chosen annotations or predictions, with their position in the task's list.
            var chosen: [(index: Int, entry: [String: Any])] = []
            switch source {
            case .annotations, .automatic:
                // Annotators with a (not cancelled) annotation of this task.
                var inTask: [Annotator] = []
                for (index, annotation) in (task["annotations"] as? [Any] ?? []).enumerated() {
                    guard let annotation = annotation as? [String: Any] else { continue }
                    let who = Annotator(annotation["completed_by"])
                    if !annotators.contains(who) { annotators.append(who) }
                    if let wanted = selection.annotator, who.matches(wanted) { selectedCancelled = true }
                    // A cancelled ("skipped") annotation codes nothing.
                    guard (annotation["was_cancelled"] as? Bool) != true else { continue }
                    if let wanted = selection.annotator, who.matches(wanted) { selectedSeen = true }
                    if !inTask.contains(who) {
                        inTask.append(who)
                        annotatorTasks[who, default: 0] += 1
                    }
                    if let wanted = selection.annotator, !who.matches(wanted) { continue }
                    chosen.append((index, annotation))
                }
                if selection.annotator == nil, inTask.count > 1 {
                    sharedTasks.append("task \(position + 1)" + (taskID.map { " (id \($0))" } ?? "") + ": " + inTask.map(\.label).joined(separator: ", "))
                }
            case .predictions:
                var inTask: [String] = []
                for (index, prediction) in (task["predictions"] as? [Any] ?? []).enumerated() {
                    guard let prediction = prediction as? [String: Any] else {
                        if prediction is NSNumber { predictionIDsOnly += 1 }
                        continue
                    }
                    let version = stringValue(prediction["model_version"]) ?? ""
                    if !versions.contains(version) { versions.append(version) }
                    if let wanted = selection.modelVersion {
                        guard version == wanted else { continue }
                        selectedSeen = true
                    }
                    if !inTask.contains(version) { inTask.append(version) }
                    predictionObjects += 1
                    chosen.append((index, prediction))
                }
                if selection.modelVersion == nil, inTask.count > 1 {
                    sharedVersionTasks.append("task \(position + 1)" + (taskID.map { " (id \($0))" } ?? ""))
                }
            }

            var spans: [CodedSpan] = []
            var places: [String] = []
            for (a, annotation) in chosen {
                for (r, entry) in (annotation["result"] as? [Any] ?? []).enumerated() {
                    let resultPlace = "\(place) result \(a + 1).\(r + 1)"
                    let location = SourceLocation(file: resultPlace)
                    guard let result = entry as? [String: Any], let value = result["value"] as? [String: Any] else {
                        warnings.append(FormatWarning("result without a \"value\" object skipped", at: location))
                        continue
                    }
                    let score = (value["score"] as? NSNumber)?.doubleValue ?? (result["score"] as? NSNumber)?.doubleValue
                    guard value["start"] != nil || value["end"] != nil else {
                        // A task-level choice: the document's codes (`tag --doc-codes` writes them so).
                        let choices = (value["choices"] as? [Any])?.compactMap { $0 as? String } ?? []
                        if let textIndex, !choices.isEmpty {
                            spans.append(CodedSpan(doc: docID, range: TextRange(start: 0, end: textIndex.codePointCount), text: textIndex.document.text,
                                                   codes: choices.map { CodeAssignment(code: $0, score: score) }, id: "document"))
                            places.append(resultPlace)
                            continue
                        }
                        let why = choices.isEmpty ? "has no start/end offsets" : "is a choice for the whole task, but the task has no text to span"
                        warnings.append(FormatWarning("result of type \"\(result["type"] as? String ?? "?")\" \(why); skipped", at: location))
                        continue
                    }
                    guard let start = integer(value["start"]), let end = integer(value["end"]) else {
                        warnings.append(FormatWarning("value.start/value.end are not whole numbers (HyperText results use XPath offsets); skipped", at: location))
                        continue
                    }
                    // Impossible offsets skip the result with a warning, as a malformed JSONL line is
                    // skipped: one bad result must not stop an evaluation (`eval --on-invalid error` still can).
                    guard 0 <= start, start <= end else {
                        warnings.append(FormatWarning("impossible offsets start \(start), end \(end)", at: location, kind: .inverted))
                        continue
                    }
                    let range = TextRange(start: start, end: end)
                    if let textIndex, end > textIndex.codePointCount {
                        warnings.append(FormatWarning("span \(range) lies past the end of the task text (\(textIndex.codePointCount) code points)",
                                                      at: location, kind: .outsideText))
                        continue
                    }
                    let labels = self.labels(in: value)
                    if labels.isEmpty {
                        warnings.append(FormatWarning("result \(range) carries no labels; skipped", at: location))
                        continue
                    }
                    let spanText = try textIndex.map { try $0.slice(range) } ?? (value["text"] as? String)
                    if let textIndex, let recorded = value["text"] as? String, let spanText, !sameText(recorded, spanText) {
                        // Offsets that another tool wrote in UTF-16 code units land a character further left
                        // per astral character before them (Label Studio itself counts code points).
                        var hint = ""
                        if let shifted = textIndex.codePointRange(utf16Start: start, end: end), shifted != range,
                           let there = try? textIndex.slice(shifted), sameText(recorded, there) {
                            hint = "; read as UTF-16 code units the offsets give \(shifted), where the text is: the file was written by a tool that counts UTF-16, not code points as Label Studio does"
                        }
                        warnings.append(FormatWarning("value.text \"\(excerpt(recorded))\" differs from the task text \"\(excerpt(spanText))\" at \(range)\(hint); scored at its offsets",
                                                      at: location, kind: .textMismatch))
                    }
                    spans.append(CodedSpan(doc: docID, range: range, text: spanText,
                                           codes: labels.map { CodeAssignment(code: $0, score: score) },
                                           id: stringValue(result["id"]).map(spanID(ofRegion:))))
                    places.append(resultPlace)
                }
            }
            var metadata: [String: String] = [:]
            for (key, value) in data where key != textField && key != "doc" {
                if let string = stringValue(value) { metadata[MetadataFields.name(for: key)] = string }
            }
            // A task without any chosen annotation was never coded (by this coder); one whose annotations
            // hold no results was coded and found nothing.
            let merged = mergingSameRange ? mergeSameRange(spans, places: places) : (spans: spans, places: places)
            documents.append(AnnotatedDocument(document: Document(id: docID, text: text ?? "", metadata: metadata), spans: merged.spans,
                                               places: merged.places, isCoded: !chosen.isEmpty))
        }
        if !sharedTasks.isEmpty {
            let who = annotators.map { "\($0.label): \(annotatorTasks[$0] ?? 0) task\(annotatorTasks[$0] == 1 ? "" : "s")" }.joined(separator: "; ")
            let examples = sharedTasks.prefix(3).joined(separator: "; ") + (sharedTasks.count > 3 ? "; …" : "")
            let pick = annotators.compactMap { $0.id ?? $0.email }
            // The suggestions name the file without a selector already given (FILE#annotations).
            let file = Selection.strippingSelector(file)
            throw SpanCoderError(.usage, """
                \(sharedTasks.count) task\(sharedTasks.count == 1 ? " holds" : "s hold") annotations by more than one annotator \
                (\(examples)), which would be read as one coder. Annotators (completed_by): \(who). \
                Select one per input with FILE#annotator=ID (user id or email), e.g. \
                --gold '\(file)#annotator=\(pick.first ?? "ID")' --pred '\(file)#annotator=\(pick.dropFirst().first ?? "ID")'\
                \(pick.count > 2 ? " --coder '\(file)#annotator=\(pick[2])'" : "")
                """, at: SourceLocation(file: file))
        }
        if !sharedVersionTasks.isEmpty {
            let examples = sharedVersionTasks.prefix(3).joined(separator: ", ") + (sharedVersionTasks.count > 3 ? ", …" : "")
            throw SpanCoderError(.usage, """
                \(sharedVersionTasks.count) task\(sharedVersionTasks.count == 1 ? " holds" : "s hold") predictions of more than one model version \
                (\(examples)); model versions in the file: \(versions.map { "\"\($0)\"" }.joined(separator: ", ")). \
                Read one at a time: \(file)#predictions=VERSION
                """, at: SourceLocation(file: file))
        }
        if source == .predictions, predictionObjects == 0, predictionIDsOnly > 0 {
            throw SpanCoderError(.badInput, """
                the file lists its \(predictionIDsOnly) prediction\(predictionIDsOnly == 1 ? "" : "s") by id only ("predictions": [1]), \
                as Label Studio's default JSON export does, so there are none to read: score tag's own output (--pred tags.jsonl), or \
                export the predictions whole (the API's snapshot export, POST /api/projects/ID/exports with \
                "serialization_options": {"predictions": {"only_id": false}}); a coder's annotations read as they are
                """, at: SourceLocation(file: file))
        }
        if let wanted = selection.annotator, !selectedSeen, selectedCancelled {
            throw SpanCoderError(.usage, "every annotation by annotator \"\(wanted)\" in the file was cancelled (skipped): they coded nothing to score",
                                 at: SourceLocation(file: file))
        }
        if let wanted = selection.annotator, !selectedSeen {
            let present = annotators.isEmpty ? "none (no task has an annotation)" : annotators.map(\.label).joined(separator: ", ")
            throw SpanCoderError(.usage, "no annotation in the file was completed by annotator \"\(wanted)\"; annotators in the file (completed_by): \(present)",
                                 at: SourceLocation(file: file))
        }
        if let wanted = selection.modelVersion, !selectedSeen {
            let present = versions.isEmpty ? "none (no task has a prediction)" : versions.map { "\"\($0)\"" }.joined(separator: ", ")
            throw SpanCoderError(.usage, "no prediction in the file has model_version \"\(wanted)\"; model versions in the file: \(present)",
                                 at: SourceLocation(file: file))
        }
        return (documents, warnings)
    }

    /// Reads a Label Studio JSON export file.
    public static func read(path: String, selection: Selection = .automatic) throws -> (documents: [AnnotatedDocument], warnings: [FormatWarning]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpanCoderError(.badInput, "cannot read file", at: SourceLocation(file: path))
        }
        return try read(data: data, file: path, selection: selection)
    }

    /// Whether a region's recorded text is the task text at its offsets: white space aside, since Label
    /// Studio writes a selection across lines with its own line breaks (a CRLF as two).
    static func sameText(_ recorded: String, _ actual: String) -> Bool {
        let a = recorded.unicodeScalars.filter { !$0.properties.isWhitespace }, b = actual.unicodeScalars.filter { !$0.properties.isWhitespace }
        return a.elementsEqual(b)
    }

    static func excerpt(_ text: String) -> String { TextExcerpt.shortened(text, over: 60, keeping: 57) }

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

    static func stringValue(_ value: Any?) -> String? {
        guard let value, !(value is NSNull) else { return nil }
        if let string = value as? String { return string }
        if let number = value as? NSNumber { return number.stringValue }
        return nil
    }
}
