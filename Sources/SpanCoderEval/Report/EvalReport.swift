import SpanCoderCore

/// How spans are compared.
public enum EvalMode: String, Sendable, CaseIterable {
    /// Same boundaries and code.
    case exact
    /// Same code and IoU ≥ the threshold, one-to-one.
    case overlap
    /// Codes projected onto sentence units, multi-label per unit.
    case unit
    /// The set of codes per document.
    case document
    /// nervaluate 1.2.1's strict / exact / partial / ent_type schemas, reproduced.
    case nervaluate
}

/// Everything one evaluation found, ready for any output format.
public struct EvalReport: Sendable {
    public struct Options: Sendable {
        public var mode: EvalMode
        public var iou: Double
        public var minOverlap: Double
        public var zeroDivision: ZeroDivision
        public var bootstrap: Int
        public var seed: UInt64
        /// The most false positives and the most false negatives listed per code (`--errors`).
        public var errorLimit: Int = 10
    }

    public struct Input: Sendable {
        /// "gold", "pred", "coder1"…, or "units" (then `spans` counts the units read and `pairs` the
        /// units kept).
        public var role: String
        public var name: String
        public var spans: Int
        public var pairs: Int
        /// Of `pairs`, those in scored documents (nil: all of them); pairs in a document outside the
        /// scope are valid but play no part in any score.
        public var scoredPairs: Int?
        public var findings: [String: Int]
        /// The documents a span input holds (has a line or record for), how many of them are not scored
        /// (not among the texts, without a line in the gold, without units), and how many scored documents
        /// it has no line for (predictions: gold documents without a prediction, scored as predicting no
        /// codes; a coder: missing data; the gold, in units or texts scope: scored as coded with no
        /// codes). Nil for the units file.
        public var coverage: DocumentCounts?

        public init(role: String, name: String, spans: Int, pairs: Int, findings: [String: Int], coverage: DocumentCounts? = nil) {
            self.role = role; self.name = name; self.spans = spans; self.pairs = pairs; self.findings = findings; self.coverage = coverage
        }

        /// "gold: FILE — 2 documents, 3 spans, 3 span-code pairs scored; findings: …", as the text and HTML
        /// reports say it; "pred: FILE — 5 documents (3 not scored, no line for 1 of the 4 scored), 9 spans,
        /// 9 span-code pairs, 4 of them in scored documents" when the input and the scored documents differ.
        var summary: String {
            let findings = findings.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            var counts: String
            if role == "units" {
                counts = "\(spans) units read, \(pairs) kept"
            } else if let scoredPairs, scoredPairs != pairs {
                counts = "\(spans) spans, \(pairs) span-code pairs, \(scoredPairs) of them in scored documents"
            } else {
                counts = "\(spans) spans, \(pairs) span-code pairs scored"
            }
            if let coverage {
                var differences: [String] = []
                if coverage.notScored > 0 { differences.append("\(coverage.notScored) not scored") }
                if coverage.missing > 0 { differences.append("no line for \(coverage.missing) of the \(coverage.scoped) scored") }
                counts = "\(coverage.documents) document\(coverage.documents == 1 ? "" : "s")"
                    + (differences.isEmpty ? "" : " (\(differences.joined(separator: ", ")))") + ", " + counts
            }
            return "\(role): \(name) — \(counts)" + (findings.isEmpty ? "" : "; findings: \(findings)")
        }
    }

    /// What a span input holds against the documents scored (`Input.coverage`).
    public struct DocumentCounts: Sendable, Hashable {
        /// The documents the input has a line or record for, valid or not.
        public var documents: Int
        /// Of those, the ones not scored: not among the texts, without a line in the gold, or without
        /// units, by the scope's rule.
        public var notScored: Int
        /// The scored documents the input has no line for.
        public var missing: Int
        /// The documents the scope selected, of which `missing` counts (`scoredDocuments` leaves out those
        /// with no sentence unit).
        public var scoped: Int

        public init(documents: Int, notScored: Int, missing: Int, scoped: Int) {
            self.documents = documents; self.notScored = notScored; self.missing = missing; self.scoped = scoped
        }
    }

    public struct CodeRow: Sendable {
        public var code: String
        public var counts: Counts
        public var scores: PRF
        /// Bootstrap 95% interval of F1 (percentile), when computed.
        public var f1Interval: ClosedRange<Double>?
        /// Cohen's kappa and Krippendorff's alpha of gold against predictions on this code (unit and
        /// document modes).
        public var kappa: Double?
        public var alpha: Double?
    }

    public struct Summary: Sendable {
        public var counts: Counts
        public var micro: PRF
        public var macro: PRF
        public var microF1Interval: ClosedRange<Double>?
        public var macroF1Interval: ClosedRange<Double>?
        public var codesAveraged: Int
    }

    /// Chance-corrected agreement on binary unit × code cells.
    public struct Agreement: Sendable {
        /// Cells (unit × code) coded by gold and predictions.
        public var cells: Int
        public var percent: Double
        public var cohenKappa: Double
        public var scottPi: Double
        public var bennettS: Double
        public var gwetAC1: Double
        public var alpha: Double
        /// Set-valued alpha over whole units (all coders, missing allowed).
        public var alphaMASI: Double
        public var alphaJaccard: Double
        public var alphaSetIdentity: Double
        public var multi: MultiCoder?
    }

