// Sparse rows over dense rows: could a DFA whose deep states are small records scan the
// 100,000-term set nearly as fast as the 2,000-term set's full DFA? (Issue 7's lexicon-size target;
// Benchmarks/HISTORY.md, stop 26.) Not part of the product: a measurement tool.
//
// The first DENSE_MB of breadth-first states get full DFA rows (32-bit cells over SpanCoder's byte
// classes). Every other state s gets a record: f(s), the first dense state on its failure chain, and
// the few bytes b on which s moves differently from f(s) (s's own children and those of the sparse
// states between s and f(s)), with their targets. A step from a sparse state compares the byte with the
// record's keys and takes the matching target, else f(s)'s dense cell: never a failure loop, at most
// two dependent loads. States with more than K such bytes are made dense as well.
// With -DBRANCHFREE the dense/sparse choice is made without a branch.
// The scan is SpanCoder's `run8` shape: STREAMS interleaved streams, rounds of 1,024 steps, every
// state stored in a trace, steps with output counted from the trace without a branch. It prints the
// count of steps with output, which must equal the full DFA's (`lazy-dfa-oracle`).
//
//   cc -O2 -march=native [-DBRANCHFREE] -o sod sod.c && ./sod PATTERNS TEXT DENSE_MB   (or run.sh)
#include "../common/aho.h"

#ifndef STREAMS
#define STREAMS 8
#endif
#ifndef K
#define K 4
#endif
enum { ROUND = 1024 };

static int32_t delta(int32_t u, int b) {  // the DFA transition, by the failure chain
    if (!used[b]) return 0;
    for (;;) {
        int32_t c = child(u, b);
        if (c >= 0) return c;
        if (u == 0) return 0;
        u = fail[u];
    }
}

// A sparse state's record: 32 bytes, one cache line holds two.
typedef struct {
    uint32_t dense;      // f(s)'s row offset (premultiplied by the class count)
    uint8_t keys[K];     // bytes that move elsewhere; unused keys repeat keys[0]
    uint32_t targets[K]; // state values
    uint32_t pad[(32 - 4 - K - 4 * K) / 4];
} Record;

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: sod PATTERNS TEXT DENSE_MB\n"); return 64; }
    size_t patternBytes, n;
    uint8_t *patterns = readFile(argv[1], &patternBytes);
    uint8_t *text = readFile(argv[2], &n);
    double denseMB = atof(argv[3]);
    uint8_t classOf[256];
    int classes;
    int32_t *order;  // breadth-first
    int32_t states = buildTrie(patterns, patternBytes, classOf, &classes, &order);
    // Dense: the breadth-first prefix within the budget (closed under failure links), plus every
    // state with more than K bytes of its own.
    int32_t prefix = (int32_t)(denseMB * 1e6 / (4.0 * classes));
    if (prefix > states) prefix = states;
    if (prefix < 1) prefix = 1;
    uint8_t *isDense = calloc((size_t)states, 1);
    for (int32_t i = 0; i < prefix; i++) isDense[order[i]] = 1;
    // Each sparse state's special bytes: children of the states from s up to (not including) f(s).
    int32_t *firstDense = malloc(4 * (size_t)states);
    uint8_t (*keys)[K] = malloc((size_t)states * K);
    int32_t (*targets)[K] = malloc((size_t)states * K * 4);
    uint8_t *keyCount = calloc((size_t)states, 1);
    long histogram[K + 2] = {0};
    int32_t extraDense = 0;
    for (int pass = 0; pass < 2; pass++) {
        // Pass 0 marks the states with too many bytes dense; pass 1 builds the records (f(s) may have
        // moved closer once more states are dense, so the records are made from scratch).
        for (int32_t i = prefix; i < states; i++) {
            int32_t s = order[i];
            if (isDense[s]) continue;
            int32_t f = fail[s];
            while (!isDense[f]) f = fail[f];
            firstDense[s] = f;
            uint8_t seen[256] = {0};
            int count = 0, overflow = 0;
            for (int32_t u = s; u != f && !overflow; u = fail[u]) {
                for (int b = 0; b < 256 && !overflow; b++) {
                    if (!used[b] || seen[b] || child(u, b) < 0) continue;
                    seen[b] = 1;
                    int32_t t = delta(s, b);
                    if (t == delta(f, b)) continue;
                    if (count == K) { overflow = 1; break; }
                    keys[s][count] = (uint8_t)b;
                    targets[s][count] = t;
                    count++;
                }
            }
            if (overflow) {
                if (pass == 0) { isDense[s] = 1; extraDense++; }
                else { fprintf(stderr, "overflow in pass 1\n"); return 1; }
                continue;
            }
            keyCount[s] = (uint8_t)count;
            if (pass == 1) histogram[count]++;
        }
    }
    // Numbering: dense rows in breadth-first order, records in breadth-first order. A state value is
    // (row offset or record index) << 2 | sparse << 1 | output.
    int32_t *index = malloc(4 * (size_t)states);
    int32_t denseCount = 0, sparseCount = 0;
    for (int32_t i = 0; i < states; i++) {
        int32_t s = order[i];
        index[s] = isDense[s] ? denseCount++ : sparseCount++;
    }
