import Foundation
import SpanCoderText

/// A coded text span used to find what a lexicon misses: its text and its human codes.
public struct SuggestionSpan: Sendable {
    public var text: String
    public var codes: Set<String>

    public init(text: String, codes: Set<String>) {
        self.text = text
        self.codes = codes
    }
}

/// A candidate term for a code: frequent in spans of the code, rare elsewhere.
public struct TermSuggestion: Sendable, Hashable {
    public var code: String
    public var language: TermLanguage
    /// The n-gram in normalized form (what a lexicon entry would be).
    public var term: String
    /// The z-score of the weighted log-odds ratio (Monroe, Colaresi & Quinn 2008).
    public var zScore: Double
    /// Occurrences in spans of the code, and in the other spans.
    public var inCode: Int
    public var elsewhere: Int
}

/// Keyness of n-grams for each code: weighted log-odds ratio with an informative Dirichlet prior
/// (Monroe, Colaresi & Quinn 2008, "Fightin' Words"), comparing spans of a code with all other spans.
///
/// The prior comes from a background corpus (the coded spans plus any extra texts), scaled to
/// `priorStrength` pseudo-counts, so rare n-grams are shrunk toward their background rate instead of
/// dominating the list. Chinese is counted in sequences of one to four ICU dictionary words (2–8
/// characters) over runs of Han characters, English in word 1–3-grams; n-grams that begin or end with a
/// function word are skipped (Chinese: 的, 和, 对 …; article numbers such as 第二十 too), and so is anything
/// the code's lexicon already has (equal to a term, or completed from a wildcard stem). Word-aligned
/// Chinese candidates are whole words and phrases (商业道德, 训练数据), not the character n-grams across
/// word edges (业道, 练数) that made most of a code's list before.
public struct LexiconSuggester: Sendable {
    public var priorStrength: Double
    public var minimumCount: Int
    /// How lexicon entries are normalized (to leave out what the set already has).
    public let normalizer: TextNormalizer
    /// How span texts are: the same, except that white space between Han ideographs stays. In a coded
    /// sentence it separates (第一条 禁止…), and an n-gram across it would be no candidate term.
    let textNormalizer: TextNormalizer
    /// ICU's dictionary words, which Chinese candidates are made of (never used for matching).
    let wordBreaker = WordBreaker()

    public init(priorStrength: Double = 500, minimumCount: Int = 2, normalizer: TextNormalizer = .shared(.matching)) {
        self.priorStrength = priorStrength
        self.minimumCount = minimumCount
        self.normalizer = normalizer
        var separating = normalizer.options
        separating.joinHanAcrossWhitespace = false
        self.textNormalizer = .shared(separating)
    }

    /// The top `limit` suggestions per code and language, best first.
    ///
    /// - Complexity: O(total text length × n-gram orders) to count, O(vocabulary × codes) to score.
    public func suggest(set: LexiconSet, spans: [SuggestionSpan], background: [String] = [], limit: Int = 20) -> [TermSuggestion] {
        var spanGrams: [(grams: [TermLanguage: [String: Int]], codes: Set<String>)] = []
        var prior: [TermLanguage: [String: Double]] = [.zh: [:], .en: [:]]
        for span in spans {
            let grams = ngrams(span.text)
            spanGrams.append((grams, span.codes))
            for (language, counts) in grams { for (gram, n) in counts { prior[language]![gram, default: 0] += Double(n) } }
        }
        for text in background {
            for (language, counts) in ngrams(text) { for (gram, n) in counts { prior[language]![gram, default: 0] += Double(n) } }
        }

        var out: [TermSuggestion] = []
        let codes = set.taxonomy.codes.map(\.id)
        // Only the set's languages: an English-only set gets no Chinese leads from a few Chinese names.
        for language in set.taxonomy.languages {
            let background = prior[language]!
            let backgroundTotal = background.values.reduce(0, +)
            guard backgroundTotal > 0 else { continue }
            let scale = priorStrength / backgroundTotal
            for code in codes {
                var inside: [String: Int] = [:], outside: [String: Int] = [:]
                for span in spanGrams {
                    guard let counts = span.grams[language] else { continue }
                    if span.codes.contains(code) {
                        for (gram, n) in counts { inside[gram, default: 0] += n }
                    } else {
                        for (gram, n) in counts { outside[gram, default: 0] += n }
                    }
                }
                let nInside = Double(inside.values.reduce(0, +)), nOutside = Double(outside.values.reduce(0, +))
                guard nInside > 0 else { continue }
                let known = knownTerms(set.lexicon(for: code), language: language)
                var scored: [TermSuggestion] = []
                for (gram, y1) in inside where y1 >= minimumCount {
                    let alpha = max(background[gram, default: 0] * scale, 1e-3)
                    let y2 = Double(outside[gram, default: 0])
                    let a1 = Double(y1) + alpha, a2 = y2 + alpha
                    let delta = log(a1 / (nInside + priorStrength - a1)) - log(a2 / (nOutside + priorStrength - a2))
                    let z = delta / (1 / a1 + 1 / a2).squareRoot()
                    if z > 0 {
                        scored.append(TermSuggestion(code: code, language: language, term: gram, zScore: z, inCode: y1, elsewhere: Int(y2)))
                    }
                }
                scored.sort { ($0.zScore, $1.term) > ($1.zScore, $0.term) }
                out += best(scored, limit: limit, known: known)
            }
        }
        return out
    }

