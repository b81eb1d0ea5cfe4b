/// A table ready for rendering: every renderer (terminal, CSV, Markdown, HTML, JSON) draws the same
/// columns and rows, each formatting a cell for its medium (a share is `37.5%` on screen, `0.375` in
/// CSV and JSON).
public struct ReportTable: Sendable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        case integer(Int)
        /// A plain number shown with `places` decimals.
        case decimal(Double, places: Int)
        /// A proportion in [0, 1], shown as a percentage.
        case share(Double)
        /// A difference of proportions, shown in signed percentage points.
        case points(Double)
        /// No value (a group without documents); empty in CSV, null in JSON.
        case missing
    }

    public struct Column: Sendable {
        public var name: String
        /// A stable snake_case key for CSV headers and JSON.
        public var key: String
        public var numeric: Bool
        /// Only in CSV and JSON, where a column's key is all a reader has: the comparison's group values,
        /// which the other renderers put in the column names; and a column that only repeats the one
        /// before it for people (the row totals of a table with one column), which CSV and JSON keep so
        /// that a table's keys do not depend on the number of grouping fields.
        public var machineOnly = false
    }

    /// Stable id: `documents`, `coded_spans`, `mean_coded_spans`, `codes`, `comparison`, `terms`.
    public var id: String
    public var number: Int
    public var title: String
    /// One or two sentences on what the table shows.
    public var explanation: String
    public var columns: [Column]
    public var rows: [[Cell]]
    /// Rows from this index on are totals (drawn below a rule).
    public var totalsFrom: Int?

    /// The table for people (terminal, Markdown, HTML): without the machine-only columns.
    public var forReaders: ReportTable {
        guard columns.contains(where: \.machineOnly) else { return self }
        var table = self
        let kept = columns.indices.filter { !columns[$0].machineOnly }
        table.columns = kept.map { columns[$0] }
        table.rows = rows.map { row in kept.map { row[$0] } }
        return table
    }
}

