/* plain_systems: the officer's systems and their items as line prompts. */
#include "survey/plain_systems.h"
#include "core/responses.h"
#include "core/diag.h"
#include "core/text.h"
#include "survey/msg.h"
#include "survey/sysanswer.h"
#include "survey/sysmsg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One line without its line break and surrounding spaces, NULL at the end of input (as line
 * mode reads every answer: a transcript of a non-terminal run keeps one prompt per line). */
static char *read_line(char **buf, size_t *cap)
{
	ssize_t n = getline(buf, cap, stdin);
	if (!isatty(STDIN_FILENO)) {
		putchar('\n');
		fflush(stdout);
	}
	if (n < 0)
		return NULL;
	char *p = *buf;
	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
		p[--n] = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static void print_clean(const char *text)
{
	char *clean = text_sanitize(text, true);
	puts(clean);
	free(clean);
}

static void print_list(const struct session *s, const struct sysanswer *a)
{
	const char *lang = s->lang;
	const struct inspection *ins = s->quest->inspection;
	const struct sheet *sh = &s->resp.sheet;
	printf("\n%s (%s: %s)\n", sysmsg_get(lang, SYSMSG_SYSTEMS_HEADING), sysmsg_get(lang, SYSMSG_REFERENCE_DATE),
	       ins->reference_date);
	printf("  0. %s  %zu / %zu %s\n", sysmsg_get(lang, SYSMSG_OWN_SHEET), sheet_answered(sh), sh->count,
	       msg_get(lang, MSG_ANSWERED));
	for (size_t i = 0; i < a->count; i++) {
		const struct sysanswer_system *y = &a->systems[i];
		char *line = xasprintf("  %zu. %s %s [%s]  %zu / %zu %s", i + 1, y->id, y->name,
				       quest_text_get(&ins->kinds[y->kind].name, lang), sysanswer_answered(a, y),
				       sysanswer_items(a, y), msg_get(lang, MSG_ANSWERED));
		print_clean(line);
		free(line);
	}
}

static void print_item(const struct session *s, const struct sysanswer *a, const struct sysanswer_system *y)
{
	const char *lang = s->lang;
	const struct inspection *ins = s->quest->inspection;
	const struct inspection_item *it = sysanswer_item(a, y, y->cursor);
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addf(&sb, "\n[%zu / %zu] %s: %s %s | %s: %s", y->cursor + 1, sysanswer_items(a, y),
		    quest_text_get(&ins->kinds[y->kind].name, lang), y->id, y->name, msg_get(lang, MSG_CLAUSE), it->clause);
	if (it->group >= 0)
		strbuf_addf(&sb, " | %s: %s", sysmsg_get(lang, SYSMSG_GROUP), quest_text_get(&ins->groups[it->group].name, lang));
	strbuf_addf(&sb, " (%s)\n%s: %s", it->id, sysmsg_get(lang, SYSMSG_ITEM), quest_text_get(&it->name, lang));
	print_clean(sb.buf);
	strbuf_release(&sb);
	print_clean(quest_text_get(&it->question, lang));
	char current = y->answers[y->cursor];
	if (current != RESPONSE_UNANSWERED)
		printf("%s: %d %s\n", msg_get(lang, MSG_CURRENT_ANSWER), response_option(current), msg_answer(lang, current));
}

enum leave { LEAVE_LIST, LEAVE_QUIT, LEAVE_FAIL };

/* Answers system y until the list is asked for, its last item is passed, or the session ends. */
static enum leave answer_system(struct session *s, struct sysanswer *a, struct sysanswer_system *y, char **buf,
				size_t *cap, int *status, bool *gone)
{
	const char *lang = s->lang;
	size_t n = sysanswer_items(a, y);
	size_t first = sysanswer_first_unanswered(a, y);
	y->cursor = first < n ? first : 0;
	printf("%s\n", sysmsg_get(lang, SYSMSG_ANSWER_AS_OF));
	bool show = true;
	for (;;) {
		if (show)
			print_item(s, a, y);
		show = true;
		printf("%s: ", sysmsg_get(lang, SYSMSG_LINE_ANSWER));
		fflush(stdout);
		char *line = read_line(buf, cap);
		if (!line || strcmp(line, "q") == 0)
			return LEAVE_QUIT;
		if (strcmp(line, "l") == 0)
			return LEAVE_LIST;
		if (strcmp(line, "?") == 0) {
			printf("%s:\n", msg_get(lang, MSG_EXPLANATION));
			print_clean(quest_text_get(&sysanswer_item(a, y, y->cursor)->explanation, lang));
			show = false;
			continue;
		}
		if (strcmp(line, "b") == 0) {
			if (y->cursor > 0)
				y->cursor--;
			continue;
		}
		if (!(line[0] == '\0' && y->answers[y->cursor] != RESPONSE_UNANSWERED)) {
			char code = line[0] && !line[1] ? response_of_option(line[0] - '0') : RESPONSE_UNANSWERED;
			if (code == RESPONSE_UNANSWERED) {
				printf("%s\n", sysmsg_get(lang, SYSMSG_LINE_INVALID));
				show = false;
				continue;
			}
			int rc = sysanswer_save(a, y, code);
			if (rc == SYSANSWER_CLOSED) {
				printf("%s\n", msg_get(lang, MSG_CLOSED));
				*status = DIAG_EXIT_INPUT;
				return LEAVE_QUIT;
			}
			if (rc == SYSANSWER_NOT_YOURS) {
				printf("%s\n", sysmsg_get(lang, SYSMSG_NOT_YOURS));
				*gone = true;
				return LEAVE_LIST;
			}
			if (rc)
				return LEAVE_FAIL;
		}
		if (y->cursor + 1 < n) {
			y->cursor++;
			continue;
		}
		size_t open = sysanswer_first_unanswered(a, y);
		if (open < n) {
			printf("%s\n", msg_get(lang, MSG_LINE_GOTO_UNANSWERED));
			y->cursor = open;
			continue;
		}
		printf("%s\n", sysmsg_get(lang, SYSMSG_SYSTEM_DONE));
		return LEAVE_LIST;
	}
}

int plain_systems_run(struct session *s, int *status)
{
	struct sysanswer a;
	if (sysanswer_load(s->store, s->fiscal_year, s->quest, s->resp.person_id, &a)) {
		sysanswer_release(&a);
		return -1;
	}
	char *buf = NULL;
	size_t cap = 0;
	int result = 1;
	while (a.count > 0) {
		print_list(s, &a);
		printf("%s: ", sysmsg_get(s->lang, SYSMSG_LINE_CHOOSE));
		fflush(stdout);
		char *line = read_line(&buf, &cap);
		if (!line || strcmp(line, "q") == 0) {
			printf("\n%s\n", msg_get(s->lang, MSG_SAVED));
			result = 0;
			break;
		}
		char *end;
		long k = strtol(line, &end, 10);
		if (!*line || *end || k < 0 || (size_t)k > a.count) {
			printf("%s\n", sysmsg_get(s->lang, SYSMSG_LINE_NO_SUCH));
			continue;
		}
		if (k == 0)
			break;
		bool gone = false;
		enum leave how = answer_system(s, &a, &a.systems[k - 1], &buf, &cap, status, &gone);
		if (how == LEAVE_FAIL) {
			result = -1;
			break;
		}
		if (how == LEAVE_QUIT) {
			if (*status == DIAG_EXIT_OK)
				printf("\n%s\n", msg_get(s->lang, MSG_SAVED));
			result = 0;
			break;
		}
		if (gone) {
			sysanswer_release(&a);
			if (sysanswer_load(s->store, s->fiscal_year, s->quest, s->resp.person_id, &a)) {
				result = -1;
				break;
			}
		}
	}
	free(buf);
	sysanswer_release(&a);
	return result;
}
