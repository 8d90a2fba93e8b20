/* plain: the questionnaire as a sequence of line prompts. */
#include "survey/plain.h"
#include "core/diag.h"
#include "core/text.h"
#include "survey/msg.h"
#include "survey/plain_systems.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Reads one line without its line break and surrounding spaces; NULL at end of input.
 * The result is valid until the next call. When the input is not a terminal nothing echoes
 * the line, so the prompt's line is ended here: a transcript keeps one prompt per line. */
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

/* Reads the token with echo off when stdin is a terminal. */
static char *read_secret(char **buf, size_t *cap)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char *line = read_line(buf, cap);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		putchar('\n');
	}
	return line;
}

static void print_text(const char *text)
{
	char *clean = text_sanitize(text, true);
	puts(clean);
	free(clean);
}

static void print_item(const struct session *s)
{
	const struct sheet *sh = &s->resp.sheet;
	const struct sheet_entry *e = &sh->entries[sh->cursor];
	const struct quest_item *it = &s->quest->items[e->item];
	const char *lang = s->lang;
	char *category = text_sanitize(quest_text_get(&s->quest->categories[it->category].name, lang), false);
	char *clause = text_sanitize(it->clause, false);
	char *id = text_sanitize(it->id, false);
	printf("\n[%zu / %zu] %s: %s | %s: %s | %s: %s (%s)\n", sh->cursor + 1, sh->count, msg_get(lang, MSG_ROLE),
	       role_name(e->role, lang), msg_get(lang, MSG_CATEGORY), category, msg_get(lang, MSG_CLAUSE), clause, id);
	print_text(quest_text_get(&it->question, lang));
	char current = sheet_get(sh, sh->cursor);
	if (current != '0')
		printf("%s: %c %s\n", msg_get(lang, MSG_CURRENT_ANSWER), current, msg_answer(lang, current));
	free(category);
	free(clause);
	free(id);
}

static void print_receipt(const struct session *s, const struct respondent_receipt *r)
{
	const char *lang = s->lang;
	printf("%s\n%s: %s\n%s: %zu\n%s: %s\n", msg_get(lang, MSG_RECEIPT_TITLE), msg_get(lang, MSG_SUBMITTED_AT),
	       r->submitted_at, msg_get(lang, MSG_ANSWER_COUNT), r->answers, msg_get(lang, MSG_DIGEST), r->digest);
}

/* Asks for submission. Returns 1 submitted, 0 declined or end of input, 2 go back,
 * -1 failure, RESPONDENT_CLOSED + 10 when closed. */
static int ask_submit(struct session *s, char **buf, size_t *cap, int *status)
{
	const char *lang = s->lang;
	for (;;) {
		printf("\n%s: ", msg_get(lang, MSG_LINE_SUBMIT_PROMPT));
		fflush(stdout);
		char *line = read_line(buf, cap);
		if (!line || strcmp(line, "n") == 0 || strcmp(line, "q") == 0) {
			printf("%s\n", msg_get(lang, MSG_LINE_NOT_SUBMITTED));
			return 0;
		}
		if (strcmp(line, "b") == 0)
			return 2;
		if (strcmp(line, "y") != 0)
			continue;
		struct respondent_receipt receipt;
		int rc = respondent_submit(&s->resp, &receipt);
		if (rc == RESPONDENT_CLOSED) {
			printf("%s\n", msg_get(lang, MSG_CLOSED));
			*status = DIAG_EXIT_INPUT;
			return 0;
		}
		if (rc) {
			*status = DIAG_EXIT_INPUT;
			return -1;
		}
		print_receipt(s, &receipt);
		printf("%s\n", msg_get(lang, MSG_RESUBMIT_NOTE));
		return 1;
	}
}

