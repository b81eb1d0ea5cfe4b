import SpanCoderCore

/// What ICU's word rules say a word is, from the rule status of the boundary that ends it.
public enum WordKind: String, Sendable, Hashable, CaseIterable {
    /// Spaces, punctuation and symbols.
    case nonWord
    case number
    /// Letters of alphabetic scripts (and Hangul).
    case letter
    case kana
    /// Han characters, cut by ICU's dictionary (人工智能 → 人工 | 智能).
    case ideographic
}

/// One word (or run of spaces and punctuation) from `WordBreaker`.
public struct Word: Sendable, Hashable {
    /// Code point offsets into the original text, half-open.
    public var range: TextRange
    /// UTF-8 byte offsets into the original text, half-open.
    public var utf8Range: Range<Int>
    public var kind: WordKind
}

/// ICU word breaks with their rule status, for consumers that need words (statistics, tokens for
/// display). Not used for lexicon matching: ICU's dictionary cuts Chinese terms apart, and word
/// breaking Chinese is about 25 times slower than sentence breaking.
///
/// Thread-safe: concurrent calls each borrow their own ICU iterator.
public final class WordBreaker: Sendable {
    private let pool: BreakIteratorPool

    /// - Parameter locale: ICU locale of the word rules ("" for the root rules, which handle Chinese).
    public init(locale: String = "") {
        pool = BreakIteratorPool(kind: .word, locale: locale)
    }

    /// Every piece between two word boundaries of `text`, in order, covering the whole text
    /// (line by line; line breaks are pieces of kind `.nonWord`). With `wordsOnly`, pieces of kind
    /// `.nonWord` are left out.
    ///
    /// - Complexity: O(n); about 23 MB/s on Chinese text (dictionary lookups), 90 MB/s on English.
    public func words(in text: String, wordsOnly: Bool = false) -> [Word] {
        var copy = text
        return copy.withUTF8 { bytes in
            var out: [Word] = []
            guard !bytes.isEmpty else { return out }
            var codePoint = 0
            var byte = 0
            func append(_ range: Range<Int>, _ kind: WordKind) {
                codePoint += UTF8CodePoints.count(bytes, from: byte, to: range.lowerBound)
                let start = codePoint
                codePoint += UTF8CodePoints.count(bytes, from: range.lowerBound, to: range.upperBound)
                byte = range.upperBound
                if wordsOnly && kind == .nonWord { return }
                out.append(Word(range: TextRange(start: start, end: codePoint), utf8Range: range, kind: kind))
            }
            pool.withWorker { worker in
                var lineStart = 0
                while lineStart < bytes.count {
                    let lineBreak = TextScanning.nextLineBreak(bytes, from: lineStart, end: bytes.count)
                    let lineEnd = lineBreak?.lineEnd ?? bytes.count
                    var pieceStart = lineStart
                    worker.boundaries(in: bytes, range: lineStart..<lineEnd, wantStatus: true) { boundary, status in
                        append(pieceStart..<boundary, WordBreaker.kind(ofStatus: status))
                        pieceStart = boundary
                    }
                    guard let next = lineBreak?.nextStart else { break }
                    append(lineEnd..<next, .nonWord)
                    lineStart = next
                }
            }
            return out
        }
    }

    static func kind(ofStatus status: Int32) -> WordKind {
        switch status {
        case 100..<200: return .number
        case 200..<300: return .letter
        case 300..<400: return .kana
        case 400..<500: return .ideographic
        default: return .nonWord
        }
    }
}
