/* plain: the questionnaire as a sequence of line prompts. */
#include "survey/plain.h"
#include "core/responses.h"
#include "core/choice.h"
#include "core/clock.h"
#include "core/diag.h"
#include "core/text.h"
#include "survey/msg.h"
#include "survey/plain_systems.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

/* The input line as read, and its folded form (full-width characters as ASCII, trimmed). */
struct input {
	char *buf;
	size_t cap;
	char *line;
};

/* Reads one line, folded and without its line break and surrounding spaces; NULL at end of
 * input. The result is valid until the next call. When the input is not a terminal nothing
 * echoes the line, so the prompt's line is ended here: a transcript keeps one prompt per
 * line. */
static char *read_line(struct input *in)
{
	ssize_t n = getline(&in->buf, &in->cap, stdin);
	if (!isatty(STDIN_FILENO)) {
		putchar('\n');
		fflush(stdout);
	}
	free(in->line);
	in->line = NULL;
	if (n < 0)
		return NULL;
	in->line = text_fold_fullwidth_str(in->buf);
	char *p = in->line;
	size_t len = strlen(p);
	while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == '\r' || p[len - 1] == ' ' || p[len - 1] == '\t'))
		p[--len] = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Reads the token with echo off when stdin is a terminal. */
static char *read_secret(struct input *in)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet); /* TCSAFLUSH would drop a token typed ahead */
	}
	char *line = read_line(in);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		putchar('\n');
	}
	if (in->buf)
		memset(in->buf, 0, in->cap);
	return line;
}

static void input_release(struct input *in)
{
	free(in->buf);
	free(in->line);
}

/* What one line asks for. */
enum command {
	CMD_ANSWER,
	CMD_EMPTY,
	CMD_BACK,
	CMD_NEXT,
	CMD_EXPLAIN,
	CMD_LIST,
	CMD_GO,
	CMD_REVIEW,
	CMD_HELP,
	CMD_QUIT,
	CMD_YES,
	CMD_INVALID,
};

/* Parses a folded line; *arg gets the answer code (RESPONSE_*) of an option's number or the
 * item number of go. */
static enum command parse(const char *line, size_t *arg)
{
	*arg = 0;
	if (!line[0])
		return CMD_EMPTY;
	if (!line[1]) {
		switch (line[0]) {
		case '1':
		case '2':
		case '3':
			*arg = (size_t)(unsigned char)response_of_option(line[0] - '0');
			return CMD_ANSWER;
		case 'b':
		case 'B':
			return CMD_BACK;
		case 'n':
		case 'N':
			return CMD_NEXT;
		case '?':
			return CMD_EXPLAIN;
		case 'q':
		case 'Q':
			return CMD_QUIT;
		case 'y':
		case 'Y':
			return CMD_YES;
		}
		return CMD_INVALID;
	}
	if (strcasecmp(line, "list") == 0)
		return CMD_LIST;
	if (strcasecmp(line, "review") == 0)
		return CMD_REVIEW;
	if (strcasecmp(line, "help") == 0)
		return CMD_HELP;
	if (strncasecmp(line, "go", 2) == 0) {
		const char *p = line + 2;
		while (*p == ' ')
			p++;
		char *end;
		errno = 0;
		unsigned long long n = p[0] >= '0' && p[0] <= '9' ? strtoull(p, &end, 10) : 0;
		if (n > 0 && !errno && *end == '\0') {
			*arg = (size_t)n;
			return CMD_GO;
		}
		return CMD_GO; /* *arg 0: no such item */
	}
	return CMD_INVALID;
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
	const struct choice *ch = it->choice;
	if (ch) {
		bool en = lang && strcmp(lang, "en") == 0;
		if (ch->multiple)
			printf("%s\n", msg_get(lang, MSG_CHOICE_MULTI_MARK));
		for (size_t k = 0; k < ch->option_count; k++) {
			char *label = text_sanitize(en ? ch->options[k].en : ch->options[k].ja, false);
			printf("  %zu  %s\n", k + 1, label);
			free(label);
		}
		if (!sheet_asked(sh, sh->cursor))
			printf("(%s)\n", msg_get(lang, MSG_NOT_ASKED));
	}
	if (current != RESPONSE_UNANSWERED && ch) {
		char text[1024];
		sheet_answer_text(sh, sh->cursor, lang, text, sizeof text);
		char *clean = text_sanitize(text, false);
		printf("%s: %s\n", msg_get(lang, MSG_CURRENT_ANSWER), clean);
		free(clean);
	} else if (current != RESPONSE_UNANSWERED) {
		printf("%s: %d %s\n", msg_get(lang, MSG_CURRENT_ANSWER), response_option(current), msg_answer(lang, current));
	}
	free(category);
	free(clause);
	free(id);
}

