/// How the classifier turns matches into code proposals.
public struct ClassifierOptions: Sendable, Hashable {
    /// A code is proposed for a span when its score (distinct term weights plus rule weights) is at
    /// least this.
    public var threshold: Double
    /// Whether spans with the shape of a heading (`HeadingShape`) get codes. On by default here: the
    /// classifier codes whatever text it is given. `spancoder tag` turns it off, because the project's
    /// coders give headings, titles and labels no code (gold convention 1).
    public var codeHeadings: Bool

    public init(threshold: Double = 1.0, codeHeadings: Bool = true) {
        self.threshold = threshold
        self.codeHeadings = codeHeadings
    }
}
