/* trend: government-wide rates by group over fiscal years, from tallies or history. */
#include "aggregator/trend.h"
#include "core/diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GROUP_SLOTS (GROUP_ALL + 1)

static char *column_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? xstrdup((const char *)t) : NULL;
}

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
	struct quest *q;
	int found = store_year_quest(s, year, &q);
	if (found < 0)
		return -1;
	if (found == 0 && store_load_quest(s, digest, &q) != 1)
		return diag_error("%s: the questionnaire of fiscal year %d's tallies is missing", s->path, year);
	struct tally **tallies;
	size_t count;
	struct ratetab *rt = NULL;
	if (store_load_tallies(s, year, q, &tallies, &count)) {
		quest_free(q);
		return -1;
	}
	struct ratetab_spec year_spec = *spec;
	year_spec.method = t->methods[y];
	int rc = ratetab_build(q, tallies, count, &year_spec, &rt);
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
	quest_free(q);
	return rc;
}

static int year_from_history(struct store *s, struct trend *t, size_t y, const struct grade_scale *scale)
{
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT metric, grp, tenths FROM history_rate"
			     " WHERE fiscal_year = ?1 AND org = ''", &st))
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

static int load_breaks_and_source(struct store *s, struct trend *t)
{
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT fiscal_year, note_ja, note_en FROM series_break"
			     " WHERE fiscal_year > ?1 AND fiscal_year <= ?2 ORDER BY fiscal_year", &st))
		return -1;
	sqlite3_bind_int(st, 1, t->from);
	sqlite3_bind_int(st, 2, t->to);
	int rc;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		t->breaks = xrealloc(t->breaks, (t->break_count + 1) * sizeof *t->breaks);
		t->breaks[t->break_count++] = (struct trend_break){
			sqlite3_column_int(st, 0), column_dup(st, 1), column_dup(st, 2)};
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (store_prepare(s, "SELECT source_ja, source_en FROM history_source WHERE id = 1", &st))
		return -1;
	rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		t->source_ja = column_dup(st, 0);
		t->source_en = column_dup(st, 1);
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

static void add_break(struct trend *t, int year, char *note_ja, char *note_en)
{
	size_t i = 0;
	while (i < t->break_count && t->breaks[i].fiscal_year < year)
		i++;
	if (i < t->break_count && t->breaks[i].fiscal_year == year) {
		/* The history already marks a break there: say both. */
		char *ja = xasprintf("%s %s", t->breaks[i].note_ja, note_ja);
		char *en = xasprintf("%s %s", t->breaks[i].note_en, note_en);
		free(t->breaks[i].note_ja);
		free(t->breaks[i].note_en);
		free(note_ja);
		free(note_en);
		t->breaks[i].note_ja = ja;
		t->breaks[i].note_en = en;
		return;
	}
	t->breaks = xrealloc(t->breaks, (t->break_count + 1) * sizeof *t->breaks);
	memmove(&t->breaks[i + 1], &t->breaks[i], (t->break_count - i) * sizeof *t->breaks);
	t->breaks[i] = (struct trend_break){year, note_ja, note_en};
	t->break_count++;
}

static const char *method_name_ja(enum rate_method m)
{
	return m == RATE_METHOD_POOLED ? "全回答の合算" : "主体ごとの平均（NISC方式）";
}

static const char *method_name_en(enum rate_method m)
{
	return m == RATE_METHOD_POOLED ? "all answers pooled" : "mean over subjects (NISC method)";
}

/* A break wherever two consecutive years with values were computed by different methods. */
static void method_breaks(struct trend *t)
{
	size_t prev = (size_t)-1;
	for (size_t y = 0; y < t->year_count; y++) {
		if (!year_has_values(t, y))
			continue;
		if (prev != (size_t)-1 && t->methods[prev] != t->methods[y])
			add_break(t, t->from + (int)y,
				  xasprintf("算出方法が変わった（%s→%s）。", method_name_ja(t->methods[prev]),
					    method_name_ja(t->methods[y])),
				  xasprintf("The method changed (%s to %s).", method_name_en(t->methods[prev]),
					    method_name_en(t->methods[y])));
		prev = y;
	}
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
		rc = load_breaks_and_source(s, t);
	if (rc == 0)
		method_breaks(t);
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
	for (size_t i = 0; i < t->break_count; i++) {
		free(t->breaks[i].note_ja);
		free(t->breaks[i].note_en);
	}
	free(t->breaks);
	free(t->implementation);
	free(t->grasp);
	free(t->methods);
	free(t->source_ja);
	free(t->source_en);
	free(t);
}
