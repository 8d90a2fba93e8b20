/* Unit tests for aggregator/ratetab: rates, grades, attainment, display and means. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "aggregator/ratetab.h"
#include "ratetab_fixture.h"

struct world {
	struct quest *q;
	struct tally *t[3];
	size_t n;
};

/* Three organisations with hand-computed expectations (see each test). */
static int setup(void **state)
{
	struct world *w = calloc(1, sizeof *w);
	w->q = fixture_quest();
	assert_non_null(w->q);
	struct tally *a = fixture_tally(w->q, "aaa", 1);
	fixture_role(a, ROLE_DIVISION_OFFICER, 10, 8);
	fixture_item(a, ROLE_DIVISION_OFFICER, "O-01", 6, 2, 0);
	fixture_item(a, ROLE_DIVISION_OFFICER, "O-02", 8, 0, 0);
	fixture_item(a, ROLE_DIVISION_OFFICER, "S-02", 3, 1, 4);
	fixture_role(a, ROLE_CISO, 1, 1);
	fixture_item(a, ROLE_CISO, "O-01", 1, 0, 0);
	fixture_role(a, ROLE_STAFF, 100, 90);
	fixture_item(a, ROLE_STAFF, "S-01", 45, 45, 0);
	fixture_item(a, ROLE_STAFF, "S-02", 90, 0, 0);
	struct tally *b = fixture_tally(w->q, "bbb", 2);
	fixture_role(b, ROLE_STAFF, 20, 20);
	fixture_item(b, ROLE_STAFF, "S-01", 19, 1, 0);
	fixture_item(b, ROLE_STAFF, "S-02", 20, 0, 0);
	fixture_role(b, ROLE_SYSTEM_ADMIN, 5, 4);
	fixture_item(b, ROLE_SYSTEM_ADMIN, "Y-01", 3, 1, 0);
	struct tally *c = fixture_tally(w->q, "ccc", 3);
	fixture_role(c, ROLE_CISO, 2, 2);
	fixture_item(c, ROLE_CISO, "O-01", 2, 0, 0);
	w->t[0] = a;
	w->t[1] = b;
	w->t[2] = c;
	w->n = 3;
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	for (size_t i = 0; i < w->n; i++)
		tally_free(w->t[i]);
	quest_free(w->q);
	free(w);
	return 0;
}

/* v equals tenths/10 percent exactly. */
static void assert_exact(const struct rate_value *v, unsigned tenths)
{
	assert_true(rate_defined(v));
	assert_int_equal(rate_compare_tenths(v, tenths), 0);
}

static struct ratetab *build(struct world *w, enum ratetab_weighting wt)
{
	struct ratetab *t = NULL;
	assert_int_equal(ratetab_build(w->q, w->t, w->n, &(struct ratetab_spec){RATE_METHOD_POOLED, wt, RATE_DEFAULT_SCALE}, &t), 0);
	assert_non_null(t);
	return t;
}

static void test_org_groups(void **state)
{
	struct ratetab *t = build(*state, RATETAB_UNWEIGHTED);
	const struct ratetab_group *off = &t->orgs[0].group[GROUP_OFFICERS];
	assert_true(off->present);
	assert_int_equal(off->targets, 11);
	assert_int_equal(off->submitted, 9);
	assert_int_equal(off->grasp_tenths, 818);      /* 9/11 = 81.81… */
	assert_int_equal(off->grasp_grade, 'B');
	assert_int_equal(off->answers.implemented, 18);
	assert_int_equal(off->answers.not_implemented, 3);
	assert_int_equal(off->answers.not_applicable, 4);
	assert_int_equal(off->implementation_tenths, 857); /* 18/21 */
	assert_int_equal(off->implementation_grade, 'B');

	const struct ratetab_group *staff = &t->orgs[0].group[GROUP_STAFF];
	assert_exact(&staff->grasp, 900);
	assert_exact(&staff->implementation, 750);        /* 135/180 */
	assert_int_equal(staff->implementation_grade, 'C');

	const struct ratetab_group *all = &t->orgs[0].group[GROUP_ALL];
	assert_int_equal(all->targets, 111);
	assert_int_equal(all->submitted, 99);
	assert_int_equal(all->grasp_tenths, 892);          /* 99/111 = 89.18… */
	assert_int_equal(all->implementation_tenths, 761); /* 153/201 = 76.11… */
	assert_int_equal(all->implementation_grade, 'C');

	const struct ratetab_group *sys = &t->orgs[0].group[GROUP_SYSTEM_OFFICERS];
	assert_false(sys->present);
	assert_int_equal(sys->grasp_tenths, -1);
	assert_int_equal(sys->grasp_grade, 0);
	assert_int_equal(sys->implementation_tenths, -1);

	const struct ratetab_group *bsys = &t->orgs[1].group[GROUP_SYSTEM_OFFICERS];
	assert_exact(&bsys->grasp, 800);
	assert_int_equal(bsys->grasp_grade, 'B');         /* exactly 80% is B */
	assert_int_equal(t->orgs[1].group[GROUP_STAFF].grasp_grade, 'A');
	assert_int_equal(t->orgs[1].group[GROUP_STAFF].implementation_tenths, 975);
	assert_int_equal(t->orgs[2].group[GROUP_OFFICERS].implementation_grade, 'A');
	ratetab_free(t);
}

