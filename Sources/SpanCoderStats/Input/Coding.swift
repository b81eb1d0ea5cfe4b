import SpanCoderCore

/// One coding source (a gold file, a coder's file, SpanCoder's proposals), reduced to what the
/// statistics need: per document the number of spans and coded spans, per document and code the number
/// of spans carrying the code, and per document, code and term or rule the number of spans whose
/// evidence for that code cites it.
///
/// Spans are not kept, so a coding of millions of spans takes memory in proportion to the distinct
/// (document, code, term) triples only.
public struct Coding: Sendable {
    /// A name for the source in tables (by default the file name).
    public var name: String
    /// Documents in order of first appearance.
    public private(set) var documentIDs: [String] = []
    /// Codes in order of first appearance.
    public private(set) var codes: [String] = []
    /// Evidence labels: a term as written, or `rule:<id>` for a rule.
    public private(set) var terms: [String] = []
    /// Lines (spans) per document, coded or not.
    private(set) var spansPerDocument: [Int] = []
    /// Spans with at least one code, per document.
    private(set) var codedSpansPerDocument: [Int] = []
    /// A count for a document and a key (a code, or a (code, term) pair).
    struct DocumentCount: Sendable, Hashable {
        var doc: Int32
        var key: Int32
        var spans: Int
    }

    /// Spans per (document, code); a document whose spans are not contiguous may appear more than once
    /// (see `codeCounts()`).
    private var codeEntries: [DocumentCount] = []
    /// (code, term) pairs that occur in the evidence, and their ids.
    private(set) var pairs: [(code: Int32, term: Int32)] = []
    private var pairOfCodeTerm: [[Int32]] = []
    /// Spans per (document, pair).
    private var pairEntries: [DocumentCount] = []

    // Counts of the document being read, flushed to the entries when another document starts. Codings
    // list a document's spans together, so this needs no hashing per assignment.
    private var openDocument: Int32 = -1
    private var openCodeSpans: [Int] = []
    private var openCodes: [Int32] = []
    private var openPairSpans: [Int] = []
    private var openPairs: [Int32] = []
    private var flushedDocuments: [Bool] = []
    private var hasRepeatedDocuments = false
    /// Number of code assignments that carried evidence: zero for gold files.
    public private(set) var assignmentsWithEvidence = 0
    public private(set) var spanCount = 0
    /// Whole-document spans of `tag --doc-codes` (`"id": "document"`), left out: they hold a document's
    /// codes, not a passage, and would count every coded document once more as a coded span.
    public private(set) var documentLevelSpans = 0
    /// Span lines beyond the first with the same document, start and end (a file given twice, or
    /// codings concatenated): they are counted, and the statistics say so.
    public private(set) var repeatedSpans = 0
    /// The first repeated span found (document, start, end), for the message.
    public private(set) var repeatedSpanExample: (doc: String, start: Int, end: Int)?

    // Spans' (start, end) packed into one integer, in input order, with the runs of consecutive lines
    // of one document: 8 bytes a span. Only documents whose spans do not come in increasing order, or
    // that come back after another document's, are searched for repeats at the end (tag writes each
    // document's spans once, in order).
    private var rangeKeys: [UInt64] = []
    private var rangeRuns: [(doc: Int32, from: Int)] = []
    private var rangeRunDoc: Int32 = -1
    private var lastRangeKey: UInt64?
    private var rangeDocumentSeen: [Bool] = []
    private var rangeDocumentsToCheck: Set<Int32> = []

    private var documentIndex: [String: Int32] = [:]
    private var codeIndex: [String: Int32] = [:]
    private var termIndex: [String: Int32] = [:]

    init(name: String) {
        self.name = name
    }

