import ArgumentParser
import Foundation
import SpanCoderClassify
import SpanCoderCore
import SpanCoderFormats
import SpanCoderLexicon
import SpanCoderText

/// `spancoder lexicon`: tools for lexicon authors.
struct LexiconCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lexicon",
        abstract: "Check, count and improve lexicon sets.",
        subcommands: [LexiconCheckCommand.self, LexiconStatsCommand.self, LexiconExplainCommand.self, LexiconTestCommand.self, LexiconSuggestCommand.self]
    )
}

enum LexiconOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

struct LexiconCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a lexicon set; report every problem with file:line and a stable code (L001…).",
        discussion: "Exit status 0 when there are no errors (warnings allowed; --strict makes them errors), 65 otherwise. Notes (--notes) never change it."
    )

    @Argument(help: "The lexicon set folder (with taxonomy.yaml and codes/).")
    var directory: String

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(help: "Also list notes: rule-group terms that another rule's longer group term hides (L013), and terms that another code's longer group term hides (L014).")
    var notes = false

    @Option(help: "Output format: table (one line per problem) or json.")
    var format: LexiconOutputFormat = .table

    @Option(name: .shortAndLong, help: "Write the report here instead of standard output.")
    var output: String?

    func run() async throws {
        try await runReportingErrors {
            try OutputGuard.checkFile(output: output, inputs: [.lexiconSet(directory)])
            let diagnostics = LexiconChecker.check(directory: directory, notes: notes)
            let errors = diagnostics.filter { $0.severity == .error || (strict && $0.severity == .warning) }.count
            let warnings = diagnostics.filter { $0.severity == .warning }.count
            let noteCount = diagnostics.filter { $0.severity == .note }.count
            let sink = try OutputSink(path: output)
            switch format {
            case .table:
                for diagnostic in diagnostics { try sink.write("\(diagnostic)\n") }
                try sink.write("\(directory): \(diagnostics.filter { $0.severity == .error }.count) error(s), \(warnings) warning(s)\(notes ? ", \(noteCount) note(s)" : "")\n")
            case .json:
                for diagnostic in diagnostics {
                    var fields = [
                        "\"code\":\(JSONText.string(diagnostic.problem.rawValue))",
                        "\"name\":\(JSONText.string(diagnostic.problem.name))",
                        "\"severity\":\(JSONText.string(diagnostic.severity.rawValue))",
                        "\"message\":\(JSONText.string(diagnostic.message))",
                    ]
                    if let location = diagnostic.location {
                        fields.append("\"file\":\(JSONText.string(location.file))")
                        if let line = location.line { fields.append("\"line\":\(line)") }
                        if let column = location.column { fields.append("\"column\":\(column)") }
                    }
                    try sink.write("{" + fields.joined(separator: ",") + "}\n")
                }
            }
            try sink.finish()
            return errors > 0 ? .badInput : .success
        }
    }
}

