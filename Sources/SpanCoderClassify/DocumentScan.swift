import SpanCoderCore
import SpanCoderLexicon
import SpanCoderMatching
import SpanCoderText

/// One document normalized and scanned once: the accepted matches with their original byte and code
/// point ranges, sorted by start, ready to be handed out to spans.
///
/// A class, not a struct: the classifier hands it to a function per span and code, and copying a
/// struct of nine arrays retains and releases each of them every time.
final class DocumentScan {
    /// The document's text, made contiguous: its UTF-8 is read in place, never copied.
    let text: String
    /// UTF-8 length of `text`.
    let byteCount: Int
    /// The spans the scan was made for, clamped to the text, in the caller's order.
    let spans: [Range<Int>]
    /// Code point ranges of `spans`, in the same order.
    let spanCodePoints: [TextRange]
    let normalized: NormalizedText
    /// Accepted matches, sorted by start (normalized and therefore also original).
    let matches: [TermMatch]
    let originalRanges: [Range<Int>]
    let codePointRanges: [TextRange]
    /// Code point offsets of the text's UTF-8 offsets (see `codePointOffset(ofUTF8:)`).
    private let codePoints: CodePointBlocks
    /// The sentences of the text (UTF-8 byte ranges, sorted, not overlapping) when the spans are larger
    /// than sentences: an exclusion then cancels its code in its own sentence, not in the whole span
    /// (`Classifier.narrowExclusions`). Nil: an exclusion cancels its code in the span.
    let exclusionScopes: [Range<Int>]?

    /// Scans `text`; `spans` (original UTF-8 byte ranges, clamped to the text) are hard boundaries: a
    /// match that no span contains is dropped before containment is decided.
    convenience init(lexicon: CompiledLexicon, text: String, spans: [Range<Int>], exclusionScopes: [Range<Int>]? = nil) {
        var text = text
        text.makeContiguousUTF8()
        let normalized = text.withUTF8 { lexicon.normalizer.normalize(utf8: $0) }
        self.init(lexicon: lexicon, text: text, normalized: normalized, spans: spans, exclusionScopes: exclusionScopes)
    }

    /// `init(lexicon:text:spans:)` with `text` already normalized by `lexicon.normalizer`.
    convenience init(lexicon: CompiledLexicon, text: String, normalized: NormalizedText, spans: [Range<Int>],
                     exclusionScopes: [Range<Int>]? = nil) {
        self.init(lexicon: lexicon, text: text, normalized: normalized, spans: spans,
                  found: lexicon.matcher.edgeCheckedMatches(in: normalized), exclusionScopes: exclusionScopes)
    }

    /// `init(lexicon:text:normalized:spans:)` with the normalized text's edge-checked matches found
    /// already (`TermMatcher.edgeCheckedMatches`): several documents' are found in one batch.
    init(lexicon: CompiledLexicon, text: String, normalized: NormalizedText, spans: [Range<Int>], found: [TermMatch],
         exclusionScopes: [Range<Int>]? = nil) {
        self.exclusionScopes = exclusionScopes
        var text = text
        text.makeContiguousUTF8()
        let byteCount = text.utf8.count
        self.text = text
        self.byteCount = byteCount
        self.normalized = normalized
        // A corpus of sentences makes a scan per sentence, of one span and a few matches: the arrays
        // below are made only when they differ from one already at hand.
        let inText = spans.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= byteCount }
        let clamped = inText ? spans : spans.map { DocumentScan.clamp($0, count: byteCount) }
        self.spans = clamped
        // Spans sorted by start, with the furthest end reached by any span starting at or before each:
        // for spans whose ends do not decrease either (the segmenter's), each span's own end.
        var sorted = clamped
        if !DocumentScan.isNonDecreasing(sorted, \.lowerBound) { sorted.sort { $0.lowerBound < $1.lowerBound } }
        var furthest: [Int] = []
        if !DocumentScan.isNonDecreasing(sorted, \.upperBound) {
            furthest.reserveCapacity(sorted.count)
            for span in sorted { furthest.append(max(furthest.last ?? 0, span.upperBound)) }
        }
        let ownEnds = furthest.isEmpty

