import Foundation
import Testing

/// What `tag` writes for the annotation tools reads back in `eval` as the JSONL it came from.
@Suite struct EvalReadBackTests {
    static let corpusFolder = CLI.packageRoot + "/../shared/corpus/texts"

    /// Every offset format `tag` writes, over the whole corpus (dashes that the CSV protects with `'`,
    /// sentences repeated in a document, spans with spaces at their edges), scores F1 1 in exact mode
    /// against the JSONL of the same run.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: corpusFolder)))
    func everyTagFormatReadsBackExactly() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        for (format, name) in [("jsonl", "t.jsonl"), ("csv", "t.csv"), ("label-studio", "t.json"), ("doccano", "t.doccano.jsonl")] {
            let tag = try CLI.run(["tag", Self.corpusFolder, "--lexicons", CLI.lexiconSet, "--format", format, "--output", folder + "/" + name])
            #expect(tag.status == 0, "\(format): \(tag)")
        }
        for name in ["t.csv", "t.json", "t.doccano.jsonl"] {
            let eval = try CLI.run(["eval", "--gold", folder + "/t.jsonl", "--pred", folder + "/" + name, "--texts", Self.corpusFolder,
                                    "--mode", "exact", "--bootstrap", "0", "--format", "json"])
            #expect(eval.status == 0, "\(name): \(eval)")
            let report = try #require(try JSONSerialization.jsonObject(with: eval.stdout) as? [String: Any])
            let summary = try #require(report["summary"] as? [String: Any])
            #expect(summary["fp"] as? Int == 0 && summary["fn"] as? Int == 0, "\(name): \(summary)")
            #expect((summary["tp"] as? Int ?? 0) > 1000, "\(name)")
            #expect((report["diagnostics"] as? [Any])?.isEmpty == true, "\(name): \(report["diagnostics"] ?? "")")
        }
    }

    /// With `--doc-codes` the formats without a place for the whole-document line's id (CSV, brat,
    /// doccano; Label Studio's region id may not survive a coder) write it as a span over the whole text.
    /// Read back, such a span (beside other spans of its document) is the document line again: F1 1 in
    /// every mode, both ways. It had put the document's codes on every unit (unit-mode F1 0.19).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: corpusFolder)))
    func documentCodesReadBackInEveryMode() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let texts = folder + "/texts"
        try FileManager.default.createDirectory(atPath: texts, withIntermediateDirectories: true)
        for name in ["cn-genai-measures-2023.txt", "cn-genai-measures-2023-en.txt", "us-ai-bill-of-rights-2022.txt"] {
            try FileManager.default.copyItem(atPath: Self.corpusFolder + "/" + name, toPath: texts + "/" + name)
        }
        // Label Studio under a name without .json: its JSON array says what it is.
        for (format, name) in [("jsonl", "t.jsonl"), ("csv", "t.csv"), ("label-studio", "t.label-studio"), ("doccano", "t.doccano.jsonl"), ("brat", "brat")] {
            let tag = try CLI.run(["tag", texts, "--lexicons", CLI.lexiconSet, "--doc-codes", "--format", format, "--output", folder + "/" + name])
            #expect(tag.status == 0, "\(format): \(tag)")
        }
        for name in ["t.csv", "t.label-studio", "t.doccano.jsonl", "brat"] {
            for mode in ["exact", "unit", "document"] {
                for (gold, pred) in [("t.jsonl", name), (name, "t.jsonl")] {
                    let eval = try CLI.run(["eval", "--gold", folder + "/" + gold, "--pred", folder + "/" + pred, "--texts", texts,
                                            "--mode", mode, "--bootstrap", "0", "--format", "json"])
                    #expect(eval.status == 0, "\(name) \(mode): \(eval)")
                    let report = try #require(try JSONSerialization.jsonObject(with: eval.stdout) as? [String: Any])
                    let summary = try #require(report["summary"] as? [String: Any])
                    #expect(summary["fp"] as? Int == 0 && summary["fn"] as? Int == 0 && (summary["tp"] as? Int ?? 0) > 20, "\(gold) vs \(pred) \(mode): \(summary)")
                }
            }
        }
    }

    /// brat file names are safe forms of the ids (`a/b` → `a_b`, a second `plain` beside `Plain` →
    /// `plain-2`): `spancoder-ids.jsonl` beside them gives each renamed document its id, so the folder reads
    /// back under the JSONL's ids. Without it `a/b`'s codes were scored on `a_b`'s text, and the others
    /// were unknown documents. A broken line of the file is an error with its file and line.
    @Test func bratFileNamesReadBackAsTheirIDs() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        let lines = [("a/b", "Agencies shall protect personal data."), ("a_b", "Bias and discrimination in algorithms must be prevented."),
                     ("Plain", "Red teaming of models is required."), ("plain", "Providers shall disclose that content is generated by AI.")]
        try CLI.write(lines.map { "{\"id\":\"\($0.0)\",\"text\":\"\($0.1)\"}\n" }.joined(), to: folder + "/c.jsonl")
        let lexicons = ["--lexicons", CLI.lexiconSet]
        #expect(try CLI.run(["tag", "c.jsonl", "-o", "t.jsonl"] + lexicons, currentDirectory: folder).status == 0)
        #expect(try CLI.run(["tag", "c.jsonl", "--format", "brat", "-o", "brat"] + lexicons, currentDirectory: folder).status == 0)
        #expect(try String(contentsOfFile: folder + "/brat/spancoder-ids.jsonl", encoding: .utf8)
                == "{\"file\":\"a_b\",\"id\":\"a/b\"}\n{\"file\":\"a_b-2\",\"id\":\"a_b\"}\n{\"file\":\"plain-2\",\"id\":\"plain\"}\n")
        for (gold, pred) in [("t.jsonl", "brat"), ("brat", "t.jsonl")] {
            let eval = try CLI.run(["eval", "--gold", gold, "--pred", pred, "--corpus", "c.jsonl", "--mode", "exact", "--bootstrap", "0", "--format", "json"],
                                   currentDirectory: folder)
            #expect(eval.status == 0, "\(eval)")
            let report = try #require(try JSONSerialization.jsonObject(with: eval.stdout) as? [String: Any])
            let summary = try #require(report["summary"] as? [String: Any])
            #expect(summary["tp"] as? Int == 4 && summary["fp"] as? Int == 0 && summary["fn"] as? Int == 0, "\(gold) vs \(pred): \(summary)")
            #expect((report["diagnostics"] as? [Any])?.isEmpty == true, "\(report["diagnostics"] ?? "")")
        }
        // Ids that are safe file names need no file.
        try CLI.write("{\"id\":\"d1\",\"text\":\"Agencies shall protect personal data.\"}\n", to: folder + "/safe.jsonl")
        #expect(try CLI.run(["tag", "safe.jsonl", "--format", "brat", "-o", "safe"] + lexicons, currentDirectory: folder).status == 0)
        #expect(!FileManager.default.fileExists(atPath: folder + "/safe/spancoder-ids.jsonl"))
        try CLI.write("{\"file\":\"a_b\",\"id\":\"a/b\"}\n{\"file\":\"a_b-2\"}\n", to: folder + "/brat/spancoder-ids.jsonl")
        let broken = try CLI.run(["eval", "--gold", "brat", "--pred", "t.jsonl", "--corpus", "c.jsonl"], currentDirectory: folder)
        #expect(broken.status != 0 && broken.stderr.contains("spancoder-ids.jsonl:2"), "\(broken)")
    }

    /// Two coders in one Label Studio export: without a selector a usage error (exit 64) that names
    /// them; with `#annotator=` each input is one coder.
    @Test func labelStudioAnnotatorsAreChosenOnTheCommandLine() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write("Providers shall protect personal data.", to: folder + "/d1.txt")
        try CLI.write(#"""
        [{"id": 1, "data": {"text": "Providers shall protect personal data.", "doc": "d1"}, "annotations": [
          {"completed_by": {"id": 3, "email": "a@example.org"}, "result": [{"value": {"start": 0, "end": 38, "labels": ["risk.privacy"]}}]},
          {"completed_by": {"id": 4, "email": "b@example.org"}, "result": []}]}]
        """#, to: folder + "/export.json")
        let merged = try CLI.run(["eval", "--gold", "export.json", "--pred", "export.json", "--texts", ".", "--mode", "exact"], currentDirectory: folder)
        #expect(merged.status == 64)
        #expect(merged.stderr.contains("3 (a@example.org)") && merged.stderr.contains("export.json#annotator=3"), "\(merged.stderr)")
        let chosen = try CLI.run(["eval", "--gold", "export.json#annotator=a@example.org", "--pred", "export.json#annotator=4", "--texts", ".",
                                  "--mode", "exact", "--bootstrap", "0", "--format", "json"], currentDirectory: folder)
        #expect(chosen.status == 0, "\(chosen)")
        let summary = try #require((try JSONSerialization.jsonObject(with: chosen.stdout) as? [String: Any])?["summary"] as? [String: Any])
        #expect(summary["tp"] as? Int == 0 && summary["fn"] as? Int == 1)
    }

    /// `tag --blind`: the annotation tools' files without SpanCoder's proposals, for coders who must code
    /// independently (Label Studio fills a draft from a task's prediction): Label Studio tasks without a
    /// `predictions` key, doccano lines with no labels, brat files without annotations but with the codes
    /// in `annotation.conf`. The stream formats, which hold only proposals, and --doc-codes are refused.
    @Test func blindFilesHoldTheTextsWithoutProposals() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.remove(folder) }
        try CLI.write("Providers shall protect personal data and test models for bias.", to: folder + "/d1.txt")
        let lexicons = ["--lexicons", CLI.lexiconSet]
        let studio = try CLI.run(["tag", "d1.txt", "--format", "label-studio", "--blind"] + lexicons, currentDirectory: folder)
        #expect(studio.status == 0, "\(studio)")
        let tasks = try #require(try JSONSerialization.jsonObject(with: studio.stdout) as? [[String: Any]])
        #expect(tasks.count == 1 && tasks[0]["predictions"] == nil && (tasks[0]["data"] as? [String: Any])?["doc"] as? String == "d1", "\(tasks)")
        let tagged = try CLI.run(["tag", "d1.txt", "--format", "label-studio"] + lexicons, currentDirectory: folder)
        #expect(tagged.stdoutText.contains("\"predictions\""), "the same text without --blind has proposals")
        let doccano = try CLI.run(["tag", "d1.txt", "--format", "doccano", "--blind"] + lexicons, currentDirectory: folder)
        let line = try #require(try JSONSerialization.jsonObject(with: doccano.stdout) as? [String: Any])
        #expect((line["label"] as? [Any])?.isEmpty == true && line["doc"] as? String == "d1", "\(line)")
        let brat = try CLI.run(["tag", "d1.txt", "--format", "brat", "--blind", "-o", "brat"] + lexicons, currentDirectory: folder)
        #expect(brat.status == 0, "\(brat)")
        #expect(FileManager.default.contents(atPath: folder + "/brat/d1.ann")?.isEmpty == true)
        #expect(try String(contentsOfFile: folder + "/brat/annotation.conf", encoding: .utf8).contains("risk.privacy"))
        for extra in [["--format", "jsonl"], ["--format", "csv"], ["--format", "html", "-o", "h"], ["--format", "label-studio", "--doc-codes"]] {
            let refused = try CLI.run(["tag", "d1.txt", "--blind"] + extra + lexicons, currentDirectory: folder)
            #expect(refused.status == 64 && refused.stderr.contains("--blind"), "\(extra): \(refused)")
        }
    }
}
