import SpanCoderCore
import SpanCoderLexicon
import SpanCoderMatching
import SpanCoderText

/// A lexicon set compiled for classification: every term, rule term, exclusion and blocker of every
/// code in ONE automaton, plus what each pattern means.
///
/// Equal patterns (the same normalized text and wildcard) are compiled once and carry several
/// entries: "AI" as a term of two codes is one pattern with two entries.
///
/// A term with compound hyphens ("privacy-enhancing") also compiles its variants without them
/// ("privacyenhancing", `TermPattern.dehyphenatedVariants()`), carrying the same entries: the
/// normalizer joins a word hyphenated at a line break and drops the hyphen, so a compound broken at its
/// own hyphen ("privacy-⏎enhancing") reads without it. A variant that another entry spells itself is
/// not added: that entry says what the form means (and "redteaming" beside "red-teaming" would count
/// twice). Evidence and `explain` name the term as written.
///
/// Immutable and `Sendable`: compile once, share it between threads.
public final class CompiledLexicon: Sendable {
    /// What a lexicon entry does when it matches.
    public enum Role: String, Sendable, Hashable {
        /// Adds its weight to its code's score in the span (once per span, however often it occurs).
        case term
        /// Belongs to a group of a co-occurrence rule; contributes only when the rule fires.
        case ruleTerm = "rule-term"
        /// Cancels its code in the span where it occurs.
        case exclusion
        /// Neutral: proposes nothing, but no shorter entry fires inside it.
        case blocker
    }

    /// One lexicon entry behind a pattern.
    public struct Entry: Sendable, Hashable {
        /// The code this entry belongs to; nil for blockers shared by the whole set.
        public var code: String?
        public var role: Role
        /// The term as written in the lexicon file (wildcard included).
        public var term: String
        /// The rule id, for rule terms.
        public var rule: String?
        /// The rule group index, for rule terms.
        public var group: Int?
        /// The term's weight (terms) or 0 (others; a rule's weight is on the rule).
        public var weight: Double
        public var location: SourceLocation?

        // Dense indices for the classifier's hot path.
        let codeIndex: Int
        let ruleIndex: Int
    }

    /// A co-occurrence rule, compiled.
    /// A rule as the classifier reads it for every span: plain values only, so reading one copies no
    /// reference (the ids are in `ruleIDs`).
    struct CompiledRule: Sendable {
        var codeIndex: Int
        var groupCount: Int
        var needed: Int
        var window: RuleWindow
        var weight: Double
        /// `Rule.passesToListItems`.
        var passesToListItems = true
    }

    /// The set's name.
    public let name: String
    /// The codes with a lexicon, sorted by id (the order of `CodedSpan.codes`).
    public let codes: [String]
    /// Every entry of every code (and the set's blockers).
    public let entries: [Entry]
    /// The matcher over all distinct patterns.
    public let matcher: TermMatcher
    /// The normalizer documents must pass through (the one the patterns were compiled with).
    public let normalizer: TextNormalizer

    // Per-entry fields the classifier reads for every match, kept apart from `entries` so the hot path
    // does not copy (retain and release) the entries' strings.
    let entryRole: [Role]
    let entryCode: [Int]
    let entryRule: [Int]
    let entryGroup: [Int]
    let entryWeight: [Double]
    let entryTerm: [String]
    /// The rule of each rule-term entry, -1 for other entries: the classifier's test for "which rule
    /// run does this pair belong to" in one lookup.
    let ruleOfRuleTerm: [Int32]
    /// Rank of each entry's term among all terms in `String` order (equal terms, equal ranks), so that
    /// evidence is sorted by integers in the order the strings would give.
    let entryTermRank: [Int32]
    /// Rank of each rule's id among the rule ids in `String` order, counted from 1; 0 stands for "no
    /// rule", which sorts first (as the empty string does).
    let ruleRank: [Int32]