struct LexiconTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run a lexicon set's probes: sentences that must get a code, or must not.",
        discussion: """
        Probes live in the set folder as probes.tsv (or --probes FILE): one a line, CODE<TAB>sentence for a \
        sentence that must get CODE, -CODE<TAB>sentence for one that must not, #? CODE<TAB>sentence for a \
        known miss (reported when it becomes coded, never a failure); other # lines are comments. Each \
        sentence is tagged as one span, as `spancoder tag` tags it. Exit status 0 when every probe holds, 1 \
        when one fails, 65 for a bad set or probe file.
        """
    )

    @Argument(help: "The lexicon set folder.")
    var directory: String

    @Option(help: "The probe file (default: probes.tsv in the set folder).")
    var probes: String?

    @Option(help: "Output format: table (failures and a summary) or json (one line per probe).")
    var format: LexiconOutputFormat = .table

    @Option(name: .shortAndLong, help: "Write the report here instead of standard output.")
    var output: String?

    func run() async throws {
        try await runReportingErrors {
            try OutputGuard.checkFile(output: output, inputs: [.lexiconSet(directory)] + (probes.map { [.file($0, role: "--probes file")] } ?? []))
            let set = try LexiconSet.load(directory: directory)
            let path = probes ?? (directory.hasSuffix("/") ? directory : directory + "/") + LexiconProbes.fileName
            // A file named with --probes that is missing is FileReader's "no such file"; a set without
            // probes gets a hint instead.
            if probes == nil && !FileManager.default.fileExists(atPath: path) {
                throw SpanCoderError(.badInput, "no probe file: write \(LexiconProbes.fileName) in the set folder or give --probes", at: SourceLocation(file: path))
            }
            // As `spancoder tag` codes a sentence: a probe with the shape of a heading or a definition gets
            // no code there, so it does not pass here either.
            let classifier = Classifier(lexicon: try CompiledLexicon(set: set), options: LexiconProbes.tagOptions)
            let results = try LexiconProbes.run(try LexiconProbes.load(path: path), classifier: classifier)
            let failed = results.filter { !$0.holds }
            let sink = try OutputSink(path: output)
            switch format {
            case .table:
                for result in results where !result.holds || result.isKnownMissNowCoded {
                    let probe = result.probe
                    let what: String
                    switch probe.expectation {
                    case .proposes: what = "fail: expected \(probe.code)"
                    case .doesNotPropose: what = "fail: must not propose \(probe.code)"
                    case .knownMiss: what = "note: known miss now coded, \(probe.code)"
                    }
                    let proposed = result.proposed.isEmpty ? "no code" : result.proposed.joined(separator: ", ")
                    let shape = result.uncodedShape.map { " (it has the shape of a \($0): `spancoder tag` gives \($0)s no code)" } ?? ""
                    try sink.write("\(probe.location): \(what); proposed \(proposed)\(shape): \(probe.sentence)\n")
                }
                let checked = results.filter { $0.probe.expectation != .knownMiss }.count
                let known = results.count - checked
                let nowCoded = results.filter(\.isKnownMissNowCoded).count
                try sink.write("\(path): \(checked) probe(s), \(failed.count) failed; \(known) known miss(es), \(nowCoded) now coded\n")
                // A code no probe asks for is a concept the next edit can lose unseen.
                let probed = Set(results.filter { $0.probe.expectation == .proposes }.map(\.probe.code))
                let unprobed = classifier.lexicon.codes.filter { !probed.contains($0) }
                if !unprobed.isEmpty {
                    try sink.write("\(path): no probe asks for \(unprobed.joined(separator: ", "))\n")
                }
            case .json:
                for result in results {
                    let probe = result.probe
                    var fields = [
                        "\"file\":\(JSONText.string(probe.location.file))",
                        "\"line\":\(probe.location.line ?? 0)",
                        "\"code\":\(JSONText.string(probe.code))",
                        "\"expectation\":\(JSONText.string(probe.expectation.rawValue))",
                        "\"holds\":\(result.holds)",
                        "\"proposed\":[\(result.proposed.map(JSONText.string).joined(separator: ","))]",
                        "\"sentence\":\(JSONText.string(probe.sentence))",
                    ]
                    if let shape = result.uncodedShape { fields.append("\"shape\":\(JSONText.string(shape))") }
                    try sink.write("{" + fields.joined(separator: ",") + "}\n")
                }
            }
            try sink.finish()
            return failed.isEmpty ? .success : .partialFailure
        }
    }
}

