/*
 * rate: exact rate arithmetic on integer counts (docs/metrics.md).
 *
 * A rate is a fraction of integer counts, never a floating-point number. struct rate_value
 * holds an exact non-negative rational num/den (as a share of 1, not a percent) in fixed-size
 * big integers, so that the unweighted mean of many organisations' rates is still exact:
 * sum(a_i/b_i)/n is kept as one fraction, over the least common denominator of the rates of
 * single tallies (which are kept in lowest terms). Capacity: RATE_LIMBS 32-bit limbs, of which
 * rate_mean_add() keeps RATE_HEADROOM free in a sum, for the three limbs at most that taking
 * the mean (times the count) and rounding it (times 2, times the tenths) add; so comparing,
 * grading and displaying a mean never overflow. rate_mean_add() refuses a value whose sum would
 * not fit instead of losing precision, and callers report that as an error (docs/limits.md).
 *
 * Values are plain data (no allocation, copy with =). den == 0 means undefined (0/0): it is
 * displayed as a dash or an empty cell and gets no grade.
 *
 * Grades: A when the rate is at least grade_scale.a (100% by default, i.e. exactly 100%),
 * B from .b (80%), C from .c (60%), D below. Thresholds are in tenths of a percent.
 * Display: one decimal rounded half up from the exact value, except that a rate below a grade
 * threshold never prints as that threshold (99.95% prints 99.9).
 */
#ifndef SELFCHECK_RATE_H
#define SELFCHECK_RATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RATE_LIMBS 96
#define RATE_HEADROOM 3

struct rate_big {
	uint32_t limb[RATE_LIMBS]; /* little-endian */
	int used;                  /* limbs in use; 0 means the value zero */
};

struct rate_value {
	struct rate_big num;
	struct rate_big den;       /* zero: undefined */
};

/* How an organisation's rates as a whole are computed from its roles (docs/metrics.md).
 * RATE_METHOD_NISC: each 主体 (role of the report's subject groups) counts once in the
 * implementation rate, each person once in the grasp rate. RATE_METHOD_POOLED: every sheet
 * and answer of every role pooled. */
enum rate_method { RATE_METHOD_NISC, RATE_METHOD_POOLED };
#define RATE_METHOD_DEFAULT RATE_METHOD_NISC
/* The methods' codes by enum rate_method, NULL-terminated: "nisc", "pooled". */
extern const char *const RATE_METHOD_CODES[];
/* "nisc" / "pooled"; from a code: 0 and *out, or -1 when unknown (nothing reported). */
const char *rate_method_code(enum rate_method m);
int rate_method_from_code(const char *code, enum rate_method *out);

struct grade_scale {
	unsigned a, b, c;          /* tenths of a percent: defaults 1000, 800, 600 */
};

extern const struct grade_scale RATE_DEFAULT_SCALE;

/* Parses "100,80,60" (percent, optionally one decimal each, descending) into *scale.
 * Returns 0, or -1 when the text is malformed (nothing is reported). */
int rate_scale_parse(const char *text, struct grade_scale *scale);

/* num/den; den == 0 gives an undefined value. */
void rate_from_counts(struct rate_value *v, uint64_t num, uint64_t den);
bool rate_defined(const struct rate_value *v);

/* Mean of rates, unweighted: each added defined value counts once. */
struct rate_mean {
	struct rate_value sum;
	unsigned count;
};
void rate_mean_init(struct rate_mean *m);
/* Adds v; an undefined v is ignored (returns 0). Returns -1 when the exact sum would need more
 * than RATE_LIMBS - RATE_HEADROOM limbs (m is then unchanged). */
int rate_mean_add(struct rate_mean *m, const struct rate_value *v);
/* The mean so far; undefined when nothing was added. */
void rate_mean_result(const struct rate_mean *m, struct rate_value *out);

/* Sign of (v as a percent) - (tenths / 10): -1, 0 or 1. v must be defined. */
int rate_compare_tenths(const struct rate_value *v, unsigned tenths);

/* Grade letter 'A'..'D' under scale (NULL: default), or 0 when v is undefined. */
char rate_grade(const struct rate_value *v, const struct grade_scale *scale);

/* Display value in tenths of a percent (0..1000) per the rule above, or -1 if undefined. */
int rate_display_tenths(const struct rate_value *v, const struct grade_scale *scale);

/* Whole-percent display (inspection rates): rounded half up, or -1 if undefined. */
int rate_display_percent(const struct rate_value *v);

/* Whether v >= percent% exactly (attainment thresholds). v must be defined. */
bool rate_at_least_percent(const struct rate_value *v, unsigned percent);
/* The same for a plain fraction num/den (den > 0), without building a rate_value. */
bool rate_counts_at_least_percent(uint64_t num, uint64_t den, unsigned percent);

/* Approximation for drawing charts only; never compare it. NaN when undefined. */
double rate_approx(const struct rate_value *v);

enum rate_style {
	RATE_STYLE_PLAIN,      /* "98.5"; undefined: "" (for csv/json) */
	RATE_STYLE_ASCII,      /* "98.5%"; undefined: "-" */
	RATE_STYLE_FULLWIDTH,  /* "98.5％"; undefined: "－" */
};

/* Writes tenths (from rate_display_tenths, -1 undefined) in style into buf (at least 16
 * bytes) and returns buf. */
char *rate_format_tenths(int tenths, enum rate_style style, char *buf, size_t size);
/* Whole-percent variant (from rate_display_percent). */
char *rate_format_percent(int percent, enum rate_style style, char *buf, size_t size);

/* Grade as text: "A".."D" (ascii) or "Ａ".."Ｄ" (fullwidth); "" / "－" for grade 0. */
const char *rate_grade_text(char grade, bool fullwidth);

#endif
