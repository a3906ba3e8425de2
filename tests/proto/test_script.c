/*
 * The protocol engine fed scripted printer output: handshake, framing,
 * resend storms, stale resends, the extra ok, garbage, split and merged
 * reads, busy, silence, lost oks, the send window, emergency stop.
 */
#include "proto_fixture.h"
#include "test.h"

static struct proto_config
config(enum proto_mode mode, bool forced)
{
	struct proto_config cfg;

	proto_config_default(&cfg);
	cfg.mode = mode;
	cfg.mode_forced = forced;
	cfg.poke_ms = 1000;
	cfg.dead_ms = 3000;
	cfg.long_ms = 60000;
	cfg.settle_ms = 0;	/* test_settle covers it */
	cfg.calm_lines = 0;	/* test_calm covers it */
	/* A build without the ok after Resend: (Marlin 2.0.1-2.0.9);
	 * test_ok_after_resend_habits covers each firmware's own. */
	cfg.ok_after_resend = 0;
	/* The whole budget from the start; test_window_learned covers the
	 * conservative start. */
	cfg.window_start = cfg.rx_buffer;
	return cfg;
}

/* A ready engine in the given mode after a Marlin 2 handshake. */
static void
ready(struct fx *fx, enum proto_mode mode)
{
	struct proto_config cfg = config(mode, true);

	fx_init(fx, &cfg);
	CHECK(fx_handshake(fx, marlin2_m115));
}

static void
test_handshake_marlin2(void)
{
	struct proto_config cfg = config(PROTO_PINGPONG, false);
	struct fx fx;
	const struct proto_info *info;

	fx_init(&fx, &cfg);
	CHECK(fx_handshake(&fx, marlin2_m115));
	info = proto_info(fx.p);
	CHECK(info->ready);
	CHECK_INT(fx_count(&fx, PROTO_EV_READY), 1);
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 0);	/* handshake is internal */
	CHECK_INT(info->mode, PROTO_WINDOWED);		/* Marlin streams */
	CHECK_INT(info->flavour, GCODE_FLAVOUR_MARLIN);
	CHECK_STR(info->firmware_version, "2.1.2.1");
	CHECK_STR(info->machine_type, "Ender-3 V2");
	CHECK(info->cap_autoreport_temp);
	CHECK(info->cap_emergency_parser);
	CHECK(!info->cap_prompt_support);
	CHECK(info->cap_host_action);
	CHECK(proto_wants_more(fx.p));
	/* The M110 resets numbering: the first command is line 2. */
	CHECK_INT(proto_queue(fx.p, "G28", 7, false), 0);
	CHECK_STR(fx_take(&fx), fx_framed(2, "G28"));
	fx_done(&fx);
}

static void
test_handshake_flavours(void)
{
	struct proto_config cfg = config(PROTO_WINDOWED, false);
	struct fx fx;

	/* Prusa-Firmware: one line at a time unless the profile says so. */
	fx_init(&fx, &cfg);
	CHECK(fx_handshake(&fx, prusa_m115));
	CHECK_INT(proto_info(fx.p)->mode, PROTO_PINGPONG);
	CHECK_INT(proto_info(fx.p)->flavour, GCODE_FLAVOUR_PRUSA);
	fx_done(&fx);

	/* Klipper answers M115 on its ok line. */
	fx_init(&fx, &cfg);
	proto_start(fx.p, fx.now);
	fx_take(&fx);
	fx_feed(&fx, "ok\n");
	fx_take(&fx);
	fx_feed(&fx, "ok FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-85\n");
	CHECK(proto_info(fx.p)->ready);
	CHECK_INT(proto_info(fx.p)->flavour, GCODE_FLAVOUR_KLIPPER);
	CHECK_INT(proto_info(fx.p)->mode, PROTO_PINGPONG);
	CHECK_STR(proto_info(fx.p)->firmware_version, "v0.12.0-85");
	fx_done(&fx);

	/* A forced mode wins over the firmware. */
	cfg.mode_forced = true;
	fx_init(&fx, &cfg);
	CHECK(fx_handshake(&fx, prusa_m115));
	CHECK_INT(proto_info(fx.p)->mode, PROTO_WINDOWED);
	fx_done(&fx);
}

static void
test_handshake_board_reset(void)
{
	static const char boot[] = "\xff\x00start\necho:Marlin 2.1.2.1\n";
	struct proto_config cfg = config(PROTO_PINGPONG, false);
	const struct fx_event *silent;
	struct fx fx;

	/* The board resets as the port opens: "start" means M110 was lost. */
	fx_init(&fx, &cfg);
	proto_start(fx.p, fx.now);
	CHECK_STR(fx_take(&fx), "N0 M110 N0*125\n");
	proto_feed(fx.p, boot, sizeof boot - 1, fx.now);
	CHECK_STR(fx_take(&fx), "N0 M110 N0*125\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_RESTARTED), 0);
	fx_feed(&fx, "ok\n");
	CHECK_STR(fx_take(&fx), fx_framed(1, "M115"));

	/* Silence during the handshake: M110 again, then not responding. */
	fx_tick(&fx, 1000);
	CHECK_STR(fx_take(&fx), "N0 M110 N0*125\n");
	fx_tick(&fx, 3000);
	CHECK_INT(fx_count(&fx, PROTO_EV_NOT_RESPONDING), 1);
	silent = fx_last(&fx, PROTO_EV_NOT_RESPONDING);
	CHECK(silent != NULL && strstr(silent->text, "M110") != NULL);
	/* Counted from the last answer, not from the M110 written again. */
	CHECK(silent != NULL && strstr(silent->text, "for 4 s") != NULL);
	fx_done(&fx);
}

static void
test_pingpong_order(void)
{
	struct fx fx;

	ready(&fx, PROTO_PINGPONG);
	CHECK_INT(proto_queue(fx.p, "G28", 1, false), 0);
	CHECK_INT(proto_queue(fx.p, "G1 X10 F3000", 2, false), 0);
	CHECK_INT(proto_queue(fx.p, "M114", 3, false), 0);
	CHECK(!proto_wants_more(fx.p));
	CHECK_STR(fx_take(&fx), fx_framed(2, "G28"));
	CHECK_STR(fx_take(&fx), "");	/* one line in flight */
	CHECK_INT(proto_in_flight(fx.p), 1);
	CHECK_INT(proto_queued(fx.p), 2);
	fx_feed(&fx, "echo:busy: processing\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_BUSY), 1);
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_last(&fx, PROTO_EV_ACK)->tag, 1);
	CHECK_STR(fx_last(&fx, PROTO_EV_ACK)->text, "G28");
	CHECK_STR(fx_take(&fx), fx_framed(3, "G1 X10 F3000"));
	fx_feed(&fx, "ok\n");
	CHECK_STR(fx_take(&fx), fx_framed(4, "M114"));
	fx_feed(&fx, "X:10.00 Y:0.00 Z:0.00 E:0.00 Count X:800 Y:0 Z:0\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 3);
	CHECK_INT(fx_last(&fx, PROTO_EV_ACK)->tag, 3);
	CHECK_STR(fx_last(&fx, PROTO_EV_OUTPUT)->text,
	    "X:10.00 Y:0.00 Z:0.00 E:0.00 Count X:800 Y:0 Z:0");
	CHECK(proto_wants_more(fx.p));
	CHECK_INT(proto_info(fx.p)->lines_acked, 3);
	fx_done(&fx);
}

static void
test_split_and_merged_reads(void)
{
	struct fx fx;
	const char *stream = "echo:busy: processing\r\nok\nok T:20.00 /0.00 B:21.00 /0.00 @:0 B@:0\r\nok\n";

	size_t received;

	ready(&fx, PROTO_WINDOWED);
	received = fx_count(&fx, PROTO_EV_RECEIVED);
	for (int i = 0; i < 3; i++)
		proto_queue(fx.p, i == 1 ? "M105" : "G1 X1", (uint64_t)i, false);
	fx_take(&fx);
	CHECK_INT(proto_in_flight(fx.p), 3);
	/* One byte at a time. */
	for (const char *c = stream; *c != '\0'; c++)
		proto_feed(fx.p, c, 1, fx.now);
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 3);
	CHECK_INT(fx_count(&fx, PROTO_EV_TEMPS), 1);
	CHECK_NEAR(fx_last(&fx, PROTO_EV_TEMPS)->nozzle, 20.0, 1e-9);
	CHECK_INT(fx_count(&fx, PROTO_EV_BUSY), 1);
	CHECK_INT(fx_count(&fx, PROTO_EV_RECEIVED), received + 4);
	/* All at once. */
	for (int i = 0; i < 3; i++)
		proto_queue(fx.p, i == 1 ? "M105" : "G1 X1", (uint64_t)i, false);
	fx_take(&fx);
	fx_feed(&fx, stream);
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 6);
	CHECK_INT(fx_count(&fx, PROTO_EV_RECEIVED), received + 8);
	CHECK_INT(proto_in_flight(fx.p), 0);
	fx_done(&fx);
}

static void
test_resend_pingpong(void)
{
	struct fx fx;

	ready(&fx, PROTO_PINGPONG);
	proto_queue(fx.p, "G1 X10", 1, false);
	proto_queue(fx.p, "G1 X20", 2, false);
	CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X10"));
	fx_feed(&fx, "Error:checksum mismatch, Last Line: 1\nResend: 2\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_RESEND), 1);
	CHECK_INT(fx_last(&fx, PROTO_EV_RESEND)->line, 2);
	CHECK_INT(fx_count(&fx, PROTO_EV_ERROR), 0);	/* counted, not shown */
	CHECK_INT(proto_info(fx.p)->comm_errors, 1);
	CHECK_INT(proto_info(fx.p)->resends, 1);
	/* The same number, the same text. */
	CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X10"));
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	CHECK_STR(fx_take(&fx), fx_framed(3, "G1 X20"));
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 2);
	CHECK(!proto_info(fx.p)->halted);
	fx_done(&fx);
}