struct LexiconStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count entries per code and language: terms, rules, exclusions, blockers."
    )

    @Argument(help: "The lexicon set folder.")
    var directory: String

    @Option(help: "Output format: table or json (one object per code and language).")
    var format: LexiconOutputFormat = .table

    @Option(name: .shortAndLong, help: "Write the table here instead of standard output.")
    var output: String?

    func run() async throws {
        try await runReportingErrors {
            try OutputGuard.checkFile(output: output, inputs: [.lexiconSet(directory)])
            let set = try LexiconSet.load(directory: directory)
            let stats = LexiconStatistics(set)
            let sink = try OutputSink(path: output)
            switch format {
            case .table:
                let width = max(4, stats.rows.map(\.code.count).max() ?? 4)
                func pad(_ text: String, _ n: Int) -> String { text + String(repeating: " ", count: max(0, n - text.count)) }
                func left(_ value: Int, _ n: Int) -> String { let text = String(value); return String(repeating: " ", count: max(0, n - text.count)) + text }
                try sink.write("\(pad("code", width))  lang  terms  weak  rules  exclusions  blockers\n")
                var totals = [0, 0, 0, 0, 0]
                for row in stats.rows {
                    try sink.write("\(pad(row.code, width))  \(pad(row.language.rawValue, 4))  \(left(row.terms, 5))  \(left(row.weakTerms, 4))  \(left(row.rules, 5))  \(left(row.exclusions, 10))  \(left(row.blockers, 8))\n")
                    totals[0] += row.terms; totals[1] += row.weakTerms; totals[2] += row.rules; totals[3] += row.exclusions; totals[4] += row.blockers
                }
                try sink.write("\(pad("total", width))  \(pad("", 4))  \(left(totals[0], 5))  \(left(totals[1], 4))  \(left(totals[2], 5))  \(left(totals[3], 10))  \(left(totals[4], 8))\n")
                let setBlockers = stats.languages.map { "\($0.rawValue) \(stats.setBlockers[$0] ?? 0)" }.joined(separator: ", ")
                try sink.write("set-wide blockers: \(setBlockers)\n")
            case .json:
                for row in stats.rows {
                    try sink.write("{\"code\":\(JSONText.string(row.code)),\"language\":\"\(row.language.rawValue)\",\"terms\":\(row.terms),\"weak_terms\":\(row.weakTerms),\"rules\":\(row.rules),\"exclusions\":\(row.exclusions),\"blockers\":\(row.blockers)}\n")
                }
            }
            try sink.finish()
            return .success
        }
    }
}

