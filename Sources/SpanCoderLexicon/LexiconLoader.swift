import Foundation
import SpanCoderCore
import SpanCoderText
import Yams

extension LexiconSet {
    /// Loads a lexicon set folder: `taxonomy.yaml`, one file per code under `codes/`, and an optional
    /// set-wide `blockers.yaml` (format: `docs/lexicons.md`).
    ///
    /// Every entry keeps the file and line it came from. Structural problems (YAML syntax, unknown keys,
    /// wrong types, bad values), and the semantic errors `lexicon check` reports (`LexiconChecker.errors`:
    /// unknown codes, duplicate terms, unmatchable terms, broken rules), make this throw a `.badInput`
    /// error at the first problem's file:line. Warnings and notes do not.
    public static func load(directory: String) throws -> LexiconSet {
        let result = LexiconLoader.read(directory: directory)
        // What `lexicon check` rejects is not used: an unknown code id would reach the output, a second
        // file for a code would propose it twice, and an unmatchable term would be compiled into something
        // its author did not write. Structural problems come first (the rest may follow from them); the
        // count is the one `lexicon check` reports.
        var errors = result.diagnostics.filter { $0.severity == .error }
        if let set = result.set { errors += LexiconChecker.errors(in: set) }
        if let first = errors.first {
            var message = "\(first.problem.rawValue) \(first.problem.name): \(first.message)"
            message += errors.count > 1
                ? " (and \(errors.count - 1) more problem\(errors.count == 2 ? "" : "s"); run `spancoder lexicon check \(directory)`)"
                : " (run `spancoder lexicon check \(directory)`)"
            throw SpanCoderError(.badInput, message, at: first.location ?? SourceLocation(file: directory))
        }
        guard let set = result.set else {
            throw SpanCoderError(.internal, "lexicon set at \(directory) produced neither a set nor an error")
        }
        return set
    }
}

/// What reading a lexicon folder produced: the set as far as it could be read, and every structural
/// problem met on the way.
public struct LexiconLoadResult: Sendable {
    /// `nil` only when the folder or its taxonomy could not be read at all.
    public var set: LexiconSet?
    public var diagnostics: [LexiconDiagnostic]
}

/// Reads lexicon YAML through Yams' `Node` API so that every entry keeps its `file:line`.
///
/// Unlike `LexiconSet.load`, it does not stop at the first problem: `lexicon check` reports them all.
public enum LexiconLoader {
    /// The taxonomy file's name inside a set folder.
    public static let taxonomyFile = "taxonomy.yaml"
    /// The set-wide blocker file's name inside a set folder (optional).
    public static let blockersFile = "blockers.yaml"
    /// The folder holding one file per code.
    public static let codesFolder = "codes"

    public static func read(directory: String) -> LexiconLoadResult {
        var reader = Reader()
        let set = reader.readSet(directory: directory)
        return LexiconLoadResult(set: set, diagnostics: reader.diagnostics)
    }

    /// Parses one code file's text (for tests and editors); `file` names it in locations.
    public static func readCodeFile(text: String, file: String) -> (CodeLexicon?, [LexiconDiagnostic]) {
        var reader = Reader()
        let lexicon = reader.parseDocument(text: text, file: file).flatMap { reader.readCodeLexicon($0, file: file) }
        return (lexicon, reader.diagnostics)
    }
}

/// The kinds of nodes the format expects, for "expected X, found Y" messages.
private func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let scalar): return "the scalar \"\(scalar.string)\""
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
}

private struct Reader {
    var diagnostics: [LexiconDiagnostic] = []

    mutating func error(_ problem: LexiconProblem, _ message: String, _ location: SourceLocation?) {
        diagnostics.append(LexiconDiagnostic(problem, .error, message, at: location))
    }

    func location(_ node: Node?, _ file: String) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    // MARK: Files

    mutating func readSet(directory: String) -> LexiconSet? {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            error(.unreadableFile, "no lexicon set folder here (expected a folder with \(LexiconLoader.taxonomyFile) and \(LexiconLoader.codesFolder)/)", SourceLocation(file: directory))
            return nil
        }
        let taxonomyPath = join(directory, LexiconLoader.taxonomyFile)
        guard let taxonomyRoot = readDocument(path: taxonomyPath),
              let taxonomy = readTaxonomy(taxonomyRoot, file: taxonomyPath)
        else { return nil }

