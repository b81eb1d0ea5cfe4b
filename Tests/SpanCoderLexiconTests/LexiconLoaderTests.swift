import Foundation
import SpanCoderCore
import Testing
@testable import SpanCoderLexicon

@Suite struct LexiconLoaderTests {
    @Test func loadsAGoodSetWithLocations() throws {
        let temp = try TemporaryLexiconSet(
            blockers: "zh: [人工智能]\nen: [national security]\n",
            codes: TemporaryLexiconSet.good
        )
        let set = try LexiconSet.load(directory: temp.directory)
        #expect(set.name == "test-set")
        #expect(set.taxonomy.codes.map(\.id) == ["risk.bias", "gov.liability"])
        #expect(set.taxonomy.codes[1].kind == .governance)
        #expect(set.lexicons.map(\.code) == ["risk.bias", "gov.liability"], "files follow the taxonomy's order")
        #expect(set.blockers.map(\.text) == ["人工智能", "national security"])

        let bias = try #require(set.lexicon(for: "risk.bias"))
        #expect(bias.terms.map(\.text) == ["歧视", "偏差", "discriminat*", "bias"])
        #expect(bias.terms.map(\.language) == [.zh, .zh, .en, .en])
        let weak = bias.terms[1]
        #expect(weak.weight == 0.5 && weak.note == "also deviation")
        #expect(weak.location == SourceLocation(file: temp.path("risk.bias.yaml"), line: 5, column: 7))
        #expect(bias.terms[2].isPrefix && bias.terms[2].stem == "discriminat")

        #expect(bias.rules.count == 2)
        let zhRule = bias.rules[0]
        #expect(zhRule.language == .zh && zhRule.window == .characters(10) && zhRule.mode == .all)
        #expect(zhRule.groups.map(\.name) == ["price", "difference"])
        #expect(zhRule.location?.line == 7)
        let enRule = bias.rules[1]
        #expect(enRule.window == .words(5))
        #expect(enRule.groups[0].terms.map(\.text) == ["price*", "pricing"], "a shared group is resolved by reference")
        #expect(bias.exclusions.map(\.text) == ["sampling bias"])
        #expect(bias.blockers.map(\.text) == ["bias voltage"])
    }

    /// Loads `text` as the bias file of an otherwise good set and returns the structural problems.
    func problems(bias text: String) throws -> (TemporaryLexiconSet, [LexiconDiagnostic]) {
        var codes = TemporaryLexiconSet.good
        codes["risk.bias.yaml"] = text
        let temp = try TemporaryLexiconSet(codes: codes)
        return (temp, LexiconLoader.read(directory: temp.directory).diagnostics)
    }

    @Test func brokenYAMLReportsFileAndLine() throws {
        let (temp, diagnostics) = try problems(bias: "code: risk.bias\nzh:\n  terms: [歧视, 偏见\n en: {}\n")
        let problem = try #require(diagnostics.first)
        #expect(problem.problem == .yamlSyntax)
        #expect(problem.location?.file == temp.path("risk.bias.yaml"))
        #expect(problem.location?.line != nil)
        let error = try #require(throws: SpanCoderError.self) { try LexiconSet.load(directory: temp.directory) }
        #expect(error.kind == .badInput)
        #expect(error.location?.file == temp.path("risk.bias.yaml"))
        #expect(error.message.contains("L100"))
    }

    /// The parser marks a repeated key's first occurrence; the line an author must edit is the repeat,
    /// found by its indentation (a sibling list item's key ends the search).
    @Test(arguments: [
        ("code: risk.bias\nzh:\n  terms: [歧视]\n  # a comment\n\n  terms: [偏见]\nen:\n  terms: [bias]\n", 3, 6, 3),
        ("code: risk.bias\nzh:\n  terms: [歧视]\n  rules:\n    - id: a\n      within: 5 chars\n      groups: {x: [算法], y: [歧视]}\n      within: 6 chars\nen:\n  terms: [bias]\n", 6, 8, 7),
        ("code: risk.bias\nzh: {terms: [歧视], terms: [偏见]}\nen:\n  terms: [bias]\n", 2, 2, nil),
        // A flow mapping's repeat is not searched for; a later mapping's key in the same column is not it.
        ("code: risk.bias\nzh:   {terms: [歧视], terms: [偏见]}\nen:\n       terms: [bias]\n", 2, 2, nil),
    ] as [(String, Int, Int, Int?)])
    func repeatedKeyIsReportedAtTheRepeat(text: String, first: Int, again: Int, column: Int?) throws {
        let (_, diagnostics) = try problems(bias: text)
        let problem = try #require(diagnostics.with(.yamlSyntax).first)
        #expect(problem.location?.line == again, "\(problem)")
        if first != again {
            #expect(problem.message.contains("first at line \(first), again at line \(again)"), "\(problem.message)")
            #expect(problem.location?.column == column)
        }
    }