        // Edge-checked matches, mapped to the original text once, filtered by the spans, then
        // containment among the survivors. Matches come in order of their end, so their starts are
        // near each other: both searches walk from where the previous match was found.
        var inSpans = found
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(found.count)
        var regionHint = 0
        var spanHint = 0
        var kept = 0
        for (k, match) in found.enumerated() {
            let range = normalized.originalUTF8Range(ofNormalized: match.range, hint: &regionHint)
            let low = DocumentScan.spansStarting(atOrBefore: range.lowerBound, in: sorted, hint: &spanHint)
            guard low > 0 else { continue }
            let reach = ownEnds ? sorted[low - 1].upperBound : furthest[low - 1]
            if reach >= range.upperBound && reach > range.lowerBound {
                if kept < k { inSpans[kept] = match }
                ranges.append(range)
                kept += 1
            }
        }
        if kept < inSpans.count { inSpans.removeLast(inSpans.count - kept) }
        let uncontained = lexicon.matcher.uncontained(inSpans)
        if uncontained.elementsEqual(inSpans.indices) {
            self.matches = inSpans
            self.originalRanges = ranges
        } else {
            var keptMatches: [TermMatch] = []
            var originalRanges: [Range<Int>] = []
            keptMatches.reserveCapacity(uncontained.count)
            originalRanges.reserveCapacity(uncontained.count)
            for k in uncontained {
                keptMatches.append(inSpans[k])
                originalRanges.append(ranges[k])
            }
            self.matches = keptMatches
            self.originalRanges = originalRanges
        }