/* The start of text in at most width columns, with "…" when cut. Free the result. */
static char *shorten(const char *text, int width)
{
	char *clean = text_sanitize(text, false);
	if (text_width(clean) <= width)
		return clean;
	size_t bytes = 0;
	int used = 0;
	while (clean[bytes]) {
		int len;
		int w = text_codepoint_width(text_utf8_decode(clean + bytes, &len));
		if (used + w > width - 1)
			break;
		used += w;
		bytes += (size_t)len;
	}
	char *out = xasprintf("%.*s…", (int)bytes, clean);
	free(clean);
	return out;
}

/* list: every item, under its role, with its answer and the start of its question. */
static void print_list(const struct session *s)
{
	const struct sheet *sh = &s->resp.sheet;
	const char *lang = s->lang;
	putchar('\n');
	for (size_t i = 0; i < sh->count; i++) {
		const struct sheet_entry *e = &sh->entries[i];
		if (i == 0 || e->role != sh->entries[i - 1].role)
			printf("%s: %s\n", msg_get(lang, MSG_ROLE), role_name(e->role, lang));
		const struct quest_item *it = &s->quest->items[e->item];
		char *id = text_sanitize(it->id, false);
		char *question = shorten(quest_text_get(&it->question, lang), 60);
		char answer[1024];
		if (!sheet_asked(sh, i))
			snprintf(answer, sizeof answer, "%s", msg_get(lang, MSG_NOT_ASKED));
		else
			sheet_answer_text(sh, i, lang, answer, sizeof answer);
		char *clean = shorten(answer, 40);
		printf("%c %zu. %s: %s — %s\n", i == sh->cursor ? '>' : ' ', i + 1, id, clean, question);
		free(clean);
		free(id);
		free(question);
	}
}

/* "Submitted at: …" and, when answers changed since, when and what that means. */
static void print_submission_state(const struct session *s)
{
	const char *lang = s->lang;
	char when[CLOCK_TEXT_SIZE];
	if (!s->resp.submitted_at)
		return;
	printf("%s: %s\n", msg_get(lang, MSG_SUBMITTED_AT), clock_display(s->resp.submitted_at, when, sizeof when));
	if (s->resp.changed_at)
		printf("%s: %s\n%s\n", msg_get(lang, MSG_CHANGED_AFTER_SUBMIT),
		       clock_display(s->resp.changed_at, when, sizeof when), msg_get(lang, MSG_CHANGED_NOTE));
}

/* review: the count answered, the unanswered items' numbers, the submission. */
static void print_review(const struct session *s)
{
	const struct sheet *sh = &s->resp.sheet;
	const char *lang = s->lang;
	printf("\n%s: %s %zu / %zu\n", msg_get(lang, MSG_REVIEW_TITLE), msg_get(lang, MSG_ANSWERED), sheet_answered(sh),
	       sh->count);
	if (sheet_first_unanswered(sh) == sh->count) {
		printf("%s\n", msg_get(lang, MSG_LINE_ALL_ANSWERED));
	} else {
		printf("%s:", msg_get(lang, MSG_LINE_UNANSWERED_ITEMS));
		for (size_t i = 0; i < sh->count; i++)
			if (sheet_get(sh, i) == RESPONSE_UNANSWERED)
				printf(" %zu", i + 1);
		putchar('\n');
	}
	print_submission_state(s);
}

static void print_receipt(const struct session *s, const struct respondent_receipt *r)
{
	const char *lang = s->lang;
	char when[CLOCK_TEXT_SIZE];
	printf("%s\n%s: %s\n", msg_get(lang, MSG_RECEIPT_TITLE), msg_get(lang, MSG_SUBMITTED_AT),
	       clock_display(r->submitted_at, when, sizeof when));
	if (r->previous_at[0])
		printf("%s: %s\n", msg_get(lang, MSG_PREVIOUS_SUBMISSION), clock_display(r->previous_at, when, sizeof when));
	printf("%s: %zu\n%s: %s\n", msg_get(lang, MSG_ANSWER_COUNT), r->answers, msg_get(lang, MSG_DIGEST), r->digest);
}

/* Handles the commands both prompts share (list, go, review, help). Returns true when the
 * command was one of them. *jumped is set when go moved the cursor. */
