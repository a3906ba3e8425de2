#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "credential.h"

static int
keys_init(struct cli_config *cfg)
{
	char *cause = NULL, *path;
	struct cred_key *key;

	if ((key = cred_key_create(cfg->keys_dir, &cause)) == NULL) {
		cli_error("keys init", "%s", cause);
		free(cause);
		return EXIT_FAIL;
	}
	path = cred_key_path(cfg->keys_dir);
	printf("%s\n", cred_key_did(key));
	fprintf(stderr, "Created the institution's signing key in %s (mode "
	    "0600).\nKeep a copy offline: credentials signed with it can only "
	    "be verified against this did:key.\n", path);
	free(path);
	cred_key_free(key);
	return EXIT_OK;
}

static int
keys_show(struct cli_config *cfg)
{
	char *cause = NULL, *path;
	struct cred_key *key;

	if ((key = cred_key_load(cfg->keys_dir, &cause)) == NULL) {
		cli_error("keys show", "%s", cause);
		free(cause);
		return EXIT_FAIL;
	}
	path = cred_key_path(cfg->keys_dir);
	printf("issuer:              %s\nverification method: %s\n"
	    "secret key file:     %s\npublic key file:     "
	    "%s/issuer-public.json\n", cred_key_did(key),
	    cred_key_verification_method(key), path, cfg->keys_dir);
	free(path);
	cred_key_free(key);
	return EXIT_OK;
}

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sub;
	int opt;

	if (argc < 2)
		return cli_usage_error(&cmd_keys, "expected init or show");
	sub = argv[1];
	argc--;
	argv++;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'h': printf("usage: %s\n\n%s", cmd_keys.usage,
		    cmd_keys.help); return EXIT_OK;
		default: return cli_bad_option(&cmd_keys, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_keys, "unexpected argument '%s'",
		    argv[optind]);
	if (strcmp(sub, "init") == 0)
		return keys_init(cfg);
	if (strcmp(sub, "show") == 0)
		return keys_show(cfg);
	return cli_usage_error(&cmd_keys, "unknown subcommand '%s' (init or "
	    "show)", sub);
}

const struct cli_command cmd_keys = {
	.name = "keys",
	.summary = "create or show the institution's credential signing key",
	.usage = "layerlab keys init | layerlab keys show",
	.help =
	    "Micro-credentials are signed with the institution's Ed25519 key.\n"
	    "Its public half is the issuer's identity, a did:key, which anyone\n"
	    "can check offline.\n"
	    "\n"
	    "  init     create the key pair in the keys directory (configuration\n"
	    "           key 'keys', default $XDG_DATA_HOME/layerlab/keys): the\n"
	    "           secret in issuer-key.json (mode 0600), the public key in\n"
	    "           issuer-public.json. Refuses to replace an existing key.\n"
	    "           Prints the issuer's did:key.\n"
	    "  show     print the issuer's did:key, its verification method and\n"
	    "           where the key is kept.\n"
	    "\n"
	    "Back the secret key up offline once it is created: a lost key\n"
	    "cannot be recovered, and a new key is a new issuer identity (see\n"
	    "docs/credentials.md).\n"
	    "\n"
	    "Examples:\n"
	    "  layerlab keys init\n"
	    "  layerlab keys show\n",
	.run = run,
};