    @Test func unknownKeyIsReportedAtItsLine() throws {
        let (temp, diagnostics) = try problems(bias: "code: risk.bias\nzh:\n  terms: [歧视]\n  term: [偏见]\nen:\n  terms: [bias]\n")
        let problem = try #require(diagnostics.with(.unknownKey).first)
        #expect(problem.location == SourceLocation(file: temp.path("risk.bias.yaml"), line: 4, column: 3))
        #expect(problem.message.contains("\"term\""))
        #expect(throws: SpanCoderError.self) { try LexiconSet.load(directory: temp.directory) }
    }

    @Test func wrongTypesAndValues() throws {
        let text = """
        code: risk.bias
        zh:
          terms: 歧视
        en:
          terms:
            - {term: bias, weight: heavy}
            - {term: unfair, weight: -1}
          rules:
            - id: r
              groups: {a: [x], b: [y]}
              mode: most
              within: 5 miles
              list-items: never

        """
        let (_, diagnostics) = try problems(bias: text)
        #expect(diagnostics.with(.wrongType).map(\.location?.line) == [3, 6])
        #expect(diagnostics.with(.badValue).map(\.location?.line) == [7, 11, 12, 13])
    }

    /// `within: 9223372036854775807 chars` passed `lexicon check`, and `tag` then crashed (the window's
    /// end overflowed). Windows are bounded like weights; the largest allowed one still loads
    /// (`ClassifierTests` fires a rule built in code with a window near Int.max).
    @Test func windowsAreBounded() throws {
        let text = """
        code: risk.bias
        zh:
          terms: [歧视]
        en:
          terms: [bias]
          rules:
            - id: huge
              groups: {a: [price*], b: [discriminat*]}
              within: 9223372036854775807 chars
            - id: largest
              groups: {a: [price*], b: [discriminat*]}
              within: 1000000000 words

        """
        let (_, diagnostics) = try problems(bias: text)
        let bad = diagnostics.with(.badValue)
        #expect(bad.map(\.location?.line) == [9], "\(diagnostics)")
        #expect(bad.first?.message.contains("for a rule over the whole span write \"within: span\"") == true)
    }

    /// `weight: 1e308` passed, and two such terms in a span summed to infinity: tag wrote
    /// `"score":null`. Weights are bounded (`LexiconLimits.maxWeight`), for terms and rules, with
    /// file:line; the largest allowed weight still loads.
    @Test func weightsAreBounded() throws {
        let text = """
        code: risk.bias
        zh:
          terms: [歧视]
        en:
          terms:
            - {term: bias, weight: 1e308}
            - {term: biases, weight: 1000.5}
            - {term: unfair, weight: 1000}
          rules:
            - id: r
              groups: {a: [x], b: [y]}
              weight: 5000

        """
        let (_, diagnostics) = try problems(bias: text)
        let bad = diagnostics.with(.badValue)
        #expect(bad.map(\.location?.line) == [6, 7, 12])
        #expect(bad.first?.message == "term weight: weight must be at most 1000 (a code's score is the sum of its weights that fire), found 1e308", "\(bad)")
        #expect(bad.last?.message.hasPrefix("rule weight:") == true)
    }

    @Test func rulesSayWhetherListItemsTakeTheirCode() throws {
        let text = """
        code: risk.bias
        zh:
          terms: [歧视]
        en:
          rules:
            - id: kept-out
              groups: {a: [price*], b: [discriminat*]}
              list-items: keep-out
            - id: passed
              groups: {a: [price*], b: [unfair*]}
              list-items: inherit
            - id: default
              groups: {a: [price*], b: [differ*]}

        """
        var codes = TemporaryLexiconSet.good
        codes["risk.bias.yaml"] = text
        let temp = try TemporaryLexiconSet(codes: codes)
        let bias = try #require(try LexiconSet.load(directory: temp.directory).lexicon(for: "risk.bias"))
        #expect(bias.rules.map(\.passesToListItems) == [false, true, true])
    }

