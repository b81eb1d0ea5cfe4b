import Foundation
import Testing

/// Golden-file checks for `spancoder lexicon`, `eval` and `stats`: the built binary runs (through
/// `CLI.run`, so exit codes are the ones a user sees) inside `Golden/inputs/` with relative paths, and
/// its exit status, standard output and standard error are compared with `Golden/<case>.txt`.
///
/// To regenerate the golden files after an intended change of output, run
/// `SPANCODER_UPDATE_GOLDEN=1 swift test --filter GoldenTests` and review the diff with `git diff
/// Tests/SpanCoderCLITests/Golden` before committing.
struct GoldenCase: CustomTestStringConvertible, Sendable {
    /// The golden file's name without `.txt`.
    var name: String
    var arguments: [String]
    var testDescription: String { name }
}

enum Golden {
    static let folder = CLI.packageRoot + "/Tests/SpanCoderCLITests/Golden"
    static let inputs = folder + "/inputs"
    static let updating = ProcessInfo.processInfo.environment["SPANCODER_UPDATE_GOLDEN"] == "1"

    /// The transcript that a golden file holds: the command, its exit status and both streams.
    static func transcript(_ arguments: [String], _ outcome: CLI.Outcome) -> String {
        """
        $ spancoder \(arguments.joined(separator: " "))
        exit: \(outcome.signaled ? "signal " : "")\(outcome.status)
        --- stdout
        \(outcome.stdoutText)--- stderr
        \(outcome.stderr)
        """
    }

    /// Runs the case and compares (or, when updating, rewrites) its golden file; returns the outcome for
    /// further checks.
    @discardableResult
    static func check(_ golden: GoldenCase, sourceLocation: SourceLocation = #_sourceLocation) throws -> CLI.Outcome {
        let outcome = try CLI.run(golden.arguments, currentDirectory: inputs)
        let actual = transcript(golden.arguments, outcome)
        let path = folder + "/" + golden.name + ".txt"
        if updating {
            try CLI.write(actual, to: path)
            return outcome
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            Issue.record("missing golden file \(path); run with SPANCODER_UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
            return outcome
        }
        let expected = String(decoding: data, as: UTF8.self)
        if actual != expected {
            Issue.record("""
                \(golden.name): output differs from \(path) (SPANCODER_UPDATE_GOLDEN=1 regenerates it)
                first difference at line \(firstDifferentLine(expected, actual)):
                expected: \(line(firstDifferentLine(expected, actual), of: expected))
                actual:   \(line(firstDifferentLine(expected, actual), of: actual))
                """, sourceLocation: sourceLocation)
        }
        return outcome
    }

    static func firstDifferentLine(_ a: String, _ b: String) -> Int {
        let la = a.split(separator: "\n", omittingEmptySubsequences: false)
        let lb = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(la.count, lb.count) where i >= la.count || i >= lb.count || la[i] != lb[i] { return i + 1 }
        return 0
    }

    static func line(_ number: Int, of text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return number >= 1 && number <= lines.count ? String(lines[number - 1]) : "(no line)"
    }
}
