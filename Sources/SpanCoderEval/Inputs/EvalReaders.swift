import Foundation
import SpanCoderCore
import SpanCoderFormats
import SpanCoderText

/// Picks the reader for a gold, prediction or coder file by its name:
/// - `.csv`: Label Studio's CSV export when it has the `annotation_id` and `annotator` columns (read as
///   its JSON export); else coded quotes (`CSVQuotesReader`): at their `start`/`end` when the file has
///   those columns, else anchored in the texts;
/// - `.ann`, or a folder of `.ann` files: brat standoff (`BratFormat`);
/// - `.json`, or a file that opens with a JSON array: Label Studio (`LabelStudioFormat`): an export's
///   annotations, or a prediction file's predictions; `FILE.json#SELECTOR` picks one coding
///   (`annotator=ID`, `predictions`, …);
/// - a JSONL doccano export (`text` and `label`/`entities`, UTF-16 offsets): `DoccanoFormat`;
/// - anything else: span JSONL (`SpanJSONLReader`), SpanCoder's format or the gold's unit shape.
///
/// Every reader sets the set's `codedDocs`: the documents the file has a line or record for. Each
/// annotation is its own span, in file order, also in the formats whose readers otherwise merge
/// regions with one range: so a repeated annotation is reported as a duplicate, as in JSONL, and
/// nervaluate's order-dependent matching sees the file's order.
public enum EvalReaders {
    /// Reads `path`, which may end in `#SELECTOR` (Label Studio only; see `splitSelector`).
    /// - Throws: `SpanCoderError.usage` for a selector on another format, or a Label Studio export that
    ///   holds several annotators' annotations of one task and no `#annotator=` choice.
    public static func read(path: String, corpus: EvalCorpus, vocabulary: inout Vocabulary) throws -> AnnotationSet {
        let (file, selector) = splitSelector(path)
        let lower = file.lowercased()
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory)
        // The file's bytes, read once: the selector check may need them before the format's branch does.
        var read: [UInt8]?
        func contents() throws -> [UInt8] {
            if let read { return read }
            let bytes = try FileReader.readAll(path: file)
            read = bytes
            return bytes
        }
        // Label Studio's CSV export is read as its JSON export is, not as quotes (its `text` column is the
        // whole task, its `label` column JSON: that scored F1 0 without a word).
        let csvRows = lower.hasSuffix(".csv") && exists && !isDirectory.boolValue ? try CSVQuotesReader.readRows(path: file) : nil
        let labelStudioCSV = csvRows.map(isLabelStudioCSV) ?? false
        if let selector, !lower.hasSuffix(".json"), !labelStudioCSV, try !(exists && !isDirectory.boolValue && startsWithJSONArray(contents())) {
            throw SpanCoderError(.usage, "\"#\(selector)\" selects a coding of a Label Studio export (.json, or its CSV export); \(file) is not one")
        }
        if let csvRows, labelStudioCSV {
            let header = csvRows[0]
            let records = csvRows.dropFirst().filter { !$0.allSatisfy(\.isEmpty) }.map { row in
                Dictionary(zip(header, row).map { ($0, $1 as Any) }, uniquingKeysWith: { first, _ in first })
            }
            let selection = try selector.map(LabelStudioFormat.Selection.init(selector:)) ?? .automatic
            guard let (documents, warnings) = try LabelStudioFormat.read(minimalExportRecords: records, file: path, selection: selection,
                                                                         mergingSameRange: false) else {
                throw SpanCoderError(.badInput, "this Label Studio CSV export holds no annotation", at: SourceLocation(file: file))
            }
            return annotated(documents, warnings: warnings, name: path, vocabulary: &vocabulary)
        }
        if lower.hasSuffix(".csv") {
            var set = try CSVQuotesReader.anchor(rows: csvRows ?? CSVQuotesReader.readRows(path: file), file: file, name: file, corpus: corpus, vocabulary: &vocabulary)
            set.markTrailingWholeDocumentSpans { corpus.length($0) }
            return set
        }
        if lower.hasSuffix(".ann") || (exists && isDirectory.boolValue) {
            var documents: [AnnotatedDocument]
            var warnings: [FormatWarning]
            if lower.hasSuffix(".ann") {
                let one = try BratFormat.read(annPath: file, mergingSameRange: false)
                (documents, warnings) = ([one.document], one.warnings)
            } else {
                (documents, warnings) = try BratFormat.read(directory: file, mergingSameRange: false)
                // An empty folder (a mount point without its drive) would score as a coder who coded
                // nothing and replace a good report: refused as a missing path is.
                if documents.isEmpty {
                    throw SpanCoderError(.badInput, "this folder holds no brat .ann file: no annotation read from it", at: SourceLocation(file: file))
                }
            }
            return annotated(documents, warnings: warnings, name: file, vocabulary: &vocabulary)
        }
        let bytes = try contents()
        // A JSON array is a Label Studio file whatever its name (`tag -o out.label-studio`): span JSONL
        // and doccano files are lines of objects.
        if lower.hasSuffix(".json") || startsWithJSONArray(bytes) {
            let selection = try selector.map(LabelStudioFormat.Selection.init(selector:)) ?? .automatic
            let data = Data(bytes)
            // The name keeps the selector: two annotators of one export are two inputs of the report.
            let (documents, warnings) = try LabelStudioFormat.read(data: data, file: path, selection: selection, mergingSameRange: false)
            return annotated(documents, warnings: warnings, name: path, vocabulary: &vocabulary)
        }
        // A UTF-16 export would give one "bad line" finding per line and no hint.
        if let wide = DocumentDecoder.wideEncoding(ofJSONStart: Array(bytes.prefix(4))) {
            throw DocumentDecoder.wideEncodingError(charset: wide.charset, evidence: wide.evidence, what: "this JSONL file", name: file)
        }
        if isDoccano(bytes) {
            let (documents, warnings) = try DoccanoFormat.read(path: file, mergingSameRange: false)
            return annotated(documents, warnings: warnings, name: file, trailingWholeTextSpansAreDocumentLines: true, vocabulary: &vocabulary)
        }
        var set = SpanJSONLReader.parse(data: Data(bytes), file: file, name: file, vocabulary: &vocabulary)
        // A line with empty codes is how JSONL says "coded, nothing found".
        set.codedDocs = set.documentsWithRows
        return set
    }

    /// Whether CSV rows are Label Studio's CSV export: its header has the `annotation_id` and `annotator`
    /// columns Label Studio adds to every row.
    static func isLabelStudioCSV(_ rows: [[String]]) -> Bool {
        guard let header = rows.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else { return false }
        return header.contains("annotation_id") && header.contains("annotator")
    }

    /// Whether `bytes` open (after a byte-order mark and white space) with `[`: a JSON array.
    static func startsWithJSONArray(_ bytes: [UInt8]) -> Bool {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        return i < bytes.count && bytes[i] == UInt8(ascii: "[")
    }

    /// `FILE#SELECTOR` split into the file and the selector. A path that names an existing file is
    /// taken whole (a `#` in a file name); otherwise the part after the last `#` is the selector.
    public static func splitSelector(_ path: String) -> (file: String, selector: String?) {
        guard !FileManager.default.fileExists(atPath: path), let hash = path.lastIndex(of: "#") else { return (path, nil) }
        return (String(path[..<hash]), String(path[path.index(after: hash)...]))
    }

    /// Whether a JSONL file is a doccano export: its first non-blank line is an object with `text` and
    /// `label` (or `entities`) but no `codes`, which span JSONL has on every line. (Not `start`: a doccano
    /// file from another tool may carry a metadata field of that name, an effective date.)
    static func isDoccano(_ bytes: [UInt8]) -> Bool {
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let object = try? FoundationJSON.object(with: Data(line)) as? [String: Any] else { return false }
            return object["text"] is String && (object["label"] != nil || object["entities"] != nil) && object["codes"] == nil
        }
        return false
    }

    /// One set from a reader's documents: each span keeps its file and line (a brat folder's spans
    /// name their own `.ann` file), and the documents the export says were coded are `codedDocs`.
    /// - Parameter trailingWholeTextSpansAreDocumentLines: the format has no place for the document line's
    ///   id (doccano): see `AnnotationSet.markTrailingWholeDocumentSpans`.
    static func annotated(_ documents: [AnnotatedDocument], warnings: [FormatWarning], name: String,
                          trailingWholeTextSpansAreDocumentLines: Bool = false, vocabulary: inout Vocabulary) -> AnnotationSet {
        var set = AnnotationSet(name: name)
        var coded = Set<Int32>()
        var lengths: [Int32: Int] = [:]
        let perFile = documents.contains { $0.source != nil && $0.source != name }
        let placed = !perFile && documents.contains { $0.places != nil }
        for document in documents {
            let doc = vocabulary.internDoc(document.document.id)
            if document.isCoded { coded.insert(doc) } else { set.uncodedRecords.insert(doc) }
            if lengths[doc] == nil { lengths[doc] = document.document.text.unicodeScalars.count }
            let file = Int32(set.sourceFiles.count)
            if perFile { set.sourceFiles.append(document.source ?? name) }
            for (i, span) in document.spans.enumerated() {
                // A format without lines (Label Studio) names each span's place instead: line 0, and the
                // place as the row's source.
                let line = document.lines.map { $0[i] } ?? 0
                set.append(doc: doc, start: span.range.start, end: span.range.end, codes: span.codes.map { vocabulary.internCode($0.code) },
                           line: line, text: span.text, id: span.id)
                if perFile {
                    set.rowSources.append(file)
                } else if placed {
                    set.rowSources.append(Int32(set.sourceFiles.count))
                    set.sourceFiles.append(document.places.map { $0[i] } ?? name)
                }
                if span.codes.contains(where: { !$0.evidence.isEmpty }) { set.evidence[set.count - 1] = span.codes.map(\.evidence) }
            }
        }
        set.codedDocs = coded
        if trailingWholeTextSpansAreDocumentLines { set.markTrailingWholeDocumentSpans { lengths[$0] } }
        set.markWholeTextSpansBesideDocumentLines { lengths[$0] }
        set.diagnostics += warnings.map { warning in
            let kind: Diagnostic.Kind
            switch warning.kind {
            case .skipped: kind = .malformed
            case .outsideText: kind = .outOfText
            case .inverted: kind = .inverted
            case .textMismatch: kind = .textMismatch
            }
            return Diagnostic(kind, at: warning.location, warning.message, excluded: warning.leftOut)
        }
        return set
    }
}
