import Foundation
import SpanCoderCore
import SpanCoderText

/// Validates a lexicon set beyond its YAML structure: cross-checks taxonomy and files, finds duplicate,
/// colliding and unmatchable terms and broken rules. Every problem carries file:line and a stable code
/// (`LexiconProblem`).
public enum LexiconChecker {
    /// Loads the set at `directory` and checks it: the loader's structural problems, then the semantic
    /// ones. Sorted by file and line.
    /// - Parameter notes: also report notes (`LexiconDiagnostic.Severity.note`): L013 and L014.
    public static func check(directory: String, notes: Bool = false) -> [LexiconDiagnostic] {
        let result = LexiconLoader.read(directory: directory)
        var diagnostics = result.diagnostics
        if let set = result.set { diagnostics += check(set, notes: notes) }
        return sorted(diagnostics)
    }

    /// The semantic checks on an already loaded set; with `notes`, the notes too.
    public static func check(_ set: LexiconSet, normalizer: TextNormalizer = .shared(.matching), notes: Bool = false) -> [LexiconDiagnostic] {
        semanticChecks(set, normalizer: normalizer, warnings: true, notes: notes)
    }

    /// Only the semantic errors of a loaded set: what makes `LexiconSet.load` refuse a set that
    /// `lexicon check` rejects, so `tag` never codes with a code the taxonomy lacks, a second file for
    /// one code, or a term compiled to something other than what its author wrote.
    /// - Complexity: linear in the number of entries; the warnings' substring searches (L012) are skipped.
    public static func errors(in set: LexiconSet, normalizer: TextNormalizer = .shared(.matching)) -> [LexiconDiagnostic] {
        semanticChecks(set, normalizer: normalizer, warnings: false, notes: false).filter { $0.severity == .error }
    }

