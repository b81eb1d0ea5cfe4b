import SpanCoderCore
import SpanCoderText

/// One coding source (a gold file, a coder's file, SpanCoder's proposals), reduced to what the
/// statistics need: per document the number of spans and coded spans, per document and code the number
/// of spans carrying the code, and per document, code and term or rule the number of spans whose
/// evidence for that code cites it.
///
/// A span is a passage: the lines of one document's run (its consecutive lines) with the same `start`
/// and `end` are one span, with the union of their codes and of each code's evidence (a gold export
/// that writes one code per line gives one span, not one per code). A document whose lines come back
/// after other documents' lines is counted again from there on, and reported (`reappearingNote`).
///
/// Spans are not kept, so a coding of millions of spans takes memory in proportion to the distinct
/// (document, code, term) triples, a byte per document, and the lines of the document being read.
public struct Coding: Sendable {
    /// A name for the source in tables (by default the file name).
    public var name: String
    /// Documents in order of first appearance.
    public private(set) var documentIDs: [String] = []
    /// Codes in order of first appearance, on the spans counted (not those only on left-out lines).
    public private(set) var codes: [String] = []
    /// Evidence labels: a term as written, or `rule:<id>` for a rule.
    public private(set) var terms: [String] = []
    /// Spans per document, coded or not.
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

    // The lines of the open document's run, counted when the run ends (`countRun`): per line its
    // (start, end) packed in one integer (`unkeyed` without offsets) and its codes, per code its
    // evidence labels, in flat arrays reused from run to run.
    private static let unkeyed = UInt64.max
    private var runKeys: [UInt64] = []
    private var runCodesEnd: [Int32] = []
    private var runCodes: [Int32] = []
    private var runTermsEnd: [Int32] = []
    private var runTerms: [Int32] = []
    /// Whether the run's keyed lines came in strictly increasing order, so that none repeats another.
    private var runIncreasing = true
    private var runLastKey: UInt64 = 0
    private var runHasKey = false
    // Scratch for merging lines.
    private var runOrder: [Int32] = []
    private var mergedCodes: [Int32] = []
    private var mergedTerms: [[Int32]] = []

    /// Per document: 0 not read yet, 1 read, 2 came back after other documents' lines.
    private var documentState: [UInt8] = []
    private var openRunReappears = false
    private var hasRepeatedDocuments = false
    /// Number of code assignments that carried evidence: zero for gold files.
    public private(set) var assignmentsWithEvidence = 0
    /// Spans counted (after lines with the same document, start and end are merged).
    public private(set) var spanCount = 0
    /// Whole-document spans of `tag --doc-codes` (`"id": "document"`), left out: they hold a document's
    /// codes, not a passage, and would count every coded document once more as a coded span.
    public private(set) var documentLevelSpans = 0
    /// Lines merged into a span that an earlier line of the same document's run gave (same start and
    /// end): one code per line, or a line given twice within the run.
    public private(set) var mergedLines = 0
    /// The first merged span (document, start, end), for the note.
    public private(set) var mergedLineExample: (doc: String, start: Int, end: Int)?
    /// Documents whose lines come back after other documents' lines (`cat a.jsonl a.jsonl`, codings
    /// concatenated, a coding sorted by code), and their lines from the second run on: counted as
    /// further spans, as they cannot be compared with the earlier lines without keeping every span.
    public private(set) var reappearingDocuments = 0
    public private(set) var reappearingLines = 0
    /// The first document that came back, for the note.
    public private(set) var reappearingExample: String?

    /// Lengths in code points of the documents whose length is known (a manifest's `chars`, `--texts`),
    /// by id, to report spans that end after their text; per document index, -1 when unknown.
    private var knownLengths: [String: Int] = [:]
    private var lengthOfDocument: [Int] = []
    /// Span lines whose `end` is past their document's known length: counted (a coding of another
    /// version of the text still codes the document), and reported (`pastEndNote`).
    public private(set) var pastEndLines = 0
    /// The first few such lines: where, the span and the document's length.
    public private(set) var pastEndExamples: [(location: SourceLocation, doc: String, start: Int, end: Int, length: Int)] = []

