import Testing
@testable import SpanCoderFormats