    static func semanticChecks(_ set: LexiconSet, normalizer: TextNormalizer, warnings: Bool, notes: Bool) -> [LexiconDiagnostic] {
        var out: [LexiconDiagnostic] = []
        func report(_ problem: LexiconProblem, _ severity: LexiconDiagnostic.Severity, _ message: String, _ location: SourceLocation?) {
            out.append(LexiconDiagnostic(problem, severity, message, at: location))
        }

        // Taxonomy ↔ files.
        var taxonomyIDs: [String: CodeDefinition] = [:]
        for code in set.taxonomy.codes {
            if let first = taxonomyIDs[code.id] {
                report(.duplicateCode, .error, "code \"\(code.id)\" is defined twice in the taxonomy (first at \(first.location?.description ?? "?"))", code.location)
            } else {
                taxonomyIDs[code.id] = code
            }
        }
        var filesByCode: [String: CodeLexicon] = [:]
        for lexicon in set.lexicons {
            let place = lexicon.file.map { SourceLocation(file: $0, line: 1) }
            if taxonomyIDs[lexicon.code] == nil {
                report(.unknownCode, .error, "code \"\(lexicon.code)\" is not in the taxonomy\(suggestion(lexicon.code, among: Array(taxonomyIDs.keys)))", place)
            }
            if let file = lexicon.file {
                let base = file.split(separator: "/").last.map(String.init) ?? file
                let stem = base.hasSuffix(".yaml") ? String(base.dropLast(5)) : base.hasSuffix(".yml") ? String(base.dropLast(4)) : base
                if stem != lexicon.code {
                    report(.taxonomyFileMismatch, .error, "file is named \"\(base)\" but declares code \"\(lexicon.code)\" (name it \(lexicon.code).yaml)", place)
                }
            }
            if let other = filesByCode[lexicon.code] {
                report(.taxonomyFileMismatch, .error, "a second file for code \"\(lexicon.code)\" (first: \(other.file ?? "?"))", place)
            } else {
                filesByCode[lexicon.code] = lexicon
            }
        }
        // An id that cannot be a code id (L104, "a/b") can have no file either: the L104 says it all.
        for code in set.taxonomy.codes where filesByCode[code.id] == nil && LexiconLimits.codeIDProblem(code.id) == nil && !codeFileExists(code.id, in: set) {
            report(.taxonomyFileMismatch, .error, "taxonomy code \"\(code.id)\" has no lexicon file (expected codes/\(code.id).yaml)", code.location)
        }

        // Per code.
        var normalizedOwners: [String: (code: String, term: Term)] = [:]
        for lexicon in set.lexicons {
            let place = lexicon.file.map { SourceLocation(file: $0, line: 1) }
            if lexicon.terms.isEmpty && lexicon.rules.isEmpty {
                report(.emptyCode, .error, "code \"\(lexicon.code)\" has no terms and no rules, so it can never be proposed", place)
            } else {
                let declared = set.taxonomy.languages
                for language in TermLanguage.allCases {
                    let has = lexicon.terms.contains { $0.language == language } || lexicon.rules.contains { $0.language == language }
                    if !has && declared.contains(language) {
                        let every = declared.count == 1 ? "the taxonomy's languages: [\(language.rawValue)]" : "every code needs both zh and en entries; a set for one language declares languages: [en] or [zh] in taxonomy.yaml"
                        report(.codeMissingLanguage, .error, "code \"\(lexicon.code)\" has no \(language.rawValue) terms or rules (\(every))", place)
                    } else if has && !declared.contains(language) && warnings && !declared.isEmpty {
                        // (No language declared is the loader's fallback after an unusable `languages`,
                        // reported there once.)
                        report(.codeMissingLanguage, .warning, "code \"\(lexicon.code)\" has \(language.rawValue) entries, but taxonomy.yaml declares languages: [\(declared.map(\.rawValue).joined(separator: ", "))] (they still match; add \(language.rawValue) to the list)", place)
                    }
                }
            }

            if warnings {
                // Chinese written in an `en:` section still matches Chinese text (the sections share one
                // automaton), but it counts toward the wrong language in L007 and `lexicon stats`, so a
                // code can look covered in Chinese while its zh section is empty. Latin in `zh:` is normal
                // (AI, GPU, AIGC), so only this direction is reported.
                let groupTerms = lexicon.rules.filter { $0.language == .en }.flatMap { $0.groups.flatMap(\.terms) }
                for term in lexicon.terms.filter({ $0.language == .en }) + groupTerms
                where term.text.unicodeScalars.contains(where: isHanScalar) {
                    report(.termInOtherLanguageSection, .warning, "\"\(term.text)\" is written in Chinese (or another CJK script) but sits in the en section of \(lexicon.code); move it to zh:", term.location)
                }
            }

            var seen: [String: Term] = [:]
            for term in lexicon.terms {
                guard let key = checkMatchable(term, normalizer: normalizer, report: report) else { continue }
                if let first = seen[key] {
                    report(.duplicateTerm, .error, "\"\(term.text)\" duplicates \"\(first.text)\" (\(first.location?.description ?? "?")) in \(lexicon.code) after normalization (\"\(key)\")", term.location)
                    continue
                }
                seen[key] = term
                // The same written term in two codes is a deliberate shared entry (one match proposes both
                // codes); a different spelling that normalizes to it usually is not.
                if let owner = normalizedOwners[key], owner.code != lexicon.code, owner.term.text != term.text {
                    // Point at the spelling that normalization changes (the Traditional 醫療, not the 医疗 it
                    // becomes), whichever file sorts first.
                    let (changed, other, otherCode) = isWrittenAsNormalized(term, key: key, normalizer: normalizer)
                        && !isWrittenAsNormalized(owner.term, key: key, normalizer: normalizer)
                        ? (owner.term, term, lexicon.code) : (term, owner.term, owner.code)
                    report(.normalizesToOtherCodeTerm, .warning, "\"\(changed.text)\" normalizes to \"\(key)\", which is \"\(other.text)\" of \(otherCode) (\(other.location?.description ?? "?")); write it the same way if both codes are meant, or drop one", changed.location)
                } else if normalizedOwners[key] == nil {
                    normalizedOwners[key] = (lexicon.code, term)
                }
            }

            var seenExclusions: [String: Term] = [:]
            for term in lexicon.exclusions {
                guard let key = checkMatchable(term, normalizer: normalizer, report: report) else { continue }
                if let first = seenExclusions[key] {
                    report(.duplicateTerm, .error, "exclusion \"\(term.text)\" duplicates \"\(first.text)\" (\(first.location?.description ?? "?"))", term.location)
                }
                seenExclusions[key] = term
                if let proposing = seen[key] {
                    report(.termAlsoExclusion, .warning, "\"\(term.text)\" is both a term (\(proposing.location?.description ?? "?")) and an exclusion of \(lexicon.code): every span it proposes is cancelled", term.location)
                } else if !key.contains(" "), !key.hasSuffix("*"),
                          let proposing = seen.first(where: { $0.key.hasSuffix("*") && key.hasPrefix($0.key.dropLast()) && !$0.key.contains(" ") })?.value {
                    // One word that a wildcard term of the code also matches ("Schools" beside "school*"):
                    // every span with that word loses the code, whatever else supports it.
                    report(.termAlsoExclusion, .warning, "exclusion \"\(term.text)\" is a word the term \"\(proposing.text)\" (\(proposing.location?.description ?? "?")) of \(lexicon.code) matches: every span with it loses the code, also where other terms support it; to keep the word from counting, make it a blocker", term.location)
                }
            }
            for term in lexicon.blockers { _ = checkMatchable(term, normalizer: normalizer, report: report) }

            // Rule ids are unique per code and language; the zh and en versions of one rule may share an id.
            var ruleIDs: [String: Rule] = [:]
            for rule in lexicon.rules {
                let ruleKey = (rule.language?.rawValue ?? "") + "/" + rule.id
                if let first = ruleIDs[ruleKey] {
                    report(.duplicateRuleID, .error, "rule id \"\(rule.id)\" is used twice in \(lexicon.code) (first at \(first.location?.description ?? "?")); evidence could not tell them apart", rule.location)
                }
                ruleIDs[ruleKey] = rule
                if rule.groups.isEmpty {
                    report(.ruleMissingGroup, .error, "rule \"\(rule.id)\" has no groups", rule.location)
                }
                if case .atLeast(let n) = rule.mode, n > rule.groups.count {
                    report(.ruleMissingGroup, .error, "rule \"\(rule.id)\" needs at least \(n) groups to match but has only \(rule.groups.count), so it can never fire", rule.location)
                }
                for group in rule.groups {
                    if group.terms.isEmpty {
                        report(.ruleMissingGroup, .error, "rule \"\(rule.id)\": group \"\(group.name)\" has no terms", rule.location)
                    }
                    var groupSeen: Set<String> = []
                    for term in group.terms {
                        guard let key = checkMatchable(term, normalizer: normalizer, report: report) else { continue }
                        if !groupSeen.insert(key).inserted {
                            report(.duplicateTerm, .error, "\"\(term.text)\" appears twice in group \"\(group.name)\" of rule \"\(rule.id)\"", term.location)
                        }
                    }
                }
            }
        }

        if warnings { out += shadowing(set, normalizer: normalizer) }
        if notes { out += hiddenEntries(set, normalizer: normalizer) }

        var blockerSeen: [String: Term] = [:]
        for term in set.blockers {
            guard let key = checkMatchable(term, normalizer: normalizer, report: report) else { continue }
            if let first = blockerSeen[key] {
                report(.duplicateTerm, .error, "blocker \"\(term.text)\" duplicates \"\(first.text)\" (\(first.location?.description ?? "?"))", term.location)
            }
            blockerSeen[key] = term
        }
        return sorted(out)
    }

