/*
 * The in-process virtual printer behind "--port virtual": a pseudo-terminal
 * whose master side the simulated firmware serves from the same event loop
 * as the host, which opens the slave path like any serial port.
 */
#ifndef LL_CLI_VIRTUAL_H
#define LL_CLI_VIRTUAL_H

struct loop;
struct sim;
struct sim_options;

/* Starts the printer (options NULL: the defaults); *path is the device to
 * open (allocated). NULL with cause when no pty can be created. */
struct sim *cli_virtual_start(struct loop *loop, const struct sim_options *o,
    char **path, char **cause);
void cli_virtual_stop(struct sim *sim);

#endif
