/* compile: tally files into the national store, all or nothing. */
#include "aggregator/compile.h"
#include "aggregator/tallyfile.h"
#include "core/diag.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

/* The questionnaire to check against: the given file, or the year's stored one. */
static int compile_quest(struct store *s, int fiscal_year, const char *quest_path, struct quest **out)
{
	*out = NULL;
	struct store_year y;
	int found = store_get_year(s, fiscal_year, &y);
	if (found < 0)
		return -1;
	if (!quest_path) {
		store_year_release(&y);
		if (!found)
			return diag_error("%s: fiscal year %d has no questionnaire yet; give it once with "
					  "--questionnaire FILE", s->path, fiscal_year);
		return store_year_quest(s, fiscal_year, out) == 1 ? 0 : -1;
	}
	if (quest_load_file(quest_path, out)) {
		store_year_release(&y);
		return -1;
	}
	if (found && strcmp(y.digest, (*out)->digest) != 0) {
		struct quest *stored = NULL;
		store_load_quest(s, y.digest, &stored);
		diag_error("%s: fiscal year %d was compiled against questionnaire %s; '%s' is %s with other "
			   "content", s->path, fiscal_year, stored ? stored->id : y.digest, quest_path, (*out)->id);
		quest_free(stored);
		quest_free(*out);
		*out = NULL;
		store_year_release(&y);
		return -1;
	}
	store_year_release(&y);
	return 0;
}

/* Loads every file (reporting all problems) and refuses two files for one organisation. */
static int load_all(const struct quest *q, int fiscal_year, char *const *files, size_t count,
		    struct tally **tallies)
{
	int rc = 0;
	for (size_t i = 0; i < count; i++) {
		if (tallyfile_load(files[i], q, fiscal_year, &tallies[i])) {
			rc = -1;
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (tallies[j] && strcmp(tallies[j]->org.code, tallies[i]->org.code) == 0) {
				rc = diag_error("%s: organisation %s is also in '%s'; give one file per organisation",
						files[i], tallies[i]->org.code, files[j]);
				break;
			}
	}
	return rc;
}

static void free_all(struct tally **tallies, size_t count)
{
	for (size_t i = 0; i < count; i++)
		tally_free(tallies[i]);
	free(tallies);
}

int compile_check_files(int fiscal_year, const char *quest_path, char *const *files, size_t count)
{
	struct quest *q;
	if (quest_load_file(quest_path, &q))
		return -1;
	struct tally **tallies = xcalloc(count + 1, sizeof *tallies);
	int rc = load_all(q, fiscal_year, files, count, tallies);
	free_all(tallies, count);
	quest_free(q);
	return rc;
}

/* Keeps what the store already knows of an organisation when the file leaves it out. */
static int merge_known_org(struct store *s, struct org *o)
{
	struct org known;
	int found = store_get_org(s, o->code, &known);
	if (found <= 0)
		return found;
	if (!o->order)
		o->order = known.order;
	if (!o->name_en && known.name_en)
		o->name_en = xstrdup(known.name_en);
	org_release(&known);
	return 0;
}

/* What the store holds of t's organisation-year before t is stored: nothing (*what "added"),
 * the same organisation under the same questionnaire ("replaced the tally stored at …"), or
 * another name or questionnaire: refused unless replace. Returns 0, or -1 after reporting. */
static int check_holder(struct store *s, const char *file, const struct tally *t, bool replace, char **what)
{
	*what = NULL;
	sqlite3_stmt *st;
	if (store_prepare(s, "SELECT o.name, ts.questionnaire, ts.stored_at, q.id FROM tally_source ts"
			     " JOIN organization o ON o.code = ts.org LEFT JOIN questionnaire q ON q.digest = ts.questionnaire"
			     " WHERE ts.org = ?1 AND ts.fiscal_year = ?2", &st))
		return -1;
	sqlite3_bind_text(st, 1, t->org.code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, t->fiscal_year);
	int rc = store_step(s, st);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(st);
		*what = xstrdup("added");
		return 0;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return -1;
	}
	const char *name = (const char *)sqlite3_column_text(st, 0);
	const char *digest = (const char *)sqlite3_column_text(st, 1);
	const char *stored_at = (const char *)sqlite3_column_text(st, 2);
	const char *quest_id = (const char *)sqlite3_column_text(st, 3);
	bool renamed = !name || !t->org.name || strcmp(name, t->org.name) != 0;
	bool other_quest = !digest || strcmp(digest, t->quest->digest) != 0;
	char *old_name = text_excerpt(name, DIAG_EXCERPT_CHARS);
	char *new_name = text_excerpt(t->org.name, DIAG_EXCERPT_CHARS);
	int result = 0;
	if ((renamed || other_quest) && !replace) {
		struct strbuf held;
		strbuf_init(&held);
		if (renamed)
			strbuf_addf(&held, "under the name '%s'", old_name);
		if (other_quest)
			strbuf_addf(&held, "%swith questionnaire %s", renamed ? " and " : "", quest_id ? quest_id : "(unknown)");
		char *says = renamed ? xasprintf("this file names it '%s'", new_name)
				     : xasprintf("this file is over questionnaire %s (other content)", t->quest->id);
		result = diag_at(file, t->source.name_line, t->source.name_col,
				 "organisation %s already holds fiscal year %d %s; %s (give --replace if it is to replace that "
				 "tally)", t->org.code, t->fiscal_year, held.buf, says);
		free(says);
		strbuf_release(&held);
	} else if (renamed) {
		*what = xasprintf("replaced the tally of '%s' stored at %s, now named '%s'", old_name,
				  stored_at ? stored_at : "?", new_name);
	} else {
		*what = xasprintf("replaced the tally stored at %s", stored_at ? stored_at : "?");
	}
	free(old_name);
	free(new_name);
	sqlite3_finalize(st);
	return result;
}

