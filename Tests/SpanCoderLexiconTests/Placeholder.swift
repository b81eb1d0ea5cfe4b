import Testing
@testable import SpanCoderLexicon
