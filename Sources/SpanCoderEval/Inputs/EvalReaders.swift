import Foundation
import SpanCoderCore
import SpanCoderFormats

/// Picks the reader for a gold, prediction or coder file by its name:
/// - `.csv`: coded quotes without offsets (`CSVQuotesReader`), anchored in the texts;
/// - `.ann`, or a folder of `.ann` files: brat standoff (`BratFormat`);
/// - `.json`: a Label Studio export (annotations, else predictions);
/// - a JSONL doccano export (`text` and `label`/`entities`, UTF-16 offsets): `DoccanoFormat`;
/// - anything else: span JSONL (`SpanJSONLReader`), SpanCoder's format or the gold's unit shape.
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
        return SpanJSONLReader.parse(data: Data(bytes), file: path, name: path, vocabulary: &vocabulary)
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

    static func annotated(_ documents: [AnnotatedDocument], warnings: [FormatWarning], name: String, vocabulary: inout Vocabulary) -> AnnotationSet {
        let spans = documents.flatMap(\.spans)
        var set = AnnotationSet(name: name, spans: spans, vocabulary: &vocabulary)
        set.diagnostics += warnings.map { Diagnostic(.malformed, at: $0.location, $0.message, excluded: true) }
        return set
    }
}

