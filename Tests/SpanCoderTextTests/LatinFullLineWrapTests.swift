import SpanCoderCore
import Testing
@testable import SpanCoderText

/// Hard-wrapped Latin text whose wrapped lines go on with a capital or a digit (PDF extractions, bills
/// printed in capitals): the segmenter joins them by the width of the document's lines
/// (`LatinFullLineWraps`) and keeps the breaks of titles, numbered headings, page numbers and text with a
/// paragraph a line.
@Suite struct LatinFullLineWrapTests {
    private func texts(_ text: String, unit: SegmentUnit = .sentence) -> [String] {
        Segmenter(unit: unit).segments(of: text).map { $0.text(in: text) }
    }

    /// `paragraph` filled into lines of at most `width` characters, word by word, as a PDF sets it.
    static func wrap(_ paragraph: String, width: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in paragraph.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }

    /// The lines of `text` that end in a content word (no article, preposition or conjunction) before
    /// a line that starts with a capital: the breaks the case rule leaves.
    static func breaksBeforeCapitals(_ text: String) -> [Int] {
        let lines = text.split(separator: "\n")
        let function: Set<String> = ["of", "the", "and", "to", "for", "a", "an", "in", "as", "or", "by", "with", "from", "on", "at"]
        return lines.indices.dropLast().filter { k in
            lines[k + 1].first!.isUppercase && lines[k].last!.isLetter && !function.contains(lines[k].split(separator: " ").last!.lowercased())
        }
    }

