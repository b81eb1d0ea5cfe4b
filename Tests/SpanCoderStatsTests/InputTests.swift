import Foundation
import SpanCoderCore
import Testing
@testable import SpanCoderStats

@Suite struct ManifestTests {
    @Test func csvWithQuotedCommasQuotesAndLineBreaks() throws {
        let manifest = try HandCorpus.manifest()
        #expect(manifest.entries.map(\.id) == ["us1", "us2", "us3", "cn1", "cn2", "cn3", "cn4"])
        #expect(manifest.fieldNames == ["id", "country", "issuer_type", "title", "chars"])
        #expect(manifest.entry(id: "us1")?.fields["title"] == "Order, with a comma")
        #expect(manifest.entry(id: "us2")?.fields["title"] == "An Act\non two lines")
        #expect(manifest.entry(id: "cn4")?.fields["title"] == "引号 \"quoted\"")
        #expect(manifest.entry(id: "cn4")?.fields["chars"] == "10000")
    }

    @Test func csvWithBOMAndCRLF() throws {
        let manifest = try parseManifestCSV("\u{FEFF}id,country\r\na,US\r\nb,CN\r\n")
        #expect(manifest.entries.map(\.id) == ["a", "b"])
        #expect(manifest.entry(id: "b")?.fields["country"] == "CN")
    }

