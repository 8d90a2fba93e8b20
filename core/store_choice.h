/*
 * store_choice: the store's part for choice items and kinds of organisation (docs/store.md,
 * migration 7): the tally's choice counts, published shares of earlier survey rounds, and
 * organisations' kind and supervising ministry.
 */
#ifndef SELFCHECK_STORE_CHOICE_H
#define SELFCHECK_STORE_CHOICE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/store.h"
#include "core/tally.h"

/* The migration that adds them (core/store.c lists it as 6 → 7: renumbering it is moving
 * that one line). */
#define STORE_MIGRATION_CHOICES                                                                  \
	"ALTER TABLE organization ADD COLUMN kind TEXT;"                                          \
	"ALTER TABLE organization ADD COLUMN supervisor TEXT;"                                    \
	"CREATE TABLE tally_choice ("                                                             \
	"  org TEXT NOT NULL REFERENCES organization(code),"                                      \
	"  fiscal_year INTEGER NOT NULL,"                                                         \
	"  role TEXT NOT NULL,"                                                                   \
	"  item TEXT NOT NULL,"                                                                   \
	"  respondents INTEGER NOT NULL CHECK (respondents >= 0),"                                \
	"  options TEXT NOT NULL,"                                                                \
	"  PRIMARY KEY (org, fiscal_year, role, item)"                                            \
	") WITHOUT ROWID;"                                                                        \
	"CREATE TABLE history_choice ("                                                           \
	"  fiscal_year INTEGER NOT NULL,"                                                         \
	"  item TEXT NOT NULL,"                                                                   \
	"  n INTEGER CHECK (n >= 0),"                                                             \
	"  shares TEXT NOT NULL,"                                                                 \
	"  rate INTEGER CHECK (rate BETWEEN 0 AND 100),"                                          \
	"  PRIMARY KEY (fiscal_year, item)"                                                       \
	") WITHOUT ROWID;"

/* Replaces the choice counts of t's organisation-year with t's. */
int store_put_tally_choices(struct store *s, const struct tally *t);
/* Updates the stored choice counts of role in t's organisation-year to t's, for a tally kept
 * current (core/livetally.h): the role's rows deleted when t does not have the role, else the
 * rows of the choice items at the sheet positions k where write[k] is true (every choice item
 * of the role's sheet when write is NULL) inserted or replaced. Call inside a transaction.
 * Returns 0 or -1. */
int store_put_tally_choices_of_role(struct store *s, const struct tally *t, enum role role, const bool *write);
/* Loads the stored choice counts into t (whose roles are loaded). */
int store_load_tally_choices(struct store *s, struct tally *t);

/* A published round of a choice item: N (-1 when not published), the share of each option in
 * integer percent (-1 where not published), the implementation rate published for the item
 * (-1 when none). */
struct history_choice {
	int fiscal_year;
	char *item;
	long long n;
	int *shares;
	size_t share_count;
	int rate;
};

/* Replaces the published rounds of the years in list (one transaction is the caller's). */
int store_put_history_choice(struct store *s, const struct history_choice *h);
/* Deletes every published round of fiscal_year. */
int store_delete_history_choices(struct store *s, int fiscal_year);
/* The published round of item in fiscal_year: 1 and *out (release with
 * history_choice_release), 0 when none, -1 on error. */
int store_get_history_choice(struct store *s, int fiscal_year, const char *item, struct history_choice *out);
void history_choice_release(struct history_choice *h);

#endif
