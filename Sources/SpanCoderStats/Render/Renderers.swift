import CSV
import Foundation
import SpanCoderFormats

/// Output formats of `spancoder stats`.
public enum StatsFormat: String, Sendable, CaseIterable {
    /// Aligned plain-text tables for a terminal (CJK-width aware).
    case table
    /// One CSV block per table, each with its own header; the first two columns name the source and table.
    case csv
    /// GitHub-flavoured Markdown tables.
    case md
    /// A self-contained HTML page with tables and inline SVG charts (no scripts, no network).
    case html
    /// The tables as JSON, numbers unformatted.
    case json
}

extension StatsReport {
    /// The report in `format`.
    public func render(_ format: StatsFormat) -> String {
        switch format {
        case .table: return renderText()
        case .csv: return renderCSV()
        case .md: return renderMarkdown()
        case .html: return renderHTML()
        case .json: return renderJSON()
        }
    }

    func tables(of source: SourceStatistics) -> [ReportTable] {
        source.tables(groupBy: groupBy, prominentShare: options.prominentShare)
    }

    var headerLines: [String] {
        var lines = ["manifest: \(manifest)", "grouped by: \(groupBy.joined(separator: ", "))"]
        lines += notes
        return lines
    }
}

// MARK: - Cell formatting

extension ReportTable.Cell {
    /// For people: shares as percentages, differences in percentage points.
    var display: String {
        switch self {
        case .text(let text): return text
        case .integer(let value): return String(value)
        case .decimal(let value, let places): return fixed(value, places: places)
        case .share(let value): return fixed(value * 100, places: 1) + "%"
        case .points(let value):
            let text = fixed(value * 100, places: 1)
            return (value > 0 && text != "0.0" ? "+" : "") + text + " pp"
        case .missing: return "–"
        }
    }

    /// For machines: proportions as fractions, full precision (6 decimals), empty when missing.
    var raw: String {
        switch self {
        case .text(let text): return text
        case .integer(let value): return String(value)
        case .decimal(let value, _), .share(let value), .points(let value): return JSONText.number(value)
        case .missing: return ""
        }
    }

    var json: String {
        switch self {
        case .text(let text): return JSONText.string(text)
        case .missing: return "null"
        default: return raw
        }
    }
}

// MARK: - Terminal

extension StatsReport {
    func renderText() -> String {
        var out = headerLines.joined(separator: "\n") + "\n"
        for source in sources {
            out += "\n=== coding: \(terminalSafe(source.name)) ===\n"
            for table in tables(of: source).map(\.forReaders) {
                out += "\n\(table.number). \(DisplayWidth.truncated(terminalSafe(table.title), to: 160))\n"
                out += alignedText(table)
            }
            if !source.notes.isEmpty {
                out += "\nNotes:\n" + source.notes.map { "- " + terminalSafe($0) }.joined(separator: "\n") + "\n"
            }
        }
        return out
    }

    private func alignedText(_ table: ReportTable) -> String {
        let header = table.columns.map { DisplayWidth.truncated(terminalSafe($0.name), to: 60) }
        // A long group value (a 290-character issuer name) would widen every line of the table: cut to
        // 60 columns here; the csv, json, md and html outputs keep it whole. The last column is not
        // padded, so its text (table 6's terms) widens nothing and stays whole.
        let last = table.columns.count - 1
        let body = table.rows.map { row in row.enumerated().map { i, cell in
            table.columns[i].numeric || i == last ? terminalSafe(cell.display) : DisplayWidth.truncated(terminalSafe(cell.display), to: 60)
        } }
        var widths = header.map(DisplayWidth.of)
        for row in body { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) } }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (i, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[i] - DisplayWidth.of(cell))
                if i > 0 { text += "  " }
                text += table.columns[i].numeric ? padding + cell : (i == cells.count - 1 ? cell : cell + padding)
            }
            return text + "\n"
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        var out = line(header) + rule
        for (r, row) in body.enumerated() {
            if let totals = table.totalsFrom, r == totals { out += rule }
            out += line(row)
        }
        return out
    }
}