    /// Whether the set's folder holds a file for `code` that did not load: its own structural errors were
    /// reported, and "has no lexicon file" would contradict them.
    static func codeFileExists(_ code: String, in set: LexiconSet) -> Bool {
        guard let directory = set.directory else { return false }
        let folder = (directory.hasSuffix("/") ? directory : directory + "/") + LexiconLoader.codesFolder + "/"
        return ["yaml", "yml"].contains { FileManager.default.fileExists(atPath: folder + code + "." + $0) }
    }

    /// Whether a term is written as normalization leaves it (up to case and the wildcard).
    static func isWrittenAsNormalized(_ term: Term, key: String, normalizer: TextNormalizer) -> Bool {
        let written = term.isPrefix ? String(term.text.dropLast()) : term.text
        return written.lowercased() == key
    }

    /// L012: a blocker or exclusion written in one code's file suppresses every shorter match inside it,
    /// of any code. When it contains another code's term, that term can never fire there, which is
    /// rarely what the author of the first file meant (a blocker "red-team testing" in the evaluations
    /// file would silence adversarial testing's "red-team*"). Set-wide blockers are meant to be global
    /// and are not reported.
    static func shadowing(_ set: LexiconSet, normalizer: TextNormalizer) -> [LexiconDiagnostic] {
        struct Entry { var key: String; var prefix: Bool; var term: Term; var code: String }
        func entries(_ terms: [Term], _ code: String) -> [Entry] {
            terms.compactMap { term in
                matchKey(term, normalizer: normalizer).map { Entry(key: $0, prefix: term.isPrefix, term: term, code: code) }
            }
        }
        var proposing: [Entry] = []
        var silencing: [Entry] = []
        for lexicon in set.lexicons {
            proposing += entries(lexicon.terms + lexicon.rules.flatMap { $0.groups.flatMap(\.terms) }, lexicon.code)
            silencing += entries(lexicon.blockers + lexicon.exclusions, lexicon.code)
        }
        // Indexes keep this linear in the number of terms (a lexicon may have a million): a term can only
        // be inside a blocker when its key is a substring of the blocker's key.
        var proposingByKey: [String: [Int]] = [:]
        for (index, entry) in proposing.enumerated() { proposingByKey[entry.key, default: []].append(index) }
        let proposingCodeKeys = Set(proposing.map { $0.code + "\u{0}" + $0.key })
        let silencingCodeKeys = Set(silencing.map { $0.code + "\u{0}" + $0.key })
        var out: [LexiconDiagnostic] = []
        for outer in silencing {
            var reported: Set<String> = []
            let candidates = indices(ofSubstringsOf: outer.key, in: proposingByKey)
            for inner in candidates.sorted().map({ proposing[$0] })
            where inner.code != outer.code && inner.key != outer.key && !reported.contains(inner.code + inner.key) {
                guard contains(outer.key, inner.key, innerIsPrefix: inner.prefix) else { continue }
                // A term of the same spelling in the inner code keeps the match alive (same range); the
                // same blocker or exclusion in the inner code means its author wants it there too.
                if proposingCodeKeys.contains(inner.code + "\u{0}" + outer.key) { continue }
                if silencingCodeKeys.contains(inner.code + "\u{0}" + outer.key) { continue }
                reported.insert(inner.code + inner.key)
                out.append(LexiconDiagnostic(
                    .shadowedByOtherCode, .warning,
                    "\"\(outer.term.text)\" of \(outer.code) silences \"\(inner.term.text)\" of \(inner.code) (\(inner.term.location?.description ?? "?")) inside it; if meant for every code, move it to blockers.yaml",
                    at: outer.term.location
                ))
            }
        }
        return out
    }

