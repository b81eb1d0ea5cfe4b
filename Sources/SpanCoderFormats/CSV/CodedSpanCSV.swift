import CSV
import Foundation
import SpanCoderCore

/// Coded spans as CSV for coders' spreadsheets.
///
/// Columns: `doc, start, end, text, codes, scores, evidence`. Offsets are code points, half-open.
/// `codes` is `;`-joined; `scores` holds each code's score in the same order (`;`-joined, empty when a
/// code has none); `evidence` lists, per code in the same order, `code: term@start-end, …`, codes
/// separated by `; ` (evidence offsets are code points into the document, like `start`/`end`).
///
/// Spreadsheet safety: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be
/// run as a formula by Excel, LibreOffice and Google Sheets (CSV injection). Such cells are written with a
/// leading `'`, which spreadsheets display as text. So that a reader can undo it exactly, a cell whose
/// `'`s are followed by one of those (`'-1`, `''=x`) gets one `'` more too: a reader strips one leading
/// `'` from a cell of one or more `'` followed by one of the six (`unneutralise`), and gets back every
/// cell as it was. Files are RFC 4180 (CRLF rows, fields with
/// quotes, commas or line breaks quoted) and start with a UTF-8 byte order mark by default, so that Excel
/// opens Chinese text as UTF-8.
public enum CodedSpanCSV {
    public static let header = ["doc", "start", "end", "text", "codes", "scores", "evidence"]
    /// The UTF-8 byte order mark.
    public static let byteOrderMark = "\u{FEFF}"

    /// The header row, with its line end (and the byte order mark, when `byteOrderMark` is true).
    public static func headerRow(byteOrderMark: Bool = true) throws -> String {
        (byteOrderMark ? CodedSpanCSV.byteOrderMark : "") + (try rows([header]))
    }

    /// The data rows for one document's spans, each ending with CRLF. Span text is sliced from the
    /// document, so it is exact even when `span.text` is missing.
    /// - Throws: `SpanCoderError.badInput` when a span lies outside the document.
    public static func rows(document: DocumentText, spans: [CodedSpan]) throws -> String {
        var table: [[String]] = []
        table.reserveCapacity(spans.count)
        for span in spans {
            let text = try document.slice(span.range)
            table.append(row(for: span, text: text))
        }
        return try rows(table)
    }

    /// The cells of one span's row (before neutralisation).
    public static func row(for span: CodedSpan, text: String) -> [String] {
        let codes = span.codes.map(\.code).joined(separator: ";")
        let scores = span.codes.map { $0.score.map(JSONText.number) ?? "" }.joined(separator: ";")
        let evidence = span.codes.filter { !$0.evidence.isEmpty }.map { code in
            code.code + ": " + code.evidence.map { "\($0.term)@\($0.range.start)-\($0.range.end)" }.joined(separator: ", ")
        }.joined(separator: "; ")
        return [span.doc, String(span.range.start), String(span.range.end), text, codes, scores, evidence]
    }

    /// `cell` made safe for spreadsheets: prefixed with `'` when it starts with a formula trigger, or
    /// with `'`s and then one (`'-1` must not read back as `-1`, the cell of another id).
    public static func neutralise(_ cell: String) -> String {
        startsWithTrigger(cell.unicodeScalars.drop { $0 == "'" }) ? "'" + cell : cell
    }

    /// `cell` as it was before `neutralise`: without one leading `'` when `'`s and then a formula
    /// trigger open it. Exact for every string: `unneutralise(neutralise(s)) == s`.
    public static func unneutralise(_ cell: String) -> String {
        let scalars = cell.unicodeScalars
        guard scalars.first == "'", startsWithTrigger(scalars.drop { $0 == "'" }) else { return cell }
        return String(String.UnicodeScalarView(scalars.dropFirst()))
    }

    private static func startsWithTrigger(_ scalars: Substring.UnicodeScalarView) -> Bool {
        switch scalars.first {
        case "=", "+", "-", "@", "\t", "\r": return true
        default: return false
        }
    }

    /// Serializes `table` with CSV.swift's writer, neutralising every cell.
    static func rows(_ table: [[String]]) throws -> String {
        let stream = OutputStream(toMemory: ())
        stream.open()
        let writer: CSVWriter
        do {
            writer = try CSVWriter(stream: stream, newline: .crlf)
            for row in table {
                try writer.write(row: row.map(neutralise))
            }
        } catch {
            throw SpanCoderError(.internal, "CSV writer failed: \(error)")
        }
        stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw SpanCoderError(.internal, "CSV writer produced no data")
        }
        // CSV.swift puts the line break before each row after the first; end the last row too.
        var text = String(decoding: data, as: UTF8.self)
        if !table.isEmpty { text += "\r\n" }
        return text
    }
}
