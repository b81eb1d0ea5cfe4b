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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef STREAMS
#define STREAMS 8
#endif
enum { ROUND = 1024 };

typedef struct { uint64_t key; int32_t value; } Slot;
static Slot *edges;  // (state << 8 | byte) + 1 → child, open addressing
static uint64_t edgeMask;
static int32_t *fail;
static uint8_t *terminal, *output;

static int32_t child(int32_t u, int b) {
    uint64_t key = ((uint64_t)u << 8 | (uint64_t)b) + 1;
    for (uint64_t h = (key * 0x9E3779B97F4A7C15ull) >> 20;; h++) {
        Slot *s = &edges[h & edgeMask];
        if (!s->key) return -1;
        if (s->key == key) return s->value;
    }
}

static void addChild(int32_t u, int b, int32_t v) {
    uint64_t key = ((uint64_t)u << 8 | (uint64_t)b) + 1;
    for (uint64_t h = (key * 0x9E3779B97F4A7C15ull) >> 20;; h++) {
        Slot *s = &edges[h & edgeMask];
        if (!s->key) { s->key = key; s->value = v; return; }
    }
}

static uint8_t *readFile(const char *path, size_t *count) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    *count = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *bytes = malloc(*count + 1);
    if (fread(bytes, 1, *count, f) != *count) { perror(path); exit(1); }
    fclose(f);
    return bytes;
}

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: oracle PATTERNS TEXT\n"); return 64; }
    size_t patternBytes, n;
    uint8_t *patterns = readFile(argv[1], &patternBytes);
    uint8_t *text = readFile(argv[2], &n);
    int32_t capacity = (int32_t)patternBytes + 1, states = 1;
    fail = calloc((size_t)capacity, 4);
    terminal = calloc((size_t)capacity, 1);
    output = calloc((size_t)capacity, 1);
    edgeMask = 1;
    while (edgeMask < 2 * (uint64_t)capacity) edgeMask <<= 1;
    edges = calloc(edgeMask, sizeof(Slot));
    edgeMask -= 1;

    int used[256] = {0};
    for (size_t i = 0; i < patternBytes;) {
        size_t j = i;
        while (j < patternBytes && patterns[j] != '\n') j++;
        int32_t u = 0;
        for (size_t k = i; k < j; k++) {
            used[patterns[k]] = 1;
            int32_t c = child(u, patterns[k]);
            if (c < 0) { c = states++; addChild(u, patterns[k], c); }
            u = c;
        }
        if (j > i) terminal[u] = 1;
        i = j + 1;
    }
    // Each byte some pattern uses is its own class; all others share class 0.
    uint8_t classOf[256];
    int classes = 1;
    for (int b = 0; b < 256; b++) classOf[b] = used[b] ? (uint8_t)classes++ : 0;

    // Failure links, breadth first.
    int32_t *queue = malloc(4 * (size_t)states);
    int head = 0, tail = 0;
    queue[tail++] = 0;
    while (head < tail) {
        int32_t u = queue[head++];
        for (int b = 0; b < 256; b++) {
            int32_t v = used[b] ? child(u, b) : -1;
            if (v < 0) continue;
            int32_t f = 0;
            if (u != 0) {
                f = fail[u];
                int32_t w;
                while ((w = child(f, b)) < 0 && f) f = fail[f];
                f = w >= 0 ? w : 0;
            }
            fail[v] = f;
            output[v] = terminal[v] | output[f];
            queue[tail++] = v;
        }
    }

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