    /// L013 and L014, the notes on matches that other entries' longer phrases hide.
    ///
    /// A match strictly inside a longer match of any entry is suppressed, and that includes rule-group
    /// terms. **L013:** one rule's group term inside another rule's longer group term. So a rule that
    /// lists `assess*` does not see "an assessment of the risks" once any other rule lists `assessment
    /// of`, and one that lists `AI` does not see the AI of "AI systems" once another lists `AI system*`;
    /// the rule that should see such a phrase lists it too. **L014:** a code's plain term inside another
    /// code's longer group term: risk.bias's `公平` did not fire inside evaluations' `公平性评估` once that
    /// rule's group listed `公平性` (stop 30); the code that should see the phrase lists it as a term.
    /// Many such pairs are harmless (the phrase means something else, or shields on purpose:
    /// `training data selection` keeps input controls off a bias duty), so these are notes, one per
    /// hidden entry, with the phrases that hide it. Phrases that are also terms, exclusions or blockers
    /// are left out: those claim their text by design (`风险评估` keeps `评估` from evaluations), and L012
    /// reports the blockers.
    static func hiddenEntries(_ set: LexiconSet, normalizer: TextNormalizer) -> [LexiconDiagnostic] {
        let entries = Hiding.entries(of: set, normalizer: normalizer)
        // L013 compares each rule group with the others, L014 each code's terms with other codes' groups.
        let groupTerms = Hiding.hidden(entries.groupTerms, by: entries.groupTerms, claimed: entries.claimed, owner: { AnyHashable($0.group) })
        // A term's owner is its code, a group term's its rule: so the code's own rules hide its terms too
        // (歧视性 in risk.bias's rule hides risk.bias's 歧视 where the rule does not fire).
        let terms = Hiding.hidden(entries.terms, by: entries.groupTerms, claimed: entries.claimed,
                                  owner: { $0.rule.isEmpty ? AnyHashable($0.code) : AnyHashable([$0.code, $0.rule]) })
        return groupTerms.map { inner, outers in
            LexiconDiagnostic(
                .groupTermHidden, .note,
                "\"\(inner.term.text)\" of rule \(inner.rule) (\(inner.code)) does not fire inside \(Hiding.describe(outers)): a longer group term hides it wherever that phrase occurs; list the phrase in this group if the rule should see it",
                at: inner.term.location)
        } + terms.map { inner, outers in
            let whose = outers.allSatisfy { $0.code == inner.code }
                ? "a longer group term of the code's own rule hides it wherever that phrase occurs, and the code has it there only when the rule fires"
                : outers.allSatisfy { $0.code != inner.code } ? "another code's longer group term hides it wherever that phrase occurs"
                : "longer group terms hide it wherever those phrases occur"
            return LexiconDiagnostic(
                .termHiddenByGroupTerm, .note,
                "\"\(inner.term.text)\" (\(inner.code)) does not fire inside \(Hiding.describe(outers)): \(whose); add the phrase to \(inner.code)'s terms if the code should see it",
                at: inner.term.location)
        }
    }