        var blockers: [Term] = []
        let blockersPath = join(directory, LexiconLoader.blockersFile)
        if manager.fileExists(atPath: blockersPath), let root = readDocument(path: blockersPath) {
            blockers = readBlockersFile(root, file: blockersPath)
        }

        var lexicons: [CodeLexicon] = []
        let codesPath = join(directory, LexiconLoader.codesFolder)
        if manager.fileExists(atPath: codesPath, isDirectory: &isDirectory), isDirectory.boolValue {
            let names = ((try? manager.contentsOfDirectory(atPath: codesPath)) ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .sorted()
            for name in names {
                let path = join(codesPath, name)
                guard let root = readDocument(path: path), var lexicon = readCodeLexicon(root, file: path) else { continue }
                lexicon.file = path
                lexicons.append(lexicon)
            }
        } else {
            error(.unreadableFile, "missing the \(LexiconLoader.codesFolder)/ folder with one YAML file per code", SourceLocation(file: codesPath))
        }
        // Files in the taxonomy's order, so output and statistics follow the taxonomy.
        let order = Dictionary(taxonomy.codes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        lexicons.sort { (order[$0.code] ?? .max, $0.code) < (order[$1.code] ?? .max, $1.code) }
        return LexiconSet(name: taxonomy.name, taxonomy: taxonomy, lexicons: lexicons, blockers: blockers, directory: directory)
    }

    func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    mutating func readDocument(path: String) -> Node? {
        // FileReader says why (no such file, permission denied, a folder, a loop of links), as tag does
        // for documents; Foundation's `contents(atPath:)` only says nil.
        let data: Data
        do {
            data = Data(try FileReader.readAll(path: path))
        } catch let failure as SpanCoderError {
            error(.unreadableFile, "cannot read this file: \(failure.message)", SourceLocation(file: path))
            return nil
        } catch let failure {
            error(.unreadableFile, "cannot read this file: \(failure)", SourceLocation(file: path))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let offset = firstInvalidUTF8Offset(data)
            error(.unreadableFile, "not valid UTF-8 (lexicon files must be UTF-8\(Reader.conversionHint(data)))", SourceLocation(file: path, byteOffset: offset))
            return nil
        }
        return parseDocument(text: text, file: path)
    }

    /// How to convert a lexicon file saved in another encoding, when the document decoder (BOMs, then
    /// GB18030 and Big5, which Chinese editors save in) can read it.
    static func conversionHint(_ data: Data) -> String {
        guard let decoded = try? DocumentDecoder.decodeReportingEncoding(bytes: [UInt8](data), name: ""),
              decoded.encoding != "UTF-8"
        else { return "" }
        return "; it reads as \(decoded.encoding): convert it with `iconv -f \(decoded.encoding) -t UTF-8`"
    }

    func firstInvalidUTF8Offset(_ data: Data) -> Int? {
        let bytes = [UInt8](data)
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// The line, `line` or the one before it, that holds a full-width colon `：` outside a quoted or
    /// commented part before any ASCII `:` (a key typed with a Chinese input method); nil when neither does.
    static func fullWidthColonLine(in text: String, around line: Int) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for candidate in [line - 1, line] where candidate >= 1 && candidate <= lines.count {
            let content = lines[candidate - 1].prefix { $0 != "#" && $0 != "\"" && $0 != "'" && $0 != ":" }
            if content.contains("：") { return candidate }
        }
        return nil
    }

    /// Whether 1-based `line` of `text` has a tab at or before 1-based `column`.
    static func hasTab(in text: String, line: Int, upToColumn column: Int) -> Bool {
        var current = 1
        for lineText in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == line { return lineText.unicodeScalars.prefix(max(column, 1)).contains("\t") }
            current += 1
        }
        return false
    }

