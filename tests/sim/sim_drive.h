/*
 * Driving the virtual printer's firmware in unit tests: bytes in, bytes
 * out, and a clock the test moves by hand (drive_now_ms).
 */
#ifndef LL_TEST_SIM_DRIVE_H
#define LL_TEST_SIM_DRIVE_H

#include <stdint.h>

#include "sim.h"

extern uint64_t drive_now_ms;

/* A printer made with o (NULL: the defaults at speed 0), its boot banner
 * read and dropped. */
struct sim *drive_new(const struct sim_options *o);
/* Everything the printer sent since the last call (static storage). */
const char *drive_take(struct sim *sim);
/* s as received at drive_now_ms. */
void drive_send(struct sim *sim, const char *s);

#endif
