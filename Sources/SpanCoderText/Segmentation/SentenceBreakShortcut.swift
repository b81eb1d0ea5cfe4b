import CICU

/// The sentence breaks ICU would report in a line, found without ICU when the line's terminators leave
/// its rules nothing to decide; nil when they might (the caller then asks ICU).
///
/// Of the rules of UAX #29 (ICU's sentence rules), only those after a terminator can break inside a
/// line, and for a full stop (ATerm) they look far ahead (SB6–SB8: "U.S.", "3.5", ". the") and ICU's
/// `@ss=standard` filter looks back at abbreviations. A line qualifies when it has no ATerm at all,
/// no separator, no Extend or Format character, and each STerm (。！？!?) is followed by Close* Sp*
/// and then by a character that neither continues the sentence (SContinue, SB8a), nor is another
/// terminator, nor is a Close or Sp after the spaces: then SB11 breaks right before that character,
/// and nowhere else. Chinese policy text is mostly such lines; English lines (full stops) never are.
///
/// Exactness is checked against ICU on the corpora and on random text built from every class that
/// matters here (`SegmenterTests`): the same spans, with and without the shortcut.
enum SentenceBreakShortcut {
    /// ICU's Sentence_Break values (UCHAR_SENTENCE_BREAK).
    static let aTerm: UInt8 = 1, close: UInt8 = 2, format: UInt8 = 3, sep: UInt8 = 7, sp: UInt8 = 8,
               sTerm: UInt8 = 9, cr: UInt8 = 11, extend: UInt8 = 12, lf: UInt8 = 13, sContinue: UInt8 = 14

    /// The property of every BMP code point (64 KB, from ICU once per process).
    static let bmp: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 0x10000)
        table.withUnsafeMutableBufferPointer { sc_sentence_break_classes($0.baseAddress!, Int32($0.count)) }
        return table
    }()

    /// The breaks inside `line` (valid UTF-8, no line break inside), in order, without its end; nil
    /// when ICU must decide.
    ///
    /// - Complexity: O(n); stops at the first full stop, so an English line costs only its first
    ///   sentence before ICU takes over.
    static func breaks(_ bytes: UnsafeBufferPointer<UInt8>, line: Range<Int>) -> [Int]? {
        var found: [Int] = []
        let end = line.upperBound
        let ok: Bool = bmp.withUnsafeBufferPointer { table in
            @inline(__always) func classAt(_ i: Int) -> (UInt8, Int) {
                let (value, length) = TextScanning.scalar(bytes, at: i)
                if value < 0x10000 { return (table[Int(value)], length) }
                return (UInt8(truncatingIfNeeded: sc_sentence_break_class(value)), length)
            }
            var i = line.lowerBound
            while i < end {
                let byte = bytes[i]
                if byte < 0x80 {
                    // ASCII: only '.' (ATerm) and '!', '?' (STerm) matter before a terminator.
                    if byte == 0x2E { return false }
                    if byte != 0x21 && byte != 0x3F { i += 1; continue }
                }
                let (kind, length) = classAt(i)
                switch kind {
                case aTerm, sep, cr, lf, extend, format:
                    return false
                case sTerm:
                    var j = i + length
                    while j < end { let (k, l) = classAt(j); if k == close { j += l } else { break } }
                    while j < end { let (k, l) = classAt(j); if k == sp { j += l } else { break } }
                    if j < end {
                        switch classAt(j).0 {
                        case sContinue, sTerm, aTerm, close, sp, sep, cr, lf, extend, format: return false
                        default: found.append(j)
                        }
                    }
                    i = j
                default:
                    i += length
                }
            }
            return true
        }
        return ok ? found : nil
    }
}
