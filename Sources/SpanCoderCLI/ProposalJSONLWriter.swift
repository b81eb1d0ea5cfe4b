import SpanCoderClassify
import SpanCoderCore
import SpanCoderFormats

/// Writes `spancoder tag`'s JSONL straight from the classifier's proposals, without building
/// `CodedSpan`s: every code id, term and rule id is escaped once, when the writer is made, and a span's
/// text is escaped from the document's bytes.
///
/// The bytes are exactly those of `TagRenderer` with `CodedSpanJSONL.encode` for the same document
/// (the tests compare the two on the corpus); it covers the default output (coded spans only, no
/// document span), which is where throughput matters.
struct ProposalJSONLWriter: Sendable {
    /// The fixed pieces of JSON, escaped once: `{"code":"<id>","score":` per code (from index 0),
    /// `{"term":"<term>","rule":` per lexicon entry (from `termBase`), `"<id>"` per rule (from
    /// `ruleBase`).
    let pieces: ByteStrings
    let termBase: Int
    let ruleBase: Int
    /// The longest entry piece plus the longest rule piece (or `null`): room for one piece of evidence.
    let longestEvidenceOpen: Int

    init(lexicon: CompiledLexicon) {
        let codeOpen = lexicon.codes.map { code in
            var bytes: [UInt8] = []
            CodedSpanJSONL.appendCodeOpening(code, to: &bytes)
            JSONText.appendLiteral(",\"score\":", to: &bytes)
            return bytes
        }
        let termOpen = lexicon.entries.map { entry in
            var bytes: [UInt8] = []
            CodedSpanJSONL.appendEvidenceOpening(term: entry.term, to: &bytes)
            return bytes
        }
        let ruleValue = lexicon.ruleIDs.map { id in
            var bytes: [UInt8] = []
            JSONText.appendString(id, to: &bytes)
            return bytes
        }
        pieces = ByteStrings(codeOpen + termOpen + ruleValue)
        termBase = codeOpen.count
        ruleBase = codeOpen.count + termOpen.count
        longestEvidenceOpen = (termOpen.map(\.count).max() ?? 0) + max(4, ruleValue.map(\.count).max() ?? 0)
    }

    /// Byte strings in one buffer, addressed by index: the writer's pieces of fixed JSON. Why not an
    /// array of arrays: each inner array is an object of its own on the heap, and reading one term's
    /// bytes per piece of evidence then missed the cache on the array's header before its bytes
    /// (half of the writer's time); here the strings lie end to end, 75 KB for the shipped set.
    struct ByteStrings: Sendable {
        private let bytes: [UInt8]
        private let starts: [Int]

        init(_ strings: [[UInt8]]) {
            var bytes: [UInt8] = []
            var starts = [0]
            for string in strings {
                bytes.append(contentsOf: string)
                starts.append(bytes.count)
            }
            self.bytes = bytes
            self.starts = starts
        }

        /// Calls `body` with a view whose `[i]` is string i, valid inside `body`.
        func withStrings<Result>(_ body: (View) throws -> Result) rethrows -> Result {
            try bytes.withUnsafeBufferPointer { buffer in try body(View(bytes: buffer, starts: starts)) }
        }

        struct View {
            let bytes: UnsafeBufferPointer<UInt8>
            let starts: [Int]

            subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: bytes[starts[index]..<starts[index + 1]])
            }
        }
    }

    /// The JSONL piece of one scanned document: one line per coded span. `codePointShift` is added to
    /// every offset written (for a piece of a larger document, the code points before it).
    /// `workspace`: the classifier's buffers, reused by the caller from document to document.
    func piece(for scanned: Classifier.ScannedDocument, document: Document, classifier: Classifier,
               codePointShift shift: Int = 0, workspace: Classifier.Workspace = Classifier.Workspace()) -> TagRenderer.Piece {
        // Coded spans with their text and evidence take about twice the input; past 64 MB the buffer
        // grows as needed instead. A short document gets room for the bound one span may reserve (six
        // bytes per text byte, escaped), so that its first line does not reallocate the buffer.
        let size = document.text.utf8.count
        let capacity = min(size < 1 << 16 ? size * 6 + 1024 : size * 3, 64 << 20)
        // Room is reserved at the first coded span: half the documents of a corpus of sentences have
        // none, and then allocate nothing here.
        var out = JSONLineBuffer(capacity: 0)
        // The line opening, {"doc":"<id>",, is escaped into the first line and copied from there into
        // the others: no array of its own per document.
        var docOpenCount = 0
        let docOpenBound = 6 * document.id.utf8.count + 12
        var spanCount = 0
        var id = document.id
        var text = document.text
        let number = JSONText.maxNumberLength
        pieces.withStrings { pieces in
            id.withUTF8 { id in
                text.withUTF8 { bytes in
                    classifier.forEachCodedSpan(scanned, workspace: workspace) { _, range, utf8, proposals in
                        if spanCount == 0 { out.reserveCapacity(capacity) }
                        spanCount += 1
                        // Room for the line: escaping takes at most six bytes per text byte; numbers at most
                        // `number` bytes; the fixed pieces are counted generously.
                        var bound = docOpenBound + 2 * number + 64 + 6 * utf8.count
                        for code in proposals.codes {
                            bound += pieces[code.code].count + number + 32 + code.evidence.count * (longestEvidenceOpen + 2 * number + 32)
                        }
                        out.write(atMost: bound) { out in
                            if docOpenCount == 0 {
                                out.append("{\"doc\":")
                                out.appendString(utf8: id)
                                out.append(UInt8(ascii: ","))
                                docOpenCount = out.written
                            } else {
                                out.appendCopy(of: 0..<docOpenCount)
                            }
                            CodedSpanJSONL.appendOffsets(range.shifted(by: shift), to: &out)
                            out.append(",\"text\":")
                            out.appendString(utf8: UnsafeBufferPointer(rebasing: bytes[utf8]))
                            out.append(",\"codes\":[")
                            for (i, code) in proposals.codes.enumerated() {
                                if i > 0 { out.append(UInt8(ascii: ",")) }
                                out.append(pieces[code.code])
                                out.appendNumber(code.score)
                                out.append(",\"evidence\":[")
                                for j in code.evidence {
                                    if j > code.evidence.lowerBound { out.append(UInt8(ascii: ",")) }
                                    let item = proposals.evidence[j]
                                    out.append(pieces[termBase + item.entry])
                                    if item.rule < 0 { out.append("null") } else { out.append(pieces[ruleBase + item.rule]) }
                                    CodedSpanJSONL.appendEvidenceClosing(item.range.shifted(by: shift), to: &out)
                                }
                                out.append("]}")
                            }
                            out.append("]}\n")
                        }
                    }
                }
            }
        }
        // JSONL is a stream format: no code counts (see `TagRenderer.Piece.codeCounts`).
        return TagRenderer.Piece(bytes: out.takeBytes(), files: [], spanCount: spanCount, codeCounts: [:])
    }
}
