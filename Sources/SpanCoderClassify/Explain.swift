import SpanCoderCore
import SpanCoderLexicon
import SpanCoderMatching
import SpanCoderText

/// One place where a lexicon entry's text occurs, and what became of it (for `spancoder lexicon
/// explain`, so lexicon authors can see why a term did or did not fire).
public struct MatchExplanation: Sendable, Hashable {
    public enum Status: Sendable, Hashable {
        /// The entry matched and counts (a term or rule term; its code may still miss the threshold).
        case fired
        /// An exclusion that matched: it cancels its code in this text.
        case exclusion
        /// A blocker that matched: it proposes nothing, shorter entries inside it are dropped.
        case blocker
        /// Rejected: a word character comes right before it ("ai" in "said").
        case leftEdge
        /// Rejected: a word character comes right after it ("ai" in "aim").
        case rightEdge
        /// Dropped: strictly inside a longer match of `term` at `range`.
        case contained(in: String, range: TextRange)
        /// Matched, but an exclusion of the same code (`term`) occurs in the text.
        case excluded(by: String)
        /// A rule's group term that matched, but its rule did not fire here: another group has no match,
        /// or the matches are not within the rule's window.
        case ruleNotFired
        /// A rule's group term that matched where its rule fired, but on other matches: this one lies
        /// outside the window the rule's evidence spans, or another match of its group was taken.
        case ruleFiredElsewhere
    }

    /// The entry as written in its lexicon file.
    public var term: String
    /// Its code (nil for the set's shared blockers).
    public var code: String?
    public var role: CompiledLexicon.Role
    public var rule: String?
    /// Where it occurs, in code points of the explained text.
    public var range: TextRange
    /// The original text at `range`.
    public var text: String
    public var status: Status
    public var location: SourceLocation?
    /// What the entry adds to its code's score when it fires: a term's weight, or a rule term's rule's
    /// weight (the rule counts once however many of its terms match); nil for exclusions and blockers.
    public var weight: Double?

    /// A short human-readable reason.
    public var reason: String {
        switch status {
        case .fired: return rule.map { "fired (rule \($0))" } ?? "fired"
        case .exclusion: return "exclusion: cancels \(code ?? "its code") here"
        case .blocker: return "blocker: shorter entries inside it do not fire"
        case .leftEdge: return "not at a word start (a letter or digit comes before it)"
        case .rightEdge: return "not at a word end (a letter or digit comes after it)"
        case .contained(let term, let range): return "inside the longer match \"\(term)\" at \(range)"
        case .excluded(let term): return "matched, but exclusion \"\(term)\" cancels \(code ?? "its code") here"
        case .ruleNotFired:
            return "matched, but rule \(rule ?? "?") did not fire (a group has no match here, or the matches are not within its window)"
        case .ruleFiredElsewhere:
            return "matched; rule \(rule ?? "?") fired on other matches (this one is outside their window, or its group took another)"
        }
    }
}

extension Classifier {
    /// Every occurrence of every lexicon entry in `text`, including rejected and suppressed ones, with
    /// the reason; the text is treated as one span (for exclusions). Sorted by range, then term.
    public func explain(text: String) -> [MatchExplanation] {
        let normalized = lexicon.normalizer.normalize(text)
        let bytes = Array(text.utf8)
        let index = OffsetIndex(utf8: bytes)
        let candidates = lexicon.matcher.candidates(in: normalized)
        func locate(_ match: TermMatch) -> (TextRange, String) {
            let range = normalized.originalUTF8Range(ofNormalized: match.range)
            return (TextRange(start: index.codePointOffset(utf8: range.lowerBound), end: index.codePointOffset(utf8: range.upperBound)),
                    String(decoding: bytes[range], as: UTF8.self))
        }
        // Exclusions that matched, by code.
        var exclusionOfCode: [String: String] = [:]
        for candidate in candidates where candidate.status == .accepted {
            for e in lexicon.entries(ofPattern: candidate.match.pattern) {
                let entry = lexicon.entries[e]
                if entry.role == .exclusion, let code = entry.code, exclusionOfCode[code] == nil { exclusionOfCode[code] = entry.term }
            }
        }
        // The rules that fire in the text taken as one span: a rule term counts only then. Any positive
        // score passes, so a rule too light to propose its code alone still shows as fired.
        let firing = Classifier(lexicon: lexicon, options: ClassifierOptions(threshold: .leastNonzeroMagnitude, codeHeadings: true))
            .classify(document: Document(id: "explain", text: text))
        // Per fired rule (code and rule id), the ranges of the matches that made it fire.
        var ruleEvidence: [String: Set<TextRange>] = [:]
        for assignment in firing.codes {
            for item in assignment.evidence {
                if let rule = item.rule { ruleEvidence[assignment.code + "\u{0}" + rule, default: []].insert(item.range) }
            }
        }
        var result: [MatchExplanation] = []
        for candidate in candidates {
            let (range, slice) = locate(candidate.match)
            for e in lexicon.entries(ofPattern: candidate.match.pattern) {
                let entry = lexicon.entries[e]
                let status: MatchExplanation.Status
                switch candidate.status {
                case .leftEdge: status = .leftEdge
                case .rightEdge: status = .rightEdge
                case .contained(let outer):
                    let outerTerm = lexicon.entries[lexicon.entries(ofPattern: outer.pattern).first!].term
                    status = .contained(in: outerTerm, range: locate(outer).0)
                case .accepted:
                    switch entry.role {
                    case .blocker: status = .blocker
                    case .exclusion: status = .exclusion
                    case .term, .ruleTerm:
                        if let code = entry.code, let exclusion = exclusionOfCode[code] {
                            status = .excluded(by: exclusion)
                        } else if entry.role == .ruleTerm, let code = entry.code, let rule = entry.rule {
                            let ranges = ruleEvidence[code + "\u{0}" + rule]
                            status = ranges == nil ? .ruleNotFired : ranges!.contains(range) ? .fired : .ruleFiredElsewhere
                        } else {
                            status = .fired
                        }
                    }
                }
                let weight: Double? = switch entry.role {
                case .term: lexicon.entryWeight[e]
                case .ruleTerm: lexicon.entryRule[e] >= 0 ? lexicon.rules[lexicon.entryRule[e]].weight : nil
                case .exclusion, .blocker: nil
                }
                result.append(MatchExplanation(term: entry.term, code: entry.code, role: entry.role, rule: entry.rule,
                                               range: range, text: slice, status: status, location: entry.location, weight: weight))
            }
        }
        result.sort { a, b in a.range != b.range ? a.range < b.range : (a.term != b.term ? a.term < b.term : (a.code ?? "") < (b.code ?? "")) }
        return result
    }
}