        // Code point offsets of every match end and span bound from one pass over the bytes.
        let blocks = text.withUTF8 { CodePointBlocks(utf8: $0) }
        codePoints = blocks
        var codePointRanges: [TextRange] = []
        codePointRanges.reserveCapacity(self.originalRanges.count)
        for range in self.originalRanges {
            codePointRanges.append(TextRange(start: blocks.offset(range.lowerBound), end: blocks.offset(range.upperBound)))
        }
        self.codePointRanges = codePointRanges
        self.spanCodePoints = clamped.map { TextRange(start: blocks.offset($0.lowerBound), end: blocks.offset($0.upperBound)) }
    }

    /// The range of `sorted` (by start, not overlapping) that contains `position`, if any.
    /// - Complexity: O(log n).
    static func range(containing position: Int, in sorted: [Range<Int>]) -> Range<Int>? {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle].lowerBound <= position { low = middle + 1 } else { high = middle }
        }
        guard low > 0, sorted[low - 1].contains(position) else { return nil }
        return sorted[low - 1]
    }

    /// Whether `bound` of `spans` never decreases from one span to the next.
    @inline(__always)
    static func isNonDecreasing(_ spans: [Range<Int>], _ bound: (Range<Int>) -> Int) -> Bool {
        var k = 1
        while k < spans.count {
            if bound(spans[k]) < bound(spans[k - 1]) { return false }
            k += 1
        }
        return true
    }

    /// The number of spans of `sorted` (by start) that start at or before `position`, searched from
    /// `hint` (the previous answer) with a short walk, then a binary search.
    static func spansStarting(atOrBefore position: Int, in sorted: [Range<Int>], hint: inout Int) -> Int {
        var low = min(max(hint, 0), sorted.count)
        var steps = 0
        while low < sorted.count && sorted[low].lowerBound <= position && steps < 8 { low += 1; steps += 1 }
        while low > 0 && sorted[low - 1].lowerBound > position && steps < 8 { low -= 1; steps += 1 }
        let settled = (low == sorted.count || sorted[low].lowerBound > position) && (low == 0 || sorted[low - 1].lowerBound <= position)
        if !settled {
            var high = sorted.count
            low = 0
            while low < high {
                let mid = (low + high) / 2
                if sorted[mid].lowerBound <= position { low = mid + 1 } else { high = mid }
            }
        }
        hint = low
        return low
    }

    /// Code point offsets of UTF-8 byte offsets `positions` (any order, each on a code point
    /// boundary), in the same order (see `CodePointBlocks`).
    ///
    /// - Complexity: O(n + k) for n bytes and k positions.
    static func codePointOffsets(of positions: [Int], in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        let blocks = CodePointBlocks(utf8: bytes)
        return positions.map { blocks.offset($0) }
    }

    /// Per 64-byte block of a text's UTF-8: the code points before the block and a bit mask of the
    /// bytes that start a code point, so that a byte offset's code point offset is its block's count
    /// plus the bits below it in the mask: constant time, no loop and no call per position (the
    /// positions are every match's start and end, hundreds of thousands per 10 MB).
    struct CodePointBlocks {
        /// Per block, two words: the code points before the block, and the mask of the bytes in it
        /// that start a code point. One array, not two: documents of a sentence or a paragraph make one
        /// of these each, and an allocation is a good part of their cost.
        private var blocks: [UInt64]

        /// - Complexity: O(n) for n bytes.
        init(utf8 bytes: UnsafeBufferPointer<UInt8>) {
            let count = bytes.count
            let blockCount = count / 64 + 1
            blocks = [UInt64](unsafeUninitializedCapacity: 2 * blockCount) { blocks, initialized in
                var total: UInt64 = 0
                for block in 0..<blockCount {
                    let blockStart = block * 64
                    var mask: UInt64 = 0
                    if blockStart + 64 <= count {
                        for lane in 0..<8 {
                            let word = UnsafeRawPointer(bytes.baseAddress! + blockStart + 8 * lane).loadUnaligned(as: UInt64.self)
                            mask |= UTF8CodePoints.startBits(word) << UInt64(8 * lane)
                        }
                    } else if blockStart < count {
                        // The last, partial block: its bytes copied into zeroed words and read eight at
                        // a time like the others. The zeros count as starts, but no position past the
                        // end is asked for, and no block comes after this one.
                        var tail: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
                        withUnsafeMutableBytes(of: &tail) { tail in
                            tail.copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[blockStart..<count]))
                            for lane in 0..<8 {
                                mask |= UTF8CodePoints.startBits(tail.load(fromByteOffset: 8 * lane, as: UInt64.self)) << UInt64(8 * lane)
                            }
                        }
                    }
                    blocks[2 * block] = total
                    blocks[2 * block + 1] = mask
                    total &+= UInt64(bitCount(mask))
                }
                initialized = 2 * blockCount
            }
        }

        /// The code point offset of UTF-8 offset `position` (on a code point boundary, at most the
        /// text's length).
        @inline(__always)
        func offset(_ position: Int) -> Int { DocumentScan.bitsBelow(position, in: blocks) }
    }

    /// The bits set below `offset` in `blocks`: per 64 offsets a block of two words, the bits set before
    /// the block and the block's own bits (the layout of `CodePointBlocks` and `WordStarts`). The block
    /// of `offset` must exist.
    @inline(__always)
    static func bitsBelow(_ offset: Int, in blocks: [UInt64]) -> Int {
        let block = offset >> 6
        return Int(blocks[2 * block]) + bitCount(blocks[2 * block + 1] & ((1 << UInt64(offset & 63)) &- 1))
    }

    /// Set bits of `value`, by SWAR arithmetic: Swift's default x86-64 target has no POPCNT.
    @inline(__always)
    static func bitCount(_ value: UInt64) -> Int {
        var x = value &- ((value >> 1) & 0x5555_5555_5555_5555)
        x = (x & 0x3333_3333_3333_3333) &+ ((x >> 2) & 0x3333_3333_3333_3333)
        x = (x &+ (x >> 4)) & 0x0F0F_0F0F_0F0F_0F0F
        return Int(truncatingIfNeeded: (x &* 0x0101_0101_0101_0101) >> 56)
    }

    /// The code point offset of UTF-8 offset `position` of the text (on a code point boundary, at most
    /// `byteCount`).
    func codePointOffset(ofUTF8 position: Int) -> Int { codePoints.offset(position) }

    func clamp(_ span: Range<Int>) -> Range<Int> { DocumentScan.clamp(span, count: byteCount) }

    static func clamp(_ span: Range<Int>, count: Int) -> Range<Int> {
        let low = min(max(0, span.lowerBound), count)
        let high = min(max(low, span.upperBound), count)
        return low..<high
    }

    /// Indices of the matches that start inside `span` (original bytes). `hint` is where the previous
    /// call's range ended: spans come in text order, so the next span's matches start there or a few
    /// matches later, and a short walk replaces the binary search.
    func matches(in span: Range<Int>, hint: inout Int) -> Range<Int> {
        var first = min(max(hint, 0), originalRanges.count)
        if first > 0 && originalRanges[first - 1].lowerBound >= span.lowerBound {
            first = lowerBound(span.lowerBound)
        } else {
            var steps = 0
            while first < originalRanges.count && originalRanges[first].lowerBound < span.lowerBound {
                first += 1
                steps += 1
                if steps == 16 { first = lowerBound(span.lowerBound); break }
            }
        }
        var end = first
        while end < originalRanges.count && originalRanges[end].lowerBound < span.upperBound { end += 1 }
        hint = end
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

    /// Calls `body` with the text's UTF-8 (no copy for a native string).
    func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        text.utf8.withContiguousStorageIfAvailable(body) ?? Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// The original text of `span` (UTF-8 byte offsets on code point boundaries). Sliced through the
    /// string's own indices, so the bytes are copied without being validated again.
    func text(_ span: Range<Int>) -> String {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: span.lowerBound)
        let end = utf8.index(start, offsetBy: span.count)
        return String(text[start..<end])
    }

    /// Word ordinals (first word, last word: that of the match's first and last character) of the
    /// matches `matchIndices` (any order, repeats allowed), into `first[m − base]` and `last[m − base]`
    /// for each match m, counted from the earliest start among them; only differences between ordinals
    /// mean anything. `starts` is a buffer reused from span to span.
    ///
    /// The stretch from the earliest start to the latest last byte is read once into `starts`, and
    /// each match's ordinals are then two lookups: no sorting, merging or removal of repeats (which,
    /// with the queries' merge into one ascending list, had cost more than counting the words).
    func wordOrdinals(of matchIndices: [Int], base: Int, first: inout [Int], last: inout [Int], starts: inout WordStarts) {
        var origin = Int.max
        var through = Int.min
        for m in matchIndices {
            origin = min(origin, matches[m].range.lowerBound)
            through = max(through, matches[m].range.upperBound - 1)
        }
        guard origin <= through else { return }
        normalized.utf8.withUnsafeBufferPointer { starts.read($0, from: origin, through: through) }
        for m in matchIndices {
            let range = matches[m].range
            first[m - base] = starts.ordinal(at: range.lowerBound)
            last[m - base] = starts.ordinal(at: range.upperBound - 1)
        }
    }
}