    /// Entries of pattern p: entryIndices[entryStarts[p]..<entryStarts[p+1]].
    let entryStarts: [Int]
    let entryIndices: [Int]
    /// The most entries any one pattern has.
    let maxEntriesPerPattern: Int
    let rules: [CompiledRule]
    /// The ids of the co-occurrence rules, in the order `SpanProposals.Item.rule` counts them.
    public let ruleIDs: [String]
    /// Rules of code c: rulesOfCode[c].
    let rulesOfCode: [[Int]]
    /// Whether some rule keeps its code from list items (`Rule.passesToListItems` false).
    let hasRulesKeptFromListItems: Bool
    /// Whether some rule counts its window in words (then word positions are computed per document).
    let hasWordWindows: Bool
    /// Whether a span's (entry, match) pairs pack into one `UInt64` each: code in the top 16 bits,
    /// entry in the next 24, the match's index within the span in the low 24 (see `Classifier`).
    /// Tests turn it off to compare the packed path with the general one.
    let packsPairKeys: Bool
    /// What a match of each pattern brings to a span's pairs on the packed path (empty when pair keys
    /// are not packed).
    let pairSeeds: PairSeeds
    /// Per rule, how many groups it needs in a span to fire, for the packed path's count of group
    /// bits; 0 for rules of more than 64 groups, which that count does not cover.
    let ruleNeeded: [Int]

    /// Compiles `set`. Throws `SpanCoderError(.badInput)`, with the entry's file and line, for a term
    /// that normalizes to nothing (white space, a lone `*`).
    ///
    /// - Complexity: O(L log P) for total term length L and P distinct patterns (see `ByteAutomaton`).
    public convenience init(set: LexiconSet, normalization: NormalizationOptions = .matching,
                            automaton: ByteAutomaton.Options = ByteAutomaton.Options()) throws {
        try self.init(set: set, normalization: normalization, automaton: automaton, packPairKeys: true)
    }

