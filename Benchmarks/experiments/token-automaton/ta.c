// An Aho-Corasick automaton over tokens instead of bytes: one step per Latin word, per punctuation
// mark and per non-ASCII code point.
//
// Stop 29's experiment for issue 7's lexicon-size target (Benchmarks/HISTORY.md). A byte automaton for
// the 100,000-term set waits on memory at every byte (../lazy-dfa-oracle); a token automaton takes
// three times fewer steps in Chinese and five to six times fewer in English, and keeps only the edges
// patterns use (8-byte slots of a hash table at half load) instead of a row per state. Tokens: a run of ASCII letters and digits
// is a word, keyed by its bytes and by whether white space precedes it; white space is no token; every
// other ASCII byte and every non-ASCII code point is a token of its own. A pattern is a token sequence
// and may start at any token of the text (its first token's white-space flag is not compared), so
// Latin patterns match at word edges only, as SpanCoder's edge check leaves them. It counts every
// occurrence (all patterns ending at each token, through the output links), prints the bytes per token,
// the share of tokens no pattern has and the count, and times the scan from the first byte: tokenizing, looking each token up
// in the vocabulary and stepping the automaton. STREAMS interleaved parts of the text hide the latency
// of the lookups as `run8` does for the DFA. Not part of the product: a measurement tool.
//
//   cc -O2 -march=native -o ta ta.c && ./ta PATTERNS TEXT
#include "../common/aho.h"
#ifndef STREAMS
#define STREAMS 8
#endif

static inline uint64_t load64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

// Byte kinds: 1 ASCII letter or digit, 2 white space, 3 other ASCII, 4 a non-ASCII lead byte, 0 a
// continuation byte.
static uint8_t kind[256];

typedef struct { uint64_t key; uint32_t id, pad; } WordSlot;
static WordSlot *words;
static uint64_t wordMask;
static uint32_t nextId = 1;     // 0: a token no pattern has
static uint32_t *otherId;       // ASCII punctuation and code points, indexed by code point

static inline uint64_t wordKey(const uint8_t *p, size_t length) {
    uint64_t h = (uint64_t)length * 0x9E3779B97F4A7C15ull;
    while (length > 8) { h = (h ^ load64(p)) * 0xC2B2AE3D27D4EB4Full; p += 8; length -= 8; }
    uint64_t x = load64(p) & (length == 8 ? ~0ull : ((1ull << (8 * length)) - 1));
    h = (h ^ x) * 0xFF51AFD7ED558CCDull;
    return (h ^ (h >> 32)) | 1;
}

static uint32_t wordId(uint64_t key, int add) {
    for (uint64_t h = key >> 20;; h++) {
        WordSlot *s = &words[h & wordMask];
        if (s->key == key) return s->id;
        if (!s->key) {
            if (!add) return 0;
            s->key = key; s->id = nextId++;
            return s->id;
        }
    }
}