struct LexiconExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show which lexicon entries fire on a text, which do not and why, and the codes that result.",
        discussion: """
        The text is taken as one span. Every occurrence of every entry is listed with its code point range, \
        its role (term, rule-term, exclusion, blocker), its weight, its lexicon file:line and its status: fired, \
        or why not (not at a word edge, inside a longer match, cancelled by an exclusion, its rule did not \
        fire). Then each proposed code with its score, and the codes whose score stays below --threshold. Reads the text from standard input when it is "-".
        """
    )

    @Option(help: "The lexicon set folder.")
    var lexicons: String

    @Option(parsing: .unconditional, help: "Score threshold for proposing a code.")
    var threshold: Double = 1.0

    @Option(help: "Output format: table or json.")
    var format: LexiconOutputFormat = .table

    @Argument(help: "The text to explain, or - for standard input.")
    var text: String

    @Option(help: "Encoding of standard input (GB18030, GBK, Big5, UTF-16LE, windows-1252, …), as tag's --encoding; detected when omitted.")
    var encoding: String?

    func run() async throws {
        try await runReportingErrors {
            try validateThreshold(threshold)
            try DocumentDecoder.validateEncodingName(encoding)
            var input = text
            if text == "-" {
                // Read as tag reads a text file: a byte-order mark, GB18030 or Big5 detected, and an
                // error that names the byte when nothing reads it.
                let data = FileHandle.standardInput.readDataToEndOfFile()
                input = try DocumentDecoder.decode(bytes: [UInt8](data), name: "standard input", encoding: encoding)
            } else if encoding != nil {
                throw SpanCoderError(.usage, "--encoding applies to standard input (-), not to text given as an argument")
            }
            let set = try LexiconSet.load(directory: lexicons)
            // Explain shows what the entries give, so a heading is classified like any text; the note below
            // says that `tag` would give it no code.
            // Classified once with any positive score passing: the codes at or above --threshold are the
            // proposals, and "why is this not coded?", the usual question, is answered by the ones below it.
            let classifier = Classifier(lexicon: try CompiledLexicon(set: set), options: ClassifierOptions(threshold: .leastNonzeroMagnitude, codeHeadings: true))
            let explanations = classifier.explain(text: input)
            let scored = classifier.classify(document: Document(id: "explain", text: input)).codes
            let proposed = scored.filter { ($0.score ?? 0) >= threshold }
            let belowThreshold = scored.filter { ($0.score ?? 0) < threshold }
            func evidenceList(_ assignment: CodeAssignment) -> String {
                let terms = assignment.evidence.map { item in item.rule.map { "\($0):\(item.term)" } ?? item.term }
                var seen: Set<String> = []
                return terms.filter { seen.insert($0).inserted }.joined(separator: ", ")
            }
            func number(_ value: Double) -> String { String(format: "%.2f", value) }
            var utf8 = input
            let (heading, definition) = utf8.withUTF8 {
                (HeadingShape.isHeading($0, span: 0..<$0.count), DefinitionShape.isDefinition($0, span: 0..<$0.count))
            }
            let sink = try OutputSink(path: nil)
            switch format {
            case .table:
                if explanations.isEmpty { try sink.write("no lexicon entry occurs in this text\n") }
                for item in explanations {
                    let rule = item.rule.map { " rule \($0)" } ?? ""
                    let place = item.location.map { "  (\($0))" } ?? ""
                    let weight = item.weight.map { " (weight \(number($0)))" } ?? ""
                    try sink.write("[\(item.range.start),\(item.range.end)) \"\(item.text)\"  \(item.code ?? "set-wide") \(item.role.rawValue)\(rule) \"\(item.term)\"\(weight): \(item.reason)\(place)\n")
                }
                try sink.write(proposed.isEmpty ? "codes: none\n" : "codes:\n")
                if heading && !proposed.isEmpty {
                    try sink.write("  (the text has the shape of a heading: `spancoder tag` gives headings no code unless --code-headings)\n")
                }
                if definition && !proposed.isEmpty {
                    try sink.write("  (the text defines a term: `spancoder tag` gives definitions no code unless --code-definitions)\n")
                }
                for assignment in proposed {
                    try sink.write("  \(assignment.code)  score \(number(assignment.score ?? 0))  \(evidenceList(assignment))\n")
                }
                if !belowThreshold.isEmpty {
                    try sink.write("below the threshold (\(number(threshold))), not proposed:\n")
                    for assignment in belowThreshold {
                        try sink.write("  \(assignment.code)  score \(number(assignment.score ?? 0))  \(evidenceList(assignment))\n")
                    }
                }
            case .json:
                for item in explanations {
                    var fields = [
                        "\"start\":\(item.range.start)", "\"end\":\(item.range.end)",
                        "\"text\":\(JSONText.string(item.text))", "\"term\":\(JSONText.string(item.term))",
                        "\"role\":\(JSONText.string(item.role.rawValue))", "\"status\":\(JSONText.string(item.reason))",
                    ]
                    if let code = item.code { fields.append("\"code\":\(JSONText.string(code))") }
                    if let rule = item.rule { fields.append("\"rule\":\(JSONText.string(rule))") }
                    if let location = item.location { fields.append("\"source\":\(JSONText.string(location.description))") }
                    if let weight = item.weight { fields.append("\"weight\":\(JSONText.number(weight))") }
                    try sink.write("{" + fields.joined(separator: ",") + "}\n")
                }
                let codes = proposed.map { "{\"code\":\(JSONText.string($0.code)),\"score\":\(JSONText.number($0.score ?? 0))}" }
                let below = belowThreshold.map { "{\"code\":\(JSONText.string($0.code)),\"score\":\(JSONText.number($0.score ?? 0))}" }
                try sink.write("{\"codes\":[" + codes.joined(separator: ",") + "],\"below_threshold\":[" + below.joined(separator: ",")
                               + "],\"threshold\":\(JSONText.number(threshold)),\"heading\":\(heading),\"definition\":\(definition)}\n")
            }
            try sink.finish()
            return .success
        }
    }
}

