/// How the classifier turns matches into code proposals.
public struct ClassifierOptions: Sendable, Hashable {
    /// A code is proposed for a span when its score (distinct term weights plus rule weights) is at
    /// least this.
    public var threshold: Double

    public init(threshold: Double = 1.0) {
        self.threshold = threshold
    }
}