    /// Builds a coding from spans in memory.
    public init(name: String, spans: [CodedSpan]) {
        self.name = name
        for span in spans {
            if span.id == "document" {
                documentLevelSpans += 1
                continue
            }
            let doc = internDocument(span.doc)
            // A code listed twice on one span counts once; its evidence is merged (as the JSONL reader does).
            var assignments: [(code: Int32, terms: [Int32])] = []
            for assignment in span.codes {
                let code = internCode(assignment.code)
                let slot = assignments.firstIndex { $0.code == code } ?? assignments.count
                if slot == assignments.count { assignments.append((code, [])) }
                for evidence in assignment.evidence {
                    let term = internTerm(Coding.label(term: evidence.term, rule: evidence.rule))
                    if !assignments[slot].terms.contains(term) { assignments[slot].terms.append(term) }
                }
            }
            for assignment in assignments { addAssignment(doc: doc, code: assignment.code, terms: assignment.terms) }
            addSpan(doc: doc, coded: !assignments.isEmpty)
            addRange(doc: doc, start: span.range.start, end: span.range.end)
        }
        finish()
    }

    /// The evidence label under which a term or rule is counted.
    public static func label(term: String, rule: String?) -> String {
        if let rule { return "rule:" + rule }
        return term
    }

    /// Reads a SpanCoder JSONL coding (`spancoder tag` output or a gold file): one span per line with
    /// `doc` and `codes`, codes as ids or as objects `{"code", "evidence": [{"term", "rule"}]}`.
    /// `-` reads standard input.
    /// - Throws: `SpanCoderError.badInput` with file, line and byte offset of the first bad line.
    /// - Complexity: O(bytes); no per-line dictionaries are built.
    public static func read(path: String, name: String? = nil) throws -> Coding {
        try read(path: path, name: name, blockSize: 1 << 22)
    }