    /// The first `limit` of `sorted` that the lexicon does not cover, keeping an n-gram only when no
    /// better-scored suggestion contains it or is contained in it with the same counts (人工智 / 工智能 add
    /// nothing next to 人工智能).
    ///
    /// - Complexity: O(c × (t + limit)) for the c candidates read before `limit` are kept and t terms of
    ///   the code: it stops there. (Filtering and deduplicating every candidate first took 6 minutes on
    ///   150 documents of document-level gold, whose candidates run to the hundred thousands.)
    func best(_ sorted: [TermSuggestion], limit: Int, known: Known) -> [TermSuggestion] {
        var kept: [TermSuggestion] = []
        for candidate in sorted {
            if kept.count == limit { break }
            if known.covers(candidate.term) { continue }
            let redundant = kept.contains { other in
                other.inCode == candidate.inCode && (other.term.contains(candidate.term) || candidate.term.contains(other.term))
            }
            if !redundant { kept.append(candidate) }
        }
        return kept
    }

    struct Known {
        var exact: Set<String>
        var stems: [String]
        /// Whether the lexicon already has this n-gram: equal to a term, part of a term, containing a term,
        /// or completed from a wildcard stem.
        func covers(_ gram: String) -> Bool {
            if exact.contains(gram) { return true }
            let padded = " " + gram + " "
            for term in exact {
                if term.contains(gram) || padded.contains(" " + term + " ") { return true }
                if gram.unicodeScalars.first.map(LexiconChecker.isHanScalar) == true && gram.contains(term) { return true }
            }
            let words = gram.split(separator: " ")
            return stems.contains { stem in
                // A wildcard stem completes its last word: "discriminat*" covers "discrimination".
                let stemWords = stem.split(separator: " ")
                guard stemWords.count == words.count, let last = stemWords.last, let gramLast = words.last else { return false }
                return zip(stemWords.dropLast(), words.dropLast()).allSatisfy { $0 == $1 } && gramLast.hasPrefix(last)
            }
        }
    }

    func knownTerms(_ lexicon: CodeLexicon?, language: TermLanguage) -> Known {
        var known = Known(exact: [], stems: [])
        guard let lexicon else { return known }
        let all = lexicon.terms + lexicon.rules.flatMap { $0.groups.flatMap(\.terms) }
        for term in all where term.language == language {
            let normalized = normalizer.normalize(term: term.stem)
            if term.isPrefix { known.stems.append(normalized) } else { known.exact.insert(normalized) }
        }
        return known
    }

