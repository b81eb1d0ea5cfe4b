/// File names derived from document ids, safe to create inside an output folder.
///
/// Document ids come from file names and JSONL corpora, so they can hold anything: `../../etc/x`, an
/// absolute path, NUL bytes, control characters, a name that is only dots. The rules:
/// - `/`, `\`, NUL, other control characters (C0, DEL, C1) and `:` become `_`;
/// - a leading `.` becomes `_` (no hidden files, no `.` or `..`);
/// - an empty id becomes `_`;
/// - a name longer than 200 UTF-8 bytes is cut on a character boundary and ends with a hash of the
///   whole id, so two long ids that share a prefix stay apart;
/// - names are unique within one allocator, compared case-insensitively (macOS and Windows file
///   systems): a second id that maps to a taken name gets `-2`, `-3`, ….
///
/// The result never contains `/`, so joined with a folder it names a file directly inside that folder.
public struct SafeFileNames: Sendable {
    private var taken: Set<String> = []

    public init() {}

    /// The sanitized stem for `id`, without uniqueness.
    public static func stem(for id: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in id.unicodeScalars {
            let value = scalar.value
            let unsafe = value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value)
                || scalar == "/" || scalar == "\\" || scalar == ":"
                || value == 0x2028 || value == 0x2029
            scalars.append(unsafe ? "_" : scalar)
        }
        var name = String(scalars)
        if name.isEmpty { name = "_" }
        if name.hasPrefix(".") { name = "_" + name.dropFirst() }
        if name.utf8.count > 200 {
            var cut = ""
            for scalar in name.unicodeScalars {
                if cut.utf8.count + String(scalar).utf8.count > 183 { break }
                cut.unicodeScalars.append(scalar)
            }
            name = cut + "-" + fnv1a(id)
        }
        return name
    }

    /// A unique safe file name for `id` ending in `suffix` (e.g. `.html`), remembered as taken.
    public mutating func name(for id: String, suffix: String) -> String {
        let stem = SafeFileNames.stem(for: id)
        var candidate = stem + suffix
        var counter = 2
        while taken.contains(candidate.lowercased()) {
            candidate = "\(stem)-\(counter)\(suffix)"
            counter += 1
        }
        taken.insert(candidate.lowercased())
        return candidate
    }

    /// Marks `name` as taken (a file the writer creates itself, such as `index.html`).
    public mutating func reserve(_ name: String) {
        taken.insert(name.lowercased())
    }

    private static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100000001b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
