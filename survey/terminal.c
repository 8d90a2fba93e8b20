/* terminal: the terminfo check before curses starts. */
#include "survey/terminal.h"

#include <curses.h>
#include <term.h>
#include <unistd.h>

bool terminal_usable(void)
{
	int err = 0;
	/* With an error pointer, setupterm reports failure instead of printing and exiting. */
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK || err != 1)
		return false;
	const char *cup = tigetstr("cup");
	bool ok = cup != NULL && cup != (const char *)-1;
	del_curterm(cur_term);
	return ok;
}
