/// A document as SpanCoder sees it: an identifier, the original text, and any metadata that came with it.
///
/// Every offset SpanCoder reports points into `text` exactly as stored here, in Unicode code points.
public struct Document: Sendable, Hashable {
    /// The document id: the file name without its extension, or the `id` field of a JSONL corpus line.
    public var id: String
    /// The original text, decoded from whatever encoding the source used, line ends preserved.
    public var text: String
    /// Metadata fields carried by a JSONL corpus line (everything except `id` and `text`), as strings.
    public var metadata: [String: String]

    public init(id: String, text: String, metadata: [String: String] = [:]) {
        self.id = id
        self.text = text
        self.metadata = metadata
    }
}
