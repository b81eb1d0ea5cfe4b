// Multi-pattern search without an automaton: prefix windows in a bit filter, then verification.
//
// Stop 28's experiment for issue 7's lexicon-size target (Benchmarks/HISTORY.md): a search whose work
// per byte does not grow with the number of patterns (Rabin–Karp over several window lengths, the idea
// of Wu–Manber and of Hyperscan's literal filters). Each pattern of 6 or more bytes is keyed by its
// first 6, 9 or 12 bytes (the longest of these it has); every text position hashes its next 6, 9 and
// 12 bytes and tests the three bits in one bit array of 2^FILTERBITS bits. A pass looks the window up
// in a hash table of buckets and compares the bucket's patterns with the text. Patterns of 2–5 bytes
// are bucketed by their first two bytes in a 64 Ki-bit table. It counts every occurrence (overlapping
// ones too), prints passes and compares per byte, and checks the count against a trie walk from every
// position. Not part of the product: a measurement tool.
//
//   cc -O2 -march=native -o wf wf.c && ./wf PATTERNS TEXT [FILTERBITS]
#include "../common/aho.h"

typedef struct { uint64_t key; uint32_t first, count, used; } Bucket;
typedef struct { uint32_t offset, length; } Pattern;

static uint8_t *pool;
static Pattern *pats;
static uint32_t *members;  // pattern indices, grouped by bucket
static Bucket *buckets;
static uint64_t bucketMask;
static uint64_t *filter;
static uint32_t filterShift;
static uint64_t shortBits[1024];
static uint32_t shortFirst[65537], *shortMembers;

static inline uint64_t load64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static const uint64_t M6 = 0xFFFFFFFFFFFFull;
static inline uint64_t key6(const uint8_t *p) { return (load64(p) & M6) * 0x9E3779B97F4A7C15ull; }
static inline uint64_t key9(const uint8_t *p) { return (load64(p) ^ ((uint64_t)p[8] << 56 | 1)) * 0xC2B2AE3D27D4EB4Full; }
static inline uint64_t key12(const uint8_t *p) { uint32_t t; memcpy(&t, p + 8, 4); return (load64(p) * 0xFF51AFD7ED558CCDull) ^ ((uint64_t)t * 0x9E3779B97F4A7C15ull) ^ 0x5bd1e995ull; }
// The filter and the buckets take the high bits, so every key is mixed once more.
static inline uint64_t mix(uint64_t h) { h ^= h >> 29; return h * 0xBF58476D1CE4E5B9ull; }

static int byBytes(const void *a, const void *b) {
    const Pattern *x = a, *y = b;
    uint32_t m = x->length < y->length ? x->length : y->length;
    int c = memcmp(pool + x->offset, pool + y->offset, m);
    return c ? c : (int)x->length - (int)y->length;
}

static uint64_t keyOf(const uint8_t *p, uint32_t length) {
    if (length >= 12) return mix(key12(p));
    if (length >= 9) return mix(key9(p));
    return mix(key6(p));
}