static void test_items_and_categories(void **state)
{
	struct world *w = *state;
	struct ratetab *t = build(w, RATETAB_UNWEIGHTED);
	const struct ratetab_org *a = &t->orgs[0];
	size_t o1 = (size_t)quest_find_item(w->q, "O-01"), s1 = (size_t)quest_find_item(w->q, "S-01"),
	       s2 = (size_t)quest_find_item(w->q, "S-02"), y1 = (size_t)quest_find_item(w->q, "Y-01");
	/* O-01 pools ciso and division_officer: 7 of 9. */
	const struct ratetab_rate *r = ratetab_item(t, a, GROUP_OFFICERS, o1);
	assert_true(r->present);
	assert_int_equal(r->answers.implemented, 7);
	assert_int_equal(r->answers.not_implemented, 2);
	assert_int_equal(r->tenths, 778);
	/* not applicable is outside the rate: 3 of 4. */
	assert_exact(&ratetab_item(t, a, GROUP_OFFICERS, s2)->rate, 750);
	assert_int_equal(ratetab_item(t, a, GROUP_OFFICERS, s2)->answers.not_applicable, 4);
	/* S-02 in "all" pools the officers' and the staff's answers: 93 of 94. */
	r = ratetab_item(t, a, GROUP_ALL, s2);
	assert_int_equal(r->answers.implemented, 93);
	assert_int_equal(r->answers.not_implemented, 1);
	assert_int_equal(r->tenths, 989);
	/* An item nobody in the group answers has no rate. */
	assert_false(ratetab_item(t, a, GROUP_OFFICERS, s1)->present);
	assert_int_equal(ratetab_item(t, a, GROUP_OFFICERS, y1)->tenths, -1);
	/* Category b of the officers: O-02 (8/8) and S-02 (3/4) pooled = 11/12. */
	size_t cb = (size_t)quest_find_category(w->q, "b");
	r = ratetab_category(t, a, GROUP_OFFICERS, cb);
	assert_int_equal(r->answers.implemented, 11);
	assert_int_equal(r->tenths, 917);
	assert_null(ratetab_item(t, a, GROUP_OFFICERS, w->q->item_count));
	ratetab_free(t);
}

static void test_attainment(void **state)
{
	struct ratetab *t = build(*state, RATETAB_UNWEIGHTED);
	/* Officers of aaa: items at 77.8%, 100%, 75% → 1 of 3 at every threshold. */
	const struct ratetab_group *off = &t->orgs[0].group[GROUP_OFFICERS];
	for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++)
		assert_int_equal(off->attainment_tenths[a], 333);
	/* Staff of bbb: S-01 at 95%, S-02 at 100% → 50% at 100, 100% at 95 and 90. */
	const struct ratetab_group *bs = &t->orgs[1].group[GROUP_STAFF];
	assert_exact(&bs->attainment[0], 500);
	assert_exact(&bs->attainment[1], 1000);
	assert_exact(&bs->attainment[2], 1000);
	/* Government staff, unweighted: mean of aaa (50, 50, 50) and bbb (50, 100, 100). */
	const struct ratetab_group *gs = &t->government[GROUP_STAFF];
	assert_exact(&gs->attainment[0], 500);
	assert_exact(&gs->attainment[1], 750);
	assert_exact(&gs->attainment[2], 750);
	ratetab_free(t);
}

