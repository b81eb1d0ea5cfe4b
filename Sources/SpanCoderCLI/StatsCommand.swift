import ArgumentParser
import SpanCoderCore
import SpanCoderStats
import SpanCoderText

extension StatsFormat: ExpressibleByArgument {}

/// `spancoder stats`: the study's corpus tables and the two-group comparison, from a manifest and one
/// or more codings.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Corpus tables (documents, coded spans, code prevalence per group) and a two-group comparison.",
        discussion: """
        Tables: 1 documents per group, 2 coded spans per group, 3 mean coded spans per document, \
        4 per code and group: documents with the code, share, spans, spans per 10,000 characters, \
        5 comparison of two groups per code (difference of shares with a 95% Newcombe interval, \
        optional bootstrap), 6 the terms or rules that carried each code (SpanCoder codings only). \
        Each CODING file is a SpanCoder JSONL coding (spancoder tag output or a gold file) and gets \
        its own set of tables.
        """
    )

    @Option(name: .long, help: ArgumentHelp("Corpus manifest: CSV with an id column, or JSONL with \"id\" (a JSONL corpus works too).", valueName: "path"))
    var manifest: String

    @Option(name: .long, help: ArgumentHelp("The manifest's column (CSV) or key (JSONL) of document ids, when it is not id (AGORA's documents.csv: \"AGORA ID\").", valueName: "name"))
    var idField = "id"

    @Argument(help: ArgumentHelp("Coding files (SpanCoder JSONL); - reads standard input.", valueName: "coding"))
    var codings: [String]

    @Option(name: .long, help: ArgumentHelp("Manifest fields to group by, comma-separated; the first is compared in tables 4-6.", valueName: "fields"))
    var by: String = "country,issuer_type"

    @Option(name: .long, help: "Output format: table, csv, md, html or json.")
    var format: StatsFormat = .table

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "path"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("The two values of the first --by field to compare, e.g. US,CN (default: its two values, when it has exactly two).", valueName: "A,B"))
    var compare: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("A code is prominent in a group when at least this share of its documents carries it.", valueName: "share"))
    var prominent: Double = 0.2

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Also give a percentile bootstrap interval with this many replicates over documents.", valueName: "n"))
    var bootstrap: Int = 0

    @Option(name: .long, parsing: .unconditional, help: "Seed of the bootstrap.")
    var seed: UInt64 = 1

    @Option(name: .long, help: ArgumentHelp("Folder of <id>.txt (or .md, or the manifest's file column) texts, to measure documents whose manifest row has no chars value; decoded as tag decodes them.", valueName: "dir"))
    var texts: String?

    @Option(name: .long, help: ArgumentHelp("Encoding of the --texts files (GB18030, GBK, Big5, UTF-16LE, windows-1252, …), as tag's --encoding; detected when omitted.", valueName: "name"))
    var encoding: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Terms or rules listed per code and group in table 6.", valueName: "n"))
    var topTerms: Int = 5

    @Option(name: .long, help: ArgumentHelp("Keep only manifest rows whose field has one of the values (repeatable), e.g. --where country=CN,US; a value holding a comma goes in double quotes: --where issuer=\"CAC, MIIT\",NDRC (quoted for the shell).", valueName: "field=values"))
    var `where`: [String] = []

    @Flag(name: .long, help: "Count only documents with at least one span in the coding (for codings of part of the corpus, like a gold sample).")
    var codedOnly = false

    @Option(name: .long, help: ArgumentHelp("Code list (one id per line, or a lexicon set folder: its taxonomy's codes): tables 4-6 list every code in its order, those no document carries included.", valueName: "file"))
    var codes: String?

    func validate() throws {
        guard (0...1).contains(prominent) else { throw ValidationError("--prominent must be a share between 0 and 1") }
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap must be 0 or more") }
        guard topTerms >= 0 else { throw ValidationError("--top-terms must be 0 or more") }
        if codings.isEmpty { throw ValidationError("give at least one coding file") }
    }

    func run() async throws {
        try await runReportingErrors {
            try DocumentDecoder.validateEncodingName(encoding)
            if let warning = bootstrapWarning(bootstrap) { printError(warning) }
            var read: [OutputGuard.Input] = [.file(self.manifest, role: "--manifest")] + codings.map { .file($0, role: "coding") }
            if let texts { read.append(OutputGuard.Input(texts, role: "--texts", extensions: ["txt", "md"], skipsHidden: false)) }
            if let codes { read.append(.lexiconSet(codes, role: "--codes")) }
            try OutputGuard.checkFile(output: output, inputs: read)
            guard !WhiteSpace.trimmed(idField).isEmpty else { throw SpanCoderError(.usage, "--id-field: give the name of the manifest's id column") }
            let manifest = try Manifest.load(path: self.manifest, idField: WhiteSpace.trimmed(idField))
            var filters: [(field: String, values: Set<String>)] = []
            for condition in `where` {
                let parts = condition.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw SpanCoderError(.usage, "--where takes field=value[,value...], got \"\(condition)\"")
                }
                let field = String(parts[0]).trimmingCharacters(in: .whitespaces)
                filters.append((field, Set(try Manifest.listItems(String(parts[1]), known: manifest.values(of: field), what: "--where \(field)"))))
            }
            let groupBy = try Manifest.listItems(by, known: Set(manifest.fieldNames), what: "--by").filter { !$0.isEmpty }
            var options = StatsOptions(
                groupBy: groupBy,
                prominentShare: prominent, bootstrapReplicates: bootstrap, seed: seed, topTerms: topTerms,
                codedDocumentsOnly: codedOnly, filters: filters, codes: try codes.map(readCodeList))
            try manifest.check(groupingFields: options.groupBy + filters.map(\.field))
            if let compare {
                let parts = try Manifest.listItems(compare, known: groupBy.first.map { manifest.values(of: $0) } ?? [], what: "--compare")
                guard parts.count == 2 else {
                    throw SpanCoderError(.usage, "--compare takes two values separated by a comma, e.g. US,CN (a value holding a comma goes in double quotes), got \(parts.count)")
                }
                guard parts[0] != parts[1] else {
                    throw SpanCoderError(.usage, "--compare \(compare): a group compared with itself; name two different values of \(groupBy.first ?? "the --by field")")
                }
                options.compare = (parts[0], parts[1])
            }
            var missingTexts: [String] = []
            if let texts {
                let (lengths, missing) = try DocumentLengths.fromTexts(directory: texts, manifest: manifest, encoding: encoding)
                missingTexts = missing
                options.documentLengths = lengths
                // Not one text found (an empty folder or mount point, the wrong folder) is refused as a
                // missing folder is: the tables would lose their per-character rates without an error.
                if lengths.isEmpty && !missing.isEmpty {
                    throw SpanCoderError(.usage, "--texts \(texts): no text file for any of the \(missing.count) document(s) whose length the manifest does not give (looked for <id>.txt, <id>.md or the file column, e.g. \(missing[0]).txt): is it the right folder?")
                }
            }
            // Names in tables: file names, or whole paths when two files share a name.
            if codings.filter({ $0 == "-" }).count > 1 { throw SpanCoderError(.usage, "standard input (-) can be read once") }
            let names = codings.map { path in path == "-" ? "stdin" : path.split(separator: "/").last.map(String.init) ?? path }
            // Known lengths (the manifest's chars, else --texts), to report spans that end after their text.
            let lengths = DocumentLengths.known(manifest: manifest, texts: options.documentLengths)
            let codingData = try codings.enumerated().map { i, path in
                try Coding.read(path: path, name: names.filter { $0 == names[i] }.count > 1 ? path : names[i], lengths: lengths)
            }
            for coding in codingData {
                if let note = coding.reappearingNote { printError("spancoder: warning: \(coding.name): \(note)") }
                if let note = coding.pastEndNote { printError("spancoder: warning: \(note)") }
                // An empty file (a failed export, the wrong path) would give tables of zeros without a word.
                if coding.spanCount == 0 {
                    printError("spancoder: warning: \(coding.name): holds no span line, so every table counts it as coding nothing (is it the right file?)")
                }
            }
            // Missing texts matter only for the documents the tables count: not those --where or --coded-only
            // leave out.
            let coded = codedOnly ? Set(codingData.flatMap(\.documentIDs)) : []
            let conditions = CorpusStatistics.whereConditions(filters)
            let counted = missingTexts.filter { id in
                guard let entry = manifest.entry(id: id) else { return false }
                return CorpusStatistics.selects(entry, conditions) && (!codedOnly || coded.contains(id))
            }
            if !counted.isEmpty { printError("spancoder: warning: --texts: no text file for \(counted.count) document(s), e.g. \(counted[0])") }
            let report = try CorpusStatistics.compute(manifest: manifest, codings: codingData, options: options)
            for source in report.sources {
                for note in source.notes where note.contains("not in the manifest") {
                    printError("spancoder: warning: \(source.name): \(note)")
                }
            }
            let sink = try OutputSink(path: output)
            try sink.write(report.render(format))
            try sink.finish()
            return .success
        }
    }
}