static bool common_command(struct session *s, enum command c, size_t arg, bool *jumped)
{
	struct sheet *sh = &s->resp.sheet;
	const char *lang = s->lang;
	switch (c) {
	case CMD_LIST:
		print_list(s);
		return true;
	case CMD_HELP:
		printf("\n%s\n", msg_get(lang, MSG_LINE_HELP));
		return true;
	case CMD_REVIEW:
		print_review(s);
		return true;
	case CMD_GO:
		if (arg < 1 || arg > sh->count) {
			printf("%s %zu.\n", msg_get(lang, MSG_LINE_NO_SUCH_ITEM), sh->count);
		} else {
			sheet_goto(sh, arg - 1);
			*jumped = true;
		}
		return true;
	default:
		return false;
	}
}

/* Where the submit question leads. */
enum submit_result { SUBMIT_DONE, SUBMIT_STOPPED, SUBMIT_BACK, SUBMIT_JUMPED, SUBMIT_FAILED };

/* Asks for submission and submits on y. */
static enum submit_result ask_submit(struct session *s, struct input *in, int *status)
{
	const char *lang = s->lang;
	for (;;) {
		printf("\n%s: ", msg_get(lang, MSG_LINE_SUBMIT_PROMPT));
		fflush(stdout);
		char *line = read_line(in);
		size_t arg = 0;
		enum command c = line ? parse(line, &arg) : CMD_QUIT;
		if (c == CMD_QUIT || c == CMD_NEXT) {
			printf("%s\n", msg_get(lang, MSG_LINE_NOT_SUBMITTED));
			print_submission_state(s);
			return SUBMIT_STOPPED;
		}
		if (c == CMD_BACK)
			return SUBMIT_BACK;
		bool jumped = false;
		if (common_command(s, c, arg, &jumped)) {
			if (jumped)
				return SUBMIT_JUMPED;
			continue;
		}
		if (c != CMD_YES)
			continue;
		struct respondent_receipt receipt;
		int rc = respondent_submit(&s->resp, &receipt);
		if (rc == RESPONDENT_CLOSED) {
			printf("%s\n", msg_get(lang, MSG_CLOSED));
			*status = DIAG_EXIT_INPUT;
			return SUBMIT_STOPPED;
		}
		if (rc) {
			*status = DIAG_EXIT_INPUT;
			return SUBMIT_FAILED;
		}
		print_receipt(s, &receipt);
		printf("%s\n", msg_get(lang, MSG_RESUBMIT_NOTE));
		return SUBMIT_DONE;
	}
}

static int login(struct session *s, struct input *in)
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
		char *line = read_line(in);
		if (!line)
			return 0;
		person = person_copy = xstrdup(line);
		printf("%s: ", msg_get(lang, MSG_TOKEN));
		fflush(stdout);
		token = read_secret(in);
		if (!token) {
			free(person_copy);
			return 0;
		}
	}
	int rc = session_login(s, person, token);
	if (token == in->line)
		memset(in->line, 0, strlen(in->line));
	free(person_copy);
	if (rc == 0)
		printf("%s\n", msg_get(lang, MSG_LOGIN_FAILED));
	return rc;
}

/* Saves answer code for the current item; returns 0, or -1 when the run must stop
 * (*status set). Says once per run when a submitted answer changed. */
static int save_answer(struct session *s, char code, bool *told_changed, int *status)
{
	struct sheet *sh = &s->resp.sheet;
	const char *lang = s->lang;
	sheet_set(sh, sh->cursor, code);
	int saved = respondent_save(&s->resp, sh->cursor);
	if (saved == RESPONDENT_CLOSED) {
		printf("%s\n", msg_get(lang, MSG_CLOSED));
		*status = DIAG_EXIT_INPUT;
		return -1;
	}
	if (saved) {
		*status = DIAG_EXIT_INPUT;
		return -1;
	}
	if (s->resp.changed_at && !*told_changed) {
		char when[CLOCK_TEXT_SIZE];
		printf("%s: %s. %s\n", msg_get(lang, MSG_CHANGED_AFTER_SUBMIT),
		       clock_display(s->resp.changed_at, when, sizeof when), msg_get(lang, MSG_CHANGED_NOTE));
		*told_changed = true;
	}
	return 0;
}