    /// n-gram counts of one text, by language.
    func ngrams(_ text: String) -> [TermLanguage: [String: Int]] {
        let normalized = textNormalizer.normalize(term: text)
        var zh: [String: Int] = [:], en: [String: Int] = [:]
        var han: [Unicode.Scalar] = []
        var words: [String] = []
        var word = ""
        func flushHan() {
            if han.count >= 2 {
                var run = ""
                run.unicodeScalars.append(contentsOf: han)
                let words = wordBreaker.words(in: run, wordsOnly: true).map { word in
                    String(String.UnicodeScalarView(han[word.range.start..<word.range.end]))
                }
                for start in words.indices where !LexiconSuggester.chineseEdgeWords.contains(words[start]) {
                    var gram = ""
                    var characters = 0
                    for end in start..<min(words.count, start + 4) {
                        gram += words[end]
                        characters += words[end].unicodeScalars.count
                        if characters > 8 { break }
                        guard characters >= 2, !LexiconSuggester.chineseEdgeWords.contains(words[end]),
                              !LexiconSuggester.isArticleNumber(gram) else { continue }
                        zh[gram, default: 0] += 1
                    }
                }
            }
            han.removeAll(keepingCapacity: true)
        }
        func flushWord() {
            if !word.isEmpty { words.append(word); word = "" }
        }
        func flushWords() {
            flushWord()
            for n in 1...3 where words.count >= n {
                for start in 0...(words.count - n) {
                    let slice = words[start..<(start + n)]
                    guard !LexiconSuggester.stopwords.contains(slice.first!), !LexiconSuggester.stopwords.contains(slice.last!) else { continue }
                    if n == 1 && (slice.first!.count < 3 || slice.first!.allSatisfy(\.isNumber)) { continue }
                    en[slice.joined(separator: " "), default: 0] += 1
                }
            }
            words.removeAll(keepingCapacity: true)
        }
        for scalar in normalized.unicodeScalars {
            if LexiconChecker.isHanScalar(scalar) {
                flushWords()
                han.append(scalar)
            } else if LexiconChecker.isLatinWordScalar(scalar) || scalar == "-" && !word.isEmpty {
                flushHan()
                word.unicodeScalars.append(scalar)
            } else if scalar == " " {
                flushHan()
                flushWord()
            } else {
                // Punctuation ends a phrase: no n-gram spans a comma or a full stop.
                flushHan()
                flushWords()
            }
        }
        flushHan()
        flushWords()
        var out: [TermLanguage: [String: Int]] = [:]
        if !zh.isEmpty { out[.zh] = zh }
        if !en.isEmpty { out[.en] = en }
        return out
    }

    /// Chinese function words that begin or end no term: particles, conjunctions, prepositions.
    static let chineseEdgeWords: Set<String> = [
        "的", "地", "得", "和", "与", "及", "或", "对", "向", "在", "为", "等", "了", "是", "将", "并", "由", "从", "以", "其",
        "之", "于", "把", "被", "而", "也", "都", "就", "又", "或者", "以及", "并且", "按照", "根据", "通过", "有关", "相关", "进行",
    ]

    /// An article, paragraph or item number (第二十, 十一, 九条): all numerals, or 第 and numerals, with
    /// 条, 款, 项, 章 or 节 after them or not.
    static func isArticleNumber(_ gram: String) -> Bool {
        var scalars = Substring(gram).unicodeScalars[...]
        if scalars.first == "第" { scalars = scalars.dropFirst() }
        if let last = scalars.last, "条款项章节".unicodeScalars.contains(last) { scalars = scalars.dropLast() }
        return !scalars.isEmpty && scalars.allSatisfy { "〇零一二三四五六七八九十百千两".unicodeScalars.contains($0) }
    }

    static let stopwords: Set<String> = [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "by", "with", "as", "at", "from", "that", "this",
        "these", "those", "such", "be", "is", "are", "was", "were", "been", "shall", "should", "must", "may", "will",
        "its", "their", "his", "her", "it", "they", "them", "which", "who", "any", "all", "other", "into", "than",
        "not", "no", "if", "where", "when", "within", "including", "etc", "also", "can", "has", "have", "had",
        "about", "could", "would", "our", "we", "you", "your", "each", "there", "what", "how", "so", "do", "does",
    ]
}
