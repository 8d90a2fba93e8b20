/* Unit tests for core/cli: the synopsis and --help are made from the option tables, so for
 * every command every option accepted appears in its --help (synopsis and list of options),
 * every option --help shows is accepted, and so is every value listed for an option with
 * values, while a value not listed is refused; required options are checked by cli itself;
 * usage errors go through diag and are sanitised. And core/diag itself: every message
 * sanitised, quotes shortened by diag_excerpt, arrays grown by xgrow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cli.h"
#include "core/diag.h"
#include "core/text.h"

/* ---- a program of its own, shaped like the real ones ---- */

enum { O_DB = 1, O_YEAR, O_FORMAT, O_BY, O_UNIT, O_PERSON, O_FORCE, O_MISSING, O_OUT, O_QUIET, O_ENC };

struct ctx {
	const char *db, *format, *by, *unit, *out, *enc;
	int year, persons;
	bool force, missing, quiet;
};

static int ran; /* the commands that ran */

static int on_option(void *p, int id, const char *arg)
{
	struct ctx *c = p;
	switch (id) {
	case O_DB: c->db = arg; return 0;
	case O_YEAR: return cli_parse_year(arg, &c->year);
	case O_FORMAT: c->format = arg; return 0;
	case O_BY: c->by = arg; return 0;
	case O_UNIT: c->unit = arg; return 0;
	case O_PERSON: c->persons++; return 0;
	case O_FORCE: c->force = true; return 0;
	case O_MISSING: c->missing = true; return 0;
	case O_OUT: c->out = arg; return 0;
	case O_QUIET: c->quiet = true; return 0;
	case O_ENC: c->enc = arg; return 0;
	}
	return -1;
}

static int run(void *p, int argc, char **argv)
{
	(void)p, (void)argc, (void)argv;
	ran++;
	return 0;
}

static const char *const FORMATS[] = {"table", "csv", "json", NULL};
static const char *const ENCODINGS[] = {"utf-8", "cp932", NULL};

static const struct cli_option rates_options[] = {
	{"db", 0, "FILE", "the store", .id = O_DB, .flags = CLI_REQUIRED},
	{"year", 0, "N", "fiscal year", .id = O_YEAR, .flags = CLI_REQUIRED},
	{"format", 0, NULL, "how rows are printed", .id = O_FORMAT, .values = FORMATS},
	{"by", 0, NULL, "what the rows are", .id = O_BY, .values = CLI_VALUES("group", "role")},
	{0},
};
static const struct cli_option tokens_options[] = {
	{"db", 0, "FILE", "the store", .id = O_DB, .flags = CLI_REQUIRED},
	{"unit", 0, "PREFIX", "a unit", .id = O_UNIT, .flags = CLI_OR_NEXT},
	{"person", 0, "ID", "a person", .id = O_PERSON, .flags = CLI_REPEATABLE},
	{"force", 0, NULL, "replace", .id = O_FORCE, .flags = CLI_OR_NEXT},
	{"missing", 0, NULL, "only missing", .id = O_MISSING},
	{"encoding", 0, "NAME", "the encoding", .id = O_ENC, .values = ENCODINGS, .flags = CLI_ANY_CASE},
	{0},
};
static const struct cli_option chart_options[] = {
	{"db", 0, "NATIONAL", "the national store", .id = O_DB, .flags = CLI_REQUIRED},
	{"output", 'o', "FILE", "where to write", .id = O_OUT, .flags = CLI_REQUIRED},
	{"quiet", 'q', NULL, "say nothing", .id = O_QUIET},
	{"format", 0, NULL, "the format", .id = O_FORMAT, .values = CLI_VALUES("svg", "png")},
	{0},
};

static const struct cli_command commands[] = {
	{.name = "rates", .summary = "rates", .options = rates_options, .run = run,
	 .on_option = on_option, .ctx_size = sizeof(struct ctx)}, /* its own, as a command may */
	{.name = "tokens", .summary = "tokens", .options = tokens_options, .run = run},
	{.name = "roster import", .operands = "ROSTER.csv", .summary = "import", .options = tokens_options, .run = run,
	 .min_operands = 1, .max_operands = 1},
	{.name = "chart", .operands = "KIND", .summary = "a chart", .options = chart_options, .run = run,
	 .min_operands = 1, .max_operands = 1, .interleaved = true},
	{.name = "check", .operands = "FILE...", .summary = "check", .run = run, .min_operands = 1, .max_operands = -1},
	{0},
};
static const struct cli_program program = {
	.name = "prog", .summary = "a test program", .version = "1.2.3", .commands = commands,
	.on_option = on_option, .ctx_size = sizeof(struct ctx),
};

/* ---- running it ---- */

static char out_text[65536], err_text[65536];