    static func read(path: String, name: String?, blockSize: Int) throws -> Coding {
        let sourceName = name ?? (path.split(separator: "/").last.map(String.init) ?? path)
        let fd = path == "-" ? 0 : try openForReading(path)
        defer { if fd != 0 { close(fd) } }
        // Streamed in blocks of whole lines: memory stays at one block (grown only for a longer line),
        // however large the coding.
        var reader = LineReader(coding: Coding(name: sourceName), source: path)
        var buffer = [UInt8](repeating: 0, count: max(1, blockSize))
        var filled = 0
        var bufferOffset = 0
        while true {
            if filled == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            let got = buffer.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress! + filled, $0.count - filled) }
            if got < 0 {
                if errno == EINTR { continue }
                throw SpanCoderError(.badInput, "cannot read: \(String(cString: strerror(errno)))", at: SourceLocation(file: path, byteOffset: bufferOffset + filled))
            }
            if got == 0 {
                try buffer.withUnsafeBufferPointer { try reader.consume(UnsafeBufferPointer(rebasing: $0[0..<filled]), at: bufferOffset) }
                break
            }
            let searchFrom = filled
            filled += got
            var lastNewline = filled - 1
            while lastNewline >= searchFrom, buffer[lastNewline] != 0x0A { lastNewline -= 1 }
            guard lastNewline >= searchFrom else { continue }
            let complete = lastNewline + 1
            try buffer.withUnsafeBufferPointer { try reader.consume(UnsafeBufferPointer(rebasing: $0[0..<complete]), at: bufferOffset) }
            buffer.withUnsafeMutableBytes { raw in
                _ = memmove(raw.baseAddress!, raw.baseAddress! + complete, filled - complete)
            }
            filled -= complete
            bufferOffset += complete
        }
        reader.coding.finish()
        return reader.coding
    }

    /// Parses JSONL bytes; `source` names the input in errors.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, name: String, source: String) throws -> Coding {
        var reader = LineReader(coding: Coding(name: name), source: source)
        try reader.consume(bytes, at: 0)
        reader.coding.finish()
        return reader.coding
    }

    mutating func internDocument(_ id: String) -> Int32 {
        if let index = documentIndex[id] { return index }
        let index = Int32(documentIDs.count)
        documentIDs.append(id)
        documentIndex[id] = index
        spansPerDocument.append(0)
        codedSpansPerDocument.append(0)
        return index
    }

    mutating func internCode(_ code: String) -> Int32 {
        if let index = codeIndex[code] { return index }
        let index = Int32(codes.count)
        codes.append(code)
        codeIndex[code] = index
        return index
    }

    mutating func internTerm(_ term: String) -> Int32 {
        if let index = termIndex[term] { return index }
        let index = Int32(terms.count)
        terms.append(term)
        termIndex[term] = index
        return index
    }

    mutating func countDocumentLevelSpan() { documentLevelSpans += 1 }

    mutating func addSpan(doc: Int32, coded: Bool) {
        spanCount += 1
        spansPerDocument[Int(doc)] += 1
        if coded { codedSpansPerDocument[Int(doc)] += 1 }
    }

    /// Records one span's assignment of `code` (already deduplicated within the span) with its distinct
    /// evidence labels.
    mutating func addAssignment(doc: Int32, code: Int32, terms: [Int32]) {
        if doc != openDocument { open(doc) }
        if !terms.isEmpty { assignmentsWithEvidence += 1 }
        let c = Int(code)
        while openCodeSpans.count <= c { openCodeSpans.append(0); pairOfCodeTerm.append([]) }
        if openCodeSpans[c] == 0 { openCodes.append(code) }
        openCodeSpans[c] += 1
        for term in terms {
            let t = Int(term)
            if pairOfCodeTerm[c].count <= t { pairOfCodeTerm[c].append(contentsOf: repeatElement(-1, count: t + 1 - pairOfCodeTerm[c].count)) }
            var pair = pairOfCodeTerm[c][t]
            if pair < 0 {
                pair = Int32(pairs.count)
                pairs.append((code, term))
                pairOfCodeTerm[c][t] = pair
                openPairSpans.append(0)
            }
            if openPairSpans[Int(pair)] == 0 { openPairs.append(pair) }
            openPairSpans[Int(pair)] += 1
        }
    }

    private mutating func open(_ doc: Int32) {
        flush()
        openDocument = doc
        while flushedDocuments.count <= Int(doc) { flushedDocuments.append(false) }
        if flushedDocuments[Int(doc)] { hasRepeatedDocuments = true }
    }

    private mutating func flush() {
        guard openDocument >= 0 else { return }
        for code in openCodes {
            codeEntries.append(DocumentCount(doc: openDocument, key: code, spans: openCodeSpans[Int(code)]))
            openCodeSpans[Int(code)] = 0
        }
        for pair in openPairs {
            pairEntries.append(DocumentCount(doc: openDocument, key: pair, spans: openPairSpans[Int(pair)]))
            openPairSpans[Int(pair)] = 0
        }
        openCodes.removeAll(keepingCapacity: true)
        openPairs.removeAll(keepingCapacity: true)
        flushedDocuments[Int(openDocument)] = true
        openDocument = -1
    }

    /// Records a span's offsets, to find spans given more than once (`repeatedSpans`).
    mutating func addRange(doc: Int32, start: Int, end: Int) {
        guard start >= 0, end >= 0, start <= Int(UInt32.max), end <= Int(UInt32.max) else { return }
        let key = UInt64(start) << 32 | UInt64(end)
        if doc != rangeRunDoc {
            while rangeDocumentSeen.count <= Int(doc) { rangeDocumentSeen.append(false) }
            if rangeDocumentSeen[Int(doc)] { rangeDocumentsToCheck.insert(doc) }
            rangeDocumentSeen[Int(doc)] = true
            rangeRuns.append((doc, rangeKeys.count))
            rangeRunDoc = doc
        } else if let last = lastRangeKey, key <= last {
            rangeDocumentsToCheck.insert(doc)
        }
        rangeKeys.append(key)
        lastRangeKey = key
    }

    /// Counts the spans given more than once, in the documents that may have them, and frees the keys.
    private mutating func findRepeatedSpans() {
        defer {
            rangeKeys = []
            rangeRuns = []
            rangeDocumentSeen = []
            rangeDocumentsToCheck = []
        }
        guard !rangeDocumentsToCheck.isEmpty else { return }
        var keysOfDocument: [Int32: [UInt64]] = [:]
        for (r, run) in rangeRuns.enumerated() where rangeDocumentsToCheck.contains(run.doc) {
            let to = r + 1 < rangeRuns.count ? rangeRuns[r + 1].from : rangeKeys.count
            keysOfDocument[run.doc, default: []].append(contentsOf: rangeKeys[run.from..<to])
        }
        for doc in keysOfDocument.keys.sorted() {
            let keys = keysOfDocument[doc]!.sorted()
            for k in keys.indices.dropFirst() where keys[k] == keys[k - 1] {
                repeatedSpans += 1
                if repeatedSpanExample == nil {
                    repeatedSpanExample = (documentIDs[Int(doc)], Int(keys[k] >> 32), Int(keys[k] & 0xFFFF_FFFF))
                }
            }
        }
    }

    /// Ends reading: flushes the open document and looks for repeated spans.
    mutating func finish() {
        flush()
        findRepeatedSpans()
    }

    /// A note on the spans given more than once, or nil when there are none.
    public var repeatedSpansNote: String? {
        guard repeatedSpans > 0, let example = repeatedSpanExample else { return nil }
        return "\(repeatedSpans) span line(s) repeat a span already read (same doc, start and end; e.g. \(example.doc) [\(example.start), \(example.end))) and are counted again: was a coding given twice or concatenated with itself?"
    }

    /// Spans per (document, code), one entry per pair.
    func codeCounts() -> [DocumentCount] { hasRepeatedDocuments ? Coding.merged(codeEntries) : codeEntries }

    /// Spans per (document, (code, term) pair in `pairs`), one entry per pair.
    func pairCounts() -> [DocumentCount] { hasRepeatedDocuments ? Coding.merged(pairEntries) : pairEntries }

    /// Sums entries of a document that came back after other documents' spans.
    private static func merged(_ entries: [DocumentCount]) -> [DocumentCount] {
        var sums: [DocumentCount: Int] = [:]
        var order: [DocumentCount] = []
        for entry in entries {
            let key = DocumentCount(doc: entry.doc, key: entry.key, spans: 0)
            if sums[key] == nil { order.append(key) }
            sums[key, default: 0] += entry.spans
        }
        return order.map { DocumentCount(doc: $0.doc, key: $0.key, spans: sums[$0]!) }
    }

    /// The document's index in `documentIDs`, if it has any span.
    public func documentIndex(of id: String) -> Int? { documentIndex[id].map(Int.init) }
}