    /// Several coders (gold, predictions and every `--coder`).
    public struct MultiCoder: Sendable {
        public var coders: [String]
        /// Units every coder coded, times codes.
        public var completeCells: Int
        public var fleissKappa: Double
        public var hubertKappa: Double
        public var randolphKappa: Double
        public var gwetAC1: Double
        public var alphaComplete: Double
        /// Alpha over every cell coded by at least two coders (missing data allowed).
        public var alpha: Double
        public var perCodeAlpha: [String: Double]
        public var perCodeFleiss: [String: Double]
    }

    /// Gold against one further coder.
    public struct Pairwise: Sendable {
        public var coder: String
        public var summary: Summary
        public var kappa: Double
        public var alpha: Double
        public var perCodeKappa: [String: Double]
    }

    public struct Group: Sendable {
        public var field: String
        public var value: String
        public var documents: Int
        public var summary: Summary
        public var kappa: Double?
        public var alpha: Double?
    }

    public struct Confusion: Sendable, Hashable {
        /// The code of the false positive.
        public var predicted: String
        /// A gold code on the same unit or overlapping span that the prediction missed, or "(none)".
        public var gold: String
        public var count: Int
    }

    public struct ErrorExample: Sendable {
        public enum Kind: String, Sendable { case falsePositive = "FP", falseNegative = "FN" }
        public var kind: Kind
        public var code: String
        public var doc: String
        public var range: TextRange
        public var text: String?
        /// "term" or "term (rule)" entries of the predictions that fired.
        public var evidence: [String]
        /// file:line of the span in its input.
        public var source: String?
    }

    /// A code outside the code list (`--codes`) that one input uses: one entry per input and code,
    /// however many spans carry it, so that none goes unreported when the per-span findings are cut.
    public struct UnlistedCode: Sendable, Hashable, CustomStringConvertible {
        public var role: String
        public var file: String
        public var code: String
        /// Spans of the input that carry the code.
        public var spans: Int
        /// Line (or record) of the first such span in the input; 0 when the input has no lines.
        public var firstLine: Int
        /// Where the first such span is, when the input has no lines (Label Studio: its task and result).
        public var firstPlace: String? = nil

        public var description: String {
            let first = firstPlace ?? "\(file):\(firstLine)"
            return "\(first): code \"\(code)\" is not in the code list (\(role): \(spans) span\(spans == 1 ? "" : "s"), first at \(firstPlace ?? "line \(firstLine)")); scored as is"
        }
    }

    /// Which documents are scored.
    public enum Scope: String, Sendable {
        /// Every document given (an evaluation built in memory without coverage).
        case all
        /// The documents the gold covers (has a line or record for).
        case gold
        /// The documents that have units (unit mode with units).
        case units

        var phrase: String {
            switch self {
            case .all: return "all"
            case .gold: return "those the gold covers"
            case .units: return "those with units"
            }
        }
    }

    public var options: Options
    public var inputs: [Input]
    /// The documents given (the texts).
    public var documents: Int
    public var units: Int?
    /// The documents scored (see `Evaluator`): only they are counted, resampled and broken down.
    public var scoredDocuments = 0
    public var scope: Scope = .all
    /// The documents the bootstrap resamples when they are fewer than `documents` (the scored ones: a
    /// text outside the scope is not part of the sample; drawing it would only vary how many scored
    /// documents a resample holds). Nil when all documents are resampled.
    public var resampledDocuments: Int? = nil
    /// What the bootstrap resamples, as the text and HTML reports name it.
    var resampleDescription: String { resampledDocuments.map { "the \($0) scored documents" } ?? "documents" }
    /// The documents given, or how many of them are scored and why, as the text and HTML reports say it.
    var documentsDescription: String {
        scoredDocuments < documents ? "\(scoredDocuments) of \(documents) documents scored (\(scope.phrase))" : "\(documents) document\(documents == 1 ? "" : "s")"
    }
    /// Warnings about the scope that are not about one line of one input: texts the gold does not cover,
    /// scored documents an input has no line for.
    public var notes: [String] = []
    /// Whether input was left out of scoring (impossible spans or units, malformed lines, quotes not
    /// found, blank code ids): then `spancoder eval` exits with status 1.
    public var leftInputOut: Bool {
        inputs.contains { input in
            input.findings.contains { kind, count in count > 0 && (Diagnostic.Kind(rawValue: kind)?.leavesInputOut ?? true) }
        }
    }
    public var diagnostics: [Diagnostic]
    public var perCode: [CodeRow]
    public var summary: Summary?
    public var agreement: Agreement?
    public var pairwise: [Pairwise]
    public var groups: [Group]
    public var confusion: [Confusion]
    public var errors: [ErrorExample]
    /// What the error listing holds against all the errors scored, for the line under it: the listing
    /// is cut per code, and a reader must not take it for every error.
    var errorsCaption: String? {
        guard let counts = summary?.counts else { return nil }
        let listedFP = errors.count { $0.kind == .falsePositive }, listedFN = errors.count - listedFP
        guard listedFP < counts.fp || listedFN < counts.fn else { return nil }
        return "\(listedFP) of \(counts.fp) false positives and \(listedFN) of \(counts.fn) false negatives listed: "
            + "at most \(options.errorLimit) of each per code (--errors N lists more; the counts are in the per-code table)"
    }
    public var nervaluate: NervaluateCompat.Report?
    /// Every code outside `--codes` that gold, predictions or a coder uses, by input then first line.
    public var unlistedCodes: [UnlistedCode] = []
}
