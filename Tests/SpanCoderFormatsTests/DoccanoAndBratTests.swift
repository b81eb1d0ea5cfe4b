import Foundation
import SpanCoderCore
import Testing
@testable import SpanCoderFormats

@Suite struct DoccanoFormatTests {
    @Test func writesUTF16OffsetsAndRoundTrips() throws {
        let document = DocumentText(Fixture.document)
        let line = try DoccanoFormat.line(document: document, spans: Fixture.spans)
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let labels = try #require(object["label"] as? [[Any]])
        #expect(labels.count == 4)
        // "AI 🤖 …" starts at code point 16 but UTF-16 unit 17: 𠮷 is a surrogate pair.
        let evaluations = try #require(labels.first { $0[2] as? String == "gov.evaluations" })
        #expect(evaluations[0] as? Int == 17)
        // The span ends after 🤖 (another pair): its UTF-16 length exceeds its code point length by one.
        let range = Fixture.range(of: "AI 🤖 systems need red teaming.")
        #expect(evaluations[1] as? Int == 17 + range.length + 1)
        // JavaScript semantics: the same offsets slice the same text out of a UTF-16 string.
        let utf16 = Array(Fixture.text.utf16)
        let slice = String(decoding: utf16[17..<(evaluations[1] as! Int)], as: UTF16.self)
        #expect(slice == "AI 🤖 systems need red teaming.")

        let back = try DoccanoFormat.decode(line: line, location: SourceLocation(file: "d.jsonl", line: 1))
        #expect(back.document.id == "doc-1")
        #expect(back.document.text == Fixture.text)
        #expect(back.document.metadata["country"] == "CN")
        #expect(Fixture.comparable(back.spans, keepScores: false, keepEvidence: false)
                == Fixture.comparable(Fixture.spans, keepScores: false, keepEvidence: false))
    }

    /// Metadata named like the format's keys (an effective date `start`, a `label`, a `doc`) neither
    /// overwrites them nor is dropped: written as `meta_<name>`, and read back under its own name.
    @Test func metadataNamedLikeTheFormatsKeysRoundTrips() throws {
        let metadata = ["start": "2024-01-01", "end": "2025", "label": "L", "labels": "Ls", "doc": "D", "id": "7", "text": "T",
                        "codes": "C", "entities": "E", "meta_x": "y", "meta_start": "z", "country": "US"]
        let document = Document(id: "reg1", text: "Providers shall protect personal information.", metadata: metadata)
        let span = CodedSpan(doc: "reg1", range: TextRange(start: 0, end: 45), codes: [CodeAssignment(code: "risk.privacy")])
        let line = try DoccanoFormat.line(document: DocumentText(document), spans: [span])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["doc"] as? String == "reg1")
        #expect(object["start"] == nil && object["codes"] == nil && object["id"] == nil)
        #expect(object["meta_start"] as? String == "2024-01-01" && object["meta_meta_start"] as? String == "z")
        #expect(object["country"] as? String == "US")
        var warnings: [FormatWarning] = []
        let back = try DoccanoFormat.decode(line: line, location: SourceLocation(file: "d.jsonl", line: 1), warnings: &warnings)
        #expect(warnings.isEmpty)
        #expect(back.document.id == "reg1")
        #expect(back.document.metadata == metadata)
        #expect(back.spans.map(\.range) == [span.range] && back.spans.map(\.codeIDs) == [["risk.privacy"]])
    }

    @Test func readsNewerEntitiesShapeAndRejectsSplitSurrogates() throws {
        let entities = #"{"id": 3, "text": "𠮷 ab", "entities": [{"id": 1, "start_offset": 3, "end_offset": 5, "label": "x"}]}"#
        let document = try DoccanoFormat.decode(line: entities, location: SourceLocation(file: "e", line: 1))
        #expect(document.document.id == "3")
        #expect(document.spans.map(\.range) == [TextRange(start: 2, end: 4)])
        #expect(document.spans.first?.text == "ab")

        let split = #"{"text": "𠮷 ab", "label": [[1, 3, "x"]]}"#
        #expect(throws: SpanCoderError.self) { try DoccanoFormat.decode(line: split, location: SourceLocation(file: "s", line: 4)) }
        let past = #"{"text": "ab", "label": [[0, 3, "x"]]}"#
        #expect(throws: SpanCoderError.self) { try DoccanoFormat.decode(line: past, location: SourceLocation(file: "s", line: 5)) }
    }

    /// An offset past the text, inside a surrogate pair or inverted skips that entry with a warning
    /// naming the record's line (as Label Studio and brat skip a bad region), not the whole run; a
    /// record that is not JSON is skipped with its line; spans carry their record's line.
    @Test func badEntriesAndRecordsAreSkippedWithTheirLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("doccano-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/d.jsonl"
        let lines = [
            #"{"doc": "a", "text": "😀 ab", "label": [[1, 3, "split"], [3, 5, "ok"], [3, 99, "past"], [4, 3, "inverted"], [0, "x", "shape"]]}"#,
            "",
            "not json",
            #"{"doc": "b", "text": "cd", "label": [[0, 2, "ok"]]}"#,
        ]
        try AtomicFileWriter.write(lines.joined(separator: "\n") + "\n", to: path)
        let (documents, warnings) = try DoccanoFormat.read(path: path)
        #expect(documents.map(\.document.id) == ["a", "b"])
        #expect(documents.map { $0.spans.map(\.codeIDs) } == [[["ok"]], [["ok"]]])
        #expect(documents.map(\.lines) == [[1], [4]])
        #expect(warnings.map(\.kind) == [.skipped, .skipped, .outsideText, .inverted, .skipped])
        #expect(warnings.map { $0.location.line ?? 0 } == [1, 1, 1, 1, 3])
        #expect(warnings.allSatisfy { $0.leftOut })
        #expect(warnings[2].message.contains("label entry 3") && warnings[2].message.contains("\"past\""))
    }

    /// A record with a bad UTF-8 byte is skipped with a warning, not read with U+FFFD in its label.
    @Test func aRecordWithInvalidUTF8IsSkipped() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("doccano-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/d.jsonl"
        let bytes = Array(#"{"doc":"a","text":"xy","label":[[0,1,"c"]]}"#.utf8) + [0x0A]
            + Array(#"{"doc":"b","text":"xy","label":[[0,1,"risk.priv"#.utf8) + [0xFF] + Array(#"acy"]]}"#.utf8) + [0x0A]
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let (documents, warnings) = try DoccanoFormat.read(path: path)
        #expect(documents.map(\.document.id) == ["a"])
        #expect(warnings.count == 1 && warnings[0].location.line == 2 && warnings[0].message.contains("not valid UTF-8"), "\(warnings)")
    }

    @Test func readsAFileWithCRLFLineEnds() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("doccano-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/d.jsonl"
        try AtomicFileWriter.write("{\"doc\":\"a\",\"text\":\"xy\",\"label\":[[0,1,\"c\"]]}\r\n\r\n{\"doc\":\"b\",\"text\":\"z\",\"label\":[]}\r\n", to: path)
        let documents = try DoccanoFormat.read(path: path).documents
        #expect(documents.map(\.document.id) == ["a", "b"])
        #expect(documents[0].spans.map(\.codeIDs) == [["c"]])
    }
}

@Suite struct BratFormatTests {
    @Test func roundTripsSpansScoresAndEvidenceIncludingCRLFAndAstralText() throws {
        let document = DocumentText(Fixture.document)
        let ann = try BratFormat.annotations(document: document, spans: Fixture.spans)
        let codes = Array(Set(Fixture.spans.flatMap(\.codeIDs))).sorted()
        let typeMap = BratFormat.typeMap(configuration: BratFormat.configuration(codes: codes))
        let (spans, warnings) = try BratFormat.read(ann: ann, document: Fixture.document, file: "doc-1.ann", typeMap: typeMap)
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(Fixture.comparable(spans) == Fixture.comparable(Fixture.spans))
    }

    /// brat stores a type only as `[A-Za-z0-9_-]+` and renames the others (`normalize_to_storage_form`):
    /// the files use that name, distinct per code, and `annotation.conf` maps it back.
    @Test func namesTypesAsBratStoresThem() throws {
        let names = BratTypeNames(codes: ["risk.bias", "risk_bias", "偏见", "隐私", "gov.input-controls", "plain"])
        #expect(["risk.bias", "risk_bias", "偏见", "隐私", "gov.input-controls", "plain"].map(names.name(of:))
                == ["risk_bias", "risk_bias-2", "__", "__-2", "gov_input-controls", "plain"])
        #expect(names.name(of: "not.listed") == "not_listed")
        let conf = BratFormat.configuration(codes: ["risk.bias", "risk_bias", "偏见", "plain"], typeNames: names)
        #expect(conf.contains("\nrisk_bias | risk.bias\nrisk_bias-2 | risk_bias\n__ | 偏见\nplain\n[relations]"))
        #expect(BratFormat.typeMap(configuration: conf) == ["risk_bias": "risk.bias", "risk_bias-2": "risk_bias", "__": "偏见"])
        #expect(BratFormat.visualConfiguration(codes: ["plain"], typeNames: names) == nil)
        #expect(BratFormat.visualConfiguration(codes: ["risk.bias", "plain"], typeNames: names)?.contains("[labels]\nrisk_bias | risk.bias\n[drawing]") == true)
    }

    /// brat has no span ids: `tag --doc-codes`' whole-document line says so in its note, and reads back
    /// as that line (id "document"); Label Studio's regions `document-N` do the same.
    @Test func documentLinesKeepTheirIdThroughNotesAndRegionIDs() throws {
        let text = "Providers shall protect personal data. Nothing else."
        let document = Document(id: "d", text: text)
        let spans = [CodedSpan(doc: "d", range: TextRange(start: 0, end: 38), codes: [CodeAssignment(code: "risk.privacy", score: 1)]),
                     CodedSpan(doc: "d", range: TextRange(start: 0, end: 52), codes: [CodeAssignment(code: "risk.privacy", score: 1)], id: "document")]
        let ann = try BratFormat.annotations(document: DocumentText(document), spans: spans)
        #expect(ann.contains("#2\tAnnotatorNotes T2\tdocument; score=1\n"))
        let (read, _) = try BratFormat.read(ann: ann, document: document, file: "d.ann")
        #expect(read.map(\.id) == ["T1", "document"] && read[1].codes.first?.score == 1)
        #expect(["document-1", "document-12", "document", "document-x", "s1-1"].map(LabelStudioFormat.spanID(ofRegion:))
                == ["document", "document", "document", "document-x", "s1-1"])
    }

    /// The map read from an `annotation.conf`: SpanCoder's `name | code` lines, an older SpanCoder
    /// conf that declared `risk.bias` itself (brat stored the coders' annotations as `risk_bias`), and a
    /// coder's display alias, which is not a code.
    @Test(arguments: [
        ("[entities]\nrisk_bias | risk.bias\n", ["risk_bias": "risk.bias"]),
        ("[entities]\nrisk.bias\ngov.evaluations\n", ["risk_bias": "risk.bias", "gov_evaluations": "gov.evaluations"]),
        ("[entities]\nPerson | Human being\nOrg\n", [:]),
        ("[entities]\n__-2 | 隐私\n!x_y | x.y\n", ["__-2": "隐私", "x_y": "x.y"]),
        ("[relations]\nrisk_bias | risk.bias\n[entities]\n", [:]),
        ("# risk_bias | risk.bias\n[entities]\n\tsub_type | sub.type\tArg:<ENTITY>\n", ["sub_type": "sub.type"]),
    ] as [(String, [String: String])])
    func readsTheTypeMapOfAConfiguration(conf: String, expected: [String: String]) {
        #expect(BratFormat.typeMap(configuration: conf) == expected)
    }

    /// brat reads `.ann` files with Python's `splitlines`, which also breaks at \v, \f and U+001C–U+001E:
    /// a span with one of them is written as fragments, so every line brat reads is a whole annotation.
    @Test func splitsFragmentsWhereBratSplitsLines() throws {
        let text = "Protect personal data\u{0C}and avoid bias.\u{0B}More\u{1C}privacy\u{1D}rules\u{1E}here\u{85}now."
        let document = Document(id: "f", text: text)
        let span = CodedSpan(doc: "f", range: TextRange(start: 0, end: text.unicodeScalars.count),
                             codes: [CodeAssignment(code: "risk.privacy", evidence: [Evidence(term: "a\u{0C}b", rule: "r\u{2028}s", range: TextRange(start: 8, end: 21))])])
        let ann = try BratFormat.annotations(document: DocumentText(document), spans: [span])
        let pythonLines = ann.unicodeScalars.split { [0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029].contains($0.value) }
        #expect(pythonLines.count == 2, "\(ann.debugDescription)")
        #expect(ann.hasPrefix("T1\trisk_privacy 0 21;22 37;38 42;43 50;51 56;57 61;62 66\tProtect personal data and avoid bias. More privacy rules here now.\n"))
        let (spans, warnings) = try BratFormat.read(ann: ann, document: document, file: "f.ann", typeMap: ["risk_privacy": "risk.privacy"])
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(spans.map(\.range) == [span.range] && spans.map(\.codeIDs) == [["risk.privacy"]])
    }

    @Test func writesLineCrossingSpansAsDiscontinuousFragments() throws {
        let document = DocumentText(Fixture.document)
        let spans = Fixture.spans
        let ann = try BratFormat.annotations(document: document, spans: [spans[2]])
        let first = Fixture.range(of: "人工智能")
        let second = Fixture.range(of: "服务提供者应当评估。")
        #expect(ann == "T1\tgov_evaluations \(first.start) \(first.end);\(second.start) \(second.end)\t人工智能 服务提供者应当评估。\n#1\tAnnotatorNotes T1\tscore=1\n")
    }

    @Test func writesOneAnnotationPerCodeWithNotes() throws {
        let ann = try BratFormat.annotations(document: DocumentText(Fixture.document), spans: [Fixture.spans[0]])
        let lines = ann.split(separator: "\n")
        #expect(lines.count == 4)
        let range = Fixture.range(of: "算法歧视𠮷应当禁止。")
        let evidence = Fixture.range(of: "歧视")
        #expect(lines[0] == "T1\trisk_bias \(range.start) \(range.end)\t算法歧视𠮷应当禁止。")
        #expect(lines[1] == "#1\tAnnotatorNotes T1\tscore=1.5; evidence=歧视@\(evidence.start)-\(evidence.end)")
        #expect(lines[3].hasSuffix(" [ban-rule]"))
    }

    /// Relations, events, attributes, normalizations and equivalences are valid brat that holds no span:
    /// skipped without a warning (a warning is an input finding: exit 1, and `--on-invalid error` would
    /// refuse a valid gold). A line of no brat kind is still reported, once per kind.
    @Test func readsHandWrittenFilesWithOtherAnnotationKinds() throws {
        let text = "Red teaming\nof models. 𠮷 bias"
        let ann = "T1\tgov.evaluations 0 11;12 22\tRed teaming of models.\r\nT2\trisk.bias 25 29\tbias\r\nR1\tRel Arg1:T1 Arg2:T2\r\nA1\tNegated T2\r\n"
            + "M1\tNegated T1\r\n*\tEquiv T1 T2\r\nN1\tReference T2 Wikipedia:534366\tBias\r\nE1\tgov.evaluations:T1\r\n#1\tAnnotatorNotes T1\tchecked\r\n"
        let (spans, warnings) = try BratFormat.read(ann: ann, document: Document(id: "h", text: text), file: "h.ann")
        #expect(spans.map(\.range) == [TextRange(start: 0, end: 22), TextRange(start: 25, end: 29)])
        #expect(spans.map(\.codeIDs) == [["gov.evaluations"], ["risk.bias"]])
        #expect(spans[1].text == "bias")
        #expect(warnings.isEmpty, "\(warnings)")

        let (_, odd) = try BratFormat.read(ann: ann + "X1\tsomething\r\nX2\telse\r\n", document: Document(id: "h", text: text), file: "h.ann")
        #expect(odd.map(\.location.line) == [10])
        #expect(odd.first?.message.contains("not a brat annotation line") == true)
    }

    /// A `T` line that cannot be used is skipped with a warning naming its line and kind (as a
    /// malformed JSONL line is), not a stop: the other annotations of the file stay.
    @Test(arguments: [
        ("T1\tx 0 99\tabc", FormatWarning.Kind.outsideText),  // past the end
        ("T1\tx 3 1\tabc", .inverted),
        ("T1\tx zero 3\tabc", .skipped),  // not a number
        ("T1\tx", .skipped),  // no offsets
    ])
    func skipsImpossibleOffsetsWithTheLine(line: String, kind: FormatWarning.Kind) throws {
        let (spans, warnings) = try BratFormat.read(ann: "\n" + line + "\nT2\ty 0 1\ta\n", document: Document(id: "d", text: "abc"), file: "d.ann")
        #expect(spans.map(\.codeIDs) == [["y"]])
        #expect(warnings.map(\.kind) == [kind])
        #expect(warnings.first?.location.line == 2)
        #expect(warnings.first?.leftOut == true)
    }

    /// A recorded text that differs from the document is a warning, but the span is kept.
    @Test func textMismatchKeepsTheSpan() throws {
        let (spans, warnings) = try BratFormat.read(ann: "T1\tx 0 2\tzz\n", document: Document(id: "d", text: "abc"), file: "d.ann")
        #expect(spans.count == 1)
        #expect(warnings.map(\.kind) == [.textMismatch])
        #expect(warnings.first?.leftOut == false)
    }

    @Test func readsFilesFromAFolder() throws {
        let collection = FileManager.default.temporaryDirectory.appendingPathComponent("brat-\(UUID().uuidString)").path
        let directory = collection + "/docs"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: collection) }
        try AtomicFileWriter.write(Fixture.text, to: directory + "/doc-1.txt")
        try AtomicFileWriter.write(try BratFormat.annotations(document: DocumentText(Fixture.document), spans: Fixture.spans), to: directory + "/doc-1.ann")
        // The conf is found in the folder or above it, as brat finds it.
        let codes = Array(Set(Fixture.spans.flatMap(\.codeIDs))).sorted()
        try AtomicFileWriter.write(BratFormat.configuration(codes: codes), to: collection + "/annotation.conf")
        let (documents, warnings) = try BratFormat.read(directory: directory)
        #expect(warnings.isEmpty)
        #expect(documents.count == 1)
        #expect(documents[0].document.text == Fixture.text)
        #expect(Fixture.comparable(documents[0].spans) == Fixture.comparable(Fixture.spans))
        #expect(try BratFormat.read(annPath: directory + "/doc-1.ann").document.spans.flatMap(\.codeIDs).contains("risk.bias"))
        // Without a conf, brat's names are all there is.
        try FileManager.default.removeItem(atPath: collection + "/annotation.conf")
        #expect(try BratFormat.read(directory: directory).documents[0].spans.flatMap(\.codeIDs).contains("risk_bias"))
    }
}
