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

    @Test func missingManifestIsBadInput() throws {
        let outcome = try Golden.check(GoldenCase(name: "stats-missing-manifest", arguments: [
            "stats", "--manifest", "no-such-manifest.csv", "coding.jsonl"]))
        #expect(outcome.status == Exit.badInput)
        #expect(outcome.stderr.contains("no-such-manifest.csv"))
    }
}