static void test_government_unweighted(void **state)
{
	struct world *w = *state;
	struct ratetab *t = build(w, RATETAB_UNWEIGHTED);
	const struct ratetab_group *gs = &t->government[GROUP_STAFF];
	assert_int_equal(gs->contributors, 2);             /* ccc has no staff */
	assert_int_equal(gs->targets, 120);                /* counts are sums */
	assert_int_equal(gs->submitted, 110);
	assert_exact(&gs->grasp, 950);                     /* (90 + 100) / 2 */
	assert_int_equal(gs->implementation_tenths, 863);  /* (75 + 97.5) / 2 = 86.25 → 86.3 */
	const struct ratetab_group *go = &t->government[GROUP_OFFICERS];
	assert_int_equal(go->contributors, 2);
	assert_int_equal(go->grasp_tenths, 909);           /* (9/11 + 1) / 2 = 90.90… */
	assert_int_equal(go->implementation_tenths, 929);  /* (18/21 + 1) / 2 = 92.85… */
	size_t s1 = (size_t)quest_find_item(w->q, "S-01");
	const struct ratetab_rate *r = ratetab_item(t, NULL, GROUP_STAFF, s1);
	assert_int_equal(r->contributors, 2);
	assert_int_equal(r->answers.implemented, 64);
	assert_exact(&r->rate, 725);                       /* (50 + 95) / 2 */
	ratetab_free(t);
}

static void test_government_headcount(void **state)
{
	struct world *w = *state;
	struct ratetab *t = build(w, RATETAB_HEADCOUNT);
	const struct ratetab_group *gs = &t->government[GROUP_STAFF];
	assert_int_equal(gs->grasp_tenths, 917);           /* 110/120 */
	assert_int_equal(gs->implementation_tenths, 791);  /* 174/220 = 79.09… */
	assert_int_equal(gs->implementation_grade, 'C');
	size_t s1 = (size_t)quest_find_item(w->q, "S-01");
	assert_int_equal(ratetab_item(t, NULL, GROUP_STAFF, s1)->tenths, 582); /* 64/110 */
	/* Attainment over the pooled items: S-01 58.2%, S-02 100%. */
	for (int a = 0; a < RATETAB_ATTAINMENT_COUNT; a++)
		assert_exact(&gs->attainment[a], 500);
	ratetab_free(t);
}

/* One organisation whose staff answer S-01 with the given counts. */
static struct ratetab *single(struct quest *q, struct tally **out, uint64_t impl, uint64_t not_impl,
			      const struct grade_scale *scale)
{
	struct tally *t = fixture_tally(q, "one", 0);
	fixture_role(t, ROLE_STAFF, impl + not_impl, impl + not_impl);
	fixture_item(t, ROLE_STAFF, "S-01", impl, not_impl, 0);
	struct ratetab *rt;
	assert_int_equal(ratetab_build(q, &t, 1, &(struct ratetab_spec){RATE_METHOD_POOLED, RATETAB_UNWEIGHTED, scale ? *scale : RATE_DEFAULT_SCALE}, &rt), 0);
	*out = t;
	return rt;
}

static void expect_display(struct quest *q, uint64_t impl, uint64_t not_impl, int tenths, char grade)
{
	struct tally *t;
	struct ratetab *rt = single(q, &t, impl, not_impl, NULL);
	const struct ratetab_group *g = &rt->orgs[0].group[GROUP_STAFF];
	assert_int_equal(g->implementation_tenths, tenths);
	assert_int_equal(g->implementation_grade, grade);
	ratetab_free(rt);
	tally_free(t);
}

static void test_display_rule_and_grades(void **state)
{
	struct world *w = *state;
	expect_display(w->q, 10, 0, 1000, 'A');
	expect_display(w->q, 1999, 1, 999, 'B');     /* 99.95% is not 100 */
	expect_display(w->q, 4, 1, 800, 'B');        /* exactly 80% */
	expect_display(w->q, 7999, 2001, 799, 'C');   /* 79.99% */
	expect_display(w->q, 3, 2, 600, 'C');        /* exactly 60% */
	expect_display(w->q, 5995, 4005, 599, 'D');  /* 59.95% */
	expect_display(w->q, 1, 1999, 1, 'D');       /* 0.05% rounds half up */
	expect_display(w->q, 0, 5, 0, 'D');
	/* Thresholds from configuration. */
	struct grade_scale scale;
	assert_int_equal(rate_scale_parse("100,90,70", &scale), 0);
	struct tally *t;
	struct ratetab *rt = single(w->q, &t, 85, 15, &scale);
	assert_int_equal(rt->orgs[0].group[GROUP_STAFF].implementation_grade, 'C');
	ratetab_free(rt);
	tally_free(t);
}