struct LexiconSuggestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Suggest candidate terms per code: n-grams frequent in gold spans of the code and rare elsewhere.",
        discussion: """
        Keyness is the z-score of the weighted log-odds ratio with an informative Dirichlet prior (Monroe, \
        Colaresi & Quinn 2008), code spans against all other spans, the prior taken from the gold spans plus \
        any --corpus texts. Chinese: runs of one to four dictionary words (2–8 characters); English: word 1–3-grams. Terms the code's lexicon \
        already has are left out.
        """
    )

    @Option(help: "The lexicon set folder.")
    var lexicons: String

    @Option(help: "Gold JSONL: one span per line with \"codes\" (strings or {\"code\"}) and \"text\", or \"doc\"/\"start\"/\"end\" with --texts.")
    var gold: String

    @Option(help: "Folder with <doc>.txt files, to cut span text from code-point offsets when the gold has no text.")
    var texts: String?

    @Option(parsing: .upToNextOption, help: "Background documents for the prior, read as `tag` reads its inputs: text files, JSONL corpora, or folders of them. One that cannot be read, or inputs that give no document (an empty folder), stop the run (exit status 65).")
    var corpus: [String] = []

    @Option(help: "Encoding of the --texts and --corpus text files (GB18030, GBK, Big5, UTF-16LE, windows-1252, …), as tag's --encoding; detected when omitted.")
    var encoding: String?

    @Option(parsing: .unconditional, help: "Candidates per code and language.")
    var top: Int = 15

    @Option(parsing: .unconditional, help: "Pseudo-counts of the Dirichlet prior.")
    var priorStrength: Double = 500

    @Option(parsing: .unconditional, help: "Minimum occurrences in spans of the code.")
    var minCount: Int = 2

    @Option(help: "Output format: table or json.")
    var format: LexiconOutputFormat = .table

    @Option(name: .shortAndLong, help: "Write the suggestions here instead of standard output.")
    var output: String?

    func run() async throws {
        try await runReportingErrors {
            guard top > 0, priorStrength > 0, minCount > 0 else {
                throw SpanCoderError(.usage, "--top, --prior-strength and --min-count must be positive")
            }
            try DocumentDecoder.validateEncodingName(encoding)
            var read: [OutputGuard.Input] = [.lexiconSet(lexicons, role: "--lexicons set"), .file(gold, role: "--gold file")]
            if let texts { read.append(OutputGuard.Input(texts, role: "--texts", extensions: ["txt"], skipsHidden: false)) }
            read += corpus.map { .documents($0, role: "--corpus") }
            try OutputGuard.checkFile(output: output, inputs: read)
            let set = try LexiconSet.load(directory: lexicons)
            let spans = try GoldSpanReader.read(path: gold, texts: texts, encoding: encoding)
            var background: [String] = []
            for path in corpus {
                let inputs = DocumentInputs(paths: [path], encoding: encoding, metadata: false)
                for warning in inputs.warnings() { printError("spancoder: warning: --corpus: \(warning)") }
                for document in inputs { background.append(try document.get().text) }
            }
            // A --corpus that gave no document (an empty folder or mount point, an empty corpus) is
            // refused as a missing one is: the suggestions would silently lose their background.
            if !corpus.isEmpty && background.isEmpty {
                throw SpanCoderError(.badInput, "no document read from --corpus \(corpus.joined(separator: " ")): the inputs hold no document (folders are read for .txt, .md and .jsonl files)")
            }
            // A gold code the set does not have gets no suggestions: a typo in either file would
            // otherwise pass unseen.
            let known = Set(set.taxonomy.codes.map(\.id))
            var unknown: [String: Int] = [:]
            for span in spans { for code in span.codes where !known.contains(code) { unknown[code, default: 0] += 1 } }
            if !unknown.isEmpty {
                let list = unknown.keys.sorted().map { "\($0) (\(unknown[$0]!) span\(unknown[$0]! == 1 ? "" : "s"))" }.joined(separator: ", ")
                printError("spancoder: warning: \(gold): codes not in the lexicon set, so no suggestions for them: \(list)")
            }
            // Keyness compares the words of a code's spans with the rest: over whole documents (AGORA's
            // document tags) it finds the words of the documents' topics, not of what expresses a code.
            let coded = spans.filter { !$0.codes.isEmpty }.map { $0.text.unicodeScalars.count }.sorted()
            if coded.count >= 3, coded[coded.count / 2] > 3_000 {
                printError("spancoder: warning: \(gold): its coded spans are long (median \(coded[coded.count / 2]) characters), like whole documents; the suggestions then name the documents' topics more than the words that express a code: sentence- or passage-level gold gives better leads")
            }
            let suggester = LexiconSuggester(priorStrength: priorStrength, minimumCount: minCount)
            let suggestions = suggester.suggest(set: set, spans: spans, background: background, limit: top)
            let sink = try OutputSink(path: output)
            switch format {
            case .table:
                if suggestions.isEmpty {
                    try sink.write("no candidates: no n-gram occurs at least --min-count \(minCount) times in one code's gold spans and more often there than elsewhere\n")
                } else {
                    try sink.write("code [language]\n  z-score  in code's spans/elsewhere  candidate\n")
                }
                var current = ""
                for s in suggestions {
                    let header = "\(s.code) [\(s.language.rawValue)]"
                    if header != current {
                        try sink.write("\n\(header)\n")
                        current = header
                    }
                    try sink.write("  \(String(format: "%6.2f", s.zScore))  \(s.inCode)/\(s.elsewhere)  \(s.term)\n")
                }
            case .json:
                for s in suggestions {
                    try sink.write("{\"code\":\(JSONText.string(s.code)),\"language\":\"\(s.language.rawValue)\",\"term\":\(JSONText.string(s.term)),\"z\":\(String(format: "%.3f", s.zScore)),\"in_code\":\(s.inCode),\"elsewhere\":\(s.elsewhere)}\n")
                }
            }
            try sink.finish()
            return .success
        }
    }
}

