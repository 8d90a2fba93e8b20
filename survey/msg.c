/* msg: the table of the questionnaire's messages. */
#include "survey/msg.h"
#include "core/responses.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

static const char *const messages[MSG_COUNT][2] = {
	[MSG_LOGIN_TITLE] = {"ログイン", "Log in"},
	[MSG_PERSON_ID] = {"職員ID", "Person ID"},
	[MSG_TOKEN] = {"トークン", "Token"},
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
	[MSG_EXPLANATION] = {"解説", "Explanation"},
	[MSG_REVIEW_TITLE] = {"回答の一覧", "Review of your answers"},
	[MSG_NOT_COMPLETE] = {"未回答の項目があるため提出できません。未回答",
			      "Cannot submit yet: items unanswered"},
	[MSG_CONFIRM_SUBMIT] = {"この回答を提出しますか。", "Submit these answers?"},
	[MSG_RECEIPT_TITLE] = {"提出しました（受付票）", "Submitted (receipt)"},
	[MSG_SUBMITTED_AT] = {"提出日時", "Submitted at"},
	[MSG_ANSWER_COUNT] = {"回答数", "Answers"},
	[MSG_DIGEST] = {"回答の要約値", "Digest of the answers"},
	[MSG_SUBMITTED_BEFORE] = {"提出済み", "Submitted"},
	[MSG_RESUBMIT_NOTE] = {"受付終了までは回答を変更して再提出できます。",
			       "Until the collection closes you may change answers and submit again."},
	[MSG_SAVED] = {"回答は保存されています。再度ログインすると続きから回答できます。",
		       "Your answers are saved. Log in again to continue where you stopped."},
	[MSG_LINE_ANSWER_PROMPT] = {"回答 [1 実施 / 2 未実施 / 3 該当なし / b 戻る / ? 解説 / help ほかのコマンド / q 中断]",
				    "answer [1 implemented / 2 not implemented / 3 not applicable / b back / ? explanation / help more commands / q quit]"},
	[MSG_LINE_INVALID] = {"1、2、3 のいずれかで回答してください（help でコマンドの一覧）。",
			      "Please answer 1, 2 or 3 (help lists the other commands)."},
	[MSG_LINE_SUBMIT_PROMPT] = {"すべての項目に回答しました。提出しますか [y/n/b]",
				    "All items are answered. Submit? [y/n/b]"},
	[MSG_LINE_NOT_SUBMITTED] = {"提出していません。回答は保存されています。",
				    "Not submitted. Your answers are saved."},
	[MSG_LINE_GOTO_UNANSWERED] = {"未回答の項目に戻ります。", "Going back to the first unanswered item."},
	[MSG_WELCOME] = {"ようこそ", "Welcome"},
	[MSG_SCREEN_TOO_SMALL] = {"画面が小さすぎます（40x10 以上が必要です）。ウィンドウを広げるか、--plain を付けて起動してください。",
				  "The window is too small (40x10 or more is needed). Enlarge the window or use --plain."},
	[MSG_MORE] = {"続きあり", "more"},
	[MSG_CHOOSE_FIRST] = {"1、2、3 を押すか、上下の矢印で選んで Enter を押してください",
			      "Press 1, 2 or 3, or choose with Up/Down and press Enter"},
	[MSG_TERMINAL_UNUSABLE] = {"この端末では全画面表示ができないため、1行ずつの表示（--plain）で続けます",
				   "this terminal cannot show the full screen; continuing in line mode (--plain)"},
	[MSG_NOT_A_TERMINAL] = {"入力または出力が端末ではないため、1行ずつの表示（--plain）で続けます",
				"input or output is not a terminal; continuing in line mode (--plain)"},
	[MSG_CHANGED_AFTER_SUBMIT] = {"提出後の変更", "Changed after submission at"},
	[MSG_CHANGED_NOTE] = {"提出後の変更も受付終了までは有効で、集計に含まれます。新しい受付票が必要なら、もう一度提出してください。",
			      "Changes after submission count until the collection closes. Submit again for a new receipt."},
	[MSG_PREVIOUS_SUBMISSION] = {"前回の提出", "Replaces the submission of"},
	[MSG_LINE_ITEM] = {"項目", "item"},
	[MSG_LINE_ITEM_OF] = {"/", "of"},
	[MSG_LINE_HELP] = {"コマンド:\n"
			   "  1 2 3     回答する（1 実施、2 実施していない、3 該当なし）\n"
			   "  空行      今の回答のまま次へ\n"
			   "  b / n     前の項目 / 次の項目\n"
			   "  ?         この項目の解説\n"
			   "  list      すべての項目と回答の一覧\n"
			   "  go 番号   その項目へ移る（例: go 3）\n"
			   "  review    回答状況を確かめ、すべて回答済みなら提出へ\n"
			   "  help      このコマンドの一覧\n"
			   "  q         中断（回答は保存されています）",
			   "Commands:\n"
			   "  1 2 3     answer (1 implemented, 2 not implemented, 3 not applicable)\n"
			   "  (empty)   keep the current answer and go on\n"
			   "  b / n     previous item / next item\n"
			   "  ?         the explanation of this item\n"
			   "  list      every item with its answer\n"
			   "  go N      go to item N (for example: go 3)\n"
			   "  review    how far you are; submit when every item is answered\n"
			   "  help      this list\n"
			   "  q         quit (your answers are saved)"},
	[MSG_LINE_NO_SUCH_ITEM] = {"その番号の項目はありません。番号は 1 から次まで:", "There is no such item; give a number from 1 to"},
	[MSG_LINE_UNANSWERED_ITEMS] = {"未回答の項目", "Unanswered items"},
	[MSG_LINE_ALL_ANSWERED] = {"すべての項目に回答済みです。", "Every item is answered."},
	[MSG_CHOICE_SINGLE_HINT] = {"当てはまるものの番号を押してください（上下の矢印と Enter でも選べます）",
				    "Press the number of the answer that fits (or Up/Down and Enter)"},
	[MSG_CHOICE_MULTI_HINT] = {"番号かスペースで選ぶ・外す、Enter で確定（複数選択可）",
				   "Number or Space picks / unpicks; Enter confirms (several allowed)"},
	[MSG_CHOICE_NO_SUCH] = {"選択肢の番号は 1 から", "No such option; press 1 to"},
	[MSG_CHOICE_PICK_ONE] = {"選択肢を1つ以上選んでから Enter を押してください（番号かスペースで選びます）",
				 "Pick at least one option first (with its number or Space), then press Enter"},
	[MSG_CHOICE_MULTI_MARK] = {"※複数選択可", "* several answers allowed"},
	[MSG_LINE_CHOICE_PROMPT] = {"回答 [選択肢の番号 / b 戻る / ? 解説 / help ほかのコマンド / q 中断]",
				    "answer [the option's number / b back / ? explanation / help more commands / q quit]"},
	[MSG_LINE_CHOICE_MULTI_PROMPT] = {"回答 [選択肢の番号、複数はカンマ区切り（例: 1,3） / b 戻る / ? 解説 / help / q 中断]",
					  "answer [option numbers, several separated by commas (e.g. 1,3) / b back / ? explanation / help / q quit]"},
	[MSG_LINE_CHOICE_INVALID] = {"選択肢の番号で回答してください", "Please answer with option numbers"},
	[MSG_NOT_ASKED] = {"対象外", "not asked"},
};

