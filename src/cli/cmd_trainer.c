#include "cli.h"

/* Filled in by the subsystem that owns this command. */
static int
run(int argc, char **argv, struct cli_config *cfg)
{
	(void)argc;
	(void)cfg;
	cli_error(argv[0], "this command is not built yet");
	return EXIT_FAIL;
}

const struct cli_command cmd_trainer = {
	.name = "trainer",
	.summary = "(in progress)",
	.usage = "layerlab trainer",
	.help = "",
	.run = run,
};
