/* repdata: loading one fiscal year of a national store for drawing. */
#include "renderer/repdata.h"

#include "core/diag.h"
#include "core/store.h"

#include <stdlib.h>
#include <string.h>

int repdata_load(const char *db, int year, int trend_years, struct repdata **out)
{
	*out = NULL;
	struct store *s;
	if (store_open(db, STORE_READONLY, &s))
		return -1;
	struct repdata *d = xcalloc(1, sizeof *d);
	d->year = year;
	int rc = -1;
	/* the store's parsed questionnaire, the one the trends below read too */
	int found = store_year_quest_shared(s, year, &d->quest);
	if (found < 0)
		goto done;
	if (found == 0) {
		diag_error("%s: fiscal year %d is not in the store (compile the tally files first)",
			   db, year);
		goto done;
	}
	if (store_load_tallies(s, year, d->quest, &d->tallies, &d->count))
		goto done;
	if (d->count == 0) {
		diag_error("%s: fiscal year %d has no organisation's tally", db, year);
		goto done;
	}
	struct ratetab_spec spec = RATETAB_DEFAULT_SPEC;
	if (store_year_method(s, year, &spec.method))
		goto done;
	if (ratetab_build(d->quest, d->tallies, d->count, &spec, &d->rates))
		goto done;
	if (trend_years < 1)
		trend_years = 1;
	if (trend_build(s, year - trend_years + 1, year, &spec, false, &d->trend))
		goto done;
	d->org_trends = xcalloc(d->rates->org_count + 1, sizeof *d->org_trends);
	for (size_t i = 0; i < d->rates->org_count; i++)
		if (trend_org_build(s, d->rates->orgs[i].tally->org.code, year - 1, year, &spec, false,
				    &d->org_trends[i]))
			goto done;
	rc = 0;
done:
	d->store = s;
	if (rc) {
		repdata_free(d);
		return -1;
	}
	*out = d;
	return 0;
}

void repdata_free(struct repdata *d)
{
	if (!d)
		return;
	for (size_t i = 0; d->org_trends && d->rates && i < d->rates->org_count; i++)
		trend_org_free(d->org_trends[i]);
	free(d->org_trends);
	trend_free(d->trend);
	ratetab_free(d->rates);
	store_free_tallies(d->tallies, d->count);
	store_close(d->store);
	free(d);
}

const struct ratetab_org *repdata_org(const struct repdata *d, const char *code)
{
	for (size_t i = 0; code && i < d->rates->org_count; i++)
		if (strcmp(d->rates->orgs[i].tally->org.code, code) == 0)
			return &d->rates->orgs[i];
	return NULL;
}

const struct trend_org_year *repdata_org_previous(const struct repdata *d, size_t i)
{
	if (!d->org_trends || i >= d->rates->org_count)
		return NULL;
	const struct trend_org_year *oy = trend_org_year(d->org_trends[i], d->year - 1);
	return oy && oy->source != TREND_NONE ? oy : NULL;
}
