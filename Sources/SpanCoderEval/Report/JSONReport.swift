import SpanCoderFormats

/// A small JSON tree for reports (key order preserved, numbers rounded to 10 digits, NaN as null).
indirect enum JSONValue {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case int(Int)
    /// A count or seed above `Int.max` (`--seed` takes any UInt64).
    case unsigned(UInt64)
    case bool(Bool)
    case null

    static func num(_ v: Double?) -> JSONValue { v.map { .number($0) } ?? .null }
    static func str(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }

    func write(to out: inout String, indent: Int = 0) {
        let pad = String(repeating: " ", count: indent + 2), close = String(repeating: " ", count: indent)
        switch self {
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in fields.enumerated() {
                out += pad
                JSONText.appendString(key, to: &out)
                out += ": "
                value.write(to: &out, indent: indent + 2)
                out += i + 1 < fields.count ? ",\n" : "\n"
            }
            out += close + "}"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            let flat = items.allSatisfy { if case .object = $0 { return false }; if case .array = $0 { return false }; return true }
            if flat {
                out += "["
                for (i, item) in items.enumerated() { if i > 0 { out += ", " }; item.write(to: &out, indent: indent) }
                out += "]"
                return
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.write(to: &out, indent: indent + 2)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += close + "]"
        case .string(let s): JSONText.appendString(s, to: &out)
        case .number(let v):
            if !v.isFinite { out += "null"; return }
            if v == v.rounded(), abs(v) < 1e15 { out += String(Int(v)); return }
            let rounded = (v * 1e10).rounded() / 1e10
            // A tiny negative rounds to -0.0, which must print as 0.
            out += rounded == 0 ? "0" : String(rounded)
        case .int(let v): out += String(v)
        case .unsigned(let value): out += String(value)
        case .bool(let v): out += v ? "true" : "false"
        case .null: out += "null"
        }
    }
}

extension EvalReport {
    func json() -> JSONValue {
        func interval(_ r: ClosedRange<Double>?) -> JSONValue { r.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null }
        func summaryJSON(_ s: Summary) -> JSONValue {
            .object([("tp", .int(s.counts.tp)), ("fp", .int(s.counts.fp)), ("fn", .int(s.counts.fn)),
                     ("micro", .object([("precision", .number(s.micro.precision)), ("recall", .number(s.micro.recall)), ("f1", .number(s.micro.f1)), ("f1_ci95", interval(s.microF1Interval))])),
                     ("macro", .object([("precision", .number(s.macro.precision)), ("recall", .number(s.macro.recall)), ("f1", .number(s.macro.f1)), ("f1_ci95", interval(s.macroF1Interval))])),
                     ("codes_averaged", .int(s.codesAveraged))])
        }
        var fields: [(String, JSONValue)] = [
            ("tool", .string("spancoder eval")),
            ("options", .object([("mode", .string(options.mode.rawValue)), ("iou", .number(options.iou)), ("min_overlap", .number(options.minOverlap)),
                                 ("zero_division", .string(options.zeroDivision.rawValue)), ("bootstrap", .int(options.bootstrap)), ("seed", .unsigned(options.seed)),
                                 ("offsets", .string("codepoint"))])),
            ("inputs", .array(inputs.map { i in
                let counts: [(String, JSONValue)] = i.role == "units" ? [("units_read", .int(i.spans)), ("units_kept", .int(i.pairs))]
                    : [("spans", .int(i.spans)), ("span_code_pairs", .int(i.pairs)), ("span_code_pairs_scored", .int(i.scoredPairs ?? i.pairs))]
                        + (i.coverage.map { c in [("documents", JSONValue.int(c.documents)), ("documents_not_scored", .int(c.notScored)),
                                                  ("scored_documents_missing", .int(c.missing))] } ?? [])
                return .object([("role", .string(i.role)), ("file", .string(i.name))] + counts
                               + [("findings", .object(i.findings.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) }))])
            })),
            ("documents", .int(documents)),
            ("scored_documents", .int(scoredDocuments)),
            ("scope", .string(scope.rawValue)),
            ("units", units.map { .int($0) } ?? .null),
            ("notes", .array(notes.map { .string($0) })),
        ]
        if let resampledDocuments { fields.append(("resampled_documents", .int(resampledDocuments))) }
        if let summary {
            fields.append(("summary", summaryJSON(summary)))
            fields.append(("per_code", .array(perCode.map { r in
                .object([("code", .string(r.code)), ("tp", .int(r.counts.tp)), ("fp", .int(r.counts.fp)), ("fn", .int(r.counts.fn)), ("support", .int(r.counts.support)),
                         ("precision", .number(r.scores.precision)), ("recall", .number(r.scores.recall)), ("f1", .number(r.scores.f1)),
                         ("f1_ci95", interval(r.f1Interval)), ("kappa", .num(r.kappa)), ("alpha", .num(r.alpha))])
            })))
        }
        if let a = agreement {
            var agreementFields: [(String, JSONValue)] = [
                ("cells", .int(a.cells)), ("percent", .number(a.percent)), ("cohen_kappa", .number(a.cohenKappa)), ("scott_pi", .number(a.scottPi)),
                ("bennett_s", .number(a.bennettS)), ("gwet_ac1", .number(a.gwetAC1)), ("krippendorff_alpha", .number(a.alpha)),
                ("alpha_masi_units", .number(a.alphaMASI)), ("alpha_jaccard_units", .number(a.alphaJaccard)), ("alpha_label_set_units", .number(a.alphaSetIdentity)),
            ]
            if let m = a.multi {
                agreementFields.append(("multi_coder", .object([
                    ("coders", .array(m.coders.map { .string($0) })), ("complete_cells", .int(m.completeCells)),
                    ("fleiss_kappa", .number(m.fleissKappa)), ("hubert_kappa", .number(m.hubertKappa)), ("randolph_kappa", .number(m.randolphKappa)),
                    ("gwet_ac1", .number(m.gwetAC1)), ("alpha_complete_units", .number(m.alphaComplete)), ("alpha_with_missing", .number(m.alpha)),
                    ("per_code_alpha", .object(m.perCodeAlpha.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })),
                    ("per_code_fleiss", .object(m.perCodeFleiss.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })),
                ])))
            }
            fields.append(("agreement", .object(agreementFields)))
        }
        if !pairwise.isEmpty {
            fields.append(("gold_vs_coder", .array(pairwise.map { p in
                .object([("coder", .string(p.coder)), ("summary", summaryJSON(p.summary)), ("cohen_kappa", .number(p.kappa)), ("krippendorff_alpha", .number(p.alpha)),
                         ("per_code_kappa", .object(p.perCodeKappa.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) }))])
            })))
        }
        if !groups.isEmpty {
            fields.append(("breakdown", .array(groups.map { g in
                .object([("field", .string(g.field)), ("value", .string(g.value)), ("documents", .int(g.documents)), ("summary", summaryJSON(g.summary)),
                         ("cohen_kappa", .num(g.kappa)), ("krippendorff_alpha", .num(g.alpha))])
            })))
        }
        if let n = nervaluate {
            func schemas(_ results: [NervaluateCompat.Schema: NervaluateCompat.Result]) -> JSONValue {
                .object(NervaluateCompat.Schema.allCases.compactMap { schema in
                    guard let r = results[schema] else { return nil }
                    let s = r.scores(schema)
                    return (schema.rawValue, .object([("correct", .int(r.correct)), ("incorrect", .int(r.incorrect)), ("partial", .int(r.partial)),
                                                      ("missed", .int(r.missed)), ("spurious", .int(r.spurious)), ("possible", .int(r.possible)), ("actual", .int(r.actual)),
                                                      ("precision", .number(s.precision)), ("recall", .number(s.recall)), ("f1", .number(s.f1))]))
                })
            }
            fields.append(("nervaluate", .object([("overall", schemas(n.overall)),
                                                 ("per_code", .object(n.perCode.sorted { $0.key < $1.key }.map { ($0.key, schemas($0.value)) }))])))
        }
        fields.append(("confusion", .array(confusion.map { .object([("predicted", .string($0.predicted)), ("gold", .string($0.gold)), ("count", .int($0.count))]) })))
        fields.append(("errors", .array(errors.map { e in
            .object([("kind", .string(e.kind.rawValue)), ("code", .string(e.code)), ("doc", .string(e.doc)), ("start", .int(e.range.start)), ("end", .int(e.range.end)),
                     ("text", .str(e.text)), ("evidence", .array(e.evidence.map { .string($0) })), ("source", .str(e.source))])
        })))
        fields.append(("unlisted_codes", .array(unlistedCodes.map { u in
            .object([("role", .string(u.role)), ("file", .string(u.file)), ("code", .string(u.code)), ("spans", .int(u.spans)), ("first_line", .int(u.firstLine))]
                     + (u.firstPlace.map { [("first_place", JSONValue.string($0))] } ?? []))
        })))
        fields.append(("diagnostics", .array(diagnostics.map { d in
            .object([("kind", .string(d.kind.rawValue)), ("file", .string(d.location.file)), ("line", d.location.line.map { .int($0) } ?? .null),
                     ("message", .string(d.message)), ("excluded", .bool(d.excluded))])
        })))
        return .object(fields)
    }
}
