import SpanCoderCore

/// One coding source (a gold file, a coder's file, SpanCoder's proposals), reduced to what the
/// statistics need: per document the number of spans and coded spans, per document and code the number
/// of spans carrying the code, and per document, code and term or rule the number of spans whose
/// evidence for that code cites it.
///
/// Spans are not kept, so a coding of millions of spans takes memory in proportion to the distinct
/// (document, code, term) triples only.
public struct Coding: Sendable {
    struct DocCode: Hashable, Sendable {
        var doc: Int32
        var code: Int32
    }

    struct DocCodeTerm: Hashable, Sendable {
        var doc: Int32
        var code: Int32
        var term: Int32
    }

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
    private(set) var spansByDocCode: [DocCode: Int] = [:]
    private(set) var spansByDocCodeTerm: [DocCodeTerm: Int] = [:]
    /// Number of code assignments that carried evidence: zero for gold files.
    public private(set) var assignmentsWithEvidence = 0
    public private(set) var spanCount = 0

    private var documentIndex: [String: Int32] = [:]
    private var codeIndex: [String: Int32] = [:]
    private var termIndex: [String: Int32] = [:]

    public init(name: String) {
        self.name = name
    }

    /// Builds a coding from spans in memory.
    public init(name: String, spans: [CodedSpan]) {
        self.name = name
        for span in spans {
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
        }
    }

    /// The evidence label under which a term or rule is counted.
    public static func label(term: String, rule: String?) -> String {
        if let rule { return "rule:" + rule }
        return term
    }

    /// Reads a SpanCoder JSONL coding (`spancoder tag` output or a gold file): one span per line with
    /// `doc` and `codes`, codes as ids or as objects `{"code", "evidence": [{"term", "rule"}]}`.
    /// - Throws: `SpanCoderError.badInput` with file, line and byte offset of the first bad line.
    /// - Complexity: O(bytes); no per-line dictionaries are built.
    public static func read(path: String, name: String? = nil) throws -> Coding {
        let bytes = try readWholeFile(path)
        let sourceName = name ?? (path.split(separator: "/").last.map(String.init) ?? path)
        return try bytes.withUnsafeBufferPointer { try parse($0, name: sourceName, source: path) }
    }

    /// Parses JSONL bytes; `source` names the input in errors.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, name: String, source: String) throws -> Coding {
        if let bad = firstInvalidUTF8Offset(bytes) {
            throw SpanCoderError(.badInput, "not valid UTF-8", at: SourceLocation(file: source, byteOffset: bad))
        }
        var coding = Coding(name: name)
        var parser = SpanLineParser()
        var lineNumber = 0
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            // memchr is several times faster than a byte loop on long lines.
            if let found = memchrIndex(bytes, from: lineStart, byte: 0x0A) { lineEnd = found } else { lineEnd = bytes.count }
            lineNumber += 1
            var line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            if lineNumber == 1, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
                line = UnsafeBufferPointer(rebasing: line[3...])
            }
            let offset = lineStart
            lineStart = lineEnd + 1
            do {
                try parser.parse(line, into: &coding)
            } catch {
                throw SpanCoderError(.badInput, error.message, at: SourceLocation(file: source, line: lineNumber, byteOffset: offset + error.offset))
            }
        }
        return coding
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

    mutating func addSpan(doc: Int32, coded: Bool) {
        spanCount += 1
        spansPerDocument[Int(doc)] += 1
        if coded { codedSpansPerDocument[Int(doc)] += 1 }
    }

    /// Records one span's assignment of `code` (already deduplicated within the span) with its distinct
    /// evidence labels.
    mutating func addAssignment(doc: Int32, code: Int32, terms: [Int32]) {
        spansByDocCode[DocCode(doc: doc, code: code), default: 0] += 1
        if !terms.isEmpty { assignmentsWithEvidence += 1 }
        for term in terms {
            spansByDocCodeTerm[DocCodeTerm(doc: doc, code: code, term: term), default: 0] += 1
        }
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

/// Parses span lines with reused buffers, interning documents, codes and terms by their bytes so that
/// a repeated value costs a comparison, not a `String`.
struct SpanLineParser {
    private var key: [UInt8] = []
    private var value: [UInt8] = []
    private var docBytes: [UInt8] = []
    private var lastDocBytes: [UInt8] = []
    private var lastDoc: Int32 = -1
    private var codeBytes: [[UInt8]] = []   // parallel to coding.codes
    private var termBytes: [[UInt8]: Int32] = [:]
    private var lineCodes: [Int32] = []
    private var lineTerms: [[Int32]] = []   // per entry of lineCodes
    private var currentTerms: [Int32] = []
    private var evidenceTerm: [UInt8] = []
    private var evidenceRule: [UInt8] = []

    mutating func parse(_ line: UnsafeBufferPointer<UInt8>, into coding: inout Coding) throws(JSONLineScanner.Failure) {
        var scanner = JSONLineScanner(line)
        if scanner.peek() == nil { return }  // blank line
        var haveDoc = false
        lineCodes.removeAll(keepingCapacity: true)
        var termsUsed = 0
        var key = self.key
        defer { self.key = key }
        try scanner.readObject(key: &key) { (scanner: inout JSONLineScanner, key: [UInt8]) throws(JSONLineScanner.Failure) in
            if keyEquals(key, "doc") {
                guard scanner.peek() == 0x22 else { throw scanner.fail("\"doc\" must be a string") }
                try scanner.readString(into: &docBytes)
                haveDoc = true
            } else if keyEquals(key, "codes") {
                if scanner.peek() == 0x6E { try scanner.skipLiteral("null"); return }
                guard scanner.peek() == 0x5B else { throw scanner.fail("\"codes\" must be a list") }
                try scanner.readArray { (scanner: inout JSONLineScanner) throws(JSONLineScanner.Failure) in
                    try readCode(&scanner, coding: &coding, termsUsed: &termsUsed)
                }
            } else {
                try scanner.skipValue()
            }
        }
        try scanner.expectEnd()
        guard haveDoc else { throw JSONLineScanner.Failure(offset: 0, message: "missing string field \"doc\"") }
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
    }

    /// Reads one entry of `codes`: a code id, or an object with `code` and optional `evidence`.
    private mutating func readCode(_ scanner: inout JSONLineScanner, coding: inout Coding, termsUsed: inout Int) throws(JSONLineScanner.Failure) {
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
        termsUsed += currentTerms.count
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
        var label: [UInt8]
        if haveRule {
            label = Array("rule:".utf8)
            label.append(contentsOf: evidenceRule)
        } else {
            label = evidenceTerm
        }
        let term: Int32
        if let known = termBytes[label] {
            term = known
        } else {
            term = coding.internTerm(String(decoding: label, as: UTF8.self))
            termBytes[label] = term
        }
        if !currentTerms.contains(term) { currentTerms.append(term) }
    }

    private mutating func internCode(coding: inout Coding) -> Int32 {
        for (i, known) in codeBytes.enumerated() where known == value { return Int32(i) }
        let id = coding.internCode(String(decoding: value, as: UTF8.self))
        // Codes are few; a linear scan over their bytes beats hashing a fresh String per assignment.
        while codeBytes.count <= Int(id) { codeBytes.append([]) }
        codeBytes[Int(id)] = value
        return id
    }
}
