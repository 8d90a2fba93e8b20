/*
 * ratetab_inspection: the focused inspection's part of the rate model (aggregator/ratetab.h),
 * computed and freed by ratetab_build / ratetab_free only — not a model of its own.
 *
 * Per organisation whose tally has the inspection section: per kind the systems counted, per
 * inspection item the answers and the rate implemented / (implemented + not implemented),
 * printed as a whole percent rounded half up. The government's values pool the systems of
 * every organisation (counts summed, the rate from the sums).
 */
#ifndef SELFCHECK_AGGREGATOR_RATETAB_INSPECTION_H
#define SELFCHECK_AGGREGATOR_RATETAB_INSPECTION_H

#include "aggregator/ratetab.h"

/* Fills the inspection arrays of t's organisations and government from their tallies
 * (nothing when t's questionnaire has no inspection). */
void ratetab_inspection_build(struct ratetab *t);

/* Frees what ratetab_inspection_build allocated in t; safe on a table it never filled. */
void ratetab_inspection_release(struct ratetab *t);

#endif