    /// The loader composes YAML with the basic resolver (no implicit types): words YAML 1.1 would read
    /// as booleans or numbers stay the terms they are written as, and the core schema's nulls still
    /// stand for an empty list where a list is expected.
    @Test func plainScalarsStayTextAndNullsAreEmptyLists() throws {
        let text = """
        code: risk.bias
        zh:
          terms: [歧视]
          exclusions: null
          blockers: ~
        en:
          terms: [yes, no, on, off, true, 1.5, 0x1F, 2024-01-01]
          exclusions:
          blockers: NULL

        """
        var codes = TemporaryLexiconSet.good
        codes["risk.bias.yaml"] = text
        let temp = try TemporaryLexiconSet(codes: codes)
        let bias = try #require(try LexiconSet.load(directory: temp.directory).lexicon(for: "risk.bias"))
        #expect(bias.terms.map(\.text) == ["歧视", "yes", "no", "on", "off", "true", "1.5", "0x1F", "2024-01-01"])
        #expect(bias.exclusions.isEmpty && bias.blockers.isEmpty)

        let (_, diagnostics) = try problems(bias: "code: risk.bias\nzh:\n  terms: [歧视]\n  exclusions: \"null\"\nen:\n  terms: [bias]\n")
        #expect(diagnostics.with(.wrongType).map(\.location?.line) == [4], "a quoted null is a string, not a list")
    }

    @Test func missingSharedGroupIsL006AtTheReference() throws {
        let text = "code: risk.bias\nzh:\n  terms: [歧视]\nen:\n  rules:\n    - id: r\n      groups: [price, difference]\n"
        let (temp, diagnostics) = try problems(bias: text)
        let missing = diagnostics.with(.ruleMissingGroup)
        #expect(missing.count == 2)
        #expect(missing.first?.location?.file == temp.path("risk.bias.yaml"))
        #expect(missing.first?.location?.line == 7)
    }

    @Test func missingKeysAndMissingFolder() throws {
        let (_, diagnostics) = try problems(bias: "zh:\n  terms: [歧视]\n")
        #expect(diagnostics.with(.missingKey).count == 1)
        let nowhere = NSTemporaryDirectory() + "no-such-lexicon-\(UUID().uuidString)"
        let error = try #require(throws: SpanCoderError.self) { try LexiconSet.load(directory: nowhere) }
        #expect(error.kind == .badInput && error.message.contains("L105"))
    }

    @Test func invalidUTF8IsReportedWithItsByteOffset() throws {
        let temp = try TemporaryLexiconSet(codes: TemporaryLexiconSet.good)
        var bytes = Array("code: risk.bias\nzh: ".utf8)
        let offset = bytes.count
        bytes += [0xFF, 0xFE]
        try Data(bytes).write(to: URL(fileURLWithPath: temp.path("risk.bias.yaml")))
        let problem = try #require(LexiconLoader.read(directory: temp.directory).diagnostics.first)
        #expect(problem.problem == .unreadableFile)
        #expect(problem.location?.byteOffset == offset)
    }

