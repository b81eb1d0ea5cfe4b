import CICU
import SpanCoderCore

/// The sentence breaks ICU's sentence iterator (root rules, English exceptions) would report in a line,
/// found without ICU when its rules can be applied from the nearby characters; nil when the line has
/// anything the shortcut does not model (the caller then asks ICU).
///
/// Only UAX #29's rules after a terminator can break inside a line (SB11), held back by SB6–SB8a and
/// by ICU's `@ss=standard` filter. The shortcut applies them at each terminator:
/// - STerm (。！？!? …): Close* Sp*, then no break before SContinue or a terminator (SB8a), else a break
///   (SB11; a Close there follows a space);
/// - a full stop "." (ATerm): no break before a digit (SB6) or between letters and a capital
///   ("U.S", SB7); otherwise Close* Sp*, then no break before SContinue or a terminator (SB8a) or when
///   the next letter after non-letters is lower case (SB8), else a break.
/// Then ICU's exception filter (`ExceptionFilter`) drops a break right after one of its abbreviations
/// ("Mr.", "Act.", or "U.S." by its first part "U."), as ICU's own filter does.
/// Other full stops (U+2024, U+FE52, U+FF0E), separators, Extend and Format characters anywhere send
/// the line to ICU, and so does every line when ICU's list of exceptions cannot be read or modelled.
///
/// Exactness: `SegmenterTests` compares the spans with and without the shortcut on the corpus documents
/// and on random text built from every class that matters here; when it was written, `cmp` also found
/// the same spans on the benchmark corpora and AGORA's 1,031 texts.
enum SentenceBreakShortcut {
    /// ICU's Sentence_Break values (UCHAR_SENTENCE_BREAK).
    static let aTerm: UInt8 = 1, close: UInt8 = 2, format: UInt8 = 3, lower: UInt8 = 4, numeric: UInt8 = 5,
               oLetter: UInt8 = 6, sep: UInt8 = 7, sp: UInt8 = 8, sTerm: UInt8 = 9, upper: UInt8 = 10, cr: UInt8 = 11,
               extend: UInt8 = 12, lf: UInt8 = 13, sContinue: UInt8 = 14

