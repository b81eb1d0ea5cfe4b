#include "spancoder_icu_text.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/udata.h>
#include <unicode/ures.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>

// MARK: Break iterators

struct sc_break_iterator { UBreakIterator *brk; };

sc_break_iterator *sc_break_open(int32_t kind, const char *locale, int32_t *status) {
    UBreakIteratorType type = UBRK_SENTENCE;
    if (kind == SC_BREAK_WORD) type = UBRK_WORD;
    else if (kind == SC_BREAK_LINE) type = UBRK_LINE;
    UErrorCode error = U_ZERO_ERROR;
    UBreakIterator *brk = ubrk_open(type, locale, NULL, 0, &error);
    if (status) *status = (int32_t)error;
    if (U_FAILURE(error) || !brk) return NULL;
    sc_break_iterator *handle = malloc(sizeof(sc_break_iterator));
    if (!handle) { ubrk_close(brk); return NULL; }
    handle->brk = brk;
    return handle;
}

void sc_break_close(sc_break_iterator *handle) {
    if (!handle) return;
    ubrk_close(handle->brk);
    free(handle);
}

int32_t sc_break_set_text(sc_break_iterator *handle, const uint16_t *text, int32_t length) {
    UErrorCode error = U_ZERO_ERROR;
    ubrk_setText(handle->brk, (const UChar *)text, length, &error);
    if (U_FAILURE(error)) return (int32_t)error;
    ubrk_first(handle->brk);
    return 0;
}

int32_t sc_break_next(sc_break_iterator *handle) {
    int32_t next = ubrk_next(handle->brk);
    return next == UBRK_DONE ? -1 : next;
}

int32_t sc_break_rule_status(sc_break_iterator *handle) {
    return ubrk_getRuleStatus(handle->brk);
}

// The UTF-8 length of UTF-16 units [from, to) of valid text (the buffer converted from valid UTF-8):
// 1, 2 or 3 bytes by the unit's value, and 2 for each half of a surrogate pair. Branch-free, so the
// compiler vectorizes it; walking the UTF-8 lead bytes instead is a dependent load per character.
static int32_t utf8_length(const uint16_t *units, int32_t from, int32_t to) {
    int32_t total = 0;
    for (int32_t i = from; i < to; i++) {
        uint16_t unit = units[i];
        total += 1 + (unit >= 0x80) + (unit >= 0x800) - ((unit & 0xF800) == 0xD800);
    }
    return total;
}

int32_t sc_break_utf8(sc_break_iterator *handle, const uint8_t *text, int32_t length, uint16_t *buffer,
                      int32_t capacity, int32_t *boundaries, int32_t *statuses, int32_t max) {
    UErrorCode error = U_ZERO_ERROR;
    int32_t units = 0;
    u_strFromUTF8WithSub((UChar *)buffer, capacity, &units, (const char *)text, length, 0xFFFD, NULL, &error);
    if ((U_FAILURE(error) && error != U_STRING_NOT_TERMINATED_WARNING) || units > capacity) return -1;
    error = U_ZERO_ERROR;
    ubrk_setText(handle->brk, (const UChar *)buffer, units, &error);
    if (U_FAILURE(error)) return -1;
    ubrk_first(handle->brk);
    // Pure ASCII: UTF-16 offsets are byte offsets. Otherwise sum the UTF-8 lengths of the UTF-16 units
    // since the previous break (see utf8_length).
    const int identity = units == length;
    int32_t count = 0, byte = 0, unit = 0;
    for (int32_t next = ubrk_next(handle->brk); next != UBRK_DONE && count < max; next = ubrk_next(handle->brk)) {
        if (identity) {
            byte = next;
        } else {
            byte += utf8_length(buffer, unit, next);
            unit = next;
            if (byte > length) byte = length;  // only if the caller broke its promise of valid UTF-8
        }
        boundaries[count] = byte;
        if (statuses) statuses[count] = ubrk_getRuleStatus(handle->brk);
        count++;
    }
    return count;
}

// MARK: Sentence break property

int32_t sc_sentence_break_class(uint32_t c) {
    return u_getIntPropertyValue((UChar32)c, UCHAR_SENTENCE_BREAK);
}

