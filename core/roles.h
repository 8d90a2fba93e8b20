/*
 * roles: the fixed catalogue of subject groups and roles (docs/metrics.md).
 *
 * Codes are what files and command lines use; Japanese and English names are what the UI
 * and the reports show. The catalogue is static data: nothing here allocates, every
 * returned pointer is to a string constant that lives for the whole program.
 *
 * Roles are numbered in the order of the catalogue in docs/metrics.md, which is also the order in which a
 * respondent holding several roles answers them and the order of rows in reports.
 */
#ifndef SELFCHECK_ROLES_H
#define SELFCHECK_ROLES_H

#include <stdbool.h>

enum role {
	ROLE_CISO,
	ROLE_AUDIT_OFFICER,
	ROLE_CHIEF_OFFICER,
	ROLE_SECURITY_OFFICER,
	ROLE_DIVISION_OFFICER,
	ROLE_AREA_OFFICER,
	ROLE_INCIDENT_OFFICER,
	ROLE_SYSTEM_OFFICER,
	ROLE_SYSTEM_ADMIN,
	ROLE_STAFF,
	ROLE_SNS_OPERATOR,
	ROLE_COUNT
};

enum role_group {
	GROUP_OFFICERS,
	GROUP_SYSTEM_OFFICERS,
	GROUP_STAFF,
	GROUP_OTHERS,
	GROUP_COUNT,
	/* Not a group of roles: the pool of all of an organisation's roles. */
	GROUP_ALL = GROUP_COUNT
};

struct role_info {
	const char *code;      /* e.g. "division_officer" */
	const char *name_ja;   /* e.g. "課室情報セキュリティ責任者" */
	const char *name_en;   /* e.g. "Division information security officer" */
	enum role_group group;
};

struct group_info {
	const char *code;      /* "officers", "system_officers", "staff", "others", "all" */
	const char *name_ja;   /* "責任者等" …, "全主体平均" for all */
	const char *name_en;
	bool in_report;        /* one of the report's three subject groups (表２-１ … 表２-５) */
};

/* The slots of an array per group: every group, and GROUP_ALL (the pool of all) last. */
#define GROUP_SLOTS (GROUP_ALL + 1)

/* The groups' codes by enum role_group, "all" (GROUP_ALL) included, NULL-terminated:
 * officers, system_officers, staff, others, all. */
extern const char *const GROUP_CODES[GROUP_SLOTS + 1];

/* The report's subject groups (主体: the groups whose in_report is true, GROUP_ALL aside), in
 * the order of its tables (表２-１ … 表２-５): officers, system officers, staff. A table or
 * chart that adds the pool of all groups has SUBJECT_GROUP_COUNT + 1 columns or series. */
#define SUBJECT_GROUP_COUNT 3
extern const enum role_group SUBJECT_GROUPS[SUBJECT_GROUP_COUNT];

/* Catalogue entry of a role / group; role must be < ROLE_COUNT, group <= GROUP_ALL. */
const struct role_info *role_info(enum role role);
const struct group_info *group_info(enum role_group group);

/* Role by code; returns -1 when code is NULL or unknown. */
int role_from_code(const char *code);
/* Group by code, "all" included; returns -1 when NULL or unknown. */
int group_from_code(const char *code);

/* Convenience accessors. lang is "ja" or "en" (anything else means "ja"). */
const char *role_name(enum role role, const char *lang);
const char *group_name(enum role_group group, const char *lang);
enum role_group role_group_of(enum role role);

/* Whether role belongs to group; every role belongs to GROUP_ALL. */
bool role_in_group(enum role role, enum role_group group);

#endif
