import SpanCoderCore
import SpanCoderLexicon
import SpanCoderText

/// One probe of a lexicon set: a sentence that names a code's concept in plain words (the set must
/// propose the code), or one that a convention keeps a code off (it must not).
///
/// Probes are to a lexicon what unit tests are to code: written from the codebook, not from a
/// yardstick, they catch an edit that silently drops a concept or blinds a rule (a group term hidden
/// inside another rule's longer one, L013) before it costs real documents a code.
public struct LexiconProbe: Sendable, Hashable {
    /// The raw value names the expectation in `lexicon test --format json`.
    public enum Expectation: String, Sendable, Hashable {
        /// `CODE<TAB>sentence`: the set must propose the code.
        case proposes
        /// `-CODE<TAB>sentence`: the set must not propose the code.
        case doesNotPropose = "does-not-propose"
        /// `#? CODE<TAB>sentence`: the set does not propose the code yet; kept as a lead, not checked.
        case knownMiss = "known-miss"
    }

    public var code: String
    public var expectation: Expectation
    public var sentence: String
    public var location: SourceLocation
}

/// What one probe gave.
public struct LexiconProbeResult: Sendable, Hashable {
    public var probe: LexiconProbe
    /// The codes the set proposes for the sentence, sorted.
    public var proposed: [String]
    /// Why `tag` gives the sentence no code whatever its words: "heading" or "definition" (gold
    /// convention 1), else nil. A probe written in such a shape cannot pass; the failure says so.
    public var uncodedShape: String?

    public init(probe: LexiconProbe, proposed: [String], uncodedShape: String? = nil) {
        self.probe = probe
        self.proposed = proposed
        self.uncodedShape = uncodedShape
    }

    /// Whether the probe's code is among `proposed`.
    public var proposesCode: Bool { proposed.contains(probe.code) }

    /// Whether the probe holds: its code proposed (or not) as it expects. A known miss always holds;
    /// `isKnownMissNowCoded` says when it could become a probe.
    public var holds: Bool {
        switch probe.expectation {
        case .proposes: return proposesCode
        case .doesNotPropose: return !proposesCode
        case .knownMiss: return true
        }
    }

    /// A known miss whose code the set now proposes.
    public var isKnownMissNowCoded: Bool { probe.expectation == .knownMiss && proposesCode }
}

/// Reads probe files (`probes.tsv` in a lexicon set folder) and runs them against a classifier.
///
/// The format: one probe a line, `CODE<TAB>sentence`; `-CODE` for a code the sentence must not get;
/// `#? CODE<TAB>sentence` (or `#?CODE<TAB>…`) for a known miss; other lines starting with `#`, and blank
/// lines, are comments. Each sentence is tagged as one span, with the classifier's options, as `spancoder tag`
/// tags it (so a sentence shaped like a heading gets no code).
public enum LexiconProbes {
    /// The probe file's name inside a lexicon set folder.
    public static let fileName = "probes.tsv"

    /// Parses probe lines; `file` names them in locations and errors.
    /// - Throws: `SpanCoderError` (bad input, file:line) for a line without a tab, an empty code or an
    ///   empty sentence.
    public static func parse(_ text: String, file: String) throws -> [LexiconProbe] {
        var probes: [LexiconProbe] = []
        // "\r\n" is one Character in Swift: splitting on "\n" alone would keep a CRLF file in one piece.
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            var line = Substring(rawLine)
            let location = SourceLocation(file: file, line: index + 1)
            var expectation = LexiconProbe.Expectation.proposes
            // "#?CODE<TAB>…" without the space is a known miss too, not a comment that drops the probe.
            if line.hasPrefix("#? ") || (line.hasPrefix("#?") && line.contains("\t")) {
                expectation = .knownMiss
                line = line.dropFirst(2).drop { $0 == " " }
            } else if line.hasPrefix("#") || line.allSatisfy(\.isWhitespace) {
                continue
            }
            let fields = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard fields.count == 2 else {
                throw SpanCoderError(.badInput, "expected CODE<TAB>sentence (or -CODE<TAB>sentence, or #? CODE<TAB>sentence for a known miss)", at: location)
            }
            var code = fields[0].trimmingSpaces()
            if code.hasPrefix("-") && expectation == .proposes {
                expectation = .doesNotPropose
                code.removeFirst()
            }
            let sentence = fields[1].trimmingSpaces()
            guard !code.isEmpty else { throw SpanCoderError(.badInput, "the probe names no code", at: location) }
            guard !sentence.isEmpty else { throw SpanCoderError(.badInput, "the probe of \(code) has no sentence", at: location) }
            probes.append(LexiconProbe(code: code, expectation: expectation, sentence: sentence, location: location))
        }
        return probes
    }

    /// Reads and parses the probe file at `path` (UTF-8).
    public static func load(path: String) throws -> [LexiconProbe] {
        let bytes = try FileReader.readAll(path: path)
        guard var text = String(validating: bytes, as: UTF8.self) else {
            throw SpanCoderError(.badInput, "not UTF-8", at: SourceLocation(file: path))
        }
        // A byte-order mark (a spreadsheet's "UTF-8 with BOM" export) is no part of the first code id,
        // which then named no code of the set; the YAML files already allow one.
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return try parse(text, file: path)
    }

    /// The options `spancoder tag` codes a lone sentence with: headings and definitions get no code.
    public static let tagOptions = ClassifierOptions(codeHeadings: false, inheritLeadInCodes: true, codeDefinitions: false)

    /// Tags each probe's sentence as one span with `classifier` and reports what it proposed.
    /// - Throws: `SpanCoderError` (bad input, file:line) for a probe whose code is not in the set.
    /// - Complexity: one joined scan of all sentences (`Classifier.scan(documents:)`).
    public static func run(_ probes: [LexiconProbe], classifier: Classifier) throws -> [LexiconProbeResult] {
        let codes = Set(classifier.lexicon.codes)
        for probe in probes where !codes.contains(probe.code) {
            throw SpanCoderError(.badInput, "\"\(probe.code)\" is not a code of the lexicon set", at: probe.location)
        }
        let documents = probes.enumerated().map { k, probe in
            (document: Document(id: "probe-\(k)", text: probe.sentence), spans: [0..<probe.sentence.utf8.count])
        }
        return zip(probes, classifier.scan(documents: documents)).map { probe, document in
            let spans = classifier.classify(document, textOfUncodedSpans: false)
            var sentence = probe.sentence
            let shape: String? = sentence.withUTF8 { text in
                let span = 0..<text.count
                if !classifier.options.codeHeadings && HeadingShape.isHeading(text, span: span) { return "heading" }
                if !classifier.options.codeDefinitions && DefinitionShape.isDefinition(text, span: span) { return "definition" }
                return nil
            }
            return LexiconProbeResult(probe: probe, proposed: Set(spans.flatMap { $0.codes.map(\.code) }).sorted(), uncodedShape: shape)
        }
    }
}

extension Substring {
    /// Without spaces and tabs at the ends: a stray second tab must not start the sentence (a sentence
    /// that starts with one is shaped like a heading and cannot pass).
    fileprivate func trimmingSpaces() -> String {
        var trimmed = self
        while trimmed.first == " " || trimmed.first == "\t" { trimmed = trimmed.dropFirst() }
        while trimmed.last == " " || trimmed.last == "\t" { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }
}