    /// `init(set:normalization:automaton:)`; `packPairKeys` false sends every span down the classifier's
    /// general path (for tests that compare the two).
    init(set: LexiconSet, normalization: NormalizationOptions, automaton: ByteAutomaton.Options, packPairKeys: Bool) throws {
        let normalizer = TextNormalizer.shared(normalization)
        self.normalizer = normalizer
        self.name = set.name
        let lexicons = set.lexicons.sorted { $0.code < $1.code }
        self.codes = lexicons.map(\.code)

        var entries: [Entry] = []
        var rules: [CompiledRule] = []
        var ruleIDs: [String] = []
        var rulesOfCode: [[Int]] = []
        func entry(_ term: Term, code: String?, codeIndex: Int, role: Role, rule: String? = nil, ruleIndex: Int = -1, group: Int? = nil, file: String?) -> Entry {
            Entry(code: code, role: role, term: term.text, rule: rule, group: group,
                  weight: role == .term ? term.weight : 0,
                  location: term.location ?? file.map { SourceLocation(file: $0) },
                  codeIndex: codeIndex, ruleIndex: ruleIndex)
        }
        for (c, lexicon) in lexicons.enumerated() {
            var rulesOfThisCode: [Int] = []
            for term in lexicon.terms { entries.append(entry(term, code: lexicon.code, codeIndex: c, role: .term, file: lexicon.file)) }
            for rule in lexicon.rules {
                let r = rules.count
                let needed: Int
                switch rule.mode {
                case .all: needed = rule.groups.count
                case .atLeast(let n): needed = max(1, min(n, rule.groups.count))
                }
                ruleIDs.append(rule.id)
                rules.append(CompiledRule(codeIndex: c, groupCount: rule.groups.count, needed: needed, window: rule.window, weight: rule.weight,
                                          passesToListItems: rule.passesToListItems))
                rulesOfThisCode.append(r)
                // A rule's entries are appended consecutively: the classifier relies on it to treat
                // each rule's matches in a span as one run.
                for (g, group) in rule.groups.enumerated() {
                    for term in group.terms {
                        entries.append(entry(term, code: lexicon.code, codeIndex: c, role: .ruleTerm, rule: rule.id, ruleIndex: r, group: g, file: lexicon.file))
                    }
                }
            }
            for term in lexicon.exclusions { entries.append(entry(term, code: lexicon.code, codeIndex: c, role: .exclusion, file: lexicon.file)) }
            for term in lexicon.blockers { entries.append(entry(term, code: lexicon.code, codeIndex: c, role: .blocker, file: lexicon.file)) }
            rulesOfCode.append(rulesOfThisCode)
        }
        for term in set.blockers {
            entries.append(entry(term, code: nil, codeIndex: -1, role: .blocker, file: set.directory))
        }

        // A set built in code skips the loader's checks: weights past the bound could sum to an
        // infinite score, which no output format can write as a number.
        for e in entries where e.role == .term && !(e.weight > 0 && e.weight <= LexiconLimits.maxWeight) {
            throw SpanCoderError(.badInput, "term \"\(e.term)\" of code \(e.code ?? "?") has weight \(e.weight); weights are greater than 0 and at most \(Int(LexiconLimits.maxWeight))", at: e.location)
        }
        for (r, rule) in rules.enumerated() where !(rule.weight > 0 && rule.weight <= LexiconLimits.maxWeight) {
            throw SpanCoderError(.badInput, "rule \(ruleIDs[r]) of code \(lexicons[rule.codeIndex].code) has weight \(rule.weight); weights are greater than 0 and at most \(Int(LexiconLimits.maxWeight))")
        }

        let compiled = TermPattern.compile(entries.map(\.term), normalizer: normalizer)
        struct Key: Hashable {
            var bytes: [UInt8]
            var prefix: Bool
        }
        var patternOf: [Key: Int] = [:]
        var patterns: [TermPattern] = []
        // (pattern, entry): one per entry for its own pattern, then one per dehyphenated variant.
        var links: [(pattern: Int, entry: Int)] = []
        links.reserveCapacity(entries.count)
        for (i, pattern) in compiled.enumerated() {
            guard let pattern else {
                let e = entries[i]
                let owner = e.code.map { "code \($0)" } ?? "the set's blockers"
                throw SpanCoderError(.badInput, "\(e.role.rawValue) \"\(e.term)\" of \(owner) is empty after normalization; expected letters, digits or Chinese characters", at: e.location)
            }
            let key = Key(bytes: pattern.normalized, prefix: pattern.isPrefix)
            if let existing = patternOf[key] {
                links.append((existing, i))
            } else {
                patternOf[key] = patterns.count
                links.append((patterns.count, i))
                patterns.append(pattern)
            }
        }
        // After every entry's own pattern, so that a form some entry spells itself is never a variant.
        let spelled = patterns.count
        for (i, pattern) in compiled.enumerated() {
            for variant in pattern!.dehyphenatedVariants() {
                let key = Key(bytes: variant.normalized, prefix: variant.isPrefix)
                if let existing = patternOf[key] {
                    if existing >= spelled { links.append((existing, i)) }
                } else {
                    patternOf[key] = patterns.count
                    links.append((patterns.count, i))
                    patterns.append(variant)
                }
            }
        }
        var starts = [Int](repeating: 0, count: patterns.count + 1)
        for link in links { starts[link.pattern + 1] += 1 }
        for p in 0..<patterns.count { starts[p + 1] += starts[p] }
        var fill = starts
        var indices = [Int](repeating: 0, count: links.count)
        // Entries of a pattern in ascending order: links come in entry order for each pattern.
        for link in links {
            indices[fill[link.pattern]] = link.entry
            fill[link.pattern] += 1
        }
        self.entries = entries
        self.entryRole = entries.map(\.role)
        self.entryCode = entries.map(\.codeIndex)
        self.entryRule = entries.map(\.ruleIndex)
        self.entryGroup = entries.map { $0.group ?? 0 }
        self.entryWeight = entries.map(\.weight)
        self.entryTerm = entries.map(\.term)
        self.ruleOfRuleTerm = entries.map { $0.role == .ruleTerm ? Int32($0.ruleIndex) : -1 }
        self.entryTermRank = CompiledLexicon.ranks(of: entries.map(\.term), from: 0)
        self.ruleRank = CompiledLexicon.ranks(of: ruleIDs, from: 1)
        self.entryStarts = starts
        self.maxEntriesPerPattern = zip(starts, starts.dropFirst()).map { $1 - $0 }.max() ?? 0
        self.entryIndices = indices
        self.rules = rules
        self.ruleIDs = ruleIDs
        self.rulesOfCode = rulesOfCode
        self.packsPairKeys = packPairKeys && entries.count < 1 << 24 && codes.count < 1 << 16
        self.ruleNeeded = rules.map { $0.groupCount > 64 ? 0 : $0.needed }
        self.pairSeeds = packsPairKeys ? PairSeeds(entries: entries, starts: starts, indices: indices) : PairSeeds()
        self.hasRulesKeptFromListItems = rules.contains { !$0.passesToListItems }
        self.hasWordWindows = rules.contains { if case .words = $0.window { return true } else { return false } }
        self.matcher = TermMatcher(patterns: patterns, options: automaton)
    }