extension SourceStatistics {
    /// Tables 1–6 (5 and 6 when computed) in the renderers' model.
    public func tables(groupBy: [String], prominentShare: Double) -> [ReportTable] {
        let rowField = groupBy[0]
        let columnField = groupBy.dropFirst().joined(separator: " / ")
        let across = groupBy.count > 1 ? "\(rowField) × \(columnField)" : rowField
        var result: [ReportTable] = []

        /// `value`: what the cells hold, the one column's label when there is a single grouping field
        /// (the cross table's one column key, `CorpusStatistics.singleColumn`, says "documents" for all three).
        func cross<V>(_ table: CrossTable<V>, id: String, number: Int, title: String, explanation: String, value: String, cell: (V) -> ReportTable.Cell) -> ReportTable {
            var columns = [ReportTable.Column(name: rowField, key: "group", numeric: false)]
            if groupBy.count == 1 {
                columns += table.columnKeys.map { _ in ReportTable.Column(name: value, key: id, numeric: true) }
            } else {
                columns += table.columnKeys.map { ReportTable.Column(name: $0, key: $0, numeric: true) }
            }
            columns.append(ReportTable.Column(name: "total", key: "total", numeric: true, machineOnly: groupBy.count == 1))
            var rows: [[ReportTable.Cell]] = []
            for (r, key) in table.rowKeys.enumerated() {
                rows.append([.text(key)] + table.cells[r].map(cell) + [cell(table.rowTotals[r])])
            }
            rows.append([.text("total")] + table.columnTotals.map(cell) + [cell(table.total)])
            return ReportTable(id: id, number: number, title: title, explanation: explanation, columns: columns, rows: rows, totalsFrom: rows.count - 1)
        }

        result.append(cross(documents, id: "documents", number: 1, title: "Documents per \(across)",
            explanation: "How many documents of the corpus fall in each group, with " + (groupBy.count == 1 ? "their total." : "totals per row and column."),
            value: "documents", cell: { .integer($0) }))
        result.append(cross(codedSpans, id: "coded_spans", number: 2, title: "Coded spans per \(across)",
            explanation: "Spans (quotes) carrying at least one code, summed over the group's documents.", value: "coded spans", cell: { .integer($0) }))
        result.append(cross(meanCodedSpans, id: "mean_coded_spans", number: 3, title: "Mean coded spans per document, \(across)",
            explanation: "Table 2 divided by table 1, cell by cell: how densely each group's documents are coded.",
            value: "mean coded spans", cell: { $0.map { .decimal($0, places: 2) } ?? .missing }))

        let hasLengths = prevalence.contains { $0.spansPer10kChars != nil }
        var codeColumns: [ReportTable.Column] = [
            .init(name: "code", key: "code", numeric: false),
            .init(name: rowField, key: "group", numeric: false),
            .init(name: "documents", key: "documents", numeric: true),
            .init(name: "with code", key: "documents_with_code", numeric: true),
            .init(name: "share", key: "share", numeric: true),
            .init(name: "spans", key: "spans", numeric: true),
        ]
        if hasLengths { codeColumns.append(.init(name: "spans/10k chars", key: "spans_per_10k_chars", numeric: true)) }
        let codeRows: [[ReportTable.Cell]] = prevalence.map { row in
            var cells: [ReportTable.Cell] = [
                .text(row.code), .text(row.group), .integer(row.documents), .integer(row.documentsWithCode),
                row.share.map { .share($0) } ?? .missing, .integer(row.spans),
            ]
            if hasLengths { cells.append(row.spansPer10kChars.map { .decimal($0, places: 2) } ?? .missing) }
            return cells
        }
        result.append(ReportTable(id: "codes", number: 4, title: "Codes per \(rowField)", explanation:
            "For each code and \(rowField): documents with the code (count and share of the group's documents), spans with the code, and spans per 10,000 characters of the group's text.",
            columns: codeColumns, rows: codeRows, totalsFrom: nil))

        if let comparison, let first = comparison.first {
            let a = first.first, b = first.second
            let hasBootstrap = comparison.contains { $0.bootstrapInterval != nil }
            // Keys stay first_…/second_… whatever the groups (a script reads any comparison alike); the
            // group columns say which is which.
            var columns: [ReportTable.Column] = [
                .init(name: "code", key: "code", numeric: false),
                .init(name: "first group", key: "first_group", numeric: false, machineOnly: true),
                .init(name: "\(a) docs", key: "first_documents_with_code", numeric: true),
                .init(name: "\(a) share", key: "first_share", numeric: true),
                .init(name: "second group", key: "second_group", numeric: false, machineOnly: true),
                .init(name: "\(b) docs", key: "second_documents_with_code", numeric: true),
                .init(name: "\(b) share", key: "second_share", numeric: true),
                .init(name: "difference", key: "difference", numeric: true),
                .init(name: "95% CI low", key: "ci_low", numeric: true),
                .init(name: "95% CI high", key: "ci_high", numeric: true),
            ]
            if hasBootstrap {
                columns += [
                    .init(name: "bootstrap low", key: "bootstrap_low", numeric: true),
                    .init(name: "bootstrap high", key: "bootstrap_high", numeric: true),
                ]
            }
            columns += [
                .init(name: "CI excludes 0", key: "ci_excludes_zero", numeric: false),
                .init(name: "prominent (≥\(percentText(prominentShare)))", key: "prominent", numeric: false),
            ]
            let rows: [[ReportTable.Cell]] = comparison.map { row in
                var cells: [ReportTable.Cell] = [
                    .text(row.code), .text(row.first), .integer(row.firstWithCode), .share(row.firstShare), .text(row.second),
                    .integer(row.secondWithCode), .share(row.secondShare), .points(row.difference), .points(row.interval.lower),
                    .points(row.interval.upper),
                ]
                if hasBootstrap {
                    cells += [row.bootstrapInterval.map { .points($0.lower) } ?? .missing, row.bootstrapInterval.map { .points($0.upper) } ?? .missing]
                }
                let excludesZero = row.interval.lower > 0 || row.interval.upper < 0
                cells.append(.text(excludesZero ? "yes" : "no"))
                cells.append(.text(prominenceText(row.prominence, a, b)))
                return cells
            }
            result.append(ReportTable(id: "comparison", number: 5, title: "\(a) vs \(b): share of documents with each code",
                explanation: "Difference of the two shares with its 95% Newcombe hybrid score interval" + (hasBootstrap ? " and a percentile bootstrap interval over documents" : "")
                    + "; a code is prominent in a group when at least \(percentText(prominentShare)) of its documents carry it.",
                columns: columns, rows: rows, totalsFrom: nil))
        }

        if let terms {
            let rows: [[ReportTable.Cell]] = terms.map { usage in
                [.text(usage.code), .text(usage.group), .text(usage.top.map { "\($0.label) (\($0.spans))" }.joined(separator: "; "))]
            }
            result.append(ReportTable(id: "terms", number: 6, title: "Terms and rules that carried each code, per \(rowField)",
                explanation: "From the evidence of each proposal: the terms (or rule:ID) cited by the most spans with the code, with their number of spans.",
                columns: [.init(name: "code", key: "code", numeric: false), .init(name: rowField, key: "group", numeric: false),
                          .init(name: "top terms (spans)", key: "top_terms", numeric: false)],
                rows: rows, totalsFrom: nil))
        }
        return result
    }
}

func prominenceText(_ prominence: CodeComparison.Prominence, _ a: String, _ b: String) -> String {
    switch prominence {
    case .both: return "both"
    case .firstOnly: return "\(a) only"
    case .secondOnly: return "\(b) only"
    case .neither: return "neither"
    }
}

func percentText(_ share: Double) -> String {
    let value = share * 100
    return value == value.rounded() ? "\(Int(value))%" : fixed(value, places: 1) + "%"
}

/// `value` with exactly `places` decimals (no locale, no exponent).
func fixed(_ value: Double, places: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let negative = value < 0 && scaled != 0
    let whole = Int(scaled / scale)
    let fraction = Int(scaled - Double(whole) * scale)
    var text = (negative ? "-" : "") + String(whole)
    if places > 0 {
        let digits = String(fraction)
        text += "." + String(repeating: "0", count: places - digits.count) + digits
    }
    return text
}