static void test_unweighted_mean_is_exact(void **state)
{
	struct world *w = *state;
	struct tally *t[3];
	for (int i = 0; i < 3; i++) {
		t[i] = fixture_tally(w->q, i == 0 ? "x" : i == 1 ? "y" : "z", 0);
		fixture_role(t[i], ROLE_STAFF, 3, 3);
		fixture_item(t[i], ROLE_STAFF, "S-01", i == 2 ? 2 : 1, i == 2 ? 1 : 2, 0);
	}
	/* 1/3 and 2/3 average to exactly one half. */
	struct ratetab *rt;
	assert_int_equal(ratetab_build(w->q, &t[1], 2, &(struct ratetab_spec){RATE_METHOD_POOLED, RATETAB_UNWEIGHTED, RATE_DEFAULT_SCALE}, &rt), 0);
	assert_exact(&rt->government[GROUP_STAFF].implementation, 500);
	ratetab_free(rt);
	/* Three times 1/3 with 1/3 … : (1/3 + 1/3 + 2/3) / 3 = 4/9 = 44.44…, shown 44.4, above it. */
	assert_int_equal(ratetab_build(w->q, t, 3, &(struct ratetab_spec){RATE_METHOD_POOLED, RATETAB_UNWEIGHTED, RATE_DEFAULT_SCALE}, &rt), 0);
	const struct ratetab_group *g = &rt->government[GROUP_STAFF];
	assert_int_equal(g->implementation_tenths, 444);
	assert_int_equal(rate_compare_tenths(&g->implementation, 444), 1);
	assert_int_equal(g->contributors, 3);
	ratetab_free(rt);
	for (int i = 0; i < 3; i++)
		tally_free(t[i]);
}

static void test_empty(void **state)
{
	struct world *w = *state;
	struct ratetab *rt;
	assert_int_equal(ratetab_build(w->q, NULL, 0, &(struct ratetab_spec){RATE_METHOD_POOLED, RATETAB_UNWEIGHTED, RATE_DEFAULT_SCALE}, &rt), 0);
	assert_false(rt->government[GROUP_ALL].present);
	assert_int_equal(rt->government[GROUP_ALL].grasp_tenths, -1);
	ratetab_free(rt);
	ratetab_free(NULL);
}

/* The government's inspection rate pools systems: 19 of 20 web servers (95%), not the mean of
 * the organisations' 100% and 90% (95% too) — so the counts are chosen to tell them apart. */
static void test_inspection_pools_systems(void **state)
{
	(void)state;
	struct quest *q = fixture_quest_inspection();
	assert_non_null(q);
	struct tally *t[3] = {fixture_tally(q, "big", 1), fixture_tally(q, "small", 2), fixture_tally(q, "none", 3)};
	for (int i = 0; i < 3; i++)
		fixture_role(t[i], ROLE_STAFF, 1, 1);
	fixture_systems(t[0], "web_server", 90);
	fixture_system_item(t[0], "W-01", 89, 1, 0);      /* 98.9% */
	fixture_system_item(t[0], "W-02", 0, 0, 90);      /* no system obliged */
	fixture_systems(t[0], "mail_domain", 4);
	fixture_system_item(t[0], "D-01", 3, 1, 0);
	fixture_systems(t[1], "web_server", 10);
	fixture_system_item(t[1], "W-01", 5, 5, 0);       /* 50% */
	fixture_system_item(t[1], "W-02", 1, 0, 9);
	struct ratetab *rt;
	assert_int_equal(ratetab_build(q, t, 3, NULL, &rt), 0);
	const struct ratetab_inspection_rate *r = ratetab_inspection_item(rt, &rt->orgs[0], 0);
	assert_true(r->present);
	assert_int_equal(r->systems, 90);
	assert_int_equal(r->percent, 99);
	assert_int_equal(ratetab_inspection_item(rt, &rt->orgs[1], 0)->percent, 50);
	/* an item no system was obliged to carry out has no rate */
	assert_int_equal(ratetab_inspection_item(rt, &rt->orgs[0], 1)->percent, -1);
	/* the organisation that counts no mail domain, and the one without the section */
	assert_false(ratetab_inspection_item(rt, &rt->orgs[1], 2)->present);
	assert_false(ratetab_inspection_item(rt, &rt->orgs[2], 0)->present);
	assert_false(ratetab_inspection_known(rt, &rt->orgs[2]));
	assert_true(ratetab_inspection_known(rt, NULL));
	/* the government: 94 of 100 web servers, 94% (the mean of 98.9 and 50 would be 74) */
	r = ratetab_inspection_item(rt, NULL, 0);
	assert_int_equal(r->systems, 100);
	assert_int_equal(r->answers.implemented, 94);
	assert_int_equal(r->percent, 94);
	assert_int_equal(ratetab_inspection_item(rt, NULL, 1)->percent, 100);
	assert_int_equal(ratetab_inspection_item(rt, NULL, 2)->percent, 75);
	assert_int_equal(ratetab_systems_of(rt, NULL, 0)->systems, 100);
	assert_int_equal(ratetab_systems_of(rt, NULL, 0)->contributors, 2);
	assert_int_equal(ratetab_systems_of(rt, NULL, 1)->systems, 4);
	assert_null(ratetab_inspection_item(rt, NULL, 3));
	ratetab_free(rt);
	/* half up: 19 of 20 is 95%, 189 of 200 is 94.5% and prints 95, 1889 of 2000 prints 94 */
	static const uint64_t cases[][3] = {{19, 1, 95}, {189, 11, 95}, {1889, 111, 94}, {0, 3, 0}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct tally *one = fixture_tally(q, "one", 1);
		fixture_systems(one, "web_server", cases[i][0] + cases[i][1]);
		fixture_system_item(one, "W-01", cases[i][0], cases[i][1], 0);
		assert_int_equal(ratetab_build(q, &one, 1, NULL, &rt), 0);
		assert_int_equal(ratetab_inspection_item(rt, NULL, 0)->percent, (int)cases[i][2]);
		ratetab_free(rt);
		tally_free(one);
	}
	for (int i = 0; i < 3; i++)
		tally_free(t[i]);
	quest_free(q);
}