    mutating func parseDocument(text: String, file: String) -> Node? {
        do {
            // The basic resolver leaves every plain scalar a string: terms, weights and windows are
            // read from their text here, and resolving each scalar's implicit type (int, float, bool,
            // timestamp: a regular expression each) was a third of loading a set.
            guard let root = try Yams.compose(yaml: text, .basic) else {
                error(.wrongType, "the file is empty (expected a mapping)", SourceLocation(file: file, line: 1))
                return nil
            }
            return root
        } catch let yamlError as YamlError {
            let (explained, mark) = Reader.explain(yamlError)
            var message = explained, line = mark?.line, column = mark?.column
            if case .duplicatedKeysInMapping(let duplicates, let context) = yamlError, let key = duplicates.first,
               let again = Reader.repeatedKeyLine(key, firstAt: context.mark, in: text) {
                // The parser marks the first occurrence, which is the one an author means to keep; the
                // line to edit is the repeat.
                message = "duplicate key \(key) in one mapping (first at line \(context.mark.line), again at line \(again))"
                line = again
            }
            // YAML's tab rule trips authors from editors that indent with tabs, and the parser's words
            // ("found character that cannot start any token") do not say so.
            if let line, let column, Reader.hasTab(in: text, line: line, upToColumn: column) {
                message += " (the line has a tab: YAML indents with spaces only)"
            } else if let line, let wide = Reader.fullWidthColonLine(in: text, around: line) {
                // "rules：" with a Chinese input method's colon is no key, and the parser stumbles a line later.
                message += " (line \(wide) has a full-width colon \"：\" where YAML needs \":\")"
            }
            error(.yamlSyntax, message, SourceLocation(file: file, line: line, column: column))
            return nil
        } catch {
            self.error(.yamlSyntax, "\(error)", SourceLocation(file: file))
            return nil
        }
    }

