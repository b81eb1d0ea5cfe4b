import Testing

/// `spancoder eval` in unit, document and exact modes, table and json, on a tiny gold/pred pair
/// (`Golden/inputs/gold.jsonl`, `pred.jsonl`, texts `a` and `b`) against golden transcripts.
///
/// The pair has two exact matches, one prediction that covers only part of a gold span (a match in
/// unit and document modes, a false positive plus a false negative in exact mode), one gold span no
/// prediction finds, and one prediction whose code is not in `codes.txt`.
@Suite struct EvalGoldenTests {
    static func arguments(_ mode: String, _ format: String) -> [String] {
        ["eval", "--gold", "gold.jsonl", "--pred", "pred.jsonl", "--texts", "texts", "--codes", "codes.txt",
         "--mode", mode, "--format", format, "--bootstrap", "200", "--seed", "7"]
    }

    static let cases: [GoldenCase] = ["unit", "document", "exact"].flatMap { mode in
        ["table", "json"].map { format in GoldenCase(name: "eval-\(mode)-\(format)", arguments: arguments(mode, format)) }
    }

    @Test(arguments: EvalGoldenTests.cases)
    func modesAndFormats(_ golden: GoldenCase) throws {
        #expect(try Golden.check(golden).status == Exit.success)
    }

    /// A short code list: every code outside it, in gold and in predictions, is warned about once per
    /// input on standard error (with its span count and first line) and listed in the report.
    @Test func everyCodeOutsideTheListIsWarnedAbout() throws {
        let outcome = try Golden.check(GoldenCase(name: "eval-unlisted-codes", arguments: [
            "eval", "--gold", "gold.jsonl", "--pred", "pred.jsonl", "--texts", "texts", "--codes", "codes-short.txt",
            "--mode", "exact", "--format", "table", "--bootstrap", "0"]))
        #expect(outcome.status == Exit.success)
        for (file, code) in [("gold.jsonl", "gov.adversarial-testing"), ("gold.jsonl", "risk.reliability"),
                             ("pred.jsonl", "gov.adversarial-testing"), ("pred.jsonl", "gov.disclosure")] {
            #expect(outcome.stderr.split(separator: "\n").contains {
                $0.hasPrefix("spancoder: warning: \(file):") && $0.contains("code \"\(code)\" is not in the code list")
            })
        }
    }

    @Test func invalidOffsetsArePartialFailure() throws {
        let outcome = try Golden.check(GoldenCase(name: "eval-bad-offsets", arguments: [
            "eval", "--gold", "gold.jsonl", "--pred", "pred-bad.jsonl", "--texts", "texts", "--mode", "exact",
            "--format", "table", "--bootstrap", "0"]))
        #expect(outcome.status == Exit.partial)
        #expect(outcome.stderr.contains("pred-bad.jsonl:2"))
    }

    /// A units file goes through the same checks as gold and predictions: a malformed line and a unit
    /// past the end of its text are findings with file:line, left out (exit 1), or a stop with
    /// `--on-invalid error` (exit 65).
    @Test func invalidUnitsArePartialFailure() throws {
        let arguments = ["eval", "--gold", "gold.jsonl", "--pred", "pred.jsonl", "--texts", "texts", "--units", "units-bad.jsonl",
                         "--format", "table", "--bootstrap", "0"]
        let outcome = try Golden.check(GoldenCase(name: "eval-bad-units", arguments: arguments))
        #expect(outcome.status == Exit.partial)
        #expect(outcome.stderr.contains("units-bad.jsonl:3: malformed line") && outcome.stderr.contains("units-bad.jsonl:5: offsets outside the text"))
        let strict = try Golden.check(GoldenCase(name: "eval-bad-units-strict", arguments: arguments + ["--on-invalid", "error"]))
        #expect(strict.status == Exit.badInput)
    }

    @Test func unknownModeIsUsageError() throws {
        let outcome = try Golden.check(GoldenCase(name: "eval-bad-mode", arguments: [
            "eval", "--gold", "gold.jsonl", "--pred", "pred.jsonl", "--texts", "texts", "--mode", "fuzzy"]))
        #expect(outcome.status == Exit.usage)
    }
}
