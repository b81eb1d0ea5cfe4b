/// What `CorpusStatistics.compute` asks for.
public struct StatsOptions: Sendable {
    /// Manifest fields to group by. The first is the comparison field (tables 4–6); tables 1–3 cross it
    /// with the combination of the others.
    public var groupBy: [String]
    /// The two values of the first grouping field to compare (table 5). When nil and the field has
    /// exactly two values, those two, in sorted order.
    public var compare: (String, String)?
    /// A code is prominent in a group when at least this share of the group's documents carries it.
    public var prominentShare: Double
    /// Bootstrap replicates over documents for a second interval of the difference; 0 for none.
    public var bootstrapReplicates: Int
    public var seed: UInt64
    /// Terms or rules listed per code and group in table 6.
    public var topTerms: Int
    /// Lengths in code points by document id, used where the manifest has no `chars` value.
    public var documentLengths: [String: Int]
    /// Count only documents that appear in the coding (for a coding of part of the corpus, such as a gold
    /// sample). Otherwise every manifest document counts, uncoded ones as having no coded span.
    public var codedDocumentsOnly: Bool
    /// Keep only manifest entries whose field has one of the values (all conditions must hold).
    public var filters: [(field: String, values: Set<String>)]
    /// The taxonomy's codes, in the order tables 4–6 list them: every one gets its rows, a code no
    /// document carries included (a result in itself: 0 of 20 in both groups). Codes of the coding
    /// outside the list follow, in sorted order, with a note. Nil: the codes the codings use, sorted.
    public var codes: [String]?

    public init(
        groupBy: [String] = ["country", "issuer_type"], compare: (String, String)? = nil,
        prominentShare: Double = 0.2, bootstrapReplicates: Int = 0, seed: UInt64 = 1, topTerms: Int = 5,
        documentLengths: [String: Int] = [:], codedDocumentsOnly: Bool = false,
        filters: [(field: String, values: Set<String>)] = [], codes: [String]? = nil
    ) {
        self.groupBy = groupBy
        self.compare = compare
        self.prominentShare = prominentShare
        self.bootstrapReplicates = bootstrapReplicates
        self.seed = seed
        self.topTerms = topTerms
        self.documentLengths = documentLengths
        self.codedDocumentsOnly = codedDocumentsOnly
        self.filters = filters
        self.codes = codes
    }
}

/// A count table with rows for the values of the first grouping field, columns for the combinations of
/// the other fields, and totals.
public struct CrossTable<Value: Sendable & Equatable>: Sendable, Equatable {
    public var rowKeys: [String]
    public var columnKeys: [String]
    /// `cells[row][column]`
    public var cells: [[Value]]
    public var rowTotals: [Value]
    public var columnTotals: [Value]
    public var total: Value

    /// The cell for a row and column key.
    public func value(_ row: String, _ column: String) -> Value? {
        guard let r = rowKeys.firstIndex(of: row), let c = columnKeys.firstIndex(of: column) else { return nil }
        return cells[r][c]
    }

    public func rowTotal(_ row: String) -> Value? { rowKeys.firstIndex(of: row).map { rowTotals[$0] } }
    public func columnTotal(_ column: String) -> Value? { columnKeys.firstIndex(of: column).map { columnTotals[$0] } }
}

/// Table 4: one code in one group of the first grouping field.
public struct CodePrevalence: Sendable, Equatable {
    public var code: String
    /// A value of the first grouping field, or `CorpusStatistics.allGroups` for the whole corpus.
    public var group: String
    public var documents: Int
    public var documentsWithCode: Int
    /// `documentsWithCode / documents`, nil for an empty group.
    public var share: Double?
    /// Spans carrying the code.
    public var spans: Int
    /// `spans` per 10,000 code points of the group's documents, when every length is known.
    public var spansPer10kChars: Double?
}

/// Table 5: one code compared between two groups.
public struct CodeComparison: Sendable, Equatable {
    public enum Prominence: Sendable, Equatable {
        case both, firstOnly, secondOnly, neither
    }