    /// The 1-based line where `key` is written again in the block mapping whose key at `first` it
    /// repeats, or nil when the repeat cannot be found by indentation (flow mappings).
    static func repeatedKeyLine(_ key: String, firstAt first: Mark, in text: String) -> Int? {
        let keyColumn = first.column  // 1-based, as the parser counts
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            guard lineNumber > first.line else { continue }
            let scalars = Array(line.unicodeScalars)
            guard let firstNonSpace = scalars.firstIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) else { continue }
            if scalars[firstNonSpace] == "#" { continue }
            let column = firstNonSpace + 1
            if column < keyColumn { return nil }  // the mapping ended (a sibling item or an outer key)
            guard column == keyColumn else { continue }
            var rest = Substring(String(String.UnicodeScalarView(scalars[firstNonSpace...])))
            guard rest.hasPrefix(key) else { continue }
            rest = rest.dropFirst(key.count).drop(while: { $0 == " " })
            if rest.hasPrefix(":") { return lineNumber }
        }
        return nil
    }

    static func explain(_ error: YamlError) -> (String, Mark?) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text) at line \($0.mark.line))" } ?? problem
            return ("invalid YAML: \(detail)", mark)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ("duplicate key \(duplicates.joined(separator: ", ")) in one mapping", context.mark)
        case .reader(let problem, _, _, _):
            return ("invalid YAML input: \(problem)", nil)
        default:
            return ("invalid YAML: \(error)", nil)
        }
    }

    // MARK: Shapes

    /// The mapping's pairs with string keys; reports keys outside `allowed`.
    mutating func mapping(_ node: Node, _ file: String, what: String, allowed: Set<String>) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            error(.wrongType, "\(what): expected a mapping, found \(describe(node))", location(node, file))
            return nil
        }
        var pairs: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                error(.wrongType, "\(what): keys must be plain names, found \(describe(keyNode))", location(keyNode, file))
                continue
            }
            if !allowed.contains(key.string) {
                let list = allowed.sorted().joined(separator: ", ")
                error(.unknownKey, "\(what): unknown key \"\(key.string)\" (expected one of: \(list))", location(keyNode, file))
                continue
            }
            pairs.append((key.string, keyNode, value))
        }
        return pairs
    }

    mutating func string(_ node: Node, _ file: String, what: String) -> String? {
        guard case .scalar(let scalar) = node else {
            error(.wrongType, "\(what): expected text, found \(describe(node))", location(node, file))
            return nil
        }
        return scalar.string
    }

    mutating func number(_ node: Node, _ file: String, what: String) -> Double? {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string.trimmingCharacters(in: .whitespaces)), value.isFinite else {
            error(.wrongType, "\(what): expected a number, found \(describe(node))", location(node, file))
            return nil
        }
        return value
    }

    mutating func weight(_ node: Node, _ file: String, what: String) -> Double? {
        guard let value = number(node, file, what: what) else { return nil }
        guard value > 0 else {
            error(.badValue, "\(what): weight must be greater than 0, found \(value)", location(node, file))
            return nil
        }
        guard value <= LexiconLimits.maxWeight else {
            error(.badValue, "\(what): weight must be at most \(Int(LexiconLimits.maxWeight)) (a code's score is the sum of its weights that fire), found \(scalarText(node) ?? "\(value)")", location(node, file))
            return nil
        }
        return value
    }

    /// The scalar as written, for messages (`1e308`, not Swift's `1e+308`).
    func scalarText(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string.trimmingCharacters(in: .whitespaces)
    }

    /// Whether `scalar` is YAML's null (core schema: an empty plain scalar, `~`, `null`, `Null`, `NULL`),
    /// or was tagged `!!null`: the basic resolver does not tag plain scalars, so this is read from the text.
    static func isNull(_ scalar: Node.Scalar) -> Bool {
        if scalar.tag.description == Tag.Name.null.rawValue { return true }
        guard scalar.style == .plain else { return false }
        switch scalar.string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    mutating func sequence(_ node: Node, _ file: String, what: String) -> [Node]? {
        switch node {
        case .sequence(let sequence): return Array(sequence)
        case .scalar(let scalar) where Reader.isNull(scalar):
            return []
        default:
            error(.wrongType, "\(what): expected a list, found \(describe(node))", location(node, file))
            return nil
        }
    }

    // MARK: Taxonomy

    mutating func readTaxonomy(_ root: Node, file: String) -> Taxonomy? {
        guard let pairs = mapping(root, file, what: "taxonomy", allowed: ["name", "description", "version", "languages", "codes"]) else { return nil }
        var name: String?
        var codes: [CodeDefinition] = []
        var languages = TermLanguage.allCases
        var sawCodes = false
        var codeItems: [Node] = []
        for (key, _, value) in pairs {
            switch key {
            case "name": name = string(value, file, what: "taxonomy name")
            case "description", "version": _ = string(value, file, what: "taxonomy \(key)")
            // A value with no usable language is reported once; the codes are then held to no language,
            // not to both (one slip in `languages` gave two follow-on errors per code).
            case "languages": languages = readLanguages(value, file: file) ?? []
            case "codes":
                sawCodes = true
                codeItems = sequence(value, file, what: "taxonomy codes") ?? []
            default: break
            }
        }
        // After the whole mapping: which names a code needs depends on `languages`, wherever it is written.
        for item in codeItems {
            if let code = readCodeDefinition(item, file: file, languages: languages) { codes.append(code) }
        }
        if name == nil { error(.missingKey, "taxonomy: missing \"name\" (the set's name)", location(root, file)) }
        if !sawCodes { error(.missingKey, "taxonomy: missing \"codes\" (the list of codes)", location(root, file)) }
        return Taxonomy(name: name ?? "", codes: codes, languages: languages)
    }

    /// `languages: [zh, en]`, `[en]` or `[zh]`: the languages every code must have entries in.
    mutating func readLanguages(_ node: Node, file: String) -> [TermLanguage]? {
        // `languages: en` is read as `[en]`, and `EN` as `en`: what was meant is plain.
        let items: [Node]
        if case .scalar = node { items = [node] } else {
            guard let list = sequence(node, file, what: "taxonomy languages") else { return nil }
            items = list
        }
        var languages: [TermLanguage] = []
        for item in items {
            guard let text = string(item, file, what: "taxonomy languages") else { continue }
            guard let language = TermLanguage(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) else {
                error(.badValue, "taxonomy languages: expected zh or en, found \"\(text)\"", location(item, file))
                continue
            }
            if !languages.contains(language) { languages.append(language) }
        }
        if languages.isEmpty && items.isEmpty {
            error(.badValue, "taxonomy languages: name at least one of zh, en (or leave the key out for both)", location(node, file))
            return nil
        }
        return languages.isEmpty ? nil : languages
    }

    /// A code of the taxonomy; it needs a name in each of the set's `languages` (a set for English text
    /// only needs no `name_zh`).
    mutating func readCodeDefinition(_ node: Node, file: String, languages: [TermLanguage]) -> CodeDefinition? {
        let allowed: Set<String> = ["id", "name_en", "name_zh", "kind", "definition"]
        guard let pairs = mapping(node, file, what: "taxonomy code", allowed: allowed) else { return nil }
        var values: [String: String] = [:]
        for (key, _, value) in pairs {
            if let text = string(value, file, what: "taxonomy code \(key)") { values[key] = text }
        }
        let required = ["id"] + languages.map { "name_\($0.rawValue)" } + ["definition"]
        for key in required where values[key] == nil && !pairs.contains(where: { $0.key == key }) {
            error(.missingKey, "taxonomy code \(values["id"].map { "\"\($0)\"" } ?? ""): missing \"\(key)\"", location(node, file))
        }
        guard let id = values["id"] else { return nil }
        let idNode = pairs.first { $0.key == "id" }?.value
        // Reported, and the code kept: its file then reads as the code's, not as an unknown code's.
        if let problem = LexiconLimits.codeIDProblem(id) {
            error(.badValue, "taxonomy code id \"\(id)\": \(problem)", location(idNode ?? node, file))
            if id.isEmpty { return nil }
        }
        let kind = values["kind"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : CodeKind(rawValue: $0) }
        return CodeDefinition(
            id: id, nameEN: values["name_en"] ?? "", nameZH: values["name_zh"] ?? "", kind: kind,
            definition: values["definition"] ?? "", location: location(node, file)
        )
    }

    // MARK: Set-wide blockers

    mutating func readBlockersFile(_ root: Node, file: String) -> [Term] {
        guard let pairs = mapping(root, file, what: "blockers file", allowed: ["zh", "en", "note"]) else { return [] }
        var terms: [Term] = []
        for (key, _, value) in pairs {
            guard let language = TermLanguage(rawValue: key) else { continue }
            terms += readTerms(value, file: file, language: language, what: "\(key) blockers")
        }
        return terms
    }

    // MARK: Code files

    mutating func readCodeLexicon(_ root: Node, file: String) -> CodeLexicon? {
        guard let pairs = mapping(root, file, what: "code file", allowed: ["code", "zh", "en", "note"]) else { return nil }
        var code: String?
        var sawCode = false
        var lexicon = CodeLexicon(code: "", file: file)
        for (key, _, value) in pairs {
            switch key {
            case "code":
                sawCode = true
                code = string(value, file, what: "code")
            case "note": _ = string(value, file, what: "note")
            default:
                guard let language = TermLanguage(rawValue: key) else { continue }
                readLanguageSection(value, file: file, language: language, into: &lexicon)
            }
        }
        guard let code, !code.isEmpty else {
            // A `code:` of the wrong type was reported where it stands; "missing" would send the author
            // looking for a key that is there.
            if !sawCode || code == "" {
                error(.missingKey, "code file: missing \"code\" (the taxonomy id this file is for)", location(root, file))
            }
            return nil
        }
        lexicon.code = code
        return lexicon
    }

    mutating func readLanguageSection(_ node: Node, file: String, language: TermLanguage, into lexicon: inout CodeLexicon) {
        let allowed: Set<String> = ["terms", "rules", "groups", "exclusions", "blockers"]
        // `en:` left blank (or `~`) is an empty section, as an empty list may be left blank.
        if case .scalar(let scalar) = node, Reader.isNull(scalar) { return }
        guard let pairs = mapping(node, file, what: "\(language.rawValue) section", allowed: allowed) else { return }
        // Shared groups first: rules may refer to them whatever the key order.
        var shared: [String: TermGroup] = [:]
        for (key, _, value) in pairs where key == "groups" {
            guard let groupPairs = anyKeyMapping(value, file, what: "\(language.rawValue) groups") else { continue }
            for (name, _, termsNode) in groupPairs {
                shared[name] = TermGroup(name: name, terms: readTerms(termsNode, file: file, language: language, what: "group \(name)"))
            }
        }
        for (key, _, value) in pairs {
            switch key {
            case "terms": lexicon.terms += readTerms(value, file: file, language: language, what: "\(language.rawValue) terms")
            case "exclusions": lexicon.exclusions += readTerms(value, file: file, language: language, what: "\(language.rawValue) exclusions")
            case "blockers": lexicon.blockers += readTerms(value, file: file, language: language, what: "\(language.rawValue) blockers")
            case "rules":
                for item in sequence(value, file, what: "\(language.rawValue) rules") ?? [] {
                    if let rule = readRule(item, file: file, language: language, shared: shared) { lexicon.rules.append(rule) }
                }
            default: break
            }
        }
    }

    /// A mapping whose keys are free names (group names).
    mutating func anyKeyMapping(_ node: Node, _ file: String, what: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            error(.wrongType, "\(what): expected a mapping of names to term lists, found \(describe(node))", location(node, file))
            return nil
        }
        var pairs: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode, !key.string.isEmpty else {
                error(.wrongType, "\(what): names must be plain text, found \(describe(keyNode))", location(keyNode, file))
                continue
            }
            pairs.append((key.string, keyNode, value))
        }
        return pairs
    }

    mutating func readTerms(_ node: Node, file: String, language: TermLanguage, what: String) -> [Term] {
        var terms: [Term] = []
        for item in sequence(node, file, what: what) ?? [] {
            if let term = readTerm(item, file: file, language: language, what: what) { terms.append(term) }
        }
        return terms
    }

    /// A term is a plain string, or `{term, weight, note}`.
    mutating func readTerm(_ node: Node, file: String, language: TermLanguage, what: String) -> Term? {
        switch node {
        case .scalar(let scalar):
            // `- ~`, `- null` or a bare `-` is YAML's null, almost always a slip (an item left unfinished, or
            // an empty list written as an item); as text it would be the term "~" and match "a ~ b".
            if Reader.isNull(scalar) {
                let shown = scalar.string.isEmpty ? "an empty item" : "\"\(scalar.string)\", YAML's null,"
                error(.wrongType, "\(what): \(shown) is not a term; write the term, quote it if the word is meant (\"null\"), or leave the list empty", location(node, file))
                return nil
            }
            return Term(text: scalar.string, language: language, location: location(node, file))
        case .mapping:
            guard let pairs = mapping(node, file, what: "\(what) entry", allowed: ["term", "weight", "note"]) else { return nil }
            var text: String?
            var weight = 1.0
            var note: String?
            for (key, _, value) in pairs {
                switch key {
                case "term": text = string(value, file, what: "term")
                case "weight": weight = self.weight(value, file, what: "term weight") ?? weight
                case "note": note = string(value, file, what: "term note")
                default: break
                }
            }
            guard let text else {
                error(.missingKey, "\(what) entry: missing \"term\"", location(node, file))
                return nil
            }
            return Term(text: text, language: language, weight: weight, note: note, location: location(node, file))
        default:
            error(.wrongType, "\(what): expected a term (text or {term, weight, note}), found \(describe(node))", location(node, file))
            return nil
        }
    }

    mutating func readRule(_ node: Node, file: String, language: TermLanguage, shared: [String: TermGroup]) -> Rule? {
        let allowed: Set<String> = ["id", "groups", "mode", "within", "weight", "list-items", "note"]
        guard let pairs = mapping(node, file, what: "rule", allowed: allowed) else { return nil }
        var id: String?
        var groups: [TermGroup] = []
        var sawGroups = false
        var mode = Rule.Mode.all
        var window = RuleWindow.span
        var weight = 1.0
        var passesToListItems = true
        var note: String?
        for (key, _, value) in pairs {
            switch key {
            case "id": id = string(value, file, what: "rule id")
            case "list-items": passesToListItems = readListItems(value, file: file) ?? passesToListItems
            case "note": note = string(value, file, what: "rule note")
            case "weight": weight = self.weight(value, file, what: "rule weight") ?? weight
            case "mode": mode = readMode(value, file: file) ?? mode
            case "within": window = readWindow(value, file: file) ?? window
            case "groups":
                sawGroups = true
                groups = readRuleGroups(value, file: file, language: language, shared: shared)
            default: break
            }
        }
        let place = location(node, file)
        guard let id, !id.isEmpty else {
            error(.missingKey, "rule: missing \"id\" (a name for the rule, shown as evidence)", place)
            return nil
        }
        if !sawGroups { error(.missingKey, "rule \"\(id)\": missing \"groups\"", place) }
        return Rule(id: id, groups: groups, mode: mode, window: window, weight: weight, passesToListItems: passesToListItems,
                    note: note, location: place, language: language)
    }

    /// `list-items: inherit | keep-out`: whether list items under a lead-in take the code the rule gives it.
    mutating func readListItems(_ node: Node, file: String) -> Bool? {
        guard let text = string(node, file, what: "rule list-items") else { return nil }
        switch text {
        case "inherit": return true
        case "keep-out": return false
        default:
            error(.badValue, "rule list-items: expected inherit or keep-out, found \"\(text)\"", location(node, file))
            return nil
        }
    }

    /// `groups:` is a mapping `name: [terms]` (inline), where a value may instead name a shared group
    /// (`price: "@price"`), or a list of shared group names (`[price, discrimination]`).
    mutating func readRuleGroups(_ node: Node, file: String, language: TermLanguage, shared: [String: TermGroup]) -> [TermGroup] {
        var groups: [TermGroup] = []
        switch node {
        case .sequence(let names):
            for nameNode in names {
                guard let name = string(nameNode, file, what: "rule group reference") else { continue }
                if let group = resolve(name, nameNode, file: file, shared: shared) { groups.append(group) }
            }
        case .mapping:
            for (name, _, value) in anyKeyMapping(node, file, what: "rule groups") ?? [] {
                if case .scalar(let scalar) = value, scalar.string.hasPrefix("@") {
                    if let group = resolve(String(scalar.string.dropFirst()), value, file: file, shared: shared, as: name) { groups.append(group) }
                } else {
                    groups.append(TermGroup(name: name, terms: readTerms(value, file: file, language: language, what: "rule group \(name)")))
                }
            }
        default:
            error(.wrongType, "rule groups: expected a mapping of group names to term lists, found \(describe(node))", location(node, file))
        }
        return groups
    }

    /// A reference to a shared group; a missing one is reported as L006 at the reference.
    mutating func resolve(_ name: String, _ node: Node, file: String, shared: [String: TermGroup], as alias: String? = nil) -> TermGroup? {
        if var group = shared[name] {
            group.name = alias ?? name
            return group
        }
        let known = shared.keys.sorted().joined(separator: ", ")
        error(.ruleMissingGroup, "rule refers to group \"\(name)\", which this section's groups: does not define (defined: \(known.isEmpty ? "none" : known))", location(node, file))
        return nil
    }

    mutating func readMode(_ node: Node, file: String) -> Rule.Mode? {
        if case .mapping = node {
            guard let pairs = mapping(node, file, what: "rule mode", allowed: ["at_least"]), let pair = pairs.first,
                  let n = number(pair.value, file, what: "at_least"), n >= 1, n == n.rounded()
            else { return nil }
            return .atLeast(Int(n))
        }
        guard let text = string(node, file, what: "rule mode") else { return nil }
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "_" })
        if words == ["all"] { return .all }
        if words == ["any"] { return .atLeast(1) }
        if words.count == 3, words[0] == "at", words[1] == "least", let n = Int(words[2]), n >= 1 { return .atLeast(n) }
        error(.badValue, "rule mode: expected all, any, or \"at_least N\" (N ≥ 1), found \"\(text)\"", location(node, file))
        return nil
    }

    mutating func readWindow(_ node: Node, file: String) -> RuleWindow? {
        guard let text = string(node, file, what: "rule within") else { return nil }
        let words = text.lowercased().split(separator: " ")
        if words == ["span"] { return .span }
        if words.count == 2, let n = Int(words[0]), n >= 1 {
            guard n <= LexiconLimits.maxWindow else {
                error(.badValue, "rule within: \(n) is more than \(LexiconLimits.maxWindow) (LexiconLimits.maxWindow); for a rule over the whole span write \"within: span\"", location(node, file))
                return nil
            }
            switch words[1] {
            case "char", "chars", "character", "characters": return .characters(n)
            case "word", "words": return .words(n)
            default: break
            }
        }
        error(.badValue, "rule within: expected span, \"N chars\" or \"N words\" (N ≥ 1), found \"\(text)\"", location(node, file))
        return nil
    }
}