/* Runs prog with the words given (NULL-terminated); stdout and the messages are kept in
 * out_text and err_text. Returns the exit status. */
static int run_prog(const char *first, ...)
{
	char *argv[32];
	int argc = 0;
	argv[argc++] = (char *)"prog";
	va_list ap;
	va_start(ap, first);
	for (const char *w = first; w; w = va_arg(ap, const char *))
		argv[argc++] = (char *)w;
	va_end(ap);
	argv[argc] = NULL;

	FILE *err = tmpfile(), *out = tmpfile();
	assert_non_null(err);
	assert_non_null(out);
	fflush(stdout);
	int saved = dup(1);
	dup2(fileno(out), 1);
	diag_set_output(err);
	int status = cli_main(&program, argc, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	diag_set_output(NULL);
	rewind(out);
	rewind(err);
	size_t n = fread(out_text, 1, sizeof out_text - 1, out);
	out_text[n] = '\0';
	n = fread(err_text, 1, sizeof err_text - 1, err);
	err_text[n] = '\0';
	fclose(out);
	fclose(err);
	return status;
}

__attribute__((noinline)) static char *help_of(const struct cli_command *cmd)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cli_print_help(f, &program, cmd);
	fclose(f);
	return buf;
}

/* The first line of text that starts with prefix, as a new string (NULL when none). */
static char *line_starting(const char *text, const char *prefix)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, prefix, strlen(prefix)) == 0)
			return strndup(p, strcspn(p, "\n"));
	return NULL;
}

/* Whether word stands in text as a whole word ("--db", not "--dbx"). */
static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
		bool start = p == text || strchr(" [|\n", p[-1]);
		bool end = !p[n] || strchr(" ]|.\n", p[n]);
		if (start && end)
			return true;
	}
	return false;
}

/* ---- the tests ---- */

static void synopsis_from_the_table(void **state)
{
	(void)state;
	char *s = cli_synopsis(&commands[0]);
	assert_string_equal(s, "--db FILE --year N [--format table|csv|json] [--by group|role]");
	free(s);
	s = cli_synopsis(&commands[1]);
	assert_string_equal(s, "--db FILE [--unit PREFIX | --person ID...] [--force | --missing] [--encoding NAME]");
	free(s);
	s = cli_synopsis(&commands[2]);
	assert_string_equal(s, "--db FILE [--unit PREFIX | --person ID...] [--force | --missing] [--encoding NAME] "
			       "ROSTER.csv");
	free(s);
	s = cli_synopsis(&commands[3]);
	assert_string_equal(s, "KIND --db NATIONAL -o FILE [-q] [--format svg|png]");
	free(s);
	s = cli_synopsis(&commands[4]);
	assert_string_equal(s, "FILE...");
	free(s);
}

/* For every command: each option of the table is in the synopsis and in the list of options
 * with its values; each option the help names is in the table. */
static void help_shows_exactly_the_table(void **state)
{
	(void)state;
	for (const struct cli_command *c = commands; c->name; c++) {
		char *help = help_of(c);
		char *usage = line_starting(help, "Usage: ");
		assert_non_null(usage);
		for (const struct cli_option *o = c->options; o && o->name; o++) {
			/* the synopsis names an option by its short form when it has one */
			char want[128];
			if (o->short_name)
				snprintf(want, sizeof want, "-%c", o->short_name);
			else
				snprintf(want, sizeof want, "--%s", o->name);
			assert_true(has_word(usage, want));
			snprintf(want, sizeof want, "  --%s", o->name);
			char *line = strstr(help, want);
			if (o->short_name) {
				snprintf(want, sizeof want, "  -%c, --%s", o->short_name, o->name);
				line = strstr(help, want);
			}
			assert_non_null(line);
			for (const char *const *v = o->values; v && *v; v++) {
				char *end = strchr(line, '\n');
				char *listed = strndup(line, (size_t)(end - line));
				assert_true(has_word(listed, *v));
				free(listed);
			}
		}
		/* Every "--word" the help shows (in the synopsis or the list) is in the table. */
		for (const char *p = strstr(help, "--"); p; p = strstr(p + 2, "--")) {
			size_t n = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");
			char *name = strndup(p + 2, n);
			bool known = !strcmp(name, "help");
			for (const struct cli_option *o = c->options; o && o->name; o++)
				known |= !strcmp(name, o->name);
			if (!known)
				fail_msg("%s --help names --%s, which the command does not take", c->name, name);
			free(name);
		}
		free(usage);
		free(help);
	}
}

/* Every option and every value listed is accepted (--help after them: nothing runs); a value
 * not listed and an option not in the table are refused. */