static const char marlin209_m115[] =
    "FIRMWARE_NAME:Marlin 2.0.9.3 (Feb  1 2022 10:00:00) SOURCE_CODE_URL:"
    "github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:"
    "Ender-3 EXTRUDER_COUNT:1\nCap:EMERGENCY_PARSER:0\n";
static const char repetier_m115[] =
    "FIRMWARE_NAME:Repetier_1.0.4 COMPILED:Nov 10 2020 FIRMWARE_URL:"
    "https://github.com/repetier/Repetier-Firmware/ PROTOCOL_VERSION:1.0 "
    "MACHINE_TYPE:Mendel EXTRUDER_COUNT:1 REPETIER_PROTOCOL:3\n";

/* Each firmware's own habit after Resend:, from its source. */
static void
test_extra_ok_after_resend(void)
{
	static const struct {
		const char *m115;
		int habit;
	} fw[] = {
		{ marlin1_m115, 1 },	/* FlushSerialRequestResend: ok_to_send */
		{ marlin2_m115, 1 },	/* 2.1: SERIAL_ECHOLNPGM(STR_OK) */
		{ prusa_m115, 1 },	/* "Resend: %ld\n%S\n", MSG_OK */
		{ marlin209_m115, -1 },	/* 2.0.x: changed between releases */
	};

	for (size_t i = 0; i < LL_ARRAY_LEN(fw); i++) {
		struct proto_config cfg = config(PROTO_PINGPONG, true);
		struct fx fx;

		cfg.ok_after_resend = -1;
		fx_init(&fx, &cfg);
		CHECK(fx_handshake(&fx, fw[i].m115));
		CHECK_INT(proto_info(fx.p)->ok_after_resend, fw[i].habit);
		fx_done(&fx);
	}
	{
		/* Marlin 1.x prints "ok" right after every Resend:. */
		struct proto_config cfg = config(PROTO_PINGPONG, true);
		struct fx fx;

		cfg.ok_after_resend = -1;
		fx_init(&fx, &cfg);
		CHECK(fx_handshake(&fx, marlin1_m115));
		proto_queue(fx.p, "G1 X10", 1, false);
		proto_queue(fx.p, "G1 X20", 2, false);
		fx_take(&fx);
		fx_feed(&fx, "Error:checksum mismatch, Last Line: 1\nResend: 2\nok\n");
		CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 0);
		CHECK_INT(proto_info(fx.p)->stray_oks, 1);
		CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X10"));
		/* Split reads: the host wrote the line before the stray ok. */
		fx_feed(&fx, "Error:checksum mismatch, Last Line: 1\nResend: 2\n");
		CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X10"));
		fx_feed(&fx, "ok\n");
		CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 0);	/* the stray one */
		fx_feed(&fx, "ok\n");
		CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
		CHECK_STR(fx_take(&fx), fx_framed(3, "G1 X20"));
		fx_feed(&fx, "ok\n");
		CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 2);
		fx_done(&fx);
	}
	{
		/* A build without it, as the profile says: the ok after the
		 * re-sent line is its ack. */
		struct fx fx;

		ready(&fx, PROTO_PINGPONG);
		proto_queue(fx.p, "G1 X10", 1, false);
		fx_take(&fx);
		fx_feed(&fx, "Error:checksum mismatch, Last Line: 1\nResend: 2\n");
		CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X10"));
		fx_feed(&fx, "ok\n");
		CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
		fx_done(&fx);
	}
}

/*
 * Marlin 2.0.x, habit unknown, lines below the requested one in flight:
 * an ok right after Resend: may be line 2's or the resend's own. It is
 * dropped, and an M105 rides right behind the re-sent line; whichever it
 * was, nothing is confirmed early and nothing waits for a poke.
 */
static void
test_ok_after_resend_undecided(void)
{
	for (int extra = 0; extra <= 1; extra++) {
		struct proto_config cfg = config(PROTO_WINDOWED, true);
		struct fx fx;
		const char *s;

		cfg.ok_after_resend = -1;
		fx_init(&fx, &cfg);
		CHECK(fx_handshake(&fx, marlin209_m115));
		for (int i = 0; i < 4; i++)
			proto_queue(fx.p, "G1 X1", (uint64_t)i, false);	/* 2..5 */
		fx_take(&fx);
		/* 2 and 3 taken, 4 damaged, 5 thrown away. */
		fx_feed(&fx, "Error:checksum mismatch, Last Line: 3\nResend: 4\n");
		fx_feed(&fx, "ok\n");	/* line 2's, or the extra one */
		CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 0);
		s = fx_take(&fx);
		/* 4 again, the probe as 5, the old 5 as 6. */
		CHECK(strncmp(s, fx_framed(4, "G1 X1"), strlen(fx_framed(4, "G1 X1"))) == 0);
		CHECK(strstr(s, fx_framed(5, "M105")) != NULL);
		if (extra)
			fx_feed(&fx, "ok\n");	/* line 2's */
		fx_feed(&fx, "ok\n");		/* line 3's (or 2's) */
		CHECK(fx_count(&fx, PROTO_EV_ACK) <= 2);
		fx_feed(&fx, "ok\n");		/* 4's (or 3's) */
		CHECK(fx_count(&fx, PROTO_EV_ACK) <= 3);
		fx_feed(&fx, "ok T:20.0 /0.0 B:20.0 /0.0 @:0 B@:0\n");
		CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 3);	/* 2, 3, 4 */
		CHECK_STR(fx_take(&fx), fx_framed(6, "G1 X1"));
		fx_feed(&fx, "ok\n");
		CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 4);
		CHECK_INT(fx_count(&fx, PROTO_EV_NOT_RESPONDING), 0);
		CHECK_INT(proto_info(fx.p)->pokes, 0);
		fx_done(&fx);
	}
}

/* Repetier: "ok <line>" when a line is taken, "skip N" for one taken
 * twice, output after the ok. */
