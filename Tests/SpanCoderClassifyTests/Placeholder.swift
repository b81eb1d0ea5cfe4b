import Testing
@testable import SpanCoderClassify
