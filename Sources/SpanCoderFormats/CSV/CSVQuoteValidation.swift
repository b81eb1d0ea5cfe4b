import SpanCoderCore

/// Checks the quoting of CSV text (RFC 4180) before a lenient parser reads it.
///
/// CSV.swift, like many readers, lets a quoted field that is never closed run to the end of the file,
/// which silently swallows every later row into one cell. This scan finds that (and text after a
/// closing quote) so readers can report it with the line of the opening quote.
public enum CSVQuoteValidation {
    /// A quoting problem: where, and what is wrong.
    public struct Problem: Sendable, Equatable {
        /// 1-based line of the quote that starts the problem.
        public var line: Int
        /// Byte offset of that quote in the text.
        public var byteOffset: Int
        public var message: String
    }

    /// The first quoting problem in `text`, or nil when every quoted field is closed properly.
    /// - Complexity: O(n), one pass over the UTF-8 bytes.
    public static func firstProblem(in text: String, delimiter: UInt8 = UInt8(ascii: ",")) -> Problem? {
        var text = text
        return text.withUTF8 { firstProblem(in: $0, delimiter: delimiter) }
    }

    public static func firstProblem(in bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8 = UInt8(ascii: ",")) -> Problem? {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var line = 1
        var index = 0
        var atFieldStart = true
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if atFieldStart && byte == quote {
                let openLine = line, openOffset = index
                index += 1
                var closed = false
                while index < count {
                    let inner = bytes[index]
                    if inner == quote {
                        if index + 1 < count && bytes[index + 1] == quote {
                            index += 2
                            continue
                        }
                        closed = true
                        index += 1
                        break
                    }
                    if inner == lf { line += 1 }
                    index += 1
                }
                guard closed else {
                    return Problem(line: openLine, byteOffset: openOffset,
                                   message: "a quoted field opened here is never closed (expected a closing \" before the end of the file)")
                }
                if index < count, bytes[index] != delimiter, bytes[index] != cr, bytes[index] != lf {
                    let expected = "expected \(delimiter == 9 ? "a tab" : "'\(Character(Unicode.Scalar(delimiter)))'") or the end of the line; write a quote inside a quoted field as \"\""
                    guard line == openLine else {
                        // The quote that "closes" the field is on a later line: most likely the field's own
                        // closing quote is missing here, and a quote further down paired with it.
                        return Problem(line: openLine, byteOffset: openOffset,
                                       message: "a quoted field opened here runs on to line \(line), where the quote that closes it is followed by text (\(expected)); is its closing quote missing on line \(openLine)?")
                    }
                    return Problem(line: line, byteOffset: index, message: "text after the closing quote of a field (\(expected))")
                }
                atFieldStart = false
                continue
            }
            if byte == delimiter {
                atFieldStart = true
            } else if byte == lf {
                line += 1
                atFieldStart = true
            } else if byte == cr {
                atFieldStart = true
            } else {
                atFieldStart = false
            }
            index += 1
        }
        return nil
    }
}