/* A table of groups only has the same role and group rows (item attainment aside), under
 * both methods and weightings, and no item or category rates. */
static void test_groups_only_rows_match(void **state)
{
	struct world *w = *state;
	for (int m = 0; m < 2; m++) {
		for (int wt = 0; wt < 2; wt++) {
			struct ratetab_spec spec = fixture_spec(m ? RATE_METHOD_POOLED : RATE_METHOD_NISC,
								wt ? RATETAB_HEADCOUNT : RATETAB_UNWEIGHTED, NULL);
			struct ratetab *full, *groups;
			assert_int_equal(ratetab_build(w->q, w->t, w->n, &spec, &full), 0);
			assert_int_equal(ratetab_build_groups(w->q, w->t, w->n, &spec, &groups), 0);
			assert_true(groups->groups_only);
			assert_null(groups->gov_item);
			for (size_t o = 0; o <= w->n; o++) {
				for (int g = 0; g < GROUP_ALL + 1 + ROLE_COUNT; g++) {
					const struct ratetab_group *a, *b;
					if (o == w->n) {
						a = g <= GROUP_ALL ? &full->government[g] : &full->gov_role[g - GROUP_ALL - 1];
						b = g <= GROUP_ALL ? &groups->government[g] : &groups->gov_role[g - GROUP_ALL - 1];
					} else {
						assert_null(groups->orgs[o].item);
						a = g <= GROUP_ALL ? &full->orgs[o].group[g] : &full->orgs[o].role[g - GROUP_ALL - 1];
						b = g <= GROUP_ALL ? &groups->orgs[o].group[g] : &groups->orgs[o].role[g - GROUP_ALL - 1];
					}
					assert_int_equal(a->present, b->present);
					assert_int_equal(a->targets, b->targets);
					assert_int_equal(a->submitted, b->submitted);
					assert_memory_equal(&a->answers, &b->answers, sizeof a->answers);
					assert_int_equal(a->grasp_tenths, b->grasp_tenths);
					assert_int_equal(a->grasp_grade, b->grasp_grade);
					assert_int_equal(a->implementation_tenths, b->implementation_tenths);
					assert_int_equal(a->implementation_grade, b->implementation_grade);
					for (int k = 0; k < RATETAB_ATTAINMENT_COUNT; k++) {
						assert_int_equal(a->persons_attainment_tenths[k], b->persons_attainment_tenths[k]);
						if (g < GROUP_ALL + 1)
							assert_int_equal(b->attainment_tenths[k], -1);
					}
				}
			}
			ratetab_free(full);
			ratetab_free(groups);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_org_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_items_and_categories, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attainment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_government_unweighted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_government_headcount, setup, teardown),
		cmocka_unit_test_setup_teardown(test_display_rule_and_grades, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unweighted_mean_is_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test(test_inspection_pools_systems),
		cmocka_unit_test_setup_teardown(test_groups_only_rows_match, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
