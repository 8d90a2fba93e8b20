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

int compile_files(struct store *s, int fiscal_year, const char *quest_path, const enum rate_method *method,
		  char *const *files, size_t count)
{
	struct quest *q;
	if (compile_quest(s, fiscal_year, quest_path, &q))
		return -1;
	struct tally **tallies = xcalloc(count + 1, sizeof *tallies);
	int rc = load_all(q, fiscal_year, files, count, tallies);
	if (rc == 0 && store_begin(s) == 0) {
		rc = store_put_quest(s, q) || store_put_year(s, fiscal_year, q->digest, NULL) ||
		     (method && store_set_year_method(s, fiscal_year, *method)) ? -1 : 0;
		for (size_t i = 0; rc == 0 && i < count; i++)
			if (merge_known_org(s, &tallies[i]->org) || store_put_tally(s, tallies[i]))
				rc = -1;
		if (rc == 0)
			rc = store_commit(s);
		else
			store_rollback(s);
	} else if (rc == 0) {
		rc = -1;
	}
	if (rc == 0)
		for (size_t i = 0; i < count; i++)
			diag_note("compiled %s: %s, fiscal year %d", files[i], tallies[i]->org.code, fiscal_year);
	free_all(tallies, count);
	quest_free(q);
	return rc;
}