    /// The (entry, match) pair keys a match of each pattern can add to a span on the classifier's
    /// packed path, without the match: per pattern, two runs read in order, in place of looking up
    /// each of its entries in `entryIndices`, then its role, code and group bit in per-entry arrays,
    /// and branching on the role (the pair loop is about half of `propose`).
    ///
    /// Blockers (whose work is done when matches are found) and entries of no code bring nothing and
    /// are left out. A pattern's terms and exclusions (`plainKeys`) always make a pair; its rule terms
    /// (`ruleSeeds`) make one only if their rule has enough groups in the span to fire.
    struct PairSeeds: Sendable {
        /// Where pattern p's seeds are: `plainKeys[plainStart..<plainEnd]`, `ruleSeeds[ruleStart..<ruleEnd]`.
        struct Bounds: Sendable {
            var plainStart: Int32
            var plainEnd: Int32
            var ruleStart: Int32
            var ruleEnd: Int32
        }

        /// A rule term's pair key and what it tells about its rule.
        struct RuleSeed: Sendable {
            /// code << 48 | entry << 24, as in `plainKeys`.
            var key: UInt64
            /// The entry's group as one bit (0 for groups past 63, whose rules count as able to fire:
            /// see `ruleNeeded`).
            var groupBit: UInt64
            var rule: Int32
        }

        /// Per pattern.
        var bounds: [Bounds] = []
        /// code << 48 | entry << 24 of each term and exclusion: a pair key once the match is or-ed in.
        var plainKeys: [UInt64] = []
        var ruleSeeds: [RuleSeed] = []

        init() {}

        /// The seeds of the entries `indices[starts[p]..<starts[p + 1]]` of each pattern p; needs fewer
        /// than 2^24 entries and 2^16 codes (`packsPairKeys`).
        init(entries: [Entry], starts: [Int], indices: [Int]) {
            let patternCount = starts.count - 1
            bounds.reserveCapacity(patternCount)
            for p in 0..<patternCount {
                let plainStart = Int32(plainKeys.count)
                let ruleStart = Int32(ruleSeeds.count)
                for e in indices[starts[p]..<starts[p + 1]] {
                    let entry = entries[e]
                    guard entry.codeIndex >= 0 else { continue }
                    let key = UInt64(entry.codeIndex) << 48 | UInt64(e) << 24
                    switch entry.role {
                    case .blocker: continue
                    case .term, .exclusion: plainKeys.append(key)
                    case .ruleTerm:
                        let groupBit: UInt64 = entry.group.map { $0 < 64 ? 1 << UInt64($0) : 0 } ?? 0
                        ruleSeeds.append(RuleSeed(key: key, groupBit: groupBit, rule: Int32(entry.ruleIndex)))
                    }
                }
                bounds.append(Bounds(plainStart: plainStart, plainEnd: Int32(plainKeys.count),
                                     ruleStart: ruleStart, ruleEnd: Int32(ruleSeeds.count)))
            }
        }
    }

    /// The rank of each string among the distinct strings of `values` in `String` order, plus `base`.
    static func ranks(of values: [String], from base: Int32) -> [Int32] {
        let distinct = Array(Set(values)).sorted()
        var rankOf: [String: Int32] = [:]
        for (k, value) in distinct.enumerated() { rankOf[value] = base + Int32(k) }
        return values.map { rankOf[$0]! }
    }


    /// The entries behind pattern `pattern` of `matcher`.
    public func entries(ofPattern pattern: Int) -> ArraySlice<Int> {
        entryIndices[entryStarts[pattern]..<entryStarts[pattern + 1]]
    }
}