    /// What L013 and L014 share: the entries a set's matches can hide, and the search for the longer
    /// phrases that hide them.
    enum Hiding {
        /// A term, rule-group term or not, with its normalized key and whose it is (`rule` and `group`
        /// only for group terms).
        struct Entry { var key: String; var prefix: Bool; var term: Term; var code: String; var rule: String; var group: Int }

        /// The set's plain terms and rule-group terms, and the keys that terms, exclusions and blockers
        /// claim: a phrase that is also one of those claims its text by design and hides nothing worth a note.
        static func entries(of set: LexiconSet, normalizer: TextNormalizer) -> (terms: [Entry], groupTerms: [Entry], claimed: Set<String>) {
            var terms: [Entry] = [], groupTerms: [Entry] = []
            var claimed: Set<String> = []
            func key(_ term: Term) -> String? { matchKey(term, normalizer: normalizer) }
            for term in set.blockers { if let key = key(term) { claimed.insert(key) } }
            var groupCount = 0
            for lexicon in set.lexicons {
                for term in lexicon.exclusions + lexicon.blockers { if let key = key(term) { claimed.insert(key) } }
                for term in lexicon.terms {
                    guard let key = key(term) else { continue }
                    claimed.insert(key)
                    terms.append(Entry(key: key, prefix: term.isPrefix, term: term, code: lexicon.code, rule: "", group: -1))
                }
                for rule in lexicon.rules {
                    for group in rule.groups {
                        for term in group.terms {
                            if let key = key(term) {
                                groupTerms.append(Entry(key: key, prefix: term.isPrefix, term: term, code: lexicon.code, rule: rule.id, group: groupCount))
                            }
                        }
                        groupCount += 1
                    }
                }
            }
            return (terms, groupTerms, claimed)
        }

        /// Each entry of `inner` that an unclaimed entry of `outer` with another `owner` hides (it matches
        /// strictly inside the outer phrase, at word edges), unless an entry of `inner` with the same owner
        /// matches the whole phrase; with the hiding entries, one per phrase, in the order of `inner`.
        /// - Complexity: O(Σ k²) substring lookups for outer keys of k scalars, not a comparison of every pair.
        static func hidden(
            _ inner: [Entry], by outer: [Entry], claimed: Set<String>, owner: (Entry) -> AnyHashable
        ) -> [(inner: Entry, outers: [Entry])] {
            var byKey: [String: [Int]] = [:]
            var byOwner: [AnyHashable: [Int]] = [:]
            for (index, entry) in inner.enumerated() {
                byKey[entry.key, default: []].append(index)
                byOwner[owner(entry), default: []].append(index)
            }
            // Whether one of the owner's own entries matches the whole phrase, so the owner sees it.
            func ownerSees(_ entry: Entry, _ phrase: String) -> Bool {
                byOwner[owner(entry), default: []].contains { matchesWhole(inner[$0], phrase) }
            }
            var hiders: [Int: [Int]] = [:]
            for (o, phrase) in outer.enumerated() where !claimed.contains(phrase.key) {
                for i in indices(ofSubstringsOf: phrase.key, in: byKey).sorted() where owner(inner[i]) != owner(phrase) {
                    guard contains(phrase.key, inner[i].key, innerIsPrefix: inner[i].prefix), !ownerSees(inner[i], phrase.key) else { continue }
                    if !(hiders[i]?.contains { outer[$0].key == phrase.key } ?? false) { hiders[i, default: []].append(o) }
                }
            }
            return hiders.keys.sorted().map { (inner[$0], hiders[$0]!.map { outer[$0] }) }
        }

