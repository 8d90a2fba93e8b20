/* commands: what each aggregator command does, from options to exit status. */
#include "aggregator/commands.h"
#include "aggregator/choicetab.h"
#include "aggregator/compile.h"
#include "aggregator/export_csv.h"
#include "aggregator/export_json.h"
#include "aggregator/export_table.h"
#include "aggregator/history.h"
#include "core/systally.h"
#include "aggregator/ratetab.h"
#include "aggregator/tallyfile.h"
#include "aggregator/tallyverify.h"
#include "core/livetally.h"
#include "aggregator/trend.h"
#include "aggregator/views.h"
#include "aggregator/xlsx.h"
#include "core/cli.h"
#include "core/diag.h"
#include "core/era.h"
#include "core/inspection.h"
#include "core/outfile.h"
#include "core/tallyunits.h"
#include "core/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const AGG_FORMATS[] = {[FORMAT_TABLE] = "table", [FORMAT_CSV] = "csv", [FORMAT_JSON] = "json", NULL};
const char *const AGG_BYS[] = {
	[BY_GROUP] = "group", [BY_ROLE] = "role", [BY_ITEM] = "item", [BY_CATEGORY] = "category",
	[BY_UNIT] = "unit", [BY_INSPECTION] = "inspection", [BY_CHOICE] = "choice", NULL,
};
const char *const AGG_WEIGHTINGS[] = {[RATETAB_UNWEIGHTED] = "unweighted", [RATETAB_HEADCOUNT] = "headcount", NULL};

/* How the year's rates are computed: --method, or else the method recorded for the year;
 * --weighting and --thresholds. Returns 0, -1 after reporting. */
static int spec_of(const struct agg_options *o, struct store *s, int year, struct ratetab_spec *spec)
{
	*spec = RATETAB_DEFAULT_SPEC;
	spec->weighting = o->weighting;
	if (o->has_scale)
		spec->scale = o->scale;
	spec->method = o->method;
	return o->has_method ? 0 : store_year_method(s, year, &spec->method);
}

static int write_grid(const struct grid *g, enum agg_format f, const char *lang)
{
	switch (f) {
	case FORMAT_CSV: return export_csv_write(g, stdout, "standard output");
	case FORMAT_JSON: return export_json_write(g, stdout, "standard output");
	case FORMAT_TABLE: return export_table_write(g, lang, stdout, "standard output");
	}
	return -1;
}

/* The year's questionnaire and every tally of the year in the store; on request, what the
 * collecting organisation's tally recorded per unit and the targets it found pending. */
struct year_data {
	struct store *s;
	struct quest *quest;
	struct tally **tallies;
	size_t count;
	struct tally **units;                  /* by unit name; none in a national store */
	size_t unit_count;
	struct tallyunits_person *pending;     /* by unit, person and role */
	size_t pending_count;
};

/* What year_data_load reads beside the tallies. */
enum { YEAR_UNITS = 1, YEAR_PENDING = 2 };

static void year_data_release(struct year_data *d)
{
	store_free_tallies(d->tallies, d->count);
	store_free_tallies(d->units, d->unit_count);
	tallyunits_free_pending(d->pending, d->pending_count);
	quest_free(d->quest);
	store_close(d->s);
	memset(d, 0, sizeof *d);
}

/* The units and pending targets recorded with the collecting organisation's tally (which
 * year_data_load has just checked to be current, in the same transaction). A store that
 * collects nothing (a national store), or holds no tally of its own organisation, has none. */
static int load_units(const struct agg_options *o, struct year_data *d, int what)
{
	struct store_year y;
	int found = store_get_year(d->s, o->year, &y);
	if (found <= 0)
		return found;
	const char *org = NULL;
	for (size_t i = 0; y.org && i < d->count; i++)
		if (strcmp(d->tallies[i]->org.code, y.org) == 0)
			org = y.org;
	int rc = 0;
	if (org && (what & YEAR_UNITS)) {
		int got = tallyunits_load(d->s, org, o->year, d->quest, &d->units, &d->unit_count);
		if (got == 0)
			diag_error("%s: the tally of %s for fiscal year %d was taken by an earlier version and records"
				   " no units; run 'aggregator tally --db %s --year %d' first", o->db, org, o->year,
				   o->db, o->year);
		rc = got == 1 ? 0 : -1;
	}
	if (org && rc == 0 && (what & YEAR_PENDING))
		rc = tallyunits_pending(d->s, org, o->year, &d->pending, &d->pending_count);
	store_year_release(&y);
	return rc;
}

