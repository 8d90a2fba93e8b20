/*
 * numfmt: the numbers cairo writes into a PDF, formatted without C library's general printf.
 *
 * cairo 1.16 writes every number of a PDF — each coordinate, glyph position, colour and object
 * number — through a separate snprintf() call ("%f", "%.3f", "%.18f", "%d" and the like). In
 * a report that is about a tenth of the time spent painting. This module defines snprintf()
 * and __snprintf_chk() for the whole program (a definition in the program comes before the C
 * library's for every shared library too). While numfmt_fast(true) is in force, a call whose
 * format is exactly one of those single conversions is formatted here; every other call, and
 * every call while it is off, goes to the C library's vsnprintf() unchanged.
 *
 * The formatting is exact and gives the C library's text byte for byte: "%.Nf" (N ≤ 18) takes
 * the double's exact binary value, scaled by 10^N in 128-bit integers, rounded to nearest
 * with ties to even (glibc's rounding in the default rounding mode), with the sign of a
 * negative number that rounds to zero kept ("-0.000"); values it cannot hold exactly (beyond
 * 2^64, infinities, NaNs) go to the C library. tests/unit/test_numfmt.c compares the two on
 * millions of values.
 */
#ifndef SELFCHECK_RENDERER_NUMFMT_H
#define SELFCHECK_RENDERER_NUMFMT_H

#include <stdbool.h>

/* Turns the fast path on or off (off at start). The switch is process-wide; the formatting
 * itself keeps no state, so calls from other threads are safe either way. */
void numfmt_fast(bool on);

#endif