static void
test_repetier(void)
{
	struct proto_config cfg = config(PROTO_PINGPONG, false);
	struct fx fx;

	cfg.ok_after_resend = -1;
	fx_init(&fx, &cfg);
	proto_start(fx.p, fx.now);
	CHECK_STR(fx_take(&fx), "N0 M110 N0*125\n");
	fx_feed(&fx, "ok 0\n");
	CHECK_STR(fx_take(&fx), fx_framed(1, "M115"));
	fx_feed(&fx, "ok 1\n");		/* taken, not yet run */
	CHECK(!proto_info(fx.p)->ready);
	fx_feed(&fx, repetier_m115);
	CHECK(proto_info(fx.p)->ready);
	CHECK_INT(proto_info(fx.p)->flavour, GCODE_FLAVOUR_REPETIER);
	CHECK_INT(proto_info(fx.p)->ok_after_resend, 1);
	/* Numbered oks acknowledge exactly. */
	proto_queue(fx.p, "G1 X1", 1, false);
	fx_take(&fx);
	fx_feed(&fx, "ok 2\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	/* A duplicate's skip and ok acknowledge nothing more. */
	proto_queue(fx.p, "G1 X2", 2, false);
	fx_take(&fx);
	fx_feed(&fx, "skip 2\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	/* Resend: and its bare ok. */
	fx_feed(&fx, "Error:expected line 3 got 4\n\r\nResend:3\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	CHECK_INT(fx_count(&fx, PROTO_EV_ERROR), 0);	/* a comm error */
	CHECK_INT(proto_info(fx.p)->resends, 1);
	CHECK_STR(fx_take(&fx), fx_framed(3, "G1 X2"));
	fx_feed(&fx, "ok 3\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 2);
	/* A skip for a line in flight: its ok was lost; taken it is. */
	proto_queue(fx.p, "G1 X9", 9, false);
	CHECK_STR(fx_take(&fx), fx_framed(4, "G1 X9"));
	fx_feed(&fx, "skip 4\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 3);
	CHECK_INT(proto_in_flight(fx.p), 0);
	fx_done(&fx);

	/* Bare oks (ACK_WITH_LINENUMBER off) and a lost one: the poke's ok
	 * comes before its temperatures, which prove it ran. */
	fx_init(&fx, &cfg);
	proto_start(fx.p, fx.now);
	fx_take(&fx);
	fx_feed(&fx, "ok\n");
	fx_take(&fx);
	fx_feed(&fx, "ok\n");
	fx_feed(&fx, repetier_m115);
	CHECK(proto_info(fx.p)->ready);
	proto_queue(fx.p, "G1 X1", 1, false);
	CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X1"));
	/* Its ok is lost. */
	fx_tick(&fx, 1000);
	CHECK_STR(fx_take(&fx), fx_framed(3, "M105"));
	fx_feed(&fx, "ok\n");			/* the poke's, taken as line 2's */
	fx_feed(&fx, "T:20.00 /0 B:20.00 /0 B@:0 @:0\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	CHECK_INT(proto_in_flight(fx.p), 0);
	proto_queue(fx.p, "G1 X2", 2, false);
	CHECK_STR(fx_take(&fx), fx_framed(4, "G1 X2"));
	fx_done(&fx);
}

/* A board that resets as the port opens: a second ok for M110 must not
 * end the handshake before FIRMWARE_NAME, or every reply shifts by one. */
static void
test_handshake_stale_ok(void)
{
	struct proto_config cfg = config(PROTO_PINGPONG, false);
	struct fx fx;

	fx_init(&fx, &cfg);
	proto_start(fx.p, fx.now);
	CHECK_STR(fx_take(&fx), "N0 M110 N0*125\n");
	fx_feed(&fx, "start\necho:Marlin 2.1.2.1\n");
	CHECK_STR(fx_take(&fx), "N0 M110 N0*125\n");
	fx_feed(&fx, "ok\n");		/* the first M110, taken after boot */
	CHECK_STR(fx_take(&fx), fx_framed(1, "M115"));
	fx_feed(&fx, "ok\n");		/* the second M110's */
	CHECK(!proto_info(fx.p)->ready);
	CHECK_INT(proto_info(fx.p)->stray_oks, 1);
	fx_feed(&fx, marlin2_m115);
	CHECK(!proto_info(fx.p)->ready);	/* the Cap: lines are M115's */
	fx_feed(&fx, "ok\n");
	CHECK(proto_info(fx.p)->ready);
	CHECK(proto_info(fx.p)->cap_emergency_parser);
	/* M114's reply belongs to M114, not to the next command. */
	proto_queue(fx.p, "M114", 1, false);
	fx_take(&fx);
	fx_feed(&fx, "X:0.00 Y:0.00 Z:0.00 E:0.00 Count X:0 Y:0 Z:0\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	CHECK(strncmp(fx_last(&fx, PROTO_EV_OUTPUT)->text, "X:0.00", 6) == 0);
	fx_done(&fx);

	/* Firmware without M115 says so; its ok ends the handshake. */
	fx_init(&fx, &cfg);
	proto_start(fx.p, fx.now);
	fx_take(&fx);
	fx_feed(&fx, "ok\n");
	fx_take(&fx);
	fx_feed(&fx, "echo:Unknown command: \"M115\"\nok\n");
	CHECK(proto_info(fx.p)->ready);
	fx_done(&fx);
}

/* A windowed link that starts at its 63 bytes, 400 short lines queued. */
static void
fx_window_start(struct fx *fx)
{
	struct proto_config cfg = config(PROTO_WINDOWED, true);

	cfg.window_start = 0;
	fx_init(fx, &cfg);
	CHECK(fx_handshake(fx, marlin2_m115));
	for (int i = 0; i < 400; i++)
		proto_queue(fx->p, "G1 X1 Y1", (uint64_t)i, false);	/* 15 B */
	fx_take(fx);
	CHECK_INT(proto_in_flight(fx->p), 4);	/* 60 of 63 bytes */
}

/* The window starts at 63 bytes whatever the profile claims, grows while
 * the firmware takes it, and drops back for good at the first sign that a
 * line arrived cut. */
static void
test_window_learned(void)
{
	struct fx fx;
	struct buf b;

	fx_window_start(&fx);
	/* Plain oks prove nothing about the buffer: no growth. */
	for (int i = 0; i < 100; i++) {
		fx_feed(&fx, "ok\n");
		fx_take(&fx);
	}
	CHECK_INT(proto_in_flight(fx.p), 3);	/* 3 x 17 bytes <= 63 */
	/* ADVANCED_OK with free queue slots: the firmware keeps reading. */
	for (int i = 0; i < 250; i++) {
		char ok[64];

		snprintf(ok, sizeof ok, "ok N%ld P10 B7\n", 102L + i);
		fx_feed(&fx, ok);
		fx_take(&fx);
	}
	CHECK(proto_in_flight(fx.p) >= 6);	/* ~18 bytes a line in 128 */
	/* The queue full: reading stops; back to 63 bytes for good. */
	fx_feed(&fx, "ok N352 P10 B0\n");
	for (int i = 0; i < 8; i++) {
		char ok[64];

		snprintf(ok, sizeof ok, "ok N%ld P10 B7\n", 353L + i);
		fx_feed(&fx, ok);
		fx_take(&fx);
	}
	CHECK(proto_in_flight(fx.p) <= 3);
	/* A tail without its N ran as an unknown command: stop. */
	fx_feed(&fx, "echo:Unknown command: \"1 Y1\"\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_GAVE_UP), 1);
	/* The trace shows the last lines each way. */
	buf_init(&b);
	CHECK(proto_trace(fx.p, &b) > 0);
	CHECK(strstr(b.data, "recv echo:Unknown command: \"1 Y1\"") != NULL);
	CHECK(strstr(b.data, "sent N") != NULL);
	buf_free(&b);
	fx_done(&fx);
}

/* An ok with only the line's N (Repetier's "ok <N>") says nothing of the
 * buffer either: growing on it overran a 64-byte board (the conformance
 * matrix's small-rx cell saw a line's tail run as a command). */
static void
test_window_not_grown_on_ok_n(void)
{
	struct fx fx;

	fx_window_start(&fx);
	for (int i = 0; i < 250; i++) {
		char ok[32];

		snprintf(ok, sizeof ok, "ok %d\n", 2 + i);
		fx_feed(&fx, ok);
		fx_take(&fx);
		CHECK(proto_in_flight(fx.p) <= 4);
	}
	CHECK_INT(fx_count(&fx, PROTO_EV_GAVE_UP), 0);
	CHECK(proto_info(fx.p)->lines_acked >= 250);
	fx_done(&fx);
}

static void
test_ok_after_resend_from_profile(void)
{
	for (int quirk = 0; quirk <= 1; quirk++) {
		struct proto_config cfg = config(PROTO_WINDOWED, true);
		struct fx fx;

		cfg.ok_after_resend = quirk;
		fx_init(&fx, &cfg);
		CHECK(fx_handshake(&fx, marlin2_m115));
		for (int i = 0; i < 4; i++)
			proto_queue(fx.p, "G1 X1", (uint64_t)i, false);	/* 2..5 */
		fx_take(&fx);
		/* Lines 2 and 3 were taken; is this ok line 2's or the
		 * resend's own? The profile says. */
		fx_feed(&fx, "Error:checksum mismatch, Last Line: 3\nResend: 4\nok\n");
		CHECK_INT(fx_count(&fx, PROTO_EV_ACK), quirk ? 0 : 1);
		CHECK_INT(proto_info(fx.p)->ok_after_resend, quirk);
		fx_done(&fx);
	}
}

static void
test_last_line_without_resend(void)
{
	struct fx fx;

	ready(&fx, PROTO_WINDOWED);
	for (int i = 0; i < 4; i++)
		proto_queue(fx.p, "G1 X1", (uint64_t)(10 + i), false);	/* lines 2..5 */
	fx_take(&fx);
	CHECK_INT(proto_in_flight(fx.p), 4);
	/* Lines 2 and 3 were taken; 4 and 5 were not, and no Resend: follows. */
	fx_feed(&fx, "Error:Line Number is not Last Line Number+1, Last Line: 3\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_RESEND), 1);
	CHECK_INT(fx_last(&fx, PROTO_EV_RESEND)->line, 4);
	/* Three oks: two for lines 2 and 3; the third cannot be line 4's. */
	fx_feed(&fx, "ok\nok\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 2);
	CHECK_INT(fx_last(&fx, PROTO_EV_ACK)->tag, 11);
	/* Line 4 goes again, alone until acknowledged. */
	CHECK_STR(fx_take(&fx), fx_framed(4, "G1 X1"));
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 3);
	CHECK_STR(fx_take(&fx), fx_framed(5, "G1 X1"));
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 4);
	CHECK_INT(fx_last(&fx, PROTO_EV_ACK)->tag, 13);
	fx_done(&fx);
}

static void
test_stale_resends(void)
{
	struct fx fx;
	const char *storm =
	    "Error:checksum mismatch, Last Line: 1\nResend: 2\n"
	    "Error:Line Number is not Last Line Number+1, Last Line: 1\nResend: 2\n"
	    "Error:Line Number is not Last Line Number+1, Last Line: 1\nResend: 2\n"
	    "Resend: 2\n";

	ready(&fx, PROTO_WINDOWED);
	for (int i = 0; i < 4; i++)
		proto_queue(fx.p, "G1 X1", (uint64_t)i, false);	/* lines 2..5 */
	fx_take(&fx);
	fx_feed(&fx, storm);
	/* One request honoured, the repeats recognised as stale. */
	CHECK_INT(fx_count(&fx, PROTO_EV_RESEND), 1);
	CHECK_INT(proto_info(fx.p)->stale_resends, 3);
	CHECK_INT(proto_info(fx.p)->resends, 1);
	CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X1"));	/* once, alone */
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	/* Then the window opens again. */
	{
		char want[256];

		snprintf(want, sizeof want, "%s", fx_framed(3, "G1 X1"));
		strcat(want, fx_framed(4, "G1 X1"));
		strcat(want, fx_framed(5, "G1 X1"));
		CHECK_STR(fx_take(&fx), want);
	}
	fx_feed(&fx, "ok\nok\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 4);
	fx_done(&fx);
}

static void
test_stale_after_rewrite(void)
{
	struct fx fx;

	ready(&fx, PROTO_WINDOWED);
	for (int i = 0; i < 4; i++)
		proto_queue(fx.p, "G1 X1", (uint64_t)i, false);	/* lines 2..5 */
	fx_take(&fx);
	fx_feed(&fx, "Error:checksum mismatch, Last Line: 1\nResend: 2\n");
	CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X1"));
	/*
	 * A complaint after the re-write is a new incident (the settle time
	 * is there to make that true): counted, and the line goes again.
	 */
	fx_feed(&fx, "Error:Line Number is not Last Line Number+1, Last Line: 1\nResend: 2\n");
	CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X1"));
	CHECK_INT(fx_count(&fx, PROTO_EV_RESEND), 2);
	/* Both copies arrived: the first runs, the second is refused. */
	fx_feed(&fx, "Error:Line Number is not Last Line Number+1, Last Line: 2\nResend: 3\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	CHECK_STR(fx_take(&fx), fx_framed(3, "G1 X1"));
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 2);
	fx_take(&fx);
	fx_feed(&fx, "ok\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 4);
	CHECK_INT(proto_in_flight(fx.p), 0);
	fx_done(&fx);
}

static void
test_settle(void)
{
	struct proto_config cfg = config(PROTO_WINDOWED, true);
	struct fx fx;

	cfg.settle_ms = 50;
	fx_init(&fx, &cfg);
	CHECK(fx_handshake(&fx, marlin2_m115));
	for (int i = 0; i < 4; i++)
		proto_queue(fx.p, "G1 X1", (uint64_t)i, false);	/* lines 2..5 */
	fx_take(&fx);
	fx_feed(&fx, "Error:checksum mismatch, Last Line: 1\nResend: 2\n");
	CHECK_STR(fx_take(&fx), "");	/* complaints may still come */
	CHECK_INT(proto_deadline(fx.p), fx.now + 50);
	fx_tick(&fx, 30);
	/* The tail of a line cut in two, then a line out of sequence. */
	fx_feed(&fx, "Error:No Line Number with checksum, Last Line: 1\nResend: 2\n");
	fx_tick(&fx, 30);
	fx_feed(&fx, "Error:Line Number is not Last Line Number+1, Last Line: 1\nResend: 2\n");
	CHECK_STR(fx_take(&fx), "");
	CHECK_INT(proto_info(fx.p)->stale_resends, 2);
	CHECK_INT(fx_count(&fx, PROTO_EV_RESEND), 1);
	fx_tick(&fx, 49);
	CHECK_STR(fx_take(&fx), "");
	fx_tick(&fx, 1);
	CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X1"));
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	fx_done(&fx);
}

/* With nothing written after the refused line, nothing else can draw a
 * complaint: the line goes again at once, whatever settle_ms says. */
static void
test_settle_nothing_behind(void)
{
	struct proto_config cfg = config(PROTO_PINGPONG, true);
	struct fx fx;

	cfg.settle_ms = 50;
	cfg.ok_after_resend = 1;
	fx_init(&fx, &cfg);
	CHECK(fx_handshake(&fx, marlin2_m115));
	proto_queue(fx.p, "G1 X1", 1, false);	/* line 2 */
	proto_queue(fx.p, "G1 X2", 2, false);	/* line 3 */
	CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X1"));
	fx_feed(&fx, "Error:checksum mismatch, Last Line: 1\n");
	CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X1"));
	CHECK_INT(proto_deadline(fx.p) > fx.now + 50, true);
	/* Its Resend: and the ok that follows it are the same complaint. */
	fx_feed(&fx, "Resend: 2\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 0);
	CHECK_STR(fx_take(&fx), "");
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	CHECK_STR(fx_take(&fx), fx_framed(3, "G1 X2"));
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 2);
	CHECK_INT(proto_info(fx.p)->resends, 1);
	fx_done(&fx);
}

static void
test_calm(void)
{
	struct proto_config cfg = config(PROTO_WINDOWED, true);
	struct fx fx;
	int i;

	cfg.calm_lines = 3;
	fx_init(&fx, &cfg);
	CHECK(fx_handshake(&fx, marlin2_m115));
	for (i = 0; i < 13; i++)
		proto_queue(fx.p, "G1 X100 Y100", (uint64_t)i, false);
	/* The link earns its window: one line at a time at first. */
	for (i = 2; i <= 4; i++) {
		CHECK_STR(fx_take(&fx), fx_framed(i, "G1 X100 Y100"));
		CHECK(!proto_wants_more(fx.p));
		fx_feed(&fx, "ok\n");
	}
	fx_take(&fx);
	CHECK_INT(proto_in_flight(fx.p), 6);	/* lines 5..10 */
	fx_feed(&fx, "ok\nok\nok\n");
	fx_take(&fx);
	CHECK_INT(proto_in_flight(fx.p), 6);	/* lines 8..13 */
	fx_feed(&fx, "Error:checksum mismatch, Last Line: 7\nResend: 8\n");
	CHECK_STR(fx_take(&fx), fx_framed(8, "G1 X100 Y100"));
	fx_feed(&fx, "ok\n");
	/* Three lines one at a time, then the window again: the 63 bytes
	 * every board holds, since a complaint may have been an overflow. */
	for (i = 9; i <= 11; i++) {	/* 9 and 10 again, then 11 */
		CHECK_STR(fx_take(&fx), fx_framed(i, "G1 X100 Y100"));
		CHECK(!proto_wants_more(fx.p));
		fx_feed(&fx, "ok\n");
	}
	fx_take(&fx);
	CHECK_INT(proto_in_flight(fx.p), 3);	/* 12..14: the queue's last */
	fx_done(&fx);
}

/* The same without the calm start, as the earlier test had it. */
static void
test_calm_after_resend(void)
{
	struct proto_config cfg = config(PROTO_WINDOWED, true);
	struct fx fx;
	int i;

	cfg.calm_lines = 3;
	fx_init(&fx, &cfg);
	CHECK(fx_handshake(&fx, marlin2_m115));
	for (i = 0; i < 3; i++) {	/* lines 2..4 earn the window */
		proto_queue(fx.p, "G1 X100 Y100", (uint64_t)i, false);
		fx_take(&fx);
		fx_feed(&fx, "ok\n");
	}
	for (i = 0; i < 10; i++)
		proto_queue(fx.p, "G1 X100 Y100", (uint64_t)i, false);
	fx_take(&fx);
	CHECK_INT(proto_in_flight(fx.p), 6);	/* lines 5..10 */
	fx_feed(&fx, "Error:checksum mismatch, Last Line: 4\nResend: 5\n");
	CHECK_STR(fx_take(&fx), fx_framed(5, "G1 X100 Y100"));
	fx_feed(&fx, "ok\n");
	for (i = 6; i <= 8; i++) {	/* 6 and 7 again, then 8 */
		CHECK_STR(fx_take(&fx), fx_framed(i, "G1 X100 Y100"));
		CHECK(!proto_wants_more(fx.p));
		fx_feed(&fx, "ok\n");
	}
	fx_take(&fx);
	CHECK_INT(proto_in_flight(fx.p), 3);	/* 3 x 19 bytes <= 63 */
	fx_done(&fx);
}

static void
test_foreign_oks(void)
{
	struct fx fx;

	/* The tail of a half-flushed line ran as an unknown command: the
	 * printer ran something that is not the file: stop. */
	ready(&fx, PROTO_PINGPONG);
	proto_queue(fx.p, "G1 X10 Y10", 1, false);
	fx_take(&fx);
	fx_feed(&fx, "echo:Unknown command: \"X12.5 Y3\"\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 0);
	CHECK_INT(fx_count(&fx, PROTO_EV_GAVE_UP), 1);
	CHECK(strstr(fx_last(&fx, PROTO_EV_GAVE_UP)->text,
	    "without its line number") != NULL);
	fx_done(&fx);
	/* Our own unknown command is acknowledged as usual. */
	ready(&fx, PROTO_PINGPONG);
	proto_queue(fx.p, "G1 X10 Y10", 1, false);
	fx_take(&fx);
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	proto_queue(fx.p, "G12345", 2, false);
	fx_take(&fx);
	fx_feed(&fx, "echo:Unknown command: \"G12345\"\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 2);
	CHECK_STR(fx_last(&fx, PROTO_EV_OUTPUT)->text, "echo:Unknown command: \"G12345\"");
	proto_queue(fx.p, "M9999", 3, false);
	fx_take(&fx);
	fx_feed(&fx, "echo:Unknown command: \"M9999*41\"\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 3);
	fx_done(&fx);

	/* With ADVANCED_OK, an ok without N answers an unnumbered line: a
	 * piece of a line that ran as a command: stop. */
	ready(&fx, PROTO_WINDOWED);
	proto_queue(fx.p, "G1 X1", 1, false);
	proto_queue(fx.p, "G1 X2", 2, false);
	fx_take(&fx);
	fx_feed(&fx, "ok N2 P15 B3\n");
	fx_feed(&fx, "ok N3 P15 B3\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 2);
	proto_queue(fx.p, "G1 X3", 3, false);
	fx_take(&fx);
	fx_feed(&fx, "ok P15 B3\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 2);
	CHECK_INT(fx_count(&fx, PROTO_EV_GAVE_UP), 1);
	CHECK(strstr(fx_last(&fx, PROTO_EV_GAVE_UP)->text,
	    "without its line number") != NULL);
	CHECK(proto_info(fx.p)->gave_up);
	fx_done(&fx);
}

static void
test_resend_for_unsent_line(void)
{
	struct fx fx;

	/* A duplicate of the last line drew "Resend:" for a line not yet
	 * queued: nothing to send again, and the link takes new commands. */
	ready(&fx, PROTO_PINGPONG);
	proto_queue(fx.p, "G1 X10", 1, false);
	fx_take(&fx);
	fx_feed(&fx, "ok\nError:Line Number is not Last Line Number+1, Last Line: 2\nResend: 3\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	CHECK_INT(fx_count(&fx, PROTO_EV_RESEND), 0);
	CHECK(proto_wants_more(fx.p));
	proto_queue(fx.p, "G1 X20", 2, false);
	CHECK_STR(fx_take(&fx), fx_framed(3, "G1 X20"));
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 2);
	fx_done(&fx);
}

static void
test_give_up(void)
{
	struct fx fx;
	int i;

	ready(&fx, PROTO_PINGPONG);
	proto_queue(fx.p, "G1 X10", 1, false);
	proto_queue(fx.p, "G1 X20", 2, false);
	fx_take(&fx);
	for (i = 1; i < 10; i++) {
		fx_feed(&fx, "Error:checksum mismatch, Last Line: 1\nResend: 2\n");
		CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X10"));
		CHECK_INT(fx_count(&fx, PROTO_EV_GAVE_UP), 0);
	}
	/* The tenth request for the same line ends it. */
	fx_feed(&fx, "Error:checksum mismatch, Last Line: 1\nResend: 2\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_GAVE_UP), 1);
	CHECK_INT(fx_last(&fx, PROTO_EV_GAVE_UP)->line, 2);
	CHECK(strstr(fx_last(&fx, PROTO_EV_GAVE_UP)->text, "line 2 10 times") != NULL);
	CHECK(proto_info(fx.p)->gave_up);
	CHECK_STR(fx_take(&fx), "");
	CHECK_INT(proto_queue(fx.p, "M105", 3, false), -1);
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 0);
	fx_done(&fx);

	/* Progress resets the count: 9 requests per line never give up. */
	ready(&fx, PROTO_PINGPONG);
	for (int line = 0; line < 3; line++) {
		char err[128];

		proto_queue(fx.p, "G1 X10", (uint64_t)line, false);
		fx_take(&fx);
		snprintf(err, sizeof err, "Error:checksum mismatch, Last Line: %d\n"
		    "Resend: %d\n", line + 1, line + 2);
		for (i = 1; i < 10; i++) {
			fx_feed(&fx, err);
			fx_take(&fx);
		}
		fx_feed(&fx, "ok\n");
	}
	CHECK_INT(fx_count(&fx, PROTO_EV_GAVE_UP), 0);
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 3);
	fx_done(&fx);
}

static void
test_busy_keepalive(void)
{
	struct fx fx;

	ready(&fx, PROTO_PINGPONG);
	proto_queue(fx.p, "G1 X100 F100", 1, false);
	fx_take(&fx);
	for (int i = 0; i < 10; i++) {
		fx_tick(&fx, 800);
		fx_feed(&fx, "echo:busy: processing\n");
		CHECK_STR(fx_take(&fx), "");
	}
	CHECK_INT(proto_info(fx.p)->pokes, 0);
	/* Temperature reports are not a keepalive: they say nothing of the
	 * command (and would hide a lost ok with M155 on). */
	fx_tick(&fx, 500);
	fx_feed(&fx, "T:20.00 /0.00 B:20.00 /0.00 @:0 B@:0\n");
	fx_tick(&fx, 500);
	CHECK_STR(fx_take(&fx), fx_framed(3, "M105"));
	fx_done(&fx);
}

static void
test_long_command_waits(void)
{
	struct fx fx;

	ready(&fx, PROTO_PINGPONG);
	proto_queue(fx.p, "M109 S210", 1, false);
	fx_take(&fx);
	CHECK_INT(proto_deadline(fx.p), fx.now + 60000);
	fx_tick(&fx, 30000);
	CHECK_STR(fx_take(&fx), "");
	fx_tick(&fx, 30000);
	CHECK_STR(fx_take(&fx), fx_framed(3, "M105"));
	fx_done(&fx);
}

static void
test_silence_then_not_responding(void)
{
	struct fx fx;

	ready(&fx, PROTO_PINGPONG);
	proto_queue(fx.p, "G1 X10", 1, false);
	fx_take(&fx);
	CHECK_INT(proto_deadline(fx.p), fx.now + 1000);
	fx_tick(&fx, 999);
	CHECK_STR(fx_take(&fx), "");
	fx_tick(&fx, 1);
	CHECK_STR(fx_take(&fx), fx_framed(3, "M105"));	/* the poke */
	CHECK_INT(proto_info(fx.p)->pokes, 1);
	/* A poke's ok can be lost too: poke again every poke_ms. */
	CHECK_INT(proto_deadline(fx.p), fx.now + 1000);
	fx_tick(&fx, 1000);
	CHECK_STR(fx_take(&fx), fx_framed(4, "M105"));
	fx_tick(&fx, 1000);
	CHECK_STR(fx_take(&fx), fx_framed(5, "M105"));
	CHECK_INT(fx_count(&fx, PROTO_EV_NOT_RESPONDING), 0);
	/* dead_ms after the first poke: reported, once. */
	fx_tick(&fx, 999);
	CHECK_INT(fx_count(&fx, PROTO_EV_NOT_RESPONDING), 0);
	fx_tick(&fx, 1);
	CHECK_INT(fx_count(&fx, PROTO_EV_NOT_RESPONDING), 1);
	CHECK(strstr(fx_last(&fx, PROTO_EV_NOT_RESPONDING)->text, "no reply for 4 s") != NULL);
	CHECK_INT(proto_info(fx.p)->timeouts, 1);
	fx_take(&fx);
	/* Then only every dead_ms (the last poke was 1 s ago). */
	CHECK_INT(proto_deadline(fx.p), fx.now + 2000);
	for (int i = 0; i < 10; i++)
		fx_tick(&fx, 3000);
	CHECK_INT(fx_count(&fx, PROTO_EV_NOT_RESPONDING), 1);
	CHECK_INT(proto_info(fx.p)->pokes, 13);
	fx_take(&fx);
	/* The printer was stuck, not gone: everything completes in order. */
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	for (int i = 0; i < 13; i++)
		fx_feed(&fx, "ok T:20.00 /0.00\n");
	CHECK_INT(proto_in_flight(fx.p), 0);
	CHECK_INT(proto_info(fx.p)->lost_oks, 0);
	fx_done(&fx);
}

static void
test_lost_ok_pingpong(void)
{
	struct fx fx;

	ready(&fx, PROTO_PINGPONG);
	proto_queue(fx.p, "G1 X10", 1, false);
	proto_queue(fx.p, "G1 X20", 2, false);
	fx_take(&fx);
	/* The printer ran line 2 but its ok was lost. */
	fx_tick(&fx, 1000);
	CHECK_STR(fx_take(&fx), fx_framed(3, "M105"));
	fx_feed(&fx, "ok T:20.00 /0.00 B:20.00 /0.00 @:0 B@:0\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	CHECK_INT(fx_last(&fx, PROTO_EV_ACK)->tag, 1);
	CHECK_INT(proto_info(fx.p)->lost_oks, 1);
	CHECK_INT(fx_count(&fx, PROTO_EV_TEMPS), 1);
	CHECK_STR(fx_take(&fx), fx_framed(4, "G1 X20"));
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 2);
	fx_done(&fx);
}

static void
test_lost_ok_plain_m105(void)
{
	struct fx fx;

	/* Firmware whose M105 answer is a report line and a plain ok. */
	ready(&fx, PROTO_PINGPONG);
	proto_queue(fx.p, "G1 X10", 1, false);
	fx_take(&fx);
	fx_tick(&fx, 1000);
	CHECK_STR(fx_take(&fx), fx_framed(3, "M105"));
	fx_feed(&fx, "T:20.0 /0.0 B:20.0 /0.0\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	CHECK_INT(proto_in_flight(fx.p), 1);	/* the poke, seemingly */
	/* Only the poke waits: it is let go, not poked in turn. */
	fx_tick(&fx, 1000);
	CHECK_STR(fx_take(&fx), "");
	CHECK_INT(proto_in_flight(fx.p), 0);
	CHECK_INT(proto_deadline(fx.p), 0);
	/* Had it never arrived, the firmware asks for it with the next line. */
	proto_queue(fx.p, "G1 X20", 2, false);
	CHECK_STR(fx_take(&fx), fx_framed(4, "G1 X20"));
	fx_feed(&fx, "Error:Line Number is not Last Line Number+1, Last Line: 2\nResend: 3\n");
	CHECK_STR(fx_take(&fx), fx_framed(3, "M105"));
	fx_feed(&fx, "ok T:20.0 /0.0\n");
	CHECK_STR(fx_take(&fx), fx_framed(4, "G1 X20"));
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 2);
	CHECK_INT(proto_in_flight(fx.p), 0);
	fx_done(&fx);
}

/* Windowed as shipped: the conservative window and the calm period. */
static void
ready_conservative(struct fx *fx)
{
	struct proto_config cfg = config(PROTO_WINDOWED, true);

	cfg.window_start = 0;
	cfg.calm_lines = 500;
	fx_init(fx, &cfg);
	CHECK(fx_handshake(fx, marlin2_m115));
}

/*
 * The buffer test before a stream: a dwell and M105s up to the profile's
 * rx_buffer (128) less a byte, all at once, before the first queued line.
 */
static void
test_buffer_test(void)
{
	const struct fx_event *w;
	struct fx fx;
	char want[512];
	size_t len;

	/* A board that holds them all: the window opens to what was sent. */
	ready_conservative(&fx);
	proto_test_window(fx.p);
	proto_queue(fx.p, "G1 X10", 1, false);
	snprintf(want, sizeof want, "%s", fx_framed(2, "G4 P227"));
	for (long n = 3; n <= 11; n++)
		snprintf(want + strlen(want), sizeof want - strlen(want), "%s",
		    fx_framed(n, "M105"));
	len = strlen(want);
	CHECK(len > 100 && len <= 127);
	CHECK_STR(fx_take(&fx), want);
	CHECK_INT(proto_window(fx.p), 63);
	fx_feed(&fx, "ok\n");
	CHECK_STR(fx_take(&fx), "");	/* the user's line waits for the test */
	for (int i = 0; i < 9; i++)
		fx_feed(&fx, "ok T:20.0 /0.0 B:20.0 /0.0\n");
	CHECK_INT((long)proto_window(fx.p), (long)len);
	CHECK_INT(fx_count(&fx, PROTO_EV_WINDOW), 1);
	w = fx_last(&fx, PROTO_EV_WINDOW);
	CHECK_STR(w != NULL ? w->text : "(none)", "");
	CHECK_INT(w != NULL ? w->line : -1, (long)len);
	CHECK_STR(fx_take(&fx), fx_framed(12, "G1 X10"));
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	/* Once per connection. */
	proto_test_window(fx.p);
	proto_queue(fx.p, "G1 X20", 2, false);
	CHECK_STR(fx_take(&fx), fx_framed(13, "G1 X20"));
	CHECK_INT(fx_count(&fx, PROTO_EV_WINDOW), 1);
	fx_done(&fx);

	/*
	 * A board that lost the burst's tail says "wait" once its queue is
	 * empty (Repetier; Marlin with no line arriving); the poke that
	 * draws the complaint goes out although an ok came meanwhile and
	 * lines are still in flight in the calm period.
	 */
	ready_conservative(&fx);
	proto_test_window(fx.p);
	proto_queue(fx.p, "G1 X10", 1, false);
	CHECK_STR(fx_take(&fx), want);
	fx_feed(&fx, "wait\nok\nok T:20.0 /0.0 B:20.0 /0.0\n");
	CHECK_STR(fx_take(&fx), fx_framed(12, "M105"));
	fx_feed(&fx, "Error:checksum mismatch, Last Line: 3\nResend: 4\n");
	fx_tick(&fx, 100);
	CHECK_STR(fx_take(&fx), fx_framed(4, "M105"));
	for (long n = 4; n <= 12; n++) {
		fx_feed(&fx, "ok T:20.0 /0.0 B:20.0 /0.0\n");
		fx_tick(&fx, 1);
		if (n < 12)
			CHECK_STR(fx_take(&fx), fx_framed(n + 1, "M105"));
	}
	/* Spoiled: the window stays at what every board holds, and the
	 * first sign of it is reported. */
	CHECK_INT(proto_window(fx.p), 63);
	CHECK_INT(fx_count(&fx, PROTO_EV_WINDOW), 1);
	w = fx_last(&fx, PROTO_EV_WINDOW);
	CHECK_STR(w != NULL ? w->text : "(none)",
	    "lines in flight went unanswered");
	CHECK_INT(w != NULL ? w->line : -1, 63);
	CHECK_STR(fx_take(&fx), fx_framed(13, "G1 X10"));
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	CHECK_INT(fx_count(&fx, PROTO_EV_GAVE_UP), 0);
	fx_done(&fx);

	/* Ping-pong: no test, nothing waits. */
	ready(&fx, PROTO_PINGPONG);
	proto_test_window(fx.p);
	proto_queue(fx.p, "G1 X10", 1, false);
	CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X10"));
	CHECK_INT(proto_window(fx.p), 0);
	CHECK_INT(fx_count(&fx, PROTO_EV_WINDOW), 0);
	fx_done(&fx);
}

static void
test_lost_line_draws_resend(void)
{
	struct fx fx;

	/* The line itself never arrived: the poke is out of sequence. */
	ready(&fx, PROTO_PINGPONG);
	proto_queue(fx.p, "G1 X10", 1, false);
	fx_take(&fx);
	fx_tick(&fx, 1000);
	CHECK_STR(fx_take(&fx), fx_framed(3, "M105"));
	fx_feed(&fx, "Error:Line Number is not Last Line Number+1, Last Line: 1\nResend: 2\n");
	CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X10"));
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	CHECK_STR(fx_take(&fx), fx_framed(3, "M105"));
	fx_feed(&fx, "ok T:20.0 /0.0\n");
	CHECK_INT(proto_in_flight(fx.p), 0);
	CHECK_INT(proto_info(fx.p)->lost_oks, 0);
	fx_done(&fx);
}

static void
test_resend_timeout(void)
{
	struct fx fx;

	/* The re-sent line was lost: the poke draws the request again. */
	ready(&fx, PROTO_PINGPONG);
	proto_queue(fx.p, "G1 X10", 1, false);
	fx_take(&fx);
	fx_feed(&fx, "Error:checksum mismatch, Last Line: 1\nResend: 2\n");
	CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X10"));
	fx_tick(&fx, 1000);
	CHECK_STR(fx_take(&fx), fx_framed(3, "M105"));
	fx_feed(&fx, "Error:Line Number is not Last Line Number+1, Last Line: 1\nResend: 2\n");
	CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X10"));
	CHECK_INT(proto_info(fx.p)->resends, 2);
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	CHECK_STR(fx_take(&fx), fx_framed(3, "M105"));
	fx_feed(&fx, "ok T:20.0 /0.0\n");
	CHECK_INT(proto_in_flight(fx.p), 0);
	fx_done(&fx);

	/* The re-sent line ran but its ok was lost: the poke's ok says so. */
	ready(&fx, PROTO_PINGPONG);
	proto_queue(fx.p, "G1 X10", 1, false);
	fx_take(&fx);
	fx_feed(&fx, "Error:checksum mismatch, Last Line: 1\nResend: 2\n");
	fx_take(&fx);
	fx_tick(&fx, 1000);
	CHECK_STR(fx_take(&fx), fx_framed(3, "M105"));
	fx_feed(&fx, "ok T:20.0 /0.0\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	CHECK_INT(proto_info(fx.p)->lost_oks, 1);
	CHECK_INT(proto_in_flight(fx.p), 0);
	fx_done(&fx);

	/* Lines numbered behind the re-sent one: the line itself goes again. */
	ready(&fx, PROTO_WINDOWED);
	for (int i = 0; i < 3; i++)
		proto_queue(fx.p, "G1 X1", (uint64_t)i, false);	/* 2..4 */
	fx_take(&fx);
	fx_feed(&fx, "Error:checksum mismatch, Last Line: 1\nResend: 2\n");
	CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X1"));
	fx_tick(&fx, 1000);
	CHECK_STR(fx_take(&fx), fx_framed(2, "G1 X1"));
	CHECK_INT(proto_info(fx.p)->resends, 1);
	fx_done(&fx);
}

static void
test_wait_pokes_at_once(void)
{
	struct fx fx;

	ready(&fx, PROTO_PINGPONG);
	proto_queue(fx.p, "G1 X10", 1, false);
	fx_take(&fx);
	fx_feed(&fx, "wait\n");
	CHECK_STR(fx_take(&fx), fx_framed(3, "M105"));
	fx_feed(&fx, "ok T:21.0 /0.0\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	fx_done(&fx);
}

static void
test_lost_ok_advanced_ok(void)
{
	struct fx fx;

	ready(&fx, PROTO_WINDOWED);
	for (int i = 0; i < 4; i++)
		proto_queue(fx.p, "G1 X1", (uint64_t)i, false);	/* lines 2..5 */
	fx_take(&fx);
	/* Line 2's ok was lost; N3 proves line 2 ran. */
	fx_feed(&fx, "ok N3 P14 B2\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 2);
	CHECK_INT(proto_info(fx.p)->lost_oks, 1);
	CHECK(proto_info(fx.p)->advanced_ok);
	CHECK_INT(proto_info(fx.p)->planner_free, 14);
	/* A repeated ok for an acknowledged line acknowledges nothing. */
	fx_feed(&fx, "ok N3 P14 B2\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 2);
	fx_feed(&fx, "ok N4 P14 B3\nok N5 P15 B3\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 4);
	fx_done(&fx);
}

/* Bytes written and not yet acknowledged, replaying what was written. */
struct window_model {
	size_t len[512];
	size_t head, tail, bytes, max_bytes, max_lines;
};

static void
model_write(struct window_model *m, const char *s)
{
	const char *e;

	while ((e = strchr(s, '\n')) != NULL) {
		m->len[m->tail++] = (size_t)(e - s) + 1;
		m->bytes += (size_t)(e - s) + 1;
		s = e + 1;
	}
	if (m->bytes > m->max_bytes)
		m->max_bytes = m->bytes;
	if (m->tail - m->head > m->max_lines)
		m->max_lines = m->tail - m->head;
}

static void
model_ok(struct window_model *m)
{
	m->bytes -= m->len[m->head++];
}

static void
test_window_byte_budget(void)
{
	struct fx fx;
	struct window_model m;
	int sent = 0;

	memset(&m, 0, sizeof m);
	ready(&fx, PROTO_WINDOWED);
	for (int i = 0; i < 200; i++) {
		char cmd[64];

		snprintf(cmd, sizeof cmd, "G1 X%d.%03d Y%d.%03d E%d.%05d", i % 200,
		    i * 7 % 1000, (i * 3) % 200, i * 11 % 1000, i % 10, i * 13 % 100000);
		proto_queue(fx.p, cmd, (uint64_t)i, false);
	}
	model_write(&m, fx_take(&fx));
	CHECK(m.tail > 1);		/* several lines in flight */
	while (fx_count(&fx, PROTO_EV_ACK) < 200 && sent < 1000) {
		fx_feed(&fx, "ok\n");
		model_ok(&m);
		model_write(&m, fx_take(&fx));
		sent++;
	}
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 200);
	CHECK(m.max_bytes <= 128);
	CHECK(m.max_bytes > 96);	/* and the budget is used */
	fx_done(&fx);
}

/*
 * A host refilling the way host.c does: it starts only when
 * proto_wants_batch says half the window is free, then queues while
 * proto_wants_more, taking the output after each line, and writes once.
 * The oks come one at a time; the writes must still carry several lines
 * and keep within the budget.
 */
static size_t
batch_refill(struct fx *fx, struct window_model *m, int *next, int total)
{
	struct buf out;
	size_t lines = 0;

	buf_init(&out);
	/* A line that did not fit last time goes first (host_flush). */
	lines += proto_output(fx->p, &out) > 0;
	if (proto_wants_batch(fx->p)) {
		while (*next < total && proto_wants_more(fx->p)) {
			proto_queue(fx->p, "G1 X12.345 Y67.890 E0.01234",
			    (uint64_t)(*next)++, false);
			proto_output(fx->p, &out);
			lines++;
		}
	}
	if (out.len > 0)
		model_write(m, out.data);
	buf_free(&out);
	return lines;
}

static void
test_window_refill_batches(void)
{
	struct fx fx;
	struct window_model m;
	int next = 0, writes = 0, small = 0, oks = 0;
	size_t lines;

	memset(&m, 0, sizeof m);
	ready(&fx, PROTO_WINDOWED);
	CHECK(proto_wants_batch(fx.p));		/* empty window */
	lines = batch_refill(&fx, &m, &next, 300);
	CHECK(lines >= 3);			/* ~37 bytes a line in 128 */
	CHECK(!proto_wants_batch(fx.p));
	while (fx_count(&fx, PROTO_EV_ACK) < 300 && oks++ < 300) {
		fx_feed(&fx, "ok\n");
		model_ok(&m);
		lines = batch_refill(&fx, &m, &next, 300);
		if (lines > 0) {
			writes++;
			if (lines < 2 && next < 300)
				small++;
		}
	}
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 300);
	CHECK_INT(small, 0);			/* never one line per ok */
	CHECK(writes <= 150);
	CHECK(m.max_bytes <= 128);
	/* Ping-pong: one line in flight, so "half free" means empty. */
	fx_done(&fx);
	ready(&fx, PROTO_PINGPONG);
	CHECK(proto_wants_batch(fx.p));
	proto_queue(fx.p, "G28", 1, false);
	fx_take(&fx);
	CHECK(!proto_wants_batch(fx.p));
	fx_feed(&fx, "ok\n");
	CHECK(proto_wants_batch(fx.p));
	fx_done(&fx);
}

static void
test_advanced_ok_slots(void)
{
	struct proto_config cfg = config(PROTO_WINDOWED, true);
	struct fx fx;
	struct window_model m;

	memset(&m, 0, sizeof m);
	fx_init(&fx, &cfg);
	proto_start(fx.p, fx.now);
	fx_take(&fx);
	fx_feed(&fx, "ok N0 P15 B3\n");	/* BUFSIZE 4 */
	fx_take(&fx);
	fx_feed(&fx, marlin2_m115);
	fx_feed(&fx, "ok N1 P15 B3\n");
	CHECK(proto_info(fx.p)->ready);
	CHECK_INT(proto_info(fx.p)->buffer_size, 4);
	for (int i = 0; i < 40; i++)
		proto_queue(fx.p, "M5", (uint64_t)i, false);	/* 9 bytes framed */
	model_write(&m, fx_take(&fx));
	CHECK_INT(m.tail, 4);	/* bytes would allow 14 */
	for (int i = 0; i < 40; i++) {
		char ok[64];

		snprintf(ok, sizeof ok, "ok N%d P15 B%d\n", i + 2, i % 2);
		fx_feed(&fx, ok);
		model_ok(&m);
		model_write(&m, fx_take(&fx));
	}
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 40);
	CHECK_INT(m.max_lines, 4);
	fx_done(&fx);
}

/*
 * M876 and M108 answer a firmware that waits for the user (M600, M0): the
 * emergency parser reads them at once, so they may pass a full window, in
 * order, while an ordinary line behind them still waits. A firmware
 * without the parser gets them in turn, like any line.
 */
static void
test_answer_passes_window(void)
{
	struct proto_config cfg = config(PROTO_PINGPONG, true);
	struct fx fx;
	const char *out;
	int queued = 0;

	ready(&fx, PROTO_WINDOWED);
	/* Fill the window as host.c does: a line while there is room. */
	while (proto_wants_more(fx.p) && queued < 100) {
		proto_queue(fx.p, "G1 X12.345 Y67.890 E0.01234",
		    (uint64_t)queued++, false);
		(void)fx_take(&fx);
	}
	CHECK(queued > 1 && queued < 100);
	proto_queue(fx.p, "M876 S0", 100, false);
	proto_queue(fx.p, "G1 X1", 101, false);
	out = fx_take(&fx);
	CHECK(strstr(out, " M876 S0*") != NULL);
	CHECK(strstr(out, "G1 X1*") == NULL);
	fx_done(&fx);

	/* In the calm period (one line at a time, at the start or after a
	 * resend) the answer passes too: M600 would wait for it for ever. */
	cfg = config(PROTO_WINDOWED, true);
	cfg.calm_lines = 500;
	fx_init(&fx, &cfg);
	CHECK(fx_handshake(&fx, marlin2_m115));
	proto_queue(fx.p, "M600", 1, false);
	proto_queue(fx.p, "M876 S0", 2, false);
	proto_queue(fx.p, "G1 X1", 3, false);
	out = fx_take(&fx);
	CHECK(strstr(out, " M600*") != NULL);
	CHECK(strstr(out, " M876 S0*") != NULL);
	CHECK(strstr(out, "G1 X1*") == NULL);
	fx_done(&fx);

	/* An answer queued behind lines that wait for the wait to end (a
	 * cancel's sequence behind an M0) goes ahead of them. */
	fx_init(&fx, &cfg);
	CHECK(fx_handshake(&fx, marlin2_m115));
	proto_queue(fx.p, "M0 Inspect the first layer", 1, false);
	CHECK(strstr(fx_take(&fx), " M0 Inspect the first layer*") != NULL);
	proto_queue(fx.p, "M104 S0", 2, false);
	proto_queue(fx.p, "M140 S0", 3, false);
	proto_queue(fx.p, "M108", 4, false);
	out = fx_take(&fx);
	CHECK(strstr(out, " M108*") != NULL);
	CHECK(strstr(out, "M104 S0*") == NULL);
	/* What the printer says after the M0's ok is the M108's, the line
	 * that went out next, not the M104's queued before it. */
	fx_feed(&fx, "ok\nUnknown M code: $3 M108\n");
	CHECK(fx_last(&fx, PROTO_EV_OUTPUT) != NULL &&
	    fx_last(&fx, PROTO_EV_OUTPUT)->tag == 4);
	fx_feed(&fx, "Error:something about it\n");
	CHECK(fx_last(&fx, PROTO_EV_ERROR) != NULL &&
	    fx_last(&fx, PROTO_EV_ERROR)->tag == 4);
	fx_done(&fx);
	cfg = config(PROTO_PINGPONG, true);

	/* Prusa-Firmware reports no emergency parser: the answer waits. */
	fx_init(&fx, &cfg);
	CHECK(fx_handshake(&fx, prusa_m115));
	proto_queue(fx.p, "M600", 1, false);
	CHECK(strstr(fx_take(&fx), " M600*") != NULL);
	proto_queue(fx.p, "M876 S0", 2, false);
	CHECK_STR(fx_take(&fx), "");
	fx_done(&fx);
}

static void
test_emergency(void)
{
	struct fx fx;

	ready(&fx, PROTO_WINDOWED);
	proto_queue(fx.p, "G1 X10", 1, false);
	proto_queue(fx.p, "G1 X20", 2, false);
	fx_take(&fx);
	for (int i = 0; i < 5; i++)
		proto_queue(fx.p, "G1 X30", (uint64_t)(3 + i), false);
	proto_emergency(fx.p);
	/* M112 first, before anything queued, then the heaters. */
	CHECK_STR(fx_take(&fx), "\nM112\nM104 S0\nM140 S0\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_HALTED), 1);
	CHECK(proto_info(fx.p)->halted);
	CHECK_INT(proto_queued(fx.p), 0);
	CHECK_INT(proto_queue(fx.p, "G1 X1", 9, false), -1);
	CHECK(!proto_wants_more(fx.p));
	fx_feed(&fx, "Error:Printer halted. kill() called!\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_HALTED), 1);
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 0);
	CHECK_STR(fx_take(&fx), "");
	CHECK_INT(proto_deadline(fx.p), 0);
	/* SENT events show what went out. */
	CHECK_STR(fx_last(&fx, PROTO_EV_SENT)->text, "M140 S0");
	fx_done(&fx);
}

static void
emergency_on_ack(struct fx *fx, const struct proto_event *ev)
{
	if (ev->kind == PROTO_EV_ACK && ev->tag == 2)
		proto_emergency(fx->p);
}

static void
test_emergency_from_callback(void)
{
	struct fx fx;

	ready(&fx, PROTO_WINDOWED);
	fx.hook = emergency_on_ack;
	for (int i = 1; i <= 4; i++)
		proto_queue(fx.p, "G1 X1", (uint64_t)i, false);
	fx_take(&fx);
	fx_feed(&fx, "ok N5 P10 B1\n");	/* acknowledges 2..5 at once */
	CHECK_INT(fx_count(&fx, PROTO_EV_HALTED), 1);
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 2);
	CHECK_STR(fx_take(&fx), "\nM112\nM104 S0\nM140 S0\n");
	fx_done(&fx);
}

static void
test_fatal_messages(void)
{
	static const char *const script[] = {
		"Error:Thermal Runaway, system stopped! Heater_ID: 0\n"
		"echo:Thermal Runaway\nError:Printer halted. kill() called!\n"
		"//action:poweroff\n",
		"Error:MAXTEMP triggered, system stopped! Heater_ID: bed\n",
		"!! Shutdown due to webhooks request\n// Klipper state: Shutdown\n",
		"Error:Printer halted. kill() called!\n",
	};
	static const char *const shown[] = {
		"Thermal Runaway, system stopped! Heater_ID: 0",
		"MAXTEMP triggered, system stopped! Heater_ID: bed",
		"Shutdown due to webhooks request",
		"Printer halted. kill() called!",
	};

	for (size_t i = 0; i < LL_ARRAY_LEN(script); i++) {
		struct fx fx;

		ready(&fx, PROTO_PINGPONG);
		proto_queue(fx.p, "M109 S210", 1, false);
		proto_queue(fx.p, "G28", 2, false);
		fx_take(&fx);
		fx_feed(&fx, script[i]);
		CHECK_INT(fx_count(&fx, PROTO_EV_HALTED), 1);
		CHECK_STR(fx_last(&fx, PROTO_EV_HALTED)->text, shown[i]);
		CHECK(proto_info(fx.p)->halted);
		CHECK_STR(fx_take(&fx), "");
		CHECK_INT(proto_deadline(fx.p), 0);
		fx_done(&fx);
	}
}

static void
test_recoverable_errors(void)
{
	struct fx fx;

	ready(&fx, PROTO_PINGPONG);
	proto_queue(fx.p, "M420 S1", 1, false);
	fx_take(&fx);
	fx_feed(&fx, "Error:Failed to enable Bed Leveling\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ERROR), 1);
	CHECK_STR(fx_last(&fx, PROTO_EV_ERROR)->text, "Failed to enable Bed Leveling");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	CHECK(!proto_info(fx.p)->halted);
	/* Klipper's command errors are followed by ok too. */
	proto_queue(fx.p, "G1 X10", 2, false);
	fx_take(&fx);
	fx_feed(&fx, "!! Must home axis first: 10.000 0.000 0.000 [0.000]\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ERROR), 2);
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 2);
	/* RRF warnings and echo lines are the command's output. */
	proto_queue(fx.p, "M303 E0 S200", 3, false);
	fx_take(&fx);
	fx_feed(&fx, "Warning: Heater 1 appears to be over-powered\n"
	    "echo:PID Autotune start\nok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_OUTPUT), 2);
	CHECK_INT(proto_info(fx.p)->errors, 2);
	CHECK(!proto_info(fx.p)->halted);
	fx_done(&fx);
}

static void
test_restart_after_ready(void)
{
	struct fx fx;

	ready(&fx, PROTO_PINGPONG);
	proto_queue(fx.p, "G1 X10", 1, false);
	proto_queue(fx.p, "G1 X20", 2, false);
	fx_take(&fx);
	fx_feed(&fx, "start\necho:Marlin 2.1.2.1\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_RESTARTED), 1);
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 0);
	CHECK(!proto_info(fx.p)->ready);
	CHECK_INT(proto_in_flight(fx.p), 0);
	CHECK_INT(proto_queued(fx.p), 0);
	CHECK_STR(fx_take(&fx), "");
	fx_feed(&fx, "ok\n");	/* late ok from before the reset */
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 0);
	/* The owner starts over on the same engine. */
	CHECK(fx_handshake(&fx, marlin2_m115));
	CHECK_INT(fx_count(&fx, PROTO_EV_READY), 2);
	fx_done(&fx);
}

static void
test_garbage(void)
{
	struct fx fx;
	char big[5000];

	ready(&fx, PROTO_PINGPONG);
	proto_queue(fx.p, "G1 X10", 1, false);
	fx_take(&fx);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	fx_feed(&fx, big);	/* no newline yet */
	fx_feed(&fx, "\n\x1b[2J\x01\xff\xfe\x80garbage\n\n\r\n");
	proto_feed(fx.p, "echo:a\0b\n", 9, fx.now);
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 0);
	for (size_t i = 0; i < fx.nev; i++) {
		const char *t = fx.ev[i].text;

		for (; *t != '\0'; t++)
			CHECK((unsigned char)*t >= 0x20);
	}
	CHECK(strlen(fx_last(&fx, PROTO_EV_RECEIVED)->text) > 0);
	/* Controls go; broken UTF-8 and C1 controls (U+009B, a CSI to some
	 * terminals) show as U+FFFD, where the reader can see them. */
	fx_feed(&fx, "\x1b[2J\x01\xff\xfe\x80garbage \xc2\x9b""31m\n");
	CHECK_STR(fx_last(&fx, PROTO_EV_RECEIVED)->text,
	    "[2J\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDgarbage \xEF\xBF\xBD""31m");
	fx_feed(&fx, "ok\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACK), 1);
	CHECK(!proto_info(fx.p)->halted);
	fx_done(&fx);
}

static void
test_actions_and_temps(void)
{
	struct fx fx;

	ready(&fx, PROTO_PINGPONG);
	fx_feed(&fx, "//action:pause\n// action:resume\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_ACTION), 2);
	CHECK_STR(fx_last(&fx, PROTO_EV_ACTION)->text, "resume");
	fx_feed(&fx, " T:205.12 /210.00 B:60.00 /60.00 @:90 B@:0 W:7\n");
	CHECK_INT(fx_count(&fx, PROTO_EV_TEMPS), 1);
	CHECK_NEAR(fx_last(&fx, PROTO_EV_TEMPS)->nozzle, 205.12, 1e-9);
	fx_feed(&fx, "ok\n");	/* nothing in flight: acknowledges nothing */
	CHECK_INT(proto_info(fx.p)->stray_oks, 1);
	fx_done(&fx);
}

static void
test_queue_rules(void)
{
	struct fx fx;
	char longcmd[200];

	ready(&fx, PROTO_PINGPONG);
	memset(longcmd, 'A', sizeof longcmd - 1);
	longcmd[sizeof longcmd - 1] = '\0';
	CHECK_INT(proto_queue(fx.p, "", 1, false), -1);
	CHECK_INT(proto_queue(fx.p, "G1\nG28", 1, false), -1);
	CHECK_INT(proto_queue(fx.p, longcmd, 1, false), -1);
	longcmd[80] = '\0';
	CHECK_INT(proto_queue(fx.p, longcmd, 1, false), 0);
	/* urgent jumps what is not yet sent, not what is in flight */
	CHECK_INT(proto_queue(fx.p, "M105", 2, false), 0);
	fx_take(&fx);
	CHECK_INT(proto_queue(fx.p, "M108", 3, true), 0);
	fx_feed(&fx, "ok\n");
	CHECK_STR(fx_take(&fx), fx_framed(3, "M108"));
	/* Commands queued before READY wait for the handshake. */
	fx_done(&fx);
	{
		struct proto_config cfg = config(PROTO_PINGPONG, true);

		fx_init(&fx, &cfg);
		CHECK_INT(proto_queue(fx.p, "G28", 1, false), 0);
		CHECK(fx_handshake(&fx, marlin2_m115));
		CHECK_STR(fx_take(&fx), fx_framed(2, "G28"));
		fx_done(&fx);
	}
}

int
main(void)
{
	RUN(test_handshake_marlin2);
	RUN(test_answer_passes_window);
	RUN(test_handshake_flavours);
	RUN(test_handshake_board_reset);
	RUN(test_pingpong_order);
	RUN(test_split_and_merged_reads);
	RUN(test_resend_pingpong);
	RUN(test_extra_ok_after_resend);
	RUN(test_ok_after_resend_undecided);
	RUN(test_repetier);
	RUN(test_handshake_stale_ok);
	RUN(test_window_learned);
	RUN(test_window_not_grown_on_ok_n);
	RUN(test_ok_after_resend_from_profile);
	RUN(test_last_line_without_resend);
	RUN(test_stale_resends);
	RUN(test_stale_after_rewrite);
	RUN(test_settle);
	RUN(test_settle_nothing_behind);
	RUN(test_calm);
	RUN(test_calm_after_resend);
	RUN(test_foreign_oks);
	RUN(test_resend_for_unsent_line);
	RUN(test_give_up);
	RUN(test_busy_keepalive);
	RUN(test_long_command_waits);
	RUN(test_silence_then_not_responding);
	RUN(test_lost_ok_pingpong);
	RUN(test_lost_ok_plain_m105);
	RUN(test_lost_line_draws_resend);
	RUN(test_resend_timeout);
	RUN(test_wait_pokes_at_once);
	RUN(test_lost_ok_advanced_ok);
	RUN(test_window_byte_budget);
	RUN(test_window_refill_batches);
	RUN(test_advanced_ok_slots);
	RUN(test_emergency);
	RUN(test_emergency_from_callback);
	RUN(test_fatal_messages);
	RUN(test_recoverable_errors);
	RUN(test_restart_after_ready);
	RUN(test_garbage);
	RUN(test_actions_and_temps);
	RUN(test_queue_rules);
	RUN(test_buffer_test);
	TEST_MAIN_END();
}