        /// Whether `entry` matches the whole of `phrase` (itself, or its stem completed by one Latin word).
        static func matchesWhole(_ entry: Entry, _ phrase: String) -> Bool {
            if entry.key == phrase { return true }
            guard entry.prefix, phrase.hasPrefix(entry.key) else { return false }
            return phrase.unicodeScalars.dropFirst(entry.key.unicodeScalars.count).allSatisfy(isLatinWordScalar)
        }

        /// The hiding phrases for a note: the first four with their rules and places, then how many more.
        static func describe(_ outers: [Entry]) -> String {
            let shown = outers.prefix(4).map { "\"\($0.term.text)\" (rule \($0.rule) of \($0.code), \($0.term.location?.description ?? "?"))" }
            return shown.joined(separator: ", ") + (outers.count > 4 ? " and \(outers.count - 4) more" : "")
        }
    }

    /// The normalized text `term` matches (its stem), or nil for a term no text matches (a misplaced
    /// `*`, nothing but white space left after normalization, white space at an edge; L005 reports
    /// those): what L012, L013 and L014 compare. A term of spaces normalizes to " ", which is inside
    /// every phrase of two words: compared, it drew one L012 warning per such blocker.
    static func matchKey(_ term: Term, normalizer: TextNormalizer) -> String? {
        guard !term.stem.contains("*") else { return nil }
        let key = normalizer.normalize(term: term.stem)
        guard let first = key.first, let last = key.last, first != " ", last != " " else { return nil }
        return key
    }

