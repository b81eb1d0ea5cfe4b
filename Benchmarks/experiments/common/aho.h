// The Aho-Corasick trie the experiments in this folder build over a lexicon's normalized patterns:
// goto edges in an open-addressing table, breadth-first failure links, output flags, and SpanCoder's
// byte classes (each byte some pattern uses is its own class, all others share class 0). Measurement
// tools only, not part of the product; one program includes it once.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct { uint64_t key; int32_t value; } Slot;
static Slot *edges;  // (state << 8 | byte) + 1 → child, open addressing
static uint64_t edgeMask;
static int32_t *fail;
static uint8_t *terminal, *output;
static int used[256];

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
    uint8_t *bytes = malloc(*count + 64);
    if (fread(bytes, 1, *count, f) != *count) { perror(path); exit(1); }
    fclose(f);
    return bytes;
}

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

// Builds the trie of PATTERNS (one pattern a line) with failure links and output flags; sets classOf
// and *classes, and *order to the states in breadth-first order. Returns the number of states.
static int32_t buildTrie(const uint8_t *patterns, size_t patternBytes, uint8_t classOf[256], int *classes, int32_t **order) {
    int32_t capacity = (int32_t)patternBytes + 1, states = 1;
    fail = calloc((size_t)capacity, 4);
    terminal = calloc((size_t)capacity, 1);
    output = calloc((size_t)capacity, 1);
    edgeMask = 1;
    while (edgeMask < 2 * (uint64_t)capacity) edgeMask <<= 1;
    edges = calloc(edgeMask, sizeof(Slot));
    edgeMask -= 1;
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
    *classes = 1;
    for (int b = 0; b < 256; b++) classOf[b] = used[b] ? (uint8_t)(*classes)++ : 0;
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
    *order = queue;
    return states;
}
