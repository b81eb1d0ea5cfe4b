/// How many entries a lexicon set has, per code and language (`spancoder lexicon stats`).
public struct LexiconStatistics: Sendable {
    public struct Row: Sendable, Hashable {
        public var code: String
        public var language: TermLanguage
        public var terms: Int
        public var rules: Int
        public var exclusions: Int
        public var blockers: Int
        /// Terms with a weight below 1: they propose the code only together with other evidence.
        public var weakTerms: Int
    }

    public var rows: [Row]
    public var setBlockers: [TermLanguage: Int]
    /// The languages reported: the set's own, and any other that a code or the set-wide blockers have
    /// entries in.
    public var languages: [TermLanguage]

    public init(_ set: LexiconSet) {
        var rows: [Row] = []
        // The set's languages, and any other a code has entries in (they match too; L007 warns): a set for
        // English only shows no rows of zeros for Chinese.
        let used = Set(set.lexicons.flatMap { $0.terms.map(\.language) + $0.rules.compactMap(\.language) })
        let languages = TermLanguage.allCases.filter { set.taxonomy.languages.contains($0) || used.contains($0) }
        let blockerLanguages = Set(set.blockers.map(\.language))
        self.languages = TermLanguage.allCases.filter { languages.contains($0) || blockerLanguages.contains($0) }
        for code in set.taxonomy.codes.map(\.id) + set.lexicons.map(\.code).filter({ set.taxonomy.code($0) == nil }) {
            let lexicon = set.lexicon(for: code) ?? CodeLexicon(code: code)
            for language in languages {
                let terms = lexicon.terms.filter { $0.language == language }
                rows.append(Row(
                    code: code, language: language, terms: terms.count,
                    rules: lexicon.rules.filter { $0.language == language }.count,
                    exclusions: lexicon.exclusions.filter { $0.language == language }.count,
                    blockers: lexicon.blockers.filter { $0.language == language }.count,
                    weakTerms: terms.filter { $0.weight < 1 }.count
                ))
            }
        }
        self.rows = rows
        var setBlockers: [TermLanguage: Int] = [:]
        for term in set.blockers { setBlockers[term.language, default: 0] += 1 }
        self.setBlockers = setBlockers
    }
}
