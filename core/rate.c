/* rate: exact rates, unweighted means, grades and the display rule (docs/metrics.md). */
#include "core/rate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct grade_scale RATE_DEFAULT_SCALE = {1000, 800, 600};

/* ---- fixed-size big integers ---- */

/* A value is limb[0..used); the limbs above are not kept zero, so that the arithmetic below
 * touches only the limbs in use (rates are compared and rounded many times over). */

static void big_from_u64(struct rate_big *b, uint64_t x)
{
	b->limb[0] = (uint32_t)x;
	b->limb[1] = (uint32_t)(x >> 32);
	b->used = b->limb[1] ? 2 : b->limb[0] ? 1 : 0;
}

static void big_trim(struct rate_big *b)
{
	while (b->used > 0 && b->limb[b->used - 1] == 0)
		b->used--;
}

/* r = a * m; returns -1 on overflow (r unchanged). r may alias a. */
static int big_mul_u32(struct rate_big *r, const struct rate_big *a, uint32_t m)
{
	uint32_t t[RATE_LIMBS + 1];
	uint64_t carry = 0;
	int used = a->used;
	for (int i = 0; i < used; i++) {
		uint64_t p = (uint64_t)a->limb[i] * m + carry;
		t[i] = (uint32_t)p;
		carry = p >> 32;
	}
	if (carry) {
		if (used == RATE_LIMBS)
			return -1;
		t[used++] = (uint32_t)carry;
	}
	memcpy(r->limb, t, (size_t)used * sizeof t[0]);
	r->used = used;
	big_trim(r);
	return 0;
}

/* r = a + b; returns -1 on overflow (r unchanged). r may alias either. */
static int big_add(struct rate_big *r, const struct rate_big *a, const struct rate_big *b)
{
	uint32_t t[RATE_LIMBS + 1];
	int n = a->used > b->used ? a->used : b->used;
	uint64_t carry = 0;
	for (int i = 0; i < n; i++) {
		uint64_t s = (uint64_t)(i < a->used ? a->limb[i] : 0) +
			     (i < b->used ? b->limb[i] : 0) + carry;
		t[i] = (uint32_t)s;
		carry = s >> 32;
	}
	if (carry) {
		if (n == RATE_LIMBS)
			return -1;
		t[n++] = (uint32_t)carry;
	}
	memcpy(r->limb, t, (size_t)n * sizeof t[0]);
	r->used = n;
	big_trim(r);
	return 0;
}

/* r = a * b (full product); returns -1 on overflow. */
static int big_mul(struct rate_big *r, const struct rate_big *a, const struct rate_big *b)
{
	if (a->used + b->used > RATE_LIMBS) {
		/* The product may still fit after trimming; compute in a wider buffer. */
		if (a->used + b->used > RATE_LIMBS + 1)
			return -1;
	}
	uint32_t acc[2 * RATE_LIMBS + 2];
	memset(acc, 0, sizeof acc);
	for (int i = 0; i < a->used; i++) {
		uint64_t carry = 0;
		for (int j = 0; j < b->used; j++) {
			uint64_t p = (uint64_t)a->limb[i] * b->limb[j] + acc[i + j] + carry;
			acc[i + j] = (uint32_t)p;
			carry = p >> 32;
		}
		acc[i + b->used] += (uint32_t)carry;
	}
	int n = a->used + b->used;
	while (n > 0 && acc[n - 1] == 0)
		n--;
	if (n > RATE_LIMBS)
		return -1;
	memcpy(r->limb, acc, (size_t)n * sizeof acc[0]);
	r->used = n;
	return 0;
}

/* a mod m (m > 0). */
static uint64_t big_mod_u64(const struct rate_big *a, uint64_t m)
{
	unsigned __int128 r = 0;
	for (int i = a->used - 1; i >= 0; i--)
		r = ((r << 32) | a->limb[i]) % m;
	return (uint64_t)r;
}

/* q = a / m exactly (m > 0 divides a). q may alias a. */
static void big_div_u64(struct rate_big *q, const struct rate_big *a, uint64_t m)
{
	struct rate_big t = *a;
	unsigned __int128 r = 0;
	for (int i = t.used - 1; i >= 0; i--) {
		unsigned __int128 cur = (r << 32) | t.limb[i];
		t.limb[i] = (uint32_t)(cur / m);
		r = cur % m;
	}
	big_trim(&t);
	*q = t;
}

static uint64_t big_to_u64(const struct rate_big *a)
{
	return (uint64_t)a->limb[0] | (a->used > 1 ? (uint64_t)a->limb[1] << 32 : 0);
}

static int big_cmp(const struct rate_big *a, const struct rate_big *b)
{
	if (a->used != b->used)
		return a->used < b->used ? -1 : 1;
	for (int i = a->used - 1; i >= 0; i--)
		if (a->limb[i] != b->limb[i])
			return a->limb[i] < b->limb[i] ? -1 : 1;
	return 0;
}