    /// Errors name the line where the record starts (a quoted note may hold line breaks, so records are
    /// not lines), and a repeated column is refused rather than one copy dropped.
    @Test(arguments: [
        ("country\nUS\n", "no \"id\" column", 1),
        ("ID,country\nUS\n", "is it \"ID\" (--id-field \"ID\")?", 1),
        ("id,note\na,\"two\nlines\"\nb,x\na,y\n", "id \"a\" appears twice: records 2 (line 2) and 4 (line 5), counting the header as record 1", 5),
        ("id,country\na,US,extra\n", "record 2", 2),
        ("id,note\na,\"x\ny\nz\"\n,US\n", "record 3 (counting the header as 1) has an empty id", 5),
        ("id,grp,grp\na,A,B\n", "names the column \"grp\" twice (columns 2 and 3)", 1),
    ])
    func csvErrorsSayWhatIsWrong(text: String, message: String, line: Int) {
        do {
            _ = try parseManifestCSV(text)
            Issue.record("expected an error for \(text)")
        } catch let error as SpanCoderError {
            #expect(error.kind == .badInput)
            #expect(error.description.contains(message), "\(error)")
            #expect(error.location?.file == "manifest.csv")
            #expect(error.location?.line == line, "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    /// "US " and "US" are one group: ids and values are read without surrounding white space.
    @Test func idsAndValuesAreTrimmed() throws {
        let manifest = try parseManifestCSV("id,country, issuer_type \n a ,US ,State\nb, US,State \n")
        #expect(manifest.entries.map(\.id) == ["a", "b"])
        #expect(manifest.entries.map { $0.fields["country"] } == ["US", "US"])
        #expect(manifest.entries.map { $0.fields["issuer_type"] } == ["State", "State"])
        let jsonl = try parseManifestJSONL(#"{"id":" a ","country":"US "}"# + "\n" + #"{"id":"b","country":" US"}"#)
        #expect(jsonl.entries.map(\.id) == ["a", "b"])
        #expect(jsonl.entries.map { $0.fields["country"] } == ["US", "US"])
        let coding = try parseCoding(#"{"doc":"a","codes":["x"]}"# + "\n" + #"{"doc":"b","codes":["x"]}"#)
        let s = try CorpusStatistics.compute(manifest: manifest, codings: [coding], options: StatsOptions(groupBy: ["country"])).sources[0]
        #expect(s.documents.rowKeys == ["US"])
        #expect(s.documents.total == 2)
    }

    /// `WhiteSpace.trimmed` (shared with `eval`'s manifest) against the Foundation call it replaced,
    /// which built a new string for every field and doubled the time `stats` took on a 200,000-row
    /// manifest: the same result on every kind of end, ASCII or not, and untrimmed values returned
    /// as they are.
    @Test func trimmingMatchesFoundation() {
        let ends = ["", " ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{3000}", "\u{2028}", "\u{2029}", "\u{2003}",
                    "\u{200B}", "\u{FEFF}", "x", "中", "é", "e\u{301}", "🇺🇸"]
        let middles = ["", "US", "a b", "美国", " ", "\u{3000}\u{3000}", "x\u{A0}y"]
        for head in ends {
            for middle in middles {
                for tail in ends {
                    let value = head + middle + tail
                    #expect(WhiteSpace.trimmed(value) == value.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(value.unicodeScalars))")
                }
            }
        }
        for scalar in (0...0x10FFFF).lazy.compactMap(Unicode.Scalar.init) where WhiteSpace.contains(scalar) != CharacterSet.whitespacesAndNewlines.contains(scalar) {
            Issue.record("U+\(String(scalar.value, radix: 16)): WhiteSpace.contains differs from Foundation")
        }
    }

    /// A quote opened on line 4 and never closed there pairs with a quote further down: the error
    /// names line 4, where the fix is, not the line where the pairing broke.
    @Test func quotingErrorNamesTheLineWhereTheQuoteOpened() {
        let text = "id,country,issuer_type\na,CN,State\nb,US,State\nc,\"US,State\nd,\"CN\",State\n"
        do {
            _ = try parseManifestCSV(text)
            Issue.record("expected an error")
        } catch let error as SpanCoderError {
            #expect(error.kind == .badInput)
            #expect(error.location?.line == 4, "\(error)")
            #expect(error.message.contains("line 5"), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
        // Text after a closing quote on the quote's own line is reported there, as before.
        do {
            _ = try parseManifestCSV("id,country\na,US\nb,\"US\"x\n")
            Issue.record("expected an error")
        } catch let error as SpanCoderError {
            #expect(error.location?.line == 3)
            #expect(error.message.contains("text after the closing quote"), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func invalidUTF8IsReportedWithItsByteOffset() {
        let bytes: [UInt8] = Array("id,country\na,".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        do {
            _ = try bytes.withUnsafeBufferPointer { try Manifest.parseCSV($0, source: "m.csv") }
            Issue.record("expected an error")
        } catch let error as SpanCoderError {
            #expect(error.location?.byteOffset == 13)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    /// `--id-field`: another column or key holds the ids (AGORA's "AGORA ID"); it becomes the field `id`,
    /// a second `id` beside it is refused, and a missing column is named.
    @Test func idFieldNamesTheColumnOfIDs() throws {
        var csv = "\u{FEFF}AGORA ID,Authority\n12,Congress\n 13 ,California\n"
        let manifest = try csv.withUTF8 { try Manifest.parseCSV($0, source: "documents.csv", idField: "AGORA ID") }
        #expect(manifest.entries.map(\.id) == ["12", "13"])
        #expect(manifest.fieldNames == ["id", "Authority"])
        #expect(manifest.entry(id: "13")?.fields == ["Authority": "California"])
        var jsonl = "{\"doc_id\":\"a\",\"country\":\"US\"}\n{\"doc_id\":5}\n"
        let fromJSONL = try jsonl.withUTF8 { try Manifest.parseJSONL($0, source: "m.jsonl", idField: "doc_id") }
        #expect(fromJSONL.entries.map(\.id) == ["a", "5"])
        #expect(fromJSONL.fieldNames == ["id", "country"])
        for (text, jsonl, message) in [("id,AGORA ID\na,1\n", false, "besides \"AGORA ID\""), ("Name,x\na,1\n", false, "no column \"AGORA ID\""),
                                        ("{\"AGORA ID\":\"a\",\"id\":\"b\"}\n", true, "besides \"AGORA ID\""), ("{\"id\":\"a\"}\n", true, "missing or empty \"AGORA ID\"")] {
            var text = text
            do {
                _ = try text.withUTF8 { jsonl ? try Manifest.parseJSONL($0, source: "m", idField: "AGORA ID") : try Manifest.parseCSV($0, source: "m", idField: "AGORA ID") }
                Issue.record("expected an error for \(text)")
            } catch let error as SpanCoderError {
                #expect(error.message.contains(message), "\(error)")
                #expect(error.location?.line == 1)
            }
        }
        var plain = "AGORA ID,Authority\n12,Congress\n"
        do {
            _ = try plain.withUTF8 { try Manifest.parseCSV($0, source: "documents.csv") }
            Issue.record("expected an error")
        } catch let error as SpanCoderError {
            #expect(error.message.contains("(--id-field \"AGORA ID\")"), "\(error)")
        }
    }

    /// JSONL: an id that is null is no JSON error, a repeated id names both lines, and a line without
    /// the id key lists its keys and points at a likely one.
    @Test(arguments: [
        ("{\"id\":\"a\"}\n{\"id\":null,\"x\":1}\n", "id", "\"id\" is null, an array or an object: an id is a string or a number", 2),
        ("{\"id\":\"a\"}\n\n{\"id\":\"a\"}\n", "id", "id \"a\" appears twice (lines 1 and 3)", 3),
        ("{\"doc_id\":\"a\",\"country\":\"US\"}\n", "id", "missing or empty \"id\" (keys: doc_id, country): is it \"doc_id\" (--id-field \"doc_id\")?", 1),
        ("{\"name\":\"a\"}\n", "key", "missing or empty \"key\" (keys: name; --id-field names the key of document ids)", 1),
    ])
    func jsonlIDErrors(text: String, idField: String, message: String, line: Int) {
        var text = text
        do {
            _ = try text.withUTF8 { try Manifest.parseJSONL($0, source: "m.jsonl", idField: idField) }
            Issue.record("expected an error for \(text)")
        } catch let error as SpanCoderError {
            #expect(error.message == message, "\(error)")
            #expect(error.location?.line == line, "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func jsonlCorpusCarriesMetadataAndLengthInline() throws {
        let manifest = try parseManifestJSONL("""
        {"id":"a","country":"US","year":2023,"text":"Privacy 𠮷\\n"}
        {"id":"b","country":"CN","chars":99,"text":"个人信息","nested":{"x":[1,2]}}

        {"id":7,"country":null}
        """)
        #expect(manifest.entries.map(\.id) == ["a", "b", "7"])
        #expect(manifest.entry(id: "a")?.fields["chars"] == "10")  // code points, not UTF-16 units or bytes
        #expect(manifest.entry(id: "a")?.fields["year"] == "2023")
        #expect(manifest.entry(id: "b")?.fields["chars"] == "99")  // an explicit chars wins
        #expect(manifest.entry(id: "b")?.fields["nested"] == nil)
        #expect(manifest.entry(id: "7")?.fields["country"] == nil)
        #expect(manifest.fieldNames == ["id", "country", "year", "chars"])
    }

    /// `"country": ["CN"]` became "(none)" in every table without a word. The manifest remembers the
    /// first line of each field with an array or object, and grouping or filtering by it is refused
    /// there; other fields with lists (unused metadata) still load.
    @Test func structuredValuesCannotGroup() throws {
        let manifest = try parseManifestJSONL("{\"id\":\"a\",\"country\":\"US\"}\n{\"id\":\"b\",\"country\":[\"CN\"],\"tags\":{\"k\":1}}\n", source: "m.jsonl")
        #expect(manifest.entry(id: "b")?.fields["country"] == nil)
        try manifest.check(groupingFields: ["year"])
        let error = try #require(throws: SpanCoderError.self) { try manifest.check(groupingFields: ["issuer", "country"]) }
        #expect(error.kind == .badInput && error.location == SourceLocation(file: "m.jsonl", line: 2))
        #expect(error.message.hasPrefix("field \"country\" holds an array ([\"CN\"]), not one value"), "\(error)")
        let object = try #require(throws: SpanCoderError.self) { try manifest.check(groupingFields: ["tags"]) }
        #expect(object.message.contains("holds an object ({\"k\":1})"), "\(object)")
    }

    @Test func jsonlErrorsNameTheLine() {
        do {
            _ = try parseManifestJSONL("{\"id\":\"a\"}\n{\"id\":\"b\",}\n")
            Issue.record("expected an error")
        } catch let error as SpanCoderError {
            #expect(error.location?.line == 2)
            #expect(error.location?.byteOffset == 21)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func lengthsFromATextFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stats-texts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("人工智能 AI\n".utf8).write(to: URL(fileURLWithPath: "\(folder)/a.txt"))
        try Data("abc".utf8).write(to: URL(fileURLWithPath: "\(folder)/other-name.txt"))
        let manifest = try parseManifestCSV("id,file,chars\na,,\nb,texts/other-name.txt,\nc,,\nd,,42\n")
        let (lengths, missing) = try DocumentLengths.fromTexts(directory: folder, manifest: manifest)
        #expect(lengths == ["a": 8, "b": 3])
        #expect(missing == ["c"])
    }

    /// Lengths count the code points that `tag`'s offsets count: texts decoded as `tag` decodes them (a
    /// byte-order mark dropped, UTF-16 by its mark, GB18030 detected), `.md` texts found as `tag` finds
    /// them, and a manifest `file` under a subfolder found by its path.
    @Test func lengthsFromTextsDecodedAsTagDecodesThem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stats-texts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func write(_ name: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: URL(fileURLWithPath: "\(folder)/\(name)")) }
        try write("bom.txt", [0xEF, 0xBB, 0xBF] + Array("BOM text.\n".utf8))
        try write("u16.txt", [0xFF, 0xFE] + "人工智能 𠮷\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        // 人工智能的风险 (GB18030), long enough for the charset detector.
        let gb: [UInt8] = [0xC8, 0xCB, 0xB9, 0xA4, 0xD6, 0xC7, 0xC4, 0xDC, 0xB5, 0xC4, 0xB7, 0xE7, 0xCF, 0xD5]
        try write("gb.txt", Array(repeating: gb + [0x0A], count: 20).flatMap { $0 })
        try write("notes.md", Array("# A\n".utf8))
        try write("sub/renamed.txt", Array("abc".utf8))
        try write("renamed.txt", Array("abcdef".utf8))
        let manifest = try parseManifestCSV("id,file\nbom,\nu16,\ngb,\nnotes,\nr,sub/renamed.txt\nflat,elsewhere/renamed.txt\n")
        let (lengths, missing) = try DocumentLengths.fromTexts(directory: folder, manifest: manifest)
        #expect(lengths == ["bom": 10, "u16": 7, "gb": 160, "notes": 4, "r": 3, "flat": 6])
        #expect(missing.isEmpty)
    }
}

@Suite struct CodingReaderTests {
    @Test func readsEscapesAndSurrogatePairs() throws {
        let coding = try parseCoding(#"{"doc":"d\"1\u00e9","codes":[{"code":"risk.bias","evidence":[{"term":"\ud83d\ude00\t","rule":null,"start":0,"end":1}]}]}"#)
        #expect(coding.documentIDs == ["d\"1é"])
        #expect(coding.terms == ["😀\t"])
        #expect(coding.spanCount == 1)
    }

    /// Skipped string fields are scanned eight bytes at a time: escapes, quotes, multi-byte characters and
    /// control characters must be found at every position of a word.
    @Test func skippedStringsAreValidatedAtEveryPosition() throws {
        for k in 0..<20 {
            let pad = String(repeating: "a", count: k)
            let good = try parseCoding(#"{"text":""# + pad + #"\"é人\\x","doc":"d\#(k)","codes":["c"]}"#)
            #expect(good.documentIDs == ["d\(k)"])
            #expect(throws: SpanCoderError.self) { try parseCoding(#"{"text":""# + pad + "\u{1F}" + #"x","doc":"d","codes":[]}"#) }
            #expect(throws: SpanCoderError.self) { try parseCoding(#"{"text":""# + pad + #"\q","doc":"d","codes":[]}"#) }
        }
    }

    /// Offsets past a document's known length (manifest `chars`, `--texts`) are counted and reported
    /// with file:line; `null` offsets are no offsets, as before.
    @Test func spansPastTheKnownLengthAreReported() throws {
        let text = ["{\"doc\":\"a\",\"start\":0,\"end\":5,\"codes\":[\"x\"]}",
                    "{\"doc\":\"a\",\"start\":2,\"end\":11,\"codes\":[\"x\"]}",
                    "{\"doc\":\"b\",\"start\":0,\"end\":99999999,\"codes\":[\"y\"]}",
                    "{\"doc\":\"c\",\"start\":0,\"end\":400,\"codes\":[\"y\"]}",
                    "{\"doc\":\"a\",\"start\":null,\"end\":null,\"codes\":[\"y\"]}", ""].joined(separator: "\n")
        var bytes = text
        let coding = try bytes.withUTF8 { try Coding.parse($0, name: "c", source: "c.jsonl", lengths: ["a": 10, "b": 3268]) }
        #expect(coding.spanCount == 5)
        #expect(coding.pastEndLines == 2)
        let note = try #require(coding.pastEndNote)
        #expect(note.hasPrefix("2 span line(s) end after their document's text (c.jsonl:2: [2, 11) in \"a\", whose text has 10 code points; c.jsonl:3: [0, 99999999) in \"b\", whose text has 3268 code points)"), "\(note)")
        // Without lengths nothing is known to be past the end.
        #expect(try parseCoding(text).pastEndNote == nil)
    }

    @Test func acceptsNullCodesAndExtraFields() throws {
        let coding = try parseCoding("""
        {"doc":"a","codes":null,"meta":{"k":[true,false,null,-1.5e3]}}
        {"doc":"a","start":0,"end":2,"codes":[{"code":"x","score":0.5,"evidence":null}]}
        """)
        #expect(coding.spanCount == 2)
        #expect(coding.codes == ["x"])
        #expect(coding.assignmentsWithEvidence == 0)
    }

    @Test(arguments: [
        (#"{"start":0}"#, "missing string field \"doc\""),
        (#"{"doc":1}"#, "\"doc\" must be a string"),
        (#"{"doc":"a","codes":{}}"#, "\"codes\" must be a list"),
        (#"{"doc":"a","codes":[1]}"#, "code ids or objects"),
        (#"{"doc":"a","codes":[{"score":1}]}"#, "needs a string \"code\""),
        (#"{"doc":"a" "codes":[]}"#, "expected ',' or '}'"),
        (#"{"doc":"a","codes":[]} x"#, "unexpected text"),
        (#"{"doc":"a\ud800","codes":[]}"#, "unpaired surrogate"),
        (#"{"doc":"a","x":01}"#, "expected ',' or '}'"),
        // Another format's line, or spans without codes, would count as uncoded spans, silently.
        (#"{"doc":"d1","text":"Privacy.","label":[[0,8,"risk.privacy"]],"country":"US"}"#, "a doccano line"),
        (#"{"doc":"d1","text":"Privacy.","entities":[]}"#, "a doccano line"),
        (#"{"doc":"a","start":0,"end":3}"#, "missing field \"codes\""),
        (#"{"doc":"a","x":tru}"#, "invalid literal"),
        (#"{"doc":"a"#, "unterminated string"),
        // Offsets that name no passage were read as "no offset", and the line counted as a coded span.
        (#"{"doc":"a","start":5,"end":2,"codes":["x"]}"#, "inverted span: \"start\" 5 is after \"end\" 2"),
        (#"{"doc":"a","start":"x","end":"y","codes":["x"]}"#, "\"start\" must be a whole number of code points, found \"x\""),
        (#"{"doc":"a","start":-7,"end":99999999,"codes":["x"]}"#, "\"start\" must be a whole number of code points from 0 to 4294967295, found -7"),
        (#"{"doc":"a","start":1.5,"end":3,"codes":["x"]}"#, "found 1.5"),
        (#"{"doc":"a","start":0,"end":1e3,"codes":["x"]}"#, "\"end\" must be a whole number of code points from 0 to 4294967295, found 1e3"),
        (#"{"doc":"a","start":0,"end":99999999999,"codes":["x"]}"#, "found 99999999999"),
        (#"{"doc":"a","start":0,"end":[1],"codes":["x"]}"#, "found [1]"),
        (#"{"doc":"a","start":3,"codes":["x"]}"#, "\"start\" without \"end\""),
        (#"{"doc":"a","end":3,"codes":["x"]}"#, "\"end\" without \"start\""),
    ])
    func malformedLinesAreRejectedWithTheirLine(line: String, message: String) {
        do {
            _ = try parseCoding("{\"doc\":\"ok\",\"codes\":[]}\n" + line + "\n")
            Issue.record("expected an error for \(line)")
        } catch let error as SpanCoderError {
            #expect(error.kind == .badInput)
            #expect(error.location?.line == 2)
            #expect(error.message.contains(message), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func rawControlCharacterAndInvalidUTF8AreRejected() {
        #expect(throws: SpanCoderError.self) { try parseCoding("{\"doc\":\"a\u{1}\",\"codes\":[]}") }
        let bytes: [UInt8] = Array(#"{"doc":""#.utf8) + [0xFF] + Array(#"","codes":[]}"#.utf8)
        do {
            _ = try bytes.withUnsafeBufferPointer { try Coding.parse($0, name: "c", source: "c.jsonl") }
            Issue.record("expected an error")
        } catch let error as SpanCoderError {
            #expect(error.location?.byteOffset == 8)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    /// Files are read in blocks of whole lines; tiny blocks force lines across block edges and buffer growth.
    @Test func streamedFileReadingMatchesInMemoryParsing() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stats-coding-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(("\u{FEFF}" + HandCorpus.codingJSONL).utf8).write(to: URL(fileURLWithPath: path))
        let expected = try CorpusStatistics.compute(manifest: HandCorpus.manifest(), codings: [HandCorpus.coding()], options: CorpusStatisticsTests.options).sources[0]
        for blockSize in [1, 7, 64, 1 << 22] {
            let coding = try Coding.read(path: path, name: "hand.jsonl", blockSize: blockSize)
            let s = try CorpusStatistics.compute(manifest: HandCorpus.manifest(), codings: [coding], options: CorpusStatisticsTests.options).sources[0]
            #expect(s.prevalence == expected.prevalence)
            #expect(s.terms == expected.terms)
            #expect(s.codedSpans == expected.codedSpans)
        }
        // An error in a later block keeps its line number and file offset.
        let bad = HandCorpus.codingJSONL + "{\"doc\":1}\n"
        try Data(bad.utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try Coding.read(path: path, name: nil, blockSize: 50)
            Issue.record("expected an error")
        } catch let error as SpanCoderError {
            #expect(error.location?.line == 16)
            #expect(error.location?.byteOffset == HandCorpus.codingJSONL.utf8.count + 7)
        }
        #expect(throws: SpanCoderError.self) { try Coding.read(path: path + ".missing") }
        #expect(throws: SpanCoderError.self) { try Coding.read(path: FileManager.default.temporaryDirectory.path) }
    }

    /// The byte-level reader against Foundation's JSON parser on the hand corpus: same documents, codes
    /// and per-document counts.
    @Test func agreesWithJSONSerialization() throws {
        let coding = try HandCorpus.coding()
        var spansPerDoc: [String: Int] = [:]
        var codedPerDoc: [String: Int] = [:]
        for line in HandCorpus.codingJSONL.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let doc = try #require(object["doc"] as? String)
            spansPerDoc[doc, default: 0] += 1
            if let codes = object["codes"] as? [Any], !codes.isEmpty { codedPerDoc[doc, default: 0] += 1 }
        }
        for (i, id) in coding.documentIDs.enumerated() {
            #expect(coding.spansPerDocument[i] == spansPerDoc[id])
            #expect(coding.codedSpansPerDocument[i] == codedPerDoc[id, default: 0])
        }
        #expect(Set(coding.documentIDs) == Set(spansPerDoc.keys))
        #expect(coding.codes == ["risk.bias", "gov.evaluations", "risk.privacy", "risk.cybersecurity", "gov.liability"])
    }
}

@Suite struct ByteInternerTests {
    /// Against a Dictionary on thousands of strings (the empty one included), through several rehashes.
    @Test func agreesWithADictionary() {
        var interner = ByteInterner()
        var reference: [[UInt8]: Int32] = [:]
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<20_000 {
            let length = generator.next(below: 6)
            let bytes = (0..<length).map { _ in UInt8(0x61 + generator.next(below: 4)) }
            let (id, isNew) = bytes.withUnsafeBufferPointer { interner.intern($0) }
            if let known = reference[bytes] {
                #expect(!isNew && id == known)
            } else {
                #expect(isNew && id == Int32(reference.count))
                reference[bytes] = id
            }
        }
        #expect(interner.count == reference.count)
        #expect(reference.count > 1000)
    }
}
