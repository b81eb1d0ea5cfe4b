/// How the classifier turns matches into code proposals.
public struct ClassifierOptions: Sendable, Hashable {
    /// A code is proposed for a span when its score (distinct term weights plus rule weights) is at
    /// least this.
    public var threshold: Double
    /// Whether spans with the shape of a heading (`HeadingShape`) get codes. On by default here: the
    /// classifier codes whatever text it is given. `spancoder tag` turns it off, because the project's
    /// coders give headings, titles and labels no code (gold convention 1).
    public var codeHeadings: Bool

    /// Whether a list item under a lead-in (a span ending in a colon) gets the lead-in's codes besides
    /// its own (`SpanStructure`). Off by default here: the classifier codes each span by its own words.
    /// `spancoder tag` turns it on, because the project's coders give such items the codes of the duty
    /// that introduces them (gold convention 12).
    public var inheritLeadInCodes: Bool

    /// Whether spans that define a term (`DefinitionShape`: "X，是指…", "X refers to …") get codes. On
    /// by default here; `spancoder tag` turns it off (gold convention 1: definitions get no code).
    public var codeDefinitions: Bool

    public init(threshold: Double = 1.0, codeHeadings: Bool = true, inheritLeadInCodes: Bool = false, codeDefinitions: Bool = true) {
        self.threshold = threshold
        self.codeHeadings = codeHeadings
        self.inheritLeadInCodes = inheritLeadInCodes
        self.codeDefinitions = codeDefinitions
    }
}
