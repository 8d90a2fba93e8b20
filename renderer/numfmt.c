/* numfmt: snprintf's single number conversions, exact and fast, for cairo's PDF numbers. */
#include "renderer/numfmt.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The C library's checked variant, which snprintf's checked form passes on to (glibc). */
int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, ...);
int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, va_list ap);

static bool fast;

void numfmt_fast(bool on)
{
	__atomic_store_n(&fast, on, __ATOMIC_RELAXED);
}

enum conversion { CONV_NONE, CONV_INT, CONV_UINT, CONV_LONG, CONV_ULONG, CONV_FIXED, CONV_FIXED_STAR };

/* What format is, when it is exactly one conversion the fast path does; *precision for the
 * fixed-point ones with the precision in the format. */
static enum conversion conversion_of(const char *f, int *precision)
{
	if (f[0] != '%')
		return CONV_NONE;
	f++;
	if (f[0] == 'd' && !f[1])
		return CONV_INT;
	if (f[0] == 'u' && !f[1])
		return CONV_UINT;
	if (f[0] == 'l' && f[1] == 'd' && !f[2])
		return CONV_LONG;
	if (f[0] == 'l' && f[1] == 'u' && !f[2])
		return CONV_ULONG;
	if (f[0] == 'f' && !f[1]) {
		*precision = 6;
		return CONV_FIXED;
	}
	if (f[0] != '.')
		return CONV_NONE;
	if (f[1] == '*' && f[2] == 'f' && !f[3])
		return CONV_FIXED_STAR;
	int p = 0, digits = 0;
	for (f++; *f >= '0' && *f <= '9' && digits < 2; f++, digits++)
		p = p * 10 + (*f - '0');
	if (digits && f[0] == 'f' && !f[1] && p <= 18) {
		*precision = p;
		return CONV_FIXED;
	}
	return CONV_NONE;
}

static const uint64_t POW10[19] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
	1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
	1000000000000000000ULL,
};

/* v in decimal at out; returns the digits written. */
static int put_decimal(char *out, uint64_t v)
{
	char tmp[20];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

/* d with precision decimals, as "%.<precision>f" prints it; returns the length, or -1 when d
 * is beyond what is done here (not finite, or 2^64 and over). */
static int put_fixed(char *out, double d, int precision)
{
	if (!isfinite(d))
		return -1;
	uint64_t bits;
	memcpy(&bits, &d, sizeof bits);
	bool negative = bits >> 63;
	int biased = (int)((bits >> 52) & 0x7ff);
	uint64_t mantissa = bits & ((1ULL << 52) - 1);
	int e;  /* |d| = mantissa * 2^e exactly */
	if (biased == 0) {
		e = -1074;
	} else {
		mantissa |= 1ULL << 52;
		e = biased - 1075;
	}
	/* q: |d| * 10^precision rounded to an integer, to nearest, ties to even */
	unsigned __int128 q;
	if (e >= 0) {
		if (e > 11)
			return -1;
		q = (unsigned __int128)(mantissa << e) * POW10[precision];
	} else {
		int k = -e;
		unsigned __int128 n = (unsigned __int128)mantissa * POW10[precision]; /* < 2^113 */
		if (k >= 114) {
			q = 0;  /* n is below half of 2^k: rounds down */
		} else {
			q = n >> k;
			unsigned __int128 rest = n & (((unsigned __int128)1 << k) - 1);
			unsigned __int128 half = (unsigned __int128)1 << (k - 1);
			if (rest > half || (rest == half && (q & 1)))
				q++;
		}
	}
	uint64_t whole = (uint64_t)(q / POW10[precision]);
	uint64_t fraction = (uint64_t)(q % POW10[precision]);
	int len = 0;
	if (negative)
		out[len++] = '-';
	len += put_decimal(out + len, whole);
	if (precision > 0) {
		out[len++] = '.';
		for (int i = precision - 1; i >= 0; i--) {
			out[len + i] = (char)('0' + fraction % 10);
			fraction /= 10;
		}
		len += precision;
	}
	return len;
}

static int put_signed(char *out, long long v)
{
	if (v < 0) {
		out[0] = '-';
		return 1 + put_decimal(out + 1, (uint64_t)(-(v + 1)) + 1);
	}
	return put_decimal(out, (uint64_t)v);
}

/* The conversion's text at out (64 bytes), its arguments taken from ap; -1: not done here. */
static int convert(char *out, enum conversion c, int precision, va_list *ap)
{
	switch (c) {
	case CONV_INT:
		return put_signed(out, va_arg(*ap, int));
	case CONV_UINT:
		return put_decimal(out, va_arg(*ap, unsigned));
	case CONV_LONG:
		return put_signed(out, va_arg(*ap, long));
	case CONV_ULONG:
		return put_decimal(out, va_arg(*ap, unsigned long));
	case CONV_FIXED:
		return put_fixed(out, va_arg(*ap, double), precision);
	case CONV_FIXED_STAR: {
		int p = va_arg(*ap, int);
		double d = va_arg(*ap, double);
		return p < 0 || p > 18 ? -1 : put_fixed(out, d, p);
	}
	case CONV_NONE:
		break;
	}
	return -1;
}

/* snprintf's result from text[0..len) into s (n bytes). */
static int deliver(char *s, size_t n, const char *text, int len)
{
	if (n > 0) {
		size_t c = (size_t)len < n ? (size_t)len : n - 1;
		memcpy(s, text, c);
		s[c] = '\0';
	}
	return len;
}

/* snprintf's result when the fast path takes the call, else -1. The arguments are read from a
 * copy of ap, so that a call not done here finds them all in ap for vsnprintf. */
static int try_fast(char *s, size_t n, const char *format, va_list ap)
{
	int precision = 0;
	enum conversion c = __atomic_load_n(&fast, __ATOMIC_RELAXED) ? conversion_of(format, &precision)
								       : CONV_NONE;
	if (c == CONV_NONE)
		return -1;
	char text[64];
	va_list copy;
	va_copy(copy, ap);
	int len = convert(text, c, precision, &copy);
	va_end(copy);
	return len < 0 ? -1 : deliver(s, n, text, len);
}

int snprintf(char *restrict s, size_t n, const char *restrict format, ...)
{
	va_list ap;
	va_start(ap, format);
	int len = try_fast(s, n, format, ap);
	if (len < 0)
		len = vsnprintf(s, n, format, ap);
	va_end(ap);
	return len;
}

int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	/* a buffer smaller than it is said to be is the C library's to refuse */
	int len = slen >= maxlen ? try_fast(s, maxlen, format, ap) : -1;
	if (len < 0)
		len = __vsnprintf_chk(s, maxlen, flag, slen, format, ap);
	va_end(ap);
	return len;
}