int plain_run(struct session *s)
{
	struct input in = {0};
	const char *lang = s->lang;
	int status = DIAG_EXIT_OK;
	int rc = login(s, &in);
	if (rc <= 0) {
		input_release(&in);
		return DIAG_EXIT_INPUT;
	}
	struct sheet *sh = &s->resp.sheet;
	char *name = text_sanitize(s->resp.name, false), *unit = text_sanitize(s->resp.unit, false);
	printf("%s: %s (%s) — %zu / %zu %s\n", msg_get(lang, MSG_WELCOME), name, unit, sheet_answered(sh), sh->count,
	       msg_get(lang, MSG_ANSWERED));
	free(name);
	free(unit);
	if (s->resp.submitted_at) {
		char when[CLOCK_TEXT_SIZE];
		printf("%s: %s. %s\n", msg_get(lang, MSG_SUBMITTED_BEFORE),
		       clock_display(s->resp.submitted_at, when, sizeof when), msg_get(lang, MSG_RESUBMIT_NOTE));
		if (s->resp.changed_at)
			printf("%s: %s\n", msg_get(lang, MSG_CHANGED_AFTER_SUBMIT),
			       clock_display(s->resp.changed_at, when, sizeof when));
	}
	/* An officer responsible for systems chooses between them and their own sheet first. */
	int systems = plain_systems_run(s, &status);
	if (systems <= 0) {
		input_release(&in);
		return systems < 0 ? DIAG_EXIT_INPUT : status;
	}
	if (sh->count == 0) {
		printf("%s\n", msg_get(lang, MSG_NO_ITEMS));
		input_release(&in);
		return DIAG_EXIT_OK;
	}
	bool told_changed = s->resp.changed_at != NULL;
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
			enum submit_result done = ask_submit(s, &in, &status);
			if (done == SUBMIT_BACK)
				sheet_goto(sh, sh->count - 1);
			if (done == SUBMIT_BACK || done == SUBMIT_JUMPED) {
				at_end = false;
				show = true;
				continue;
			}
			break;
		}
		if (show)
			print_item(s);
		show = true;
		const struct choice *ch = sheet_choice(sh, sh->cursor);
		printf("%s %zu %s %zu — %s: ", msg_get(lang, MSG_LINE_ITEM), sh->cursor + 1, msg_get(lang, MSG_LINE_ITEM_OF),
		       sh->count, msg_get(lang, !ch ? MSG_LINE_ANSWER_PROMPT : ch->multiple ? MSG_LINE_CHOICE_MULTI_PROMPT
									       : MSG_LINE_CHOICE_PROMPT));
		fflush(stdout);
		char *line = read_line(&in);
		if (line && ch && line[0] >= '0' && line[0] <= '9') {
			/* a choice item: option numbers, comma-separated for a multiple choice */
			const char *why;
			unsigned mask = choice_parse(ch, line, &why);
			if (mask && !choice_mask_valid(ch, mask, &why))
				mask = 0;
			if (!mask) {
				printf("%s (1-%zu): %s\n", msg_get(lang, MSG_LINE_CHOICE_INVALID), ch->option_count, why);
				show = false;
				continue;
			}
			if (save_answer(s, choice_encode(ch, mask), &told_changed, &status))
				goto out;
			if (!sheet_next(sh))
				at_end = true;
			continue;
		}
		size_t arg = 0;
		enum command c = line ? parse(line, &arg) : CMD_QUIT;
		bool jumped = false;
		if (common_command(s, c, arg, &jumped)) {
			if (c == CMD_REVIEW && sheet_first_unanswered(sh) == sh->count)
				at_end = true;
			show = jumped;
			continue;
		}
		switch (c) {
		case CMD_QUIT:
			printf("\n");
			print_submission_state(s);
			printf("%s\n", msg_get(lang, MSG_SAVED));
			goto out;
		case CMD_EXPLAIN: {
			const struct quest_item *it = &s->quest->items[sh->entries[sh->cursor].item];
			printf("%s:\n", msg_get(lang, MSG_EXPLANATION));
			print_text(quest_text_get(&it->explanation, lang));
			show = false;
			continue;
		}
		case CMD_BACK:
			sheet_prev(sh);
			continue;
		case CMD_NEXT:
			if (!sheet_next(sh))
				at_end = true;
			continue;
		case CMD_EMPTY:
			if (sheet_get(sh, sh->cursor) != RESPONSE_UNANSWERED) {
				if (!sheet_next(sh))
					at_end = true;
				continue;
			}
			break;
		case CMD_ANSWER:
			if (ch)
				break; /* handled above */
			if (save_answer(s, (char)arg, &told_changed, &status))
				goto out;
			if (!sheet_next(sh))
				at_end = true;
			continue;
		default:
			break;
		}
		if (ch)
			printf("%s (1-%zu)\n", msg_get(lang, MSG_LINE_CHOICE_INVALID), ch->option_count);
		else
			printf("%s\n", msg_get(lang, MSG_LINE_INVALID));
		show = false;
	}
out:
	fflush(stdout);
	input_release(&in);
	return status;
}