/* A ministry store whose kept counts are not current (a store an earlier version wrote, or
 * none kept yet) is recounted first when this process may write it; otherwise the freshness
 * check of the tally says what to run. Reopens the store for writing when needed. */
static int recount_if_stale(const struct agg_options *o, struct year_data *d, bool *writable)
{
	bool current;
	if (livetally_is_current(d->s, o->year, &current))
		return -1;
	if (current || !store_can_write(o->db))
		return 0;
	if (!*writable) {
		store_close(d->s);
		d->s = NULL;
		if (store_open(o->db, STORE_EXISTING, &d->s))
			return -1;
		*writable = true;
	}
	/* Checked again under the write lock: another process may have recounted meanwhile. */
	if (store_begin(d->s) || livetally_is_current(d->s, o->year, &current) ||
	    (!current && livetally_recount(d->s, o->year, d->quest, NULL))) {
		store_rollback(d->s);
		return -1;
	}
	return store_commit(d->s);
}

/* Opens the store (for writing when `logged`, so that the command can be recorded in the
 * activity log, unless the file is read-only for this user), loads the year and says how its
 * rates are computed (*spec, spec_of). Returns 0, or -1 after reporting. */
static int year_data_load(const struct agg_options *o, struct year_data *d, bool logged, int what,
			  struct ratetab_spec *spec)
{
	memset(d, 0, sizeof *d);
	bool writable = logged && store_can_write(o->db);
	if (store_open(o->db, writable ? STORE_EXISTING : STORE_READONLY, &d->s))
		return -1;
	int found = store_year_quest(d->s, o->year, &d->quest);
	if (found == 0)
		diag_error("%s: fiscal year %d is not in the store", o->db, o->year);
	if (found > 0 && recount_if_stale(o, d, &writable)) {
		year_data_release(d);
		return -1;
	}
	if (found <= 0 || store_begin(d->s) ||
	    store_load_tallies(d->s, o->year, d->quest, &d->tallies, &d->count) ||
	    (what && load_units(o, d, what))) {
		year_data_release(d);
		return -1;
	}
	store_commit(d->s);
	if (d->count == 0) {
		diag_error("%s: no tallies for fiscal year %d (run 'aggregator tally' or 'aggregator compile' first)",
			   o->db, o->year);
		year_data_release(d);
		return -1;
	}
	if (spec_of(o, d->s, o->year, spec)) {
		year_data_release(d);
		return -1;
	}
	return 0;
}

/* The organisation a ministry store collects for in this year. */
static int ministry_org(struct store *s, int year, struct org *out)
{
	struct store_year y;
	int found = store_get_year(s, year, &y);
	if (found <= 0) {
		if (found == 0)
			diag_error("%s: fiscal year %d is not in the store", s->path, year);
		return -1;
	}
	if (!y.org) {
		store_year_release(&y);
		return diag_error("%s: fiscal year %d has no collecting organisation (a national store?)", s->path, year);
	}
	int got = store_get_org(s, y.org, out);
	if (got == 0)
		diag_error("%s: organisation '%s' of fiscal year %d is missing", s->path, y.org, year);
	store_year_release(&y);
	return got == 1 ? 0 : -1;
}

/* "; N systems counted for the focused inspection" when the tally has the section, else "";
 * free() it. */
static char *systems_counted(const struct tally *t)
{
	if (!t->inspection.present)
		return xstrdup("");
	unsigned long long n = 0;
	for (size_t k = 0; k < t->quest->inspection->kind_count; k++)
		n += t->inspection.systems[k];
	return xasprintf("; %llu systems counted for the focused inspection", n);
}

/* aggregator tally --verify: changes nothing; exit 1 on a difference. */
static int tally_verify(const struct agg_options *o)
{
	struct store *s;
	if (store_open(o->db, STORE_READONLY, &s))
		return DIAG_EXIT_INPUT;
	long differences = tallyverify_run(s, o->year, stdout);
	store_close(s);
	if (differences < 0)
		return DIAG_EXIT_INPUT;
	/* 1 tells a difference from a failure to verify (2). */
	return differences ? 1 : DIAG_EXIT_OK;
}