    /// The property of every BMP code point (64 KB, from ICU once per process).
    static let bmp: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 0x10000)
        table.withUnsafeMutableBufferPointer { sc_sentence_break_classes($0.baseAddress!, Int32($0.count)) }
        return table
    }()

    /// Whether the commonest Chinese punctuation, ，、“”；：, is of no class the scan acts on (not a
    /// terminator, separator, Extend or Format character): then the scan passes each without a look-up.
    /// True for every ICU the project has met; checked on ICU's own table all the same.
    static let inertPunctuation: Bool = {
        let acted: Set<UInt8> = [aTerm, sTerm, sep, cr, lf, extend, format]
        return [0xFF0C, 0x3001, 0x201C, 0x201D, 0xFF1B, 0xFF1A].allSatisfy { !acted.contains(bmp[$0]) }
    }()

    /// ICU's English exceptions ("Mr.", "U.S." …), as two views of one list.
    struct Exceptions {
        /// Each exception and the part of each up to its first full stop ("U." of "U.S."), which ICU's
        /// filter also matches backwards, packed into an integer (`TextScanning.pack`): a cheap test that
        /// the filter cannot drop a break.
        let packed: PackedSet
        /// The filter itself, for the breaks the test leaves.
        let filter: ExceptionFilter
    }

    /// nil when ICU's list cannot be read, or has an exception that is not ASCII, does not end in a full
    /// stop or is longer than eight bytes (what `packed` and the filter's byte tries assume): the
    /// shortcut then leaves every line to ICU.
    static let exceptions: Exceptions? = {
        var buffer = [CChar](repeating: 0, count: 1 << 16)
        let written = Int(sc_sentence_break_exceptions("en", &buffer, Int32(buffer.count)))
        guard written > 0 else { return nil }
        var packed: [UInt64] = []
        let bytes = buffer[..<written].map { UInt8(bitPattern: $0) }
        let strings = bytes.split(separator: 0x0A).filter { !$0.isEmpty }.map { Array($0) }
        for string in strings {
            guard string.count <= 8, string.last == 0x2E, string.allSatisfy({ $0 < 0x80 }) else { return nil }
            packed.append(TextScanning.pack(string))
            if let dot = string.firstIndex(of: 0x2E) { packed.append(TextScanning.pack(string[...dot])) }
        }
        return Exceptions(packed: PackedSet(packed), filter: ExceptionFilter(strings))
    }()

    /// A set of nonzero integers, looked up with a multiply and a short probe: up to seven lookups per
    /// sentence break, where `Set`'s seeded hashing was a fifth of the shortcut's time.
    struct PackedSet {
        private var slots: [UInt64]
        private let shift: UInt64

        init(_ values: [UInt64]) {
            var bits = 4
            while 1 << bits < values.count * 4 { bits += 1 }
            slots = [UInt64](repeating: 0, count: 1 << bits)
            shift = UInt64(64 - bits)
            for value in values where value != 0 && !contains(value) {
                var slot = Int((value &* 0x9E37_79B9_7F4A_7C15) >> shift)
                while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
                slots[slot] = value
            }
        }

        @inline(__always)
        func contains(_ value: UInt64) -> Bool {
            var slot = Int((value &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while true {
                let stored = slots[slot]
                if stored == value { return true }
                if stored == 0 { return false }
                slot = (slot + 1) & (slots.count - 1)
            }
        }
    }

    /// The breaks inside `line` (valid UTF-8, no line break inside), as UTF-8 offsets, in order, without
    /// its end; nil when ICU must decide. For tests and one-off callers: it makes buffers of its own,
    /// where the segmenter reuses its worker's (`breaks(_:line:into:stops:)`).
    ///
    /// - Complexity: O(n).
    static func breaks(_ bytes: UnsafeBufferPointer<UInt8>, line: Range<Int>) -> [Int]? {
        let breaks = PositionBuffer(), stops = PositionBuffer()
        defer {
            breaks.deallocate()
            stops.deallocate()
        }
        return self.breaks(bytes, line: line, into: breaks, stops: stops) ? breaks.array : nil
    }

    /// `breaks(_:line:)` into `found`, and into `stops` the position of every `.;:?!` and
    /// `。；：！？` of the line that the scan passes, in order: where the segmenter looks for list items
    /// inside the line (`Segmenter.inlineItems`), which then needs no scan of its own. Both are emptied
    /// first; meaningful only when the result is true.
    static func breaks(_ bytes: UnsafeBufferPointer<UInt8>, line: Range<Int>, into found: PositionBuffer, stops: PositionBuffer) -> Bool {
        // At most one break and one stop per byte.
        let foundOut = found.reset(room: line.count), stopsOut = stops.reset(room: line.count)
        let foundCount = found.countCell, stopCount = stops.countCell
        guard let exceptions = self.exceptions else { return false }
        let start = line.lowerBound
        let end = line.upperBound
        let inert = inertPunctuation
        let ok: Bool = bmp.withUnsafeBufferPointer { table in
            @inline(__always) func classAt(_ i: Int) -> (UInt8, Int) {
                let (value, length) = TextScanning.scalar(bytes, at: i)
                if value < 0x10000 { return (table[Int(value)], length) }
                return (UInt8(truncatingIfNeeded: sc_sentence_break_class(value)), length)
            }
            func classBefore(_ i: Int) -> UInt8? {
                guard i > start else { return nil }
                return classAt(TextScanning.lead(before: i, in: bytes, notBefore: start)).0
            }
            /// Close* Sp* from `i`.
            func afterClosesAndSpaces(_ i: Int) -> Int {
                var j = i
                while j < end { let (k, l) = classAt(j); if k == close { j += l } else { break } }
                while j < end { let (k, l) = classAt(j); if k == sp { j += l } else { break } }
                return j
            }
            /// Whether ICU's filter might suppress a break at `position`: the text before it (less one
            /// space) ends with an exception or its first part.
            func mayBeSuppressed(_ position: Int) -> Bool {
                var k = position
                if k > start && bytes[k - 1] == 0x20 { k -= 1 }
                guard k > start, bytes[k - 1] == 0x2E else { return false }  // every exception ends in "."
                // The suffixes of two to eight bytes, packed as `TextScanning.pack` does, growing backwards.
                var value = UInt64(0x2E)
                var length = 1
                while length < 8 && k - length > start {
                    value = value << 8 | UInt64(bytes[k - length - 1])
                    length += 1
                    if exceptions.packed.contains(value) { return true }
                }
                return false
            }
            /// A break of ICU's rules at `position`, unless ICU's exception filter drops it.
            func addBreak(_ position: Int) {
                if mayBeSuppressed(position) && exceptions.filter.suppresses(bytes, at: position, in: line) { return }
                foundOut[foundCount.pointee] = position
                foundCount.pointee &+= 1
            }
            @inline(__always) func addStop(_ position: Int) {
                stopsOut[stopCount.pointee] = position
                stopCount.pointee &+= 1
            }
            let fullStop = SIMD16<UInt8>(repeating: 0x2E), bang = SIMD16<UInt8>(repeating: 0x21),
                question = SIMD16<UInt8>(repeating: 0x3F), firstLead = SIMD16<UInt8>(repeating: 0xC0),
                hanLow = SIMD16<UInt8>(repeating: 0xE4), hanHigh = SIMD16<UInt8>(repeating: 0xE9),
                colonOrSemicolon = SIMD16<UInt8>(repeating: 0x3B), one = SIMD16<UInt8>(repeating: 1),
                noLane = SIMD16<UInt8>(repeating: 0)
            var i = start
            while i < end {
                // Sixteen bytes at a time (SSE2 compares) past what no rule here looks at outside a
                // terminator's context: ASCII other than . ! ? (and : ; for `stops`), continuation
                // bytes, and lead bytes E4–E9 (U+4000–U+9FFF: CJK ideographs and Yijing symbols), i.e.
                // most of an English or a Chinese line; then straight to the first byte of interest,
                // whose lane the compare gave.
                if i + 16 <= end {
                    let block = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: SIMD16<UInt8>.self)
                    let terminator = (block .== fullStop) .| (block .== bang) .| (block .== question)
                        .| ((block | one) .== colonOrSemicolon)
                    let otherLead = (block .>= firstLead) .& ((block .< hanLow) .| (block .> hanHigh))
                    let interesting = terminator .| otherLead
                    if !interesting.anyLane { i += 16; continue }
                    let lanes = unsafeBitCast(noLane.replacing(with: 0xFF, where: interesting), to: SIMD2<UInt64>.self)
                    i += lanes[0] != 0 ? lanes[0].trailingZeroBitCount >> 3 : 8 + lanes[1].trailingZeroBitCount >> 3
                } else if i + 8 <= end {
                    // The same test eight bytes at a time, near the end of the line.
                    let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    let low = word & ~ASCIILanes.highs  // every lane below 0x80, as the lane tests need
                    let high = word & ASCIILanes.highs
                    let terminators = ASCIILanes.inRange(low, 0x2E, 0x2E) | ASCIILanes.inRange(low, 0x21, 0x21)
                        | ASCIILanes.inRange(low, 0x3F, 0x3F) | ASCIILanes.inRange(low, 0x3A, 0x3B)
                    let leads = ASCIILanes.inRange(low, 0x40, 0x7F) & ~ASCIILanes.inRange(low, 0x64, 0x69)  // C0–FF but E4–E9
                    let interesting = (terminators & ~high) | (leads & high)
                    if interesting == 0 { i += 8; continue }
                    i += interesting.trailingZeroBitCount >> 3
                }
                let byte = bytes[i]
                if byte < 0x80 && byte != 0x2E && byte != 0x21 && byte != 0x3F {
                    if byte == 0x3A || byte == 0x3B { addStop(i) }
                    i += 1
                    continue
                }
                if byte & 0xC0 == 0x80 { i += 1; continue }  // inside a character skipped above
                if byte >= 0xE4 && byte <= 0xE9 { i += 3; continue }
                if inert && (byte == 0xEF || byte == 0xE3 || byte == 0xE2) {
                    // ，；：、“” (a line is whole characters: the two bytes after a lead are there).
                    let second = bytes[i + 1], third = bytes[i + 2]
                    if byte == 0xEF && second == 0xBC {
                        if third == 0x8C { i += 3; continue }
                        if third == 0x9B || third == 0x9A {
                            addStop(i)
                            i += 3
                            continue
                        }
                    } else if second == 0x80 && (byte == 0xE3 ? third == 0x81 : third == 0x9C || third == 0x9D) {
                        i += 3
                        continue
                    }
                }
                let (kind, length) = classAt(i)
                switch kind {
                case sep, cr, lf, extend, format:
                    return false
                case sTerm:
                    // ! ? 。 ！ ？ (not the rarer terminators, which open no item).
                    if byte < 0x80 || (length == 3 && (bytes[i + 2] == 0x82 && bytes[i + 1] == 0x80 && byte == 0xE3
                                                       || byte == 0xEF && bytes[i + 1] == 0xBC && (bytes[i + 2] == 0x81 || bytes[i + 2] == 0x9F))) {
                        addStop(i)
                    }
                    let j = afterClosesAndSpaces(i + length)
                    if j < end {
                        switch classAt(j).0 {
                        case sContinue, sTerm, aTerm: break  // SB8a: no break
                        case sp, sep, cr, lf, extend, format: return false
                        // A Close here follows a space (Close* took those before it): SB11 breaks before it.
                        default: addBreak(j)
                        }
                    }
                    i = j
                case aTerm:
                    guard byte == 0x2E else { return false }
                    addStop(i)
                    let next = i + 1
                    if next < end {
                        let following = classAt(next).0
                        if following == numeric { i = next; continue }  // SB6
                        if following == upper, let before = classBefore(i), before == upper || before == lower {
                            i = next; continue  // SB7
                        }
                    }
                    let j = afterClosesAndSpaces(next)
                    if j == end { i = j; continue }  // ICU's last boundary: the end
                    switch classAt(j).0 {
                    case sContinue, sTerm, aTerm: i = j; continue  // SB8a
                    case sep, cr, lf, extend, format: return false
                    default: break
                    }
                    // SB8: no break when the first letter (or terminator, or separator) ahead is lower case.
                    var k = j
                    var ahead: UInt8? = nil
                    while k < end {
                        let (c, l) = classAt(k)
                        if c == extend || c == format { return false }
                        if c == oLetter || c == upper || c == lower || c == sep || c == sTerm || c == aTerm { ahead = c; break }
                        k += l
                    }
                    if ahead != lower { addBreak(j) }
                    i = j
                default:
                    if byte == 0xEF && length == 3 && bytes[i + 1] == 0xBC && (bytes[i + 2] == 0x9B || bytes[i + 2] == 0x9A) {
                        addStop(i)  // ； ：
                    }
                    i += length
                }
            }
            return true
        }
        return ok
    }
}