    /// `- ~` or a bare `-` in a list is YAML's null: reported at its line, not read as the term "~" (which
    /// would match "a ~ b"). A language section left blank is empty, as a list left blank is.
    @Test func nullItemsAreErrorsAndBlankSectionsAreEmpty() throws {
        let (_, diagnostics) = try problems(bias: "code: risk.bias\nzh:\n  terms:\n    - 歧视\n    - ~\n    - \"~\"\nen:\n")
        #expect(diagnostics.with(.wrongType).map(\.location?.line) == [5], "\(diagnostics)")
        let temp = try TemporaryLexiconSet(codes: ["risk.bias.yaml": "code: risk.bias\nzh:\n  terms: [歧视, \"null\"]\nen:\n", "gov.liability.yaml": TemporaryLexiconSet.liability])
        let result = LexiconLoader.read(directory: temp.directory)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.set?.lexicon(for: "risk.bias")?.terms.map(\.text) == ["歧视", "null"])
    }

    /// A `code:` of the wrong type is one problem where it stands, not also a "missing" key.
    @Test func codeOfTheWrongTypeIsNotAlsoMissing() throws {
        let (_, diagnostics) = try problems(bias: "code: [risk.bias]\nzh:\n  terms: [歧视]\nen:\n  terms: [bias]\n")
        #expect(diagnostics.with(.wrongType).map(\.location?.line) == [1])
        #expect(diagnostics.with(.missingKey).isEmpty, "\(diagnostics)")
    }

    /// An unreadable code file was only "cannot read this file": it now says why, as tag does for a
    /// document (a folder named like a code file, a loop of links; permission denied is the same
    /// errno path, tested through the CLI as another user cannot be had here).
    @Test func anUnreadableFileSaysWhy() throws {
        let temp = try TemporaryLexiconSet(codes: TemporaryLexiconSet.good)
        let codes = (temp.path("risk.bias.yaml") as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: codes + "/dir.yaml", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: codes + "/loop.yaml", withDestinationPath: "loop.yaml")
        let problems = LexiconLoader.read(directory: temp.directory).diagnostics.with(.unreadableFile)
        #expect(problems.map(\.message) == ["cannot read this file: is a folder, expected a file",
                                             "cannot read this file: cannot open: Too many levels of symbolic links"], "\(problems)")
        #expect(problems.map { $0.location?.file } == [codes + "/dir.yaml", codes + "/loop.yaml"])
    }

    @Test func aLexiconFileInGB18030SaysHowToConvertIt() throws {
        let temp = try TemporaryLexiconSet(codes: TemporaryLexiconSet.good)
        // A comment "# 偏见与歧视：对不同群体的不公平对待，包括算法歧视和价格歧视" and the term 歧视 in GB18030.
        let comment: [UInt8] = [
            0x23, 0x20, 0xC6, 0xAB, 0xBC, 0xFB, 0xD3, 0xEB, 0xC6, 0xE7, 0xCA, 0xD3, 0xA3, 0xBA, 0xB6, 0xD4, 0xB2, 0xBB, 0xCD,
            0xAC, 0xC8, 0xBA, 0xCC, 0xE5, 0xB5, 0xC4, 0xB2, 0xBB, 0xB9, 0xAB, 0xC6, 0xBD, 0xB6, 0xD4, 0xB4, 0xFD, 0xA3, 0xAC,
            0xB0, 0xFC, 0xC0, 0xA8, 0xCB, 0xE3, 0xB7, 0xA8, 0xC6, 0xE7, 0xCA, 0xD3, 0xBA, 0xCD, 0xBC, 0xDB, 0xB8, 0xF1, 0xC6,
            0xE7, 0xCA, 0xD3, 0x0A,
        ]
        let bytes = comment + Array("code: risk.bias\nzh:\n  terms: [".utf8) + [0xC6, 0xE7, 0xCA, 0xD3] + Array("]\nen:\n  terms: [bias]\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: temp.path("risk.bias.yaml")))
        let problem = try #require(LexiconLoader.read(directory: temp.directory).diagnostics.first)
        #expect(problem.problem == .unreadableFile)
        #expect(problem.message.contains("iconv -f GB18030 -t UTF-8"), "\(problem.message)")
    }

    /// `languages:` names the languages every code needs; `kind` is an optional label of the set's own.
    @Test func taxonomyLanguagesAndKinds() throws {
        let taxonomy = """
        name: agora-tags
        languages: [en]
        codes:
          - id: harm.fines
            name_en: Fines
            name_zh: 罚款
            kind: incentive
            definition: Monetary penalties.
          - id: app.medicine
            name_en: Medicine
            name_zh: 医疗
            definition: Medical applications.

        """
        let temp = try TemporaryLexiconSet(taxonomy: taxonomy, codes: [
            "harm.fines.yaml": "code: harm.fines\nen:\n  terms: [fines]\n",
            "app.medicine.yaml": "code: app.medicine\nen:\n  terms: [medical]\n",
        ])
        let set = try LexiconSet.load(directory: temp.directory)
        #expect(set.taxonomy.languages == [.en])
        #expect(set.taxonomy.codes.map(\.kind) == [CodeKind(rawValue: "incentive"), nil])

        let bad = try TemporaryLexiconSet(taxonomy: taxonomy.replacingOccurrences(of: "languages: [en]", with: "languages: [en, fr]"), codes: [:])
        let problems = LexiconLoader.read(directory: bad.directory).diagnostics.with(.badValue)
        #expect(problems.map(\.location?.line) == [2], "\(problems)")
    }

    /// `risk;privacy` passed check, and `tag --format csv` wrote it as two codes, "risk" and "privacy",
    /// which eval read back as such (the same predictions in JSONL and CSV scored F1 0); "a/b" got the
    /// advice to name its file "a/b.yaml". Such ids are an error at the id's line; other scripts and
    /// punctuation are fine.
    @Test(arguments: [("risk;privacy", true), ("harms/discrimination", true), ("a b", true), ("a\\b", true),
                      ("x\u{200B}y", true), ("-neg", true), ("agora:harms-discrimination_2", false), ("风险.偏见", false),
                      ("Strategies:Licensing,_registration,_and_certification", false), ("a|b", false), ("x-y", false)])
    func codeIDsTravelThroughEveryFormat(id: String, refused: Bool) throws {
        let taxonomy = "name: t\nlanguages: [en]\ncodes:\n  - id: \"\(id)\"\n    name_en: X\n    definition: Y.\n"
        let temp = try TemporaryLexiconSet(taxonomy: taxonomy, codes: [:])
        let problems = LexiconLoader.read(directory: temp.directory).diagnostics.with(.badValue)
        #expect(problems.map(\.location?.line) == (refused ? [4] : []), "\(problems)")
        #expect((LexiconLimits.codeIDProblem(id) != nil) == refused)
        // A refused id has no possible file: no "taxonomy code without a file" (L008) after its L104.
        let missingFile = LexiconChecker.check(directory: temp.directory).filter { $0.problem == .taxonomyFileMismatch }
        #expect(missingFile.count == (refused ? 0 : 1), "\(missingFile)")
    }

    /// `languages: [EN]`, `languages: en` or `languages: []` gave one real error and two follow-on
    /// errors per code (its Chinese name and entries missing), the real one sorted among them.
    /// `EN` and a bare `en` are read as `[en]`; a value with no usable language is one error.
    @Test(arguments: [("[EN]", 0), ("en", 0), (" [ en ] ", 0), ("[]", 1), ("[fr]", 1), ("[en, fr]", 1)])
    func oneSlipInLanguagesIsOneProblem(value: String, errors: Int) throws {
        let taxonomy = "name: t\nlanguages: \(value)\ncodes:\n  - id: a.b\n    name_en: X\n    definition: Y.\n  - id: a.c\n    name_en: Z\n    definition: W.\n"
        let temp = try TemporaryLexiconSet(taxonomy: taxonomy, codes: [
            "a.b.yaml": "code: a.b\nen:\n  terms: [fines]\n",
            "a.c.yaml": "code: a.c\nen:\n  terms: [medical]\n",
        ])
        let problems = LexiconChecker.check(directory: temp.directory)
        #expect(problems.filter { $0.severity == .error }.count == errors, "\(problems)")
        #expect(problems.filter { $0.severity == .warning }.isEmpty, "\(problems)")
    }

    /// A key typed with a Chinese input method ("terms：") is no key; the parser stumbles on the next line
    /// with "could not find expected ':'", and the message now points at the full-width colon.
    @Test func aFullWidthColonIsNamed() throws {
        let (_, diagnostics) = try problems(bias: "code: risk.bias\nzh:\n  terms: [歧视]\n  rules：\n    - id: price\n      groups: {a: [价格], b: [差别]}\nen:\n  terms: [bias]\n")
        let syntax = try #require(diagnostics.with(.yamlSyntax).first)
        #expect(syntax.message.contains("(line 4 has a full-width colon \"：\" where YAML needs \":\")"), "\(syntax)")
    }

    /// A tab in the indentation gave only the parser's "found character that cannot start any token".
    @Test func aTabInTheIndentationIsNamed() throws {
        let (_, diagnostics) = try problems(bias: "code: risk.bias\nzh:\n  terms: [歧视]\nen:\n  terms:\n\t- bias\n")
        let syntax = try #require(diagnostics.with(.yamlSyntax).first)
        #expect(syntax.location?.line == 6 && syntax.message.hasSuffix("(the line has a tab: YAML indents with spaces only)"), "\(syntax)")
        // A tab inside a comment or a quoted term is fine for YAML and gets no such hint.
        let (_, clean) = try problems(bias: "code: risk.bias  # a\tcomment\nzh:\n  terms: [歧视]\nen:\n  terms: [bias]\n")
        #expect(clean.with(.yamlSyntax).isEmpty)
    }
}
