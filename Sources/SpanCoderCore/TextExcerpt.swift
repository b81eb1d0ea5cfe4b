/// Short quotations of text in messages.
public enum TextExcerpt {
    /// `text` itself when it has at most `limit` code points, else its first `kept` code points and "…".
    ///
    /// Code points, not characters: a message quotes what offsets count, and cutting never splits one.
    public static func shortened(_ text: String, over limit: Int, keeping kept: Int) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return text }
        return String(String.UnicodeScalarView(scalars.prefix(kept))) + "…"
    }
}
