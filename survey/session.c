/* session: opening the store and the year, then handing over to a front end. */
#include "survey/session.h"
#include "core/clock.h"
#include "core/diag.h"
#include "core/text.h"
#include "survey/msg.h"
#include "survey/plain.h"
#include "survey/terminal.h"
#include "survey/tui.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int session_login(struct session *s, const char *person, const char *token)
{
	if (s->logged_in)
		respondent_release(&s->resp);
	s->logged_in = false;
	int rc = respondent_login(s->store, s->fiscal_year, s->quest, person, token, &s->resp);
	s->logged_in = rc == 1;
	return rc;
}

/* Whether the full screen runs; when the terminal is the reason it does not, one line on
 * stderr says so (--plain needs no explanation). */
static bool full_screen(const struct session *s, bool plain)
{
	if (plain)
		return false;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		diag_note("%s", msg_get(s->lang, MSG_NOT_A_TERMINAL));
		return false;
	}
	if (!terminal_usable()) {
		const char *term = getenv("TERM");
		diag_note("%s (TERM=%s)", msg_get(s->lang, MSG_TERMINAL_UNUSABLE), term && *term ? term : "(unset)");
		return false;
	}
	return true;
}

int session_run(const struct session_options *opts)
{
	setlocale(LC_ALL, "");
	/* Without a UTF-8 locale curses cannot show Japanese; terminals are UTF-8 nowadays, so
	 * an unset or plain "C" locale gets a UTF-8 character type. */
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	struct session s;
	memset(&s, 0, sizeof s);
	s.fiscal_year = opts->fiscal_year;
	s.lang = opts->lang ? opts->lang : msg_default_lang();
	clock_zone_init(s.lang);
	s.person = opts->person;
	if (opts->person) {
		s.token = getenv("SURVEY_TOKEN");
		if (!s.token || !*s.token) {
			diag_error("--person needs the token in the environment variable SURVEY_TOKEN");
			return DIAG_EXIT_USAGE;
		}
	}
	if (store_open(opts->db, STORE_EXISTING, &s.store))
		return DIAG_EXIT_INPUT;
	int status = DIAG_EXIT_INPUT;
	struct store_year y;
	int found = store_get_year(s.store, s.fiscal_year, &y);
	if (found == 0)
		diag_error("%s: fiscal year %d is not in the store", opts->db, s.fiscal_year);
	if (found > 0 && store_year_quest(s.store, s.fiscal_year, &s.quest) > 0) {
		struct org o;
		if (y.org && store_get_org(s.store, y.org, &o) > 0) {
			s.org_name = text_sanitize(org_name(&o, s.lang), false);
			org_release(&o);
		}
		s.title = text_sanitize(quest_text_get(&s.quest->title, s.lang), false);
		status = full_screen(&s, opts->plain) ? tui_run(&s) : plain_run(&s);
	}
	if (found > 0)
		store_year_release(&y);
	if (s.logged_in)
		respondent_release(&s.resp);
	free(s.org_name);
	free(s.title);
	quest_free(s.quest);
	store_close(s.store);
	return status;
}
