import SpanCoderCore

/// The unit a `Segmenter` cuts text into.
public enum SegmentUnit: String, Sendable, CaseIterable, Codable {
    /// Sentences (ICU sentence breaks), also ended by every line break and started by every article
    /// head (第十二条) and list item (（一）, (1), 1., 一、, a), •) at the start of a line.
    case sentence
    /// Paragraphs: blocks of lines between blank lines; an article head or list item at a line start
    /// begins a new one. Where blank lines are rare (fewer than one per 20 lines of text), each line
    /// is a paragraph.
    case paragraph
    /// Sentences further split after each semicolon (；or ;).
    case clause
    /// The whole document (without surrounding white space) as one span.
    case document
}

/// The language of a span, judged by the scripts of its letters.
public enum SpanLanguage: String, Sendable, CaseIterable, Codable {
    case zh
    case en
    /// Substantial Chinese and Latin-script text together.
    case mixed
    /// Other scripts, or no letters at all (numbers, punctuation).
    case other
}

/// One span of a document: where it is, in code points and in UTF-8 bytes, and its language.
///
/// Spans never include surrounding white space, and `range` always slices the original text exactly.
public struct Segment: Sendable, Hashable {
    /// Code point offsets into the original text, half-open.
    public var range: TextRange
    /// UTF-8 byte offsets into the original text, half-open (for slicing `text.utf8` without walking).
    public var utf8Range: Range<Int>
    public var language: SpanLanguage

    public init(range: TextRange, utf8Range: Range<Int>, language: SpanLanguage) {
        self.range = range
        self.utf8Range = utf8Range
        self.language = language
    }

    /// The span's text, cut from the document text it was found in.
    ///
    /// - Complexity: O(length of the span) for native Swift strings.
    public func text(in document: String) -> String {
        let utf8 = document.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: utf8Range.lowerBound)
        let end = utf8.index(start, offsetBy: utf8Range.count)
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }
}

extension SpanLanguage {
    /// How many bytes of a span are read to judge its language: plenty for any real sentence, and a
    /// bound for pathological spans (a 100 MB line without punctuation).
    static let sampleLimit = 1 << 16

    /// Classifies UTF-8 text by counting Han characters, Latin letters (one third each: a Latin word
    /// weighs about as much as one or two Han characters) and letters of other scripts. A script with
    /// at least 80% of the weight decides; Han and Latin together with 80% make `.mixed`.
    public static func classify(utf8 bytes: UnsafeBufferPointer<UInt8>) -> SpanLanguage {
        var han = 0
        var latin = 0
        var other = 0
        let count = min(bytes.count, sampleLimit)
        var i = 0
        let base = bytes.baseAddress
        while i < count {
            // ASCII eight bytes at a time.
            while i + 8 <= count {
                let word = UnsafeRawPointer(base! + i).loadUnaligned(as: UInt64.self)
                if !ASCIILanes.isASCII(word) { break }
                latin += ASCIILanes.count(ASCIILanes.letters(word))
                i += 8
            }
            if i >= count { break }
            let byte = bytes[i]
            if byte < 0x80 {
                if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A { latin += 1 }
                i += 1
                continue
            }
            var scalar: UInt32
            var length: Int
            if byte >= 0xF0 {
                length = 4; scalar = UInt32(byte & 0x07)
            } else if byte >= 0xE0 {
                length = 3; scalar = UInt32(byte & 0x0F)
            } else if byte >= 0xC0 {
                length = 2; scalar = UInt32(byte & 0x1F)
            } else {
                i += 1
                continue
            }
            if i + length > bytes.count { break }
            for k in 1..<length { scalar = scalar << 6 | UInt32(bytes[i + k] & 0x3F) }
            i += length
            switch scalar {
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF, 0x3005, 0x3007:
                han += 1
            case 0x00C0...0x024F, 0x1E00...0x1EFF, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
                latin += 1
            case 0x0370...0x1FFF, 0x3040...0x30FF, 0x3130...0x318F, 0xAC00...0xD7AF:
                // Greek, Cyrillic, Arabic, Indic…, kana, Hangul.
                if scalar < 0x2000 && scalar >= 0x1E00 { latin += 1 } else { other += 1 }
            default:
                break  // punctuation, digits, symbols, emoji: no language
            }
        }
        let hanWeight = Double(han)
        let latinWeight = Double(latin) / 3
        let total = hanWeight + latinWeight + Double(other)
        if total == 0 { return .other }
        if hanWeight >= 0.8 * total { return .zh }
        if latinWeight >= 0.8 * total { return .en }
        if hanWeight > 0, latinWeight > 0, hanWeight + latinWeight >= 0.8 * total { return .mixed }
        return .other
    }

    /// Classifies `text` (see `classify(utf8:)`).
    public static func classify(_ text: String) -> SpanLanguage {
        var copy = text
        return copy.withUTF8 { classify(utf8: $0) }
    }
}
