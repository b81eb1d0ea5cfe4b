import CICU
import SpanCoderCore
import Synchronization

/// Normalizes text for matching (NFKC, Unicode case folding, full-width → half-width, optional
/// Traditional → Simplified Chinese, white space and punctuation folding, superscripts as white space)
/// and keeps a map back to the original text.
///
/// Lexicon terms and documents must go through the same normalizer; `normalize(term:)` and
/// `normalize(_:)` share one code path.
///
/// The result is exactly ICU's `nfkc_cf` normalization of the whole text (then the options' folds): the
/// text is cut only before characters where ICU reports a normalization boundary, and each piece is
/// normalized on its own, through a per-character table for the Basic Multilingual Plane built once per
/// option set, and through ICU for combining sequences and supplementary characters.
///
/// Instances are immutable and safe to share across threads.
public final class TextNormalizer: Sendable {
    public let options: NormalizationOptions

    // For each BMP code point: `identity`, or (offset << 8 | length) of its normalized UTF-8 in `pool`.
    private let table: [UInt32]
    private let pool: [UInt8]
    // Bit set over the BMP: code points with a normalization boundary before them.
    private let boundaryBefore: [UInt64]
    // Bit set over the BMP: non-ASCII code points that normalize to themselves and are not white space
    // (what `identityRunEnd` copies); 8 KiB that stay in L1, where `table` takes 256 KiB.
    private let copiedAsIs: [UInt64]
    // `copiedAsIs` and `boundaryBefore` both: a code point that extends a run of copied ones.
    private let continuesRun: [UInt64]
    private let transliteratorID: String?
    // What the transliterator may change (ICU's source set), read once here: asking ICU for it costs
    // ~0.4 ms. nil when there is no transliterator, or ICU could not tell (then everything may change).
    private let transliterationSource: CodePointRanges?
    private static let identity: UInt32 = .max

    private static let cache = Mutex<[NormalizationOptions: TextNormalizer]>([:])

    /// The shared normalizer for `options`, built on first use (building the table takes tens of
    /// milliseconds; a few hundred with Traditional → Simplified).
    public static func shared(_ options: NormalizationOptions = .matching) -> TextNormalizer {
        cache.withLock { cache in
            if let existing = cache[options] { return existing }
            let made = TextNormalizer(options: options)
            cache[options] = made
            return made
        }
    }

    public init(options: NormalizationOptions = .matching) {
        self.options = options
        self.transliteratorID = options.traditionalToSimplified ? "Traditional-Simplified" : nil
        var table = [UInt32](repeating: TextNormalizer.identity, count: 0x10000)
        var pool: [UInt8] = []
        var boundary = [UInt64](repeating: 0, count: 0x10000 / 64)
        let transliterator = transliteratorID.flatMap { id -> OpaquePointer? in
            var status: Int32 = 0
            return sc_transliterator_open(id, &status)
        }
        defer { if let transliterator { sc_transliterator_close(transliterator) } }
        let source = transliterator.flatMap(CodePointRanges.source(of:))

        for value in 0..<UInt32(0x10000) {
            if value >= 0xD800 && value < 0xE000 { continue }
            if sc_nfkc_casefold_has_boundary_before(value) != 0 {
                boundary[Int(value) >> 6] |= 1 << (UInt64(value) & 63)
            }
            let original = TextNormalizer.utf8(of: value)
            var normalized = TextNormalizer.icuNormalize(original)
            // Only what the transliterator may change goes through it: of the 28,000 Han code points,
            // the few thousand traditional forms (ICU's source set), each call a rule search.
            if let transliterator, TextNormalizer.isHanIdeograph(value), TextNormalizer.mayTransliterate(normalized, source: source) {
                normalized = TextNormalizer.transliterate(normalized, with: transliterator)
            }
            if options.traditionalToSimplified { normalized = TextNormalizer.mergingRetiredSimplified(normalized) }
            normalized = TextNormalizer.fold(normalized, options: options)
            // One space: `emitTable` hands a one-byte white-space entry to `whitespace(…)`, which
            // collapses, keeps or removes it as the options say, and keeps the offsets.
            if options.superscriptsSeparateWords, TextNormalizer.isSuperscriptOrSubscript(value), normalized != original {
                normalized = [0x20]
            }
            if normalized != original {
                precondition(normalized.count < 256, "normalized form of U+\(String(value, radix: 16)) too long")
                table[Int(value)] = UInt32(pool.count) << 8 | UInt32(normalized.count)
                pool.append(contentsOf: normalized)
            }
        }
        var copied = [UInt64](repeating: 0, count: 0x10000 / 64)
        for value in 0x80..<0x10000 where table[value] == TextNormalizer.identity && !(0xD800..<0xE000).contains(value)
            && !TextNormalizer.isSpaceKeptByNFKC(UInt32(value)) {
            copied[value >> 6] |= 1 << (UInt64(value) & 63)
        }
        self.table = table
        self.pool = pool
        self.boundaryBefore = boundary
        self.copiedAsIs = copied
        self.continuesRun = zip(copied, boundary).map { $0 & $1 }
        self.transliterationSource = source
    }

