/// Minimal JSON text building for hot output paths, where `JSONEncoder` would dominate the run time.
public enum JSONText {
    /// Appends `value` as a JSON string literal (quotes included) to `output`, escaping what RFC 8259
    /// requires; non-ASCII characters are written as UTF-8, not `\u` escapes.
    public static func appendString(_ value: String, to output: inout String) {
        output.append("\"")
        var needsEscape = false
        for byte in value.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            needsEscape = true
            break
        }
        if !needsEscape {
            output.append(value)
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": output.append("\\\"")
                case "\\": output.append("\\\\")
                case "\n": output.append("\\n")
                case "\r": output.append("\\r")
                case "\t": output.append("\\t")
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                default: output.unicodeScalars.append(scalar)
                }
            }
        }
        output.append("\"")
    }

    /// `value` as a JSON string literal.
    public static func string(_ value: String) -> String {
        var output = ""
        appendString(value, to: &output)
        return output
    }

    /// A JSON number for `value`: integers without a fraction, others with up to 6 decimals; magnitudes
    /// of 1e12 and more (far beyond any score) in Swift's shortest round-trip form, e.g. `1e+20`.
    public static func number(_ value: Double) -> String {
        if !value.isFinite { return "null" }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxNumberLength) { digits in
            // `formatNumber` spells all finite values but the huge ones.
            guard let length = formatNumber(value, into: digits.baseAddress!) else { return value.description }
            return String(decoding: UnsafeBufferPointer(rebasing: digits[..<length]), as: UTF8.self)
        }
    }
}