private func memchrIndex(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, byte: UInt8) -> Int? {
    guard start < bytes.count, let base = bytes.baseAddress else { return nil }
    guard let hit = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
    return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Feeds blocks of whole lines to the span parser, keeping line numbers and file offsets for errors.
struct LineReader {
    var coding: Coding
    let source: String
    private var parser = SpanLineParser()
    private var lineNumber = 0

    init(coding: Coding, source: String) {
        self.coding = coding
        self.source = source
    }

    /// Parses `bytes`, which start at byte `base` of the input and end at a line end (or the input's end).
    mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>, at base: Int) throws {
        if let bad = firstInvalidUTF8Offset(bytes) {
            throw SpanCoderError(.badInput, "not valid UTF-8", at: SourceLocation(file: source, byteOffset: base + bad))
        }
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = memchrIndex(bytes, from: lineStart, byte: 0x0A) ?? bytes.count
            lineNumber += 1
            var line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            var offset = base + lineStart
            if offset == 0, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
                line = UnsafeBufferPointer(rebasing: line[3...])
                offset = 3
            }
            lineStart = lineEnd + 1
            do {
                try parser.parse(line, into: &coding)
            } catch {
                throw SpanCoderError(.badInput, error.message, at: SourceLocation(file: source, line: lineNumber, byteOffset: offset + error.offset))
            }
        }
    }
}

