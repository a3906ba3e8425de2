/*
 * Time for lessons: elapsed() and sleep(s). Sleeping is a wait like any
 * other: the coroutine yields and a loop timer resumes it.
 */
#include <string.h>

#include "runner.h"

static int
l_elapsed(lua_State *L)
{
	struct lesson_run *run = vm_owner(L);

	lua_pushnumber(L, run_elapsed(run));
	return 1;
}

int
bind_time_wait(lua_State *L, struct lesson_run *run, const char *kind)
{
	double s;

	if (strcmp(kind, "sleep") != 0)
		return -1;
	s = luaL_checknumber(L, 2);
	/* NaN and infinity pass a "< 0" test and then wait for ever. */
	if (!number_within(s, 0, RUN_MAX_WAIT_S))
		return run_error(L, "sleep: expected seconds from 0 to %d, got "
		    "%s", RUN_MAX_WAIT_S, lua_tostring(L, 2));
	run->wait = WAIT_SLEEP;
	if (run->cfg.ops->wait != NULL) {
		memset(&run->banner, 0, sizeof run->banner);
		run->banner.kind = LESSON_WAIT_SLEEP;
		run->banner.progress = -1;
		run->banner.timeout = s;
		run->cfg.ops->wait(&run->banner, run->cfg.ui_data);
	}
	/* The timeout timer is the sleep: it settles with success. */
	run->wait_timeout = s;
	if (run->cfg.instant_sleep) {
		run->slept_s += s;
		if (!bind_printer_refresh(run))
			loop_timer_set(run->timer, clock_ms());
		return 0;
	}
	loop_timer_set(run->timer, clock_ms() + run_real_ms(run, s) + 1);
	return 0;
}

void
bind_time_register(lua_State *L)
{
	lua_pushcfunction(L, l_elapsed);
	lua_setfield(L, -2, "elapsed");
}
