/*
 * responses: the one road from a ministry store's roster and collected answers to whatever
 * counts them (the recount in core/tallying.c, the kept tally in core/livetally.c).
 *
 * A target is one person in one role (docs/metrics.md). Each target may have a response row
 * holding its packed answers: one character per item on the role's sheet of the year's
 * questionnaire, '0' unanswered, '1' implemented, '2' not implemented, '3' not applicable
 * (RESPONSE_* below). A target that never answered has no response row.
 *
 * A scan yields every target of a fiscal year (or of a range of its person ids, or of one
 * person) once, in (person_id, role) order, with its person's unit, whether it is excluded,
 * whether its person submitted it and its answers. It reads the people, the targets and the
 * responses each in one sequential pass in key order and merges them, so that counting
 * hundreds of thousands of respondents costs one read and no lookup per target. Only this
 * module names the tables it reads.
 *
 * Ownership: a scan is freed with responses_close(); the strings of a row belong to the scan
 * and are valid until its next step; responses_split's result is the caller's to free.
 */
#ifndef SELFCHECK_RESPONSES_H
#define SELFCHECK_RESPONSES_H

#include <stdbool.h>
#include <stddef.h>

#include <sqlite3.h>

#include "core/roles.h"
#include "core/store.h"

enum {
	RESPONSE_UNANSWERED = '0',
	RESPONSE_IMPLEMENTED = '1',
	RESPONSE_NOT_IMPLEMENTED = '2',
	RESPONSE_NOT_APPLICABLE = '3',
};

/* The answers of a yes/no item as people choose them, numbered 1 (implemented), 2 (not
 * implemented) and 3 (not applicable), as the screens and the line mode show them. */
#define RESPONSE_OPTION_COUNT 3

/* The answer code of option n (1..RESPONSE_OPTION_COUNT); RESPONSE_UNANSWERED for any other n. */
char response_of_option(int n);
/* The option number of answer code (1..RESPONSE_OPTION_COUNT); 0 for RESPONSE_UNANSWERED and
 * for a character that is no answer of a yes/no item. */
int response_option(char code);
/* Whether code answers a yes/no item: implemented, not implemented or not applicable. */
bool response_is_answer(char code);
/* The packed answers of a sheet of n items: a copy of stored when it holds n codes
 * (stored_len bytes), else n unanswered codes (stored NULL gives those). A new NUL-terminated
 * string; free it. */
char *response_packed(const char *stored, size_t stored_len, size_t n);

/* One target as a scan yields it. The pointers are valid until the scan's next step. */
struct response_row {
	const char *person_id;
	enum role role;
	const char *unit;   /* the person's unit (person.unit) */
	bool excluded;      /* excluded from the survey: counted nowhere */
	bool submitted;     /* the person submitted the sheet */
	/* Packed answers: answers_len characters, NUL-terminated; NULL with answers_len 0 when
	 * the target has no response yet. */
	const char *answers;
	size_t answers_len;
};

/* Which person ids a scan covers: all of the year's, those below or from a key, or one. */
enum responses_range {
	RESPONSES_ALL,
	RESPONSES_BELOW,
	RESPONSES_FROM,
	RESPONSES_PERSON,
};

struct responses_scan;

/* Prepares a scan of fiscal_year's targets over range on connection db. s is the store the
 * connection belongs to, through which errors are reported; NULL for a connection of a worker
 * thread, whose errors are only returned. Returns 0 and *out, or -1. */
int responses_open(sqlite3 *db, struct store *s, int fiscal_year, enum responses_range range,
		   struct responses_scan **out);

/* As responses_open, on a read-only connection of its own to the store file at path, in a
 * read transaction (for a worker thread: errors are only returned). responses_close() ends
 * the transaction and closes the connection. Returns 0 and *out, or -1. */
int responses_open_file(const char *path, int fiscal_year, enum responses_range range,
			struct responses_scan **out);

/* Starts (or starts again) the scan at its beginning; key is the range's person id (copied;
 * NULL for RESPONSES_ALL). Returns 0 or -1. */
int responses_start(struct responses_scan *sc, const char *key);

/* The next target: 1 and *row, 0 after the last, or -1 on an error (a role code unknown to the
 * catalogue, a target whose person is not in the roster, a read error), reported when the
 * scan has a store. */
int responses_next(struct responses_scan *sc, struct response_row *row);

/* The person a RESPONSES_PERSON scan was just started on, targets or none: 1 and *unit (valid
 * until the scan's next step) when they are in the year's roster, 0 when not, -1 on a read
 * error (reported). */
int responses_person(struct responses_scan *sc, const char **unit);

/* Frees the scan; NULL is allowed. */
void responses_close(struct responses_scan *sc);

/* A person id between the first and the last of the year's targets, so that two scans
 * (RESPONSES_BELOW and RESPONSES_FROM it) can each take one part of the year; NULL when there
 * are fewer than two distinct ids. Any split gives the same rows — the middle only balances
 * the work. Free the result. */
char *responses_split(struct store *s, int fiscal_year);

#endif
