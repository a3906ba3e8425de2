/*
 * loop: the single poll() loop that drives layerlab. Every source of waiting
 * (serial port, keyboard, timers, signals, lesson scripts) is a callback here.
 *
 * One iteration, in this order:
 *   1. before-poll hooks (flush serial output, resume ready lessons, redraw
 *      once if anything changed)
 *   2. poll() until the earliest timer is due, an fd is ready or a signal
 *      arrives
 *   3. fd callbacks, for each ready fd
 *   4. due timers, earliest first
 *   5. signal callbacks (delivered through a self-pipe, never in signal
 *      context)
 * Watchers and timers removed from inside a callback are freed lazily at the
 * end of the iteration, so a callback may remove anything, itself included.
 */
#ifndef LL_LOOP_H
#define LL_LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct loop;
struct loop_fd;
struct loop_timer;

typedef void (*loop_fd_cb)(int fd, short revents, void *data);
/* Returns the next absolute due time in clock_ms() units, or 0 to disarm. */
typedef uint64_t (*loop_timer_cb)(uint64_t now, void *data);
typedef void (*loop_hook_cb)(void *data);
typedef void (*loop_signal_cb)(int signo, void *data);

struct loop *loop_new(void);
void loop_free(struct loop *loop);

struct loop_fd *loop_fd_add(struct loop *loop, int fd, short events,
    loop_fd_cb cb, void *data);
void loop_fd_set_events(struct loop_fd *w, short events);
void loop_fd_remove(struct loop_fd *w);

/* due is absolute (clock_ms()); 0 creates the timer disarmed. */
struct loop_timer *loop_timer_add(struct loop *loop, uint64_t due,
    loop_timer_cb cb, void *data);
void loop_timer_set(struct loop_timer *t, uint64_t due);
uint64_t loop_timer_due(const struct loop_timer *t);
void loop_timer_remove(struct loop_timer *t);

void loop_hook_add(struct loop *loop, loop_hook_cb cb, void *data);
void loop_hook_remove(struct loop *loop, loop_hook_cb cb, void *data);

/* Routes signo to cb through the loop; SIG_DFL is restored by loop_free. */
int loop_signal(struct loop *loop, int signo, loop_signal_cb cb, void *data);

/* One iteration waiting at most max_wait_ms (-1: until something happens). */
void loop_run_once(struct loop *loop, int max_wait_ms);
/* Iterates until loop_stop is called. */
void loop_run(struct loop *loop);
void loop_stop(struct loop *loop);
bool loop_stopped(const struct loop *loop);

/*
 * Slow work off the loop (work.c): runs work(data) on a thread of its own,
 * then done(data) from the loop. work must touch nothing the loop's thread
 * uses; data must stay valid until done runs (an owner that goes away
 * first leaves a mark in data for done to see).
 */
typedef void (*loop_work_fn)(void *data);
void loop_work_start(struct loop *loop, loop_work_fn work, loop_work_fn done,
    void *data);

#endif
