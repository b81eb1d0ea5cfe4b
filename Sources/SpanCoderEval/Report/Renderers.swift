import SpanCoderCore
import SpanCoderFormats

/// Output formats of `spancoder eval`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table, json, csv, md, html
}

extension EvalReport {
    /// The report in `format`, complete and ready to write.
    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .json:
            var out = ""
            json().write(to: &out)
            return out + "\n"
        case .csv: return csv()
        case .table: return text(markdown: false)
        case .md: return text(markdown: true)
        case .html: return HTMLReport(report: self).render()
        }
    }

    static func fmt(_ v: Double?, _ digits: Int = 4) -> String {
        guard let v else { return "" }
        if v.isNaN { return "nan" }
        let scale = pow10(digits)
        var rounded = (v * scale).rounded() / scale
        // A tiny negative (a kappa of -1e-17 from rounding) must not print as "-0.0000".
        if rounded == 0 { rounded = 0 }
        var s = String(rounded)
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
        } else {
            s += "." + String(repeating: "0", count: digits)
        }
        return s
    }

    /// Terminal columns of `s`: East Asian wide and full-width characters take two.
    static func displayWidth(_ s: String) -> Int {
        var width = 0
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
                 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD: width += 2
            case 0x0300...0x036F, 0x200B...0x200F: break
            default: width += 1
            }
        }
        return width
    }

    static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { acc, _ in acc * 10 } }

    static func ci(_ r: ClosedRange<Double>?) -> String {
        guard let r else { return "" }
        return "[\(fmt(r.lowerBound, 3)), \(fmt(r.upperBound, 3))]"
    }

    /// Terminal table or Markdown: the same content, aligned columns or pipes.
    func text(markdown: Bool) -> String {
        var out = ""
        func heading(_ s: String) { out += markdown ? "\n## \(s)\n\n" : "\n\(s)\n\(String(repeating: "-", count: s.count))\n" }
        func table(_ header: [String], _ rows: [[String]]) {
            if markdown {
                func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
                out += "| " + header.map(cell).joined(separator: " | ") + " |\n"
                out += "|" + header.map { _ in "---|" }.joined() + "\n"
                for row in rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
            } else {
                var widths = header.map(Self.displayWidth)
                for row in rows { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], Self.displayWidth(c)) } }
                // Numbers, intervals "[0.500, 0.750]" and "nan" right-align; a document id such as "a" or "nan1" does not.
                func isNumber(_ c: String) -> Bool {
                    c == "nan" || (!c.isEmpty && c.contains(where: \.isNumber) && c.allSatisfy { "0123456789.-[], ".contains($0) })
                }
                let numericColumn = header.indices.map { i in rows.contains { i < $0.count && isNumber($0[i]) } }
                func line(_ cells: [String]) -> String {
                    cells.enumerated().map { i, c in
                        let pad = String(repeating: " ", count: max(0, widths[i] - Self.displayWidth(c)))
                        return numericColumn[i] && (isNumber(c) || c == header[i]) ? pad + c : c + pad
                    }.joined(separator: "  ")
                }
                out += line(header) + "\n"
                out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
                for row in rows { out += line(row) + "\n" }
            }
        }
        out += markdown ? "# spancoder eval\n\n" : "spancoder eval\n"
        out += "mode \(options.mode.rawValue)"
        if options.mode == .overlap { out += " (IoU ≥ \(Self.fmt(options.iou, 2)))" }
        if options.mode == .unit, options.minOverlap > 0 { out += " (min overlap \(Self.fmt(options.minOverlap, 2)) of a unit)" }
        out += "; \(documentsDescription)"
        if let units { out += ", \(units) units" }
        out += "; zero division → \(options.zeroDivision.rawValue)"
        if options.bootstrap > 0 {
            out += "; 95% CI: \(options.bootstrap) bootstrap resamples of \(resampleDescription), seed \(options.seed)"
        }
        out += markdown ? "\n\n" : "\n"
        for input in inputs { out += (markdown ? "- " : "  ") + input.summary + "\n" }
        for note in notes { out += (markdown ? "- " : "  ") + "note: " + note + "\n" }

        for section in tables() {
            heading(section.title)
            table(section.header, section.rows)
        }
        if !confusion.isEmpty {
            heading("Confusion: false positives and the gold codes missed where they fired")
            table(["predicted", "gold", "count"], confusion.prefix(30).map { [$0.predicted, $0.gold, "\($0.count)"] })
            if confusion.count > 30 { out += (markdown ? "\n" : "") + "… \(confusion.count - 30) more rows (see --format json or html)\n" }
        }
        if !errors.isEmpty {
            heading("Errors (first examples per code)")
            if let caption = errorsCaption { out += caption + (markdown ? "\n\n" : "\n") }
            table(["kind", "code", "doc", "span", "text", "evidence", "source"], errors.map { e in
                var text = (e.text ?? "").replacingOccurrences(of: "\n", with: " ")
                if !markdown, Self.displayWidth(text) > 60 {
                    var cut = ""
                    for ch in text { if Self.displayWidth(cut) + Self.displayWidth(String(ch)) > 57 { break }; cut.append(ch) }
                    text = cut + "..."
                }
                return [e.kind.rawValue, e.code, e.doc, e.range.description, text, e.evidence.joined(separator: "; "), e.source ?? ""]
            })
        }
        if !unlistedCodes.isEmpty {
            heading("Codes not in the code list (scored as is)")
            table(["input", "code", "spans", "first line"], unlistedCodes.map { [$0.role + ": " + $0.file, $0.code, "\($0.spans)", $0.firstPlace ?? "\($0.firstLine)"] })
        }
        if !diagnostics.isEmpty {
            heading("Input findings")
            for d in diagnostics.prefix(50) { out += (markdown ? "- " : "  ") + d.description + "\n" }
            if diagnostics.count > 50 { out += (markdown ? "- " : "  ") + "… \(diagnostics.count - 50) more (see --format json)\n" }
        }
        return out
    }

    /// A titled table of the report, the same in every format that shows tables (text, Markdown, HTML).
    struct Table {
        var title: String
        var header: [String]
        var rows: [[String]]

        /// The per-code table's title (HTML draws its F1 chart before it).
        static let perCodeTitle = "Per code"
    }

    /// The report's result tables in order: nervaluate's schemas and per-code F1 (nervaluate mode), per
    /// code with micro and macro, agreement, several coders, gold against each further coder, breakdown.
    /// Columns that would be empty are left out (the interval without a bootstrap; kappa and alpha
    /// outside unit mode).
    func tables() -> [Table] {
        var tables: [Table] = []
        if let n = nervaluate {
            tables.append(Table(title: "nervaluate-compatible (strict / exact / partial / ent_type, nervaluate 1.2.1 semantics)",
                                header: ["schema", "COR", "INC", "PAR", "MIS", "SPU", "P", "R", "F1"],
                                rows: NervaluateCompat.Schema.allCases.compactMap { s in
                guard let r = n.overall[s] else { return nil }
                let p = r.scores(s)
                return [s.rawValue, "\(r.correct)", "\(r.incorrect)", "\(r.partial)", "\(r.missed)", "\(r.spurious)", Self.fmt(p.precision), Self.fmt(p.recall), Self.fmt(p.f1)]
            }))
            tables.append(Table(title: "nervaluate per code (F1)", header: ["code"] + NervaluateCompat.Schema.allCases.map(\.rawValue),
                                rows: n.perCode.sorted { $0.key < $1.key }.map { code, results in
                [code] + NervaluateCompat.Schema.allCases.map { s in results[s].map { Self.fmt($0.scores(s).f1) } ?? "" }
            }))
        }
        if let summary {
            let unitMode = agreement != nil
            var header = ["code", "TP", "FP", "FN", "P", "R", "F1"]
            if options.bootstrap > 0 { header.append("F1 95% CI") }
            if unitMode { header += ["kappa", "alpha"] }
            var rows = perCode.map { r -> [String] in
                var row = [r.code, "\(r.counts.tp)", "\(r.counts.fp)", "\(r.counts.fn)", Self.fmt(r.scores.precision), Self.fmt(r.scores.recall), Self.fmt(r.scores.f1)]
                if options.bootstrap > 0 { row.append(Self.ci(r.f1Interval)) }
                if unitMode { row += [Self.fmt(r.kappa), Self.fmt(r.alpha)] }
                return row
            }
            var micro = ["micro", "\(summary.counts.tp)", "\(summary.counts.fp)", "\(summary.counts.fn)", Self.fmt(summary.micro.precision), Self.fmt(summary.micro.recall), Self.fmt(summary.micro.f1)]
            var macro = ["macro (\(summary.codesAveraged) codes)", "", "", "", Self.fmt(summary.macro.precision), Self.fmt(summary.macro.recall), Self.fmt(summary.macro.f1)]
            if options.bootstrap > 0 { micro.append(Self.ci(summary.microF1Interval)); macro.append(Self.ci(summary.macroF1Interval)) }
            if unitMode { micro += ["", ""]; macro += ["", ""] }
            rows += [micro, macro]
            tables.append(Table(title: Table.perCodeTitle, header: header, rows: rows))
        }
        if let a = agreement {
            tables.append(Table(title: "Agreement, gold vs predictions (binary unit × code cells)", header: ["measure", "value"], rows: [
                ["cells", "\(a.cells)"], ["observed agreement", Self.fmt(a.percent)], ["Cohen's kappa", Self.fmt(a.cohenKappa)],
                ["Scott's pi", Self.fmt(a.scottPi)], ["Bennett's S", Self.fmt(a.bennettS)], ["Gwet's AC1", Self.fmt(a.gwetAC1)],
                ["Krippendorff's alpha (nominal)", Self.fmt(a.alpha)],
                ["alpha, code sets per unit, MASI (all coders)", Self.fmt(a.alphaMASI)],
                ["alpha, code sets per unit, Jaccard (all coders)", Self.fmt(a.alphaJaccard)],
            ]))
            if let m = a.multi {
                tables.append(Table(title: "Several coders (\(m.coders.joined(separator: ", ")))", header: ["measure", "value"], rows: [
                    ["complete cells (every coder coded)", "\(m.completeCells)"], ["Fleiss' kappa (complete)", Self.fmt(m.fleissKappa)],
                    ["Hubert/Conger kappa (complete)", Self.fmt(m.hubertKappa)], ["Randolph's kappa (complete)", Self.fmt(m.randolphKappa)],
                    ["Gwet's AC1 (complete)", Self.fmt(m.gwetAC1)], ["Krippendorff's alpha (complete)", Self.fmt(m.alphaComplete)],
                    ["Krippendorff's alpha (missing data allowed)", Self.fmt(m.alpha)],
                ]))
            }
        }
        if !pairwise.isEmpty {
            tables.append(Table(title: "Gold vs each further coder", header: ["coder", "micro F1", "macro F1", "kappa", "alpha"],
                                rows: pairwise.map { [$0.coder, Self.fmt($0.summary.micro.f1), Self.fmt($0.summary.macro.f1), Self.fmt($0.kappa), Self.fmt($0.alpha)] }))
        }
        if !groups.isEmpty {
            tables.append(Table(title: "Breakdown", header: ["field", "value", "docs", "TP", "FP", "FN", "micro P", "micro R", "micro F1", "macro F1", "kappa", "alpha"],
                                rows: groups.map { g in
                [g.field, g.value, "\(g.documents)", "\(g.summary.counts.tp)", "\(g.summary.counts.fp)", "\(g.summary.counts.fn)",
                 Self.fmt(g.summary.micro.precision), Self.fmt(g.summary.micro.recall), Self.fmt(g.summary.micro.f1), Self.fmt(g.summary.macro.f1),
                 Self.fmt(g.kappa), Self.fmt(g.alpha)]
            }))
        }
        return tables
    }

    /// One CSV table: per code, micro and macro, then breakdown rows.
    func csv() -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = "scope,field,value,code,tp,fp,fn,precision,recall,f1,f1_ci_low,f1_ci_high,kappa,alpha\n"
        func row(_ cells: [String]) { out += cells.map(field).joined(separator: ",") + "\n" }
        func num(_ v: Double?) -> String { v.map { $0.isNaN ? "nan" : String(($0 * 1e10).rounded() / 1e10) } ?? "" }
        // Codes and metadata values come from the inputs and could start a spreadsheet formula: the same
        // neutralisation as every other CSV SpanCoder writes. Numbers (a negative kappa) stay numbers.
        let text = CodedSpanCSV.neutralise
        if let n = nervaluate {
            out = "schema,code,correct,incorrect,partial,missed,spurious,precision,recall,f1\n"
            for s in NervaluateCompat.Schema.allCases {
                if let r = n.overall[s] { let p = r.scores(s); row([s.rawValue, "(all)", "\(r.correct)", "\(r.incorrect)", "\(r.partial)", "\(r.missed)", "\(r.spurious)", num(p.precision), num(p.recall), num(p.f1)]) }
                for (code, results) in n.perCode.sorted(by: { $0.key < $1.key }) {
                    if let r = results[s] { let p = r.scores(s); row([s.rawValue, text(code), "\(r.correct)", "\(r.incorrect)", "\(r.partial)", "\(r.missed)", "\(r.spurious)", num(p.precision), num(p.recall), num(p.f1)]) }
                }
            }
            return out
        }
        for r in perCode {
            row(["code", "", "", text(r.code), "\(r.counts.tp)", "\(r.counts.fp)", "\(r.counts.fn)", num(r.scores.precision), num(r.scores.recall), num(r.scores.f1),
                 num(r.f1Interval?.lowerBound), num(r.f1Interval?.upperBound), num(r.kappa), num(r.alpha)])
        }
        if let s = summary {
            row(["micro", "", "", "", "\(s.counts.tp)", "\(s.counts.fp)", "\(s.counts.fn)", num(s.micro.precision), num(s.micro.recall), num(s.micro.f1),
                 num(s.microF1Interval?.lowerBound), num(s.microF1Interval?.upperBound), num(agreement?.cohenKappa), num(agreement?.alpha)])
            row(["macro", "", "", "", "", "", "", num(s.macro.precision), num(s.macro.recall), num(s.macro.f1),
                 num(s.macroF1Interval?.lowerBound), num(s.macroF1Interval?.upperBound), "", ""])
        }
        for g in groups {
            row(["group-micro", text(g.field), text(g.value), "", "\(g.summary.counts.tp)", "\(g.summary.counts.fp)", "\(g.summary.counts.fn)",
                 num(g.summary.micro.precision), num(g.summary.micro.recall), num(g.summary.micro.f1), "", "", num(g.kappa), num(g.alpha)])
            row(["group-macro", text(g.field), text(g.value), "", "", "", "", num(g.summary.macro.precision), num(g.summary.macro.recall), num(g.summary.macro.f1), "", "", "", ""])
        }
        return out
    }
}
