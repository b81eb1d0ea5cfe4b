/// The keys under which a document's metadata fields are written beside a format's own keys (doccano's
/// line, Label Studio's `data`), and back.
///
/// A metadata field named like one of the format's keys would overwrite it, be dropped, or change how
/// the file is read (a corpus field `start`, an effective date, made `eval` take a doccano file for span
/// JSONL). Such a field is written as `meta_` + its name; so that reading undoes that exactly, so is a
/// field whose name already begins with `meta_`. A reader takes one `meta_` off any other key.
enum MetadataFields {
    static let prefix = "meta_"

    /// The key for metadata field `name` in a format whose own keys are `reserved`.
    static func key(for name: String, reserved: Set<String>) -> String {
        reserved.contains(name) || name.hasPrefix(prefix) ? prefix + name : name
    }

    /// The metadata field name of `key`, a key that is not one of the format's own.
    static func name(for key: String) -> String {
        key.hasPrefix(prefix) ? String(key.dropFirst(prefix.count)) : key
    }

    /// doccano's keys and those that tell SpanCoder's readers one JSONL format from another (a span
    /// line's `start`, `end`, `codes`).
    static let doccanoKeys: Set<String> = ["doc", "id", "text", "label", "labels", "entities", "start", "end", "codes"]
    /// The keys SpanCoder writes in a Label Studio task's `data`.
    static let labelStudioKeys: Set<String> = ["text", "doc"]
}
