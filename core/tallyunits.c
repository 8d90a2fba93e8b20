/* tallyunits: the per-unit tallies and the pending targets recorded with a ministry's tally. */
#include "core/tallyunits.h"
#include "core/diag.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

/* Rows the unit tables keep per tally: the statements that write them. */
struct unit_writer {
	sqlite3_stmt *unit, *role, *pending;
};

static void bind_key(sqlite3_stmt *st, const char *org, int fiscal_year)
{
	sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, fiscal_year);
}

/* The counts of a role's sheet as stored: "implemented,not_implemented,not_applicable" per
 * item, separated by spaces. */
static void format_counts(struct strbuf *sb, const struct tally_role *tr, size_t items)
{
	strbuf_reset(sb);
	for (size_t k = 0; k < items; k++) {
		if (k)
			strbuf_addch(sb, ' ');
		strbuf_addu(sb, (unsigned long long)tr->items[k].implemented);
		strbuf_addch(sb, ',');
		strbuf_addu(sb, (unsigned long long)tr->items[k].not_implemented);
		strbuf_addch(sb, ',');
		strbuf_addu(sb, (unsigned long long)tr->items[k].not_applicable);
	}
}

static int put_unit(struct store *s, struct unit_writer *w, const struct tally *u, struct strbuf *counts)
{
	sqlite3_reset(w->unit);
	sqlite3_bind_text(w->unit, 3, u->org.code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(w->unit, 4, (sqlite3_int64)u->persons.targets);
	sqlite3_bind_int64(w->unit, 5, (sqlite3_int64)u->persons.submitted_all);
	if (store_step(s, w->unit) != SQLITE_DONE)
		return -1;
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct tally_role *tr = &u->roles[r];
		if (!tr->present)
			continue;
		format_counts(counts, tr, u->quest->role_item_count[r]);
		sqlite3_stmt *st = w->role;
		sqlite3_reset(st);
		sqlite3_bind_text(st, 3, u->org.code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, role_info((enum role)r)->code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, (sqlite3_int64)tr->targets);
		sqlite3_bind_int64(st, 6, (sqlite3_int64)tr->submitted);
		sqlite3_bind_int64(st, 7, (sqlite3_int64)tr->attainment.obligated);
		for (int k = 0; k < TALLY_ATTAINMENT_COUNT; k++)
			sqlite3_bind_int64(st, 8 + k, (sqlite3_int64)tr->attainment.at[k]);
		sqlite3_bind_text(st, 11, counts->buf, (int)counts->len, SQLITE_STATIC);
		if (store_step(s, st) != SQLITE_DONE)
			return -1;
	}
	return 0;
}

