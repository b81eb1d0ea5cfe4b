import Foundation
import Testing

/// What `tag` writes for the annotation tools reads back in `eval` as the JSONL it came from.
@Suite struct EvalReadBackTests {
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
}
