import Foundation
import Testing

/// Hostile-input round 32 (ids, offsets, unreadable inputs): repeated document ids, malformed offsets
/// in codings, eval's unreadable texts, lexicon weights and unreadable lexicon files, 64-bit offsets,
/// manifest arrays and UTF-16 corpora, through the real CLI.
@Suite("Hostile ids and offsets", .serialized)
struct HostileIDsAndOffsetsTests {
    static func docs(ofJSONL text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["doc"] as? String
        }
    }

    static let repeatedCorpus = [
        #"{"id":"us-eo","text":"Agencies shall protect personal data."}"#,
        #"{"id":"us-eo","text":"A different scraped page about algorithmic bias and discrimination."}"#,
    ].joined(separator: "\n") + "\n"

    /// Two corpus lines with one id went through silently under that id (jsonl, csv, segment) while
    /// brat renamed the second (`a-2`); stats then counted one document. Every format now gives the
    /// second `us-eo-2`, and the run warns naming the line.
    @Test("a repeated id: renamed alike in every format, with a warning naming the line")
    func repeatedIDsAreRenamedInEveryFormat() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write(Self.repeatedCorpus, to: folder + "/dup.jsonl")
        let tagged = try CLI.run(["tag", "dup.jsonl", "--lexicons", CLI.lexiconSet], currentDirectory: folder)
        #expect(tagged.status == Exit.success, "\(tagged)")
        #expect(Set(Self.docs(ofJSONL: tagged.stdoutText)) == ["us-eo", "us-eo-2"], "\(tagged.stdoutText)")
        #expect(tagged.stderr.contains("warning: 1 document has an id that an earlier document already has (dup.jsonl:2: \"us-eo\" read as \"us-eo-2\")"), "\(tagged)")

        let brat = try CLI.run(["tag", "dup.jsonl", "--lexicons", CLI.lexiconSet, "--format", "brat", "-o", "brat"], currentDirectory: folder)
        #expect(brat.status == Exit.success, "\(brat)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/brat").filter { $0.hasSuffix(".txt") }.sorted()
        #expect(names == ["us-eo-2.txt", "us-eo.txt"])
        #expect(try String(contentsOfFile: folder + "/brat/us-eo-2.txt", encoding: .utf8).hasPrefix("A different"))

        let csv = try CLI.run(["tag", "dup.jsonl", "--lexicons", CLI.lexiconSet, "--format", "csv"], currentDirectory: folder)
        #expect(csv.stdoutText.contains("\r\nus-eo-2,"), "\(csv.stdoutText)")

        // A text file and a corpus line with one id, in input order.
        try CLI.write("a personal data\n", to: folder + "/a.txt")
        try CLI.write(#"{"id":"a","text":"jsonl a bias"}"# + "\n", to: folder + "/c.jsonl")
        let segmented = try CLI.run(["segment", "a.txt", "c.jsonl"], currentDirectory: folder)
        #expect(segmented.status == Exit.success, "\(segmented)")
        #expect(Self.docs(ofJSONL: segmented.stdoutText) == ["a", "a-2"], "\(segmented.stdoutText)")
        #expect(segmented.stderr.contains("c.jsonl:1: \"a\" read as \"a-2\""), "\(segmented)")
    }

    /// `tag --strict` reads ahead of the document it writes, so the warning about repeated ids, given
    /// after the run, named documents behind the bad line that never reached the output. It names
    /// only the renames among the documents before the bad line.
    @Test("tag --strict stopping at a bad line: the repeated-id warning names only documents written")
    func strictRunWarnsOnlyAboutWrittenRenames() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let corpus = [
            #"{"id":"a","text":"Agencies shall protect personal data."}"#,
            #"{"id":"a","text":"Models shall be tested for algorithmic bias."}"#,
            #"{"id":"b","text":"#,
            #"{"id":"a","text":"Providers shall protect personal information."}"#,
            #"{"id":"a","text":"Platforms shall protect personal data and privacy."}"#,
        ].joined(separator: "\n") + "\n"
        try CLI.write(corpus, to: folder + "/c.jsonl")
        let strict = try CLI.run(["tag", "c.jsonl", "--lexicons", CLI.lexiconSet, "--strict"], currentDirectory: folder)
        #expect(strict.status != Exit.success, "\(strict)")
        #expect(Set(Self.docs(ofJSONL: strict.stdoutText)).isSubset(of: ["a", "a-2"]), "\(strict.stdoutText)")
        #expect(strict.stderr.contains("warning: 1 document has an id that an earlier document already has (c.jsonl:2: \"a\" read as \"a-2\")"), "\(strict)")
        #expect(!strict.stderr.contains("a-3"), "\(strict)")

        // Without --strict the run goes on, writes all four and names the three renames.
        let lenient = try CLI.run(["tag", "c.jsonl", "--lexicons", CLI.lexiconSet], currentDirectory: folder)
        #expect(Set(Self.docs(ofJSONL: lenient.stdoutText)) == ["a", "a-2", "a-3", "a-4"], "\(lenient.stdoutText)")
        #expect(lenient.stderr.contains("warning: 3 documents have an id"), "\(lenient)")

        // A file output (written resumably) is not left behind; the warning names the same one rename.
        let toFile = try CLI.run(["tag", "c.jsonl", "--lexicons", CLI.lexiconSet, "--strict", "-o", "out.jsonl"], currentDirectory: folder)
        #expect(toFile.status != Exit.success, "\(toFile)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out.jsonl"))
        #expect(toFile.stderr.contains("warning: 1 document has an id"), "\(toFile)")
        #expect(!toFile.stderr.contains("a-3"), "\(toFile)")
    }

    /// eval --corpus kept the last text of a repeated id, so gold made on the first text was checked
    /// against the second. The corpus is read as tag reads it: the first text keeps the id, and tag's
    /// predictions for the second (`us-eo-2`) meet their own text.
    @Test("eval --corpus with a repeated id: the first text keeps it, the second is us-eo-2, with a warning")
    func evalCorpusWithARepeatedID() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write(Self.repeatedCorpus, to: folder + "/dup.jsonl")
        try CLI.write([
            #"{"doc":"us-eo","start":0,"end":37,"text":"Agencies shall protect personal data.","codes":["risk.privacy"]}"#,
            #"{"doc":"us-eo-2","start":0,"end":67,"text":"A different scraped page about algorithmic bias and discrimination.","codes":["risk.bias"]}"#,
        ].joined(separator: "\n") + "\n", to: folder + "/g.jsonl")
        let outcome = try CLI.run(["eval", "--gold", "g.jsonl", "--pred", "g.jsonl", "--corpus", "dup.jsonl", "--bootstrap", "0", "--mode", "exact"],
                                  currentDirectory: folder)
        #expect(outcome.status == Exit.success, "\(outcome)")
        #expect(!outcome.stderr.contains("recorded text differs"), "\(outcome)")
        #expect(outcome.stderr.contains("dup.jsonl:2: \"us-eo\" read as \"us-eo-2\"") && outcome.stderr.contains("scored against the first document's text"), "\(outcome)")
    }

    /// eval --texts stopped (65) at any undecodable file in the folder, even one no gold names, and its
    /// message suggested --encoding, which eval did not have. eval now has tag's --encoding, and a text
    /// that cannot be read stops it only when an input refers to its document (or --scope texts scores
    /// every text).
    @Test("eval --texts: an unreadable text nobody refers to is skipped with a warning; --encoding as tag's")
    func evalTextsWithAnUnreadableFile() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try FileManager.default.createDirectory(atPath: folder + "/tx", withIntermediateDirectories: true)
        try CLI.write("Providers shall protect personal data.\n", to: folder + "/tx/good.txt")
        try CLI.write([0x61, 0x62, 0x63, 0xFF, 0xFE, 0x20, 0x64, 0x65, 0x66, 0x0A], to: folder + "/tx/other.txt")
        try CLI.write(#"{"doc":"good","start":0,"end":38,"codes":["risk.privacy"]}"# + "\n", to: folder + "/g.jsonl")
        let base = ["eval", "--gold", "g.jsonl", "--pred", "g.jsonl", "--texts", "tx", "--bootstrap", "0"]
        let skipped = try CLI.run(base, currentDirectory: folder)
        #expect(skipped.status == Exit.success, "\(skipped)")
        #expect(skipped.stderr.contains("warning: skipped: tx/other.txt (byte ") && skipped.stderr.contains("(no input refers to document \"other\")"), "\(skipped)")

        // Named by the gold: its spans could not be checked, so it stops the run, saying why.
        try CLI.write(#"{"doc":"good","start":0,"end":38,"codes":["risk.privacy"]}"# + "\n" + #"{"doc":"other","start":0,"end":3,"codes":["risk.bias"]}"# + "\n",
                      to: folder + "/g2.jsonl")
        let referred = try CLI.run(["eval", "--gold", "g2.jsonl", "--pred", "g.jsonl", "--texts", "tx", "--bootstrap", "0"], currentDirectory: folder)
        #expect(referred.status == Exit.badInput, "\(referred)")
        #expect(referred.stderr.contains("tx/other.txt (byte ") && referred.stderr.contains("an input refers to document \"other\""), "\(referred)")
        let everyText = try CLI.run(base + ["--scope", "texts"], currentDirectory: folder)
        #expect(everyText.status == Exit.badInput && everyText.stderr.contains("--scope texts"), "\(everyText)")

        // --encoding reads it, as tag's does; an unknown one is a usage error.
        let named = try CLI.run(base + ["--encoding", "windows-1252", "--scope", "texts"], currentDirectory: folder)
        #expect(named.status == Exit.success && !named.stderr.contains("skipped"), "\(named)")
        let unknown = try CLI.run(base + ["--encoding", "no-such-encoding"], currentDirectory: folder)
        #expect(unknown.status == Exit.usage, "\(unknown)")
    }

    /// The decoding error suggests --encoding: every command that decodes text files has it now
    /// (stats --texts and lexicon suggest --texts/--corpus did not).
    @Test("stats --texts and lexicon suggest --corpus take --encoding, as the decoding error suggests")
    func statsAndSuggestTakeEncoding() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try FileManager.default.createDirectory(atPath: folder + "/tx", withIntermediateDirectories: true)
        // windows-1252: "bias—discrimination" with its dash 0x97, which no detected encoding reads.
        try CLI.write(Array("Automated hiring tools embed bias".utf8) + [0x97] + Array("discrimination.\n".utf8), to: folder + "/tx/x.txt")
        try CLI.write("id,country\nx,US\n", to: folder + "/m.csv")
        try CLI.write(#"{"doc":"x","start":0,"end":10,"codes":["risk.bias"]}"# + "\n", to: folder + "/c.jsonl")
        let stats = ["stats", "--manifest", "m.csv", "c.jsonl", "--by", "country", "--texts", "tx"]
        let undecoded = try CLI.run(stats, currentDirectory: folder)
        #expect(undecoded.status == Exit.badInput && undecoded.stderr.contains("--encoding windows-1252"), "\(undecoded)")
        let decoded = try CLI.run(stats + ["--encoding", "windows-1252"], currentDirectory: folder)
        #expect(decoded.status == Exit.success, "\(decoded)")
        #expect(try CLI.run(stats + ["--encoding", "nope"], currentDirectory: folder).status == Exit.usage)

        try CLI.write(#"{"text":"Automated hiring tools embed bias.","codes":["risk.bias"]}"# + "\n", to: folder + "/gold.jsonl")
        let suggest = ["lexicon", "suggest", "--lexicons", CLI.lexiconSet, "--gold", "gold.jsonl", "--corpus", "tx"]
        let refused = try CLI.run(suggest, currentDirectory: folder)
        #expect(refused.status == Exit.badInput && refused.stderr.contains("--encoding windows-1252"), "\(refused)")
        let read = try CLI.run(suggest + ["--encoding", "windows-1252"], currentDirectory: folder)
        #expect(read.status == Exit.success, "\(read)")
    }

    /// `stats --texts` warns about missing texts only for documents the tables count: one that --where
    /// or --coded-only leaves out needs no length (it was warned about all the same).
    @Test("stats --texts: missing texts of documents left out by --where or --coded-only are not warned about")
    func statsWarnsOnlyAboutCountedMissingTexts() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try FileManager.default.createDirectory(atPath: folder + "/tx", withIntermediateDirectories: true)
        try CLI.write("Automated hiring tools embed bias.\n", to: folder + "/tx/x.txt")
        try CLI.write("id,country\nx,US\ny,CN\nz,US\n", to: folder + "/m.csv")
        try CLI.write(#"{"doc":"x","start":0,"end":10,"codes":["risk.bias"]}"# + "\n" + #"{"doc":"z","start":0,"end":5,"codes":[]}"# + "\n", to: folder + "/c.jsonl")
        let stats = ["stats", "--manifest", "m.csv", "c.jsonl", "--by", "country", "--texts", "tx"]
        let all = try CLI.run(stats, currentDirectory: folder)
        #expect(all.status == Exit.success && all.stderr.contains("--texts: no text file for 2 document(s), e.g. y"), "\(all)")
        let filtered = try CLI.run(stats + ["--where", "country=US"], currentDirectory: folder)
        #expect(filtered.status == Exit.success && filtered.stderr.contains("--texts: no text file for 1 document(s), e.g. z"), "\(filtered)")
        let coded = try CLI.run(stats + ["--where", "country=US", "--coded-only"], currentDirectory: folder)
        #expect(coded.status == Exit.success && coded.stderr.contains("--texts: no text file for 1 document(s), e.g. z"), "\(coded)")
        try CLI.write(#"{"doc":"x","start":0,"end":10,"codes":["risk.bias"]}"# + "\n", to: folder + "/c.jsonl")
        let onlyX = try CLI.run(stats + ["--coded-only"], currentDirectory: folder)
        #expect(onlyX.status == Exit.success && !onlyX.stderr.contains("no text file"), "\(onlyX)")
    }

    /// `lexicon suggest` with document-level gold (AGORA's tags over whole documents) gives the words of
    /// the documents' topics; it now says so, and passage-level gold gets no such warning.
    @Test("lexicon suggest: gold spans as long as documents are warned about")
    func suggestWarnsAboutWholeDocumentGold() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let sentence = "Automated hiring tools must be audited for bias and discrimination against applicants. "
        let long = String(repeating: sentence, count: 50)
        let lines = (1...3).map { _ in #"{"text":"\#(long)","codes":["risk.bias"]}"# } + [#"{"text":"\#(long)","codes":[]}"#]
        try CLI.write(lines.joined(separator: "\n") + "\n", to: folder + "/docs.jsonl")
        let documents = try CLI.run(["lexicon", "suggest", "--lexicons", CLI.lexiconSet, "--gold", "docs.jsonl"], currentDirectory: folder)
        #expect(documents.status == Exit.success, "\(documents)")
        #expect(documents.stderr.contains("its coded spans are long (median \(long.count) characters), like whole documents"), "\(documents.stderr)")
        let passages = (1...3).map { _ in #"{"text":"\#(sentence)","codes":["risk.bias"]}"# } + [#"{"text":"Other words.","codes":[]}"#]
        try CLI.write(passages.joined(separator: "\n") + "\n", to: folder + "/sentences.jsonl")
        let sentences = try CLI.run(["lexicon", "suggest", "--lexicons", CLI.lexiconSet, "--gold", "sentences.jsonl"], currentDirectory: folder)
        #expect(!sentences.stderr.contains("like whole documents"), "\(sentences.stderr)")
    }

    /// stats counted lines with inverted, negative or string offsets as coded spans (exit 0), while
    /// a wrong-typed doc or codes on the same line was exit 65. Malformed offsets are now refused the
    /// same way, and offsets past a document's known length are counted and warned about.
    @Test("stats: malformed offsets are exit 65 with file:line; spans past the manifest's chars are warned about")
    func statsChecksOffsets() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write("id,country,chars\nd,CN,3268\n", to: folder + "/m.csv")
        let stats = ["stats", "--manifest", "m.csv", "--by", "country"]
        for (line, message) in [(#"{"doc":"d","start":5,"end":2,"codes":["risk.bias"]}"#, #"inverted span: "start" 5 is after "end" 2"#),
                                (#"{"doc":"d","start":"x","end":"y","codes":["risk.privacy"]}"#, #""start" must be a whole number of code points, found "x""#),
                                (#"{"doc":"d","start":-7,"end":99999999,"codes":["risk.cybersecurity"]}"#, "found -7")] {
            try CLI.write(#"{"doc":"d","start":0,"end":4,"codes":["risk.bias"]}"# + "\n" + line + "\n", to: folder + "/c.jsonl")
            let outcome = try CLI.run(stats + ["c.jsonl"], currentDirectory: folder)
            #expect(outcome.status == Exit.badInput, "\(outcome)")
            #expect(outcome.stderr.contains("c.jsonl:2 (byte ") && outcome.stderr.contains(message), "\(outcome)")
        }
        try CLI.write(#"{"doc":"d","start":0,"end":4,"codes":["risk.bias"]}"# + "\n" + #"{"doc":"d","start":7,"end":99999999,"codes":["risk.bias"]}"# + "\n",
                      to: folder + "/c.jsonl")
        let past = try CLI.run(stats + ["c.jsonl"], currentDirectory: folder)
        #expect(past.status == Exit.success, "\(past)")
        #expect(past.stderr.contains("warning: 1 span line(s) end after their document's text (c.jsonl:2: [7, 99999999) in \"d\", whose text has 3268 code points)"), "\(past)")
    }

    /// A gold line whose "doc" is a number (a corpus line may give its id so) was "missing string field
    /// "doc""; the field is there, so the message says what it must be.
    @Test func aNumericDocIsNamedAsSuch() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write(#"{"id":1,"text":"Bias in algorithms."}"# + "\n", to: folder + "/c.jsonl")
        try CLI.write(#"{"doc":1,"start":0,"end":4,"codes":["risk.bias"]}"# + "\n", to: folder + "/g.jsonl")
        let outcome = try CLI.run(["eval", "--gold", "g.jsonl", "--pred", "g.jsonl", "--corpus", "c.jsonl"], currentDirectory: folder)
        #expect(outcome.status == Exit.badInput && outcome.stderr.contains(#"g.jsonl:1: malformed line: "doc" must be a string, the document id as tag writes it (a corpus id 1 is "doc": "1")"#),
                "\(outcome)")
    }

    /// `weight: 1e308` passed lexicon check; two such terms in a span summed to infinity and tag wrote
    /// "score":null. Weights over 1000 are an L104 error with file:line, and tag refuses the set.
    @Test("lexicon check: a weight of 1e308 is L104 bad-value with file:line; tag refuses the set")
    func hugeWeightsAreRefused() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try FileManager.default.copyItem(atPath: CLI.lexiconSet, toPath: folder + "/lex")
        let path = folder + "/lex/codes/risk.bias.yaml"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let line = text.components(separatedBy: "\n").firstIndex(of: "    - bias")! + 1
        text = text.replacingOccurrences(of: "\n    - bias\n", with: "\n    - {term: bias, weight: 1e308}\n")
        try CLI.write(text, to: path)
        let check = try CLI.run(["lexicon", "check", "lex"], currentDirectory: folder)
        #expect(check.status == Exit.badInput, "\(check)")
        #expect(check.stdoutText.contains("lex/codes/risk.bias.yaml:\(line):") && check.stdoutText.contains("L104 bad-value: term weight: weight must be at most 1000"),
                "\(check.stdoutText) \(check)")
        try CLI.write("The bias and biases must be prevented by providers.\n", to: folder + "/t.txt")
        let tag = try CLI.run(["tag", "t.txt", "--lexicons", "lex"], currentDirectory: folder)
        #expect(tag.status == Exit.badInput && !tag.stdoutText.contains("null"), "\(tag)")
    }

    /// eval stored offsets in 32 bits and its findings showed them clamped: an end of
    /// 9223372036854775807 was reported as 2147483647. Findings show the offsets as written.
    @Test("eval findings show 64-bit offsets as written, not clamped to 32 bits")
    func evalShowsOffsetsAsWritten() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write(#"{"id":"d1","text":"Providers shall protect personal data."}"# + "\n", to: folder + "/corp.jsonl")
        try CLI.write([#"{"doc":"d1","start":0,"end":9223372036854775807,"codes":["risk.bias"]}"#,
                       #"{"doc":"d1","start":0,"end":99999999999,"codes":["risk.bias"]}"#,
                       #"{"doc":"d1","start":-99999999999,"end":5,"codes":["risk.bias"]}"#,
                       #"{"doc":"d1","start":0,"end":9,"codes":["risk.bias"]}"#].joined(separator: "\n") + "\n", to: folder + "/g.jsonl")
        let outcome = try CLI.run(["eval", "--gold", "g.jsonl", "--pred", "g.jsonl", "--corpus", "corp.jsonl", "--bootstrap", "0"], currentDirectory: folder)
        #expect(outcome.status == Exit.partial, "\(outcome)")
        #expect(outcome.stderr.contains("g.jsonl:1: offsets outside the text: span [0, 9223372036854775807) ends after the text (38 code points)"), "\(outcome)")
        #expect(outcome.stderr.contains("g.jsonl:2: offsets outside the text: span [0, 99999999999) ends after"), "\(outcome)")
        #expect(outcome.stderr.contains("g.jsonl:3: ") && outcome.stderr.contains("span [-99999999999, 5) is inverted or negative"), "\(outcome)")
        #expect(!outcome.stderr.contains("2147483647"), "\(outcome)")
    }

    /// A JSONL manifest field holding an array silently became "(none)". Grouping (or filtering) by
    /// such a field is now exit 65 naming the line and the field.
    @Test("stats: a JSONL manifest array in a --by field is exit 65 naming the line and field")
    func statsRefusesAnArrayInAGroupingField() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write(#"{"id":"a","country":"US"}"# + "\n" + #"{"id":"b","country":["CN"]}"# + "\n", to: folder + "/m.jsonl")
        try CLI.write(#"{"doc":"b","start":0,"end":3,"codes":["risk.bias"]}"# + "\n", to: folder + "/c.jsonl")
        let outcome = try CLI.run(["stats", "--manifest", "m.jsonl", "c.jsonl", "--by", "country"], currentDirectory: folder)
        #expect(outcome.status == Exit.badInput, "\(outcome)")
        #expect(outcome.stderr.contains(#"m.jsonl:2: field "country" holds an array (["CN"]), not one value"#), "\(outcome)")
        // A list in a field nothing groups by is metadata stats does not use.
        try CLI.write(#"{"id":"a","country":"US","tags":["x"]}"# + "\n" + #"{"id":"b","country":"CN"}"# + "\n", to: folder + "/m2.jsonl")
        let unused = try CLI.run(["stats", "--manifest", "m2.jsonl", "c.jsonl", "--by", "country"], currentDirectory: folder)
        #expect(unused.status == Exit.success, "\(unused)")
    }

    /// A UTF-16 corpus was "2 of 2 documents skipped" for one document, with no UTF-16 hint. It is now
    /// one skipped input naming the encoding and the conversion; a UTF-16 coding, manifest or eval
    /// span file gets the same error (exit 65) instead of "not valid UTF-8" at byte 0.
    @Test("a UTF-16 JSONL file: one clear error naming the encoding and iconv, in segment, stats and eval")
    func utf16JSONLFiles() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        func utf16(_ text: String) -> [UInt8] { [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
        try CLI.write(utf16(#"{"id":"a","text":"personal data."}"# + "\n"), to: folder + "/u16.jsonl")
        let segmented = try CLI.run(["segment", "u16.jsonl"], currentDirectory: folder)
        #expect(segmented.status == Exit.partial, "\(segmented)")
        #expect(segmented.stderr.contains("skipped: u16.jsonl (byte 0): this JSONL corpus is UTF-16LE (byte-order mark FF FE), not UTF-8: convert it first, e.g. iconv -f UTF-16 -t UTF-8"), "\(segmented)")
        #expect(segmented.stderr.contains("skipped 1 of 1 document"), "\(segmented)")

        try CLI.write(utf16(#"{"doc":"a","start":0,"end":3,"codes":["risk.bias"]}"# + "\n"), to: folder + "/c16.jsonl")
        try CLI.write("id,country\na,US\n", to: folder + "/m.csv")
        let stats = try CLI.run(["stats", "--manifest", "m.csv", "c16.jsonl", "--by", "country"], currentDirectory: folder)
        #expect(stats.status == Exit.badInput && stats.stderr.contains("c16.jsonl (byte 0): this coding is UTF-16LE"), "\(stats)")
        let manifest = try CLI.run(["stats", "--manifest", "u16.jsonl", "c16.jsonl", "--by", "country"], currentDirectory: folder)
        #expect(manifest.status == Exit.badInput && manifest.stderr.contains("u16.jsonl (byte 0): this manifest is UTF-16LE"), "\(manifest)")
        try CLI.write(#"{"id":"a","text":"personal data."}"# + "\n", to: folder + "/corp.jsonl")
        let eval = try CLI.run(["eval", "--gold", "c16.jsonl", "--pred", "c16.jsonl", "--corpus", "corp.jsonl", "--bootstrap", "0"], currentDirectory: folder)
        #expect(eval.status == Exit.badInput && eval.stderr.contains("c16.jsonl (byte 0): this JSONL file is UTF-16LE"), "\(eval)")
    }
}
