import SpanCoderCore

/// A code's category. The shipped set uses the codebook's two kinds, `risk` and `governance`; a set for
/// another taxonomy names its own (AGORA's harms, incentives, applications). Documentation for lexicon
/// authors: no match, score or output depends on it.
public struct CodeKind: RawRepresentable, Sendable, Hashable, Codable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let risk = CodeKind(rawValue: "risk")
    public static let governance = CodeKind(rawValue: "governance")
}

/// One code of a taxonomy.
public struct CodeDefinition: Sendable, Hashable {
    /// Stable id used in every file (`risk.bias`, `gov.licensing-registration`).
    public var id: String
    public var nameEN: String
    public var nameZH: String
    /// The code's category (`taxonomy.yaml`'s optional `kind`), if the taxonomy gives one.
    public var kind: CodeKind?
    /// The definition in the lexicon set's own words.
    public var definition: String
    public var location: SourceLocation?

    public init(id: String, nameEN: String, nameZH: String, kind: CodeKind?, definition: String, location: SourceLocation? = nil) {
        self.id = id
        self.nameEN = nameEN
        self.nameZH = nameZH
        self.kind = kind
        self.definition = definition
        self.location = location
    }
}

/// The codes a lexicon set proposes, in their display order.
public struct Taxonomy: Sendable {
    public var name: String
    public var codes: [CodeDefinition]
    /// The languages every code must have entries in (`languages:` in `taxonomy.yaml`; both by default).
    /// A set for English documents only declares `[en]`, and `lexicon check` then asks for no Chinese.
    public var languages: [TermLanguage]

    public init(name: String, codes: [CodeDefinition], languages: [TermLanguage] = [.zh, .en]) {
        self.name = name
        self.codes = codes
        self.languages = languages
    }

    public func code(_ id: String) -> CodeDefinition? { codes.first { $0.id == id } }
}

/// The language a lexicon entry is written in. Decides nothing about where it may match; it exists for
/// statistics, checks and the bilingual-coverage requirement.
public enum TermLanguage: String, Sendable, Hashable, Codable, CaseIterable {
    case zh
    case en
}

/// Bounds on the numbers of a lexicon set.
public enum LexiconLimits {
    /// The largest weight of a term or rule. A code's score in a span is the sum of the weights that
    /// fired, so unbounded weights could overflow it: two terms of weight 1e308 made `tag` write
    /// `"score":null`. With weights of at most 1000 a score (a span's, or a document's sum of them)
    /// stays finite for any number of matches a text can hold, and 1000 is far above any weight a set
    /// needs (the shipped set's weights lie between 0.2 and 1, the default; so does the default threshold).
    public static let maxWeight = 1000.0
    /// The widest window a rule may give (`within: N chars` or `N words`): a billion, wider than any
    /// document. `within: 9223372036854775807 chars` passed and overflowed the window's end when a rule
    /// was tried (a crash of `tag` on a set that `lexicon check` passed); "the whole span" is `within: span`.
    public static let maxWindow = 1_000_000_000

    /// Why `id` cannot be a code id, or nil when it can. Ids travel through every output format: a
    /// white space or a ";" splits one code into two in `tag --format csv` (which lists codes with ";")
    /// and in brat's type names, a "/" or "\\" cannot be the code file's name, and an empty id names
    /// nothing. Letters of any script, digits and the rest of ASCII's punctuation are fine
    /// (`risk.bias`, `agora:harms-discrimination`, `风险.偏见`).
    public static func codeIDProblem(_ id: String) -> String? {
        if id.isEmpty { return "an id is needed" }
        // A probe line "-CODE<tab>text" says the text must not get CODE: an id opening with "-" could
        // never be probed as expected.
        if id.hasPrefix("-") { return "an id may not begin with \"-\" (a probe line writes -ID for \"must not get ID\")" }
        for scalar in id.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format {
                return "white space or an invisible character is not allowed in an id (tag --format csv and brat would split or lose it); use \"-\" or \".\""
            }
            switch scalar {
            case ";": return "\";\" is not allowed in an id (tag --format csv separates codes with it)"
            case "/", "\\": return "\"\(scalar)\" is not allowed in an id (the code's file is named after it: codes/<id>.yaml)"
            default: continue
            }
        }
        return nil
    }
}

/// A single lexicon term: a word, phrase or Chinese character sequence, optionally a prefix wildcard.
///
/// Matching semantics (see SpanCoderMatching): terms are normalized like documents; Latin-script terms
/// match only at word edges; `discriminat*` matches any word starting with `discriminat`; Chinese terms
/// match as character sequences anywhere.
public struct Term: Sendable, Hashable {
    /// The term as written in the lexicon file, wildcard included.
    public var text: String
    public var language: TermLanguage
    public var weight: Double
    /// Why this entry exists, when it is not obvious (for lexicon authors; shown by `lexicon explain`).
    public var note: String?
    public var location: SourceLocation?