/// Reads gold spans for `lexicon suggest`: JSONL with codes and either text or offsets into `texts`.
enum GoldSpanReader {
    static func read(path: String, texts: String?, encoding: String? = nil) throws -> [SuggestionSpan] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpanCoderError(.badInput, "cannot read the gold file", at: SourceLocation(file: path))
        }
        guard let content = String(data: data, encoding: .utf8) else {
            let bytes = [UInt8](data)
            let offset = bytes.withUnsafeBufferPointer { UTF8Validation.firstProblem(in: $0)?.offset } ?? 0
            let line = bytes[..<offset].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw SpanCoderError(.badInput, "not valid UTF-8", at: SourceLocation(file: path, line: line, byteOffset: offset))
        }
        var documents: [String: [Unicode.Scalar]] = [:]
        var spans: [SuggestionSpan] = []
        for (index, line) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let place = SourceLocation(file: path, line: index + 1)
            guard let object = (try? FoundationJSON.object(with: Data(trimmed.utf8))) as? [String: Any] else {
                throw SpanCoderError(.badInput, "expected a JSON object per line", at: place)
            }
            guard let rawCodes = object["codes"] as? [Any] else {
                throw SpanCoderError(.badInput, "missing \"codes\" (a list of code ids)", at: place)
            }
            let codes = Set(rawCodes.compactMap { ($0 as? String) ?? (($0 as? [String: Any])?["code"] as? String) })
            // Offsets are checked even beside a text (which is what is read): an inverted or negative
            // span is a broken line whatever else it holds.
            if let start = object["start"] as? Int, let end = object["end"] as? Int, start < 0 || start > end {
                throw SpanCoderError(.badInput, start < 0 ? "offsets [\(start), \(end)) start before the document" : "offsets [\(start), \(end)) are inverted (start after end)", at: place)
            }
            if let text = object["text"] as? String {
                spans.append(SuggestionSpan(text: text, codes: codes))
                continue
            }
            guard let texts, let doc = object["doc"] as? String, let start = object["start"] as? Int, let end = object["end"] as? Int else {
                throw SpanCoderError(.badInput, "a span without \"text\" needs \"doc\", \"start\", \"end\" and --texts", at: place)
            }
            if documents[doc] == nil {
                let file = texts + "/" + doc + ".txt"
                guard FileManager.default.fileExists(atPath: file) else {
                    throw SpanCoderError(.badInput, "no text for document \"\(doc)\": \(file) does not exist", at: place)
                }
                documents[doc] = Array(try DocumentDecoder.decode(bytes: try FileReader.readAll(path: file), name: file, encoding: encoding).unicodeScalars)
            }
            let scalars = documents[doc]!
            guard start >= 0, start <= end, end <= scalars.count else {
                throw SpanCoderError(.badInput, "offsets [\(start), \(end)) are outside document \(doc) (\(scalars.count) code points)", at: place)
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars[start..<end])
            spans.append(SuggestionSpan(text: text, codes: codes))
        }
        // An empty file would end in "no candidates", which blames --min-count.
        if spans.isEmpty { throw SpanCoderError(.badInput, "the gold file holds no span", at: SourceLocation(file: path)) }
        return spans
    }
}
