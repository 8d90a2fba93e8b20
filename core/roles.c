/* roles: the role and group catalogue (docs/metrics.md). */
#include "core/roles.h"

#include <string.h>

static const struct role_info roles[ROLE_COUNT] = {
	[ROLE_CISO] = {"ciso", "最高情報セキュリティ責任者", "Chief information security officer (CISO)", GROUP_OFFICERS},
	[ROLE_AUDIT_OFFICER] = {"audit_officer", "情報セキュリティ監査責任者・実施者", "Information security auditor", GROUP_OFFICERS},
	[ROLE_CHIEF_OFFICER] = {"chief_officer", "統括情報セキュリティ責任者", "Chief coordinating information security officer", GROUP_OFFICERS},
	[ROLE_SECURITY_OFFICER] = {"security_officer", "情報セキュリティ責任者", "Information security officer", GROUP_OFFICERS},
	[ROLE_DIVISION_OFFICER] = {"division_officer", "課室情報セキュリティ責任者", "Division information security officer", GROUP_OFFICERS},
	[ROLE_AREA_OFFICER] = {"area_officer", "区域情報セキュリティ責任者", "Area information security officer", GROUP_OFFICERS},
	[ROLE_INCIDENT_OFFICER] = {"incident_officer", "障害・事故等に対応する責任者", "Officer responsible for incident response", GROUP_OFFICERS},
	[ROLE_SYSTEM_OFFICER] = {"system_officer", "情報システムセキュリティ責任者", "Information system security officer", GROUP_SYSTEM_OFFICERS},
	[ROLE_SYSTEM_ADMIN] = {"system_admin", "情報システムセキュリティ管理者（権限管理を行う者を含む）", "Information system security administrator (incl. access-rights administrators)", GROUP_SYSTEM_OFFICERS},
	[ROLE_STAFF] = {"staff", "行政事務従事者", "Administrative staff", GROUP_STAFF},
	[ROLE_SNS_OPERATOR] = {"sns_operator", "ソーシャルメディアの公式アカウント運用担当者", "Official social media account operator", GROUP_OTHERS},
};

/* The groups, each once: GROUP_INFO and GROUP_CODES are made from this list. */
#define GROUPS(X)                                                                       \
	X(GROUP_OFFICERS, "officers", "責任者等", "Officers", true)                       \
	X(GROUP_SYSTEM_OFFICERS, "system_officers", "システム責任者等", "System officers", true) \
	X(GROUP_STAFF, "staff", "行政事務従事者", "Administrative staff", true)           \
	X(GROUP_OTHERS, "others", "その他の担当者", "Other duties", false)                \
	X(GROUP_ALL, "all", "全主体平均", "All-groups average", true)

#define GROUP_INFO(group, code, ja, en, in_report) [group] = {code, ja, en, in_report},
static const struct group_info groups[GROUP_SLOTS] = {GROUPS(GROUP_INFO)};
#define GROUP_CODE(group, code, ja, en, in_report) [group] = code,
const char *const GROUP_CODES[GROUP_SLOTS + 1] = {GROUPS(GROUP_CODE)[GROUP_SLOTS] = NULL};

const enum role_group SUBJECT_GROUPS[SUBJECT_GROUP_COUNT] = {GROUP_OFFICERS, GROUP_SYSTEM_OFFICERS, GROUP_STAFF};

const struct role_info *role_info(enum role role) { return &roles[role]; }
const struct group_info *group_info(enum role_group group) { return &groups[group]; }
enum role_group role_group_of(enum role role) { return roles[role].group; }

int role_from_code(const char *code)
{
	if (!code)
		return -1;
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(roles[i].code, code) == 0)
			return i;
	return -1;
}

int group_from_code(const char *code)
{
	if (!code)
		return -1;
	for (int i = 0; i <= GROUP_ALL; i++)
		if (strcmp(groups[i].code, code) == 0)
			return i;
	return -1;
}

static int is_en(const char *lang) { return lang && strcmp(lang, "en") == 0; }

const char *role_name(enum role role, const char *lang)
{
	return is_en(lang) ? roles[role].name_en : roles[role].name_ja;
}

const char *group_name(enum role_group group, const char *lang)
{
	return is_en(lang) ? groups[group].name_en : groups[group].name_ja;
}

bool role_in_group(enum role role, enum role_group group)
{
	return group == GROUP_ALL || roles[role].group == group;
}
