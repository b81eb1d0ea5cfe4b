import Testing
@testable import SpanCoderMatching
