import SpanCoderFormats

/// The self-contained HTML page: inline CSS, tables and SVG bar charts, no scripts, no fonts or images
/// from the network. Every string from the inputs is escaped.
extension StatsReport {
    func renderHTML() -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>SpanCoder corpus statistics</title>
        <style>
        body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2328}
        table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}
        th,td{border-bottom:1px solid #d0d7de;padding:.25rem .6rem;text-align:left;vertical-align:top}
        th{background:#f6f8fa}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .wide{overflow-x:auto}.wide svg{min-width:600px}
        \(SpanCoderFormats.HTMLReport.chineseFontRules)
        tr.total td{font-weight:600;border-top:2px solid #8c959f}
        p.explain{color:#57606a;margin:.2rem 0}
        ul.notes{color:#57606a;font-size:.9rem}
        svg text{font-size:12px;fill:#1f2328}
        </style></head><body>
        <h1>Corpus statistics</h1>

        """
        out += "<ul>" + headerLines.map { "<li>\(htmlEscape($0))</li>" }.joined() + "</ul>\n"
        for source in sources {
            out += "<h2>Coding: \(htmlEscape(source.name))</h2>\n"
            for table in tables(of: source).map(\.forReaders) {
                out += "<h3>\(table.number). \(htmlEscape(table.title))</h3>\n<p class=\"explain\">\(htmlEscape(table.explanation))</p>\n"
                if table.id == "codes" { out += "<div class=\"wide\">" + chart(source) + "</div>\n" }
                out += htmlTable(table)
            }
            if !source.notes.isEmpty {
                out += "<ul class=\"notes\">" + source.notes.map { "<li>\(htmlEscape($0))</li>" }.joined() + "</ul>\n"
            }
        }
        out += "</body></html>\n"
        return out
    }

    private func htmlTable(_ table: ReportTable) -> String {
        var out = "<div class=\"wide\"><table><thead><tr>"
        for column in table.columns { out += "<th\(column.numeric ? " class=\"n\"" : "")>\(htmlEscape(column.name))</th>" }
        out += "</tr></thead><tbody>\n"
        for (r, row) in table.rows.enumerated() {
            let total = table.totalsFrom.map { r >= $0 } ?? false
            out += total ? "<tr class=\"total\">" : "<tr>"
            for (i, cell) in row.enumerated() {
                let language = table.columns[i].numeric ? "" : HTMLReport.hanLanguageAttribute(cell.display)
                out += "<td\(table.columns[i].numeric ? " class=\"n\"" : "")\(language)>\(htmlEscape(cell.display))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }

    /// Horizontal bars: for each code, one bar per group of the first grouping field, length = share of
    /// the group's documents with the code.
    private func chart(_ source: SourceStatistics) -> String {
        let groups = source.documents.rowKeys
        let codes = Array(Set(source.prevalence.map(\.code))).sorted()
        guard !groups.isEmpty, !codes.isEmpty else { return "" }
        let palette = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#57606a", "#e16f24", "#1b7c83"]
        // Beyond the palette, colours would repeat (two years in one blue) and the bars of one code
        // would be a stack too thin to read: the table says it better.
        guard groups.count <= palette.count else {
            return "<p class=\"explain\">No chart: \(groups.count) groups of \(htmlEscape(groupBy[0])), more than the \(palette.count) a chart shows apart (group by a field with fewer values, or choose some with --where).</p>\n"
        }
        let labelWidth = 230.0, barWidth = 420.0, bar = 12.0, gap = 10.0
        let rowHeight = Double(groups.count) * bar + gap
        // The legend lists the groups one a line: side by side, a long group name ran under the next
        // swatch, and a sixth group fell outside the chart.
        let legendHeight = Double(groups.count) * 16 + 8
        let height = legendHeight + Double(codes.count) * rowHeight + 20
        let width = labelWidth + barWidth + 70
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"share of documents with each code, per \(htmlEscape(groupBy[0]))\">\n"
        for (g, group) in groups.enumerated() {
            let y = 4 + Double(g) * 16
            // A long value is cut to fit the chart; the tooltip has it whole. n: the group's documents
            // (a share of one document is 0% or 100%).
            let label = DisplayWidth.truncated(group, to: 60)
            let documents = source.documents.rowTotals[g]
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"12\" height=\"12\" fill=\"\(palette[g % palette.count])\"/><text x=\"\(labelWidth + 16)\" y=\"\(y + 10)\"><title>\(htmlEscape(group))</title>\(htmlEscape(label)) (n = \(documents))</text>\n"
        }
        for (c, code) in codes.enumerated() {
            let top = legendHeight + Double(c) * rowHeight
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(top + Double(groups.count) * bar / 2 + 4)\" text-anchor=\"end\">\(htmlEscape(code))</text>\n"
            for (g, group) in groups.enumerated() {
                guard let row = source.prevalence(code: code, group: group), let share = row.share else { continue }
                let y = top + Double(g) * bar
                let length = max(0, min(1, share)) * barWidth
                svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(fixed(length, places: 1))\" height=\"\(bar - 2)\" fill=\"\(palette[g % palette.count])\">"
                svg += "<title>\(htmlEscape("\(code), \(group): \(row.documentsWithCode) of \(row.documents) documents (\(fixed(share * 100, places: 1))%)"))</title></rect>"
                svg += "<text x=\"\(fixed(labelWidth + length + 4, places: 1))\" y=\"\(y + bar - 3)\">\(fixed(share * 100, places: 0))%</text>\n"
            }
        }
        let axisY = legendHeight + Double(codes.count) * rowHeight
        svg += "<line x1=\"\(labelWidth)\" y1=\"\(legendHeight - 2)\" x2=\"\(labelWidth)\" y2=\"\(axisY)\" stroke=\"#8c959f\"/>\n"
        svg += "<text x=\"\(labelWidth)\" y=\"\(axisY + 14)\">0%</text><text x=\"\(labelWidth + barWidth)\" y=\"\(axisY + 14)\" text-anchor=\"end\">100% of documents</text>\n"
        return svg + "</svg>\n"
    }
}

/// Escapes text for HTML element content and attribute values.
func htmlEscape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default:
            if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" || (0x7F..<0xA0).contains(scalar.value) {
                out += "&#xFFFD;"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out
}