    /// Normalizes a lexicon term or query string; the same transformation `normalize(_:)` applies to
    /// documents.
    public func normalize(term: String) -> String {
        normalize(term).string
    }

    /// Normalizes `text`, keeping the map back to its original UTF-8 bytes.
    ///
    /// - Complexity: O(n) in the UTF-8 length of `text`.
    public func normalize(_ text: String) -> NormalizedText {
        var text = text
        return text.withUTF8 { normalize(utf8: $0) }
    }

    /// Normalizes valid UTF-8 bytes, keeping the map back to them.
    public func normalize(utf8 input: UnsafeBufferPointer<UInt8>) -> NormalizedText {
        var builder = Builder(capacity: input.count)
        // Only combining sequences and supplementary characters go through ICU here, and of those only
        // the ones with a code point the transliterator may change need it: it is opened (~15 µs) on the
        // first of them. Most documents have none; a zero-width space or an emoji alone needs none.
        var transliterator: OpaquePointer?
        var transliteratorOpened = false
        defer { if let transliterator { sc_transliterator_close(transliterator) } }

        let count = input.count
        // The end of the last run of code points that normalize to nothing that the loop looked past, and
        // whether a normalization boundary (or the end) follows it. Every code point of such a run starts
        // a piece of its own and asks the same question: answered once per run, 160,000 zero-width spaces
        // in a row no longer take 35 s (the rest of the run was scanned from each of them).
        var removedRun = (end: 0, boundaryAfter: false)
        var i = 0
        while i < count {
            let byte = input[i]
            if byte < 0x80 {
                // ASCII: a next byte < 0x80 always has a normalization boundary before it.
                if i + 1 >= count || input[i + 1] < 0x80 {
                    if TextNormalizer.isASCIISpace(byte) {
                        whitespace(originalStart: i, originalLength: 1, input: input, into: &builder)
                        i += 1
                        continue
                    }
                    // The run of ASCII bytes from here, each followed by ASCII (or the end), is one
                    // aligned stretch: lowercased in one go. Single spaces between words belong to it
                    // (they stay one space whether white space is kept or collapsed); other white
                    // space, and spaces that are removed, end it.
                    let spacesStay = options.whitespace != .remove
                    var end = i + 1
                    while end + 17 <= count && TextNormalizer.continuesASCIIRun16(input, at: end, spacesStay: spacesStay) { end += 16 }
                    while end + 9 <= count && TextNormalizer.continuesASCIIRun(input, at: end, spacesStay: spacesStay) { end += 8 }
                    while end < count {
                        let next = input[end]
                        if next >= 0x80 { break }
                        if TextNormalizer.isASCIISpace(next) {
                            guard next == 0x20, spacesStay, end + 1 < count else { break }
                            let after = input[end + 1]
                            if after >= 0x80 || TextNormalizer.isASCIISpace(after) { break }
                        }
                        if end + 1 < count && input[end + 1] >= 0x80 { break }
                        end += 1
                    }
                    if options.joinHyphenatedLineBreaks, input[end - 1] == 0x2D, end < count,
                       let join = TextNormalizer.hyphenatedBreakEnd(input, hyphen: end - 1) {
                        // A syllable break loses its hyphen with the white space; a compound's hyphen next to
                        // a capital ("Privacy-⏎Enhancing", "AI-⏎enabled") stays, only the white space goes.
                        let removedFrom = join.keepsHyphen ? end : end - 1
                        if removedFrom > i { builder.alignedASCII(input, from: i, to: removedFrom) }
                        builder.whitespace(originalStart: removedFrom, originalLength: join.resume - removedFrom, mode: .remove)
                        i = join.resume
                        continue
                    }
                    builder.alignedASCII(input, from: i, to: end)
                    i = end
                    continue
                }
            }
            // Most non-ASCII text (Han characters) normalizes to itself character by character: copy
            // such a run in one piece.
            let runEnd = identityRunEnd(input, from: i)
            if runEnd > i {
                builder.aligned(bytes: UnsafeBufferPointer(rebasing: input[i..<runEnd]), originalStart: i)
                i = runEnd
                continue
            }
            let (scalar, length) = TextNormalizer.decode(input, at: i)
            // Extend over following code points that have no boundary before them (combining marks).
            var end = i + length
            while end < count {
                let (next, nextLength) = TextNormalizer.decode(input, at: end)
                if hasBoundaryBefore(next) { break }
                // Code points that normalize to nothing (a zero-width space or joiner, a soft hyphen)
                // have no boundary before them either. Taken into this piece, they would make it one
                // atomic region, and a match ending at its last character would end after them; so
                // they are left to pieces of their own (removed), unless a combining mark after them
                // still belongs to this piece.
                if isRemovedAlone(next) {
                    if end >= removedRun.end {
                        var after = end + nextLength
                        while after < count {
                            let (following, followingLength) = TextNormalizer.decode(input, at: after)
                            guard isRemovedAlone(following) else { break }
                            after += followingLength
                        }
                        removedRun = (after, after >= count || hasBoundaryBefore(TextNormalizer.decode(input, at: after).0))
                    }
                    if removedRun.boundaryAfter { break }
                }
                end += nextLength
            }
            if end == i + length && scalar < 0x10000 {
                emitTable(scalar: scalar, originalStart: i, originalLength: length, input: input, into: &builder)
            } else {
                let piece = Array(UnsafeBufferPointer(rebasing: input[i..<end]))
                var normalized = TextNormalizer.icuNormalize(piece)
                if let id = transliteratorID, TextNormalizer.mayTransliterate(normalized, source: transliterationSource) {
                    if !transliteratorOpened {
                        transliteratorOpened = true
                        var status: Int32 = 0
                        transliterator = sc_transliterator_open(id, &status)
                    }
                    if let transliterator { normalized = TextNormalizer.transliterate(normalized, with: transliterator) }
                }
                if options.traditionalToSimplified { normalized = TextNormalizer.mergingRetiredSimplified(normalized) }
                normalized = TextNormalizer.fold(normalized, options: options)
                emit(normalized: normalized, original: piece, originalStart: i, into: &builder)
            }
            i = end
        }
        return builder.finish(originalCount: count)
    }

