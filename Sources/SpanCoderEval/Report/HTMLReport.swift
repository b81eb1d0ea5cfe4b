import SpanCoderFormats
/// A self-contained HTML report: inline CSS and SVG, no scripts, no network. Every piece of text from
/// the inputs is escaped.
struct HTMLReport {
    let report: EvalReport

    /// The same escaping as the tag command's HTML (`&<>"'`, NUL as U+FFFD).
    static func escape(_ s: String) -> String { SpanCoderFormats.HTMLReport.escape(s) }

    func render() -> String {
        let e = Self.escape
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>spancoder eval</title>
        <style>
        body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC",sans-serif;margin:2em;max-width:1100px;color:#222}
        table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:3px 8px;font-size:13px;vertical-align:top}
        td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th{background:#f3f3f3}h2{margin-top:1.6em}.muted{color:#666;font-size:13px}
        .wide{overflow-x:auto}.wide svg{min-width:600px}
        \(SpanCoderFormats.HTMLReport.chineseFontRules)
        </style></head><body>
        <h1>spancoder eval</h1>

        """
        let o = report.options
        html += "<p class=\"muted\">mode <b>\(e(o.mode.rawValue))</b>"
        if o.mode == .overlap { html += ", IoU ≥ \(EvalReport.fmt(o.iou, 2))" }
        html += "; \(e(report.documentsDescription))"
        if let units = report.units { html += ", \(units) units" }
        html += "; zero division → \(e(o.zeroDivision.rawValue))"
        if o.bootstrap > 0 {
            html += "; 95% intervals from \(o.bootstrap) bootstrap resamples of \(e(report.resampleDescription)) (seed \(o.seed))"
        }
        html += "; offsets in code points</p>\n<ul class=\"muted\">"
        for input in report.inputs { html += "<li>\(e(input.summary))</li>" }
        for note in report.notes { html += "<li>note: \(e(note))</li>" }
        html += "</ul>\n"
        // The same tables as the text and Markdown reports, with the F1 chart before the per-code table.
        for section in report.tables() {
            if section.title == EvalReport.Table.perCodeTitle { html += "<h2>Per-code F1</h2>\n<div class=\"wide\">" + f1Chart() + "</div>\n" } else { html += "<h2>\(e(section.title))</h2>" }
            html += table(section.header, section.rows)
        }
        if !report.confusion.isEmpty {
            html += "<h2>Confusion</h2><p class=\"muted\">Rows: code of a false positive; columns: gold codes missed where it fired ((none): no missed gold code).</p>\n<div class=\"wide\">" + heatMap() + "</div>\n"
        }
        if !report.errors.isEmpty {
            html += "<h2>Errors (first examples per code)</h2>"
            // Said before the listing, so that nobody reads it as every error.
            if let caption = report.errorsCaption { html += "<p class=\"muted\">\(e(caption))</p>\n" }
            html += table(["kind", "code", "doc", "span", "text", "evidence", "source"], report.errors.map {
                [$0.kind.rawValue, $0.code, $0.doc, $0.range.description, $0.text ?? "", $0.evidence.joined(separator: "; "), $0.source ?? ""]
            })
        }
        if !report.unlistedCodes.isEmpty {
            html += "<h2>Codes not in the code list (scored as is)</h2><ul>" + report.unlistedCodes.map { "<li>\(e($0.description))</li>" }.joined() + "</ul>"
        }
        if !report.diagnostics.isEmpty {
            html += "<h2>Input findings</h2><ul>" + report.diagnostics.prefix(200).map { "<li>\(e($0.description))</li>" }.joined() + "</ul>"
        }
        return html + "</body></html>\n"
    }

    private func table(_ header: [String], _ rows: [[String]]) -> String {
        let e = Self.escape
        var s = "<div class=\"wide\"><table><tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr>\n"
        for row in rows {
            s += "<tr>" + row.map { cell in
                let numeric = !cell.isEmpty && cell.allSatisfy { "0123456789.-[], nan".contains($0) }
                return numeric ? "<td class=\"n\">\(e(cell))</td>" : "<td\(SpanCoderFormats.HTMLReport.hanLanguageAttribute(cell))>\(e(cell))</td>"
            }.joined() + "</tr>\n"
        }
        return s + "</table></div>\n"
    }

    /// An `<svg>` start tag of this size, with a `viewBox` so that a browser may scale it (the page keeps it
    /// at its size, at least 600 px, in a box that scrolls sideways on a narrow screen).
    private func svgStart(width: Double, height: Double, label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\(q(width)) height=\(q(height)) viewBox=\"0 0 \(EvalReport.fmt(width, 1)) \(EvalReport.fmt(height, 1))\" role=\"img\" aria-label=\"\(label)\">\n"
    }

    /// Horizontal bars of per-code F1 with bootstrap interval whiskers.
    private func f1Chart() -> String {
        let rows = report.perCode
        let label = 230.0, width = 420.0, rowHeight = 20.0
        let height = Double(rows.count) * rowHeight + 30
        var svg = svgStart(width: label + width + 60, height: height, label: "per-code F1")
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            let x = label + tick * width
            svg += "<line x1=\(q(x)) y1=\"0\" x2=\(q(x)) y2=\(q(height - 20)) stroke=\"#ddd\"/><text x=\(q(x)) y=\(q(height - 6)) font-size=\"11\" text-anchor=\"middle\">\(EvalReport.fmt(tick, 2))</text>\n"
        }
        for (i, r) in rows.enumerated() {
            let y = Double(i) * rowHeight
            let f1 = r.scores.f1.isNaN ? 0 : max(0, min(1, r.scores.f1))
            svg += "<text x=\(q(label - 6)) y=\(q(y + 14)) font-size=\"12\" text-anchor=\"end\">\(Self.escape(r.code))</text>"
            svg += "<rect x=\(q(label)) y=\(q(y + 4)) width=\(q(f1 * width)) height=\(q(rowHeight - 8)) fill=\"#4a7fb5\"><title>\(Self.escape(r.code)) F1 \(EvalReport.fmt(r.scores.f1))</title></rect>"
            if let ci = r.f1Interval {
                let x0 = label + ci.lowerBound * width, x1 = label + ci.upperBound * width, ym = y + rowHeight / 2
                svg += "<line x1=\(q(x0)) y1=\(q(ym)) x2=\(q(x1)) y2=\(q(ym)) stroke=\"#222\"/><line x1=\(q(x0)) y1=\(q(ym - 4)) x2=\(q(x0)) y2=\(q(ym + 4)) stroke=\"#222\"/><line x1=\(q(x1)) y1=\(q(ym - 4)) x2=\(q(x1)) y2=\(q(ym + 4)) stroke=\"#222\"/>"
            }
            svg += "<text x=\(q(label + width + 6)) y=\(q(y + 14)) font-size=\"11\">\(EvalReport.fmt(r.scores.f1, 3))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// Confusion heat map: predicted code (rows) against missed gold code (columns).
    private func heatMap() -> String {
        let predicted = Array(Set(report.confusion.map(\.predicted))).sorted()
        var gold = Array(Set(report.confusion.map(\.gold)).subtracting(["(none)"])).sorted()
        if report.confusion.contains(where: { $0.gold == "(none)" }) { gold.append("(none)") }
        let counts = Dictionary(report.confusion.map { ("\($0.predicted)\u{0}\($0.gold)", $0.count) }, uniquingKeysWith: +)
        let maxCount = Double(report.confusion.map(\.count).max() ?? 1)
        // Column labels are turned 60° up to the right: a label n columns wide (about 6.5 px a column at
        // 11 px; a Chinese character takes two) reaches n·3.3 px right of its column and n·5.6 px above.
        let longest = Double(gold.map(EvalReport.displayWidth).max() ?? 0)
        let cell = 26.0, left = 230.0, top = max(40, longest * 5.6 + 12)
        let w = left + Double(gold.count) * cell + max(10, longest * 3.3), h = top + Double(predicted.count) * cell + 10
        var svg = svgStart(width: w, height: h, label: "confusion heat map")
        for (j, g) in gold.enumerated() {
            let x = left + Double(j) * cell + cell / 2
            svg += "<text transform=\"translate(\(EvalReport.fmt(x, 1)),\(EvalReport.fmt(top - 6, 1))) rotate(-60)\" font-size=\"11\">\(Self.escape(g))</text>\n"
        }
        for (i, p) in predicted.enumerated() {
            let y = top + Double(i) * cell
            svg += "<text x=\(q(left - 6)) y=\(q(y + cell * 0.65)) font-size=\"11\" text-anchor=\"end\">\(Self.escape(p))</text>"
            for (j, g) in gold.enumerated() {
                let c = counts["\(p)\u{0}\(g)"] ?? 0
                let shade = c == 0 ? 1.0 : 0.92 - 0.72 * Double(c) / maxCount
                let level = Int(shade * 255)
                svg += "<rect x=\(q(left + Double(j) * cell)) y=\(q(y)) width=\(q(cell - 1)) height=\(q(cell - 1)) fill=\"rgb(\(level),\(level),255)\"><title>\(Self.escape(p)) → \(Self.escape(g)): \(c)</title></rect>"
                // Dark cells take white figures (black on the darkest blue is 3:1).
                if c > 0 { svg += "<text x=\(q(left + Double(j) * cell + cell / 2)) y=\(q(y + cell * 0.65)) font-size=\"10\" text-anchor=\"middle\"\(shade < 0.6 ? " fill=\"#fff\"" : "")>\(c)</text>" }
            }
            svg += "\n"
        }
        return svg + "</svg>\n"
    }

    private func q(_ v: Double) -> String { "\"" + EvalReport.fmt(v, 1) + "\"" }
}