/// Parses span lines with reused buffers, interning documents, codes and terms by their bytes so that
/// a repeated value costs a comparison, not a `String`.
struct SpanLineParser {
    private var key: [UInt8] = []
    private var value: [UInt8] = []
    private var docBytes: [UInt8] = []
    private var lastDocBytes: [UInt8] = []
    private var lastDoc: Int32 = -1
    private var codeNames = ByteInterner()
    private var nameToCode: [Int32] = []
    private var labels = ByteInterner()
    private var labelToTerm: [Int32] = []
    private var label: [UInt8] = []
    private var lineCodes: [Int32] = []
    private var lineTerms: [[Int32]] = []   // per entry of lineCodes
    private var currentTerms: [Int32] = []
    private var evidenceTerm: [UInt8] = []
    private var evidenceRule: [UInt8] = []

    mutating func parse(_ line: UnsafeBufferPointer<UInt8>, into coding: inout Coding) throws(JSONLineScanner.Failure) {
        var scanner = JSONLineScanner(line)
        if scanner.peek() == nil { return }  // blank line
        var haveDoc = false
        var isDocumentLevel = false
        var start = -1, end = -1
        lineCodes.removeAll(keepingCapacity: true)
        var key = self.key
        defer { self.key = key }
        try scanner.readObject(key: &key) { (scanner: inout JSONLineScanner, key: [UInt8]) throws(JSONLineScanner.Failure) in
            if keyEquals(key, "doc") {
                guard scanner.peek() == 0x22 else { throw scanner.fail("\"doc\" must be a string") }
                try scanner.readString(into: &docBytes)
                haveDoc = true
            } else if keyEquals(key, "start") || keyEquals(key, "end") {
                var offset = -1
                if let byte = scanner.peek(), byte == 0x2D || (byte >= 0x30 && byte <= 0x39) {
                    offset = try scanner.readCount() ?? -1
                } else {
                    try scanner.skipValue()
                }
                if keyEquals(key, "start") { start = offset } else { end = offset }
            } else if keyEquals(key, "id") {
                // tag --doc-codes marks its whole-document span "id": "document".
                if scanner.peek() == 0x22 {
                    try scanner.readString(into: &value)
                    isDocumentLevel = value.elementsEqual("document".utf8)
                } else {
                    try scanner.skipValue()
                }
            } else if keyEquals(key, "codes") {
                if scanner.peek() == 0x6E { try scanner.skipLiteral("null"); return }
                guard scanner.peek() == 0x5B else { throw scanner.fail("\"codes\" must be a list") }
                try scanner.readArray { (scanner: inout JSONLineScanner) throws(JSONLineScanner.Failure) in
                    try readCode(&scanner, coding: &coding)
                }
            } else {
                try scanner.skipValue()
            }
        }
        try scanner.expectEnd()
        guard haveDoc else { throw JSONLineScanner.Failure(offset: 0, message: "missing string field \"doc\"") }
        if isDocumentLevel {
            coding.countDocumentLevelSpan()
            return
        }
        let doc: Int32
        if lastDoc >= 0, docBytes == lastDocBytes {
            doc = lastDoc
        } else {
            doc = coding.internDocument(String(decoding: docBytes, as: UTF8.self))
            lastDoc = doc
            swap(&lastDocBytes, &docBytes)
            docBytes.removeAll(keepingCapacity: true)
            docBytes.append(contentsOf: lastDocBytes)
        }
        for (i, code) in lineCodes.enumerated() {
            coding.addAssignment(doc: doc, code: code, terms: lineTerms[i])
        }
        coding.addSpan(doc: doc, coded: !lineCodes.isEmpty)
        if start >= 0 && end >= 0 { coding.addRange(doc: doc, start: start, end: end) }
    }