/// Replaces control characters so that a hostile id or term cannot move the cursor or break a row.
func terminalSafe(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
        if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) {
            out += scalar == "\n" ? "\\n" : scalar == "\t" ? "\\t" : "\\u{\(String(scalar.value, radix: 16))}"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

// MARK: - CSV

extension StatsReport {
    func renderCSV() -> String {
        let stream = OutputStream(toMemory: ())
        stream.open()
        defer { stream.close() }
        do {
            let writer = try CSVWriter(stream: stream)
            var first = true
            for source in sources {
                for table in tables(of: source) {
                    if !first {  // a blank line between tables
                        writer.beginNewRow()
                        try writer.write(field: "")
                    }
                    first = false
                    try writer.write(row: ["source", "table"] + table.columns.map { CodedSpanCSV.neutralise($0.key) })
                    for row in table.rows {
                        // Text from the inputs could start a spreadsheet formula; numbers stay numbers.
                        let cells = row.map { cell -> String in
                            if case .text(let text) = cell { return CodedSpanCSV.neutralise(text) }
                            return cell.raw
                        }
                        try writer.write(row: [CodedSpanCSV.neutralise(source.name), table.id] + cells)
                    }
                }
            }
            writer.stream.close()
        } catch {
            // Writing to memory cannot fail short of running out of memory.
            preconditionFailure("CSV writing to memory failed: \(error)")
        }
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { return "" }
        var text = String(decoding: data, as: UTF8.self)
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }
}

// MARK: - Markdown

extension StatsReport {
    func renderMarkdown() -> String {
        var out = "# Corpus statistics\n\n" + headerLines.map { "- " + markdownEscape($0) }.joined(separator: "\n") + "\n"
        for source in sources {
            out += "\n## Coding: \(markdownEscape(source.name))\n"
            for table in tables(of: source).map(\.forReaders) {
                out += "\n### \(table.number). \(markdownEscape(table.title))\n\n\(markdownEscape(table.explanation))\n\n"
                out += "| " + table.columns.map { markdownEscape($0.name) }.joined(separator: " | ") + " |\n"
                out += "|" + table.columns.map { $0.numeric ? "---:|" : "---|" }.joined() + "\n"
                for (r, row) in table.rows.enumerated() {
                    let bold = table.totalsFrom.map { r >= $0 } ?? false
                    out += "| " + row.map { bold ? "**\(markdownEscape($0.display))**" : markdownEscape($0.display) }.joined(separator: " | ") + " |\n"
                }
            }
            if !source.notes.isEmpty {
                out += "\nNotes:\n\n" + source.notes.map { "- " + markdownEscape($0) }.joined(separator: "\n") + "\n"
            }
        }
        return out
    }
}

/// Escapes what would break a table cell or be read as markup or HTML.
func markdownEscape(_ text: String) -> String {
    var out = ""
    for scalar in terminalSafe(text).unicodeScalars {
        switch scalar {
        case "|", "\\", "*", "_", "`", "[", "]", "#": out += "\\" + String(scalar)
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "&": out += "&amp;"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

// MARK: - JSON

extension StatsReport {
    func renderJSON() -> String {
        var out = "{\"manifest\":" + JSONText.string(manifest)
        out += ",\"group_by\":[" + groupBy.map(JSONText.string).joined(separator: ",") + "]"
        out += ",\"options\":{\"prominent_share\":\(JSONText.number(options.prominentShare)),\"bootstrap_replicates\":\(options.bootstrapReplicates),\"seed\":\(options.seed),\"coded_documents_only\":\(options.codedDocumentsOnly),\"filters\":[" + options.filters.map(JSONText.string).joined(separator: ",") + "]}"
        out += ",\"notes\":[" + notes.map(JSONText.string).joined(separator: ",") + "]"
        out += ",\"sources\":["
        for (s, source) in sources.enumerated() {
            if s > 0 { out += "," }
            out += "{\"name\":" + JSONText.string(source.name)
            out += ",\"notes\":[" + source.notes.map(JSONText.string).joined(separator: ",") + "]"
            out += ",\"documents_not_in_manifest\":[" + source.documentsNotInManifest.map { "{\"id\":\(JSONText.string($0.id)),\"spans\":\($0.spans)}" }.joined(separator: ",") + "]"
            out += ",\"documents_without_coding\":[" + source.documentsWithoutCoding.map(JSONText.string).joined(separator: ",") + "]"
            out += ",\"tables\":["
            for (t, table) in tables(of: source).enumerated() {
                if t > 0 { out += "," }
                out += "{\"id\":\(JSONText.string(table.id)),\"number\":\(table.number),\"title\":\(JSONText.string(table.title))"
                out += ",\"columns\":[" + table.columns.map { JSONText.string($0.key) }.joined(separator: ",") + "]"
                out += ",\"labels\":[" + table.columns.map { JSONText.string($0.name) }.joined(separator: ",") + "]"
                out += ",\"rows\":[" + table.rows.map { "[" + $0.map(\.json).joined(separator: ",") + "]" }.joined(separator: ",") + "]}"
            }
            out += "]}"
        }
        out += "]}\n"
        return out
    }
}
