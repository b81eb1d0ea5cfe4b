// The best case for any DFA over a lexicon: rows only for the states a scan of the text visits.
//
// Stop 23's experiment for issue 7's lexicon-size target (Benchmarks/HISTORY.md). It builds the
// Aho-Corasick trie of PATTERNS (one normalized pattern a line), scans TEXT once to find the states
// the scan visits, and keeps a DFA of those states alone (the cache of a lazy DFA that has seen the
// whole text: first-visit order, states with output numbered first, byte classes as SpanCoder's).
// Then it times a warm scan of TEXT the way SpanCoder's `run8` does: STREAMS interleaved streams,
// rounds of 1,024 steps, every state stored in a trace, and the states with output counted from the
// trace without a branch. Both the 32-bit row-major table and, up to 65,536 states, the 16-bit
// column-major one SpanCoder uses for small lexicons. Not part of the product: a measurement tool.
//
//   cc -O2 -march=native -DSTREAMS=8 -o oracle oracle.c && ./oracle PATTERNS TEXT
#include "../common/aho.h"

#ifndef STREAMS
#define STREAMS 8
#endif
enum { ROUND = 1024 };

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: oracle PATTERNS TEXT\n"); return 64; }
    size_t patternBytes, n;
    uint8_t *patterns = readFile(argv[1], &patternBytes);
    uint8_t *text = readFile(argv[2], &n);
    uint8_t classOf[256];
    int classes;
    int32_t *order;
    int32_t states = buildTrie(patterns, patternBytes, classOf, &classes, &order);
    free(order);

    // One pass over the text: the visited states, each with a row of the transitions the text takes.
    int32_t *row = malloc(4 * (size_t)states), *visited = malloc(4 * (size_t)states);
    for (int32_t i = 0; i < states; i++) row[i] = -1;
    int32_t count = 0;
    size_t rowCapacity = 1 << 20;
    int32_t *rows = malloc(4 * rowCapacity);
#define VISIT(u)                                                                     \
    do {                                                                             \
        if (row[u] < 0) {                                                            \
            row[u] = count;                                                          \
            visited[count] = u;                                                      \
            while ((size_t)(count + 1) * classes > rowCapacity) rowCapacity *= 2;    \
            rows = realloc(rows, 4 * rowCapacity);                                   \
            for (int c = 0; c < classes; c++) rows[(size_t)count * classes + c] = -1; \
            count++;                                                                 \
        }                                                                            \
    } while (0)
    VISIT(0);
    int32_t u = 0;
    for (size_t i = 0; i < n; i++) {
        int b = text[i], c = classOf[b];
        int32_t next = rows[(size_t)row[u] * classes + c];
        if (next < 0) {
            int32_t f = u, w = -1;
            if (used[b]) {
                while ((w = child(f, b)) < 0 && f) f = fail[f];
            }
            next = w >= 0 ? w : 0;
            VISIT(next);
            rows[(size_t)row[u] * classes + c] = next;
        }
        u = next;
    }
    // Renumber: states with output first (a match test is one comparison), else first-visit order.
    int32_t *number = malloc(4 * (size_t)count), outputs = 0, k = 0;
    for (int32_t i = 0; i < count; i++) if (output[visited[i]]) number[i] = outputs++;
    k = outputs;
    for (int32_t i = 0; i < count; i++) if (!output[visited[i]]) number[i] = k++;
    uint32_t *table = malloc(4 * (size_t)count * classes);
    for (int32_t i = 0; i < count; i++)
        for (int c = 0; c < classes; c++) {
            int32_t t = rows[(size_t)i * classes + c];
            table[(size_t)number[i] * classes + c] = (uint32_t)number[t < 0 ? 0 : row[t]] * (uint32_t)classes;
        }
    uint16_t *columns = NULL;
    if (count <= 65536) {
        columns = malloc(2 * (size_t)count * classes);
        for (int32_t i = 0; i < count; i++)
            for (int c = 0; c < classes; c++) columns[(size_t)c * count + i] = (uint16_t)(table[(size_t)i * classes + c] / classes);
    }

    static uint32_t trace[STREAMS * ROUND];
    static int32_t hits[ROUND];
    volatile int32_t lastHit = 0;  // reads the gathered steps, as SpanCoder's report does, so they are kept
    size_t part = n / STREAMS, scanned = part / ROUND * ROUND * STREAMS;
    double bestRows = 1e9, bestColumns = 1e9;
    long found = 0;
    for (int repeat = 0; repeat < 7; repeat++) {
        double began = seconds();
        uint32_t s[STREAMS];
        long matches = 0;
        for (int j = 0; j < STREAMS; j++) s[j] = (uint32_t)number[0] * (uint32_t)classes;
        uint32_t limit = (uint32_t)outputs * (uint32_t)classes;
        for (size_t position = 0; position + ROUND <= part; position += ROUND) {
            for (int i = 0; i < ROUND; i++)
                for (int j = 0; j < STREAMS; j++) {
                    s[j] = table[s[j] + classOf[text[j * part + position + i]]];
                    trace[j * ROUND + i] = s[j];
                }
            for (int j = 0; j < STREAMS; j++) {
                int h = 0;
                for (int i = 0; i < ROUND; i++) { hits[h] = i; h += trace[j * ROUND + i] < limit; }
                matches += h;
                if (h) lastHit = hits[h - 1];
            }
        }
        double took = seconds() - began;
        if (took < bestRows) bestRows = took;
        found = matches;
        if (!columns) continue;
        const uint16_t *column[256];
        for (int b = 0; b < 256; b++) column[b] = columns + (size_t)classOf[b] * count;
        began = seconds();
        matches = 0;
        for (int j = 0; j < STREAMS; j++) s[j] = (uint32_t)number[0];
        for (size_t position = 0; position + ROUND <= part; position += ROUND) {
            for (int i = 0; i < ROUND; i++)
                for (int j = 0; j < STREAMS; j++) {
                    s[j] = column[text[j * part + position + i]][s[j]];
                    trace[j * ROUND + i] = s[j];
                }
            for (int j = 0; j < STREAMS; j++) {
                int h = 0;
                for (int i = 0; i < ROUND; i++) { hits[h] = i; h += trace[j * ROUND + i] < (uint32_t)outputs; }
                matches += h;
                if (h) lastHit = hits[h - 1];
            }
        }
        took = seconds() - began;
        if (took < bestColumns) bestColumns = took;
    }
    (void)lastHit;
    printf("%d trie states, %d classes; visited %d (%d with output), rows %.1f MB; %d streams: 32-bit rows %.0f MB/s",
           states, classes, count, outputs, (double)count * classes * 4 / 1e6, STREAMS, (double)scanned / bestRows / 1e6);
    if (columns) printf(", 16-bit columns %.0f MB/s", (double)scanned / bestColumns / 1e6);
    printf(" (%ld steps with output)\n", found);
    return 0;
}