static void help_and_acceptance_agree(void **state)
{
	(void)state;
	assert_int_equal(run_prog("rates", "--format", "json", "--help", NULL), 0);
	assert_non_null(strstr(out_text, "Usage: prog rates"));
	for (const struct cli_command *c = commands; c->name; c++) {
		char words[2][32] = {"", ""};
		sscanf(c->name, "%31s %31s", words[0], words[1]);
		const char *w2 = words[1][0] ? words[1] : NULL;
		for (const struct cli_option *o = c->options; o && o->name; o++) {
			char opt[64];
			snprintf(opt, sizeof opt, "--%s", o->name);
			const char *const *v = o->values;
			const char *arg = v ? *v : o->arg ? "2024" : NULL;
			do {
				int st = w2 ? arg ? run_prog(words[0], w2, opt, arg, "--help", NULL)
						  : run_prog(words[0], w2, opt, "--help", NULL)
					    : arg ? run_prog(words[0], opt, arg, "--help", NULL)
						  : run_prog(words[0], opt, "--help", NULL);
				if (st != 0)
					fail_msg("%s %s %s refused: %s", c->name, opt, arg ? arg : "", err_text);
				if (v && *v)
					arg = *++v;
			} while (v && arg);
			if (o->values) {
				int st = w2 ? run_prog(words[0], w2, opt, "no-such-value", "--help", NULL)
					    : run_prog(words[0], opt, "no-such-value", "--help", NULL);
				assert_int_equal(st, 1);
				char want[160];
				snprintf(want, sizeof want, "invalid --%s 'no-such-value' (expected ", o->name);
				assert_non_null(strstr(err_text, want));
			}
			if (o->short_name) {
				char s[3] = {'-', o->short_name, 0};
				int st = w2 ? run_prog(words[0], w2, s, "x", "--help", NULL)
					    : run_prog(words[0], s, o->arg ? "x" : "--help", "--help", NULL);
				assert_int_equal(st, 0);
			}
		}
		int st = w2 ? run_prog(words[0], w2, "--no-such-option", "--help", NULL)
			    : run_prog(words[0], "--no-such-option", "--help", NULL);
		assert_int_equal(st, 1);
		assert_non_null(strstr(err_text, "unknown option '--no-such-option'"));
	}
	/* Values of an any-case option match whatever their case; they reach the handler as the
	 * table spells them. */
	assert_int_equal(run_prog("tokens", "--encoding", "UTF-8", "--help", NULL), 0);
	assert_int_equal(run_prog("rates", "--format", "JSON", "--help", NULL), 1);
	assert_non_null(strstr(err_text, "prog rates: invalid --format 'JSON' (expected table, csv or json)"));
}

static void required_options_are_checked(void **state)
{
	(void)state;
	ran = 0;
	assert_int_equal(run_prog("rates", "--year", "2024", NULL), 1);
	assert_string_equal(err_text, "prog rates: missing --db FILE\nTry 'prog rates --help' for more information.\n");
	assert_int_equal(run_prog("rates", "--db", "x", NULL), 1);
	assert_non_null(strstr(err_text, "prog rates: missing --year N\n"));
	assert_int_equal(run_prog("chart", "trend", "--db", "x", NULL), 1);
	if (!strstr(err_text, "prog chart: missing -o FILE\n"))
		fail_msg("%s", err_text);
	assert_int_equal(ran, 0);
	assert_int_equal(run_prog("rates", "--db", "x", "--year", "2024", NULL), 0);
	assert_int_equal(run_prog("chart", "--db", "x", "trend", "-o", "f.svg", NULL), 0);
	assert_int_equal(ran, 2);
	/* operands */
	assert_int_equal(run_prog("roster", "import", "--db", "x", NULL), 1);
	assert_non_null(strstr(err_text, "missing operand (usage: prog roster import --db FILE"));
	assert_int_equal(run_prog("check", NULL), 1);
	assert_int_equal(run_prog("chart", "a", "b", "--db", "x", "-o", "f", NULL), 1);
	assert_non_null(strstr(err_text, "unexpected operand 'b'"));
}

static void years(void **state)
{
	(void)state;
	assert_int_equal(run_prog("rates", "--db", "x", "--year", "1988", NULL), 1);
	assert_non_null(strstr(err_text, "invalid fiscal year '1988'"));
	assert_int_equal(run_prog("rates", "--db", "x", "--year", "2201", NULL), 1);
	assert_int_equal(run_prog("rates", "--db", "x", "--year", "99999999999999999999", NULL), 1);
	assert_int_equal(run_prog("rates", "--db", "x", "--year", "1989", NULL), 0);
	assert_int_equal(run_prog("rates", "--db", "x", "--year", "2200", NULL), 0);
}