/// ICU's exception filter for sentence breaks (`SimpleFilteredSentenceBreakIterator`, what
/// `en@ss=standard` adds to the rules), built from the exceptions as ICU builds it and applied to one
/// break as ICU applies it, so that the shortcut decides a break after an abbreviation itself.
///
/// ICU's build: an exception with a full stop before its end ("U.S.") is partial. The part up to its first
/// full stop ("U.") goes, reversed, into a backwards trie as partial, once for all the exceptions that
/// start with it; those exceptions, and an exception equal to that part, go into a forwards trie. Every
/// other exception goes, reversed, into the backwards trie as a match.
///
/// ICU's test of a break: step back over one space (U+0020) if there is one, then walk the backwards
/// trie over the characters before, keeping the last value met, until the trie or the text ends. A
/// match suppresses the break. A partial one walks the forwards trie from the start of the matched part
/// for as long as the trie goes on; the break is suppressed unless the walk ended on a character the
/// trie does not have (a walk that reaches the end of the text suppresses it too). So "U. Smith" and
/// "U.S. Army" keep their breaks, though "U." and "U.S." are exceptions (the forwards trie goes on to
/// "U.S.A." and meets the space), while "G. Smith", "xMr. Smith" and "AA. Smith" lose theirs.
///
/// The text is the line ICU is given. The exceptions are ASCII, so the tries are over bytes: a non-ASCII
/// character stops a walk in both.
struct ExceptionFilter {
    /// A trie over bytes: per node, its value (0 for none) and its children.
    private struct Trie {
        var values: [UInt8] = [0]
        var children: [[UInt8: Int]] = [[:]]

