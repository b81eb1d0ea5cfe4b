// SpanCoderStats: see the module's files; this marker keeps the target non-empty until they land.