    /// The end of the run of non-ASCII BMP code points from `start` (a code point boundary) that each
    /// normalize to themselves (`identity` in the table, and not white space) and are followed by a
    /// normalization boundary: exactly the code points the main loop would copy one by one. `start`
    /// when the first does not qualify.
    private func identityRunEnd(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = input.baseAddress else { return start }
        let count = input.count
        return copiedAsIs.withUnsafeBufferPointer { copied in
            continuesRun.withUnsafeBufferPointer { continues in
                @inline(__always) func test(_ bits: UnsafeBufferPointer<UInt64>, _ scalar: UInt32) -> Bool {
                    bits[Int(scalar) >> 6] & (1 << (UInt64(scalar) & 63)) != 0
                }
                var (scalar, length) = TextNormalizer.decode(input, at: start)
                guard scalar < 0x10000, test(copied, scalar) else { return start }
                var last = start  // start of the last code point taken
                var end = start + length
                while true {
                    // Three-byte characters (Han) that extend the run, decoded inline.
                    while end + 3 <= count {
                        let lead = base[end]
                        guard lead & 0xF0 == 0xE0 else { break }
                        let value = UInt32(lead & 0x0F) << 12 | UInt32(base[end + 1] & 0x3F) << 6 | UInt32(base[end + 2] & 0x3F)
                        guard test(continues, value) else { break }
                        last = end
                        end += 3
                    }
                    // ASCII always has a boundary before it.
                    if end >= count || base[end] < 0x80 { return end }
                    (scalar, length) = TextNormalizer.decode(input, at: end)
                    if scalar < 0x10000 && test(continues, scalar) {
                        last = end
                        end += length
                        continue
                    }
                    // The next code point is not copied: the run ends before it if it starts a new
                    // normalization segment, else the last one taken goes with it.
                    return hasBoundaryBefore(scalar) ? end : last
                }
            }
        }
    }

