import ArgumentParser
import SpanCoderCore
import SpanCoderFormats
import SpanCoderText

/// `spancoder segment`: documents in, one line per span out.
struct SegmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Cut documents into sentences, clauses or paragraphs with exact offsets.",
        discussion: """
        Writes one line per span: {"doc","start","end","lang","text"} (JSONL) or the same columns as TSV \
        with a header. start/end are half-open offsets into the original text, counted in the unit named \
        by --offsets (default: Unicode code points). Documents that cannot be read are reported on \
        standard error and skipped (exit status 1); --strict stops at the first one (exit status 65). \
        An --output that is an input, or lies in an input folder where it would be read, is refused \
        (exit status 64). A run that reads no document (every input missing or failing, or only empty \
        folders and corpora: an unmounted drive) writes no output file, leaves an earlier one as it was, \
        says so and exits with status 1.
        """
    )

    enum Unit: String, ExpressibleByArgument, CaseIterable {
        case sentence, paragraph, clause, document
        var segmentUnit: SegmentUnit { SegmentUnit(rawValue: rawValue)! }
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl, tsv
    }

    enum Offsets: String, ExpressibleByArgument, CaseIterable {
        case codepoint, utf16, utf8
        var unit: OffsetUnit { OffsetUnit(rawValue: rawValue)! }
    }

    @Argument(help: "Text files, folders (.txt and .md inside, .jsonl as corpora), JSONL corpora, or - for standard input.")
    var inputs: [String]

    @Option(help: "What one span is: sentence, paragraph, clause (sentences split at semicolons) or document.")
    var unit: Unit = .sentence

    @Option(help: "Output format: jsonl or tsv.")
    var format: Format = .jsonl

    @Option(help: "Unit of start/end: codepoint (Python, brat, Label Studio), utf16 (JavaScript, doccano) or utf8 (bytes).")
    var offsets: Offsets = .codepoint

    @Option(help: "Encoding of text files (GB18030, GBK, Big5, UTF-16LE, …); detected when omitted.")
    var encoding: String?

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    @Flag(help: "Stop at the first document that cannot be read (exit status 65) instead of skipping it.")
    var strict = false

    func run() async throws {
        try await runReportingErrors {
            try DocumentDecoder.validateEncodingName(encoding)
            try OutputGuard.checkFile(output: output, inputs: inputs.map { OutputGuard.Input.documents($0) })
            let sink = try OutputSink(path: output)
            let writer = SpanLineWriter(format: format, offsets: offsets.unit)
            let segmenter = Segmenter(unit: unit.segmentUnit)
            if format == .tsv { try sink.write("doc\tstart\tend\tlang\ttext\n") }
            var skipped = 0
            // The reasons repeated at the end, as tag repeats them; only as many as are listed.
            var reasons: [SpanCoderError] = []
            var read = 0
            var documents = DocumentInputs(paths: inputs, encoding: encoding)
            for warning in documents.warnings() { printError("spancoder: warning: \(warning)") }
            let ids = DocumentIDRegistry()
            documents.idRegistry = ids
            for result in documents {
                switch result {
                case .failure(let error):
                    if strict {
                        // What was written before the bad document has the new ids: say so, as tag does.
                        if let warning = ids.warning(amongFirst: read) { printError("spancoder: warning: \(warning)") }
                        throw error
                    }
                    printError("spancoder: skipped: \(error)")
                    skipped += 1
                    if reasons.count < 20 { reasons.append(error) }
                case .success(let document):
                    read += 1
                    try sink.write(writer.lines(for: document, segments: segmenter.segments(of: document.text)))
                }
            }
            if let warning = ids.warning() { printError("spancoder: warning: \(warning)") }
            // A run that read nothing (every input missing or failing, or the inputs hold no document:
            // an empty mount point) leaves the previous output file as it was instead of renaming an
            // empty one over it (the sink's temporary is removed when it goes), and fails. Standard
            // output and devices get what was written.
            let withheld = read == 0 ? output.flatMap { $0 == "-" ? nil : $0 } : nil
            if let withheld, case .file = try OutputDestination.of(withheld) {
                for line in skippedDocumentsReport(skipped, of: skipped + read, reasons: reasons) { printError(line) }
                printError(noDocumentReadNote(output: withheld, skipped: skipped))
                return .partialFailure
            }
            try sink.finish()
            for line in skippedDocumentsReport(skipped, of: skipped + read, reasons: reasons) { printError(line) }
            if read == 0 { printError(noDocumentReadNote(output: nil, skipped: skipped)) }
            return skipped > 0 || read == 0 ? .partialFailure : .success
        }
    }
}

/// Formats spans as JSONL or TSV lines with offsets in the requested unit.
struct SpanLineWriter {
    var format: SegmentCommand.Format
    var offsets: OffsetUnit

    func lines(for document: Document, segments: [Segment]) -> String {
        var out = ""
        let index = offsets == .utf16 ? OffsetIndex(document.text) : nil
        let docField = format == .jsonl ? JSONText.string(document.id) : tsvEscape(document.id)
        for segment in segments {
            let start: Int
            let end: Int
            switch offsets {
            case .codePoint: (start, end) = (segment.range.start, segment.range.end)
            case .utf8: (start, end) = (segment.utf8Range.lowerBound, segment.utf8Range.upperBound)
            case .utf16:
                start = index!.utf16Offset(utf8: segment.utf8Range.lowerBound)
                end = index!.utf16Offset(utf8: segment.utf8Range.upperBound)
            }
            let text = segment.text(in: document.text)
            switch format {
            case .jsonl:
                out += "{\"doc\":\(docField),\"start\":\(start),\"end\":\(end),\"lang\":\"\(segment.language.rawValue)\",\"text\":"
                JSONText.appendString(text, to: &out)
                out += "}\n"
            case .tsv:
                out += "\(docField)\t\(start)\t\(end)\t\(segment.language.rawValue)\t\(tsvEscape(text))\n"
            }
        }
        return out
    }

    /// TSV cells cannot hold tabs or line breaks: escape them (and the backslash) as \t \n \r \\.
    func tsvEscape(_ value: String) -> String {
        var needs = false
        for byte in value.utf8 where byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x5C { needs = true; break }
        guard needs else { return value }
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
