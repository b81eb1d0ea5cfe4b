import Foundation
import SpanCoderCore

/// The study's corpus tables, computed from a manifest and one or more codings.
public enum CorpusStatistics {
    /// The group label of whole-corpus rows in table 4.
    public static let allGroups = "(all)"
    /// The group label of documents whose grouping field is empty.
    public static let missingValue = "(none)"
    /// Labels the tables give rows of their own; a grouping value may not be one of them.
    static let reservedGroupLabels: Set<String> = [missingValue, allGroups, "total"]
    /// The column key of the cross tables 1–3 when there is a single grouping field (rendered as
    /// "documents", "coded spans" and "mean coded spans", what each table holds).
    public static let singleColumn = "documents"

    /// Computes tables 1–6 for every coding source.
    ///
    /// Documents are the manifest's entries (after `options.filters`); a document with no span in a
    /// coding counts as a document with no coded span, unless `options.codedDocumentsOnly`. Spans of
    /// documents missing from the manifest are left out and listed in `documentsNotInManifest`.
    /// - Throws: `SpanCoderError.usage` for a grouping or filter field the manifest lacks, or a compared
    ///   group with no documents.
    /// - Complexity: O(manifest + distinct (document, code, term) triples + B·documents for B bootstrap
    ///   replicates).
    public static func compute(manifest: Manifest, codings: [Coding], options: StatsOptions) throws -> StatsReport {
        guard !options.groupBy.isEmpty else { throw SpanCoderError(.usage, "--by needs at least one manifest field") }
        let named = Set(manifest.fieldNames)
        for field in options.groupBy + options.filters.map(\.field) where !named.contains(field) && !manifest.entries.contains(where: { $0.value(of: field) != nil }) {
            // AGORA's documents.csv has 100 columns: the list is cut, and a name in another case or a part
            // of a longer one is pointed at.
            let lower = field.lowercased()
            let near = manifest.fieldNames.first { $0.lowercased() == lower } ?? (lower.count >= 3 ? manifest.fieldNames.first { $0.lowercased().contains(lower) } : nil)
            throw SpanCoderError(.usage, "the manifest has no field \"\(field)\"\(near.map { " (is it \"\($0)\"?)" } ?? "") (fields: \(listPreview(manifest.fieldNames.map { Manifest.listText([$0]) }, limit: 20)))",
                                 at: SourceLocation(file: manifest.source))
        }
        var runNotes: [String] = []
        // The tables' own labels must not also be values of a grouping field: "(none)" would pool real
        // values with empty ones, "(all)" and "total" would give two rows of one name.
        for field in options.groupBy {
            for entry in manifest.entries {
                guard let value = entry.value(of: field), reservedGroupLabels.contains(value) else { continue }
                throw SpanCoderError(.badInput, "document \(entry.id) has \(field) = \"\(value)\", a label the tables use themselves (\(missingValue): no value; \(allGroups) and total: all groups); rename the value in the manifest",
                                     at: SourceLocation(file: manifest.source))
            }
        }
        let filters = whereConditions(options.filters)
        func shown(_ values: Set<String>) -> [String] { values.map { $0.isEmpty ? missingValue : $0 }.sorted() }
        // A filter value that no document has is a typo or the wrong corpus: say which values there are,
        // rather than print empty tables.
        for filter in filters {
            let existing = manifest.values(of: filter.field)
            for value in filter.values.sorted() where value.isEmpty ? !manifest.entries.contains(where: { ($0.value(of: filter.field) ?? "").isEmpty }) : !existing.contains(value) {
                throw SpanCoderError(.usage, "--where \(filter.field)=\(value.isEmpty ? missingValue : value): no manifest document has \(value.isEmpty ? "no \(filter.field) value" : "\(filter.field) = \"\(value)\"") (values: \(describeValues(existing)))", at: SourceLocation(file: manifest.source))
            }
        }
        let selected = manifest.entries.indices.filter { selects(manifest.entries[$0], filters) }
        if !filters.isEmpty && selected.isEmpty {
            let described = filters.map { "\($0.field)=\(Manifest.listText(shown($0.values)))" }.joined(separator: " and ")
            throw SpanCoderError(.usage, "--where \(described): no manifest document meets all the conditions together", at: SourceLocation(file: manifest.source))
        }
        if !filters.isEmpty {
            let described = filters.map { "\($0.field) in {\(Manifest.listText(shown($0.values), separator: ", "))}" }
            runNotes.append("manifest filtered to \(described.joined(separator: " and ")): \(selected.count) of \(manifest.entries.count) documents")
        }
        runNotes += groupingValueNotes(manifest: manifest, selected: selected, fields: options.groupBy)
        runNotes.append(options.codedDocumentsOnly
            ? "documents: only those with at least one span in the coding"
            : "documents: every manifest document; those absent from a coding count as having no coded span")

