import ArgumentParser

/// The `spancoder` command: a thin layer over the library. Each subcommand parses its options, calls one
/// library entry point and maps `SpanCoderError` kinds to exit codes.
public struct SpanCoderCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "spancoder",
        abstract: "Code AI-policy documents with a bilingual lexicon, and measure the coding against human coders.",
        subcommands: [SegmentCommand.self, TagCommand.self, LexiconCommand.self, EvalCommand.self, StatsCommand.self]
    )

    public init() {}
}
