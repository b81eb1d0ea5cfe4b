import SpanCoderCore

/// The stable identity of a lexicon problem: a code such as `L002` and a name such as `duplicate-term`.
///
/// Codes never change meaning once published, so scripts and CI logs can filter on them.
/// `docs/lexicons.md` lists every code with an example.
public enum LexiconProblem: String, Sendable, Hashable, CaseIterable {
    // Semantic problems, found by `LexiconChecker`.
    case unknownCode = "L001"
    case duplicateTerm = "L002"
    case normalizesToOtherCodeTerm = "L003"
    case emptyCode = "L004"
    case unmatchableTerm = "L005"
    case ruleMissingGroup = "L006"
    case codeMissingLanguage = "L007"
    case taxonomyFileMismatch = "L008"
    case duplicateCode = "L009"
    case duplicateRuleID = "L010"
    case termAlsoExclusion = "L011"
    case shadowedByOtherCode = "L012"
    case groupTermHidden = "L013"
    case termHiddenByGroupTerm = "L014"
    case termInOtherLanguageSection = "L015"
    case termWithoutWordCharacters = "L016"
    case listPunctuationInTerm = "L017"
    // Structural problems, found while loading (they make `LexiconSet.load` throw).
    case yamlSyntax = "L100"
    case unknownKey = "L101"
    case wrongType = "L102"
    case missingKey = "L103"
    case badValue = "L104"
    case unreadableFile = "L105"

    /// The short name printed after the code (`L002 duplicate-term`).
    public var name: String {
        switch self {
        case .unknownCode: return "unknown-code"
        case .duplicateTerm: return "duplicate-term"
        case .normalizesToOtherCodeTerm: return "term-normalizes-to-other-code-term"
        case .emptyCode: return "empty-code"
        case .unmatchableTerm: return "unmatchable-term"
        case .ruleMissingGroup: return "rule-missing-group"
        case .codeMissingLanguage: return "code-missing-language"
        case .taxonomyFileMismatch: return "taxonomy-file-mismatch"
        case .duplicateCode: return "duplicate-code"
        case .duplicateRuleID: return "duplicate-rule-id"
        case .termAlsoExclusion: return "term-also-exclusion"
        case .shadowedByOtherCode: return "shadowed-by-other-code"
        case .groupTermHidden: return "group-term-hidden"
        case .termHiddenByGroupTerm: return "term-hidden-by-group-term"
        case .termInOtherLanguageSection: return "term-in-other-language-section"
        case .termWithoutWordCharacters: return "term-without-word-characters"
        case .listPunctuationInTerm: return "list-punctuation-in-term"
        case .yamlSyntax: return "yaml-syntax"
        case .unknownKey: return "unknown-key"
        case .wrongType: return "wrong-type"
        case .missingKey: return "missing-key"
        case .badValue: return "bad-value"
        case .unreadableFile: return "unreadable-file"
        }
    }
}

/// One problem in a lexicon set, with where it is and how serious it is.
public struct LexiconDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        /// The set is wrong: `lexicon check` exits non-zero.
        case error
        /// Probably unintended, but the set works (a term shared by two codes, for instance).
        case warning
        /// Worth a look while editing, often right as it is; only reported when asked for
        /// (`lexicon check --notes`) and never an error, even with `--strict`.
        case note
    }

    public var problem: LexiconProblem
    public var severity: Severity
    public var message: String
    public var location: SourceLocation?

    public init(_ problem: LexiconProblem, _ severity: Severity, _ message: String, at location: SourceLocation?) {
        self.problem = problem
        self.severity = severity
        self.message = message
        self.location = location
    }

    /// `file:line:column: error: L002 duplicate-term: ...`, the shape compilers use so editors can jump to it.
    /// One line, always: a line break or other control character in a quoted term is written as an
    /// escape (`\n`, `\u{1B}`), so that one problem stays one line of `lexicon check`'s output.
    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): \(problem.rawValue) \(problem.name): \(Self.oneLine(message))"
    }

    static func oneLine(_ text: String) -> String {
        func breaksTheLine(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
        }
        guard text.unicodeScalars.contains(where: breaksTheLine) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if breaksTheLine(scalar) {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
