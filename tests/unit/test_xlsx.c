/* Unit tests for aggregator/xlsx: a workbook that cannot hold everything is not written at
 * all (rows past the sheet's end, a cell longer than a cell holds), and the one that names
 * non-respondents is created 0600. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aggregator/xlsx.h"
#include "core/diag.h"
#include "ratetab_fixture.h"

struct world {
	struct quest *q;
	struct tally *t;
	struct ratetab *rt;
	char dir[64];
	char path[128];
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof *w);
	w->q = fixture_quest();
	w->t = fixture_tally(w->q, "aaa", 1);
	fixture_role(w->t, ROLE_STAFF, 100, 90);
	fixture_item(w->t, ROLE_STAFF, "S-01", 45, 45, 0);
	fixture_item(w->t, ROLE_STAFF, "S-02", 90, 0, 0);
	struct ratetab_spec spec = fixture_spec(RATE_METHOD_POOLED, RATETAB_UNWEIGHTED, NULL);
	assert_int_equal(ratetab_build(w->q, &w->t, 1, &spec, &w->rt), 0);
	snprintf(w->dir, sizeof w->dir, "/tmp/test_xlsx.XXXXXX");
	assert_non_null(mkdtemp(w->dir));
	snprintf(w->path, sizeof w->path, "%s/book.xlsx", w->dir);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	unlink(w->path);
	rmdir(w->dir);
	ratetab_free(w->rt);
	tally_free(w->t);
	quest_free(w->q);
	free(w);
	return 0;
}

static void personal_workbook_is_private(void **state)
{
	struct world *w = *state;
	struct tallyunits_person p = {"p001", "山田 太郎", "総務局", ROLE_STAFF};
	struct xlsx_book book = {.rates = w->rt, .nonrespondents = &p, .nonrespondent_count = 1, .title = "題"};
	mode_t old = umask(022);
	assert_int_equal(xlsx_write(w->path, &book), 0);
	umask(old);
	struct stat st;
	assert_int_equal(stat(w->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static void too_long_a_cell_writes_nothing(void **state)
{
	struct world *w = *state;
	size_t n = 40000;
	char *name = malloc(n + 1);
	memset(name, 'x', n);
	name[n] = '\0';
	struct tallyunits_person p = {"p001", name, "総務局", ROLE_STAFF};
	struct xlsx_book book = {.rates = w->rt, .nonrespondents = &p, .nonrespondent_count = 1, .title = "題"};
	assert_int_equal(xlsx_write(w->path, &book), -1);
	assert_int_not_equal(access(w->path, F_OK), 0);
	free(name);
}

static void too_many_rows_writes_nothing(void **state)
{
	struct world *w = *state;
	/* One row of headers and XLSX_MAX_ROWS people do not fit a sheet of XLSX_MAX_ROWS rows. */
	size_t n = XLSX_MAX_ROWS;
	struct tallyunits_person *p = calloc(n, sizeof *p);
	for (size_t i = 0; i < n; i++)
		p[i] = (struct tallyunits_person){"p", "n", "u", ROLE_STAFF};
	struct xlsx_book book = {.rates = w->rt, .nonrespondents = p, .nonrespondent_count = n, .title = "題"};
	assert_int_equal(xlsx_write(w->path, &book), -1);
	assert_int_not_equal(access(w->path, F_OK), 0);
	free(p);
}

int main(void)
{
	diag_set_program("test_xlsx");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(personal_workbook_is_private, setup, teardown),
		cmocka_unit_test_setup_teardown(too_long_a_cell_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(too_many_rows_writes_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