int32_t sc_sentence_break_exceptions(const char *locale, char *buffer, int32_t capacity) {
    // The bundle ICU's FilteredBreakIteratorBuilder reads for "@ss=standard".
    UErrorCode error = U_ZERO_ERROR;
    UResourceBundle *bundle = ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", locale, &error);
    UResourceBundle *exceptions = ures_getByKey(bundle, "exceptions", NULL, &error);
    UResourceBundle *list = ures_getByKey(exceptions, "SentenceBreak", NULL, &error);
    int32_t written = 0;
    if (U_SUCCESS(error)) {
        int32_t count = ures_getSize(list);
        for (int32_t i = 0; i < count && written >= 0; i++) {
            int32_t units = 0, bytes = 0;
            const UChar *string = ures_getStringByIndex(list, i, &units, &error);
            if (U_FAILURE(error)) { written = -1; break; }
            u_strToUTF8(buffer + written, capacity - written - 1, &bytes, string, units, &error);
            if (U_FAILURE(error) || written + bytes + 1 > capacity) { written = -1; break; }
            written += bytes;
            buffer[written++] = '\n';
        }
    } else {
        written = -1;
    }
    ures_close(list);
    ures_close(exceptions);
    ures_close(bundle);
    return written;
}

void sc_sentence_break_classes(uint8_t *table, int32_t count) {
    for (int32_t c = 0; c < count; c++) {
        table[c] = (uint8_t)u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK);
    }
}

// MARK: UTF-8 → UTF-16

int32_t sc_utf8_to_utf16(const uint8_t *src, int32_t length, uint16_t *dest, int32_t capacity) {
    UErrorCode error = U_ZERO_ERROR;
    int32_t needed = 0;
    u_strFromUTF8WithSub((UChar *)dest, capacity, &needed, (const char *)src, length, 0xFFFD, NULL, &error);
    if (error == U_BUFFER_OVERFLOW_ERROR || error == U_STRING_NOT_TERMINATED_WARNING) return needed;
    return U_FAILURE(error) ? -1 : needed;
}

// MARK: Charset detection

int32_t sc_detect_charsets(const uint8_t *bytes, int32_t length, sc_charset_match *matches, int32_t capacity) {
    UErrorCode error = U_ZERO_ERROR;
    UCharsetDetector *detector = ucsdet_open(&error);
    if (U_FAILURE(error)) return -1;
    ucsdet_setText(detector, (const char *)bytes, length, &error);
    int32_t found = 0;
    const UCharsetMatch **all = ucsdet_detectAll(detector, &found, &error);
    if (U_FAILURE(error) || !all) { ucsdet_close(detector); return U_FAILURE(error) ? -1 : 0; }
    int32_t count = 0;
    for (int32_t i = 0; i < found && count < capacity; i++) {
        UErrorCode itemError = U_ZERO_ERROR;
        const char *name = ucsdet_getName(all[i], &itemError);
        int32_t confidence = ucsdet_getConfidence(all[i], &itemError);
        if (U_FAILURE(itemError) || !name) continue;
        strncpy(matches[count].name, name, sizeof(matches[count].name) - 1);
        matches[count].name[sizeof(matches[count].name) - 1] = 0;
        matches[count].confidence = confidence;
        count++;
    }
    ucsdet_close(detector);
    return count;
}

// MARK: Converters

int32_t sc_converter_exists(const char *name) {
    UErrorCode error = U_ZERO_ERROR;
    UConverter *converter = ucnv_open(name, &error);
    if (U_FAILURE(error) || !converter) return 0;
    ucnv_close(converter);
    return 1;
}

#define SC_CHUNK_UNITS 65536