static double big_approx(const struct rate_big *a)
{
	double x = 0;
	for (int i = a->used - 1; i >= 0; i--)
		x = x * 4294967296.0 + a->limb[i];
	return x;
}

/* ---- rates ---- */

static uint64_t gcd_u64(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

void rate_from_counts(struct rate_value *v, uint64_t num, uint64_t den)
{
	/* In lowest terms, so that means of many rates keep small denominators. */
	uint64_t g = den && num ? gcd_u64(num, den) : den ? den : 1;
	big_from_u64(&v->num, den ? num / g : 0);
	big_from_u64(&v->den, den / g);
}

bool rate_defined(const struct rate_value *v) { return v->den.used > 0; }

void rate_mean_init(struct rate_mean *m)
{
	rate_from_counts(&m->sum, 0, 1);
	m->count = 0;
}

/* The limbs that what is computed from a sum may add to it, each a product by a factor below
 * 2^32: the count of the mean (rate_mean_result), then, to round it, the denominator times 2
 * and times a number of tenths (round_half_up). rate_mean_add keeps that many limbs free. */
#define RATE_HEADROOM_USE 3
_Static_assert(RATE_HEADROOM >= RATE_HEADROOM_USE, "a sum must keep the limbs a mean's rounding adds");

int rate_mean_add(struct rate_mean *m, const struct rate_value *v)
{
	if (!rate_defined(v))
		return 0;
	struct rate_value s;
	struct rate_big t1, t2, vden = v->den, sden = m->sum.den;
	/* s = sum.num/sum.den + v.num/v.den over the least common denominator when v's fits in 64
	 * bits (the rates of one tally do), over the product otherwise:
	 * (sum.num*(v.den/g) + v.num*(sum.den/g)) / (sum.den*(v.den/g)), g = gcd(sum.den, v.den). */
	if (vden.used <= 2) {
		uint64_t d = big_to_u64(&vden), g = gcd_u64(d, big_mod_u64(&sden, d));
		big_from_u64(&vden, d / g);
		big_div_u64(&sden, &sden, g);
	}
	if (big_mul(&t1, &m->sum.num, &vden) || big_mul(&t2, &v->num, &sden) ||
	    big_add(&s.num, &t1, &t2) || big_mul(&s.den, &m->sum.den, &vden))
		return -1;
	/* The sum keeps RATE_HEADROOM limbs free: see RATE_HEADROOM_USE. */
	if (s.num.used > RATE_LIMBS - RATE_HEADROOM || s.den.used > RATE_LIMBS - RATE_HEADROOM)
		return -1;
	m->sum = s;
	m->count++;
	return 0;
}

void rate_mean_result(const struct rate_mean *m, struct rate_value *out)
{
	if (m->count == 0) {
		rate_from_counts(out, 0, 0);
		return;
	}
	out->num = m->sum.num;
	/* Fits: the count is the first of the RATE_HEADROOM_USE limbs rate_mean_add keeps free.
	 * Were it not to fit, the mean would be undefined rather than wrong. */
	if (big_mul_u32(&out->den, &m->sum.den, m->count))
		rate_from_counts(out, 0, 0);
}

int rate_compare_tenths(const struct rate_value *v, unsigned tenths)
{
	/* v*100 vs tenths/10  <=>  1000*num vs tenths*den */
	struct rate_big l, r;
	/* A value has at most RATE_LIMBS - RATE_HEADROOM + 1 limbs (a mean: its sum's, one more for
	 * the count), and each product adds at most one: neither overflows. The comparison is
	 * still right if one did (the larger side stays larger). */
	int lo = big_mul_u32(&l, &v->num, 1000), ro = big_mul_u32(&r, &v->den, tenths);
	if (lo || ro)
		return lo && !ro ? 1 : !lo && ro ? -1 : 0;
	return big_cmp(&l, &r);
}

char rate_grade(const struct rate_value *v, const struct grade_scale *scale)
{
	if (!rate_defined(v))
		return 0;
	if (!scale)
		scale = &RATE_DEFAULT_SCALE;
	if (rate_compare_tenths(v, scale->a) >= 0)
		return 'A';
	if (rate_compare_tenths(v, scale->b) >= 0)
		return 'B';
	if (rate_compare_tenths(v, scale->c) >= 0)
		return 'C';
	return 'D';
}

/* Largest q in [0, max] with 2*q*den <= unit*2*num + den, i.e. round half up of
 * num/den*unit. */
static int round_half_up(const struct rate_value *v, uint32_t unit, int max)
{
	struct rate_big target, den2, t;
	/* A value has at most RATE_LIMBS - RATE_HEADROOM + 1 limbs (a mean: its sum's, one more for
	 * the count); the numerator times 2 * unit plus the denominator, and the denominator times
	 * 2 and then times mid (each factor below 2^32) add at most two: these products fit. */
	if (big_mul_u32(&target, &v->num, 2 * unit) || big_add(&target, &target, &v->den) ||
	    big_mul_u32(&den2, &v->den, 2))
		return 0;
	int lo = 0, hi = max;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (big_mul_u32(&t, &den2, (uint32_t)mid) == 0 && big_cmp(&t, &target) <= 0)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

int rate_display_tenths(const struct rate_value *v, const struct grade_scale *scale)
{
	if (!rate_defined(v))
		return -1;
	if (!scale)
		scale = &RATE_DEFAULT_SCALE;
	/* Rates above 100% do not arise from valid counts; cap the search at 100.0. */
	int q = round_half_up(v, 1000, 1000);
	const unsigned thresholds[3] = {scale->a, scale->b, scale->c};
	for (int i = 0; i < 3; i++)
		if ((unsigned)q >= thresholds[i] && rate_compare_tenths(v, thresholds[i]) < 0)
			q = (int)thresholds[i] - 1;
	return q;
}

int rate_display_percent(const struct rate_value *v)
{
	if (!rate_defined(v))
		return -1;
	return round_half_up(v, 100, 100);
}

bool rate_at_least_percent(const struct rate_value *v, unsigned percent)
{
	return rate_compare_tenths(v, percent * 10) >= 0;
}

bool rate_counts_at_least_percent(uint64_t num, uint64_t den, unsigned percent)
{
	return (unsigned __int128)num * 100 >= (unsigned __int128)den * percent;
}

double rate_approx(const struct rate_value *v)
{
	if (!rate_defined(v))
		return NAN;
	return 100.0 * big_approx(&v->num) / big_approx(&v->den);
}

char *rate_format_tenths(int tenths, enum rate_style style, char *buf, size_t size)
{
	if (tenths < 0) {
		snprintf(buf, size, "%s", style == RATE_STYLE_PLAIN ? "" :
			 style == RATE_STYLE_ASCII ? "-" : "－");
		return buf;
	}
	snprintf(buf, size, "%d.%d%s", tenths / 10, tenths % 10,
		 style == RATE_STYLE_PLAIN ? "" : style == RATE_STYLE_ASCII ? "%" : "％");
	return buf;
}

char *rate_format_percent(int percent, enum rate_style style, char *buf, size_t size)
{
	if (percent < 0) {
		snprintf(buf, size, "%s", style == RATE_STYLE_PLAIN ? "" :
			 style == RATE_STYLE_ASCII ? "-" : "－");
		return buf;
	}
	snprintf(buf, size, "%d%s", percent,
		 style == RATE_STYLE_PLAIN ? "" : style == RATE_STYLE_ASCII ? "%" : "％");
	return buf;
}

const char *rate_grade_text(char grade, bool fullwidth)
{
	switch (grade) {
	case 'A': return fullwidth ? "Ａ" : "A";
	case 'B': return fullwidth ? "Ｂ" : "B";
	case 'C': return fullwidth ? "Ｃ" : "C";
	case 'D': return fullwidth ? "Ｄ" : "D";
	default: return fullwidth ? "－" : "";
	}
}

static int parse_tenths(const char **p, unsigned *out)
{
	const char *s = *p;
	unsigned v = 0;
	int digits = 0;
	while (*s >= '0' && *s <= '9' && digits < 4) {
		v = v * 10 + (unsigned)(*s++ - '0');
		digits++;
	}
	if (!digits)
		return -1;
	v *= 10;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return -1;
		v += (unsigned)(*s++ - '0');
	}
	*out = v;
	*p = s;
	return 0;
}

int rate_scale_parse(const char *text, struct grade_scale *scale)
{
	unsigned t[3];
	const char *p = text;
	for (int i = 0; i < 3; i++) {
		if (parse_tenths(&p, &t[i]))
			return -1;
		if (i < 2 && *p++ != ',')
			return -1;
	}
	if (*p || t[0] > 1000 || !(t[0] > t[1] && t[1] > t[2]))
		return -1;
	scale->a = t[0];
	scale->b = t[1];
	scale->c = t[2];
	return 0;
}

const char *const RATE_METHOD_CODES[] = {[RATE_METHOD_NISC] = "nisc", [RATE_METHOD_POOLED] = "pooled", NULL};

const char *rate_method_code(enum rate_method m)
{
	return RATE_METHOD_CODES[m == RATE_METHOD_POOLED ? RATE_METHOD_POOLED : RATE_METHOD_NISC];
}

int rate_method_from_code(const char *code, enum rate_method *out)
{
	for (int m = 0; code && RATE_METHOD_CODES[m]; m++) {
		if (strcmp(code, RATE_METHOD_CODES[m]) == 0) {
			*out = (enum rate_method)m;
			return 0;
		}
	}
	return -1;
}
