import SpanCoderCore
import SpanCoderLexicon
import SpanCoderMatching
import SpanCoderText

/// One document normalized and scanned once: the accepted matches with their original byte and code
/// point ranges, sorted by start, ready to be handed out to spans.
struct DocumentScan {
    let bytes: [UInt8]
    let index: OffsetIndex
    let normalized: NormalizedText
    /// Accepted matches, sorted by start (normalized and therefore also original).
    let matches: [TermMatch]
    let originalRanges: [Range<Int>]
    let codePointRanges: [TextRange]
    /// Word ordinals of each match's first and last character (only for matches a word-window rule
    /// needs; 0 otherwise).
    let firstWord: [Int]
    let lastWord: [Int]

    /// Scans `text`; `spans` (original UTF-8 byte ranges, clamped to the text) are hard boundaries: a
    /// match that no span contains is dropped before containment is decided.
    init(lexicon: CompiledLexicon, text: String, spans: [Range<Int>]) {
        var text = text
        let bytes = text.withUTF8 { Array($0) }
        self.bytes = bytes
        self.index = OffsetIndex(utf8: bytes)
        let normalized = bytes.withUnsafeBufferPointer { lexicon.normalizer.normalize(utf8: $0) }
        self.normalized = normalized
        // Spans sorted by start, with the furthest end reached by any span starting at or before each.
        let sorted = spans.map { DocumentScan.clamp($0, count: bytes.count) }.sorted { $0.lowerBound < $1.lowerBound }
        var furthest: [Int] = []
        furthest.reserveCapacity(sorted.count)
        for span in sorted { furthest.append(max(furthest.last ?? 0, span.upperBound)) }
        let matches = lexicon.matcher.matches(in: normalized) { match in
            let range = normalized.originalUTF8Range(ofNormalized: match.range)
            var low = 0
            var high = sorted.count
            while low < high {
                let mid = (low + high) / 2
                if sorted[mid].lowerBound <= range.lowerBound { low = mid + 1 } else { high = mid }
            }
            return low > 0 && furthest[low - 1] >= range.upperBound && furthest[low - 1] > range.lowerBound
        }
        self.matches = matches
        var originalRanges: [Range<Int>] = []
        var codePointRanges: [TextRange] = []
        originalRanges.reserveCapacity(matches.count)
        codePointRanges.reserveCapacity(matches.count)
        for match in matches {
            let range = normalized.originalUTF8Range(ofNormalized: match.range)
            originalRanges.append(range)
            codePointRanges.append(TextRange(start: index.codePointOffset(utf8: range.lowerBound), end: index.codePointOffset(utf8: range.upperBound)))
        }
        self.originalRanges = originalRanges
        self.codePointRanges = codePointRanges

        var firstWord = [Int](repeating: 0, count: matches.count)
        var lastWord = [Int](repeating: 0, count: matches.count)
        if lexicon.hasWordWindows {
            var needed: [(position: Int, match: Int, isLast: Bool)] = []
            for (m, match) in matches.enumerated() where DocumentScan.needsWords(lexicon, pattern: match.pattern) {
                needed.append((match.range.lowerBound, m, false))
                var last = match.range.upperBound - 1
                while last > match.range.lowerBound && normalized.utf8[last] & 0xC0 == 0x80 { last -= 1 }
                needed.append((last, m, true))
            }
            if !needed.isEmpty {
                needed.sort { $0.position < $1.position }
                let ordinals = normalized.utf8.withUnsafeBufferPointer { WordCounter.ordinals(at: needed.map(\.position), in: $0) }
                for (k, item) in needed.enumerated() {
                    if item.isLast { lastWord[item.match] = ordinals[k] } else { firstWord[item.match] = ordinals[k] }
                }
            }
        }
        self.firstWord = firstWord
        self.lastWord = lastWord
    }

    private static func needsWords(_ lexicon: CompiledLexicon, pattern: Int) -> Bool {
        lexicon.entries(ofPattern: pattern).contains { e in
            let entry = lexicon.entries[e]
            guard entry.role == .ruleTerm else { return false }
            if case .words = lexicon.rules[entry.ruleIndex].window { return true }
            return false
        }
    }

    func clamp(_ span: Range<Int>) -> Range<Int> { DocumentScan.clamp(span, count: bytes.count) }

    static func clamp(_ span: Range<Int>, count: Int) -> Range<Int> {
        let low = min(max(0, span.lowerBound), count)
        let high = min(max(low, span.upperBound), count)
        return low..<high
    }

    /// Indices of the matches that start inside `span` (original bytes).
    func matches(in span: Range<Int>) -> Range<Int> {
        let first = lowerBound(span.lowerBound)
        var end = first
        while end < originalRanges.count && originalRanges[end].lowerBound < span.upperBound { end += 1 }
        return first..<end
    }

    private func lowerBound(_ position: Int) -> Int {
        var low = 0
        var high = originalRanges.count
        while low < high {
            let mid = (low + high) / 2
            if originalRanges[mid].lowerBound < position { low = mid + 1 } else { high = mid }
        }
        return low
    }

    func codePointRange(_ span: Range<Int>) -> TextRange {
        TextRange(start: index.codePointOffset(utf8: span.lowerBound), end: index.codePointOffset(utf8: span.upperBound))
    }

    func text(_ span: Range<Int>) -> String {
        String(decoding: bytes[span], as: UTF8.self)
    }

    /// A match's position for a rule window: code points (start, end) or word ordinals (first, last).
    func windowCoordinates(match m: Int, window: RuleWindow) -> (Int, Int) {
        switch window {
        case .span: return (0, 0)
        case .characters: return (codePointRanges[m].start, codePointRanges[m].end)
        case .words: return (firstWord[m], lastWord[m])
        }
    }
}

/// Counts words in normalized UTF-8 the way word windows do: a run of word characters (Latin, Greek,
/// Cyrillic letters, digits) is one word; each Han character (and kana, Hangul syllable) is one word;
/// everything else separates words.
enum WordCounter {
    /// The ordinal of the word containing the character at each of `positions` (sorted ascending; the
    /// previous word's ordinal for a separator; 0 before the first word).
    static func ordinals(at positions: [Int], in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(positions.count)
        var started = 0  // words started at positions before `i`
        var inRun = false
        var i = 0
        var next = 0
        while next < positions.count {
            // Account for the character at i (if it starts a word) before answering queries at i.
            if i >= bytes.count {
                while next < positions.count { result.append(max(0, started - 1)); next += 1 }
                break
            }
            let byte = bytes[i]
            if byte < 0x80 {
                // ASCII fast path: policy text is mostly ASCII or Han.
                if WordCharacters.isASCIIWord(byte) {
                    if !inRun { started += 1 }
                    inRun = true
                } else {
                    inRun = false
                }
                while next < positions.count && positions[next] <= i {
                    result.append(max(0, started - 1))
                    next += 1
                }
                i += 1
                continue
            }
            let (value, length) = WordCharacters.decode(bytes, at: i)
            if WordCharacters.isSingleCharacterWord(value) {
                started += 1
                inRun = false
            } else if WordCharacters.isWord(value) {
                if !inRun { started += 1 }
                inRun = true
            } else {
                inRun = false
            }
            while next < positions.count && positions[next] < i + length {
                result.append(max(0, started - 1))
                next += 1
            }
            i += length
        }
        return result
    }
}