/// The word starts of a stretch of normalized UTF-8, as `WordCounter` counts words, one bit per byte in
/// 64-byte blocks with the count of starts before each block: the ordinal of the word at any byte of
/// the stretch in constant time.
struct WordStarts {
    /// Where the stretch starts (a word is taken to start there even inside a Latin run).
    private(set) var origin = 0
    /// Bytes of the stretch read.
    private(set) var count = 0
    /// Per block, two words: the starts before the block, and the mask of the bytes in it where a word
    /// starts (the first byte of the word's first character).
    private var blocks: [UInt64] = []

    /// Reads `bytes[origin...through]` (`origin` on a code point boundary; `through` clamped to the
    /// text), replacing what was read before. A character that begins in the stretch is read whole.
    ///
    /// - Complexity: O(n) for n bytes in the stretch.
    mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, from origin: Int, through: Int) {
        self.origin = origin
        let end = min(through + 1, bytes.count)
        count = max(0, end - origin)
        // One block more than the bytes fill when they end a block: an ordinal counts the bits below
        // the offset after its byte.
        let blockCount = count / 64 + 1
        blocks.removeAll(keepingCapacity: true)
        blocks.append(contentsOf: repeatElement(0, count: 2 * blockCount))
        guard count > 0, let base = bytes.baseAddress else { return }
        blocks.withUnsafeMutableBufferPointer { blocks in
            @inline(__always) func mark(_ bits: UInt64, at position: Int) {
                let offset = position - origin
                let block = offset >> 6
                let shift = UInt64(offset & 63)
                blocks[2 * block + 1] |= bits << shift
                // Starts among eight bytes may cross into the next block, which exists: they are all
                // before `end`.
                if shift > 56, case let carried = bits >> (64 - shift), carried != 0 { blocks[2 * block + 3] |= carried }
            }
            var inRun = false
            var i = origin
            while i < end {
                // Eight ASCII bytes at a time: policy text is mostly ASCII or Han.
                if i + 8 <= end {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if let (starts, endsInWord) = WordCounter.asciiWordStarts(word, afterWord: inRun) {
                        // Bit 7 of lane k to bit k.
                        if starts != 0 { mark(((starts >> 7) &* 0x0102_0408_1020_4080) >> 56, at: i) }
                        inRun = endsInWord
                        i += 8
                        continue
                    }
                }
                let byte = base[i]
                if byte < 0x80 {
                    if WordCharacters.isASCIIWord(byte) {
                        if !inRun { mark(1, at: i) }
                        inRun = true
                    } else {
                        inRun = false
                    }
                    i += 1
                    continue
                }
                let (value, length) = WordCharacters.decode(bytes, at: i)
                if WordCharacters.isSingleCharacterWord(value) {
                    mark(1, at: i)
                    inRun = false
                } else if WordCharacters.isWord(value) {
                    if !inRun { mark(1, at: i) }
                    inRun = true
                } else {
                    inRun = false
                }
                i += length
            }
            var total: UInt64 = 0
            for block in 0..<blockCount {
                blocks[2 * block] = total
                total &+= UInt64(DocumentScan.bitCount(blocks[2 * block + 1]))
            }
        }
    }

    /// The ordinal of the word containing the character at `position` (any byte of a character stands
    /// for it; the previous word's ordinal for a separator; 0 before the first word), counted from
    /// `origin`. Positions past the stretch read get the ordinal of its last byte.
    @inline(__always)
    func ordinal(at position: Int) -> Int {
        guard count > 0 else { return 0 }
        let offset = min(max(position - origin, 0), count - 1)
        return max(0, DocumentScan.bitsBelow(offset + 1, in: blocks) - 1)
    }
}

