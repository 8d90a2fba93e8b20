/* tui: placeholder until the full-screen front end lands; line mode serves meanwhile. */
#include "survey/tui.h"
#include "survey/plain.h"

int tui_run(struct session *s)
{
	return plain_run(s);
}