        mutating func add(_ string: some Sequence<UInt8>, value: UInt8) {
            var node = 0
            for byte in string {
                if let next = children[node][byte] {
                    node = next
                } else {
                    values.append(0)
                    children.append([:])
                    children[node][byte] = values.count - 1
                    node = values.count - 1
                }
            }
            values[node] = value
        }
    }

    private static let partial: UInt8 = 1, match: UInt8 = 2
    private var backwards = Trie()
    private var forwards = Trie()

    /// The filter for `exceptions` (ASCII strings).
    init(_ exceptions: [[UInt8]]) {
        let strings = Array(Set(exceptions))
        var inForwards = [Bool](repeating: false, count: strings.count)
        for i in strings.indices {
            guard let dot = strings[i].firstIndex(of: 0x2E), dot + 1 != strings[i].count else { continue }
            let part = strings[i][...dot]
            var partAdded = false
            for j in strings.indices where j != i && strings[j].count > dot && strings[j][...dot] == part {
                if inForwards[j] { partAdded = true } else { inForwards[j] = true }
            }
            if !partAdded && !inForwards[i] {
                backwards.add(part.reversed(), value: Self.partial)
                inForwards[i] = true
            }
        }
        for i in strings.indices {
            if inForwards[i] { forwards.add(strings[i], value: Self.match) } else { backwards.add(strings[i].reversed(), value: Self.match) }
        }
    }