    public var code: String
    public var first: String
    public var second: String
    public var firstDocuments: Int
    public var secondDocuments: Int
    public var firstWithCode: Int
    public var secondWithCode: Int
    public var firstShare: Double
    public var secondShare: Double
    /// `firstShare - secondShare`
    public var difference: Double
    /// 95% Newcombe hybrid score interval of the difference.
    public var interval: (lower: Double, upper: Double)
    /// 95% percentile bootstrap interval (documents resampled within each group), when asked for.
    public var bootstrapInterval: (lower: Double, upper: Double)?
    public var prominence: Prominence

    public static func == (a: CodeComparison, b: CodeComparison) -> Bool {
        a.code == b.code && a.first == b.first && a.second == b.second && a.firstDocuments == b.firstDocuments
            && a.secondDocuments == b.secondDocuments && a.firstWithCode == b.firstWithCode
            && a.secondWithCode == b.secondWithCode && a.interval == b.interval
            && a.bootstrapInterval?.lower == b.bootstrapInterval?.lower
            && a.bootstrapInterval?.upper == b.bootstrapInterval?.upper && a.prominence == b.prominence
    }
}

/// Table 6: the terms or rules that most often carried a code in a group.
public struct TermUsage: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// The term as written in the lexicon, or `rule:<id>`.
        public var label: String
        /// Spans of the group whose evidence for the code cites it.
        public var spans: Int
    }

    public var code: String
    public var group: String
    public var top: [Entry]
}

/// Everything computed for one coding source.
public struct SourceStatistics: Sendable {
    public var name: String
    /// Table 1: documents per group.
    public var documents: CrossTable<Int>
    /// Table 2: coded spans (spans with at least one code) per group.
    public var codedSpans: CrossTable<Int>
    /// Table 4, ordered by code, then group (the whole corpus last).
    public var prevalence: [CodePrevalence]
    /// Table 5, by code; nil when there are not exactly two groups to compare (see notes).
    public var comparison: [CodeComparison]?
    /// Table 6, by code, then group; nil when the coding carries no evidence (gold files).
    public var terms: [TermUsage]?
    /// Documents in the coding that are not in the manifest, with their number of spans.
    public var documentsNotInManifest: [(id: String, spans: Int)]
    /// Manifest documents (after filters) with no span in the coding.
    public var documentsWithoutCoding: [String]
    public var notes: [String]

    /// Table 3: mean coded spans per document, cell by cell (nil where a group has no documents).
    public var meanCodedSpans: CrossTable<Double?> {
        func mean(_ spans: Int, _ docs: Int) -> Double? { docs == 0 ? nil : Double(spans) / Double(docs) }
        return CrossTable(
            rowKeys: documents.rowKeys, columnKeys: documents.columnKeys,
            cells: zip(codedSpans.cells, documents.cells).map { zip($0, $1).map(mean) },
            rowTotals: zip(codedSpans.rowTotals, documents.rowTotals).map(mean),
            columnTotals: zip(codedSpans.columnTotals, documents.columnTotals).map(mean),
            total: mean(codedSpans.total, documents.total))
    }

    public func prevalence(code: String, group: String) -> CodePrevalence? {
        prevalence.first { $0.code == code && $0.group == group }
    }

    public func comparison(code: String) -> CodeComparison? { comparison?.first { $0.code == code } }
    public func terms(code: String, group: String) -> TermUsage? { terms?.first { $0.code == code && $0.group == group } }
}

/// The result of `CorpusStatistics.compute`: per coding source, the six tables.
public struct StatsReport: Sendable {
    public var manifest: String
    public var groupBy: [String]
    public var options: StatsOptionsSummary
    public var sources: [SourceStatistics]
    /// Notes for the whole run (filters, how documents are counted).
    public var notes: [String]
}

/// The options that shaped a report, as shown in its header.
public struct StatsOptionsSummary: Sendable {
    public var prominentShare: Double
    public var bootstrapReplicates: Int
    public var seed: UInt64
    public var codedDocumentsOnly: Bool
    public var filters: [String]
}