static Bucket *findBucket(uint64_t key) {
    for (uint64_t h = key >> 7;; h++) {
        Bucket *b = &buckets[h & bucketMask];
        if (!b->used || b->key == key) return b;
    }
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: wf PATTERNS TEXT [FILTERBITS]\n"); return 64; }
    size_t patternBytes, n;
    pool = readFile(argv[1], &patternBytes);
    uint8_t *text0 = readFile(argv[2], &n);
    uint8_t *text = calloc(n + 64, 1);
    memcpy(text, text0, n);
    int bits = argc > 3 ? atoi(argv[3]) : 22;
    uint32_t count = 0;
    for (size_t i = 0; i < patternBytes; i++) count += pool[i] == '\n';
    pats = calloc(count + 1, sizeof(Pattern));
    uint32_t np = 0;
    for (size_t i = 0; i < patternBytes;) {
        size_t j = i;
        while (j < patternBytes && pool[j] != '\n') j++;
        if (j > i) pats[np++] = (Pattern){(uint32_t)i, (uint32_t)(j - i)};
        i = j + 1;
    }
    qsort(pats, np, sizeof(Pattern), byBytes);
    uint32_t unique = 0;
    for (uint32_t k = 0; k < np; k++)
        if (!unique || byBytes(&pats[unique - 1], &pats[k])) pats[unique++] = pats[k];
    np = unique;
    // Short patterns by their first two bytes.
    for (uint32_t k = 0; k < np; k++)
        if (pats[k].length < 2) { fprintf(stderr, "wf: a 1-byte pattern is not supported\n"); return 65; }
    uint32_t *shortCount = calloc(65537, 4), nShort = 0;
    for (uint32_t k = 0; k < np; k++) if (pats[k].length < 6) {
        uint32_t b2 = pool[pats[k].offset] | pool[pats[k].offset + 1] << 8;
        shortCount[b2]++; nShort++;
        shortBits[b2 >> 6] |= 1ull << (b2 & 63);
    }
    for (uint32_t b = 0, s = 0; b <= 65536; b++) { shortFirst[b] = s; if (b < 65536) s += shortCount[b]; }
    shortMembers = malloc(4 * (nShort + 1));
    memset(shortCount, 0, 65537 * 4);
    for (uint32_t k = 0; k < np; k++) if (pats[k].length < 6) {
        uint32_t b2 = pool[pats[k].offset] | pool[pats[k].offset + 1] << 8;
        shortMembers[shortFirst[b2] + shortCount[b2]++] = k;
    }
    // Long patterns: filter bits and buckets.
    filter = calloc((size_t)1 << (bits - 6), 8);
    filterShift = 64 - bits;
    bucketMask = 1;
    while (bucketMask < 2 * (uint64_t)np) bucketMask <<= 1;
    buckets = calloc(bucketMask, sizeof(Bucket));
    bucketMask -= 1;
    uint64_t *keys = malloc(8 * (size_t)np);
    for (uint32_t k = 0; k < np; k++) if (pats[k].length >= 6) {
        uint64_t key = keyOf(pool + pats[k].offset, pats[k].length);
        keys[k] = key;
        filter[key >> filterShift >> 6] |= 1ull << ((key >> filterShift) & 63);
        Bucket *b = findBucket(key);
        b->key = key; b->used = 1; b->count++;
    }
    uint32_t s = 0;
    for (uint64_t h = 0; h <= bucketMask; h++) if (buckets[h].count) { buckets[h].first = s; s += buckets[h].count; buckets[h].count = 0; }
    members = malloc(4 * (size_t)(s + 1));
    for (uint32_t k = 0; k < np; k++) if (pats[k].length >= 6) {
        Bucket *b = findBucket(keys[k]);
        members[b->first + b->count++] = k;
    }
    long passes = 0, verified = 0;
    long total = 0;
    double best = 1e9;
    for (int repeat = 0; repeat < 7; repeat++) {
        double began = seconds();
        long matches = 0, pass = 0, ver = 0;
        for (size_t i = 0; i + 1 < n; i++) {
            const uint8_t *p = text + i;
            uint64_t h6 = mix(key6(p)) >> filterShift, h9 = mix(key9(p)) >> filterShift, h12 = mix(key12(p)) >> filterShift;
            uint64_t hit6 = filter[h6 >> 6] >> (h6 & 63), hit9 = filter[h9 >> 6] >> (h9 & 63), hit12 = filter[h12 >> 6] >> (h12 & 63);
            uint32_t b2 = p[0] | p[1] << 8;
            uint64_t hitS = shortBits[b2 >> 6] >> (b2 & 63);
            if (__builtin_expect((hit6 | hit9 | hit12 | hitS) & 1, 0)) {
                pass++;
                if (hitS & 1) for (uint32_t m = shortFirst[b2]; m < shortFirst[b2 + 1]; m++) {
                    Pattern q = pats[shortMembers[m]]; ver++;
                    if (i + q.length <= n && !memcmp(pool + q.offset, p, q.length)) matches++;
                }
                uint64_t ks[3] = {mix(key6(p)), mix(key9(p)), mix(key12(p))};
                uint64_t hs[3] = {hit6, hit9, hit12};
                for (int c = 0; c < 3; c++) if (hs[c] & 1) {
                    Bucket *b = findBucket(ks[c]);
                    if (!b->used) continue;
                    for (uint32_t m = 0; m < b->count; m++) {
                        Pattern q = pats[members[b->first + m]]; ver++;
                        if (i + q.length <= n && !memcmp(pool + q.offset, p, q.length)) matches++;
                    }
                }
            }
        }
        double took = seconds() - began;
        if (took < best) best = took;
        total = matches; passes = pass; verified = ver;
    }
    // Reference: trie walk from every position.
    uint8_t classOf[256]; int classes; int32_t *order;
    buildTrie(pool, patternBytes, classOf, &classes, &order);
    long expected = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t u = 0;
        for (size_t k = i; k < n; k++) { u = child(u, text[k]); if (u < 0) break; expected += terminal[u]; }
    }
    printf("%u patterns (%u short), filter 2^%d bits: %.0f MB/s; passes %.4f/byte, compares %.4f/byte; matches %ld (trie %ld)%s\n",
           np, nShort, bits, (double)n / best / 1e6, (double)passes / n, (double)verified / n, total, expected,
           total == expected ? "" : " MISMATCH");
    return 0;
}