    private func emitTable(scalar: UInt32, originalStart: Int, originalLength: Int, input: UnsafeBufferPointer<UInt8>, into builder: inout Builder) {
        let entry = table[Int(scalar)]
        if entry == TextNormalizer.identity {
            // ASCII white space arrives here when a non-ASCII character follows it.
            if TextNormalizer.isSpaceKeptByNFKC(scalar) || (scalar < 0x80 && TextNormalizer.isASCIISpace(UInt8(scalar))) {
                whitespace(originalStart: originalStart, originalLength: originalLength, input: input, into: &builder)
            } else {
                builder.aligned(bytes: UnsafeBufferPointer(rebasing: input[originalStart..<originalStart + originalLength]), originalStart: originalStart)
            }
            return
        }
        let offset = Int(entry >> 8)
        let length = Int(entry & 0xFF)
        pool.withUnsafeBufferPointer { pool in
            let normalized = UnsafeBufferPointer(rebasing: pool[offset..<offset + length])
            if length == 1, TextNormalizer.isASCIISpace(normalized[0]) {
                whitespace(originalStart: originalStart, originalLength: originalLength, input: input, into: &builder)
            } else if length == originalLength {
                builder.aligned(bytes: normalized, originalStart: originalStart)
            } else {
                builder.atomic(bytes: normalized, originalStart: originalStart, originalLength: originalLength)
            }
        }
    }

    /// One white-space character of the input: collapsed, kept or removed as the options say, and removed
    /// between two Han ideographs with `joinHanAcrossWhitespace` (the output so far ends with one, and
    /// the next character that is not white space is one).
    private func whitespace(originalStart: Int, originalLength: Int, input: UnsafeBufferPointer<UInt8>, into builder: inout Builder) {
        var mode = options.whitespace
        if options.joinHanAcrossWhitespace, mode == .collapse, builder.endsWithHanIdeograph,
           TextNormalizer.hanIdeographFollows(input, after: originalStart + originalLength) {
            mode = .remove
        }
        builder.whitespace(originalStart: originalStart, originalLength: originalLength, mode: mode)
    }

    /// Where the word goes on after a hyphen at `hyphen` that a line break follows (see
    /// `NormalizationOptions.joinHyphenatedLineBreaks`): the position of the ASCII letter after the break,
    /// and whether the hyphen stays (a capital on either side: "Privacy-⏎Enhancing", "AI-⏎enabled",
    /// "high-⏎Risk"; but not three capitals before and two after, "DECI-⏎SION"); nil when this is no such hyphen (no ASCII letter before it or after the break, no
    /// line break or more than one).
    static func hyphenatedBreakEnd(_ input: UnsafeBufferPointer<UInt8>, hyphen: Int) -> (resume: Int, keepsHyphen: Bool)? {
        @inline(__always) func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
        @inline(__always) func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
        guard hyphen > 0 else { return nil }
        let before = input[hyphen - 1]
        guard isLower(before) || isUpper(before) else { return nil }
        var k = hyphen + 1
        var lineBreaks = 0
        while k < input.count, input[k] == 0x20 || input[k] == 0x09 || input[k] == 0x0A || input[k] == 0x0D {
            if input[k] == 0x0A || (input[k] == 0x0D && (k + 1 == input.count || input[k + 1] != 0x0A)) { lineBreaks += 1 }
            k += 1
        }
        // One line break: a blank line between ends a paragraph, and the hyphen stays.
        guard lineBreaks == 1, k < input.count else { return nil }
        let after = input[k]
        if isLower(before) && isLower(after) { return (k, false) }
        // A word in capitals cut at a syllable: three capitals before the hyphen and two after the break
        // ("DECI-⏎SION", "AUTO-⏎MATED", "INDIVID-⏎UAL"; an acronym of two, "AI-⏎BASED", keeps its hyphen).
        // Bills printed in capitals break words so far more often than at a compound's hyphen (128 of 131
        // such breaks in AGORA's texts); "MACHINE-⏎BASED" reads "machinebased", which a hyphenated term's
        // variants still match.
        if isUpper(before), isUpper(after), hyphen >= 3, isUpper(input[hyphen - 2]), isUpper(input[hyphen - 3]),
           k + 1 < input.count, isUpper(input[k + 1]) {
            return (k, false)
        }
        return isLower(after) || isUpper(after) ? (k, true) : nil
    }

    /// Whether the first character at or after `start` that is not white space (ASCII, U+00A0, U+3000) is
    /// a Han ideograph.
    static func hanIdeographFollows(_ input: UnsafeBufferPointer<UInt8>, after start: Int) -> Bool {
        var k = start
        let count = input.count
        while k < count {
            let byte = input[k]
            if byte < 0x80 {
                guard isASCIISpace(byte) else { return false }
                k += 1
            } else if byte == 0xC2, k + 1 < count, input[k + 1] == 0xA0 {
                k += 2
            } else if byte == 0xE3, k + 2 < count, input[k + 1] == 0x80, input[k + 2] == 0x80 {
                k += 3
            } else {
                return isHanIdeograph(decode(input, at: k).0)
            }
        }
        return false
    }