static int login(struct session *s, char **buf, size_t *cap)
{
	const char *lang = s->lang;
	printf("%s%s%s\n", s->org_name ? s->org_name : "", s->org_name ? " " : "", s->title);
	int open = respondent_year_open(s->store, s->fiscal_year);
	if (open < 0)
		return -1;
	if (!open) {
		printf("%s\n", msg_get(lang, MSG_CLOSED));
		return 0;
	}
	const char *person = s->person, *token = s->token;
	char *person_copy = NULL;
	if (!person) {
		printf("%s: ", msg_get(lang, MSG_PERSON_ID));
		fflush(stdout);
		char *line = read_line(buf, cap);
		if (!line)
			return 0;
		person = person_copy = xstrdup(line);
		printf("%s: ", msg_get(lang, MSG_TOKEN));
		fflush(stdout);
		token = read_secret(buf, cap);
		if (!token) {
			free(person_copy);
			return 0;
		}
	}
	int rc = session_login(s, person, token);
	free(person_copy);
	if (rc == 0)
		printf("%s\n", msg_get(lang, MSG_LOGIN_FAILED));
	return rc;
}

int plain_run(struct session *s)
{
	char *buf = NULL;
	size_t cap = 0;
	const char *lang = s->lang;
	int status = DIAG_EXIT_OK;
	int rc = login(s, &buf, &cap);
	if (rc <= 0) {
		free(buf);
		return DIAG_EXIT_INPUT;
	}
	struct sheet *sh = &s->resp.sheet;
	char *name = text_sanitize(s->resp.name, false), *unit = text_sanitize(s->resp.unit, false);
	printf("%s: %s (%s) — %zu / %zu %s\n", msg_get(lang, MSG_WELCOME), name, unit, sheet_answered(sh), sh->count,
	       msg_get(lang, MSG_ANSWERED));
	free(name);
	free(unit);
	if (s->resp.submitted_at)
		printf("%s: %s. %s\n", msg_get(lang, MSG_SUBMITTED_BEFORE), s->resp.submitted_at,
		       msg_get(lang, MSG_RESUBMIT_NOTE));
	/* An officer responsible for systems chooses between them and their own sheet first. */
	int systems = plain_systems_run(s, &status);
	if (systems <= 0) {
		free(buf);
		return systems < 0 ? DIAG_EXIT_INPUT : status;
	}
	if (sh->count == 0) {
		printf("%s\n", msg_get(lang, MSG_NO_ITEMS));
		free(buf);
		return DIAG_EXIT_OK;
	}
	/* at_end: every item was passed; ask for submission. */
	bool at_end = sheet_first_unanswered(sh) == sh->count;
	bool show = true;
	for (;;) {
		if (at_end) {
			size_t first = sheet_first_unanswered(sh);
			if (first < sh->count) {
				printf("%s\n", msg_get(lang, MSG_LINE_GOTO_UNANSWERED));
				sheet_goto(sh, first);
				at_end = false;
				show = true;
				continue;
			}
			int done = ask_submit(s, &buf, &cap, &status);
			if (done == 2) {
				sheet_goto(sh, sh->count - 1);
				at_end = false;
				show = true;
				continue;
			}
			break;
		}
		if (show)
			print_item(s);
		show = true;
		printf("%s: ", msg_get(lang, MSG_LINE_ANSWER_PROMPT));
		fflush(stdout);
		char *line = read_line(&buf, &cap);
		if (!line || strcmp(line, "q") == 0) {
			printf("\n%s\n", msg_get(lang, MSG_SAVED));
			break;
		}
		if (strcmp(line, "?") == 0) {
			const struct quest_item *it = &s->quest->items[sh->entries[sh->cursor].item];
			printf("%s:\n", msg_get(lang, MSG_EXPLANATION));
			print_text(quest_text_get(&it->explanation, lang));
			show = false;
			continue;
		}
		if (strcmp(line, "b") == 0) {
			sheet_prev(sh);
			continue;
		}
		if (line[0] == '\0' && sheet_get(sh, sh->cursor) != '0') {
			if (!sheet_next(sh))
				at_end = true;
			continue;
		}
		if (!(line[0] && !line[1] && sheet_is_answer(line[0]))) {
			printf("%s\n", msg_get(lang, MSG_LINE_INVALID));
			show = false;
			continue;
		}
		sheet_set(sh, sh->cursor, line[0]);
		int saved = respondent_save(&s->resp, sh->cursor);
		if (saved == RESPONDENT_CLOSED) {
			printf("%s\n", msg_get(lang, MSG_CLOSED));
			status = DIAG_EXIT_INPUT;
			break;
		}
		if (saved) {
			status = DIAG_EXIT_INPUT;
			break;
		}
		if (!sheet_next(sh))
			at_end = true;
	}
	fflush(stdout);
	free(buf);
	return status;
}
