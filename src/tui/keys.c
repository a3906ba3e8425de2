/* The keys of each screen, for the key bar and the help overlay. */
#include "tui_int.h"

int
screen_keys(struct tui *t, const char **out, int max)
{
	static const char *const signin[] = { "↑↓\tselect", "Enter\tsign_in",
	    "a\tadd_learner", "t\ttrainer" };
	static const char *const catalogue[] = { "↑↓\tselect", "Enter\topen",
	    "←\tback", "s\tsign_out" };
	static const char *const question[] = { "↑↓\tselect", "1-9\tpick",
	    "Space\ttoggle", "Enter\tanswer", "PgUp/PgDn\tscroll", "Esc\tleave" };
	static const char *const lesson[] = { "Enter\tcontinue",
	    "PgUp/PgDn\tscroll", "Esc\tleave" };
	static const char *const printer[] = { "r\treset", "Esc\tback" };
	static const char *const console[] = { "Enter\tsend", "↑↓\thistory",
	    "PgUp/PgDn\tscroll", "Ctrl-T\ttemperatures", "Esc\tback" };
	/* Each tab its own keys: the fault list's Enter comes first there. */
	static const char *const trainer[] = { "Tab\tswitch", "↑↓←→\tselect",
	    "s\tsign_off", "c\tissue", "l\tlog_out", "Esc\tback" };
	static const char *const faults[] = { "Enter\tinject", "↑↓\tselect",
	    "Tab\tswitch", "l\tlog_out", "Esc\tback" };
	static const char *const files[] = { "↑↓\tselect", "Enter\topen",
	    "←→\tlayer", "Esc\tback" };
	const char *const *keys;
	int n;

	switch (t->screen) {
	case SCREEN_SIGNIN: keys = signin; n = 4; break;
	case SCREEN_CATALOGUE: keys = catalogue; n = 4; break;
	case SCREEN_LESSON:
		if (t->q.active) {
			keys = question;
			n = 6;
		} else {
			keys = lesson;
			n = 3;
		}
		break;
	case SCREEN_PRINTER: keys = printer; n = 2; break;
	case SCREEN_CONSOLE: keys = console; n = 5; break;
	case SCREEN_TRAINER:
		if (t->trainer_tab == 1) {
			keys = faults;
			n = 5;
		} else {
			keys = trainer;
			n = 6;
		}
		break;
	case SCREEN_FILES: keys = files; n = 4; break;
	default: return 0;
	}
	for (int i = 0; i < n && i < max; i++)
		out[i] = keys[i];
	return n < max ? n : max;
}