static inline uint32_t codePoint(const uint8_t *p, int *length) {
    uint32_t b = p[0];
    if (b < 0xE0) { *length = 2; return (b & 0x1F) << 6 | (p[1] & 0x3F); }
    if (b < 0xF0) { *length = 3; return (b & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F); }
    *length = 4;
    return (b & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 | (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

// Reads the token at *at (after any white space) into *token (id << 1 | preceded by white space) and
// moves *at past it; returns 0 at the end.
static inline int nextToken(const uint8_t *text, size_t end, size_t *at, uint32_t *token, int add) {
    size_t i = *at;
    uint32_t space = 0;
    while (i < end && kind[text[i]] == 2) { i++; space = 1; }
    if (i >= end) { *at = i; return 0; }
    uint8_t k = kind[text[i]];
    uint32_t id;
    if (k == 1) {
        size_t j = i + 1;
        while (j < end && kind[text[j]] == 1) j++;
        id = wordId(wordKey(text + i, j - i), add);
        i = j;
    } else {
        uint32_t cp;
        int length = 1;
        if (k == 3) cp = text[i];
        else if (k == 4) cp = codePoint(text + i, &length);
        else cp = 0xFFFD;  // a stray continuation byte
        if (add && !otherId[cp]) otherId[cp] = nextId++;
        id = otherId[cp];
        space = 0;
        i += (size_t)length;
    }
    *at = i;
    *token = id << 1 | space;
    return 1;
}

typedef struct { uint64_t key; int32_t child, pad; } EdgeSlot;
static EdgeSlot *goTo;
static uint64_t goMask;
static int32_t *rootChild, *failLink;
static uint32_t *outputs;       // patterns ending here, through the output links
// After the build, the goto edges move into a packed table of 8-byte slots at half load:
// (state + 1) << 42 | token << 22 | child, for states below 2^22 and token ids below 2^20.
static uint64_t *packed;
static uint64_t packedMask;
static int usePacked;

static inline uint64_t edgeKey(int32_t state, uint32_t token) { return ((uint64_t)state << 32 | token) + 1; }
static inline int32_t edge(int32_t state, uint32_t token) {
    if (usePacked) {
        uint64_t high = (uint64_t)(state + 1) << 42 | (uint64_t)token << 22;
        for (uint64_t h = ((uint64_t)state * 0x9E3779B97F4A7C15ull ^ (uint64_t)token * 0xC2B2AE3D27D4EB4Full) >> 30;; h++) {
            uint64_t slot = packed[h & packedMask];
            if ((slot & ~((1ull << 22) - 1)) == high) return (int32_t)(slot & ((1u << 22) - 1));
            if (!slot) return -1;
        }
    }
    uint64_t key = edgeKey(state, token);
    for (uint64_t h = (key * 0x9E3779B97F4A7C15ull) >> 24;; h++) {
        EdgeSlot *s = &goTo[h & goMask];
        if (s->key == key) return s->child;
        if (!s->key) return -1;
    }
}
static void addEdge(int32_t state, uint32_t token, int32_t child) {
    uint64_t key = edgeKey(state, token);
    for (uint64_t h = (key * 0x9E3779B97F4A7C15ull) >> 24;; h++) {
        EdgeSlot *s = &goTo[h & goMask];
        if (!s->key) { s->key = key; s->child = child; return; }
    }
}

// One step from STATE on TOKEN: the goto edge, else the failure links; the root ignores white space.
static inline int32_t step(int32_t state, uint32_t token) {
    if (token < 2) return 0;
    for (;;) {
        if (state == 0) return rootChild[token >> 1];
        int32_t c = edge(state, token);
        if (c >= 0) return c;
        state = failLink[state];
    }
}

static int32_t *edgeFrom, *edgeTo;  // the goto edges in insertion order, for the failure links
static uint32_t *edgeToken;

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: ta PATTERNS TEXT\n"); return 64; }
    size_t patternBytes, n;
    uint8_t *patterns = readFile(argv[1], &patternBytes);
    uint8_t *text = readFile(argv[2], &n);
    memset(text + n, 0, 64);
    for (int b = 0; b < 256; b++)
        kind[b] = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ? 1
                : (b == ' ' || b == '\t' || b == '\n' || b == '\r') ? 2 : b < 0x80 ? 3 : b >= 0xC0 ? 4 : 0;
    wordMask = (1 << 20) - 1;
    words = calloc(wordMask + 1, sizeof(WordSlot));
    otherId = calloc(0x110000, 4);
    size_t capacity = patternBytes + 2;
    goMask = 1;
    while (goMask < 2 * capacity) goMask <<= 1;
    goTo = calloc(goMask, sizeof(EdgeSlot));
    goMask -= 1;
    failLink = calloc(capacity, 4);
    outputs = calloc(capacity, 4);
    edgeFrom = malloc(4 * capacity); edgeTo = malloc(4 * capacity); edgeToken = malloc(4 * capacity);
    int32_t states = 1, edges = 0;
    uint32_t *first = calloc(capacity, 4);  // the root's children by token id, before rootChild exists
    for (size_t i = 0; i < patternBytes;) {
        size_t j = i;
        while (j < patternBytes && patterns[j] != '\n') j++;
        size_t at = i;
        uint32_t token;
        int32_t u = 0;
        while (nextToken(patterns, j, &at, &token, 1)) {
            int32_t c;
            if (u == 0) {
                c = (int32_t)first[token >> 1];
                if (!c) { c = states++; first[token >> 1] = (uint32_t)c; edgeFrom[edges] = 0; edgeTo[edges] = c; edgeToken[edges++] = token & ~1u; }
            } else {
                c = edge(u, token);
                if (c < 0) { c = states++; addEdge(u, token, c); edgeFrom[edges] = u; edgeTo[edges] = c; edgeToken[edges++] = token; }
            }
            u = c;
        }
        if (u) outputs[u] = 1;
        i = j + 1;
    }
    rootChild = calloc(nextId, 4);
    for (uint32_t t = 0; t < nextId; t++) rootChild[t] = (int32_t)first[t];
    // Failure links breadth-first: edges were added in pattern order, so sort them by the depth of
    // their target first.
    int32_t *depth = calloc((size_t)states, 4), *order = malloc(4 * (size_t)edges);
    for (int32_t e = 0; e < edges; e++) depth[edgeTo[e]] = depth[edgeFrom[e]] + 1;  // parents come first
    int32_t maxDepth = 0;
    for (int32_t s = 0; s < states; s++) if (depth[s] > maxDepth) maxDepth = depth[s];
    int32_t *start = calloc((size_t)maxDepth + 2, 4);
    for (int32_t e = 0; e < edges; e++) start[depth[edgeTo[e]] + 1]++;
    for (int32_t d = 1; d <= maxDepth + 1; d++) start[d] += start[d - 1];
    for (int32_t e = 0; e < edges; e++) order[start[depth[edgeTo[e]]]++] = e;
    for (int32_t k = 0; k < edges; k++) {
        int32_t e = order[k], u = edgeFrom[e], v = edgeTo[e];
        failLink[v] = u == 0 ? 0 : step(failLink[u], edgeToken[e]);
        outputs[v] += outputs[failLink[v]];
    }
    packedMask = 1;
    while (packedMask < 2 * (uint64_t)edges) packedMask <<= 1;
    packed = calloc(packedMask, 8);
    packedMask -= 1;
    for (int32_t e = 0; e < edges; e++) {
        if (edgeFrom[e] == 0) continue;
        uint64_t state = (uint64_t)edgeFrom[e], token = edgeToken[e];
        for (uint64_t h = (state * 0x9E3779B97F4A7C15ull ^ token * 0xC2B2AE3D27D4EB4Full) >> 30;; h++) {
            uint64_t *slot = &packed[h & packedMask];
            if (!*slot) { *slot = (state + 1) << 42 | token << 22 | (uint64_t)edgeTo[e]; break; }
        }
    }
    usePacked = 1;
    // Correctness and counts, one stream.
    size_t at = 0;
    uint32_t token;
    int32_t u = 0;
    long tokens = 0, unknown = 0, found = 0;
    while (nextToken(text, n, &at, &token, 0)) {
        tokens++;
        unknown += token < 2;
        u = step(u, token);
        found += outputs[u];
    }
    // Timed: STREAMS parts of the text, each cut at white space, stepped in turn.
    size_t cut[STREAMS + 1];
    cut[0] = 0; cut[STREAMS] = n;
    for (int j = 1; j < STREAMS; j++) {
        size_t c = n / STREAMS * (size_t)j;
        while (c < n && kind[text[c]] != 2) c++;
        cut[j] = c;
    }
    double best1 = 1e9, bestS = 1e9, bestT = 1e9;
    volatile long sink = 0;
    long check1 = 0, checkS = 0;
    for (int repeat = 0; repeat < 7; repeat++) {
        double began = seconds();
        size_t p = 0;
        long sum = 0;
        while (nextToken(text, n, &p, &token, 0)) sum += token;
        sink = sum;
        (void)sink;
        double tokenized = seconds() - began;
        if (tokenized < bestT) bestT = tokenized;
        began = seconds();
        p = 0;
        int32_t s = 0;
        long count = 0;
        while (nextToken(text, n, &p, &token, 0)) { s = step(s, token); count += outputs[s]; }
        double took = seconds() - began;
        if (took < best1) best1 = took;
        check1 = count;
        began = seconds();
        size_t pos[STREAMS];
        int32_t st[STREAMS];
        int live = STREAMS;
        for (int j = 0; j < STREAMS; j++) { pos[j] = cut[j]; st[j] = 0; }
        count = 0;
        while (live == STREAMS) {
            for (int j = 0; j < STREAMS; j++) {
                if (!nextToken(text, cut[j + 1], &pos[j], &token, 0)) { live--; continue; }
                st[j] = step(st[j], token);
                count += outputs[st[j]];
            }
        }
        for (int j = 0; j < STREAMS; j++)
            while (nextToken(text, cut[j + 1], &pos[j], &token, 0)) { st[j] = step(st[j], token); count += outputs[st[j]]; }
        took = seconds() - began;
        if (took < bestS) bestS = took;
        checkS = count;
    }
    printf("%d states, %d edges, %u token ids; %.2f bytes a token, %.1f%% unknown; %ld matches (one stream %ld, %d streams %ld); tokens and vocabulary alone %.0f MB/s; one stream %.0f MB/s, %d streams %.0f MB/s\n",
           states, edges, nextId, (double)n / tokens, 100.0 * unknown / tokens, found, check1, STREAMS, checkS,
           (double)n / bestT / 1e6, (double)n / best1 / 1e6, STREAMS, (double)n / bestS / 1e6);
    return 0;
}