    private static func unwrapped(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: " ") }

    /// From the NIST AI RMF (a work of the US government): wrapped at 60, its lines break before "AI"
    /// after "managing", "drive" and "The", and before "Framework" after "enables".
    static let rmf = "The AI RMF may be utilized along with related guidance and frameworks for managing AI system risks or broader enterprise risks. Framework users may apply these functions as best suits their needs for managing AI risks based on their resources and capabilities. This risk-based approach also enables Framework users to compare their approaches with other approaches and to gauge the resources needed. AI actors who perform or manage the design, development, deployment, evaluation, and use of AI systems and drive AI risk management efforts are the primary AI RMF users. The AI RMF should be universally applicable to any AI technology and to context-specific use cases."

    /// From a New York bill, printed in capitals.
    static let bill = "THE ATTORNEY GENERAL MAY EVALUATE THE RISK MANAGEMENT POLICY AND PROGRAM TO ENSURE COMPLIANCE WITH THIS ARTICLE. EVERY DEVELOPER AND DEPLOYER OF A HIGH-RISK AI SYSTEM SHALL FILE WITH THE ATTORNEY GENERAL A REPORT CONTAINING THE FOLLOWING INFORMATION ABOUT THE SYSTEM. NO AUDITOR MAY BE COMMISSIONED BY A DEVELOPER OR DEPLOYER OF AN AI SYSTEM THAT USED THE AUDITOR IN THE PRECEDING YEAR. A DEPLOYER MUST RESPOND TO AN END USER'S APPEAL WITHIN FORTY-FIVE DAYS OF RECEIPT OF THE APPEAL."

    @Test(arguments: [(rmf, 60), (rmf, 72), (rmf, 84), (bill, 72), (bill, 58)])
    func wrappedSentencesJoinBeforeCapitals(paragraph: String, width: Int) throws {
        let wrapped = Self.wrap(paragraph, width: width)
        // The case is the one the width rule is for: some break falls before a capital after a content word.
        #expect(!Self.breaksBeforeCapitals(wrapped).isEmpty)
        #expect(texts(wrapped).map(Self.unwrapped) == texts(paragraph))
        // Paragraphs go on across the same breaks (a line that ends a sentence may end one).
        for paragraph in texts(wrapped, unit: .paragraph) {
            #expect(paragraph.last == ".", "\(paragraph)")
        }
    }

    /// An item of a list in a bill printed in capitals, whose last line ends the item with "; OR".
    @Test func anItemsLastLineEndsWithOr() {
        let body = Self.wrap(Self.bill, width: 72)
        let item = "(B)  EXPANDING AN APPLICANT, CUSTOMER, OR PARTICIPANT POOL TO INCREASE\nDIVERSITY OR REDRESS HISTORICAL DISCRIMINATION; OR"
        let text = body + "\n" + item + "\n(C)  ANY EXPRESSIVE OR POLITICAL ACTIVITY OF THE DEVELOPER."
        #expect(texts(text).contains(item), "\(texts(text))")
    }

    @Test func titleLinesNumberedHeadingsAndPageNumbersKeepTheirBreaks() throws {
        let body = Self.wrap(Self.rmf, width: 88)
        let title = "U.S. Department of Commerce\nGina M. Raimondo, Secretary\nNational Institute of Standards and Technology\n"
            + "Laurie E. Locascio, NIST Director and Under Secretary of Commerce for Standards and Technology\n"
        let spans = texts(title + body)
        #expect(spans.contains("Laurie E. Locascio, NIST Director and Under Secretary of Commerce for Standards and Technology"), "\(spans)")
        // A full line of prose after a line that ends no sentence (a title block's last line) opens no
        // sentence of running text either.
        let block = "National Institute of Standards and Technology\n"
            + "This publication is available free of charge from the institute at its own website today\n"
            + "Certain commercial entities, equipment, or materials may be identified in this document.\n"
        #expect(texts(block + body).contains("This publication is available free of charge from the institute at its own website today"))

        let heading = "A.5 Inability to meet the safety requirements of specific service types used for AI\n"
        #expect(texts(body + "\n" + heading + body).contains(String(heading.dropLast())))

        // A page number after a full line that ends in a content word is no continuation (the line is
        // short and ends in no punctuation).
        let wrapped = Self.wrap(Self.rmf, width: 60)
        let lines = wrapped.split(separator: "\n").map(String.init)
        let cut = try #require(Self.breaksBeforeCapitals(wrapped).first)
        let paged = (lines[...cut] + ["Page 12"] + lines[(cut + 1)...]).joined(separator: "\n")
        #expect(texts(paged).contains("Page 12"), "\(texts(paged))")
    }

    @Test func textWithAParagraphALineShowsNoWidth() {
        let clean = "Governing AI risks in the public sector and beyond the usual agencies\nThe first sentence is here. The second one follows it.\nManaging AI Risks\nAI actors take part in every stage of the lifecycle of an AI system."
        #expect(texts(clean) == ["Governing AI risks in the public sector and beyond the usual agencies", "The first sentence is here.",
                                 "The second one follows it.", "Managing AI Risks", "AI actors take part in every stage of the lifecycle of an AI system."])
        // Three lines of the same length without punctuation among many that end sentences are no width.
        let paragraph = "Agencies shall report on the use of AI systems every year, and the report shall be published."
        let odd = ["See the appendix for the list of agencies that took part in it all", "The list of agencies that took part in the work is in the annex B",
                   "Four agencies were asked and three took part in the work of it all"]
        let sparse = (odd.map { $0 + "\n" + paragraph } + Array(repeating: paragraph, count: 12)).joined(separator: "\n")
        #expect(texts(sparse).filter { odd.contains($0) }.count == 3, "\(texts(sparse))")
        var cleanCopy = clean
        cleanCopy.withUTF8 { bytes in #expect(LatinFullLineWraps.measureFullLineWidth(bytes) == 0) }
        var wrapped = Self.wrap(Self.rmf, width: 60)
        wrapped.withUTF8 { bytes in
            let width = LatinFullLineWraps.measureFullLineWidth(bytes)
            #expect(width >= 54 && width <= 60, "\(width)")
        }
    }

    @Test func aListItemOnTheNextLineStillOpensAUnit() {
        let body = Self.wrap(Self.rmf, width: 60)
        let lines = body.split(separator: "\n").map(String.init)
        // The item's line follows a full line that ends in a content word.
        for item in ["(b) The Director", "2. The Director", "B. The Director", "Sec. 5. The Director"] {
            let text = (lines[..<1] + [item + " shall establish the program within one year of the date of"] + lines[1...]).joined(separator: "\n")
            #expect(texts(text).contains { $0.hasPrefix(item) }, "\(item)")
        }
    }

    @Test(arguments: [("A.5 Inability to meet the requirements", true), ("3.1 Generative Artificial Intelligence Services", true),
                      ("8.3 of this document shall be constructed", true), ("(1) IN GENERAL.--The Secretary shall", false),
                      ("AI actors in charge of the lifecycle", false), ("2023 was the year", false), ("A.5", false)])
    func sectionNumbers(line: String, opens: Bool) {
        var copy = line
        copy.withUTF8 { bytes in
            #expect(LatinFullLineWraps.opensWithSectionNumber(bytes, 0..<bytes.count) == opens)
        }
    }
}

