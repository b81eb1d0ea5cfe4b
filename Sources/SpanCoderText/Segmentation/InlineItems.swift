/// A list item that opens inside a line, after other text: "…task.  (b) There is established…",
/// "应当履行下列义务：（一）建立制度；（二）开展评估。", "…提供咨询服务。2.辅助办理。".
///
/// Why: items on a line of their own are units (`TextScanning.structuralMarkerEnd` at a line start),
/// but text flattened by a web page, a PDF conversion or a statute's own layout runs them on, and ICU
/// cannot tell an item from the rest of the sentence: it never breaks after `：` or `；`, nor after a
/// full stop followed by "(b)" and a lowercase letter (UAX #29 SB8), and it breaks after "2." when Han
/// text follows, so a number was cut off its item. A run-on item then shares a span with its lead-in or
/// its neighbours: their codes mix, a definition that opens the span silences every provision after it,
/// and the lead-in's codes (convention 12) never reach the items.
struct InlineItem: Equatable {
    /// Where the protection starts: the marker's first byte, where the unit starts when `breaks`; for a
    /// marker that only keeps its text (`breaks` false), its last byte.
    var start: Int
    /// The end of the marker and of the white space after it: ICU's breaks from `start` up to here are
    /// dropped, as they are after a marker at a line start.
    var protectedEnd: Int
    /// Whether a unit starts at `start`.
    var breaks: Bool
    /// N of an "N." or "N．" marker (else -1): numbers in sequence decide `glued` markers.
    var number: Int
    /// An "N." glued to the Han text before it ("…政务服务类1.智能问答。"): an item only when an "N-1."
    /// before it or an "N+1." after it on the line is a marker too.
    var glued: Bool
}