    /// The entries of `index` (normalized key → entry indices) whose key is a substring of `key`: the
    /// only candidates for an entry inside it, found without comparing every pair of entries.
    static func indices(ofSubstringsOf key: String, in index: [String: [Int]]) -> Set<Int> {
        let scalars = Array(key.unicodeScalars)
        var found: Set<Int> = []
        for start in scalars.indices {
            for end in (start + 1)...scalars.count {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[start..<end])
                if let hits = index[String(view)] { found.formUnion(hits) }
            }
        }
        return found
    }

    /// Whether `inner` can match strictly inside `outer` (both normalized), respecting Latin word edges.
    static func contains(_ outer: String, _ inner: String, innerIsPrefix: Bool) -> Bool {
        let o = Array(outer.unicodeScalars), i = Array(inner.unicodeScalars)
        guard i.count < o.count || innerIsPrefix, i.count <= o.count else { return false }
        var start = 0
        while start + i.count <= o.count {
            if Array(o[start..<(start + i.count)]) == i {
                let end = start + i.count
                let leftOK = !isLatinWordScalar(i[0]) || start == 0 || !isLatinWordScalar(o[start - 1])
                let rightOK = innerIsPrefix || !isLatinWordScalar(i[i.count - 1]) || end == o.count || !isLatinWordScalar(o[end])
                if leftOK && rightOK {
                    var matchEnd = end
                    if innerIsPrefix { while matchEnd < o.count && isLatinWordScalar(o[matchEnd]) { matchEnd += 1 } }
                    if matchEnd - start < o.count { return true }
                }
            }
            start += 1
        }
        return false
    }

    /// Reports L005 when no text could ever match `term`; returns its normalized key otherwise.
    static func checkMatchable(
        _ term: Term, normalizer: TextNormalizer,
        report: (LexiconProblem, LexiconDiagnostic.Severity, String, SourceLocation?) -> Void
    ) -> String? {
        let stem = term.stem
        if stem.contains("*") {
            report(.unmatchableTerm, .error, "\"\(term.text)\": a wildcard is allowed only once, at the end of a term", term.location)
            return nil
        }
        let normalized = normalizer.normalize(term: stem)
        if normalized.allSatisfy({ $0 == " " }) {
            report(.unmatchableTerm, .error, "\"\(term.text)\" normalizes to nothing, so it can match no text", term.location)
            return nil
        }
        // A stem normalization leaves as it is cannot change again: only changed ones need a second pass.
        if normalized != stem, normalizer.normalize(term: normalized) != normalized {
            report(.unmatchableTerm, .error, "\"\(term.text)\" normalizes to \"\(normalized)\", which a document normalizes further, so no document can contain it", term.location)
            return nil
        }
        if normalized.first == " " || normalized.last == " " {
            let text = stem.unicodeScalars
            if let first = text.first, let last = text.last, first.properties.isWhitespace || last.properties.isWhitespace {
                report(.unmatchableTerm, .error, "\"\(term.text)\" starts or ends with white space; terms match at word edges, so trim it", term.location)
            } else {
                // "bias²": the character is no part of a word to the matcher (it normalizes to a space).
                report(.unmatchableTerm, .error, "\"\(term.text)\" normalizes to \"\(normalized)\": its first or last character is punctuation or a symbol to the matcher, not part of a word, and terms match at word edges; drop it", term.location)
            }
            return nil
        }
        // "、" or "——": matches every enumeration or dash, which is no evidence of any code.
        if !normalized.unicodeScalars.contains(where: { isLatinWordScalar($0) || isHanScalar($0) }) {
            report(.termWithoutWordCharacters, .error, "\"\(term.text)\" has no letter, digit or Chinese character: it would match that punctuation wherever it occurs; drop it", term.location)
            return nil
        }
        // "[用户、消费者]" is one YAML item: flow lists split only at ASCII commas. A phrase meant as one
        // (真实、准确、完整) says so in its note.
        let scalars = Array(stem.unicodeScalars)
        if term.note == nil, let mark = scalars.indices.dropFirst().dropLast().first(where: { i in
            listSeparators.contains(scalars[i]) && (isHanScalar(scalars[i - 1]) || isLatinWordScalar(scalars[i - 1]))
                && (isHanScalar(scalars[i + 1]) || isLatinWordScalar(scalars[i + 1]))
                && (scalars[i] != "," || isHanScalar(scalars[i - 1]) || isHanScalar(scalars[i + 1]))
        }) {
            let parts = stem.split(whereSeparator: { $0.unicodeScalars.count == 1 && listSeparators.contains($0.unicodeScalars.first!) }).map(String.init)
            report(.listPunctuationInTerm, .warning, "\"\(term.text)\" is one term with \"\(scalars[mark])\" inside: a YAML list separates its items with ASCII commas ([\(parts.joined(separator: ", "))]) or one \"- \" line each; if it is one phrase, say so in a note: {term: \(term.text), note: …}", term.location)
        }
        if term.isPrefix, let last = normalized.unicodeScalars.last, !isLatinWordScalar(last) {
            let why = isHanScalar(last)
                ? "Chinese characters match as sequences and have no word to complete: drop the *"
                : "a wildcard completes a Latin word, but the stem ends in \"\(last)\""
            report(.unmatchableTerm, .error, "\"\(term.text)\": \(why)", term.location)
            return nil
        }
        return term.isPrefix ? normalized + "*" : normalized
    }

    /// Chinese list punctuation (、，；), and the ASCII comma between Chinese characters: inside one
    /// term they are most likely items of a list typed with the wrong separator.
    static let listSeparators: Set<Unicode.Scalar> = ["、", "，", "；", ","]

    /// Letters, digits and marks outside the Han/kana/Hangul blocks: the characters that make up a word
    /// whose edges the matcher checks.
    static func isLatinWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if isHanScalar(scalar) { return false }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
    }

    static func isHanScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x2FDF, 0x3005...0x3007, 0x3021...0x3029, 0x3038...0x303B, 0x3040...0x30FF, 0x3100...0x312F,
             0x31A0...0x31BF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }

    static func suggestion(_ id: String, among ids: [String]) -> String {
        let close = ids.filter { $0.hasSuffix(id.split(separator: ".").last.map { "." + $0 } ?? id) || id.hasSuffix($0) }
        return close.isEmpty ? "" : " (did you mean \(close.sorted().joined(separator: " or "))?)"
    }

    static func sorted(_ diagnostics: [LexiconDiagnostic]) -> [LexiconDiagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let la = a.element.location, lb = b.element.location
            if (la?.file ?? "") != (lb?.file ?? "") { return (la?.file ?? "") < (lb?.file ?? "") }
            if (la?.line ?? 0) != (lb?.line ?? 0) { return (la?.line ?? 0) < (lb?.line ?? 0) }
            return a.offset < b.offset
        }.map(\.element)
    }
}
