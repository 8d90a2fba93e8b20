/* trend: rates by group over fiscal years, government-wide or of one organisation, from
 * tallies or history. */
#include "aggregator/trend.h"
#include "aggregator/history.h"
#include "core/diag.h"
#include "core/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1 when the store holds tallies for year, 0 when not, -1 on error; *digest receives the
 * questionnaire they were compiled against. */
static int year_tally_digest(struct store *s, int year, char digest[65])
{
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT questionnaire FROM tally_source WHERE fiscal_year = ?1"
			     " ORDER BY org LIMIT 1", &st))
		return -1;
	sqlite3_bind_int(st, 1, year);
	int rc = store_step(s, st);
	if (rc == SQLITE_ROW)
		snprintf(digest, 65, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static char grade_of_tenths(int tenths, const struct grade_scale *scale)
{
	if (tenths < 0)
		return 0;
	if ((unsigned)tenths >= scale->a)
		return 'A';
	if ((unsigned)tenths >= scale->b)
		return 'B';
	if ((unsigned)tenths >= scale->c)
		return 'C';
	return 'D';
}

static int year_from_tallies(struct store *s, struct trend *t, size_t y, const char *digest,
			     const struct ratetab_spec *spec)
{
	int year = t->from + (int)y;
	const struct quest *q;
	int found = store_year_quest_shared(s, year, &q);
	if (found < 0)
		return -1;
	if (found == 0 && store_quest_shared(s, digest, &q) != 1)
		return diag_error("%s: the questionnaire of fiscal year %d's tallies is missing", s->path, year);
	struct tally **tallies;
	size_t count;
	struct ratetab *rt = NULL;
	if (store_load_tallies(s, year, q, &tallies, &count))
		return -1;
	struct ratetab_spec year_spec = *spec;
	year_spec.method = t->methods[y];
	/* the series shows each group's grasp and implementation only: no item or category rates */
	int rc = ratetab_build_groups(q, tallies, count, &year_spec, &rt);
	for (int g = 0; rc == 0 && g < GROUP_SLOTS; g++) {
		const struct ratetab_group *gg = &rt->government[g];
		if (!gg->present)
			continue;
		struct trend_point *impl = &t->implementation[y * GROUP_SLOTS + (size_t)g];
		struct trend_point *grasp = &t->grasp[y * GROUP_SLOTS + (size_t)g];
		*impl = (struct trend_point){TREND_TALLY, gg->implementation_tenths, gg->implementation_grade};
		*grasp = (struct trend_point){TREND_TALLY, gg->grasp_tenths, gg->grasp_grade};
		if (gg->implementation_tenths < 0)
			impl->source = TREND_NONE;
	}
	ratetab_free(rt);
	store_free_tallies(tallies, count);
	return rc;
}

static int year_from_history(struct store *s, struct trend *t, size_t y, const struct grade_scale *scale)
{
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT metric, grp, tenths FROM history_rate"
			     " WHERE fiscal_year = ?1 AND org = '' AND tenths IS NOT NULL"
			     " AND metric IN ('grasp', 'implementation')", &st))
		return -1;
	sqlite3_bind_int(st, 1, t->from + (int)y);
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		int g = group_from_code((const char *)sqlite3_column_text(st, 1));
		if (g < 0)
			continue;
		const char *metric = (const char *)sqlite3_column_text(st, 0);
		int tenths = sqlite3_column_int(st, 2);
		struct trend_point *p = strcmp(metric, "grasp") == 0 ? &t->grasp[y * GROUP_SLOTS + (size_t)g]
								     : &t->implementation[y * GROUP_SLOTS + (size_t)g];
		*p = (struct trend_point){TREND_HISTORY, tenths, grade_of_tenths(tenths, scale)};
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The breaks the history declares inside (from, to], and the source of the figures. */
static int load_breaks_and_source(struct store *s, int from, int to, struct trend_break **breaks,
				  size_t *break_count, char **source_ja, char **source_en)
{
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT fiscal_year, note_ja, note_en FROM series_break"
			     " WHERE fiscal_year > ?1 AND fiscal_year <= ?2 ORDER BY fiscal_year", &st))
		return -1;
	sqlite3_bind_int(st, 1, from);
	sqlite3_bind_int(st, 2, to);
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		*breaks = xrealloc(*breaks, (*break_count + 1) * sizeof **breaks);
		(*breaks)[(*break_count)++] = (struct trend_break){
			sqlite3_column_int(st, 0), store_column_dup(st, 1), store_column_dup(st, 2)};
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (store_prepare(s, "SELECT source_ja, source_en FROM history_source WHERE id = 1", &st))
		return -1;
	rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		*source_ja = store_column_dup(st, 0);
		*source_en = store_column_dup(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* The method a history year was published under (RATE_METHOD_DEFAULT when not stated). */
static int history_year_method(struct store *s, int year, enum rate_method *out)
{
	*out = RATE_METHOD_DEFAULT;
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT method FROM history_method WHERE fiscal_year = ?1", &st))
		return -1;
	sqlite3_bind_int(st, 1, year);
	int rc = store_step(s, st);
	if (rc == SQLITE_ROW)
		rate_method_from_code((const char *)sqlite3_column_text(st, 0), out);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static bool year_has_values(const struct trend *t, size_t y)
{
	for (int g = 0; g < GROUP_SLOTS; g++)
		if (t->implementation[y * GROUP_SLOTS + (size_t)g].source != TREND_NONE ||
		    t->grasp[y * GROUP_SLOTS + (size_t)g].source != TREND_NONE)
			return true;
	return false;
}

static void add_break(struct trend_break **breaks, size_t *count, int year, char *note_ja, char *note_en)
{
	struct trend_break *b = *breaks;
	size_t i = 0;
	while (i < *count && b[i].fiscal_year < year)
		i++;
	if (i < *count && b[i].fiscal_year == year) {
		/* The history already marks a break there: say both. */
		char *ja = xasprintf("%s %s", b[i].note_ja, note_ja);
		char *en = xasprintf("%s %s", b[i].note_en, note_en);
		free(b[i].note_ja);
		free(b[i].note_en);
		free(note_ja);
		free(note_en);
		b[i].note_ja = ja;
		b[i].note_en = en;
		return;
	}
	b = xrealloc(b, (*count + 1) * sizeof *b);
	memmove(&b[i + 1], &b[i], (*count - i) * sizeof *b);
	b[i] = (struct trend_break){year, note_ja, note_en};
	(*count)++;
	*breaks = b;
}

static const char *method_name_ja(enum rate_method m)
{
	return m == RATE_METHOD_POOLED ? "全回答の合算" : "主体ごとの平均（NISC方式）";
}

static const char *method_name_en(enum rate_method m)
{
	return m == RATE_METHOD_POOLED ? "all answers pooled" : "mean over subjects (NISC method)";
}

/* A break wherever two consecutive years with values (has_values[y]) were computed by
 * different methods (methods[y]); year y is from + y. */
static void method_breaks(int from, size_t year_count, const enum rate_method *methods, const bool *has_values,
			  struct trend_break **breaks, size_t *break_count)
{
	size_t prev = (size_t)-1;
	for (size_t y = 0; y < year_count; y++) {
		if (!has_values[y])
			continue;
		if (prev != (size_t)-1 && methods[prev] != methods[y])
			add_break(breaks, break_count, from + (int)y,
				  xasprintf("算出方法が変わった（%s→%s）。", method_name_ja(methods[prev]),
					    method_name_ja(methods[y])),
				  xasprintf("The method changed (%s to %s).", method_name_en(methods[prev]),
					    method_name_en(methods[y])));
		prev = y;
	}
}

static void free_breaks(struct trend_break *breaks, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(breaks[i].note_ja);
		free(breaks[i].note_en);
	}
	free(breaks);
}

int trend_build(struct store *s, int from, int to, const struct ratetab_spec *spec, bool force_method,
		struct trend **out)
{
	*out = NULL;
	if (from > to)
		return diag_error("trend: the first year %d comes after the last year %d", from, to);
	if (!spec)
		spec = &RATETAB_DEFAULT_SPEC;
	const struct grade_scale *scale = &spec->scale;
	struct trend *t = xcalloc(1, sizeof *t);
	t->from = from;
	t->to = to;
	t->year_count = (size_t)(to - from + 1);
	t->implementation = xcalloc(t->year_count * GROUP_SLOTS, sizeof *t->implementation);
	t->grasp = xcalloc(t->year_count * GROUP_SLOTS, sizeof *t->grasp);
	t->methods = xcalloc(t->year_count, sizeof *t->methods);
	for (size_t i = 0; i < t->year_count * GROUP_SLOTS; i++) {
		t->implementation[i] = (struct trend_point){TREND_NONE, -1, 0};
		t->grasp[i] = (struct trend_point){TREND_NONE, -1, 0};
	}
	int rc = store_begin(s);
	for (size_t y = 0; rc == 0 && y < t->year_count; y++) {
		char digest[65];
		int has = year_tally_digest(s, from + (int)y, digest);
		if (has < 0)
			rc = -1;
		else if (has && force_method)
			t->methods[y] = spec->method;
		else if (has)
			rc = store_year_method(s, from + (int)y, &t->methods[y]);
		else
			rc = history_year_method(s, from + (int)y, &t->methods[y]);
		if (rc == 0 && has)
			rc = year_from_tallies(s, t, y, digest, spec);
		else if (rc == 0)
			rc = year_from_history(s, t, y, scale);
	}
	if (rc == 0)
		rc = load_breaks_and_source(s, from, to, &t->breaks, &t->break_count, &t->source_ja, &t->source_en);
	if (rc == 0) {
		bool *has_values = xcalloc(t->year_count, sizeof *has_values);
		for (size_t y = 0; y < t->year_count; y++)
			has_values[y] = year_has_values(t, y);
		method_breaks(from, t->year_count, t->methods, has_values, &t->breaks, &t->break_count);
		free(has_values);
	}
	if (rc == 0)
		rc = store_commit(s);
	else
		store_rollback(s);
	if (rc) {
		trend_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

static const struct trend_point *point(const struct trend_point *arr, const struct trend *t, int year,
				       enum role_group g)
{
	if (!t || year < t->from || year > t->to || (int)g > GROUP_ALL)
		return NULL;
	return &arr[(size_t)(year - t->from) * GROUP_SLOTS + (size_t)g];
}

const struct trend_point *trend_implementation(const struct trend *t, int year, enum role_group g)
{
	return t ? point(t->implementation, t, year, g) : NULL;
}

const struct trend_point *trend_grasp(const struct trend *t, int year, enum role_group g)
{
	return t ? point(t->grasp, t, year, g) : NULL;
}

void trend_free(struct trend *t)
{
	if (!t)
		return;
	free_breaks(t->breaks, t->break_count);
	free(t->implementation);
	free(t->grasp);
	free(t->methods);
	free(t->source_ja);
	free(t->source_en);
	free(t);
}

/* ------------------------------------------------------------------ one organisation */

static const struct trend_point NO_POINT = {TREND_NONE, -1, 0};

/* A point from a computed display value (-1 undefined: none). */
static struct trend_point tally_point(int tenths, char grade)
{
	return tenths < 0 ? NO_POINT : (struct trend_point){TREND_TALLY, tenths, grade};
}

/* 1 when the store holds the organisation's tally for year, 0 when not, -1 on error;
 * *digest receives the questionnaire it was compiled against. */
static int org_tally_digest(struct store *s, const char *org, int year, char digest[65])
{
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT questionnaire FROM tally_source WHERE fiscal_year = ?1 AND org = ?2", &st))
		return -1;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, org, -1, SQLITE_STATIC);
	int rc = store_step(s, st);
	if (rc == SQLITE_ROW)
		snprintf(digest, 65, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The year's values from the organisation's tally, through the rate model. */
static int org_year_from_tally(struct store *s, const char *org, int year, const char *digest,
			       const struct ratetab_spec *spec, struct trend_org_year *oy)
{
	const struct quest *q;
	int found = store_year_quest_shared(s, year, &q);
	if (found < 0)
		return -1;
	if (found == 0 && store_quest_shared(s, digest, &q) != 1)
		return diag_error("%s: the questionnaire of fiscal year %d's tallies is missing", s->path, year);
	struct tally *t = NULL;
	struct ratetab *rt = NULL;
	int got = store_load_tally(s, org, year, q, &t);
	int rc = got == 1 ? 0 : -1;
	if (got == 0)
		diag_error("%s: the tally of '%s' for fiscal year %d is missing", s->path, org, year);
	struct ratetab_spec year_spec = *spec;
	year_spec.method = oy->method;
	if (rc == 0)
		rc = ratetab_build(q, &t, 1, &year_spec, &rt);
	for (int g = 0; rc == 0 && g < GROUP_SLOTS; g++) {
		const struct ratetab_group *gg = &rt->orgs[0].group[g];
		if (!gg->present)
			continue;
		oy->grasp[g] = tally_point(gg->grasp_tenths, gg->grasp_grade);
		oy->implementation[g] = tally_point(gg->implementation_tenths, gg->implementation_grade);
		for (int k = 0; k < RATETAB_ATTAINMENT_COUNT; k++) {
			oy->attainment_items[g][k] = tally_point(gg->attainment_tenths[k], 0);
			oy->attainment_persons[g][k] = tally_point(gg->persons_attainment_tenths[k], 0);
		}
	}
	if (rc == 0)
		oy->source = TREND_TALLY;
	ratetab_free(rt);
	tally_free(t);
	return rc;
}

/* The point of metric m and group g in oy. */
static struct trend_point *org_point(struct trend_org_year *oy, enum history_metric m, int g)
{
	switch (m) {
	case HISTORY_GRASP: return &oy->grasp[g];
	case HISTORY_IMPLEMENTATION: return &oy->implementation[g];
	case HISTORY_ATTAINMENT_ITEMS_100:
	case HISTORY_ATTAINMENT_ITEMS_95:
	case HISTORY_ATTAINMENT_ITEMS_90:
		return &oy->attainment_items[g][m - HISTORY_ATTAINMENT_ITEMS_100];
	case HISTORY_ATTAINMENT_PERSONS_100:
	case HISTORY_ATTAINMENT_PERSONS_95:
	case HISTORY_ATTAINMENT_PERSONS_90:
		return &oy->attainment_persons[g][m - HISTORY_ATTAINMENT_PERSONS_100];
	case HISTORY_METRIC_COUNT: break;
	}
	return NULL;
}

/* The year's values from the organisation's history rows (none: the year stays TREND_NONE). */
static int org_year_from_history(struct store *s, const char *org, int year, const struct grade_scale *scale,
				 struct trend_org_year *oy)
{
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT metric, grp, tenths, grade FROM history_rate"
			     " WHERE fiscal_year = ?1 AND org = ?2", &st))
		return -1;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, org, -1, SQLITE_STATIC);
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		int m = history_metric_from_code((const char *)sqlite3_column_text(st, 0));
		int g = group_from_code((const char *)sqlite3_column_text(st, 1));
		if (m < 0 || g < 0)
			continue;
		bool graded = m == HISTORY_GRASP || m == HISTORY_IMPLEMENTATION;
		int tenths = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 2);
		const unsigned char *published = sqlite3_column_text(st, 3);
		char grade = !graded ? 0 : tenths >= 0 ? grade_of_tenths(tenths, scale) : published ? (char)published[0] : 0;
		if (tenths < 0 && !grade)
			continue;
		*org_point(oy, (enum history_metric)m, g) = (struct trend_point){TREND_HISTORY, tenths, grade};
		oy->source = TREND_HISTORY;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void org_year_clear(struct trend_org_year *oy)
{
	oy->source = TREND_NONE;
	for (int g = 0; g < GROUP_SLOTS; g++) {
		oy->grasp[g] = oy->implementation[g] = NO_POINT;
		for (int k = 0; k < RATETAB_ATTAINMENT_COUNT; k++)
			oy->attainment_items[g][k] = oy->attainment_persons[g][k] = NO_POINT;
	}
}

static int org_trend_fill(struct store *s, const char *code, const struct ratetab_spec *spec, bool force_method,
			  struct trend_org *t)
{
	int found = store_get_org(s, code, &t->org);
	if (found <= 0) {
		if (found == 0)
			diag_error("%s: organisation '%s' is not in the store", s->path, code);
		return -1;
	}
	for (size_t y = 0; y < t->year_count; y++) {
		struct trend_org_year *oy = &t->years[y];
		int year = t->from + (int)y;
		char digest[65];
		int has = org_tally_digest(s, code, year, digest);
		if (has < 0)
			return -1;
		int rc;
		if (has && force_method) {
			oy->method = spec->method;
			rc = 0;
		} else {
			rc = has ? store_year_method(s, year, &oy->method) : history_year_method(s, year, &oy->method);
		}
		if (rc == 0)
			rc = has ? org_year_from_tally(s, code, year, digest, spec, oy)
				 : org_year_from_history(s, code, year, &spec->scale, oy);
		if (rc)
			return -1;
	}
	if (load_breaks_and_source(s, t->from, t->to, &t->breaks, &t->break_count, &t->source_ja, &t->source_en))
		return -1;
	enum rate_method *methods = xcalloc(t->year_count, sizeof *methods);
	bool *has_values = xcalloc(t->year_count, sizeof *has_values);
	for (size_t y = 0; y < t->year_count; y++) {
		methods[y] = t->years[y].method;
		has_values[y] = t->years[y].source != TREND_NONE;
	}
	method_breaks(t->from, t->year_count, methods, has_values, &t->breaks, &t->break_count);
	free(methods);
	free(has_values);
	return 0;
}

int trend_org_build(struct store *s, const char *code, int from, int to, const struct ratetab_spec *spec,
		    bool force_method, struct trend_org **out)
{
	*out = NULL;
	if (from > to)
		return diag_error("trend: the first year %d comes after the last year %d", from, to);
	if (!spec)
		spec = &RATETAB_DEFAULT_SPEC;
	struct trend_org *t = xcalloc(1, sizeof *t);
	t->from = from;
	t->to = to;
	t->year_count = (size_t)(to - from + 1);
	t->years = xcalloc(t->year_count, sizeof *t->years);
	for (size_t y = 0; y < t->year_count; y++)
		org_year_clear(&t->years[y]);
	/* one transaction: every year is read from the same state of the store */
	int rc = store_begin(s);
	if (rc == 0) {
		rc = org_trend_fill(s, code, spec, force_method, t);
		if (rc == 0)
			rc = store_commit(s);
		else
			store_rollback(s);
	}
	if (rc) {
		trend_org_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

const struct trend_org_year *trend_org_year(const struct trend_org *t, int year)
{
	if (!t || year < t->from || year > t->to)
		return NULL;
	return &t->years[year - t->from];
}

bool trend_org_break_before(const struct trend_org *t, int year)
{
	for (size_t i = 0; t && i < t->break_count; i++)
		if (t->breaks[i].fiscal_year == year)
			return true;
	return false;
}

void trend_org_free(struct trend_org *t)
{
	if (!t)
		return;
	org_release(&t->org);
	free_breaks(t->breaks, t->break_count);
	free(t->years);
	free(t->source_ja);
	free(t->source_en);
	free(t);
}
