import Foundation
import Testing

/// `spancoder stats` (table and csv) on a four-document manifest and a small coding
/// (`Golden/inputs/manifest.csv`, `coding.jsonl`) against golden transcripts.
@Suite struct StatsGoldenTests {
    @Test(arguments: ["table", "csv"])
    func tables(_ format: String) throws {
        let golden = GoldenCase(name: "stats-\(format)", arguments: [
            "stats", "--manifest", "manifest.csv", "coding.jsonl", "--by", "country", "--format", format])
        #expect(try Golden.check(golden).status == Exit.success)
    }

    /// Every command that writes a file takes `-o` as well as `--output` (stats lacked the short form).
    @Test(arguments: [["segment"], ["tag"], ["eval"], ["stats"], ["lexicon", "check"], ["lexicon", "stats"], ["lexicon", "test"], ["lexicon", "suggest"]])
    func everyCommandTakesTheShortOutputOption(_ command: [String]) throws {
        let help = try CLI.run(command + ["--help"])
        #expect(help.status == Exit.success)
        #expect(help.stdoutText.contains("-o, --output"), "\(command.joined(separator: " ")) --help")
    }

    @Test func statsWritesToTheShortOutputOption() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let outcome = try CLI.run(["stats", "--manifest", "manifest.csv", "coding.jsonl", "--by", "country", "-o", folder + "/stats.txt"],
                                  currentDirectory: Golden.inputs)
        #expect(outcome.status == Exit.success, "\(outcome)")
        #expect(outcome.stdout.isEmpty)
        #expect(FileManager.default.fileExists(atPath: folder + "/stats.txt"))
    }

    /// An empty coding (a failed export, the wrong file) gives tables of zeros: said, not silent.
    @Test func anEmptyCodingIsNamedInAWarning() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write("", to: folder + "/empty.jsonl")
        let outcome = try CLI.run(["stats", "--manifest", "manifest.csv", folder + "/empty.jsonl", "coding.jsonl"], currentDirectory: Golden.inputs)
        #expect(outcome.status == Exit.success, "\(outcome)")
        #expect(outcome.stderr.contains("empty.jsonl: holds no span line"), "\(outcome)")
        #expect(!outcome.stderr.contains("coding.jsonl: holds no span line"), "\(outcome)")
    }

    /// A coding with no document in the manifest (another corpus, another id scheme) is refused, as eval
    /// refuses gold and predictions that share none: every table would count the corpus as uncoded.
    @Test func aCodingThatSharesNoDocumentIsRefused() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write(#"{"doc":"elsewhere-1","start":0,"end":5,"codes":["risk.bias"]}"# + "\n", to: folder + "/other.jsonl")
        let outcome = try CLI.run(["stats", "--manifest", "manifest.csv", folder + "/other.jsonl"], currentDirectory: Golden.inputs)
        #expect(outcome.status == Exit.badInput, "\(outcome)")
        #expect(outcome.stderr.contains("shares no document with the manifest"), "\(outcome)")
        #expect(outcome.stdout.isEmpty, "\(outcome)")
    }

    /// `--where issuer=CAC, MIIT` was split at the comma: it kept the documents issued by CAC alone and
    /// by MIIT alone and left out the jointly issued ones, without a word, and a value with a comma
    /// could not be chosen at all. Values are one CSV record now: quoted, a value keeps its comma; an
    /// unquoted list that is, whole, one value is that value, unless its parts are values too, which
    /// is refused; `--compare` reads its two values alike and refuses a group compared with itself.
    @Test func valuesWithCommasAreChosenByQuotingAndNeverSplitSilently() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write(#"""
            id,country,issuer,"Harms: rights, including privacy"
            a,CN,"CAC, MIIT",yes
            b,CN,"CAC, MIIT",no
            c,CN,CAC,no
            d,US,MIIT,yes
            e,US,"NIST, ""AISI""",no

            """#, to: folder + "/manifest.csv")
        try CLI.write((["a", "b", "c", "d", "e"].map { #"{"doc":"\#($0)","start":0,"end":4,"codes":["risk.privacy"]}"# }).joined(separator: "\n") + "\n",
                      to: folder + "/coding.jsonl")
        func stats(_ arguments: [String]) throws -> CLI.Outcome {
            try CLI.run(["stats", "--manifest", "manifest.csv", "coding.jsonl"] + arguments, currentDirectory: folder)
        }
        let ambiguous = try stats(["--by", "country", "--where", "issuer=CAC, MIIT"])
        #expect(ambiguous.status == Exit.usage, "\(ambiguous)")
        #expect(ambiguous.stderr.contains("\"CAC, MIIT\" is one value, and \"CAC\", \"MIIT\" are values too"), "\(ambiguous)")
        let joint = try stats(["--by", "country", "--where", #"issuer="CAC, MIIT""#])
        #expect(joint.status == Exit.success, "\(joint)")
        #expect(joint.stdoutText.contains(#"issuer in {"CAC, MIIT"}: 2 of 5 documents"#), "\(joint.stdoutText)")
        let apart = try stats(["--by", "country", "--where", "issuer=CAC,MIIT"])
        #expect(apart.stdoutText.contains("issuer in {CAC, MIIT}: 2 of 5 documents"), "\(apart.stdoutText)")
        // A value with a quote, and one that is only whole a value.
        let quoted = try stats(["--by", "country", "--where", #"issuer="NIST, ""AISI""",CAC"#])
        #expect(quoted.stdoutText.contains("2 of 5 documents"), "\(quoted)")
        // An unknown value is refused with the field's values, each quoted as --where takes it.
        let unknown = try stats(["--by", "country", "--where", "issuer=NOPE"])
        #expect(unknown.status == Exit.usage && unknown.stderr.contains(#"(values: CAC, "CAC, MIIT", MIIT, "NIST, ""AISI""")"#), "\(unknown)")
        let unclosed = try stats(["--by", "country", "--where", #"issuer="CAC"#])
        #expect(unclosed.status == Exit.usage && unclosed.stderr.contains("does not close"), "\(unclosed)")
        // A field whose name holds a comma groups documents.
        let byHarms = try stats(["--by", "Harms: rights, including privacy", "--compare", "yes,no"])
        #expect(byHarms.status == Exit.success, "\(byHarms)")
        #expect(byHarms.stdoutText.contains("yes vs no"), "\(byHarms.stdoutText)")
        let same = try stats(["--by", "country", "--compare", "CN,CN"])
        #expect(same.status == Exit.usage && same.stderr.contains("compared with itself"), "\(same)")
        let three = try stats(["--by", "country", "--compare", "CN,US,EU"])
        #expect(three.status == Exit.usage && three.stderr.contains("takes two values"), "\(three)")
    }

    @Test func missingManifestIsBadInput() throws {
        let outcome = try Golden.check(GoldenCase(name: "stats-missing-manifest", arguments: [
            "stats", "--manifest", "no-such-manifest.csv", "coding.jsonl"]))
        #expect(outcome.status == Exit.badInput)
        #expect(outcome.stderr.contains("no-such-manifest.csv"))
    }
}
