import Testing

/// `spancoder lexicon check|stats|explain` against golden transcripts (see `LexiconEvalStatsGolden.swift`).
@Suite struct LexiconGoldenTests {
    static let explainText = "第一条 禁止算法歧视，不得价格歧视。Models must be red teamed; no discrimination."

    @Test func checkCleanSetExitsZero() throws {
        let outcome = try Golden.check(GoldenCase(name: "lexicon-check-clean", arguments: ["lexicon", "check", "lexicon-clean"]))
        #expect(outcome.status == Exit.success)
    }

    @Test(arguments: [
        GoldenCase(name: "lexicon-check-broken", arguments: ["lexicon", "check", "lexicon-broken"]),
        GoldenCase(name: "lexicon-check-broken-json", arguments: ["lexicon", "check", "lexicon-broken", "--format", "json"]),
    ])
    func checkBrokenSetNamesFileLineAndCodeAndExits65(_ golden: GoldenCase) throws {
        let outcome = try Golden.check(golden)
        #expect(outcome.status == Exit.badInput)
        // Every problem is placed in a file of the broken set (file:line), with a stable code.
        #expect(outcome.stdoutText.contains("lexicon-broken/codes/risk.bias.yaml"))
        #expect(outcome.stdoutText.contains("L0"))
    }

    @Test(arguments: [
        GoldenCase(name: "lexicon-check-notes", arguments: ["lexicon", "check", "lexicon-notes", "--notes", "--strict"]),
        GoldenCase(name: "lexicon-check-notes-json", arguments: ["lexicon", "check", "lexicon-notes", "--notes", "--format", "json"]),
    ])
    func notesAreListedOnlyWhenAskedAndNeverFail(_ golden: GoldenCase) throws {
        let outcome = try Golden.check(golden)
        #expect(outcome.status == Exit.success, "notes do not fail a check, even with --strict")
        #expect(outcome.stdoutText.contains("L013"))
        let quiet = try CLI.run(["lexicon", "check", "lexicon-notes", "--strict"], currentDirectory: Golden.inputs)
        #expect(quiet.status == Exit.success)
        #expect(!quiet.stdoutText.contains("L013"))
    }

    @Test(arguments: [
        GoldenCase(name: "lexicon-test", arguments: ["lexicon", "test", "lexicon-clean"]),
        GoldenCase(name: "lexicon-test-json", arguments: ["lexicon", "test", "lexicon-clean", "--format", "json"]),
    ])
    func probesThatFailNameTheirLineAndExit1(_ golden: GoldenCase) throws {
        let outcome = try Golden.check(golden)
        #expect(outcome.status == Exit.partial)
        #expect(outcome.stdoutText.contains("lexicon-clean/probes.tsv"))
    }

    @Test func codesThatNoProbeAsksForAreNamed() throws {
        let outcome = try Golden.check(GoldenCase(name: "lexicon-test-unprobed", arguments: ["lexicon", "test", "lexicon-notes", "--probes", "probes-bias-only.tsv"]))
        #expect(outcome.status == Exit.success)
        #expect(outcome.stdoutText.contains("no probe asks for gov.adversarial-testing"))
    }

    /// Candidates per code with a legend for their columns, and a warning for gold codes the set lacks
    /// (gold.jsonl codes risk.reliability, which lexicon-clean does not have).
    @Test func suggestListsCandidatesAndWarnsOfCodesTheSetLacks() throws {
        let outcome = try Golden.check(GoldenCase(name: "lexicon-suggest", arguments: [
            "lexicon", "suggest", "--lexicons", "lexicon-clean", "--gold", "gold.jsonl", "--texts", "texts", "--min-count", "1", "--top", "3",
        ]))
        #expect(outcome.status == Exit.success)
        #expect(outcome.stderr.contains("codes not in the lexicon set, so no suggestions for them: risk.reliability (1 span)"))
        let missing = try CLI.run(["lexicon", "suggest", "--lexicons", "lexicon-clean", "--gold", "gold.jsonl", "--texts", "lexicon-clean"],
                                  currentDirectory: Golden.inputs)
        #expect(missing.status == Exit.badInput)
        #expect(missing.stderr.contains("gold.jsonl:1") && missing.stderr.contains("no text for document \"a\""), "\(missing.stderr)")
    }

    @Test func setWithoutProbesIsBadInputNamingTheFile() throws {
        let outcome = try Golden.check(GoldenCase(name: "lexicon-test-no-probes", arguments: ["lexicon", "test", "lexicon-notes"]))
        #expect(outcome.status == Exit.badInput)
        #expect(outcome.stderr.contains("lexicon-notes/probes.tsv"))
    }

    @Test(arguments: [
        GoldenCase(name: "lexicon-stats", arguments: ["lexicon", "stats", "lexicon-clean"]),
        GoldenCase(name: "lexicon-stats-json", arguments: ["lexicon", "stats", "lexicon-clean", "--format", "json"]),
    ])
    func stats(_ golden: GoldenCase) throws {
        #expect(try Golden.check(golden).status == Exit.success)
    }

    @Test(arguments: [
        GoldenCase(name: "lexicon-explain", arguments: ["lexicon", "explain", "--lexicons", "lexicon-clean", LexiconGoldenTests.explainText]),
        GoldenCase(name: "lexicon-explain-json", arguments: ["lexicon", "explain", "--lexicons", "lexicon-clean", "--format", "json", LexiconGoldenTests.explainText]),
        // A weak term alone: the code stays below the threshold, and explain says so with its score.
        GoldenCase(name: "lexicon-explain-below-threshold", arguments: ["lexicon", "explain", "--lexicons", "lexicon-clean", "模型存在偏差。"]),
        GoldenCase(name: "lexicon-explain-below-threshold-json", arguments: ["lexicon", "explain", "--lexicons", "lexicon-clean", "--format", "json", "模型存在偏差。"]),
    ])
    func explain(_ golden: GoldenCase) throws {
        #expect(try Golden.check(golden).status == Exit.success)
    }

    @Test func statsOfBrokenSetIsBadInputWithPlace() throws {
        let outcome = try Golden.check(GoldenCase(name: "lexicon-stats-broken", arguments: ["lexicon", "stats", "lexicon-broken"]))
        #expect(outcome.status == Exit.badInput)
        #expect(outcome.stderr.contains("lexicon-broken/"))
    }
}
