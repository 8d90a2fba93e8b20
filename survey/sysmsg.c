/* sysmsg: the table of the focused inspection's messages. */
#include "survey/sysmsg.h"

#include <string.h>

static const char *const messages[SYSMSG_COUNT][2] = {
	[SYSMSG_PICKER_TITLE] = {"回答するものを選んでください", "Choose what to answer"},
	[SYSMSG_OWN_SHEET] = {"自分の点検票（自己点検）", "Your own self-check sheet"},
	[SYSMSG_SYSTEMS_HEADING] = {"担当する情報システム（重点検査）", "Systems in your charge (focused inspection)"},
	[SYSMSG_REFERENCE_DATE] = {"検査基準日", "Reference date"},
	[SYSMSG_ANSWER_AS_OF] = {"検査基準日時点の状態で、システムごとに答えてください。",
				 "Answer for each system as it stood on the reference date."},
	[SYSMSG_KIND] = {"対象", "Kind"},
	[SYSMSG_SYSTEM] = {"システム", "System"},
	[SYSMSG_GROUP] = {"区分", "Group"},
	[SYSMSG_ITEM] = {"検査項目", "Item"},
	[SYSMSG_DONE] = {"回答済", "answered"},
	[SYSMSG_SYSTEM_DONE] = {"このシステムの全項目に回答しました", "Every item of this system is answered"},
	[SYSMSG_NOT_YOURS] = {"このシステムは担当ではなくなりました（一覧を更新しました）",
			      "This system is no longer yours to answer (the list is updated)"},
	[SYSMSG_LINE_CHOOSE] = {"番号 [0 自分の点検票 / システムの番号 / q 中断]",
				"number [0 your own sheet / a system's number / q quit]"},
	[SYSMSG_LINE_NO_SUCH] = {"一覧の番号を入力してください。", "Enter a number from the list."},
	[SYSMSG_LINE_ANSWER] = {"回答 [1 実施 / 2 未実施 / 3 該当なし / b 戻る / ? 解説 / l 一覧へ / q 中断]",
				"answer [1 implemented / 2 not implemented / 3 not applicable / b back / ? explanation / l list / q quit]"},
	[SYSMSG_LINE_INVALID] = {"1、2、3 のいずれかで回答してください（b 戻る、? 解説、l 一覧へ、q 中断）。",
				 "Answer 1, 2 or 3 (b back, ? explanation, l list, q quit)."},
};

const char *sysmsg_get(const char *lang, enum sysmsg_id id)
{
	if (id >= SYSMSG_COUNT)
		return "";
	return messages[id][lang && strcmp(lang, "en") == 0];
}
