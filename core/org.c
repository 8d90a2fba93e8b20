/* org: organisation records. */
#include "core/org.h"
#include "core/diag.h"
#include "core/text.h"

#include <glib.h>

#include <stdlib.h>
#include <string.h>

const char *org_name_problem(const char *name)
{
	const char *problem = text_line_problem(name);
	if (problem)
		return problem;
	if (g_utf8_strlen(name, -1) > ORG_NAME_MAX)
		return "is longer than " G_STRINGIFY(ORG_NAME_MAX) " characters";
	return NULL;
}

void org_release(struct org *o)
{
	if (!o)
		return;
	free(o->code);
	free(o->name);
	free(o->name_en);
	free(o->note_ja);
	free(o->note_en);
	free(o->kind);
	free(o->supervisor);
	memset(o, 0, sizeof *o);
}

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

void org_copy(struct org *dst, const struct org *src)
{
	dst->code = dup_or_null(src->code);
	dst->name = dup_or_null(src->name);
	dst->name_en = dup_or_null(src->name_en);
	dst->order = src->order;
	dst->note_ja = dup_or_null(src->note_ja);
	dst->note_en = dup_or_null(src->note_en);
	dst->kind = dup_or_null(src->kind);
	dst->supervisor = dup_or_null(src->supervisor);
}

const char *const ORG_KINDS[ORG_KIND_COUNT + 1] = {"ministry", "agency", "national_university",
						   "designated_corporation", NULL};
static const char *const kind_ja[ORG_KIND_COUNT] = {"府省庁", "独立行政法人", "国立大学法人等", "指定法人"};
static const char *const kind_en[ORG_KIND_COUNT] = {"Ministry or agency of the government",
						    "Incorporated administrative agency",
						    "National university corporation",
						    "Designated corporation"};

int org_kind_valid(const char *code)
{
	for (int i = 0; code && i < ORG_KIND_COUNT; i++)
		if (strcmp(code, ORG_KINDS[i]) == 0)
			return 1;
	return 0;
}

const char *org_kind(const struct org *o)
{
	return o->kind ? o->kind : "ministry";
}

const char *org_kind_name(const char *code, const char *lang)
{
	for (int i = 0; code && i < ORG_KIND_COUNT; i++)
		if (strcmp(code, ORG_KINDS[i]) == 0)
			return lang && strcmp(lang, "en") == 0 ? kind_en[i] : kind_ja[i];
	return code ? code : "";
}

int org_compare_report_order(const void *a, const void *b)
{
	const struct org *x = a, *y = b;
	int ox = x->order > 0 ? x->order : 1 << 30, oy = y->order > 0 ? y->order : 1 << 30;
	if (ox != oy)
		return ox < oy ? -1 : 1;
	return strcmp(x->code, y->code);
}

const char *org_name(const struct org *o, const char *lang)
{
	if (lang && strcmp(lang, "en") == 0 && o->name_en)
		return o->name_en;
	return o->name;
}