        var codes = Set(codings.flatMap(\.codes)).sorted()
        if let listed = options.codes {
            let known = Set(listed)
            let outside = codes.filter { !known.contains($0) }
            if !outside.isEmpty {
                runNotes.append("codes outside --codes, listed after it: \(outside.joined(separator: ", "))")
            }
            codes = listed + outside
        }
        var sources: [SourceStatistics] = []
        for coding in codings {
            sources.append(try computeSource(coding, codes: codes, manifest: manifest, selected: selected, options: options))
        }
        let summary = StatsOptionsSummary(
            prominentShare: options.prominentShare, bootstrapReplicates: options.bootstrapReplicates, seed: options.seed,
            codedDocumentsOnly: options.codedDocumentsOnly,
            filters: options.filters.map { "\($0.field)=\(Manifest.listText($0.values.sorted()))" })
        return StatsReport(manifest: manifest.source, groupBy: options.groupBy, options: summary, sources: sources, notes: runNotes)
    }

    private static func computeSource(_ coding: Coding, codes: [String], manifest: Manifest, selected: [Int], options: StatsOptions) throws -> SourceStatistics {
        var notes: [String] = []
        if coding.documentLevelSpans > 0 {
            notes.append("\(coding.documentLevelSpans) whole-document span(s) of tag --doc-codes (\"id\": \"document\") are left out: they hold documents' codes, not coded passages")
        }
        if let merged = coding.mergedLinesNote { notes.append(merged) }
        if let reappearing = coding.reappearingNote { notes.append(reappearing) }

        // Documents in the coding but not in the manifest.
        var notInManifest: [(id: String, spans: Int)] = []
        for (i, id) in coding.documentIDs.enumerated() where manifest.index(of: id) == nil {
            notInManifest.append((id, coding.spansPerDocument[i]))
        }
        if !notInManifest.isEmpty {
            let spans = notInManifest.reduce(0) { $0 + $1.spans }
            // Not one document in common: the wrong manifest or coding, or another id scheme. Every table
            // would count the corpus as uncoded; eval refuses the same mismatch.
            if notInManifest.count == coding.documentIDs.count {
                throw SpanCoderError(.badInput, "the coding shares no document with the manifest (\(manifest.source)): its \(notInManifest.count) document(s), e.g. \(listPreview(notInManifest.map(\.id))), are not among the manifest's \(manifest.entries.count); is it the right manifest, or do the ids differ?", at: SourceLocation(file: coding.name))
            }
            notes.append("\(notInManifest.count) document(s) in the coding are not in the manifest; their \(spans) span(s) are left out: \(listPreview(notInManifest.map(\.id)))")
        }

        // The documents counted, and each one's position in the coding.
        var included: [(entry: Int, coded: Int?)] = []
        var withoutCoding: [String] = []
        for index in selected {
            let id = manifest.entries[index].id
            let codedIndex = coding.documentIndex(of: id)
            if codedIndex == nil { withoutCoding.append(id) }
            if options.codedDocumentsOnly, codedIndex == nil { continue }
            included.append((index, codedIndex))
        }
        if !withoutCoding.isEmpty {
            notes.append("\(withoutCoding.count) manifest document(s) have no span in the coding" + (options.codedDocumentsOnly ? " and are left out" : " and count as having no coded span") + ": \(listPreview(withoutCoding))")
        }

        // Group keys.
        func groupValue(_ entry: Manifest.Entry, _ field: String) -> String {
            let value = entry.value(of: field) ?? ""
            return value.isEmpty ? missingValue : value
        }
        let rowOf: [String] = included.map { groupValue(manifest.entries[$0.entry], options.groupBy[0]) }
        let columnOf: [String] = included.map { doc in
            options.groupBy.count == 1 ? singleColumn
                : options.groupBy.dropFirst().map { groupValue(manifest.entries[doc.entry], $0) }.joined(separator: " / ")
        }
        let rowKeys = Array(Set(rowOf)).sorted()
        let columnKeys = Array(Set(columnOf)).sorted()
        let rowIndex = Dictionary(uniqueKeysWithValues: rowKeys.enumerated().map { ($1, $0) })
        let columnIndex = Dictionary(uniqueKeysWithValues: columnKeys.enumerated().map { ($1, $0) })
        let docRow = rowOf.map { rowIndex[$0]! }
        let docColumn = columnOf.map { columnIndex[$0]! }

        // Tables 1 and 2.
        var documentCells = Array(repeating: Array(repeating: 0, count: columnKeys.count), count: rowKeys.count)
        var spanCells = documentCells
        for (d, doc) in included.enumerated() {
            documentCells[docRow[d]][docColumn[d]] += 1
            if let c = doc.coded { spanCells[docRow[d]][docColumn[d]] += coding.codedSpansPerDocument[c] }
        }

        // Per code and group: documents with the code and spans; per document its codes (for the bootstrap).
        let codeIndex = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })
        let codingCodeToGlobal = coding.codes.map { codeIndex[$0]! }
        var includedPosition = Array(repeating: -1, count: coding.documentIDs.count)
        for (d, doc) in included.enumerated() { if let c = doc.coded { includedPosition[c] = d } }
        let groupCount = rowKeys.count
        var docsWithCode = Array(repeating: Array(repeating: 0, count: groupCount), count: codes.count)
        var spansWithCode = docsWithCode
        var codesOfDocument = Array(repeating: [Int32](), count: included.count)
        for entry in coding.codeCounts() {
            let d = includedPosition[Int(entry.doc)]
            guard d >= 0 else { continue }
            let code = codingCodeToGlobal[Int(entry.key)]
            docsWithCode[code][docRow[d]] += 1
            spansWithCode[code][docRow[d]] += entry.spans
            codesOfDocument[d].append(Int32(code))
        }

        // Lengths: the manifest's `chars`, else the lengths given (from --texts). A group with a document
        // of unknown length has no rate (nor has the whole corpus then); the other groups keep theirs.
        var groupChars = Array(repeating: 0, count: groupCount)
        var unmeasured = Array(repeating: false, count: groupCount)
        var missingLength: [String] = []
        // `chars` values that are there but not a count ("135,770" from a spreadsheet, "NA", "-5"):
        // told apart from missing ones, which the note would otherwise claim of a column that exists.
        var unreadableLength: [(id: String, text: String)] = []
        for (d, doc) in included.enumerated() {
            let entry = manifest.entries[doc.entry]
            if let text = entry.fields["chars"], let chars = parseCount(text) {
                groupChars[docRow[d]] += chars
            } else if let chars = options.documentLengths[entry.id] {
                groupChars[docRow[d]] += chars
            } else {
                unmeasured[docRow[d]] = true
                if let text = entry.fields["chars"], !text.isEmpty { unreadableLength.append((entry.id, text)) } else { missingLength.append(entry.id) }
            }
        }
        if !missingLength.isEmpty || !unreadableLength.isEmpty {
            let measuring = options.documentLengths.isEmpty ? "give --texts DIR to measure them" : "--texts has no readable text for them"
            var reasons: [String] = []
            if let first = unreadableLength.first {
                reasons.append("\(unreadableLength.count) have a \"chars\" value that is not a whole number of characters (\(first.id): \"\(first.text)\"; write digits only, or \(measuring))")
            }
            if !missingLength.isEmpty {
                reasons.append("\(missingLength.count) have none (\(options.documentLengths.isEmpty ? "add a \"chars\" column or give --texts DIR" : "no \"chars\" value, and --texts has no readable text for them")): \(listPreview(missingLength))")
            }
            let blank = (0..<groupCount).filter { unmeasured[$0] }.map { rowKeys[$0] }
            notes.append("spans per 10,000 characters left blank for \(blank.count == groupCount ? "every group" : "\(blank.count) of the \(groupCount) groups (\(listPreview(blank)))") and for \(allGroups): "
                + "\(missingLength.count + unreadableLength.count) document(s) have no length: \(reasons.joined(separator: "; "))")
        }
        let corpusMeasured = !unmeasured.contains(true)

        // Table 4.
        let groupDocuments = (0..<groupCount).map { g in documentCells[g].reduce(0, +) }
        var prevalence: [CodePrevalence] = []
        for (c, code) in codes.enumerated() {
            for g in 0...groupCount {
                let isAll = g == groupCount
                let documents = isAll ? included.count : groupDocuments[g]
                let withCode = isAll ? docsWithCode[c].reduce(0, +) : docsWithCode[c][g]
                let spans = isAll ? spansWithCode[c].reduce(0, +) : spansWithCode[c][g]
                var per10k: Double?
                if isAll ? corpusMeasured : !unmeasured[g] {
                    let chars = isAll ? groupChars.reduce(0, +) : groupChars[g]
                    per10k = chars > 0 ? Double(spans) * 10_000 / Double(chars) : nil
                }
                prevalence.append(CodePrevalence(
                    code: code, group: isAll ? allGroups : rowKeys[g], documents: documents, documentsWithCode: withCode,
                    share: documents > 0 ? Double(withCode) / Double(documents) : nil, spans: spans, spansPer10kChars: per10k))
            }
        }

        // Table 5.
        var comparison: [CodeComparison]?
        let pair: (String, String)?
        if let requested = options.compare {
            for value in [requested.0, requested.1] where rowIndex[value] == nil {
                throw SpanCoderError(.usage, "--compare: no document has \(options.groupBy[0]) = \"\(value)\" (values: \(rowKeys.joined(separator: ", ")))")
            }
            pair = requested
        } else if rowKeys.count == 2 {
            pair = (rowKeys[0], rowKeys[1])
        } else {
            pair = nil
            notes.append("comparison omitted: \(options.groupBy[0]) has \(rowKeys.count) values; choose two with --compare A,B")
        }
        if let pair {
            let a = rowIndex[pair.0]!, b = rowIndex[pair.1]!
            // A share of a few documents moves by a third with each one, and prominence is then one
            // document's doing: the table does not show it, so the notes say it.
            let small = [(pair.0, groupDocuments[a]), (pair.1, groupDocuments[b])].filter { $0.1 < 10 }
            if !small.isEmpty {
                notes.append("comparison of small groups: " + small.map { "\($0.0) has \($0.1) document\($0.1 == 1 ? "" : "s")" }.joined(separator: ", ")
                    + "; each document of such a group moves its shares by \(small.map { Int((100.0 / Double($0.1)).rounded()) }.max()!) points or more, so read the differences and prominence with care")
            }
            let boot = options.bootstrapReplicates > 0
                ? bootstrapDifferences(codesOfDocument: codesOfDocument, docRow: docRow, first: a, second: b, codeCount: codes.count, replicates: options.bootstrapReplicates, seed: options.seed)
                : nil
            comparison = codes.enumerated().map { c, code in
                let nA = groupDocuments[a], nB = groupDocuments[b]
                let xA = docsWithCode[c][a], xB = docsWithCode[c][b]
                let pA = Double(xA) / Double(nA), pB = Double(xB) / Double(nB)
                let prominentA = pA >= options.prominentShare, prominentB = pB >= options.prominentShare
                let prominence: CodeComparison.Prominence = prominentA ? (prominentB ? .both : .firstOnly) : (prominentB ? .secondOnly : .neither)
                return CodeComparison(
                    code: code, first: pair.0, second: pair.1, firstDocuments: nA, secondDocuments: nB,
                    firstWithCode: xA, secondWithCode: xB, firstShare: pA, secondShare: pB, difference: pA - pB,
                    interval: ProportionInterval.newcombeDifference(successes1: xA, trials1: nA, successes2: xB, trials2: nB),
                    bootstrapInterval: boot?[c], prominence: prominence)
            }
        }

        // Table 6.
        var terms: [TermUsage]?
        if coding.assignmentsWithEvidence == 0 {
            if !coding.codes.isEmpty {
                notes.append("terms per code omitted: the coding carries no evidence (a gold or hand coding)")
            }
        } else {
            var counts: [Int: [Int32: Int]] = [:]   // key code * groupCount + group
            // Sum per (group, pair) in a flat array first: far fewer dictionary updates than entries.
            var pairGroupSpans = Array(repeating: 0, count: coding.pairs.count * max(groupCount, 1))
            for entry in coding.pairCounts() {
                let d = includedPosition[Int(entry.doc)]
                guard d >= 0 else { continue }
                pairGroupSpans[Int(entry.key) * groupCount + docRow[d]] += entry.spans
            }
            for (p, pair) in coding.pairs.enumerated() {
                for g in 0..<groupCount where pairGroupSpans[p * groupCount + g] > 0 {
                    counts[codingCodeToGlobal[Int(pair.code)] * groupCount + g, default: [:]][pair.term, default: 0] += pairGroupSpans[p * groupCount + g]
                }
            }
            var usage: [TermUsage] = []
            for (c, code) in codes.enumerated() {
                for g in 0..<groupCount {
                    guard let byTerm = counts[c * groupCount + g] else { continue }
                    let top = byTerm.map { TermUsage.Entry(label: coding.terms[Int($0.key)], spans: $0.value) }
                        .sorted { $0.spans != $1.spans ? $0.spans > $1.spans : $0.label < $1.label }
                        .prefix(max(0, options.topTerms))
                    usage.append(TermUsage(code: code, group: rowKeys[g], top: Array(top)))
                }
            }
            terms = usage
        }

        return SourceStatistics(
            name: coding.name,
            documents: crossTable(rowKeys, columnKeys, documentCells),
            codedSpans: crossTable(rowKeys, columnKeys, spanCells),
            prevalence: prevalence, comparison: comparison, terms: terms,
            documentsNotInManifest: notInManifest, documentsWithoutCoding: withoutCoding, notes: notes)
    }

    private static func crossTable(_ rows: [String], _ columns: [String], _ cells: [[Int]]) -> CrossTable<Int> {
        let rowTotals = cells.map { $0.reduce(0, +) }
        let columnTotals = columns.indices.map { c in cells.reduce(0) { $0 + $1[c] } }
        return CrossTable(rowKeys: rows, columnKeys: columns, cells: cells, rowTotals: rowTotals, columnTotals: columnTotals, total: rowTotals.reduce(0, +))
    }

    /// Percentile bootstrap of the difference in document shares, per code: each replicate draws the
    /// documents of each group with replacement (group sizes fixed) and recounts the documents with
    /// each code.
    static func bootstrapDifferences(codesOfDocument: [[Int32]], docRow: [Int], first: Int, second: Int, codeCount: Int, replicates: Int, seed: UInt64) -> [(lower: Double, upper: Double)] {
        // Each group's documents as one flat list of codes with offsets: the resampling loop then reads
        // two arrays instead of chasing an array per document.
        func flatten(_ row: Int) -> (offsets: [Int], codes: [Int32]) {
            var offsets = [0]
            var codes: [Int32] = []
            for d in docRow.indices where docRow[d] == row {
                codes += codesOfDocument[d]
                offsets.append(codes.count)
            }
            return (offsets, codes)
        }
        let groups = [flatten(first), flatten(second)]
        var generator = SeededGenerator(seed: seed)
        var differences = Array(repeating: [Double](), count: codeCount)
        for c in 0..<codeCount { differences[c].reserveCapacity(replicates) }
        var counts = [Array(repeating: 0, count: codeCount), Array(repeating: 0, count: codeCount)]
        for _ in 0..<replicates {
            for (g, group) in groups.enumerated() {
                let n = group.offsets.count - 1
                counts[g].withUnsafeMutableBufferPointer { count in
                    for c in 0..<codeCount { count[c] = 0 }
                    group.offsets.withUnsafeBufferPointer { offsets in
                        group.codes.withUnsafeBufferPointer { codes in
                            for _ in 0..<n {
                                let d = generator.next(below: n)
                                for k in offsets[d]..<offsets[d + 1] { count[Int(codes[k])] += 1 }
                            }
                        }
                    }
                }
            }
            let nA = Double(groups[0].offsets.count - 1), nB = Double(groups[1].offsets.count - 1)
            for c in 0..<codeCount {
                differences[c].append(Double(counts[0][c]) / nA - Double(counts[1][c]) / nB)
            }
        }
        return differences.map { values in
            let sorted = values.sorted()
            return (ProportionInterval.quantile(sorted: sorted, 0.025), ProportionInterval.quantile(sorted: sorted, 0.975))
        }
    }

    /// Notes on grouping values that are probably slips in the manifest, since they make groups of their
    /// own without a word in the tables: documents with no value (grouped as "(none)"), and values that
    /// differ only in letter case ("US" and "us"; surrounding white space is already trimmed).
    static func groupingValueNotes(manifest: Manifest, selected: [Int], fields: [String]) -> [String] {
        var notes: [String] = []
        for field in fields {
            var empty: [String] = []
            var spellings: [String: Set<String>] = [:]
            for index in selected {
                let entry = manifest.entries[index]
                let value = entry.value(of: field) ?? ""
                if value.isEmpty { empty.append(entry.id) } else { spellings[value.lowercased(), default: []].insert(value) }
            }
            if !empty.isEmpty {
                notes.append("\(empty.count) document(s) have no \(field) value and are grouped as \(missingValue): \(listPreview(empty))")
            }
            let clashes = spellings.values.filter { $0.count > 1 }.map { $0.sorted() }.sorted { $0[0] < $1[0] }
            if !clashes.isEmpty {
                let shown = clashes.prefix(3).map { $0.map { "\"\($0)\"" }.joined(separator: " and ") }.joined(separator: "; ")
                notes.append("\(field) values that differ only in letter case are separate groups (\(shown)\(clashes.count > 3 ? "; …" : "")): is that meant?")
            }
        }
        return notes
    }

    /// A non-negative whole number (also as a decimal with zeros after the point), surrounding spaces allowed.
    static func parseCount(_ text: String) -> Int? {
        var value = 0
        var digits = 0
        var trailing = false
        // A whole number written as a decimal, "3268.0": pandas writes a column of counts so once one
        // value is missing (it becomes a float column).
        var fraction = false
        for byte in text.utf8 {
            if byte == 0x20 || byte == 0x09 {
                if digits > 0 { trailing = true }
                continue
            }
            if fraction {
                guard !trailing, byte == 0x30 else { return nil }
                continue
            }
            if byte == UInt8(ascii: "."), digits > 0, !trailing {
                fraction = true
                continue
            }
            guard !trailing, byte >= 0x30, byte <= 0x39 else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            value = product + Int(byte - 0x30)
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    /// A field's values for a message, sorted, empty shown as `""`.
    /// `--where` conditions as `selects` reads them: "(none)", as the tables name documents without a
    /// value, is the empty value, so that it selects them.
    public static func whereConditions(_ filters: [(field: String, values: Set<String>)]) -> [(field: String, values: Set<String>)] {
        filters.map { filter in (field: filter.field, values: Set(filter.values.map { $0 == missingValue ? "" : $0 })) }
    }

    /// Whether `entry` meets every condition (`whereConditions`): the documents the tables count.
    public static func selects(_ entry: Manifest.Entry, _ conditions: [(field: String, values: Set<String>)]) -> Bool {
        conditions.allSatisfy { $0.values.contains(entry.value(of: $0.field) ?? "") }
    }

    private static func describeValues(_ values: Set<String>) -> String {
        // Quoted as --where takes them: "CAC, MIIT" is one value, not two.
        let sorted = values.sorted().map { $0.isEmpty ? "\"\"" : Manifest.listText([$0]) }
        return sorted.count <= 20 ? sorted.joined(separator: ", ") : sorted.prefix(20).joined(separator: ", ") + ", … (\(sorted.count - 20) more)"
    }

    private static func listPreview(_ ids: [String], limit: Int = 10) -> String {
        ids.count <= limit ? ids.joined(separator: ", ") : ids.prefix(limit).joined(separator: ", ") + ", … (\(ids.count - limit) more)"
    }
}