int cmd_tally(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct agg_options *o = ctx;
	if (o->verify) {
		if (o->has_method)
			return cli_usage_error("--verify changes nothing; it does not take --method"), DIAG_EXIT_USAGE;
		return tally_verify(o);
	}
	struct store *s;
	if (store_open(o->db, STORE_EXISTING, &s))
		return DIAG_EXIT_INPUT;
	struct quest *q = NULL;
	struct tally *t = NULL;
	struct org org = {0};
	int rc = -1;
	int found = store_year_quest(s, o->year, &q);
	if (found == 0)
		diag_error("%s: fiscal year %d is not in the store", o->db, o->year);
	if (found == 1 && ministry_org(s, o->year, &org) == 0 && store_begin(s) == 0) {
		struct tally_group_sums sums = {0};
		char *systems = NULL;
		if (livetally_recount(s, o->year, q, &t) == 0 && t != NULL &&
		    (!o->has_method || store_set_year_method(s, o->year, o->method) == 0)) {
			tally_group_sums(t, GROUP_ALL, &sums);
			systems = systems_counted(t);
			rc = store_log(s, o->year, "aggregator", "tally", "%llu persons (%llu submitted every sheet), "
				       "%llu sheets (%llu submitted)%s", (unsigned long long)t->persons.targets,
				       (unsigned long long)t->persons.submitted_all, (unsigned long long)sums.targets,
				       (unsigned long long)sums.submitted, systems);
		}
		if (rc == 0)
			rc = store_commit(s);
		else
			store_rollback(s);
		if (rc == 0)
			diag_note("tally of %s for fiscal year %d: %llu persons, %llu submitted every sheet; "
				  "%llu sheets, %llu submitted%s", org.code, o->year, (unsigned long long)t->persons.targets,
				  (unsigned long long)t->persons.submitted_all, (unsigned long long)sums.targets,
				  (unsigned long long)sums.submitted, systems);
		free(systems);
	}
	tally_free(t);
	org_release(&org);
	quest_free(q);
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

/* Builds the rates of tallies under spec and prints them as --by says (as the grade table
 * for grades). */
static int print_rates(const struct agg_options *o, const struct quest *q, struct tally **tallies, size_t count,
		       const struct ratetab_spec *spec, bool grades)
{
	struct ratetab *rt;
	if (ratetab_build(q, tallies, count, spec, &rt))
		return -1;
	struct grid *g = grades ? view_grades(rt, o->lang)
		       : o->by == BY_UNIT ? view_rates_by_group(rt, "unit", true)
		       : o->by == BY_ROLE ? view_rates_by_role(rt)
		       : o->by == BY_ITEM ? view_rates_by_item(rt)
		       : o->by == BY_CATEGORY ? view_rates_by_category(rt)
		       : o->by == BY_INSPECTION ? view_rates_by_inspection(rt)
						: view_rates_by_group(rt, "organization", true);
	int rc = write_grid(g, o->format, o->lang);
	grid_free(g);
	ratetab_free(rt);
	return rc;
}

int cmd_rates(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct agg_options *o = ctx;
	if ((o->kind || o->supervisor) && o->by != BY_CHOICE) {
		cli_usage_error("--kind and --supervisor select organisations for --by choice only");
		return DIAG_EXIT_USAGE;
	}
	struct year_data d;
	struct ratetab_spec spec;
	if (year_data_load(o, &d, false, o->by == BY_UNIT ? YEAR_UNITS : 0, &spec))
		return DIAG_EXIT_INPUT;
	int rc;
	if (o->by == BY_UNIT) {
		/* Each unit of the roster; its ALL rows pool every unit, the ministry's own totals. */
		struct ratetab_spec units_spec = spec;
		units_spec.weighting = RATETAB_HEADCOUNT;
		rc = d.unit_count ? print_rates(o, d.quest, d.units, d.unit_count, &units_spec, false)
				  : diag_error("%s: no roster for fiscal year %d; rates by unit need the store the answers "
					       "were collected in", o->db, o->year);
	} else if (o->by == BY_CHOICE) {
		struct grid *g = view_rates_by_choice(d.quest, d.tallies, d.count, o->kind, o->supervisor);
		rc = write_grid(g, o->format, o->lang);
		grid_free(g);
	} else {
		rc = print_rates(o, d.quest, d.tallies, d.count, &spec, false);
	}
	year_data_release(&d);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

int cmd_grades(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct agg_options *o = ctx;
	struct year_data d;
	struct ratetab_spec spec;
	if (year_data_load(o, &d, false, 0, &spec))
		return DIAG_EXIT_INPUT;
	int rc = print_rates(o, d.quest, d.tallies, d.count, &spec, true);
	year_data_release(&d);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

int cmd_export(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct agg_options *o = ctx;
	struct year_data d;
	struct ratetab_spec spec, units_spec;
	/* Every sheet from one state of the store: the tallies were checked to cover the
	 * collection as it is, and the units and non-respondents recorded with the tally are read
	 * in the same transaction. */
	if (year_data_load(o, &d, true, YEAR_UNITS | YEAR_PENDING, &spec))
		return DIAG_EXIT_INPUT;
	units_spec = spec;
	units_spec.weighting = RATETAB_HEADCOUNT;
	struct ratetab *rt = NULL;
	size_t nsystems = 0;
	struct systally_system *systems = NULL;
	int rc = ratetab_build(d.quest, d.tallies, d.count, &spec, &rt);
	if (rc == 0 && d.quest->inspection)
		rc = systally_list(d.s, o->year, &systems, &nsystems);
	if (rc == 0 && !d.s->readonly && (rc = store_begin(d.s)) == 0) {
		rc = store_log(d.s, o->year, "aggregator", "export", "%s: %zu organisation(s), %zu unit(s), "
			       "%zu non-respondent sheet(s) listed", o->xlsx, d.count, d.unit_count, d.pending_count);
		if (rc == 0)
			rc = store_commit(d.s);
		else
			store_rollback(d.s);
	}
	if (rc == 0) {
		char fy[32];
		era_fiscal_year_ja(o->year, fy, sizeof fy);
		char *title = d.count == 1 ? xasprintf("%s %s 情報セキュリティ対策 自己点検 結果", d.tallies[0]->org.name, fy)
					   : xasprintf("%s 情報セキュリティ対策 自己点検 結果（政府全体）", fy);
		struct xlsx_book book = {rt, d.units, d.unit_count, &units_spec, d.pending, d.pending_count, title,
					 systems, nsystems};
		rc = xlsx_write(o->xlsx, &book);
		free(title);
		if (rc == 0)
			diag_note("wrote %s", o->xlsx);
		if (rc == 0 && d.s->readonly)
			diag_note("%s is read-only: the export is not recorded in its activity log", o->db);
	}
	ratetab_free(rt);
	systally_free_list(systems, nsystems);
	year_data_release(&d);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

int cmd_submit(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct agg_options *o = ctx;
	struct store *s;
	bool writable = store_can_write(o->db);
	if (store_open(o->db, writable ? STORE_EXISTING : STORE_READONLY, &s))
		return DIAG_EXIT_INPUT;
	struct quest *q = NULL;
	struct tally *t = NULL;
	struct org org = {0};
	int rc = -1;
	int found = store_year_quest(s, o->year, &q);
	if (found == 0)
		diag_error("%s: fiscal year %d is not in the store", o->db, o->year);
	/* The tally is loaded (and checked to be current) in the transaction that records the
	 * submission, so the file written is the tally the log names. */
	if (found == 1 && ministry_org(s, o->year, &org) == 0 && store_begin(s) == 0) {
		/* Counts not current are recounted first on a store this process may write. */
		bool current = true;
		int got = livetally_is_current(s, o->year, &current) ? -1 : 1;
		if (got == 1 && !current && !s->readonly && livetally_recount(s, o->year, q, NULL))
			got = -1;
		if (got == 1)
			got = store_load_tally(s, org.code, o->year, q, &t);
		if (got == 0)
			diag_error("%s: no tally of %s for fiscal year %d yet (run 'aggregator tally' first)", o->db,
				   org.code, o->year);
		rc = got == 1 ? 0 : -1;
		if (rc == 0 && !s->readonly)
			rc = store_log(s, o->year, "aggregator", "submit", "%s: tally taken at %s, collection %s",
				       o->output, t->source.tallied_at ? t->source.tallied_at : "?",
				       t->source.closed_at ? "closed" : "open");
		if (rc == 0)
			rc = store_commit(s);
		else
			store_rollback(s);
	}
	if (rc == 0) {
		struct outfile out;
		rc = outfile_open(&out, o->output, OUTFILE_PUBLIC);
		if (rc == 0) {
			rc = tallyfile_write(outfile_stream(&out), o->output, t);
			if (rc == 0)
				rc = outfile_commit(&out);
			else
				outfile_abort(&out);
		}
		if (rc == 0)
			diag_note("wrote %s: tally of %s for fiscal year %d, taken at %s; the collection was %s then",
				  o->output, org.code, o->year, t->source.tallied_at ? t->source.tallied_at : "?",
				  t->source.closed_at ? "closed" : "still open");
	}
	tally_free(t);
	org_release(&org);
	quest_free(q);
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

int cmd_compile(void *ctx, int argc, char **argv)
{
	struct agg_options *o = ctx;
	/* A national store is created only for files that pass every check. */
	if (access(o->db, F_OK) != 0) {
		if (!o->questionnaire) {
			diag_error("%s: no such store; the first compile of a year needs --questionnaire FILE", o->db);
			return DIAG_EXIT_INPUT;
		}
		if (compile_check_files(o->year, o->questionnaire, argv, (size_t)argc))
			return DIAG_EXIT_INPUT;
	}
	struct store *s;
	if (store_open(o->db, STORE_CREATE_ON_COMMIT, &s))
		return DIAG_EXIT_INPUT;
	int rc = compile_files(s, o->year, o->questionnaire, o->has_method ? &o->method : NULL, argv, (size_t)argc,
			       o->replace);
	store_close(s);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

/* "; N published rounds of choice items" (static buffer). */
static const char *choice_note(size_t n)
{
	static char buf[64];
	snprintf(buf, sizeof buf, "; %zu published rounds of choice items", n);
	return buf;
}

int cmd_history_import(void *ctx, int argc, char **argv)
{
	(void)argc;
	struct agg_options *o = ctx;
	struct history *h;
	if (history_load(argv[0], &h))
		return DIAG_EXIT_INPUT;
	struct store *s;
	int rc = store_open(o->db, STORE_CREATE_ON_COMMIT, &s);
	if (rc == 0) {
		rc = history_import(s, h);
		store_close(s);
	}
	if (rc == 0)
		diag_note("imported %s: %zu rates of %zu fiscal years%s", argv[0], h->rate_count, h->year_count,
			  h->choice_count ? choice_note(h->choice_count) : "");
	history_free(h);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}

/* The notes under a trend table: each series break, then where history figures come from. */
static void print_trend_notes(const struct trend_break *breaks, size_t break_count, const char *source_ja,
			      const char *source_en, const char *lang)
{
	bool en = lang && strcmp(lang, "en") == 0;
	for (size_t i = 0; i < break_count; i++) {
		char fy[32];
		era_fiscal_year(breaks[i].fiscal_year, en ? "en" : "ja", fy, sizeof fy);
		char *note = text_sanitize(en ? breaks[i].note_en : breaks[i].note_ja, false);
		printf(en ? "| series break before %s: %s\n" : "| %sの前で系列が断絶: %s\n", fy, note);
		free(note);
	}
	const char *src = en ? source_en : source_ja;
	if (src) {
		char *clean = text_sanitize(src, false);
		printf(en ? "Source of published figures: %s\n" : "過去の数値の出典: %s\n", clean);
		free(clean);
	}
}

/* trend --org: one organisation against its previous years. */
static int trend_org(struct store *s, const struct agg_options *o, const struct ratetab_spec *spec,
		     bool method_given, enum agg_format f)
{
	struct trend_org *t;
	if (trend_org_build(s, o->org, o->from, o->to, spec, method_given, &t))
		return -1;
	const char *lang = o->lang ? o->lang : "ja";
	struct grid *g = view_trend_org(t, f == FORMAT_TABLE ? lang : NULL);
	int rc = write_grid(g, f, o->lang);
	if (rc == 0 && f == FORMAT_TABLE)
		print_trend_notes(t->breaks, t->break_count, t->source_ja, t->source_en, o->lang);
	grid_free(g);
	trend_org_free(t);
	return rc;
}

int cmd_trend(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct agg_options *o = ctx;
	enum agg_format f = o->format;
	if (o->from > o->to) {
		cli_usage_error("--from %d comes after --to %d", o->from, o->to);
		return DIAG_EXIT_USAGE;
	}
	struct ratetab_spec spec = RATETAB_DEFAULT_SPEC;
	spec.method = o->method;
	spec.weighting = o->weighting;
	if (o->has_scale)
		spec.scale = o->scale;
	struct store *s;
	if (store_open(o->db, STORE_READONLY, &s))
		return DIAG_EXIT_INPUT;
	if (o->org) {
		int rc = trend_org(s, o, &spec, o->has_method, f);
		store_close(s);
		return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
	}
	struct trend *t;
	int rc = trend_build(s, o->from, o->to, &spec, o->has_method, &t);
	store_close(s);
	if (rc)
		return DIAG_EXIT_INPUT;
	struct grid *g = f == FORMAT_TABLE ? view_trend_wide(t, o->lang) : view_trend_long(t);
	rc = write_grid(g, f, o->lang);
	if (rc == 0 && f == FORMAT_TABLE)
		print_trend_notes(t->breaks, t->break_count, t->source_ja, t->source_en, o->lang);
	grid_free(g);
	trend_free(t);
	return rc ? DIAG_EXIT_INPUT : DIAG_EXIT_OK;
}
