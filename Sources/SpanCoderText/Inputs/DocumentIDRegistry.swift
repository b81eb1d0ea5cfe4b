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
/// Memory and time: a 128-bit hash per id given (16 bytes in a hash set, up to about 70 with the set's
/// spare room while it doubles), not the id. On 200,000 one-sentence documents, where `tag` takes
/// 0.43 s of CPU and 47 MB without the check, keeping every id as a `String` added 0.15 s and 26 MB,
/// the hashes add 0.07 s and 14 MB; on documents of a few KB it is lost in the tagging. Two different
/// ids share a hash with a probability of about n² / 2^129 for n ids (below 10^-20 for a billion
/// documents), and even then the only effect is a rename with its warning.
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

    private var given: Set<IDHash> = []
    /// For ids given more than once: the next suffix to try (`ID-n`), so that 10,000 copies of one id
    /// take linear time.
    private var nextSuffix: [String: Int] = [:]
    /// Documents given an id so far, renamed or not: the next one's position in input order.
    public private(set) var assignedCount = 0
    /// The position of every renamed document among those given an id, in input order, so that a run
    /// that stops early warns only about the documents it wrote (`warning(shown:amongFirst:)`).
    private var renamePositions: [Int] = []
    /// Documents renamed, in all.
    public var renameCount: Int { renamePositions.count }
    /// The first renames, for the warning (at most `keptRenames`).
    public private(set) var renames: [Rename] = []
    public static let keptRenames = 20

    public init() {}

    /// The id a document read at `location` leaves under: `id` the first time it is given, else the first
    /// of `id-2`, `id-3`, … not given yet (recorded as a rename).
    /// - Complexity: O(1) hashing on average; a run of repeats of one id tries each suffix once.
    public func assign(_ id: String, at location: SourceLocation) -> String {
        let position = assignedCount
        assignedCount += 1
        if given.insert(IDHash(id)).inserted { return id }
        var n = nextSuffix[id] ?? 2
        var candidate = "\(id)-\(n)"
        while !given.insert(IDHash(candidate)).inserted {
            n += 1
            candidate = "\(id)-\(n)"
        }
        nextSuffix[id] = n + 1
        renamePositions.append(position)
        if renames.count < DocumentIDRegistry.keptRenames {
            renames.append(Rename(id: id, newID: candidate, location: location))
        }
        return candidate
    }

    /// One warning for standard error about the renames, naming the first `shown` (a corpus whose ids
    /// all repeat would otherwise write one line per document); nil when no document was renamed.
    /// - Parameter documents: only the renames among the first `documents` given an id: those a run
    ///   that stopped at an error (`tag --strict`) wrote, not those it had read ahead. Nil: all.
    public func warning(shown: Int = 3, amongFirst documents: Int? = nil) -> String? {
        // The positions ascend: the renames among the first n documents are a prefix.
        var count = renamePositions.count
        if let documents {
            var low = 0
            while low < count {
                let middle = (low + count) / 2
                if renamePositions[middle] < documents { low = middle + 1 } else { count = middle }
            }
        }
        guard count > 0 else { return nil }
        let listed = renames.prefix(min(shown, count)).map { "\($0.location): \"\($0.id)\" read as \"\($0.newID)\"" }
        let more = count - listed.count
        let which = count == 1 ? "1 document has an id" : "\(count) documents have an id"
        return "\(which) that an earlier document already has (\(listed.joined(separator: "; "))\(more > 0 ? " and \(more) more" : "")): "
            + "the first keeps the id, each later one gets ID-2, ID-3, … in every output format, so that stats and eval do not merge them into one document; "
            + "use these ids in a manifest and in gold files, or give the documents distinct ids"
    }
}

/// Two independent 64-bit hashes of an id's UTF-8 bytes (multiply-rotate lanes over 8-byte words, each
/// finished with MurmurHash3's fmix64): stable across runs and platforms, so renames never depend on
/// the process's random hashing seed.
struct IDHash: Hashable {
    let a: UInt64
    let b: UInt64

    init(_ id: String) {
        var id = id
        (a, b) = id.withUTF8 { IDHash.hash($0) }
    }

    func hash(into hasher: inout Hasher) { hasher.combine(a) }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var a: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F &+ UInt64(bytes.count)
        func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }
        func mix(_ word: UInt64) {
            a = rotl((a ^ word) &* 0xFF51_AFD7_ED55_8CCD, 31)
            b = rotl((b ^ rotl(word, 29)) &* 0xC4CE_B9FE_1A85_EC53, 27) &+ 0x1656_67B1_9E37_79F9
        }
        let raw = UnsafeRawBufferPointer(bytes)
        var i = 0
        while i + 8 <= raw.count {
            mix(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        if i < raw.count {
            var tail: UInt64 = 0
            for k in i..<raw.count { tail |= UInt64(raw[k]) << UInt64(8 * (k - i)) }
            mix(tail | 0x80 << UInt64(8 * (raw.count - i)))
        }
        func fmix(_ x: UInt64) -> UInt64 {
            var x = x
            x ^= x >> 33; x &*= 0xFF51_AFD7_ED55_8CCD
            x ^= x >> 33; x &*= 0xC4CE_B9FE_1A85_EC53
            x ^= x >> 33
            return x
        }
        return (fmix(a), fmix(b))
    }
}