int tallyunits_put(struct store *s, const char *org, int fiscal_year, struct tally *const *units, size_t unit_count,
		   const struct tallyunits_target *pending, size_t pending_count)
{
	static const char *const clear[] = {
		"DELETE FROM tally_unit_role WHERE org = ?1 AND fiscal_year = ?2",
		"DELETE FROM tally_unit WHERE org = ?1 AND fiscal_year = ?2",
		"DELETE FROM tally_pending WHERE org = ?1 AND fiscal_year = ?2",
	};
	for (size_t i = 0; i < sizeof clear / sizeof clear[0]; i++) {
		sqlite3_stmt *st;
		if (store_prepare(s, clear[i], &st))
			return -1;
		bind_key(st, org, fiscal_year);
		int rc = store_step(s, st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return -1;
	}
	struct unit_writer w = {0};
	int result = store_prepare(s, "INSERT INTO tally_unit(org, fiscal_year, unit, targets, submitted_all)"
				      " VALUES (?1, ?2, ?3, ?4, ?5)", &w.unit) ||
		     store_prepare(s, "INSERT INTO tally_unit_role(org, fiscal_year, unit, role, targets, submitted,"
				      " att_obligated, att_100, att_95, att_90, counts)"
				      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", &w.role) ||
		     store_prepare(s, "INSERT INTO tally_pending(org, fiscal_year, person_id, role) VALUES (?1, ?2, ?3, ?4)",
				   &w.pending)
		     ? -1 : 0;
	if (!result) {
		bind_key(w.unit, org, fiscal_year);
		bind_key(w.role, org, fiscal_year);
		bind_key(w.pending, org, fiscal_year);
	}
	struct strbuf counts;
	strbuf_init(&counts);
	for (size_t i = 0; i < unit_count && !result; i++)
		result = put_unit(s, &w, units[i], &counts);
	strbuf_release(&counts);
	for (size_t i = 0; i < pending_count && !result; i++) {
		sqlite3_reset(w.pending);
		sqlite3_bind_text(w.pending, 3, pending[i].person_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(w.pending, 4, role_info(pending[i].role)->code, -1, SQLITE_STATIC);
		if (store_step(s, w.pending) != SQLITE_DONE)
			result = -1;
	}
	sqlite3_finalize(w.unit);
	sqlite3_finalize(w.role);
	sqlite3_finalize(w.pending);
	if (result)
		return -1;
	sqlite3_stmt *st;
	if (store_prepare(s, "UPDATE tally_source SET units = ?3 WHERE org = ?1 AND fiscal_year = ?2", &st))
		return -1;
	bind_key(st, org, fiscal_year);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)unit_count);
	int rc = store_step(s, st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (sqlite3_changes(s->db) != 1)
		DIAG_BUG("unit tallies of %s for %d stored before its tally", org, fiscal_year);
	return 0;
}

/* Reads one role's counts text into tr (items entries). Returns 0, or -1 when it does not
 * hold exactly that many triples. */
static int parse_counts(const char *text, struct tally_role *tr, size_t items)
{
	const char *p = text;
	for (size_t k = 0; k < items; k++) {
		uint64_t v[3];
		for (int j = 0; j < 3; j++) {
			/* Plain decimal digits, at most 18 of them. */
			if (*p < '0' || *p > '9')
				return -1;
			uint64_t n = 0;
			for (int digits = 0; *p >= '0' && *p <= '9'; p++)
				if (++digits > 18)
					return -1;
				else
					n = n * 10 + (uint64_t)(*p - '0');
			v[j] = n;
			if (*p != (j < 2 ? ',' : k + 1 < items ? ' ' : '\0'))
				return -1;
			if (*p)
				p++;
		}
		tr->items[k] = (struct tally_counts){v[0], v[1], v[2]};
	}
	return *p == '\0' ? 0 : -1;
}

/* The units recorded (all, or only the one named), loaded into *out. Returns 1 or -1. */
static int load_units(struct store *s, const char *org, int fiscal_year, const struct quest *quest,
		      const char *only, struct tally ***out, size_t *count)
{
	sqlite3_stmt *st;
	int rc;
	if (store_prepare(s, only ? "SELECT u.unit, u.targets, u.submitted_all, r.role, r.targets, r.submitted,"
				    " r.att_obligated, r.att_100, r.att_95, r.att_90, r.counts FROM tally_unit u"
				    " LEFT JOIN tally_unit_role r ON r.org = u.org AND r.fiscal_year = u.fiscal_year"
				    " AND r.unit = u.unit WHERE u.org = ?1 AND u.fiscal_year = ?2 AND u.unit = ?3"
				    " ORDER BY u.unit, r.role"
				  : "SELECT u.unit, u.targets, u.submitted_all, r.role, r.targets, r.submitted,"
				    " r.att_obligated, r.att_100, r.att_95, r.att_90, r.counts FROM tally_unit u"
				    " LEFT JOIN tally_unit_role r ON r.org = u.org AND r.fiscal_year = u.fiscal_year"
				    " AND r.unit = u.unit WHERE u.org = ?1 AND u.fiscal_year = ?2 ORDER BY u.unit, r.role",
			  &st))
		return -1;
	bind_key(st, org, fiscal_year);
	if (only)
		sqlite3_bind_text(st, 3, only, -1, SQLITE_STATIC);
	struct tally **list = NULL;
	size_t n = 0, cap = 0;
	int result = 1;
	while (result == 1 && (rc = store_step(s, st)) == SQLITE_ROW) {
		const char *unit = (const char *)sqlite3_column_text(st, 0);
		if (n == 0 || strcmp(list[n - 1]->org.code, unit) != 0) {
			list = xgrow(list, n, &cap, sizeof *list, 64);
			struct org o = {.code = (char *)unit, .name = (char *)unit};
			struct tally *t = tally_new(&o, fiscal_year, quest);
			t->persons.known = true;
			t->persons.targets = (uint64_t)sqlite3_column_int64(st, 1);
			t->persons.submitted_all = (uint64_t)sqlite3_column_int64(st, 2);
			list[n++] = t;
		}
		if (sqlite3_column_type(st, 3) == SQLITE_NULL)
			continue;
		int role = role_from_code((const char *)sqlite3_column_text(st, 3));
		struct tally_role *tr = role < 0 ? NULL : tally_role_use(list[n - 1], (enum role)role);
		if (!tr || parse_counts((const char *)sqlite3_column_text(st, 10), tr,
					quest->role_item_count[role])) {
			result = diag_error("%s: the counts of unit '%s' in the tally of %s for fiscal year %d do not fit"
					    " questionnaire %s", s->path, unit, org, fiscal_year, quest->id);
			break;
		}
		tr->targets = (uint64_t)sqlite3_column_int64(st, 4);
		tr->submitted = (uint64_t)sqlite3_column_int64(st, 5);
		tr->attainment.known = true;
		tr->attainment.obligated = (uint64_t)sqlite3_column_int64(st, 6);
		for (int k = 0; k < TALLY_ATTAINMENT_COUNT; k++)
			tr->attainment.at[k] = (uint64_t)sqlite3_column_int64(st, 7 + k);
	}
	sqlite3_finalize(st);
	if (result == 1 && rc != SQLITE_DONE)
		result = -1;
	if (result != 1) {
		store_free_tallies(list, n);
		return -1;
	}
	*out = list;
	*count = n;
	return 1;
}

int tallyunits_load(struct store *s, const char *org, int fiscal_year, const struct quest *quest,
		    struct tally ***out, size_t *count)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT units FROM tally_source WHERE org = ?1 AND fiscal_year = ?2", &st))
		return -1;
	bind_key(st, org, fiscal_year);
	int rc = store_step(s, st);
	bool recorded = rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (!recorded)
		return 0;
	return load_units(s, org, fiscal_year, quest, NULL, out, count);
}

int tallyunits_load_unit(struct store *s, const char *org, int fiscal_year, const struct quest *quest,
			 const char *unit, struct tally **out)
{
	*out = NULL;
	struct tally **list;
	size_t n;
	if (load_units(s, org, fiscal_year, quest, unit, &list, &n) < 0)
		return -1;
	if (n == 1) {
		*out = list[0];
		list[0] = NULL;
	}
	store_free_tallies(list, n);
	return *out ? 1 : 0;
}

int tallyunits_put_units(struct store *s, const char *org, int fiscal_year, struct tally *const *units, size_t n)
{
	sqlite3_stmt *clear_roles = NULL, *clear_unit = NULL;
	struct unit_writer w = {0};
	int result = store_prepare(s, "DELETE FROM tally_unit_role WHERE org = ?1 AND fiscal_year = ?2 AND unit = ?3",
				   &clear_roles) ||
		     store_prepare(s, "DELETE FROM tally_unit WHERE org = ?1 AND fiscal_year = ?2 AND unit = ?3",
				   &clear_unit) ||
		     store_prepare(s, "INSERT INTO tally_unit(org, fiscal_year, unit, targets, submitted_all)"
				      " VALUES (?1, ?2, ?3, ?4, ?5)", &w.unit) ||
		     store_prepare(s, "INSERT INTO tally_unit_role(org, fiscal_year, unit, role, targets, submitted,"
				      " att_obligated, att_100, att_95, att_90, counts)"
				      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", &w.role)
		     ? -1 : 0;
	sqlite3_stmt *all[] = {clear_roles, clear_unit, w.unit, w.role};
	for (size_t i = 0; i < 4 && !result; i++)
		bind_key(all[i], org, fiscal_year);
	struct strbuf counts;
	strbuf_init(&counts);
	for (size_t i = 0; i < n && !result; i++) {
		for (size_t k = 0; k < 2 && !result; k++) {
			sqlite3_stmt *st = k ? clear_unit : clear_roles;
			sqlite3_bind_text(st, 3, units[i]->org.code, -1, SQLITE_STATIC);
			result = store_step(s, st) == SQLITE_DONE ? 0 : -1;
			sqlite3_reset(st);
		}
		if (!result && units[i]->persons.targets > 0)
			result = put_unit(s, &w, units[i], &counts);
	}
	strbuf_release(&counts);
	for (size_t i = 0; i < 4; i++)
		sqlite3_finalize(all[i]);
	return result;
}

int tallyunits_pending(struct store *s, const char *org, int fiscal_year, struct tallyunits_person **out,
		       size_t *count)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT k.person_id, p.name, p.unit, k.role FROM tally_pending k"
			     " JOIN person p ON p.fiscal_year = k.fiscal_year AND p.person_id = k.person_id"
			     " WHERE k.org = ?1 AND k.fiscal_year = ?2 ORDER BY p.unit, k.person_id, k.role", &st))
		return -1;
	bind_key(st, org, fiscal_year);
	struct tallyunits_person *list = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		int role = role_from_code((const char *)sqlite3_column_text(st, 3));
		if (role < 0)
			continue;
		list = xgrow(list, n, &cap, sizeof *list, 64);
		list[n++] = (struct tallyunits_person){
			xstrdup((const char *)sqlite3_column_text(st, 0)), xstrdup((const char *)sqlite3_column_text(st, 1)),
			xstrdup((const char *)sqlite3_column_text(st, 2)), (enum role)role};
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		tallyunits_free_pending(list, n);
		return -1;
	}
	*out = list;
	*count = n;
	return 0;
}

void tallyunits_free_pending(struct tallyunits_person *p, size_t count)
{
	for (size_t i = 0; p && i < count; i++) {
		free(p[i].person_id);
		free(p[i].name);
		free(p[i].unit);
	}
	free(p);
}