#define VALUE(s) (isDense[s] ? ((uint32_t)index[s] * (uint32_t)classes) << 2 | (uint32_t)output[s] \
                             : (uint32_t)index[s] << 2 | 2u | (uint32_t)output[s])
    if ((uint64_t)denseCount * classes >= (1u << 30) || sparseCount >= (1 << 30)) { fprintf(stderr, "too large\n"); return 1; }
    uint32_t *table = aligned_alloc(2 << 20, (((size_t)denseCount * classes * 4) | ((2 << 20) - 1)) + 1);
    for (int32_t i = 0; i < states; i++) {
        int32_t s = order[i];
        if (!isDense[s]) continue;
        for (int b = 0; b < 256; b++) {
            if (b && !used[b]) continue;
            int32_t t = delta(s, b);
            table[(size_t)index[s] * classes + classOf[b]] = VALUE(t);
        }
    }
    Record *records = aligned_alloc(2 << 20, ((sizeof(Record) * (size_t)(sparseCount + 1)) | ((2 << 20) - 1)) + 1);
    for (int32_t i = 0; i < states; i++) {
        int32_t s = order[i];
        if (isDense[s]) continue;
        Record *r = &records[index[s]];
        memset(r, 0, sizeof *r);
        r->dense = (uint32_t)index[firstDense[s]] * (uint32_t)classes;
        int c = keyCount[s];
        for (int k = 0; k < K; k++) {
            // Unused keys repeat the first key and its target, so a hit on them is right; a state
            // without keys gets a key whose target is f(s)'s own cell for it.
            int from = c ? (k < c ? k : 0) : -1;
            if (from >= 0) { r->keys[k] = keys[s][from]; r->targets[k] = VALUE(targets[s][from]); }
            else { r->keys[k] = 0; r->targets[k] = VALUE(delta(firstDense[s], 0)); }
        }
    }
    // The scan.
    static uint32_t trace[STREAMS * ROUND];
    static int32_t hits[ROUND];
    volatile int32_t lastHit = 0;
    size_t part = n / STREAMS, scanned = part / ROUND * ROUND * STREAMS;
    double best = 1e9;
    long found = 0, sparseSteps = 0;
    uint32_t root = VALUE(0);
    for (int repeat = 0; repeat < 7; repeat++) {
        double began = seconds();
        uint32_t s[STREAMS];
        long matches = 0;
        for (int j = 0; j < STREAMS; j++) s[j] = root;
        for (size_t position = 0; position + ROUND <= part; position += ROUND) {
            for (int i = 0; i < ROUND; i++)
                for (int j = 0; j < STREAMS; j++) {
                    uint32_t v = s[j];
                    uint8_t b = text[j * part + position + i];
                    uint32_t next;
#ifdef BRANCHFREE
                    // Both kinds without a branch: a dense state reads record 0 (always in L1) and
                    // ignores it.
                    uint32_t sparse = (v >> 1) & 1;
                    const Record *r = &records[sparse ? v >> 2 : 0];
                    uint32_t row = sparse ? r->dense : v >> 2;
                    next = table[row + classOf[b]];
                    for (int k = 0; k < K; k++) next = (r->keys[k] == b) & sparse ? r->targets[k] : next;
#else
                    if (v & 2) {
                        const Record *r = &records[v >> 2];
                        next = table[r->dense + classOf[b]];
                        for (int k = 0; k < K; k++) next = r->keys[k] == b ? r->targets[k] : next;
                    } else {
                        next = table[(v >> 2) + classOf[b]];
                    }
#endif
                    s[j] = next;
                    trace[j * ROUND + i] = next;
                }
            for (int j = 0; j < STREAMS; j++) {
                int h = 0;
                for (int i = 0; i < ROUND; i++) { hits[h] = i; h += trace[j * ROUND + i] & 1; }
                matches += h;
                if (h) lastHit = hits[h - 1];
            }
        }
        double took = seconds() - began;
        if (took < best) best = took;
        found = matches;
    }
    // Sparse steps, counted once (not timed).
    {
        uint32_t v = root;
        for (size_t i = 0; i < n; i++) {
            uint8_t b = text[i];
            uint32_t next;
            if (v & 2) {
                sparseSteps++;
                const Record *r = &records[v >> 2];
                next = table[r->dense + classOf[b]];
                for (int k = 0; k < K; k++) next = r->keys[k] == b ? r->targets[k] : next;
            } else next = table[(v >> 2) + classOf[b]];
            v = next;
        }
    }
    (void)lastHit;
    printf("%d states, %d classes; dense %d (%d for more than %d bytes) = %.1f MB, sparse %d = %.1f MB; keys 0..%d:",
           states, classes, denseCount, extraDense, K, (double)denseCount * classes * 4 / 1e6, sparseCount,
           (double)sparseCount * sizeof(Record) / 1e6, K);
    for (int k = 0; k <= K; k++) printf(" %ld", histogram[k]);
    printf("; sparse steps %.1f%%; %d streams: %.0f MB/s (%ld steps with output)\n", 100.0 * sparseSteps / n, STREAMS,
           (double)scanned / best / 1e6, found);
    return 0;
}