/* A usage error quoting the command line prints no terminal escape. */
static void usage_errors_are_sanitised(void **state)
{
	(void)state;
	assert_int_equal(run_prog("rates", "--format", "\x1b[2Jx", NULL), 1);
	assert_null(strchr(err_text, 0x1b));
	assert_non_null(strstr(err_text, "invalid --format '\xEF\xBF\xBD[2Jx'"));
	assert_int_equal(run_prog("no\x1b]0;title\a", NULL), 1);
	assert_null(strchr(err_text, 0x1b));
	assert_null(strchr(err_text, '\a'));
	assert_non_null(strstr(err_text, "prog: unknown command 'no"));
	assert_non_null(strstr(err_text, "Try 'prog --help' for more information."));
}

/* core/diag sanitises whatever a caller passes: file names, quoted file text, warnings. */
static void diag_sanitises_every_message(void **state)
{
	(void)state;
	FILE *err = tmpfile();
	diag_set_output(err);
	diag_set_program("prog");
	diag_at("a\x1b[31m.yaml", 3, 4, "unknown key '%s'", "k\x1b]0;x\x07\nnext");
	diag_error("%s: row '%s'", "f.csv", "\xc2\x9b" "2J\xff");
	diag_warning("tab\there");
	diag_set_output(NULL);
	rewind(err);
	size_t n = fread(err_text, 1, sizeof err_text - 1, err);
	err_text[n] = '\0';
	fclose(err);
	assert_string_equal(err_text,
			    "prog: a\xEF\xBF\xBD[31m.yaml:3:4: unknown key 'k\xEF\xBF\xBD]0;x\xEF\xBF\xBD\xEF\xBF\xBDnext'\n"
			    "prog: f.csv: row '\xEF\xBF\xBD" "2J\xEF\xBF\xBD'\n"
			    "prog: warning: tab\xEF\xBF\xBDhere\n");
}

/* A quoted text is cut after DIAG_EXCERPT_CHARS characters and still sanitised; the excerpts
 * of one message stay apart. */
static void diag_quotes_excerpts(void **state)
{
	(void)state;
	char text[400] = "\x1b";
	for (int i = 0; i < 99; i++)
		strcat(text, "報");
	FILE *err = tmpfile();
	diag_set_output(err);
	diag_set_program("prog");
	diag_error("'%s' '%s' '%s' '%s'", diag_excerpt(text), diag_excerpt("a"), diag_excerpt(NULL),
		   diag_excerpt("b\x1b"));
	diag_set_output(NULL);
	rewind(err);
	size_t n = fread(err_text, 1, sizeof err_text - 1, err);
	err_text[n] = '\0';
	fclose(err);
	char want[600] = "prog: '\xEF\xBF\xBD";
	for (int i = 0; i < DIAG_EXCERPT_CHARS - 1; i++)
		strcat(want, "報");
	strcat(want, "…' 'a' '' 'b\xEF\xBF\xBD'\n");
	assert_string_equal(err_text, want);
}

/* xgrow makes room for one more element by doubling, keeping what the array held. */
static void arrays_grow_by_doubling(void **state)
{
	(void)state;
	int *a = NULL;
	size_t count = 0, cap = 0;
	for (int i = 0; i < 20; i++) {
		a = xgrow(a, count, &cap, sizeof *a, 4);
		assert_true(count < cap);
		a[count++] = i;
	}
	assert_int_equal(cap, 32);
	for (int i = 0; i < 20; i++)
		assert_int_equal(a[i], i);
	int *same = xgrow(a, count, &cap, sizeof *a, 4);
	assert_ptr_equal(same, a);
	assert_int_equal(cap, 32);
	free(a);
}

static void program_help_and_version(void **state)
{
	(void)state;
	assert_int_equal(run_prog("--version", NULL), 0);
	assert_string_equal(out_text, "prog 1.2.3\n");
	assert_int_equal(run_prog("--help", NULL), 0);
	for (const struct cli_command *c = commands; c->name; c++)
		assert_non_null(strstr(out_text, c->name));
	assert_int_equal(cli_value_index(FORMATS, "csv"), 1);
	assert_int_equal(cli_value_index(FORMATS, "xml"), -1);
	assert_int_equal(cli_value_index(FORMATS, NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(synopsis_from_the_table),
		cmocka_unit_test(help_shows_exactly_the_table),
		cmocka_unit_test(help_and_acceptance_agree),
		cmocka_unit_test(required_options_are_checked),
		cmocka_unit_test(years),
		cmocka_unit_test(usage_errors_are_sanitised),
		cmocka_unit_test(diag_sanitises_every_message),
		cmocka_unit_test(diag_quotes_excerpts),
		cmocka_unit_test(arrays_grow_by_doubling),
		cmocka_unit_test(program_help_and_version),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
