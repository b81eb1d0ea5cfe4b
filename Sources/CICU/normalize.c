#include "spancoder_icu_normalize.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <unicode/uset.h>

// Small inputs (one code point or one combining sequence) are the common case: keep them on the stack.
#define SC_STACK_UNITS 256

static const UNormalizer2 *nfkc_cf(UErrorCode *status) {
    return unorm2_getNFKCCasefoldInstance(status);
}

static int32_t to_utf8(const UChar *src, int32_t length, uint8_t *dest, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t needed = 0;
    u_strToUTF8WithSub((char *)dest, capacity, &needed, src, length, 0xFFFD, NULL, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) return needed;
    return U_FAILURE(status) ? -1 : needed;
}

// Converts UTF-8 to UTF-16 into `stack` when it fits, else into a malloc'd buffer the caller frees.
static UChar *from_utf8(const uint8_t *src, int32_t length, UChar *stack, int32_t *outLength) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t needed = 0;
    u_strFromUTF8WithSub(stack, SC_STACK_UNITS, &needed, (const char *)src, length, 0xFFFD, NULL, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return NULL;
    if (needed <= SC_STACK_UNITS) { *outLength = needed; return stack; }
    UChar *heap = malloc(sizeof(UChar) * (size_t)needed);
    if (!heap) return NULL;
    status = U_ZERO_ERROR;
    u_strFromUTF8WithSub(heap, needed, &needed, (const char *)src, length, 0xFFFD, NULL, &status);
    if (U_FAILURE(status) && status != U_STRING_NOT_TERMINATED_WARNING) { free(heap); return NULL; }
    *outLength = needed;
    return heap;
}

int32_t sc_nfkc_casefold_utf8(const uint8_t *src, int32_t length, uint8_t *dest, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *norm = nfkc_cf(&status);
    if (U_FAILURE(status)) return -1;
    UChar stackIn[SC_STACK_UNITS];
    int32_t inLength = 0;
    UChar *in = from_utf8(src, length, stackIn, &inLength);
    if (!in) return -1;

    UChar stackOut[SC_STACK_UNITS];
    UChar *out = stackOut;
    int32_t outLength = unorm2_normalize(norm, in, inLength, out, SC_STACK_UNITS, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        out = malloc(sizeof(UChar) * (size_t)outLength);
        if (!out) { if (in != stackIn) free(in); return -1; }
        status = U_ZERO_ERROR;
        outLength = unorm2_normalize(norm, in, inLength, out, outLength, &status);
    }
    int32_t result = -1;
    if (U_SUCCESS(status) || status == U_STRING_NOT_TERMINATED_WARNING) {
        result = to_utf8(out, outLength, dest, capacity);
    }
    if (out != stackOut) free(out);
    if (in != stackIn) free(in);
    return result;
}

int32_t sc_nfkc_casefold_has_boundary_before(uint32_t c) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *norm = nfkc_cf(&status);
    if (U_FAILURE(status)) return 1;
    return unorm2_hasBoundaryBefore(norm, (UChar32)c) ? 1 : 0;
}

struct sc_transliterator {
    UTransliterator *trans;
};

sc_transliterator *sc_transliterator_open(const char *id, int32_t *status) {
    UErrorCode error = U_ZERO_ERROR;
    UChar uid[128];
    u_uastrncpy(uid, id, 127);
    uid[127] = 0;
    UTransliterator *trans = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &error);
    if (status) *status = (int32_t)error;
    if (U_FAILURE(error) || !trans) return NULL;
    sc_transliterator *handle = malloc(sizeof(sc_transliterator));
    if (!handle) { utrans_close(trans); return NULL; }
    handle->trans = trans;
    return handle;
}

int32_t sc_transliterator_source_ranges(const sc_transliterator *handle, uint32_t *ranges, int32_t capacity) {
    if (!handle) return -1;
    UErrorCode error = U_ZERO_ERROR;
    USet *source = uset_openEmpty();
    if (!source) return -1;
    utrans_getSourceSet(handle->trans, false, source, &error);
    int32_t count = U_SUCCESS(error) ? uset_getRangeCount(source) : -1;
    for (int32_t i = 0; i < count && 2 * i + 1 < capacity; i++) {
        UChar32 first = 0, last = 0;
        UErrorCode itemError = U_ZERO_ERROR;
        uset_getItem(source, i, &first, &last, NULL, 0, &itemError);
        if (U_FAILURE(itemError)) { count = -1; break; }
        ranges[2 * i] = (uint32_t)first;
        ranges[2 * i + 1] = (uint32_t)last;
    }
    uset_close(source);
    return count;
}

void sc_transliterator_close(sc_transliterator *handle) {
    if (!handle) return;
    utrans_close(handle->trans);
    free(handle);
}

int32_t sc_transliterate_utf8(sc_transliterator *handle, const uint8_t *src, int32_t length,
                              uint8_t *dest, int32_t capacity) {
    UChar stackIn[SC_STACK_UNITS];
    int32_t inLength = 0;
    UChar *in = from_utf8(src, length, stackIn, &inLength);
    if (!in) return -1;
    // utrans works in place and may grow the text: give it room for 4x growth.
    int32_t bufferCapacity = inLength * 4 + 16;
    UChar *buffer = malloc(sizeof(UChar) * (size_t)bufferCapacity);
    if (!buffer) { if (in != stackIn) free(in); return -1; }
    memcpy(buffer, in, sizeof(UChar) * (size_t)inLength);
    if (in != stackIn) free(in);
    int32_t textLength = inLength;
    int32_t limit = inLength;
    UErrorCode status = U_ZERO_ERROR;
    utrans_transUChars(handle->trans, buffer, &textLength, bufferCapacity, 0, &limit, &status);
    int32_t result = U_FAILURE(status) ? -1 : to_utf8(buffer, textLength, dest, capacity);
    free(buffer);
    return result;
}
