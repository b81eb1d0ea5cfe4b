import Foundation
import SpanCoderCore
import SpanCoderFormats

/// Picks the reader for a gold, prediction or coder file by its name:
/// - `.csv`: coded quotes without offsets (`CSVQuotesReader`), anchored in the texts;
/// - `.ann`, or a folder of `.ann` files: brat standoff (`BratFormat`);
/// - `.json`: a Label Studio export (annotations, else predictions);
/// - a JSONL doccano export (`text` and `label`/`entities`, UTF-16 offsets): `DoccanoFormat`;
/// - anything else: span JSONL (`SpanJSONLReader`), SpanCoder's format or the gold's unit shape.
///
/// Every reader sets the set's `codedDocs`: the documents the file has a line or record for.
public enum EvalReaders {
    public static func read(path: String, corpus: EvalCorpus, vocabulary: inout Vocabulary) throws -> AnnotationSet {
        let lower = path.lowercased()
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if lower.hasSuffix(".csv") {
            return try CSVQuotesReader.read(path: path, corpus: corpus, vocabulary: &vocabulary)
        }
        if lower.hasSuffix(".ann") || (exists && isDirectory.boolValue) {
            var documents: [AnnotatedDocument]
            var warnings: [FormatWarning]
            if lower.hasSuffix(".ann") {
                let one = try BratFormat.read(annPath: path)
                (documents, warnings) = ([one.document], one.warnings)
            } else {
                (documents, warnings) = try BratFormat.read(directory: path)
            }
            return annotated(documents, warnings: warnings, name: path, vocabulary: &vocabulary)
        }
        if lower.hasSuffix(".json") {
            let (documents, warnings) = try LabelStudioFormat.read(path: path)
            return annotated(documents, warnings: warnings, name: path, vocabulary: &vocabulary)
        }
        let bytes = try FileReader.readAll(path: path)
        if isDoccano(bytes) {
            let documents = try DoccanoFormat.read(path: path)
            return annotated(documents, warnings: [], name: path, vocabulary: &vocabulary)
        }
        var set = SpanJSONLReader.parse(data: Data(bytes), file: path, name: path, vocabulary: &vocabulary)
        // A line with empty codes is how JSONL says "coded, nothing found".
        set.codedDocs = set.documentsWithRows
        return set
    }

    /// Whether a JSONL file is a doccano export: its first non-blank line is an object with `text` and
    /// `label` (or `entities`) but no `start`, where span JSONL has `start` on every line.
    static func isDoccano(_ bytes: [UInt8]) -> Bool {
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return false }
            return object["text"] is String && (object["label"] != nil || object["entities"] != nil) && object["start"] == nil
        }
        return false
    }

    /// One set from a reader's documents: each span keeps its file and line (a brat folder's spans
    /// name their own `.ann` file), and the documents the export says were coded are `codedDocs`.
    static func annotated(_ documents: [AnnotatedDocument], warnings: [FormatWarning], name: String, vocabulary: inout Vocabulary) -> AnnotationSet {
        var set = AnnotationSet(name: name)
        var coded = Set<Int32>()
        let perFile = documents.contains { $0.source != nil && $0.source != name }
        for document in documents {
            let doc = vocabulary.internDoc(document.document.id)
            if document.isCoded { coded.insert(doc) }
            let file = Int32(set.sourceFiles.count)
            if perFile { set.sourceFiles.append(document.source ?? name) }
            for (i, span) in document.spans.enumerated() {
                let line = document.lines.map { $0[i] } ?? (set.count + 1)
                set.append(doc: doc, start: span.range.start, end: span.range.end, codes: span.codes.map { vocabulary.internCode($0.code) },
                           line: line, text: span.text, id: span.id)
                if perFile { set.rowSources.append(file) }
                if span.codes.contains(where: { !$0.evidence.isEmpty }) { set.evidence[set.count - 1] = span.codes.map(\.evidence) }
            }
        }
        set.codedDocs = coded
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