    /// The superscript and subscript characters of `NormalizationOptions.superscriptsSeparateWords`:
    /// ¹ ² ³ and the block Superscripts and Subscripts (U+2070–U+209F). Only those NFKC changes (its
    /// unassigned code points stay as they are) become white space.
    @inline(__always)
    static func isSuperscriptOrSubscript(_ scalar: UInt32) -> Bool {
        scalar == 0xB2 || scalar == 0xB3 || scalar == 0xB9 || (0x2070...0x209F).contains(scalar)
    }

    /// CJK unified and compatibility ideographs and 〇 (not kana, not Hangul, not punctuation): the
    /// characters the Traditional → Simplified table build sends to the transliterator, and between which
    /// `joinHanAcrossWhitespace` drops white space.
    @inline(__always)
    static func isHanIdeograph(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x3007, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return true
        default: return false
        }
    }

    private func emit(normalized: [UInt8], original: [UInt8], originalStart: Int, into builder: inout Builder) {
        normalized.withUnsafeBufferPointer { normalized in
            if normalized.count == 1, TextNormalizer.isASCIISpace(normalized[0]) {
                builder.whitespace(originalStart: originalStart, originalLength: original.count, mode: options.whitespace)
            } else {
                builder.atomic(bytes: normalized, originalStart: originalStart, originalLength: original.count)
            }
        }
    }

    /// Whether `scalar` normalizes to nothing on its own: the table maps it to an empty string, or, above
    /// the BMP, which the table does not cover, it is one of `supplementaryRemoved` (an ideographic
    /// variation selector after a Han character, a tag character after an emoji flag).
    @inline(__always)
    private func isRemovedAlone(_ scalar: UInt32) -> Bool {
        if scalar < 0x10000 { return table[Int(scalar)] != TextNormalizer.identity && table[Int(scalar)] & 0xFF == 0 }
        return TextNormalizer.supplementaryRemoved.contains { $0.contains(scalar) }
    }

    /// The code points above the BMP that NFKC_Casefold maps to nothing: the default ignorable ones
    /// (Unicode's DerivedCoreProperties; shorthand format controls, musical formatting, the tags and
    /// variation selectors of plane 14). A test checks each range, and its neighbours, against ICU.
    static let supplementaryRemoved: [ClosedRange<UInt32>] = [0x1BCA0...0x1BCA3, 0x1D173...0x1D17A, 0xE0000...0xE0FFF]

    private func hasBoundaryBefore(_ scalar: UInt32) -> Bool {
        if scalar < 0x10000 { return boundaryBefore[Int(scalar) >> 6] & (1 << (UInt64(scalar) & 63)) != 0 }
        return sc_nfkc_casefold_has_boundary_before(scalar) != 0
    }

    // MARK: - Building the map

    struct Builder {
        var utf8: [UInt8] = []
        var regions: [NormalizedText.Region] = []
        var inAlignedRegion = false
        var lastWasSpace = false

        init(capacity: Int) {
            utf8.reserveCapacity(capacity)
            // Room for a sentence's few regions (full-width punctuation makes one each): growing
            // from empty cost an allocation per doubling.
            regions.reserveCapacity(8)
        }

        /// Whether the output so far ends with a Han ideograph (`TextNormalizer.isHanIdeograph`).
        var endsWithHanIdeograph: Bool {
            let count = utf8.count
            // Han ideographs take three or four bytes: a last byte below 0x80 (ASCII, the usual case
            // where white space is met) settles it at once.
            guard count >= 3, utf8[count - 1] >= 0x80 else { return false }
            var start = count - 1
            while start > 0, count - start < 4, utf8[start] & 0xC0 == 0x80 { start -= 1 }
            return utf8.withUnsafeBufferPointer { TextNormalizer.isHanIdeograph(TextNormalizer.decode($0, at: start).0) }
        }

        mutating func aligned(byte: UInt8, originalStart: Int) {
            openAligned(originalStart: originalStart)
            utf8.append(byte)
            lastWasSpace = false
        }

        /// Original ASCII bytes `[from, to)`, lowercased, in one aligned stretch.
        mutating func alignedASCII(_ input: UnsafeBufferPointer<UInt8>, from: Int, to: Int) {
            openAligned(originalStart: from)
            let start = utf8.count
            let length = to - from
            utf8.append(contentsOf: UnsafeBufferPointer(rebasing: input[from..<to]))
            utf8.withUnsafeMutableBufferPointer { output in
                let base = output.baseAddress! + start
                var k = 0
                let capitalA = SIMD16<UInt8>(repeating: 0x41), capitalZ = SIMD16<UInt8>(repeating: 0x5A)
                let caseBit = SIMD16<UInt8>(repeating: 0x20)
                while k + 16 <= length {
                    let raw = UnsafeMutableRawPointer(base + k)
                    let block = raw.loadUnaligned(as: SIMD16<UInt8>.self)
                    let capitals = (block .>= capitalA) .& (block .<= capitalZ)
                    raw.storeBytes(of: block | caseBit.replacing(with: 0, where: .!capitals), as: SIMD16<UInt8>.self)
                    k += 16
                }
                while k + 8 <= length {
                    let raw = UnsafeMutableRawPointer(base + k)
                    raw.storeBytes(of: TextNormalizer.lowercasedASCII(raw.loadUnaligned(as: UInt64.self)), as: UInt64.self)
                    k += 8
                }
                while k < length {
                    let byte = base[k]
                    base[k] = byte &- 0x41 < 26 ? byte | 0x20 : byte
                    k += 1
                }
            }
            lastWasSpace = input[to - 1] == 0x20
        }

        mutating func aligned(bytes: UnsafeBufferPointer<UInt8>, originalStart: Int) {
            openAligned(originalStart: originalStart)
            utf8.append(contentsOf: bytes)
            lastWasSpace = false
        }

        mutating func atomic(bytes: UnsafeBufferPointer<UInt8>, originalStart: Int, originalLength: Int) {
            startRegion(originalStart: originalStart, atomic: true)
            utf8.append(contentsOf: bytes)
            inAlignedRegion = false
            lastWasSpace = false
        }

        mutating func whitespace(originalStart: Int, originalLength: Int, mode: NormalizationOptions.Whitespace) {
            switch mode {
            case .keep:
                if originalLength == 1 {
                    openAligned(originalStart: originalStart)
                    utf8.append(0x20)
                    lastWasSpace = true
                    return
                }
                emitSpaceAtomically(originalStart: originalStart)
            case .collapse:
                if lastWasSpace { remove(originalStart: originalStart) ; return }
                if originalLength == 1 {
                    openAligned(originalStart: originalStart)
                    utf8.append(0x20)
                } else {
                    emitSpaceAtomically(originalStart: originalStart)
                }
                lastWasSpace = true
            case .remove:
                remove(originalStart: originalStart)
            }
        }

        private mutating func emitSpaceAtomically(originalStart: Int) {
            startRegion(originalStart: originalStart, atomic: true)
            utf8.append(0x20)
            inAlignedRegion = false
            lastWasSpace = true
        }

        private mutating func remove(originalStart: Int) {
            // Consecutive removals share one empty region.
            if let last = regions.last, last.normalizedStart == utf8.count, last.isAtomic, !inAlignedRegion {
                return
            }
            startRegion(originalStart: originalStart, atomic: true)
            inAlignedRegion = false
        }

        private mutating func openAligned(originalStart: Int) {
            if inAlignedRegion, let last = regions.last,
               utf8.count - last.normalizedStart == originalStart - last.originalStart {
                return
            }
            startRegion(originalStart: originalStart, atomic: false)
            inAlignedRegion = true
        }

        private mutating func startRegion(originalStart: Int, atomic isAtomic: Bool) {
            regions.append(NormalizedText.Region(normalizedStart: utf8.count, originalStart: originalStart, atomic: isAtomic))
        }

        func finish(originalCount: Int) -> NormalizedText {
            var regions = regions
            if regions.isEmpty { regions = [NormalizedText.Region(normalizedStart: 0, originalStart: 0, atomic: false)] }
            return NormalizedText(utf8: utf8, originalUTF8Count: originalCount, regions: regions)
        }
    }

    // MARK: - Helpers

    @inline(__always)
    static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// The non-ASCII white space that NFKC and case folding leave as it is (next line, Ogham space
    /// mark, line and paragraph separators): identity in the table, yet white space to the builder.
    static func isSpaceKeptByNFKC(_ value: UInt32) -> Bool {
        value == 0x85 || value == 0x1680 || value == 0x2028 || value == 0x2029
    }

    /// Whether the ASCII run loop of `normalize(utf8:)` would take all eight bytes at `at` (it needs
    /// `at + 9 <= count`): each is ASCII and followed by ASCII, none is white space other than a space,
    /// and each space is followed by a byte that is not white space (when spaces stay at all).
    @inline(__always)
    static func continuesASCIIRun(_ input: UnsafeBufferPointer<UInt8>, at: Int, spacesStay: Bool) -> Bool {
        let raw = UnsafeRawPointer(input.baseAddress! + at)
        let word = raw.loadUnaligned(as: UInt64.self)
        let next = (raw + 1).loadUnaligned(as: UInt64.self)
        // Control white space: tab, line feed, vertical tab, form feed, carriage return.
        if !ASCIILanes.isASCII(word | next) || ASCIILanes.inRange(word, 0x09, 0x0D) != 0 { return false }
        let spaces = ASCIILanes.inRange(word, 0x20, 0x20)
        if spaces == 0 { return true }
        return spacesStay && spaces & (ASCIILanes.inRange(next, 0x20, 0x20) | ASCIILanes.inRange(next, 0x09, 0x0D)) == 0
    }

    /// `continuesASCIIRun` for sixteen bytes at `at` (seventeen must be readable), with SSE2 compares.
    @inline(__always)
    static func continuesASCIIRun16(_ input: UnsafeBufferPointer<UInt8>, at: Int, spacesStay: Bool) -> Bool {
        let raw = UnsafeRawPointer(input.baseAddress! + at)
        let block = raw.loadUnaligned(as: SIMD16<UInt8>.self)
        let next = (raw + 1).loadUnaligned(as: SIMD16<UInt8>.self)
        let nonASCII = SIMD16<UInt8>(repeating: 0x80)
        let tab = SIMD16<UInt8>(repeating: 0x09), carriageReturn = SIMD16<UInt8>(repeating: 0x0D)
        let space = SIMD16<UInt8>(repeating: 0x20)
        if ((block .>= nonASCII) .| (next .>= nonASCII) .| ((block .>= tab) .& (block .<= carriageReturn))).anyLane { return false }
        let spaces = block .== space
        if !spaces.anyLane { return true }
        let spaceOrControlNext = (next .== space) .| ((next .>= tab) .& (next .<= carriageReturn))
        return spacesStay && !(spaces .& spaceOrControlNext).anyLane
    }

    /// `word` with the ASCII capitals among its eight bytes lowercased (bytes ≥ 0x80 unchanged).
    @inline(__always)
    static func lowercasedASCII(_ word: UInt64) -> UInt64 {
        // A lane is a capital when its low seven bits are 'A'…'Z' and its high bit is clear.
        let upper = ASCIILanes.inRange(word & ~ASCIILanes.highs, 0x41, 0x5A) & ~word
        return word | (upper >> 2)
    }

    @inline(__always)
    static func decode(_ input: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(input[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0, i + 1 < input.count { return ((b0 & 0x1F) << 6 | UInt32(input[i + 1] & 0x3F), 2) }
        if b0 < 0xF0, i + 2 < input.count {
            return ((b0 & 0x0F) << 12 | UInt32(input[i + 1] & 0x3F) << 6 | UInt32(input[i + 2] & 0x3F), 3)
        }
        if i + 3 < input.count {
            return ((b0 & 0x07) << 18 | UInt32(input[i + 1] & 0x3F) << 12 | UInt32(input[i + 2] & 0x3F) << 6 | UInt32(input[i + 3] & 0x3F), 4)
        }
        // Truncated sequence at the end of the buffer (not valid UTF-8): treat the byte on its own.
        return (0xFFFD, 1)
    }

    static func utf8(of value: UInt32) -> [UInt8] {
        guard let scalar = Unicode.Scalar(value) else { return [] }
        // Encoded directly: the table's build asks this for every BMP code point, and going through
        // `String(Character(_:))` made a string per call.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4)
        UTF8.encode(scalar) { bytes.append($0) }
        return bytes
    }

    static func icuNormalize(_ bytes: [UInt8]) -> [UInt8] {
        callICU(bytes, capacity: max(16, bytes.count * 3)) { source, count, dest, capacity in
            sc_nfkc_casefold_utf8(source, count, dest, capacity)
        }
    }

    /// Whether a transliterator whose source set is `source` may change UTF-8 `bytes`: whether any of
    /// their code points is in it (`source` nil: ICU could not tell, so it may). Decoded with
    /// `decode(_:at:)`, not through a `String`: the table's build asks this for every Han code point.
    static func mayTransliterate(_ bytes: [UInt8], source: CodePointRanges?) -> Bool {
        guard let source else { return true }
        return bytes.withUnsafeBufferPointer { input in
            var i = 0
            while i < input.count {
                let (value, length) = decode(input, at: i)
                if source.contains(value) { return true }
                i += length
            }
            return false
        }
    }

    /// Ascending, disjoint, inclusive ranges of code points: those a transliterator may change.
    struct CodePointRanges: Sendable {
        /// first₀, last₀, first₁, last₁, …
        private let bounds: [UInt32]

        /// The source set of `transliterator`, nil when ICU cannot tell.
        static func source(of transliterator: OpaquePointer) -> CodePointRanges? {
            var capacity = 2048
            while true {
                var bounds = [UInt32](repeating: 0, count: capacity)
                let count = Int(sc_transliterator_source_ranges(transliterator, &bounds, Int32(capacity)))
                if count < 0 { return nil }
                if 2 * count <= capacity { return CodePointRanges(bounds: Array(bounds[..<(2 * count)])) }
                capacity = 2 * count
            }
        }

        /// - Complexity: O(log r) for r ranges.
        func contains(_ value: UInt32) -> Bool {
            var low = 0, high = bounds.count / 2  // the ranges whose first is <= value are those before `low`
            while low < high {
                let middle = (low + high) / 2
                if bounds[2 * middle] <= value { low = middle + 1 } else { high = middle }
            }
            return low > 0 && value <= bounds[2 * (low - 1) + 1]
        }
    }

    /// Simplified characters that the Table of General Standard Chinese Characters (通用规范汉字表, 2013)
    /// retired in favour of another, which ICU's Traditional-Simplified still produces, with the
    /// character written today: 諮 becomes 谘, but 諮詢 is written 咨询 now, and lexicon terms are
    /// written in today's Simplified Chinese. The old simplified form itself is folded too.
    static let retiredSimplified: [Unicode.Scalar: Unicode.Scalar] = ["谘": "咨"]

    private static let retiredSimplifiedUTF8: [[UInt8]] = retiredSimplified.keys.map { Array(String($0).utf8) }

    /// `bytes` with `retiredSimplified` folded (the same array when it has none of them). Called for
    /// each of the 64K code points of the table's build, so the test is a plain byte search.
    static func mergingRetiredSimplified(_ bytes: [UInt8]) -> [UInt8] {
        let found = retiredSimplifiedUTF8.contains { retired in
            bytes.count >= retired.count && (0...(bytes.count - retired.count)).contains { bytes[$0..<($0 + retired.count)].elementsEqual(retired) }
        }
        guard found else { return bytes }
        let string = String(decoding: bytes, as: UTF8.self)
        return Array(String(String.UnicodeScalarView(string.unicodeScalars.map { retiredSimplified[$0] ?? $0 })).utf8)
    }

    static func transliterate(_ bytes: [UInt8], with transliterator: OpaquePointer) -> [UInt8] {
        callICU(bytes, capacity: max(16, bytes.count * 4)) { source, count, dest, capacity in
            sc_transliterate_utf8(transliterator, source, count, dest, capacity)
        }
    }

    /// Runs an ICU call that writes UTF-8 into a buffer and returns the bytes it needs (-1 on error,
    /// then `bytes` is returned unchanged), growing the buffer once if it was short. The result is
    /// written straight into the returned array: one allocation per call, where a zeroed buffer and a
    /// copy of its prefix were two, for each of the 64K code points of the table's build.
    private static func callICU(_ bytes: [UInt8], capacity initial: Int,
                                _ call: (UnsafePointer<UInt8>?, Int32, UnsafeMutablePointer<UInt8>?, Int32) -> Int32) -> [UInt8] {
        var capacity = initial
        while true {
            var needed: Int32 = 0
            let output = bytes.withUnsafeBufferPointer { source in
                [UInt8](unsafeUninitializedCapacity: capacity) { dest, count in
                    needed = call(source.baseAddress, Int32(source.count), dest.baseAddress, Int32(capacity))
                    count = needed >= 0 && Int(needed) <= capacity ? Int(needed) : 0
                }
            }
            if needed < 0 { return bytes }
            if Int(needed) <= capacity { return output }
            capacity = Int(needed)
        }
    }

    static func fold(_ bytes: [UInt8], options: NormalizationOptions) -> [UInt8] {
        // Every folded code point (U+2010–U+2033, U+2212) starts with the byte E2 in UTF-8; without
        // one the loop below would give the bytes back unchanged.
        guard options.foldPunctuation, bytes.contains(0xE2) else { return bytes }
        var result: [UInt8] = []
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            switch scalar.value {
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: result.append(UInt8(ascii: "'"))
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033: result.append(UInt8(ascii: "\""))
            case 0x2010...0x2015, 0x2212: result.append(UInt8(ascii: "-"))
            default: result.append(contentsOf: String(Character(scalar)).utf8)
            }
        }
        return result
    }
}