/* The organisations holding the year once the batch is stored must stay within the limit. */
static int check_org_count(struct store *s, int fiscal_year)
{
	sqlite3_stmt *st;
	/* ministries against ORG_MAX_PER_YEAR; agencies and other bodies (kind) against
	 * ORG_MAX_BODIES_PER_YEAR */
	if (store_prepare(s, "SELECT count(*), coalesce(sum(coalesce(o.kind, 'ministry') = 'ministry'), 0)"
			     " FROM tally_source ts JOIN organization o ON o.code = ts.org WHERE ts.fiscal_year = ?1", &st))
		return -1;
	sqlite3_bind_int(st, 1, fiscal_year);
	int rc = store_step(s, st);
	long long all = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	long long n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : -1;
	sqlite3_finalize(st);
	if (n < 0)
		return -1;
	if (all - n > ORG_MAX_BODIES_PER_YEAR)
		return diag_error("%s: fiscal year %d would hold %lld agencies and other bodies, more than the limit of %d; "
				  "nothing was compiled", s->path, fiscal_year, all - n, ORG_MAX_BODIES_PER_YEAR);
	if (n > ORG_MAX_PER_YEAR)
		return diag_error("%s: fiscal year %d would hold %lld organisations, more than the limit of %d; nothing was "
				  "compiled", s->path, fiscal_year, n, ORG_MAX_PER_YEAR);
	return 0;
}

int compile_files(struct store *s, int fiscal_year, const char *quest_path, const enum rate_method *method,
		  char *const *files, size_t count, bool replace)
{
	struct quest *q;
	if (compile_quest(s, fiscal_year, quest_path, &q))
		return -1;
	struct tally **tallies = xcalloc(count + 1, sizeof *tallies);
	char **what = xcalloc(count + 1, sizeof *what);
	int rc = load_all(q, fiscal_year, files, count, tallies);
	if (rc == 0 && store_begin(s) == 0) {
		rc = store_put_quest(s, q) || store_put_year(s, fiscal_year, q->digest, NULL) ||
		     (method && store_set_year_method(s, fiscal_year, *method)) ? -1 : 0;
		/* Every conflict is reported before anything is refused. */
		for (size_t i = 0; rc == 0 && i < count; i++)
			if (merge_known_org(s, &tallies[i]->org))
				rc = -1;
		for (size_t i = 0; rc >= 0 && i < count; i++)
			if (check_holder(s, files[i], tallies[i], replace, &what[i]))
				rc = rc == 0 ? 1 : rc;
		for (size_t i = 0; rc == 0 && i < count; i++)
			if (store_put_tally(s, tallies[i]))
				rc = -1;
		if (rc == 0)
			rc = check_org_count(s, fiscal_year);
		if (rc == 0)
			rc = store_commit(s);
		else
			store_rollback(s);
		if (rc > 0)
			rc = -1;
	} else if (rc == 0) {
		rc = -1;
	}
	if (rc == 0)
		for (size_t i = 0; i < count; i++)
			diag_note("compiled %s: %s, fiscal year %d: %s", files[i], tallies[i]->org.code, fiscal_year, what[i]);
	for (size_t i = 0; i < count; i++)
		free(what[i]);
	free(what);
	free_all(tallies, count);
	quest_free(q);
	return rc;
}
