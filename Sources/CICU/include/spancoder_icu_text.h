#ifndef SPANCODER_ICU_TEXT_H
#define SPANCODER_ICU_TEXT_H

// Break iterators, charset detection and converters through system ICU. As in
// spancoder_icu_normalize.h, only stdint types and opaque handles appear here; ICU's headers stay in
// the .c file because Swift cannot import ICU's versioned symbol macros.

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: Break iterators

enum {
    SC_BREAK_SENTENCE = 0,
    SC_BREAK_WORD = 1,
    SC_BREAK_LINE = 2,
};

/// An ICU break iterator over UTF-16 text owned by the caller. Not thread-safe.
typedef struct sc_break_iterator sc_break_iterator;

/// Opens a break iterator of `kind` (SC_BREAK_*) for `locale` ("" = root). NULL on error, with
/// ICU's error code in `status`.
sc_break_iterator *sc_break_open(int32_t kind, const char *locale, int32_t *status);
void sc_break_close(sc_break_iterator *handle);

/// Points the iterator at `text` (UTF-16, `length` units). The text must stay alive and unchanged
/// while the iterator is used. Returns 0, or ICU's error code.
int32_t sc_break_set_text(sc_break_iterator *handle, const uint16_t *text, int32_t length);

/// The next boundary after the current one, or -1 when done. The first call after set_text returns
/// the first boundary after 0.
int32_t sc_break_next(sc_break_iterator *handle);

/// The rule status of the boundary last returned (for words: 0–99 none, 100–199 number,
/// 200–299 letter, 300–399 kana, 400–499 ideographic).
int32_t sc_break_rule_status(sc_break_iterator *handle);

/// Runs the iterator over valid UTF-8 `text` (`length` bytes): converts it to UTF-16 into `buffer`
/// (`capacity` units, at least `length`), iterates, and writes each boundary after 0 as a UTF-8 byte
/// offset into `boundaries` (and its rule status into `statuses` unless NULL), at most `max` of them.
/// The last boundary is `length`. Returns the number written, or -1 on error. The iterator keeps
/// pointing into `buffer` afterwards.
int32_t sc_break_utf8(sc_break_iterator *handle, const uint8_t *text, int32_t length, uint16_t *buffer,
                      int32_t capacity, int32_t *boundaries, int32_t *statuses, int32_t max);

// MARK: Sentence break property

/// ICU's Sentence_Break property value (UAX #29: 0 other, 1 ATerm, 2 Close, 3 Format, 4 Lower,
/// 5 Numeric, 6 OLetter, 7 Sep, 8 Sp, 9 STerm, 10 Upper, 11 CR, 12 Extend, 13 LF, 14 SContinue) of
/// every code point from 0 to `count` - 1, into `table`.
void sc_sentence_break_classes(uint8_t *table, int32_t count);

/// The Sentence_Break property value of one code point (see sc_sentence_break_classes).
int32_t sc_sentence_break_class(uint32_t c);

/// The strings after which ICU's sentence iterator for `locale` with `@ss=standard` suppresses a break
/// ("Mr.", "U.S.", …, from ICU's brkitr data), as UTF-8 separated by '\n', into `buffer`. Returns the
/// bytes written, or -1 when the list cannot be read or does not fit.
int32_t sc_sentence_break_exceptions(const char *locale, char *buffer, int32_t capacity);

// MARK: UTF-8 → UTF-16

/// Converts valid UTF-8 to UTF-16. Returns the UTF-16 length needed (may exceed `capacity`), or -1.
int32_t sc_utf8_to_utf16(const uint8_t *src, int32_t length, uint16_t *dest, int32_t capacity);

// MARK: Charset detection

/// One guess of ICU's charset detector.
typedef struct sc_charset_match {
    char name[40];
    int32_t confidence;  // 0–100
} sc_charset_match;

/// Runs ICU's charset detector over `bytes` and writes up to `capacity` guesses, best first.
/// Returns the number written, or -1 on error.
int32_t sc_detect_charsets(const uint8_t *bytes, int32_t length, sc_charset_match *matches, int32_t capacity);

// MARK: Converters

/// Whether ICU knows a converter called `name` (1) or not (0).
int32_t sc_converter_exists(const char *name);

/// Result codes of sc_convert_to_utf8.
enum {
    SC_CONVERT_OK = 0,
    SC_CONVERT_ILLEGAL = 1,    // an illegal or unmappable byte sequence at *error_offset
    SC_CONVERT_TRUNCATED = 2,  // the input ends inside a character that starts at *error_offset
    SC_CONVERT_OVERFLOW = 3,   // dest too small; *written holds a lower bound of what is needed
    SC_CONVERT_UNKNOWN = 4,    // no converter of that name
    SC_CONVERT_FAILED = 5,     // another ICU error
};

/// Converts `src` from charset `name` to UTF-8 in `dest`, stopping at the first illegal,
/// unmappable or truncated sequence (no substitution). `*written` gets the UTF-8 bytes written,
/// `*error_offset` the byte offset in `src` of the offending sequence.
int32_t sc_convert_to_utf8(const char *name, const uint8_t *src, int64_t length, uint8_t *dest,
                           int64_t capacity, int64_t *written, int64_t *error_offset);

/// Converts UTF-8 `src` to charset `name` in `dest` (unmappable characters become the charset's
/// substitution character). Returns the bytes needed (may exceed `capacity`), or -1 on error.
/// For tests and tools that need legacy-encoded files.
int64_t sc_convert_from_utf8(const char *name, const uint8_t *src, int64_t length, uint8_t *dest, int64_t capacity);

#ifdef __cplusplus
}
#endif

#endif