/* Per key bar: its forms for 80, 60 and 40 columns (NULL: the previous form serves), each
 * in Japanese and English. */
static const char *const keybars[KEYBAR_COUNT][3][2] = {
	[KEYBAR_LOGIN] = {{"Enter 次へ・ログイン  Tab 項目の切替  Esc 終了",
			   "Enter next / log in  Tab switch field  Esc quit"},
			  {NULL, NULL},
			  {"Enter 次へ  Tab 切替  Esc 終了", "Enter next  Tab field  Esc quit"}},
	[KEYBAR_QUESTION] = {{"1 実施  2 未実施  3 該当なし  ? 解説  ←→ 移動  r 一覧  q 中断",
			      "1 implemented  2 not implemented  3 not applicable  ? explanation  <- -> move  r review  q quit"},
			     {"1/2/3 回答  ? 解説  b/n 前後  r 一覧  q 中断",
			      "1/2/3 answer  ? explain  b/n prev/next  r review  q quit"},
			     {"1/2/3 回答  ? 解説  r 一覧  q 中断", "1-3 answer ? explain r review q quit"}},
	[KEYBAR_EXPLANATION] = {{"1 実施  2 未実施  3 該当なし  ? 解説を閉じる  ←→ 移動  r 一覧  q 中断",
				 "1 implemented  2 not implemented  3 not applicable  ? close the explanation  <- -> move  r review  q quit"},
				{"1/2/3 回答  ? 解説を閉じる  b/n 前後  q 中断",
				 "1/2/3 answer  ? close explanation  b/n move  q quit"},
				{"1/2/3 回答  ? 解説を閉じる  q 中断", "1-3 answer ? close q quit"}},
	[KEYBAR_REVIEW] = {{"↑↓ 選択  Enter その項目へ  s 提出  Esc 戻る  q 中断",
			    "Up/Down choose  Enter go to item  s submit  Esc back  q quit"},
			   {NULL, "Up/Down choose  Enter open  s submit  Esc back  q quit"},
			   {"Enter 項目へ  s 提出  Esc 戻る  q 中断", "Enter open  s submit  Esc back  q quit"}},
	[KEYBAR_CONFIRM] = {{"y 提出する  n やめる", "y submit  n cancel"}, {NULL, NULL}, {NULL, NULL}},
	[KEYBAR_RECEIPT] = {{"q 終了  r 一覧へ戻る", "q finish  r back to the review"}, {NULL, NULL},
			    {NULL, "q finish  r review"}},
	[KEYBAR_TOO_SMALL] = {{"q 終了", "q quit"}, {NULL, NULL}, {NULL, NULL}},
	[KEYBAR_SYSTEMS] = {{"↑↓ 選択  Enter 開く  q 中断", "Up/Down choose  Enter open  q quit"}, {NULL, NULL},
			    {NULL, "Enter open  q quit"}},
	[KEYBAR_SYSTEM_ITEM] = {{"1 実施  2 未実施  3 該当なし  ? 解説  ←→ 移動  l 一覧へ  q 中断",
				 "1 implemented  2 not implemented  3 not applicable  ? explanation  <- -> move  l list  q quit"},
				{"1/2/3 回答  ? 解説  ←→ 移動  l 一覧へ  q 中断",
				 "1/2/3 answer  ? explain  <- -> move  l list  q quit"},
				{"1/2/3 回答  ? 解説  l 一覧  q 中断", "1-3 answer ? explain l list q quit"}},
	[KEYBAR_SYSTEM_EXPLANATION] = {{"? 解説を閉じる  l 一覧へ", "? close the explanation  l list"}, {NULL, NULL},
				       {NULL, "? close  l list"}},
	[KEYBAR_CHOICE] = {{"番号 回答  ↑↓ 選択  Enter 決定  ? 解説  ←→ 移動  r 一覧  q 中断",
			    "number answer  Up/Down choose  Enter take  ? explanation  <- -> move  r review  q quit"},
			   {"番号 回答  ? 解説  b/n 前後  r 一覧  q 中断",
			    "number answer  ? explain  b/n prev/next  r review  q quit"},
			   {"番号 回答  ? 解説  q 中断", "number answer ? explain q quit"}},
	[KEYBAR_CHOICE_MULTI] = {{"番号/Space 選ぶ・外す  Enter 確定  ? 解説  ←→ 移動  r 一覧  q 中断",
				  "number/Space pick  Enter confirm  ? explanation  <- -> move  r review  q quit"},
				 {"番号/Space 選ぶ  Enter 確定  b/n 前後  q 中断",
				  "number/Space pick  Enter confirm  b/n move  q quit"},
				 {"番号 選ぶ  Enter 確定  q 中断", "number pick Enter confirm q quit"}},
};

const char *msg_keybar(const char *lang, enum msg_keybar bar, int width)
{
	int en = lang && strcmp(lang, "en") == 0;
	const char *last = NULL;
	for (int form = 0; form < 3; form++) {
		const char *text = keybars[bar][form][en];
		if (!text)
			continue;
		last = text;
		if (text_width(text) <= width)
			return text;
	}
	return last;
}

const char *msg_get(const char *lang, enum msg_id id)
{
	int en = lang && strcmp(lang, "en") == 0;
	return messages[id][en];
}

const char *msg_answer(const char *lang, char code)
{
	switch (code) {
	case RESPONSE_IMPLEMENTED:
		return msg_get(lang, MSG_ANSWER_1);
	case RESPONSE_NOT_IMPLEMENTED:
		return msg_get(lang, MSG_ANSWER_2);
	case RESPONSE_NOT_APPLICABLE:
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