    /// Reads one entry of `codes`: a code id, or an object with `code` and optional `evidence`.
    private mutating func readCode(_ scanner: inout JSONLineScanner, coding: inout Coding) throws(JSONLineScanner.Failure) {
        currentTerms.removeAll(keepingCapacity: true)
        var codeID: Int32 = -1
        switch scanner.peek() {
        case 0x22:
            try scanner.readString(into: &value)
            codeID = internCode(coding: &coding)
        case 0x7B:
            var objectKey: [UInt8] = []
            try scanner.readObject(key: &objectKey) { (scanner: inout JSONLineScanner, key: [UInt8]) throws(JSONLineScanner.Failure) in
                if keyEquals(key, "code") {
                    guard scanner.peek() == 0x22 else { throw scanner.fail("\"code\" must be a string") }
                    try scanner.readString(into: &value)
                    codeID = internCode(coding: &coding)
                } else if keyEquals(key, "evidence") {
                    if scanner.peek() == 0x6E { try scanner.skipLiteral("null"); return }
                    guard scanner.peek() == 0x5B else { throw scanner.fail("\"evidence\" must be a list") }
                    try scanner.readArray { (scanner: inout JSONLineScanner) throws(JSONLineScanner.Failure) in
                        try readEvidence(&scanner, coding: &coding)
                    }
                } else {
                    try scanner.skipValue()
                }
            }
            guard codeID >= 0 else { throw scanner.fail("a code object needs a string \"code\"") }
        default:
            throw scanner.fail("\"codes\" must hold code ids or objects with a \"code\" field")
        }
        // A code listed twice on one span counts once; its evidence is merged.
        if let existing = lineCodes.firstIndex(of: codeID) {
            for term in currentTerms where !lineTerms[existing].contains(term) { lineTerms[existing].append(term) }
            return
        }
        lineCodes.append(codeID)
        if lineTerms.count < lineCodes.count { lineTerms.append([]) }
        lineTerms[lineCodes.count - 1].removeAll(keepingCapacity: true)
        lineTerms[lineCodes.count - 1].append(contentsOf: currentTerms)
    }

    private mutating func readEvidence(_ scanner: inout JSONLineScanner, coding: inout Coding) throws(JSONLineScanner.Failure) {
        var haveTerm = false
        var haveRule = false
        var objectKey: [UInt8] = []
        guard scanner.peek() == 0x7B else { throw scanner.fail("evidence entries must be objects") }
        try scanner.readObject(key: &objectKey) { (scanner: inout JSONLineScanner, key: [UInt8]) throws(JSONLineScanner.Failure) in
            if keyEquals(key, "term") {
                guard scanner.peek() == 0x22 else { throw scanner.fail("\"term\" must be a string") }
                try scanner.readString(into: &evidenceTerm)
                haveTerm = true
            } else if keyEquals(key, "rule") {
                if scanner.peek() == 0x6E { try scanner.skipLiteral("null"); return }
                guard scanner.peek() == 0x22 else { throw scanner.fail("\"rule\" must be a string or null") }
                try scanner.readString(into: &evidenceRule)
                haveRule = true
            } else {
                try scanner.skipValue()
            }
        }
        guard haveTerm || haveRule else { return }
        label.removeAll(keepingCapacity: true)
        if haveRule {
            label.append(contentsOf: "rule:".utf8)
            label.append(contentsOf: evidenceRule)
        } else {
            label.append(contentsOf: evidenceTerm)
        }
        let (id, isNew) = label.withUnsafeBufferPointer { labels.intern($0) }
        if isNew { labelToTerm.append(coding.internTerm(String(decoding: label, as: UTF8.self))) }
        let term = labelToTerm[Int(id)]
        if !currentTerms.contains(term) { currentTerms.append(term) }
    }

    private mutating func internCode(coding: inout Coding) -> Int32 {
        let (id, isNew) = value.withUnsafeBufferPointer { codeNames.intern($0) }
        if isNew { nameToCode.append(coding.internCode(String(decoding: value, as: UTF8.self))) }
        return nameToCode[Int(id)]
    }
}