    /// Whether ICU drops its rules' break at `position` (inside `line`, the text ICU is given) as an
    /// abbreviation's.
    ///
    /// - Complexity: O(the longest exception), but for a partial match's forward walk, which stops where
    ///   the forwards trie does.
    func suppresses(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, in line: Range<Int>) -> Bool {
        let (bestStart, bestValue, _) = backwardMatch(bytes, at: position, in: line)
        guard bestStart >= 0 else { return false }
        if bestValue == Self.match { return true }
        guard forwards.values.count > 1 else { return false }
        // The walk's last step: matched or not; it goes on while the trie has more after it.
        var node = 0
        var matched = true
        var k = bestStart
        while k < line.upperBound {
            guard let next = forwards.children[node][bytes[k]] else { matched = false; break }
            node = next
            k += 1
            if forwards.children[node].isEmpty { break }
        }
        return matched
    }

    /// The backwards walk of `suppresses`: where the longest match starts (-1 for none), its value and
    /// where it ends (the break, or the space before it).
    private func backwardMatch(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, in line: Range<Int>) -> (start: Int, value: UInt8, end: Int) {
        var i = position
        if i > line.lowerBound && bytes[i - 1] == 0x20 { i -= 1 }
        let end = i
        var node = 0
        var bestStart = -1
        var bestValue: UInt8 = 0
        while i > line.lowerBound, let next = backwards.children[node][bytes[i - 1]] {
            i -= 1
            node = next
            if backwards.values[node] != 0 { (bestStart, bestValue) = (i, backwards.values[node]) }
            if backwards.children[node].isEmpty { break }
        }
        return (bestStart, bestValue, end)
    }

    /// Exceptions of ICU's list that end sentences in policy text far more often than they abbreviate:
    /// "the Privacy Act. In these cases …", "a model card. It …" ("Act." and "Card." are on ICU's list).
    static let sentenceEnds: [[UInt8]] = [Array("Act.".utf8), Array("Card.".utf8)]

    /// Whether ICU's filter drops the break at `position` on a match the segmenter does not accept: an
    /// exception that is only the end of a longer word, after a letter ("T." of "NIST.", "O." of "CAIO.",
    /// "Ms." of "LLMs.": ICU matches backwards without looking for the word's start), or one of
    /// `sentenceEnds`.
    func suppressesWrongly(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, in line: Range<Int>) -> Bool {
        let (start, value, end) = backwardMatch(bytes, at: position, in: line)
        guard start >= 0, value == Self.match else { return false }
        if start > line.lowerBound {
            let before = bytes[start - 1]
            // Letters only: "June 14, 2023Mr. Hawley" (a date glued to a title) keeps "Mr." an abbreviation.
            if (0x61...0x7A).contains(before | 0x20) { return true }
        }
        let matched = UnsafeBufferPointer(rebasing: bytes[start..<end])
        return Self.sentenceEnds.contains { $0.elementsEqual(matched) }
    }
}