extension Segmenter {
    /// The list items that open inside `start..<end` (the rest of a line after any marker at its start;
    /// `lineStart` is where the line's text starts), in order, appended to `items`.
    ///
    /// - An item marker — （一） (一) (1) (a) (iv) (A) ① 一、 1、 1. 1) a. a) iv. A. — opens an item where it
    ///   follows, on the same line, the end of a sentence or clause: `。；：！？` (closing quotes and brackets
    ///   after them aside), or `.;:?!` followed by white space (none needed in Chinese text, "义务:(一)建立"),
    ///   also after "; and" and "; or"; and where the item's text follows it on the line ("chapters 604;
    ///   609; 617." lists numbers).
    /// - A full stop ends a sentence only after a word: not after an abbreviation ("U.S.C. (b)"), a word
    ///   that cites a part of a law ("subd. (k)", "sub. (2)"), or a number that is only a label ("11547.5.
    ///   (a) For…" at a line start, "Sec. 5. (a)").
    /// - A colon or semicolon inside round brackets opens no item ("(15 U.S.C. 44; 45(a)(2); 46)"), nor
    ///   does "1)" closing a bracket; a chain "(b)(1)(A)" opens one only before white space ("; (b)(1)(iii)(B)(
    ///   2), …" cites), "(800) 232-4636" is an area code.
    /// - A section label after a full stop ("…the order. Sec. 4. The Secretary…", and "…Act''.SEC. 2.
    ///   FINDINGS." where a line break was lost) opens a unit and keeps its number, as at a line start;
    ///   so does a marker after U+2028 or U+2029, which end lines as a line break does.
    /// - An "N." glued to the Han text before it ("…政务服务类1.智能问答") opens an item when the "N." markers
    ///   next to it on the line number it in sequence; ICU's break after "N." followed by Han text (UAX #29
    ///   breaks after a full stop before a letter without case) is dropped wherever the number is not part
    ///   of a word or a longer number, so a number is never cut off its text ("附件1.xxx").
    ///
    /// So citations never split: "section 3(b)", "paragraph (1)", "in subsection (a) of this section" and
    /// "U.S.C. 552(b)(4)" follow no sentence end, and "3.5亿元", "99.9%", "第5.2.1条", "V1.0.2" and
    /// "2023.07.13" hold no marker (no dotted numbers, no bracketed years, at most three digits).
    ///
    /// `stops`: the positions of the line's `.;:?!。；：！？` when `SentenceBreakShortcut.breaks` found them
    /// (then no scan of the bytes is needed); nil to scan.
    ///
    /// - Complexity: O(end - start): one pass over the bytes (sixteen at a time) unless `stops` are given,
    ///   and a constant amount of work at each punctuation mark, most of it a look at the next few bytes.
    func inlineItems(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, lineStart: Int, stops: UnsafeBufferPointer<Int>?,
                     into items: inout [InlineItem]) {
        var sawGlued = false
        // Open round brackets: a list inside a parenthesis cites ("(15 U.S.C. 44; 45(a)(2); 46)").
        var brackets = BracketDepth(from: start)
        /// The byte at `position` is one the scan stops at (`mayOpenItem`): the item it opens, if any, goes
        /// to `items`; returns where to look on.
        func visit(_ position: Int) -> Int {
            var i = position
            let byte = bytes[i]
            var punctuationEnd = -1
            var ascii = false
            switch byte {
            case 0x2E:  // .: an "N." glued to Han text, or a full stop
                // Most full stops end a line or a sentence before the next one's first word ("… risks. The
                // agency"): no number, marker or section label, nothing more to look at.
                if i + 1 == end { return end }
                if i + 3 < end, bytes[i + 1] == 0x20, bytes[i + 2] >= 0x41, bytes[i + 2] <= 0x5A, bytes[i + 3] >= 0x61, bytes[i + 3] <= 0x7A,
                   bytes[i + 2] != 0x53, bytes[i + 2] != 0x41, bytes[i + 2] != 0x50 {  // S A P may open a section label
                    return i + 3
                }
                if let item = Segmenter.gluedNumber(bytes, dot: i, dotEnd: i + 1, from: start, end: end) {
                    items.append(item)
                    sawGlued = sawGlued || item.glued
                    i = item.protectedEnd
                    return i
                }
                fallthrough
            case 0x3B, 0x3A, 0x3F, 0x21:  // ; : ? !
                // Most end a sentence or clause before a word ("… risks. The agency", "3.5", "U.S."): skipped
                // here, where a call would cost more than the scan.
                if Segmenter.opensNoItem(bytes, after: i + 1, end: end, punctuation: byte) {
                    i += 1
                    return i
                }
                punctuationEnd = i + 1
                ascii = true
            case 0xE3:  // 。
                if i + 2 < end, bytes[i + 1] == 0x80, bytes[i + 2] == 0x82 { punctuationEnd = i + 3 }
            case 0xEF:  // ； ： ！ ？ ．
                guard i + 2 < end, bytes[i + 1] == 0xBC else { break }
                let third = bytes[i + 2]
                if third == 0x9B || third == 0x9A || third == 0x81 || third == 0x9F {
                    punctuationEnd = i + 3
                } else if third == 0x8E, let item = Segmenter.gluedNumber(bytes, dot: i, dotEnd: i + 3, from: start, end: end) {
                    items.append(item)
                    sawGlued = sawGlued || item.glued
                    i = item.protectedEnd
                    return i
                }
            case 0xE2:  // U+2028 and U+2029 end lines too: what follows opens a unit as at a line start
                guard i + 2 < end, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 else { break }
                let next = Segmenter.skipSpaces(bytes, from: i + 3, end: end)
                if let markerEnd = TextScanning.structuralMarkerEnd(bytes, at: next, end: end) {
                    items.append(InlineItem(start: next, protectedEnd: Segmenter.skipSpaces(bytes, from: markerEnd, end: end),
                                            breaks: true, number: -1, glued: false))
                    i = items[items.count - 1].protectedEnd
                } else {
                    i = next
                }
                return i
            default:
                break
            }
            guard punctuationEnd > 0 else {
                // Past the whole character: "，" and "“" are lead bytes of no interest.
                return i + (byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1)
            }
            // Most Chinese lines end in "。": nothing can follow.
            if punctuationEnd >= end { return end }
            // Most Chinese sentences and clauses go on with a Han character (lead bytes E4–E9), which opens
            // no item unless it is a numeral (一、).
            if !ascii, punctuationEnd < end, bytes[punctuationEnd] >= 0xE4, bytes[punctuationEnd] <= 0xE9,
               !TextScanning.isChineseNumeral(TextScanning.scalar(bytes, at: punctuationEnd).value) {
                return punctuationEnd
            }
            if let item = itemAfterClauseEnd(bytes, punctuation: i, punctuationEnd: punctuationEnd, ascii: ascii, end: end,
                                             brackets: &brackets, lineStart: lineStart) {
                items.append(item)
                i = item.protectedEnd
            } else {
                i = punctuationEnd
            }
            return i
        }
        var i = start
        if let stops {
            // The shortcut's scan found the punctuation already (`SentenceBreakShortcut.breaks`).
            for stop in stops where stop >= i && stop < end { i = visit(stop) }
        } else {
            let fullStop = SIMD16<UInt8>(repeating: 0x2E), bang = SIMD16<UInt8>(repeating: 0x21), question = SIMD16<UInt8>(repeating: 0x3F),
                colonOrSemicolon = SIMD16<UInt8>(repeating: 0x3B), leadE2OrE3 = SIMD16<UInt8>(repeating: 0xE3),
                leadEF = SIMD16<UInt8>(repeating: 0xEF), one = SIMD16<UInt8>(repeating: 1), zero = SIMD16<UInt8>(repeating: 0)
            while i < end {
                // Most bytes are letters, digits, Han text and spaces: sixteen at a time (SSE2 compares) to the
                // first byte of interest (`mayOpenItem`); one at a time near the end.
                if i + 16 <= end {
                    let block = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: SIMD16<UInt8>.self)
                    let pairs = block | one  // : and ; as ;, E2 and E3 as E3
                    let interesting = (block .== fullStop) .| (block .== bang) .| (block .== question) .| (pairs .== colonOrSemicolon)
                        .| (pairs .== leadE2OrE3) .| (block .== leadEF)
                    // The lanes of interest as bytes 0xFF, read as two words: the first set byte is the first lane.
                    let words = unsafeBitCast(zero.replacing(with: 0xFF, where: interesting), to: SIMD2<UInt64>.self)
                    if words[0] != 0 {
                        i += words[0].trailingZeroBitCount >> 3
                    } else if words[1] != 0 {
                        i += 8 + words[1].trailingZeroBitCount >> 3
                    } else {
                        i += 16
                        continue
                    }
                } else {
                    while i < end, !Segmenter.mayOpenItem(bytes[i]) { i += 1 }
                    guard i < end else { break }
                }
                i = visit(i)
            }
        }
        if sawGlued { Segmenter.settleGluedNumbers(&items) }
    }

    /// The heads run on after a Chinese heading on its line, each a unit of its own (`headAfterHeading`):
    /// "第一章 总则 第一条 为了…" is "第一章 总则" | "第一条 为了…", "第一章总则第一条为了…" is "第一章总则" |
    /// "第一条为了…", and "第三章 网络运行安全 第一节 一般规定 第二十一条 …" three units. `heading` is where the heading would start (a line's text, or the text
    /// after a sentence end). Returns where the last head's text starts, or nil when no head follows.
    ///
    /// Why: web pages and PDF conversions put a chapter heading and its first article on one line, and
    /// ICU sees no sentence end between them: the heading's words (总则, 法律责任) joined the article's span
    /// and gave it their codes.
    @inline(never)
    static func appendHeadsAfterHeading(_ bytes: UnsafeBufferPointer<UInt8>, heading: Int, end: Int, into items: inout [InlineItem]) -> Int? {
        var start = heading
        var resume: Int?
        while let next = headAfterHeading(bytes, at: start, end: end) {
            items.append(InlineItem(start: next.start, protectedEnd: next.textStart, breaks: true, number: -1, glued: false))
            resume = next.textStart
            if next.rank == .article { break }
            start = next.start
        }
        return resume
    }

    /// `appendHeadsAfterHeading` at a sentence break of ICU's (or the shortcut's) at `heading`, inserted
    /// at `index` of the line's items (those before it start before `heading`, those after it after the
    /// heads: a heading's title holds no sentence or clause punctuation, after which items open). Out of
    /// line: called only where 第 follows a break.
    @inline(never)
    static func insertHeadsAfterHeading(_ bytes: UnsafeBufferPointer<UInt8>, heading: Int, end: Int,
                                        into items: inout [InlineItem], at index: Int) {
        var heads: [InlineItem] = []
        guard appendHeadsAfterHeading(bytes, heading: heading, end: end, into: &heads) != nil else { return }
        items.insert(contentsOf: heads, at: index)
    }

    /// The head that follows a heading at `start` on its line, if one does: a heading is 第N编, 第N章 or
    /// 第N节, optional white space, and a short title (1 to 20 code points with the head, as `HeadingShape`
    /// takes a Chinese heading): Han characters, 、 and ·, and bracketed notes of Han characters and
    /// digits in （）()【】〔〕《》 ("总则（试行）", "数据安全（含个人信息保护）"); no other punctuation,
    /// digits or Latin letters. Then a head of a lower rank (第N章, 第N节 or 第N条), after white space or
    /// glued to the title ("第一章总则第一条为了…", as text copied from some pages prints it), followed
    /// by its text (no clause punctuation). The head's start, where its text starts, and its rank.
    ///
    /// References stay in their sentences: "依照本法第二十条的规定" and "本办法第四条第一款" open with no
    /// heading, "第三章第五条规定的" has no title. A head glued to its title needs more, since nothing
    /// else sets it off: a title that does not end in a function word (的 之 所 和 及 与 或 于 对 按 依 照
    /// 被 将 把 在: "第三章所列第五条", "第四章规定的第十条"), a title that does not open with a head
    /// ("第二章第三节第十条"), and a head whose text, when glued to it too, does not go on as a reference
    /// does (的 之 规 中 所 至 到 和 及 或 与 第 款 项 等 以 right after it: "第五条规定的", "第五条第一款",
    /// "第五条至第八条").
    ///
    /// - Complexity: O(1): at most 20 code points of title and a head are read. Most calls end at the
    ///   first byte (no 第).
    static func headAfterHeading(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int)
        -> (start: Int, textStart: Int, rank: TextScanning.ChineseHeadRank)? {
        // Most calls are at an article's head (第十二条 …): settled here, with `chineseHead` inlined.
        guard let (markerEnd, rank) = TextScanning.chineseHead(bytes, at: start, end: end), rank < .article else { return nil }
        return headAfterTitle(bytes, heading: start, markerEnd: markerEnd, rank: rank, end: end)
    }

    /// `headAfterHeading` past the heading's head (`heading..<markerEnd`, of `rank`): its title and the head
    /// after it. Out of line: only chapter, section and part heads get here.
    @inline(never)
    private static func headAfterTitle(_ bytes: UnsafeBufferPointer<UInt8>, heading start: Int, markerEnd: Int,
                                       rank: TextScanning.ChineseHeadRank, end: Int)
        -> (start: Int, textStart: Int, rank: TextScanning.ChineseHeadRank)? {
        var codePoints = 0
        for k in start..<markerEnd where bytes[k] & 0xC0 != 0x80 { codePoints += 1 }
        var i = markerEnd
        var title = 0
        var spaced = false
        // The title's last character, 0 for white space: a head follows a Han character or a closing bracket.
        var last: UInt32 = 0
        // The closing bracket of the note being read ("（试行）"), 0 outside one.
        var closing: UInt32 = 0
        // Whether the title opens with a head ("第二章第三节第十条规定", 第 and a numeral): no head glued to it
        // follows a heading.
        var titleOpensWithHead = false
        while i < end {
            let (c, length) = TextScanning.scalar(bytes, at: i)
            if c == 0x20 || c == 0x09 || c == 0x3000 || c == 0xA0 {
                spaced = true
                i += length
                continue
            }
            if c == 0x7B2C, closing == 0, title > 0, TextNormalizer.isHanIdeograph(last) || isClosingBracket(last),
               let (headEnd, nextRank) = TextScanning.chineseHead(bytes, at: i, end: end), nextRank > rank {
                let textStart = skipSpaces(bytes, from: headEnd, end: end)
                guard textStart < end else { return nil }
                let first = TextScanning.scalar(bytes, at: textStart).value
                guard !isClausePunctuation(first) else { return nil }
                if !spaced, titleOpensWithHead || endsNoTitle(last) || (textStart == headEnd && goesOnAsReference(first)) { return nil }
                return (i, textStart, nextRank)
            }
            // 第 and a numeral: no call to `chineseHead` (inlined into this function's other call, which is
            // on every line that opens with 第); "第三方…" counts too, which only keeps a glued head whole.
            if title == 0, c == 0x7B2C, i + length < end {
                let next = TextScanning.scalar(bytes, at: i + length).value
                titleOpensWithHead = TextScanning.isChineseNumeral(next) || TextScanning.isDigit(next)
            }
            if closing != 0 {
                // Inside a note: Han, digits, 、 and ·, up to its closing bracket.
                if c == closing {
                    closing = 0
                } else if !(isTitleCharacter(c) || TextScanning.isDigit(c)) {
                    return nil
                }
            } else if let close = closingBracket(opening: c) {
                closing = close
            } else if !isTitleCharacter(c) {
                return nil
            }
            title += 1
            codePoints += 1
            guard codePoints <= HeadingShape.maxHanCodePoints else { return nil }
            spaced = false
            last = c
            i += length
        }
        return nil
    }

    /// The brackets a note in a heading's title is written in, opening and closing: （）()【】〔〕《》.
    private static let noteBrackets: [(open: UInt32, close: UInt32)] = [
        (0xFF08, 0xFF09), (0x28, 0x29), (0x3010, 0x3011), (0x3014, 0x3015), (0x300A, 0x300B),
    ]

    /// The closing bracket of a note in a heading's title for the opening one `c`.
    private static func closingBracket(opening c: UInt32) -> UInt32? {
        noteBrackets.first { $0.open == c }?.close
    }

    /// What a Chinese heading's title is written in: Han characters, 、 and the middle dots · and ・.
    private static func isTitleCharacter(_ c: UInt32) -> Bool {
        TextNormalizer.isHanIdeograph(c) || c == 0x3001 || c == 0xB7 || c == 0x30FB
    }

    private static func isClosingBracket(_ c: UInt32) -> Bool {
        noteBrackets.contains { $0.close == c }
    }

    /// Function words no heading's title ends in, and a reference's words before an article do: 的 之
    /// 所 和 及 与 或 于 对 按 依 照 被 将 把 在 ("第三章所列第五条", "第四章规定的第十条").
    private static func endsNoTitle(_ c: UInt32) -> Bool {
        switch c {
        case 0x7684, 0x4E4B, 0x6240, 0x548C, 0x53CA, 0x4E0E, 0x6216, 0x4E8E, 0x5BF9, 0x6309, 0x4F9D, 0x7167, 0x88AB,
             0x5C06, 0x628A, 0x5728:
            return true
        default:
            return false
        }
    }

    /// Characters after 第N条 that make it a reference, not a head before its text: 的 之 规 中 所 至 到
    /// 和 及 或 与 第 款 项 等 以 ("第五条规定的", "第五条之一", "第五条至第八条", "第五条第一款").
    private static func goesOnAsReference(_ c: UInt32) -> Bool {
        switch c {
        case 0x7684, 0x4E4B, 0x89C4, 0x4E2D, 0x6240, 0x81F3, 0x5230, 0x548C, 0x53CA, 0x6216, 0x4E0E, 0x7B2C, 0x6B3E,
             0x9879, 0x7B49, 0x4EE5:
            return true
        default:
            return false
        }
    }

    /// Whether `byte` is one the scan stops at: `.;:?!`, or the lead byte of `。；：！？．` (E3, EF) or of
    /// U+2028 and U+2029 (E2). A bit set, not a switch: this runs on many bytes.
    @inline(__always)
    static func mayOpenItem(_ byte: UInt8) -> Bool {
        // Bits 0x21 ! 0x2E . 0x3A : 0x3B ; 0x3F ?
        let ascii: UInt64 = 1 << 0x21 | 1 << 0x2E | 1 << 0x3A | 1 << 0x3B | 1 << 0x3F
        if byte < 0x40 { return ascii >> UInt64(byte) & 1 != 0 }
        return byte == 0xE2 || byte == 0xE3 || byte == 0xEF
    }

    /// Whether no item can follow the ASCII punctuation mark `punctuation` that ends before `start`, by what
    /// follows at once: the end, or after at most one space a word or number that no full stop or bracket
    /// closes within a few bytes ("The", "the", "5%"), unless it may open a section label (after a full
    /// stop, "?" or "!") or is "and" or "or" (after ";"). False when the full look is needed
    /// (`itemAfterClauseEnd`).
    @inline(__always)
    static func opensNoItem(_ bytes: UnsafeBufferPointer<UInt8>, after start: Int, end: Int, punctuation: UInt8) -> Bool {
        var q = start
        if q < end, bytes[q] == 0x20 { q += 1 }
        guard q < end else { return true }
        let first = bytes[q]
        let letter = TextScanning.isASCIILetter(UInt32(first))
        guard letter || (first >= 0x30 && first <= 0x39) else { return false }
        if letter {
            if punctuation == 0x3B && (first == 0x61 || first == 0x6F) { return false }  // a(nd) o(r)
            if punctuation != 0x3B && punctuation != 0x3A && Segmenter.mayOpenSectionLabel(bytes, at: q, end: end) { return false }
        }
        var k = q + 1
        while k < end, k - q < 6, TextScanning.isASCIILetter(UInt32(bytes[k])) || (bytes[k] >= 0x30 && bytes[k] <= 0x39) { k += 1 }
        // Labels are at most five letters or three digits; "a." "iv)" "12." and a number before Chinese
        // punctuation ("1、", "1．", "1）") may open items.
        guard k < end, k - q < 6 else { return true }
        return bytes[k] != 0x2E && bytes[k] != 0x29 && bytes[k] < 0x80
    }

    /// Round brackets open at a point of a line, counted when asked (rarely: at a colon or semicolon
    /// before a marker), from where the last count stopped: O(line length) in all.
    struct BracketDepth {
        private var depth = 0
        private var counted: Int

        init(from start: Int) { counted = start }

        /// Whether a round bracket ( or （ opened before `position` is still open there.
        mutating func isOpen(at position: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            let open = SIMD16<UInt8>(repeating: 0x28), close = SIMD16<UInt8>(repeating: 0x29), fullWidth = SIMD16<UInt8>(repeating: 0xEF)
            while counted < position {
                // Sixteen bytes at a time past those without ( ) or the lead byte of （ ）: most of a line.
                if counted + 16 <= position, let base = bytes.baseAddress {
                    let block = UnsafeRawPointer(base + counted).loadUnaligned(as: SIMD16<UInt8>.self)
                    if !((block .== open) .| (block .== close) .| (block .== fullWidth)).anyLane {
                        counted += 16
                        continue
                    }
                }
                let stop = min(position, counted + 16)
                while counted < stop {
                    let byte = bytes[counted]
                    if byte == 0x28 {
                        depth += 1
                    } else if byte == 0x29 {
                        depth = max(0, depth - 1)
                    } else if byte == 0xEF, counted + 2 < bytes.count, bytes[counted + 1] == 0xBC, bytes[counted + 2] == 0x88 || bytes[counted + 2] == 0x89 {
                        depth = bytes[counted + 2] == 0x88 ? depth + 1 : max(0, depth - 1)
                    }
                    counted += 1
                }
            }
            return depth > 0
        }
    }

    /// Whether the text at `start` can open one of `TextScanning.sectionLabelEnd`'s words (Sec. SEC.
    /// Section SECTION Article ARTICLE Art. Part PART Subd. §), by its first four bytes: most sentences
    /// do not, and are not looked at further.
    @inline(__always)
    static func mayOpenSectionLabel(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Bool {
        guard start + 4 <= end else { return false }
        if bytes[start] == 0xC2 { return bytes[start + 1] == 0xA7 }  // §
        // The four bytes, first byte lowest (`TextScanning.pack`).
        let four = UInt32(bytes[start]) | UInt32(bytes[start + 1]) << 8 | UInt32(bytes[start + 2]) << 16 | UInt32(bytes[start + 3]) << 24
        switch four {
        case 0x2E636553 /* Sec. */, 0x74636553 /* Sect */, 0x2E434553 /* SEC. */, 0x54434553 /* SECT */,
             0x64627553 /* Subd */, 0x2E747241 /* Art. */, 0x69747241 /* Arti */,
             0x49545241 /* ARTI */, 0x74726150 /* Part */, 0x54524150 /* PART */:
            return true
        default:
            return false
        }
    }

    /// The item whose marker follows the sentence or clause end at `punctuation..<punctuationEnd`, if any.
    ///
    /// Most sentence ends are followed by no marker: what follows is looked at first, and only a marker
    /// or a section label gets the checks of what precedes (an abbreviation's look-up above all).
    private func itemAfterClauseEnd(_ bytes: UnsafeBufferPointer<UInt8>, punctuation: Int, punctuationEnd: Int, ascii: Bool,
                                    end: Int, brackets: inout BracketDepth, lineStart: Int) -> InlineItem? {
        var q = punctuationEnd
        // Closing quotes and brackets stay with the sentence they close.
        var closers = 0
        while q < end, closers < 4, let length = Segmenter.closerLength(bytes, at: q, end: end) {
            q += length
            closers += 1
        }
        let spaceStart = q
        q = Segmenter.skipSpaces(bytes, from: q, end: end)
        guard q < end else { return nil }
        let spaced = q > spaceStart
        let punctuationByte = bytes[punctuation]
        let last = bytes[punctuationEnd - 1]
        let fullStop = ascii ? punctuationByte != 0x3B && punctuationByte != 0x3A : punctuationByte == 0xE3 || last == 0x81 || last == 0x9F
        // A section label after a sentence end: "…the order. Sec. 4. The Secretary …", and run on where a line
        // break was lost, "…Act''.SEC. 2. FINDINGS.": the label opens a unit and keeps its number, as at a line start.
        var labelEnd: Int?
        if fullStop, Segmenter.mayOpenSectionLabel(bytes, at: q, end: end) {
            labelEnd = TextScanning.sectionLabelEnd(bytes, at: q, end: end)
        }
        var marker: (end: Int, number: Int, chinese: Bool)?
        if labelEnd == nil {
            // "…; and (C) the Administrator."
            if ascii && punctuationByte == 0x3B && spaced, let after = Segmenter.listConjunctionEnd(bytes, at: q, end: end) {
                q = Segmenter.skipSpaces(bytes, from: after, end: end)
            }
            guard q < end, let found = Segmenter.inlineMarker(bytes, at: q, end: end) else { return nil }
            marker = found
        }
        if ascii && punctuationByte == 0x2E {
            // "U.S.C. (b)", "subd. (k)", "Sec. 5. (a)", "11547.5. (a)": no sentence ends there.
            if followsAbbreviation(bytes, boundary: punctuationEnd, lineStart: lineStart)
                || Segmenter.endsCitationWord(bytes, fullStop: punctuation, lineStart: lineStart)
                || endsLabel(bytes, fullStop: punctuation, lineStart: lineStart) {
                return nil
            }
        }
        if let labelEnd {
            return InlineItem(start: q, protectedEnd: Segmenter.skipSpaces(bytes, from: labelEnd, end: end), breaks: true, number: -1, glued: false)
        }
        guard let marker else { return nil }
        // In a parenthesis a colon or semicolon lists what is cited, and "1)" closes the parenthesis:
        // "(15 U.S.C. 44; 45(a)(2); 46)", "(Public Law 116-92; 10 U.S.C. note prec. 501)".
        if !fullStop || Segmenter.markerCloses(bytes, at: q, end: end), brackets.isOpen(at: punctuation, in: bytes) { return nil }
        // A marker opens an item only with the item's text after it on the line: "chapters 604; 609; 617." lists numbers.
        let textStart = Segmenter.skipSpaces(bytes, from: marker.end, end: end)
        guard textStart < end else { return nil }
        // "Item one.(a) is next" runs on; "义务:(一)建立" and "目的.(二)加强" are Chinese with half-width punctuation.
        if ascii && !spaced && !marker.chinese {
            guard punctuation > 0,
                  (bytes[punctuation - 1] >= 0x80
                   && TextScanning.isCJK(TextScanning.scalar(bytes, at: TextScanning.lead(before: punctuation, in: bytes, notBefore: 0)).value))
                  || Self.isGluedLatinItem(bytes, punctuation: punctuation, marker: q, markerEnd: marker.end, textStart: textStart, fullStop: fullStop)
            else {
                return nil
            }
        }
        return InlineItem(start: q, protectedEnd: textStart, breaks: true, number: marker.number, glued: false)
    }

    /// Whether a bracketed marker glued to a sentence's end opens an item, as text flattened from a PDF
    /// or web page runs a bill's subsections on: "…reserve periods.(e) Implementation Plan.—", "…the court
    /// deems appropriate.(b) In determining…". ICU breaks there only before a capital ("harm.(D) Describes"),
    /// since UAX #29 (SB8) reads "(b)" as the sentence going on in lower case. Glued, the marker must
    /// follow a word of two letters or more (a heading in capitals too: "…AVIATION SAFETY.(a) In General")
    /// and be followed by a space and a capital, the shape of a new provision: "Item one.(a) is next",
    /// "see paragraph 3.(a)", "U.S.(A)" and a label "III.(a)" run on. The end of a quoted amendment counts
    /// as a word's: "…this section.”.(c) Hiring Critical Technology".
    /// - Complexity: O(length of the word before the full stop).
    private static func isGluedLatinItem(_ bytes: UnsafeBufferPointer<UInt8>, punctuation: Int, marker: Int, markerEnd: Int,
                                         textStart: Int, fullStop: Bool) -> Bool {
        guard fullStop, bytes[marker] == 0x28, textStart > markerEnd, opensProvision(bytes, at: textStart, end: bytes.count) else {
            return false
        }
        // The end of a quoted amendment: "…to carry out this section.”.(c) Hiring", "…2024''.(b) Reports".
        var wordEnd = punctuation
        var quotes = 0
        while quotes < 2, wordEnd > 0 {
            if bytes[wordEnd - 1] == 0x22 || bytes[wordEnd - 1] == 0x27 {
                wordEnd -= 1
            } else if TextScanning.curlyClosingQuoteEnds(bytes, at: wordEnd, notBefore: 0) {
                wordEnd -= 3
            } else {
                break
            }
            quotes += 1
        }
        if quotes > 0 {
            if wordEnd > 0, bytes[wordEnd - 1] == 0x2E || bytes[wordEnd - 1] == 0x3F || bytes[wordEnd - 1] == 0x21 { wordEnd -= 1 }
            // A digit may end what is quoted: "…fiscal year 2024''.".
            if wordEnd > 0, bytes[wordEnd - 1] >= 0x30, bytes[wordEnd - 1] <= 0x39 { return true }
        }
        // A citation ends the sentence: "…subparagraph (A).(b) On or before…", "…(42 U.S.C. 1862g).(b) Support".
        if wordEnd > 0, bytes[wordEnd - 1] == 0x29 { return true }
        var wordStart = wordEnd
        while wordStart > 0, TextScanning.isASCIILetter(UInt32(bytes[wordStart - 1])) { wordStart -= 1 }
        return wordEnd - wordStart >= 2 && !isRomanNumeral(bytes, wordStart..<wordEnd)
    }

    /// Whether a provision's text starts at `start`: a capital, a defined term in quotes (“Computing
    /// cluster” means…, ``Covered model''), or a further marker and then either ("(e) (1) On or before…").
    private static func opensProvision(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, nested: Bool = false) -> Bool {
        guard start < end else { return false }
        if bytes[start] >= 0x41 && bytes[start] <= 0x5A { return true }
        if let quoted = TextScanning.openingQuoteEnd(bytes, at: start, end: end) {
            return quoted < end && bytes[quoted] >= 0x41 && bytes[quoted] <= 0x5A
        }
        guard !nested, bytes[start] == 0x28, let markerEnd = TextScanning.structuralMarkerEnd(bytes, at: start, end: min(end, start + 12)),
              markerEnd < end, bytes[markerEnd] == 0x20 else { return false }
        return opensProvision(bytes, at: Segmenter.skipSpaces(bytes, from: markerEnd, end: end), end: end, nested: true)
    }

    /// Whether the letters are a Roman numeral in one case ("III", "iv"): a section's label, as in
    /// "III.(a) The prohibition…", which a break after "III." would leave a span of its own.
    private static func isRomanNumeral(_ bytes: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
        func isNumeral(_ b: UInt8) -> Bool {
            switch b {
            case 0x49, 0x56, 0x58, 0x4C, 0x43, 0x44, 0x4D: return true  // I V X L C D M
            default: return false
            }
        }
        return word.allSatisfy { isNumeral(bytes[$0]) } || word.allSatisfy { isNumeral(bytes[$0] &- 0x20) }
    }

    /// Whether the text at `start` is a marker that closes a bracket without opening one ("1)", "a)").
    private static func markerCloses(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Bool {
        var i = start
        while i < end, i - start < 6, TextScanning.isASCIILetter(UInt32(bytes[i])) || TextScanning.isDigit(UInt32(bytes[i])) { i += 1 }
        return i > start && i < end && bytes[i] == 0x29
    }

    /// Whether the full stop at `fullStop` ends a number that is only a label ("4.", "11547.5.", "12(a)."):
    /// the number opens the line, follows a section word ("Sec. 5.", "No. 3."), or follows the end of a
    /// sentence ("…text. 11547.5. (a)"). A number after other words ends a sentence ("Public Law 117-263.").
    private func endsLabel(_ bytes: UnsafeBufferPointer<UInt8>, fullStop: Int, lineStart: Int) -> Bool {
        var tokenStart = fullStop
        while tokenStart > lineStart, fullStop - tokenStart < 32 {
            let byte = bytes[tokenStart - 1]
            if byte == 0x20 || byte == 0x09 || byte >= 0x80 { break }
            tokenStart -= 1
        }
        guard tokenStart < fullStop, TextScanning.isDigit(UInt32(bytes[fullStop - 1])) || bytes[fullStop - 1] == 0x29 else { return false }
        // Digits, dots, hyphens and bracketed labels only ("12(a)", "117-263"); a letter outside brackets is a word ("AI-2").
        var bracketed = false
        for k in tokenStart..<fullStop {
            let byte = bytes[k]
            if byte == 0x28 { bracketed = true } else if byte == 0x29 { bracketed = false } else if !bracketed && TextScanning.isASCIILetter(UInt32(byte)) { return false }
        }
        var before = tokenStart
        while before > lineStart, bytes[before - 1] == 0x20 || bytes[before - 1] == 0x09 { before -= 1 }
        if before <= lineStart { return true }
        var wordStart = before
        while wordStart > lineStart, before - wordStart < 10, bytes[wordStart - 1] != 0x20, bytes[wordStart - 1] != 0x09 { wordStart -= 1 }
        let word = UnsafeBufferPointer(rebasing: bytes[wordStart..<before])
        if Segmenter.labelWords.contains(where: { $0.elementsEqual(word) }) { return true }
        // After a sentence end, not after an abbreviation ("Pub. L. 117-263. (b)" ends a sentence).
        return bytes[before - 1] == 0x2E && !followsAbbreviation(bytes, boundary: before, lineStart: lineStart)
    }

    /// The end of "and" or "or" at `i` when white space follows it (a US list's last item: "; and (C) …").
    private static func listConjunctionEnd(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> Int? {
        var k = i
        if k + 3 < end, bytes[k] == 0x61, bytes[k + 1] == 0x6E, bytes[k + 2] == 0x64 {
            k += 3
        } else if k + 2 < end, bytes[k] == 0x6F, bytes[k + 1] == 0x72 {
            k += 2
        } else {
            return nil
        }
        return bytes[k] == 0x20 || bytes[k] == 0x09 ? k : nil
    }

    /// Whether the full stop at `fullStop` ends a word that cites a part of a law ("subd. (k)", "cl. (ii)",
    /// "par. (2)", "tit. 2"): the marker after it is the part cited, in any case.
    private static func endsCitationWord(_ bytes: UnsafeBufferPointer<UInt8>, fullStop: Int, lineStart: Int) -> Bool {
        var wordStart = fullStop
        while wordStart > lineStart, fullStop - wordStart <= 8, TextScanning.isASCIILetter(UInt32(bytes[wordStart - 1])) { wordStart -= 1 }
        guard wordStart < fullStop, fullStop - wordStart <= 8 else { return false }
        if wordStart > lineStart, TextScanning.isASCIILetter(UInt32(bytes[wordStart - 1])) { return false }
        return citationWords.contains(TextScanning.pack(bytes[wordStart..<fullStop].lazy.map { $0 | 0x20 }))
    }

    /// Lowercased, packed (`TextScanning.pack`).
    private static let citationWords: Set<UInt64> = Set(["subd", "subds", "subdiv", "subsec", "subsecs", "subpar", "subpara", "subparas",
                                                         "par", "pars", "para", "paras", "cl", "cls", "sec", "secs", "ch",
                                                         "chs", "chap", "tit", "div", "pt", "pts", "p", "pp", "no", "nos", "id", "ibid",
                                                         "supra", "seq", "subch", "subchap", "subtit", "reg", "regs", "sub", "subs", "prec"].map { TextScanning.pack($0.utf8) })

    /// Words a section or item number follows as its label, not as the end of a sentence.
    private static let labelWords: [[UInt8]] = ["Sec.", "SEC.", "Secs.", "Section", "SECTION", "§", "Art.", "Article", "ARTICLE",
                                                "Part", "PART", "Chapter", "CHAPTER", "No.", "Nos.", "Para.", "Paragraph"].map { Array($0.utf8) }

    /// A marker at `start` in the middle of a line: the end of it, N for "N." and "N．" (else -1), and
    /// whether it is Chinese in style (full-width brackets, 一、, ①, or Chinese text right after it).
    ///
    /// Stricter than `TextScanning.structuralMarkerEnd`, which judges line starts: no dotted numbers
    /// ("1.2", "3.5亿元"), no bracketed years ("（2021）"), no bullets or dashes, and a letter marker only
    /// followed by white space or Chinese text ("i.e." and "e.g." are none).
    static func inlineMarker(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> (end: Int, number: Int, chinese: Bool)? {
        func peek(_ i: Int) -> UInt32? { i < end ? TextScanning.scalar(bytes, at: i).value : nil }
        func length(_ i: Int) -> Int { TextScanning.scalar(bytes, at: i).length }
        /// What may follow a marker: white space, the end, an opening bracket ("(b)(1)"), Chinese text.
        func opensText(_ i: Int) -> (ok: Bool, chinese: Bool) {
            guard let next = peek(i) else { return (true, false) }
            if TextScanning.isSpace(next) || next == 0x28 || next == 0x201C || next == 0x22 { return (true, false) }
            let chinese = TextScanning.isCJK(next) && !isClausePunctuation(next)
            return (chinese, chinese)
        }
        guard let first = peek(start) else { return nil }
        var i = start + length(start)
        switch first {
        case 0x28, 0xFF08:  // ( （
            var digits = 0, numerals = 0, letters = 0, romans = 0
            var upper = false, lower = false
            while let c = peek(i), digits + numerals + letters < 6 {
                if TextScanning.isDigit(c) { digits += 1 } else if TextScanning.isChineseNumeral(c) { numerals += 1 } else if TextScanning.isASCIILetter(c) {
                    letters += 1
                    if c < 0x61 { upper = true } else { lower = true }
                    if isRomanDigit(c) { romans += 1 }
                } else { break }
                i += length(i)
            }
            guard let close = peek(i), close == 0x29 || close == 0xFF09 else { return nil }
            let kinds = (digits > 0 ? 1 : 0) + (numerals > 0 ? 1 : 0) + (letters > 0 ? 1 : 0)
            guard kinds == 1, digits <= 3, numerals <= 4, letters <= 1 || (romans == letters && !(upper && lower)) else { return nil }
            i += length(i)
            if peek(i) == 0x28 {
                // A chain "(b)(1)(A)" opens an item only before its text: "; (b)(1)(iii)(B)( 2), …" and
                // "subd. (k)(1);" cite.
                var k = i
                while peek(k) == 0x28 {
                    var m = k + 1
                    var count = 0
                    while let c = peek(m), count < 5, TextScanning.isASCIILetter(c) || TextScanning.isDigit(c) { m += length(m); count += 1 }
                    guard count > 0, peek(m) == 0x29 else { return nil }
                    k = m + 1
                }
                guard let after = peek(k), TextScanning.isSpace(after) else { return nil }
            }
            let next = opensText(i)
            guard next.ok else { return nil }
            // "phone: (800) 232-4636": an area code, not an item.
            if digits > 0, let after = peek(i), TextScanning.isSpace(after), let digit = peek(i + length(i)), TextScanning.isDigit(digit) { return nil }
            return (i, -1, first == 0xFF08 || numerals > 0 || next.chinese)
        case 0x2460...0x2473, 0x2776...0x277F:  // ① … ⑳, ❶ … ❿
            return (i, -1, true)
        default:
            break
        }
        if TextScanning.isChineseNumeral(first) {
            var count = 1
            while let c = peek(i), TextScanning.isChineseNumeral(c), count < 4 { i += length(i); count += 1 }
            guard peek(i) == 0x3001 else { return nil }  // 一、
            i += length(i)
            // "分为：一、二、三级" enumerates numbers, it opens no item.
            if let next = peek(i), TextScanning.isChineseNumeral(next) || TextScanning.isDigit(next) { return nil }
            return (i, -1, true)
        }
        if TextScanning.isDigit(first) {
            var digits = 1
            var number = Int(first >= 0xFF10 ? first - 0xFF10 : first - 0x30)
            while let c = peek(i), TextScanning.isDigit(c) {
                i += length(i)
                digits += 1
                // Only up to four digits count (more are no marker): a run of 80 digits overflowed.
                if digits <= 4 { number = number &* 10 &+ Int(c >= 0xFF10 ? c &- 0xFF10 : c &- 0x30) }
            }
            guard digits <= 3, let after = peek(i) else { return nil }
            i += length(i)
            if let next = peek(i), TextScanning.isDigit(next) { return nil }  // 3.5  1、2
            switch after {
            case 0x3001:  // 1、
                return (i, -1, true)
            case 0x29, 0xFF09:  // 1) 1）
                let next = opensText(i)
                return next.ok ? (i, -1, after == 0xFF09 || next.chinese) : nil
            case 0x2E, 0xFF0E:  // 1. 1．
                let next = opensText(i)
                return next.ok && peek(i) != 0x28 ? (i, number, after == 0xFF0E || next.chinese) : nil
            default:
                return nil
            }
        }
        if TextScanning.isASCIILetter(first) {
            var count = 1
            var allRoman = isRomanDigit(first)
            let upper = first < 0x61
            while let c = peek(i), TextScanning.isASCIILetter(c), count < 5 {
                guard (c < 0x61) == upper else { return nil }
                allRoman = allRoman && isRomanDigit(c)
                i += 1
                count += 1
            }
            guard count == 1 || allRoman, let after = peek(i), after == 0x2E || after == 0x29 else { return nil }
            i += 1
            let next = opensText(i)
            guard next.ok, peek(i) != 0x28 else { return nil }
            return (i, -1, next.chinese)
        }
        return nil
    }

    /// i v x l c in either case: the letters of a roman number label.
    @inline(__always)
    private static func isRomanDigit(_ c: UInt32) -> Bool {
        switch c | 0x20 {
        case 0x69, 0x76, 0x78, 0x6C, 0x63: return true
        default: return false
        }
    }

    /// 。，、；： — what cannot open an item's text.
    private static func isClausePunctuation(_ c: UInt32) -> Bool {
        c == 0x3002 || c == 0xFF0C || c == 0x3001 || c == 0xFF1B || c == 0xFF1A
    }

    /// The "N." or "N．" whose full stop is `dot..<dotEnd` (1–3 ASCII digits before it, from `lowerLimit`
    /// on) when Han text follows it and no digit, letter, dot, hyphen or slash precedes the number: a
    /// marker glued to the Han text before it (`glued`, decided by `settleGluedNumbers`), or after anything
    /// else one that only keeps its text (ICU's break after it is dropped). Else nil.
    static func gluedNumber(_ bytes: UnsafeBufferPointer<UInt8>, dot: Int, dotEnd: Int, from lowerLimit: Int, end: Int) -> InlineItem? {
        var start = dot
        while start > lowerLimit, dot - start < 4, bytes[start - 1] >= 0x30, bytes[start - 1] <= 0x39 { start -= 1 }
        guard start < dot, dot - start <= 3 else { return nil }
        var textStart = dotEnd
        if textStart < end, bytes[textStart] == 0x20 { textStart += 1 }
        guard textStart < end, bytes[textStart] >= 0x80,
              TextNormalizer.isHanIdeograph(TextScanning.scalar(bytes, at: textStart).value) else { return nil }
        var previous: UInt32 = 0x20
        if start > 0 {
            let byte = bytes[start - 1]
            if byte < 0x80 {
                // "V1.0.2", "2023.07.13", "AI2.": part of a word or number.
                if byte == 0x2E || TextScanning.isASCIILetter(UInt32(byte)) || TextScanning.isDigit(UInt32(byte)) || byte == 0x2D || byte == 0x2F {
                    return nil
                }
                previous = UInt32(byte)
            } else {
                previous = TextScanning.scalar(bytes, at: TextScanning.lead(before: start, in: bytes, notBefore: 0)).value
                if TextScanning.isDigit(previous) || (0xFF21...0xFF5A).contains(previous) || previous == 0xFF0E { return nil }
            }
        }
        var number = 0
        for k in start..<dot { number = number * 10 + Int(bytes[k] - 0x30) }
        let glued = TextNormalizer.isHanIdeograph(previous)
        return InlineItem(start: glued ? start : textStart - 1, protectedEnd: textStart, breaks: false, number: number, glued: glued)
    }

    /// Makes a glued "N." an item (breaking before it) when the "N." markers next to it on the line number
    /// it in sequence: "N-1." before it or "N+1." after it.
    static func settleGluedNumbers(_ items: inout [InlineItem]) {
        let numbered = items.indices.filter { items[$0].number >= 0 }
        for (k, index) in numbered.enumerated() where items[index].glued {
            let number = items[index].number
            let follows = k > 0 && items[numbered[k - 1]].number == number - 1
            let precedes = k + 1 < numbered.count && items[numbered[k + 1]].number == number + 1
            if follows || precedes { items[index].breaks = true }
        }
        for index in numbered where items[index].glued && !items[index].breaks {
            // Only ICU's break after the marker is dropped: protect from the marker's last byte on.
            items[index].start = items[index].protectedEnd - 1
        }
    }

    /// The length of a closing quote or bracket at `i` (" ' ) ] ” ’ 」 』 》 ）), else nil.
    private static func closerLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> Int? {
        let byte = bytes[i]
        if byte == 0x22 || byte == 0x27 || byte == 0x29 || byte == 0x5D { return 1 }
        guard byte >= 0xE2, i + 2 < end else { return nil }
        switch (byte, bytes[i + 1], bytes[i + 2]) {
        case (0xE2, 0x80, 0x9D), (0xE2, 0x80, 0x99), (0xE3, 0x80, 0x8D), (0xE3, 0x80, 0x8F), (0xE3, 0x80, 0x8B), (0xEF, 0xBC, 0x89):
            return 3
        default:
            return nil
        }
    }

    /// `from` moved past white space (ASCII and Unicode spaces, the ideographic space).
    static func skipSpaces(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, end: Int) -> Int {
        var i = from
        while i < end {
            if bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1; continue }
            guard bytes[i] >= 0x80 else { break }
            let (value, length) = TextScanning.scalar(bytes, at: i)
            guard TextScanning.isSpace(value) else { break }
            i += length
        }
        return i
    }
}
