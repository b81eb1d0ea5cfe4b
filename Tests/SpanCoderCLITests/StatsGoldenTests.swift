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

    @Test func missingManifestIsBadInput() throws {
        let outcome = try Golden.check(GoldenCase(name: "stats-missing-manifest", arguments: [
            "stats", "--manifest", "no-such-manifest.csv", "coding.jsonl"]))
        #expect(outcome.status == Exit.badInput)
        #expect(outcome.stderr.contains("no-such-manifest.csv"))
    }
}
