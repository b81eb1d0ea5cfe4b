import Foundation

/// Foundation's `JSONSerialization`, for the readers of nested JSON (Label Studio, doccano, span JSONL
/// with evidence), with every U+FEFF inside a string kept.
///
/// swift-corelibs-foundation's parser drops a raw U+FEFF that opens a run of a string (its first
/// character, or the first after an escape), as it would a byte-order mark, while it keeps an escaped
/// `\ufeff`. A U+FEFF after a line break is what concatenated BOM-marked files hold, and losing it
/// shifts every offset after it, so raw ones are rewritten as that escape before parsing. The rewrite
/// changes nothing else: in UTF-8 the bytes EF BB BF are U+FEFF wherever they occur (EF never
/// continues a character), and outside a string a raw U+FEFF is as invalid JSON as the escape. A
/// byte-order mark at the very start stays as Foundation reads it.
public enum FoundationJSON {
    /// `JSONSerialization.jsonObject(with:options:)` of `data`, U+FEFF kept.
    /// - Throws: what `JSONSerialization` throws for invalid JSON.
    public static func object(with data: Data, options: JSONSerialization.ReadingOptions = []) throws -> Any {
        try JSONSerialization.jsonObject(with: keepingZeroWidthNoBreakSpaces(data), options: options)
    }

    /// Where `JSONSerialization` stopped in `data`, for an error message: its own words ("Invalid value
    /// around character 45." names a byte offset) with the line and column (code points) it falls on, or
    /// nil when the error names no place. Foundation's `localizedDescription` alone ("The data is not in
    /// the correct format.") leaves a user to search a whole export for the mistake.
    public static func place(of error: Error, in data: Data) -> (description: String, line: Int, column: Int, byteOffset: Int)? {
        guard let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String,
              let range = description.range(of: "character "),
              let offset = Int(description[range.upperBound...].prefix { $0.isNumber }), offset >= 0, offset <= data.count else { return nil }
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return (description.hasSuffix(".") ? String(description.dropLast()) : description, line, column, offset)
    }

    /// `data` with each raw U+FEFF (after a leading byte-order mark) written as the escape `\ufeff`;
    /// `data` itself when it holds none.
    /// - Complexity: O(n), one pass; a copy only when there is something to rewrite.
    static func keepingZeroWidthNoBreakSpaces(_ data: Data) -> Data {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let skip = data.starts(with: bom) ? 3 : 0
        let hits: [Int] = data.withUnsafeBytes { raw in
            var found: [Int] = []
            let n = raw.count
            var i = skip
            while i + 2 < n {
                guard let base = raw.baseAddress, let hit = memchr(base + i, 0xEF, n - 2 - i) else { break }
                let at = raw.baseAddress!.distance(to: UnsafeRawPointer(hit))
                if raw[at + 1] == 0xBB, raw[at + 2] == 0xBF { found.append(at); i = at + 3 } else { i = at + 1 }
            }
            return found
        }
        guard !hits.isEmpty else { return data }
        var result = Data()
        result.reserveCapacity(data.count + 3 * hits.count)
        var copied = 0
        let escape = Array("\\ufeff".utf8)
        for at in hits {
            result.append(data[(data.startIndex + copied)..<(data.startIndex + at)])
            result.append(contentsOf: escape)
            copied = at + 3
        }
        result.append(data[(data.startIndex + copied)...])
        return result
    }
}
