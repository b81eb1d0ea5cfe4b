#ifndef SPANCODER_ICU_NORMALIZE_H
#define SPANCODER_ICU_NORMALIZE_H

// Normalization and transliteration through system ICU. Only stdint types and opaque handles appear
// here: ICU's own headers stay inside the .c file (see Package.swift for why).

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// NFKC with case folding (ICU's "nfkc_cf") of UTF-8 `src`, written as UTF-8 to `dest`.
/// Returns the number of bytes needed (which may exceed `capacity`), or -1 on an ICU error.
int32_t sc_nfkc_casefold_utf8(const uint8_t *src, int32_t length, uint8_t *dest, int32_t capacity);

/// Whether NFKC_Casefold has a boundary before code point `c`: text may be cut before `c` and each
/// piece normalized on its own with the same result as normalizing the whole.
int32_t sc_nfkc_casefold_has_boundary_before(uint32_t c);

/// An opened ICU transliterator ("Traditional-Simplified" and the like). Not thread-safe.
typedef struct sc_transliterator sc_transliterator;

/// Opens the transliterator with ICU id `id` (ASCII). Returns NULL on error; `status` gets ICU's code.
/// About 15 µs once ICU has the rules.
sc_transliterator *sc_transliterator_open(const char *id, int32_t *status);
void sc_transliterator_close(sc_transliterator *handle);

/// The code points the transliterator may change (ICU's source set), as ascending inclusive ranges:
/// range i is `ranges[2i] ... ranges[2i + 1]`; text with none of them comes back unchanged. Writes at
/// most `capacity / 2` ranges and returns how many there are (call again with room for that many), or
/// -1 when ICU cannot tell. Costly (~0.4 ms for Traditional-Simplified): ask once, not per text.
int32_t sc_transliterator_source_ranges(const sc_transliterator *handle, uint32_t *ranges, int32_t capacity);

/// Transliterates UTF-8 `src` into `dest` (UTF-8). Returns the bytes needed, or -1 on an ICU error.
int32_t sc_transliterate_utf8(sc_transliterator *handle, const uint8_t *src, int32_t length,
                              uint8_t *dest, int32_t capacity);

#ifdef __cplusplus
}
#endif

#endif
