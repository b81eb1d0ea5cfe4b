/// The names brat stores codes under: brat keeps an entity type only as `[A-Za-z0-9_-]+` and renames
/// any other (`risk.bias` → `risk_bias`, brat's `normalize_to_storage_form`), so SpanCoder writes
/// the stored form itself and lists the code beside it in `annotation.conf` (see `BratFormat`).
///
/// Codes whose stored forms coincide (`a.b` and `a_b`, or two ids in Chinese characters, which brat
/// turns into underscores alike) get `-2`, `-3`, … in the order the codes are given, so that every
/// code keeps a name of its own.
public struct BratTypeNames: Sendable {
    private var names: [String: String] = [:]

    /// Stored forms for `codes`, made distinct in this order. A code not among them is named by its
    /// stored form alone (`name(of:)`).
    public init(codes: [String] = []) {
        var taken: Set<String> = []
        for code in codes where names[code] == nil {
            let stored = Self.storageForm(of: code)
            var name = stored
            var n = 1
            while !taken.insert(name).inserted {
                n += 1
                name = "\(stored)-\(n)"
            }
            names[code] = name
        }
    }

    /// The brat type name of `code`.
    public func name(of code: String) -> String {
        names[code] ?? Self.storageForm(of: code)
    }

    /// brat's stored form of a type name: every character outside `[A-Za-z0-9_-]` becomes `_` (one per
    /// Unicode scalar, as brat's Python 3 server does).
    public static func storageForm(of name: String) -> String {
        var stored = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", "_", "-": stored.append(scalar)
            default: stored.append("_")
            }
        }
        return String(stored)
    }

    /// Whether `name` is what this type gives `code`, or could be: its stored form, possibly with a
    /// `-N` suffix added to keep it apart from another code's.
    static func isName(_ name: String, for code: String) -> Bool {
        let stored = storageForm(of: code)
        guard name.hasPrefix(stored) else { return false }
        let rest = name.dropFirst(stored.count)
        if rest.isEmpty { return stored != code }
        guard rest.first == "-" else { return false }
        let digits = rest.dropFirst()
        return !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
    }
}