int32_t sc_convert_to_utf8(const char *name, const uint8_t *src, int64_t length, uint8_t *dest,
                           int64_t capacity, int64_t *written, int64_t *error_offset) {
    *written = 0;
    *error_offset = -1;
    UErrorCode error = U_ZERO_ERROR;
    UConverter *converter = ucnv_open(name, &error);
    if (U_FAILURE(error) || !converter) return SC_CONVERT_UNKNOWN;
    ucnv_setToUCallBack(converter, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &error);
    if (U_FAILURE(error)) { ucnv_close(converter); return SC_CONVERT_FAILED; }

    UChar *chunk = malloc(sizeof(UChar) * (SC_CHUNK_UNITS + 1));
    if (!chunk) { ucnv_close(converter); return SC_CONVERT_FAILED; }
    const char *source = (const char *)src;
    const char *sourceLimit = source + length;
    int64_t out = 0;
    int32_t carried = 0;  // a lead surrogate held back from the previous chunk
    int32_t result = SC_CONVERT_OK;
    for (;;) {
        UChar *target = chunk + carried;
        UErrorCode convertError = U_ZERO_ERROR;
        ucnv_toUnicode(converter, &target, chunk + SC_CHUNK_UNITS, &source, sourceLimit, NULL, 1, &convertError);
        int32_t produced = (int32_t)(target - chunk);
        int32_t usable = produced;
        int more = convertError == U_BUFFER_OVERFLOW_ERROR;
        if (more && usable > 0 && U16_IS_LEAD(chunk[usable - 1])) usable--;
        if (usable > 0) {
            int32_t needed = 0;
            UErrorCode utf8Error = U_ZERO_ERROR;
            int64_t room = capacity - out;
            int32_t room32 = room > INT32_MAX ? INT32_MAX : (int32_t)room;
            u_strToUTF8WithSub((char *)dest + out, room32, &needed, chunk, usable, 0xFFFD, NULL, &utf8Error);
            if (utf8Error == U_BUFFER_OVERFLOW_ERROR || needed > room32) {
                *written = out + needed + (sourceLimit - source) * 3;
                result = SC_CONVERT_OVERFLOW;
                break;
            }
            if (U_FAILURE(utf8Error) && utf8Error != U_STRING_NOT_TERMINATED_WARNING) { result = SC_CONVERT_FAILED; break; }
            out += needed;
        }
        carried = produced - usable;
        if (carried) chunk[0] = chunk[usable];
        if (more) continue;
        if (convertError == U_ILLEGAL_CHAR_FOUND || convertError == U_INVALID_CHAR_FOUND ||
            convertError == U_TRUNCATED_CHAR_FOUND) {
            char invalid[32];
            int8_t invalidLength = sizeof(invalid);
            UErrorCode invalidError = U_ZERO_ERROR;
            ucnv_getInvalidChars(converter, invalid, &invalidLength, &invalidError);
            if (U_FAILURE(invalidError)) invalidLength = 0;
            *error_offset = (int64_t)(source - (const char *)src) - invalidLength;
            result = convertError == U_TRUNCATED_CHAR_FOUND ? SC_CONVERT_TRUNCATED : SC_CONVERT_ILLEGAL;
        } else if (U_FAILURE(convertError)) {
            result = SC_CONVERT_FAILED;
        }
        break;
    }
    if (result == SC_CONVERT_OK) *written = out;
    free(chunk);
    ucnv_close(converter);
    return result;
}

int64_t sc_convert_from_utf8(const char *name, const uint8_t *src, int64_t length, uint8_t *dest, int64_t capacity) {
    UErrorCode error = U_ZERO_ERROR;
    UConverter *target = ucnv_open(name, &error);
    if (U_FAILURE(error)) return -1;
    UConverter *utf8 = ucnv_open("UTF-8", &error);
    if (U_FAILURE(error)) { ucnv_close(target); return -1; }
    char *out = (char *)dest;
    const char *in = (const char *)src;
    // Count what is needed by converting into a scratch buffer when dest is too small.
    int64_t total = 0;
    char scratch[4096];
    UChar pivot[1024];
    UChar *pivotSource = pivot, *pivotTarget = pivot;
    int first = 1;
    for (;;) {
        char *chunkStart = (capacity - total > 0 && out) ? out + total : scratch;
        char *chunkLimit = (capacity - total > 0 && out) ? out + capacity : scratch + sizeof(scratch);
        char *cursor = chunkStart;
        error = U_ZERO_ERROR;
        ucnv_convertEx(target, utf8, &cursor, chunkLimit, &in, (const char *)src + length,
                       pivot, &pivotSource, &pivotTarget, pivot + 1024, first, 1, &error);
        first = 0;
        total += cursor - chunkStart;
        if (error == U_BUFFER_OVERFLOW_ERROR) continue;
        break;
    }
    ucnv_close(utf8);
    ucnv_close(target);
    return U_FAILURE(error) ? -1 : total;
}
