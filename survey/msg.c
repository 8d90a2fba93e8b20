/* msg: the table of the questionnaire's messages. */
#include "survey/msg.h"

#include <stdlib.h>
#include <string.h>

static const char *const messages[MSG_COUNT][2] = {
	[MSG_LOGIN_TITLE] = {"ログイン", "Log in"},
	[MSG_PERSON_ID] = {"職員ID", "Person ID"},
	[MSG_TOKEN] = {"トークン", "Token"},
	[MSG_LOGIN_KEYS] = {"Enter 次へ・ログイン  Tab 項目の切替  Esc 終了",
			    "Enter next / log in  Tab switch field  Esc quit"},
	[MSG_LOGIN_FAILED] = {"ログインできません。職員IDまたはトークンが正しくありません。",
			      "Login failed: the person ID or the token is not correct."},
	[MSG_CLOSED] = {"今年度の自己点検の受付は終了しました。回答は受け付けられません。",
			"The self-check of this fiscal year is closed; answers are no longer accepted."},
	[MSG_NO_ITEMS] = {"回答する項目はありません。", "You have no items to answer."},
	[MSG_ROLE] = {"役割", "Role"},
	[MSG_CATEGORY] = {"分類", "Category"},
	[MSG_CLAUSE] = {"基準の項番", "Clause"},
	[MSG_ANSWER_1] = {"実施している", "implemented"},
	[MSG_ANSWER_2] = {"実施していない", "not implemented"},
	[MSG_ANSWER_3] = {"該当なし", "not applicable"},
	[MSG_UNANSWERED] = {"未回答", "unanswered"},
	[MSG_ANSWERED] = {"回答済", "answered"},
	[MSG_CURRENT_ANSWER] = {"現在の回答", "Current answer"},
	[MSG_QUESTION_KEYS] = {"1 実施  2 未実施  3 該当なし  ? 解説  ←→ 移動  r 一覧  q 中断",
			       "1 implemented  2 not implemented  3 not applicable  ? explanation  <- -> move  r review  q quit"},
	[MSG_EXPLANATION] = {"解説", "Explanation"},
	[MSG_EXPLANATION_KEYS] = {"? 解説を閉じる", "? close the explanation"},
	[MSG_REVIEW_TITLE] = {"回答の一覧", "Review of your answers"},
	[MSG_REVIEW_KEYS] = {"↑↓ 選択  Enter その項目へ  s 提出  Esc 戻る  q 中断",
			     "Up/Down choose  Enter go to item  s submit  Esc back  q quit"},
	[MSG_NOT_COMPLETE] = {"未回答の項目があるため提出できません。未回答",
			      "Cannot submit yet: items unanswered"},
	[MSG_CONFIRM_SUBMIT] = {"この回答を提出しますか。", "Submit these answers?"},
	[MSG_CONFIRM_KEYS] = {"y 提出する  n やめる", "y submit  n cancel"},
	[MSG_RECEIPT_TITLE] = {"提出しました（受付票）", "Submitted (receipt)"},
	[MSG_SUBMITTED_AT] = {"提出日時", "Submitted at"},
	[MSG_ANSWER_COUNT] = {"回答数", "Answers"},
	[MSG_DIGEST] = {"回答の要約値", "Digest of the answers"},
	[MSG_RECEIPT_KEYS] = {"q 終了  r 一覧へ戻る", "q finish  r back to the review"},
	[MSG_SUBMITTED_BEFORE] = {"提出済み", "Submitted"},
	[MSG_RESUBMIT_NOTE] = {"受付終了までは回答を変更して再提出できます。",
			       "Until the collection closes you may change answers and submit again."},
	[MSG_SAVED] = {"回答は保存されています。再度ログインすると続きから回答できます。",
		       "Your answers are saved. Log in again to continue where you stopped."},
	[MSG_LINE_ANSWER_PROMPT] = {"回答 [1 実施 / 2 未実施 / 3 該当なし / b 戻る / ? 解説 / q 中断]",
				    "answer [1 implemented / 2 not implemented / 3 not applicable / b back / ? explanation / q quit]"},
	[MSG_LINE_INVALID] = {"1、2、3 のいずれかで回答してください（b 戻る、? 解説、q 中断）。",
			      "Please answer 1, 2 or 3 (b back, ? explanation, q quit)."},
	[MSG_LINE_SUBMIT_PROMPT] = {"すべての項目に回答しました。提出しますか [y/n/b]",
				    "All items are answered. Submit? [y/n/b]"},
	[MSG_LINE_NOT_SUBMITTED] = {"提出していません。回答は保存されています。",
				    "Not submitted. Your answers are saved."},
	[MSG_LINE_GOTO_UNANSWERED] = {"未回答の項目に戻ります。", "Going back to the first unanswered item."},
	[MSG_WELCOME] = {"ようこそ", "Welcome"},
	[MSG_SCREEN_TOO_SMALL] = {"画面が小さすぎます", "Screen too small"},
};

const char *msg_get(const char *lang, enum msg_id id)
{
	int en = lang && strcmp(lang, "en") == 0;
	return messages[id][en];
}

const char *msg_answer(const char *lang, char code)
{
	switch (code) {
	case '1':
		return msg_get(lang, MSG_ANSWER_1);
	case '2':
		return msg_get(lang, MSG_ANSWER_2);
	case '3':
		return msg_get(lang, MSG_ANSWER_3);
	}
	return msg_get(lang, MSG_UNANSWERED);
}

const char *msg_default_lang(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "en", 2) == 0 ? "en" : "ja";
	}
	return "ja";
}
