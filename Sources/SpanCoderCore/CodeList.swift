/// A code list file (`eval --codes`, `stats --codes`): one code id per line, in the order tables should
/// follow; blank lines and lines starting with `#` are skipped, white space around an id is trimmed
/// (`WhiteSpace.trimmed`).
public enum CodeList {
    /// The ids of the list at `path`, in file order, each once.
    /// - Throws: `SpanCoderError.badInput` for a missing or non-UTF-8 file, or one without any id.
    public static func read(path: String) throws -> [String] {
        let bytes = try FileReader.readAll(path: path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SpanCoderError(.badInput, "a code list must be UTF-8 text", at: SourceLocation(file: path))
        }
        var seen: Set<String> = []
        var codes: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            // Trimmed as eval trims the code ids of codings (`WhiteSpace`), so a listed id meets them.
            let id = WhiteSpace.trimmed(String(line))
            if id.isEmpty || id.hasPrefix("#") || !seen.insert(id).inserted { continue }
            codes.append(id)
        }
        if codes.isEmpty { throw SpanCoderError(.badInput, "the code list names no code", at: SourceLocation(file: path)) }
        return codes
    }
}
