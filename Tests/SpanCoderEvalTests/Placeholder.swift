import Testing
@testable import SpanCoderEval
