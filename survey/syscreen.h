/*
 * syscreen: the state the focused inspection's two screens share (screen_systems.c, the
 * picker; screen_system.c, one system's items) — plain data over the officer's systems, like
 * the rest of struct tui. t->systems is NULL for a person who answers for no system.
 */
#ifndef SELFCHECK_SURVEY_SYSCREEN_H
#define SELFCHECK_SURVEY_SYSCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "survey/screens.h"
#include "survey/sysanswer.h"
#include "survey/sysmsg.h"

struct tui_systems {
	struct sysanswer answers;
	size_t cursor;               /* picker row: 0 the person's own sheet, k the system k - 1 */
	size_t current;              /* index of the system being answered */
	bool explain;                /* its item's explanation is shown */
	int notice;                  /* a sysmsg shown until the next key, or -1 */
};

/* The notice line both screens draw above the key bar (nothing when notice < 0). */
void syscreen_notice(const struct tui *t);

#endif
