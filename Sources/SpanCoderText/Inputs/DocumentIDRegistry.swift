import SpanCoderCore

/// The document ids given so far in one run, so that no two documents leave it under one id.
///
/// Two documents with one id (two lines of a scraped corpus with the same `"id"`, a text file `a.txt`
/// beside a corpus line `{"id": "a", …}`, one file named twice) would be merged downstream: `stats`
/// counts one document, `eval --corpus` keeps one text. So the first document keeps its id and each
/// later one gets `ID-2`, `ID-3`, … (the first such id not given yet), in input order, the way brat and
/// HTML file names were already told apart, and in every output format alike. Each rename is recorded
/// for one warning at the end (`warning(shown:)`).
///
/// Memory: the ids given, once each (a `Set<String>`: about 16 bytes an id of up to 15 UTF-8 bytes,
/// about 50 for longer ones), for the exact answer; a hash of the id alone could rename a document on
/// a collision.
public final class DocumentIDRegistry {
    /// A document read under an id that an earlier document already had.
    public struct Rename: Sendable, Equatable {
        /// The id its input gave it.
        public var id: String
        /// The id it gets instead.
        public var newID: String
        /// Where it was read: the corpus file and line, or the text file.
        public var location: SourceLocation
    }

    private var given: Set<String> = []
    /// For ids given more than once: the next suffix to try (`ID-n`), so that 10,000 copies of one id
    /// take linear time.
    private var nextSuffix: [String: Int] = [:]
    /// Documents renamed, in all.
    public private(set) var renameCount = 0
    /// The first renames, for the warning (at most `keptRenames`).
    public private(set) var renames: [Rename] = []
    public static let keptRenames = 20

    public init() {}

    /// The id a document read at `location` leaves under: `id` the first time it is given, else the first
    /// of `id-2`, `id-3`, … not given yet (recorded as a rename).
    /// - Complexity: O(1) hashing on average; a run of repeats of one id tries each suffix once.
    public func assign(_ id: String, at location: SourceLocation) -> String {
        if given.insert(id).inserted { return id }
        var n = nextSuffix[id] ?? 2
        var candidate = "\(id)-\(n)"
        while !given.insert(candidate).inserted {
            n += 1
            candidate = "\(id)-\(n)"
        }
        nextSuffix[id] = n + 1
        renameCount += 1
        if renames.count < DocumentIDRegistry.keptRenames {
            renames.append(Rename(id: id, newID: candidate, location: location))
        }
        return candidate
    }

    /// One warning for standard error about the renames, naming the first `shown` (a corpus whose ids
    /// all repeat would otherwise write one line per document); nil when no document was renamed.
    public func warning(shown: Int = 3) -> String? {
        guard renameCount > 0 else { return nil }
        let listed = renames.prefix(shown).map { "\($0.location): \"\($0.id)\" read as \"\($0.newID)\"" }
        let more = renameCount - listed.count
        let which = renameCount == 1 ? "1 document has an id" : "\(renameCount) documents have an id"
        return "\(which) that an earlier document already has (\(listed.joined(separator: "; "))\(more > 0 ? " and \(more) more" : "")): "
            + "the first keeps the id, each later one gets ID-2, ID-3, … in every output format, so that stats and eval do not merge them into one document; "
            + "use these ids in a manifest and in gold files, or give the documents distinct ids"
    }
}
