import Foundation
import Testing

/// `spancoder eval` on gold and predictions that share no document (wrong files, another id scheme,
/// predictions of another corpus, an empty file): exit 65 with a message that names both files, how
/// many documents each holds and a few ids of each, and no report — an earlier one stays as it was.
/// Gold and predictions that share only some documents are scored, and the report says how many each
/// side lacks. Inputs in `Golden/inputs/`: `pred-other-ids.jsonl` is `pred.jsonl` with the ids
/// `doc-a`, `doc-b`; `pred-partial.jsonl` has lines for `a` and `doc-b`; `empty.jsonl` is empty.
@Suite struct EvalCoverageTests {
    @Test func predictionsOfAnotherIDSchemeAreRefused() throws {
        let outcome = try Golden.check(GoldenCase(name: "eval-no-common-document", arguments: [
            "eval", "--gold", "gold.jsonl", "--pred", "pred-other-ids.jsonl", "--texts", "texts", "--bootstrap", "0"]))
        #expect(outcome.status == Exit.badInput)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "spancoder: error: gold and pred have no document in common — gold (gold.jsonl): 2 documents (a, b); "
            + "pred (pred-other-ids.jsonl): 2 documents (doc-a, doc-b); nothing was scored. "
            + "Check that the inputs belong together and name documents the same way\n")
    }

    /// An empty prediction or gold file holds no document: the same refusal, in the same words, as stop
    /// 33's refusal of `--texts` that hold no document.
    @Test func emptyPredictionsAndGoldAreRefused() throws {
        let pred = try Golden.check(GoldenCase(name: "eval-empty-pred", arguments: [
            "eval", "--gold", "gold.jsonl", "--pred", "empty.jsonl", "--texts", "texts", "--bootstrap", "0"]))
        #expect(pred.status == Exit.badInput && pred.stdout.isEmpty)
        #expect(pred.stderr.hasPrefix("spancoder: error: pred holds no document — gold (gold.jsonl): 2 documents (a, b); pred (empty.jsonl): 0 documents; nothing was scored. "))
        let gold = try Golden.check(GoldenCase(name: "eval-empty-gold", arguments: [
            "eval", "--gold", "empty.jsonl", "--pred", "pred.jsonl", "--texts", "texts", "--bootstrap", "0"]))
        #expect(gold.status == Exit.badInput && gold.stdout.isEmpty)
        #expect(gold.stderr == "spancoder: error: gold holds no document — gold (empty.jsonl): 0 documents; the texts (--texts texts): 2 documents (a, b); nothing was scored\n")
    }

    /// A refused run writes no report: the earlier one stays byte for byte and no temporary file is left.
    @Test func refusedRunsLeaveTheEarlierReport() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        for file in ["gold.jsonl", "pred.jsonl", "pred-other-ids.jsonl", "empty.jsonl", "texts"] {
            try FileManager.default.copyItem(atPath: Golden.inputs + "/" + file, toPath: folder + "/" + file)
        }
        let earlier = "{\"an earlier report\": true}\n"
        let refused: [[String]] = [
            ["--gold", "gold.jsonl", "--pred", "pred-other-ids.jsonl"],
            ["--gold", "gold.jsonl", "--pred", "empty.jsonl"],
            ["--gold", "empty.jsonl", "--pred", "pred.jsonl"],
            ["--gold", "pred-other-ids.jsonl", "--pred", "gold.jsonl"],
            ["--gold", "gold.jsonl", "--pred", "pred.jsonl", "--coder", "pred-other-ids.jsonl"],
            ["--gold", "gold.jsonl", "--pred", "pred-other-ids.jsonl", "--mode", "exact", "--format", "html"],
            ["--gold", "gold.jsonl", "--pred", "pred-other-ids.jsonl", "--on-invalid", "error"],
        ]
        for arguments in refused {
            try CLI.write(earlier, to: folder + "/report.json")
            let outcome = try CLI.run(["eval"] + arguments + ["--texts", "texts", "--bootstrap", "0", "--format", "json", "-o", "report.json"],
                                      currentDirectory: folder)
            #expect(outcome.status == Exit.badInput, "\(arguments): \(outcome)")
            #expect(outcome.stderr.hasPrefix("spancoder: error: ") && outcome.stderr.contains("nothing was scored"), "\(arguments): \(outcome)")
            #expect(String(decoding: FileManager.default.contents(atPath: folder + "/report.json") ?? Data(), as: UTF8.self) == earlier, "\(arguments)")
            let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }
            #expect(left.isEmpty, "\(arguments): \(left)")
        }
        // The same files that belong together: written.
        let outcome = try CLI.run(["eval", "--gold", "gold.jsonl", "--pred", "pred.jsonl", "--texts", "texts", "--bootstrap", "0", "--format", "json",
                                   "-o", "report.json"], currentDirectory: folder)
        #expect(outcome.status == Exit.success, "\(outcome)")
        #expect(String(decoding: FileManager.default.contents(atPath: folder + "/report.json") ?? Data(), as: UTF8.self) != earlier)
    }

    /// Partial overlap: scored (gold document b without a prediction counts as predicting no codes, its
    /// gold code missed), the warning gives both counts, and the json report has them per input.
    @Test func partialOverlapIsScoredAndCounted() throws {
        let outcome = try CLI.run(["eval", "--gold", "gold.jsonl", "--pred", "pred-partial.jsonl", "--texts", "texts", "--mode", "document",
                                   "--bootstrap", "0", "--format", "json"], currentDirectory: Golden.inputs)
        #expect(outcome.status == Exit.partial, "\(outcome)")  // doc-b is not among the texts: left out
        #expect(outcome.stderr.contains("spancoder: warning: pred (pred-partial.jsonl) has no line for 1 of the 2 scored documents (b), "
            + "scored as predicting no codes there (every gold code there missed), and 1 of the 2 documents it holds is not scored (doc-b: not among the texts)."),
                "\(outcome.stderr)")
        let json = try JSONSerialization.jsonObject(with: outcome.stdout) as? [String: Any]
        let inputs = json?["inputs"] as? [[String: Any]] ?? []
        #expect(inputs.map { [$0["role"] as? String, ($0["documents"] as? Int).map(String.init),
                              ($0["documents_not_scored"] as? Int).map(String.init), ($0["scored_documents_missing"] as? Int).map(String.init)] }
                == [["gold", "2", "0", "0"], ["pred", "2", "1", "1"]])
        let summary = json?["summary"] as? [String: Any]
        #expect(summary?["tp"] as? Int == 2 && summary?["fp"] as? Int == 0 && summary?["fn"] as? Int == 1, "\(summary ?? [:])")
    }

    /// Options that a mode does not use: `--coder` outside unit and document modes is refused (it was read,
    /// listed among the inputs, and scored nowhere); `--iou`, `--min-overlap` and `--units` in another mode
    /// than theirs are named in a warning, and the report is the one without them.
    @Test func optionsOfAnotherModeAreSaid() throws {
        let base = ["eval", "--gold", "gold.jsonl", "--pred", "pred.jsonl", "--texts", "texts", "--bootstrap", "0"]
        for mode in ["exact", "overlap", "nervaluate"] {
            let refused = try CLI.run(base + ["--mode", mode, "--coder", "pred.jsonl"], currentDirectory: Golden.inputs)
            #expect(refused.status == Exit.usage && refused.stderr.contains("--coder is scored in unit and document modes"), "\(refused)")
        }
        for (extra, option) in [(["--mode", "document", "--iou", "0.3"], "--iou"), (["--mode", "exact", "--min-overlap", "0.5"], "--min-overlap"),
                                (["--mode", "document", "--units", "gold.jsonl"], "--units")] {
            let run = try CLI.run(base + extra, currentDirectory: Golden.inputs)
            let plain = try CLI.run(base + extra.prefix(2), currentDirectory: Golden.inputs)
            #expect(run.status == plain.status && run.stdout == plain.stdout, "\(extra)")
            #expect(run.stderr.contains("spancoder: warning: \(option) applies to --mode "), "\(run.stderr)")
        }
        for mode in ["unit", "document"] {
            let used = try CLI.run(base + ["--mode", mode, "--min-overlap", "0.5"], currentDirectory: Golden.inputs)
            #expect(!used.stderr.contains("applies to --mode"), "\(used.stderr)")
        }
    }

    /// `--seed` takes any UInt64; one above Int.max crashed the JSON report (an Int conversion).
    @Test func theLargestSeedIsReported() throws {
        let outcome = try CLI.run(["eval", "--gold", "gold.jsonl", "--pred", "pred.jsonl", "--texts", "texts", "--bootstrap", "20",
                                   "--seed", "18446744073709551615", "--format", "json"], currentDirectory: Golden.inputs)
        #expect(outcome.status == Exit.success || outcome.status == Exit.partial, "\(outcome)")
        #expect(String(decoding: outcome.stdout, as: UTF8.self).contains("\"seed\": 18446744073709551615"))
    }
}