    private var documentIndex: [String: Int32] = [:]
    private var codeIndex: [String: Int32] = [:]
    private var termIndex: [String: Int32] = [:]

    init(name: String) {
        self.name = name
    }

    /// Builds a coding from spans in memory, as the JSONL reader would from the same spans as lines.
    public init(name: String, spans: [CodedSpan]) {
        self.name = name
        var codes: [Int32] = []
        var terms: [[Int32]] = []
        for span in spans {
            if span.id == "document" {
                documentLevelSpans += 1
                continue
            }
            let doc = internDocument(span.doc)
            // A code listed twice on one span counts once; its evidence is merged (as the JSONL reader does).
            codes.removeAll(keepingCapacity: true)
            terms.removeAll(keepingCapacity: true)
            for assignment in span.codes {
                let code = internCode(assignment.code)
                let slot = codes.firstIndex(of: code) ?? codes.count
                if slot == codes.count { codes.append(code); terms.append([]) }
                for evidence in assignment.evidence {
                    let term = internTerm(Coding.label(term: evidence.term, rule: evidence.rule))
                    if !terms[slot].contains(term) { terms[slot].append(term) }
                }
            }
            addLine(doc: doc, start: span.range.start, end: span.range.end, codes: codes, terms: terms)
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
    /// `-` reads standard input. `start` and `end`, when given, are code points: whole numbers, `start`
    /// at most `end`, both or neither (`null` is neither).
    /// - Parameter lengths: the documents' lengths in code points where known (manifest `chars`,
    ///   `--texts`): a span ending after its document's text is counted and reported (`pastEndNote`).
    /// - Throws: `SpanCoderError.badInput` with file, line and byte offset of the first bad line: a
    ///   malformed line, or offsets that are not whole numbers, negative, inverted or given alone.
    /// - Complexity: O(bytes); no per-line dictionaries are built.
    public static func read(path: String, name: String? = nil, lengths: [String: Int] = [:]) throws -> Coding {
        try read(path: path, name: name, blockSize: 1 << 22, lengths: lengths)
    }

    static func read(path: String, name: String?, blockSize: Int, lengths: [String: Int] = [:]) throws -> Coding {
        let sourceName = name ?? (path.split(separator: "/").last.map(String.init) ?? path)
        let fd = path == "-" ? 0 : try openForReading(path)
        defer { if fd != 0 { close(fd) } }
        // Streamed in blocks of whole lines: memory stays at one block (grown only for a longer line),
        // however large the coding.
        var coding = Coding(name: sourceName)
        coding.knownLengths = lengths
        var reader = LineReader(coding: coding, source: path)
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
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, name: String, source: String, lengths: [String: Int] = [:]) throws -> Coding {
        var coding = Coding(name: name)
        coding.knownLengths = lengths
        var reader = LineReader(coding: coding, source: source)
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
        if !knownLengths.isEmpty { lengthOfDocument.append(knownLengths[id] ?? -1) }
        return index
    }

    /// Records a span line whose `end` is past its document's known length (see `pastEndLines`).
    mutating func checkEnd(doc: Int32, start: Int, end: Int, at location: @autoclosure () -> SourceLocation) {
        guard Int(doc) < lengthOfDocument.count else { return }
        let length = lengthOfDocument[Int(doc)]
        guard length >= 0, end > length else { return }
        pastEndLines += 1
        if pastEndExamples.count < 3 { pastEndExamples.append((location(), documentIDs[Int(doc)], start, end, length)) }
    }

    /// A warning about span lines that end after their document's text, or nil when there are none.
    public var pastEndNote: String? {
        guard pastEndLines > 0 else { return nil }
        let examples = pastEndExamples.map { "\($0.location): [\($0.start), \($0.end)) in \"\($0.doc)\", whose text has \($0.length) code points" }
        let more = pastEndLines - examples.count
        return "\(pastEndLines) span line(s) end after their document's text (\(examples.joined(separator: "; "))\(more > 0 ? " and \(more) more" : "")): "
            + "counted as coded spans, but the coding may belong to another version of the texts, or count offsets in another unit than code points"
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

    /// Adds one span line of `doc`: `codes` without repeats, `terms[i]` the distinct evidence labels of
    /// `codes[i]`. Offsets below 0 (absent) make a line that is merged with no other.
    mutating func addLine(doc: Int32, start: Int, end: Int, codes: [Int32], terms: [[Int32]]) {
        if doc != openDocument { open(doc) }
        if openRunReappears { reappearingLines += 1 }
        var key = Coding.unkeyed
        if start >= 0, end >= 0, start < Int(UInt32.max), end < Int(UInt32.max) {
            key = UInt64(start) << 32 | UInt64(end)
            if runHasKey, key <= runLastKey { runIncreasing = false }
            runLastKey = key
            runHasKey = true
        }
        runKeys.append(key)
        for (i, code) in codes.enumerated() {
            runCodes.append(code)
            runTerms.append(contentsOf: terms[i])
            runTermsEnd.append(Int32(runTerms.count))
        }
        runCodesEnd.append(Int32(runCodes.count))
    }

    private mutating func open(_ doc: Int32) {
        flush()
        openDocument = doc
        while documentState.count <= Int(doc) { documentState.append(0) }
        openRunReappears = documentState[Int(doc)] != 0
        if openRunReappears {
            hasRepeatedDocuments = true
            if documentState[Int(doc)] == 1 {
                reappearingDocuments += 1
                if reappearingExample == nil { reappearingExample = documentIDs[Int(doc)] }
            }
            documentState[Int(doc)] = 2
        } else {
            documentState[Int(doc)] = 1
        }
    }

    /// Counts the open run's spans and moves its counts to the entries.
    private mutating func flush() {
        guard openDocument >= 0 else { return }
        countRun()
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
        openDocument = -1
    }

    /// Counts the lines of the run: each line a span when their offsets increase (as `tag` writes
    /// them), else lines with the same offsets merged into one span first.
    private mutating func countRun() {
        defer {
            runKeys.removeAll(keepingCapacity: true)
            runCodesEnd.removeAll(keepingCapacity: true)
            runCodes.removeAll(keepingCapacity: true)
            runTermsEnd.removeAll(keepingCapacity: true)
            runTerms.removeAll(keepingCapacity: true)
            runIncreasing = true
            runHasKey = false
        }
        let lines = runKeys.count
        if runIncreasing {
            for line in 0..<lines { countLine(line) }
            return
        }
        runOrder.removeAll(keepingCapacity: true)
        runOrder.append(contentsOf: (0..<Int32(lines)))
        let keys = runKeys
        runOrder.sort { keys[Int($0)] != keys[Int($1)] ? keys[Int($0)] < keys[Int($1)] : $0 < $1 }
        var first = 0
        while first < lines {
            let key = keys[Int(runOrder[first])]
            var next = first + 1
            if key != Coding.unkeyed {
                while next < lines, keys[Int(runOrder[next])] == key { next += 1 }
            }
            if next - first == 1 {
                countLine(Int(runOrder[first]))
            } else {
                countMerged(runOrder[first..<next])
                mergedLines += next - first - 1
                if mergedLineExample == nil {
                    mergedLineExample = (documentIDs[Int(openDocument)], Int(key >> 32), Int(key & 0xFFFF_FFFF))
                }
            }
            first = next
        }
    }

    /// Counts one line of the run as a span.
    private mutating func countLine(_ line: Int) {
        let codesFrom = line == 0 ? 0 : Int(runCodesEnd[line - 1])
        let codesTo = Int(runCodesEnd[line])
        for c in codesFrom..<codesTo {
            let termsFrom = c == 0 ? 0 : Int(runTermsEnd[c - 1])
            countAssignment(code: runCodes[c], terms: runTerms[termsFrom..<Int(runTermsEnd[c])])
        }
        countSpan(coded: codesTo > codesFrom)
    }

    /// Counts lines with the same offsets as one span: each code once, with the evidence of every line.
    private mutating func countMerged(_ lines: ArraySlice<Int32>) {
        mergedCodes.removeAll(keepingCapacity: true)
        for line in lines.map(Int.init) {
            let codesFrom = line == 0 ? 0 : Int(runCodesEnd[line - 1])
            for c in codesFrom..<Int(runCodesEnd[line]) {
                let code = runCodes[c]
                let slot = mergedCodes.firstIndex(of: code) ?? mergedCodes.count
                if slot == mergedCodes.count {
                    mergedCodes.append(code)
                    if mergedTerms.count < mergedCodes.count { mergedTerms.append([]) }
                    mergedTerms[slot].removeAll(keepingCapacity: true)
                }
                let termsFrom = c == 0 ? 0 : Int(runTermsEnd[c - 1])
                for term in runTerms[termsFrom..<Int(runTermsEnd[c])] where !mergedTerms[slot].contains(term) {
                    mergedTerms[slot].append(term)
                }
            }
        }
        for (slot, code) in mergedCodes.enumerated() { countAssignment(code: code, terms: mergedTerms[slot][...]) }
        countSpan(coded: !mergedCodes.isEmpty)
    }

    private mutating func countSpan(coded: Bool) {
        spanCount += 1
        spansPerDocument[Int(openDocument)] += 1
        if coded { codedSpansPerDocument[Int(openDocument)] += 1 }
    }

    /// Records one span's assignment of `code` (already deduplicated within the span) with its distinct
    /// evidence labels, for the open document.
    private mutating func countAssignment(code: Int32, terms: ArraySlice<Int32>) {
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

    /// Ends reading: counts the open document's run.
    mutating func finish() {
        flush()
    }

    /// A note on lines merged into one span, or nil when there are none.
    public var mergedLinesNote: String? {
        guard mergedLines > 0, let example = mergedLineExample else { return nil }
        return "\(mergedLines) span line(s) give the same document, start and end as an earlier line of that document (e.g. \(example.doc) [\(example.start), \(example.end))): "
            + "each such passage is counted as one span, with the codes of all its lines"
    }

    /// A warning about documents whose lines come back after other documents' lines, or nil.
    public var reappearingNote: String? {
        guard reappearingDocuments > 0, let example = reappearingExample else { return nil }
        return "\(reappearingDocuments) document(s) have lines again after other documents' lines (e.g. \(example)); their \(reappearingLines) later line(s) are counted as further spans, "
            + "not merged with the earlier ones: right if they are other passages, counted twice if they repeat them (a coding given twice, cat a.jsonl a.jsonl). "
            + "Put each document's lines together to have repeated passages counted once"
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

    /// What a first line that is not span JSONL looks like, for the message: the other outputs of
    /// `tag` and the annotation tools' files are given as codings by mistake, and "expected '{'" alone
    /// does not say so.
    static func otherFormat(_ line: UnsafeBufferPointer<UInt8>) -> String? {
        let text = String(decoding: line.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("[") {
            return "this looks like a JSON array (a Label Studio export?), not span JSONL; stats reads SpanCoder JSONL (tag's default output), eval reads Label Studio"
        }
        let lower = text.lowercased()
        if lower.hasPrefix("doc,") || lower.hasPrefix("id,") {
            return "this looks like a CSV file (tag --format csv?), not span JSONL; stats reads SpanCoder JSONL (tag's default output)"
        }
        if text.hasPrefix("T"), text.contains("\t") {
            return "this looks like a brat .ann file, not span JSONL; stats reads SpanCoder JSONL (tag's default output), eval reads brat"
        }
        return nil
    }

    /// Parses `bytes`, which start at byte `base` of the input and end at a line end (or the input's end).
    mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>, at base: Int) throws {
        if base == 0, let wide = DocumentDecoder.wideEncoding(ofJSONStart: Array(bytes.prefix(4))) {
            throw DocumentDecoder.wideEncodingError(charset: wide.charset, evidence: wide.evidence, what: "this coding", name: source)
        }
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
                try parser.parse(line, into: &coding, source: source, line: lineNumber)
            } catch {
                let hint = lineNumber == 1 ? LineReader.otherFormat(line).map { ": \($0)" } ?? "" : ""
                throw SpanCoderError(.badInput, error.message + hint, at: SourceLocation(file: source, line: lineNumber, byteOffset: offset + error.offset))
            }
        }
    }
}

/// Parses span lines with reused buffers, interning documents, codes and terms by their bytes so that
/// a repeated value costs a comparison, not a `String`. Codes and terms are read under the parser's own
/// ids and given to the coding only with a span line that is counted: a code that appears only on
/// left-out lines (`"id": "document"`) is no code of the coding.
struct SpanLineParser {
    private var key: [UInt8] = []
    private var value: [UInt8] = []
    private var docBytes: [UInt8] = []
    private var lastDocBytes: [UInt8] = []
    private var lastDoc: Int32 = -1
    private var codeNames = ByteInterner()
    /// The coding's id of each code name, -1 until a counted line carries it.
    private var nameToCode: [Int32] = []
    private var labels = ByteInterner()
    /// The coding's id of each evidence label, -1 until a counted line carries it.
    private var labelToTerm: [Int32] = []
    private var label: [UInt8] = []
    private var lineCodes: [Int32] = []     // code names' ids
    private var lineTerms: [[Int32]] = []   // per entry of lineCodes: labels' ids
    private var currentTerms: [Int32] = []
    // The line's codes and terms in the coding's ids.
    private var codingCodes: [Int32] = []
    private var codingTerms: [[Int32]] = []
    private var evidenceTerm: [UInt8] = []
    private var evidenceRule: [UInt8] = []

    /// Parses one line into `coding`; `source` and `line` name it for the past-the-end report.
    mutating func parse(_ line: UnsafeBufferPointer<UInt8>, into coding: inout Coding, source: String = "", line number: Int = 0) throws(JSONLineScanner.Failure) {
        var scanner = JSONLineScanner(line)
        if scanner.peek() == nil { return }  // blank line
        var haveDoc = false
        var haveCodes = false
        // doccano's keys: a doccano export has `doc` too, and read as spans it would count zero codes.
        var haveLabels = false
        var isDocumentLevel = false
        var start = -1, end = -1
        var startOffset = 0
        lineCodes.removeAll(keepingCapacity: true)
        var key = self.key
        defer { self.key = key }
        try scanner.readObject(key: &key) { (scanner: inout JSONLineScanner, key: [UInt8]) throws(JSONLineScanner.Failure) in
            if keyEquals(key, "doc") {
                guard scanner.peek() == 0x22 else { throw scanner.fail("\"doc\" must be a string") }
                try scanner.readString(into: &docBytes)
                haveDoc = true
            } else if keyEquals(key, "start") || keyEquals(key, "end") {
                // Offsets key the merging of a passage's lines and are checked against known lengths:
                // a string, negative or fractional offset was once read as "no offset" and the line
                // counted as a span, so a broken coding passed unnoticed. `null` is no offset.
                let name = keyEquals(key, "start") ? "start" : "end"
                let at = scanner.position
                if scanner.peek() == 0x6E {
                    try scanner.skipLiteral("null")
                    return
                }
                var offset = 0
                if let byte = scanner.peek(), byte == 0x2D || (byte >= 0x30 && byte <= 0x39) {
                    // Digits read in place (no String a line): up to 10 of them, at most UInt32.max.
                    let range = try scanner.skipNumber()
                    var valid = range.count <= 10
                    for i in range where valid {
                        let digit = line[i] &- 0x30
                        if digit > 9 { valid = false } else { offset = offset * 10 + Int(digit) }
                    }
                    guard valid, offset <= Int(UInt32.max) else {
                        let written = String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self)
                        throw JSONLineScanner.Failure(offset: at, message: "\"\(name)\" must be a whole number of code points from 0 to \(UInt32.max), found \(written)")
                    }
                } else {
                    try scanner.skipValue()
                    let written = String(decoding: UnsafeBufferPointer(rebasing: line[at..<scanner.position]), as: UTF8.self)
                    throw JSONLineScanner.Failure(offset: at, message: "\"\(name)\" must be a whole number of code points, found \(written.prefix(40))")
                }
                if name == "start" { start = offset; startOffset = at } else { end = offset }
            } else if keyEquals(key, "id") {
                // tag --doc-codes marks its whole-document span "id": "document".
                if scanner.peek() == 0x22 {
                    try scanner.readString(into: &value)
                    isDocumentLevel = value.elementsEqual("document".utf8)
                } else {
                    try scanner.skipValue()
                }
            } else if keyEquals(key, "codes") {
                haveCodes = true
                if scanner.peek() == 0x6E { try scanner.skipLiteral("null"); return }
                guard scanner.peek() == 0x5B else { throw scanner.fail("\"codes\" must be a list") }
                try scanner.readArray { (scanner: inout JSONLineScanner) throws(JSONLineScanner.Failure) in
                    try readCode(&scanner)
                }
            } else {
                if keyEquals(key, "label") || keyEquals(key, "labels") || keyEquals(key, "entities") { haveLabels = true }
                try scanner.skipValue()
            }
        }
        try scanner.expectEnd()
        guard haveDoc else { throw JSONLineScanner.Failure(offset: 0, message: "missing string field \"doc\"") }
        // Without `codes` a line says nothing about codes: counted, it would be an uncoded span, and a
        // file in another format (doccano writes `doc` too) would give zero coded spans without a word.
        guard haveCodes else {
            throw JSONLineScanner.Failure(offset: 0, message: haveLabels
                ? "a doccano line (\"label\" or \"entities\", no \"codes\"), not a SpanCoder coding: stats reads SpanCoder JSONL (tag's default output; eval reads doccano)"
                : "missing field \"codes\" (a list of code ids, [] for a span without codes): not a SpanCoder coding line")
        }
        if (start >= 0) != (end >= 0) {
            throw JSONLineScanner.Failure(offset: 0, message: start >= 0 ? "\"start\" without \"end\" (give both offsets, or neither)" : "\"end\" without \"start\" (give both offsets, or neither)")
        }
        if start > end {
            throw JSONLineScanner.Failure(offset: startOffset, message: "inverted span: \"start\" \(start) is after \"end\" \(end)")
        }
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
        codingCodes.removeAll(keepingCapacity: true)
        for (i, name) in lineCodes.enumerated() {
            if nameToCode[Int(name)] < 0 { nameToCode[Int(name)] = coding.internCode(codeNames.string(of: name)) }
            codingCodes.append(nameToCode[Int(name)])
            if codingTerms.count <= i { codingTerms.append([]) }
            codingTerms[i].removeAll(keepingCapacity: true)
            for label in lineTerms[i] {
                if labelToTerm[Int(label)] < 0 { labelToTerm[Int(label)] = coding.internTerm(labels.string(of: label)) }
                codingTerms[i].append(labelToTerm[Int(label)])
            }
        }
        coding.addLine(doc: doc, start: start, end: end, codes: codingCodes, terms: codingTerms)
        if end >= 0 { coding.checkEnd(doc: doc, start: start, end: end, at: SourceLocation(file: source, line: number)) }
    }

    /// Reads one entry of `codes`: a code id, or an object with `code` and optional `evidence`.
    private mutating func readCode(_ scanner: inout JSONLineScanner) throws(JSONLineScanner.Failure) {
        currentTerms.removeAll(keepingCapacity: true)
        var codeID: Int32 = -1
        switch scanner.peek() {
        case 0x22:
            try scanner.readString(into: &value)
            codeID = internCode()
        case 0x7B:
            var objectKey: [UInt8] = []
            try scanner.readObject(key: &objectKey) { (scanner: inout JSONLineScanner, key: [UInt8]) throws(JSONLineScanner.Failure) in
                if keyEquals(key, "code") {
                    guard scanner.peek() == 0x22 else { throw scanner.fail("\"code\" must be a string") }
                    try scanner.readString(into: &value)
                    codeID = internCode()
                } else if keyEquals(key, "evidence") {
                    if scanner.peek() == 0x6E { try scanner.skipLiteral("null"); return }
                    guard scanner.peek() == 0x5B else { throw scanner.fail("\"evidence\" must be a list") }
                    try scanner.readArray { (scanner: inout JSONLineScanner) throws(JSONLineScanner.Failure) in
                        try readEvidence(&scanner)
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

    private mutating func readEvidence(_ scanner: inout JSONLineScanner) throws(JSONLineScanner.Failure) {
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
        if isNew { labelToTerm.append(-1) }
        if !currentTerms.contains(id) { currentTerms.append(id) }
    }

    /// The id of the code name in `value`.
    private mutating func internCode() -> Int32 {
        let (id, isNew) = value.withUnsafeBufferPointer { codeNames.intern($0) }
        if isNew { nameToCode.append(-1) }
        return id
    }
}