/// Counts words in normalized UTF-8 the way word windows do: a run of word characters (Latin, Greek,
/// Cyrillic letters, digits) is one word; each Han character (and kana, Hangul syllable) is one word;
/// everything else separates words.
enum WordCounter {
    /// The ordinal of the word containing the character at each of `positions` (any order, none
    /// before `origin`; any byte of a character stands for it; the previous word's ordinal for a
    /// separator; 0 before the first word), counting
    /// from `origin` (a code point boundary), where a word is taken to start even inside a Latin run:
    /// ordinals from two origins differ by a constant (see `WordStarts`).
    static func ordinals(at positions: [Int], in bytes: UnsafeBufferPointer<UInt8>, from origin: Int = 0) -> [Int] {
        guard let last = positions.max() else { return [] }
        var starts = WordStarts()
        starts.read(bytes, from: origin, through: last)
        return positions.map { starts.ordinal(at: $0) }
    }

    /// For eight ASCII bytes (nil if any is not ASCII): the lanes (high bit of each byte) where a word
    /// starts (a letter or digit after a byte that is neither, or after a word when `afterWord` is
    /// false at the first), and whether the last byte is in a word.
    @inline(__always)
    static func asciiWordStarts(_ word: UInt64, afterWord: Bool) -> (starts: UInt64, endsInWord: Bool)? {
        guard ASCIILanes.isASCII(word) else { return nil }
        let inWord = ASCIILanes.letters(word) | ASCIILanes.inRange(word, 0x30, 0x39)
        let previous = inWord << 8 | (afterWord ? 0x80 : 0)
        return (inWord & ~previous, inWord >> 63 != 0)
    }
}