    public init(text: String, language: TermLanguage, weight: Double = 1.0, note: String? = nil, location: SourceLocation? = nil) {
        self.text = text
        self.language = language
        self.weight = weight
        self.note = note
        self.location = location
    }

    /// Whether the term ends with `*`: a prefix that matches the rest of the word.
    public var isPrefix: Bool { text.hasSuffix("*") }
    /// The term without its wildcard.
    public var stem: String { isPrefix ? String(text.dropLast()) : text }
}

/// How far apart the groups of a rule may be and still fire together.
public enum RuleWindow: Sendable, Hashable {
    /// Anywhere in the same span.
    case span
    /// Every group's match within `n` code points of each other (from first start to last end).
    case characters(Int)
    /// Every group's match within `n` words (Latin words, or Han characters counted one word each).
    case words(Int)
}

/// A named set of alternative terms; a rule's group is satisfied when any of its terms matches.
public struct TermGroup: Sendable, Hashable {
    public var name: String
    public var terms: [Term]

    public init(name: String, terms: [Term]) {
        self.name = name
        self.terms = terms
    }
}

/// A co-occurrence rule: fires when enough of its groups match within its window.
///
/// `定价` near `差别`, or "price*" near "discriminat*", are rules with two groups, `all` mode and a window
/// of a few characters or words.
public struct Rule: Sendable, Hashable {
    public enum Mode: Sendable, Hashable {
        /// Every group must match.
        case all
        /// At least `n` groups must match.
        case atLeast(Int)
    }

    public var id: String
    public var groups: [TermGroup]
    public var mode: Mode
    public var window: RuleWindow
    public var weight: Double
    /// Whether list items under a lead-in take the code this rule gives the lead-in (gold convention 12).
    /// False for rules that describe the lead-in itself rather than a duty its items spell out: "The
    /// task force shall be composed of the following members:" is convening, its members are not.
    public var passesToListItems: Bool
    public var note: String?
    public var location: SourceLocation?
    /// The language section the rule was written in (`nil` for rules built in code).
    public var language: TermLanguage?

    public init(id: String, groups: [TermGroup], mode: Mode = .all, window: RuleWindow = .span, weight: Double = 1.0,
                passesToListItems: Bool = true, note: String? = nil, location: SourceLocation? = nil, language: TermLanguage? = nil) {
        self.id = id
        self.groups = groups
        self.mode = mode
        self.window = window
        self.weight = weight
        self.passesToListItems = passesToListItems
        self.note = note
        self.location = location
        self.language = language
    }

    /// How many groups must match for the rule to fire.
    public var requiredGroups: Int {
        switch mode {
        case .all: return groups.count
        case .atLeast(let n): return n
        }
    }
}

/// Everything one code's lexicon file says.
public struct CodeLexicon: Sendable {
    public var code: String
    /// Terms that each add their weight to the code's score in a span.
    public var terms: [Term]
    public var rules: [Rule]
    /// Terms that cancel the code in the span where they occur.
    public var exclusions: [Term]
    /// Neutral terms: they propose nothing, but a term of this code inside a blocker's match does not fire
    /// (declare 人工智能 to keep 人工 from firing inside it).
    public var blockers: [Term]
    public var file: String?

    public init(code: String, terms: [Term] = [], rules: [Rule] = [], exclusions: [Term] = [], blockers: [Term] = [], file: String? = nil) {
        self.code = code
        self.terms = terms
        self.rules = rules
        self.exclusions = exclusions
        self.blockers = blockers
        self.file = file
    }
}

/// A complete lexicon set: a taxonomy and one lexicon per code, plus blockers shared by every code.
public struct LexiconSet: Sendable {
    public var name: String
    public var taxonomy: Taxonomy
    public var lexicons: [CodeLexicon]
    /// Neutral terms that block shorter terms of any code inside them.
    public var blockers: [Term]
    /// The folder the set was loaded from.
    public var directory: String?

    public init(name: String, taxonomy: Taxonomy, lexicons: [CodeLexicon], blockers: [Term] = [], directory: String? = nil) {
        self.name = name
        self.taxonomy = taxonomy
        self.lexicons = lexicons
        self.blockers = blockers
        self.directory = directory
    }

    public func lexicon(for code: String) -> CodeLexicon? { lexicons.first { $0.code == code } }
}