/// The line breaks the segmenter takes from the measure's positions are those `TextScanning` finds.
@Suite struct LatinFullLineWrapIndexTests {
    @Test(arguments: ["\n", "\r\n"])
    func lineBreaksFromTheMeasureAreTheSearchedOnes(separator: String) {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            var text = LatinFullLineWrapTests.wrap(LatinFullLineWrapTests.rmf, width: Int.random(in: 40...90, using: &generator))
                .replacingOccurrences(of: "\n", with: separator)
            if Bool.random(using: &generator) { text += separator + separator + "Trailing line" }
            text.withUTF8 { bytes in
                var wraps = LatinFullLineWraps(bytes)
                // The first candidate break measures the text.
                var lineStart = 0
                while let found = TextScanning.nextLineBreak(bytes, from: lineStart, end: bytes.count) {
                    _ = wraps.isHardWrap(line: lineStart..<found.lineEnd, nextStart: found.nextStart, lineOpensUnit: true)
                    lineStart = found.nextStart
                }
                // In order, then at random positions (backwards too).
                var positions = Array(0...bytes.count)
                positions += (0..<200).map { _ in Int.random(in: 0...bytes.count, using: &generator) }
                for from in positions {
                    let indexed = wraps.lineBreak(from: from)
                    let searched = TextScanning.nextLineBreak(bytes, from: from, end: bytes.count)
                    #expect(indexed?.lineEnd == searched?.lineEnd && indexed?.nextStart == searched?.nextStart, "from \(from)")
                }
            }
        }
    }
}

/// `TextScanning.nextLineBreak` searches in windows that double from 4 KiB: against a plain search on
/// lines of every length around the windows' edges, with "\r\n" split by an edge too.
@Suite struct LineBreakSearchTests {
    @Test(arguments: ["\n", "\r\n", "\r"])
    func windowsFindTheBreaksAPlainSearchFinds(separator: String) {
        for length in [0, 1, 4094, 4095, 4096, 4097, 12_287, 12_288, 28_671, 28_672, 70_000] {
            let text = String(repeating: "a", count: length) + separator + "b" + separator + String(repeating: "c", count: length)
            var copy = text
            copy.withUTF8 { bytes in
                for from in [0, length / 2, length, length + 1, bytes.count - 1] where from < bytes.count {
                    let found = TextScanning.nextLineBreak(bytes, from: from, end: bytes.count)
                    let position = bytes[from...].firstIndex { $0 == 0x0A || $0 == 0x0D }
                    let expected = position.map { ($0, bytes[$0] == 0x0D && $0 + 1 < bytes.count && bytes[$0 + 1] == 0x0A ? $0 + 2 : $0 + 1) }
                    #expect(found?.lineEnd == expected?.0 && found?.nextStart == expected?.1, "line of \(length), from \(from)")
                }
            }
        }
    }
}
