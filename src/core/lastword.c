/*
 * Last words: what must happen however layerlab ends. A crash with a hot
 * nozzle is the one failure a workshop cannot shrug off, so the bytes that
 * switch a printer's heaters off are written from the crash itself, with
 * write(2) only (async-signal-safe), before anything that could fail again.
 * Then, best effort and under an alarm so a wedged process still dies, the
 * hooks run (the lesson's attempt is closed). Everything runs once.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "core.h"

#define LASTWORD_SLOTS 8

struct lastword_bytes {
	volatile sig_atomic_t used;
	int fd;
	char bytes[64];
	size_t len;
};

struct lastword_hook {
	void (*fn)(void *);
	void *data;
};

static struct lastword_bytes words[LASTWORD_SLOTS];
static struct lastword_hook hooks[LASTWORD_SLOTS];
static volatile sig_atomic_t spoken;

int
lastword_add_bytes(int fd, const char *bytes)
{
	size_t len = strlen(bytes);

	if (len > sizeof words[0].bytes)
		fatal("lastword: %zu bytes do not fit", len);
	for (int i = 0; i < LASTWORD_SLOTS; i++) {
		if (words[i].used)
			continue;
		words[i].fd = fd;
		memcpy(words[i].bytes, bytes, len);
		words[i].len = len;
		words[i].used = 1;
		return i;
	}
	return -1;
}

void
lastword_remove_bytes(int id)
{
	if (id >= 0 && id < LASTWORD_SLOTS)
		words[id].used = 0;
}

int
lastword_add_hook(void (*fn)(void *), void *data)
{
	for (int i = 0; i < LASTWORD_SLOTS; i++) {
		if (hooks[i].fn != NULL)
			continue;
		hooks[i].data = data;
		hooks[i].fn = fn;
		return i;
	}
	return -1;
}

void
lastword_remove_hook(int id)
{
	if (id >= 0 && id < LASTWORD_SLOTS)
		hooks[id].fn = NULL;
}

void
lastword_speak(void)
{
	if (spoken)
		return;
	spoken = 1;
	for (int i = 0; i < LASTWORD_SLOTS; i++) {
		const char *p = words[i].bytes;
		size_t left = words[i].len;

		if (!words[i].used)
			continue;
		/* A full output buffer is waited out a little, never for ever. */
		for (int tries = 0; left > 0 && tries < 100; tries++) {
			ssize_t n = write(words[i].fd, p, left);

			if (n > 0) {
				p += n;
				left -= (size_t)n;
			} else
				usleep(1000);
		}
	}
	/* The hooks may take locks a crash left held: a wedged end still
	 * ends, by SIGALRM's default action. */
	alarm(3);
	for (int i = 0; i < LASTWORD_SLOTS; i++) {
		if (hooks[i].fn != NULL)
			hooks[i].fn(hooks[i].data);
	}
}

static void
lastword_signal(int signo)
{
	lastword_speak();
	signal(signo, SIG_DFL);
	raise(signo);
}

void
lastword_install(void)
{
	static const int crashes[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE,
	    SIGABRT };
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = lastword_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (size_t i = 0; i < LL_ARRAY_LEN(crashes); i++)
		sigaction(crashes[i], &sa, NULL);
}
