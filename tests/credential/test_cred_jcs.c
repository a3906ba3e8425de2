/*
 * RFC 8785 JSON canonicalization against the RFC's own examples: the
 * number serialization table of Appendix B, the sample object of section
 * 3.2.2 and the property sorting example of section 3.2.3.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "credential.h"
#include "test.h"

static double
from_bits(uint64_t bits)
{
	double d;

	memcpy(&d, &bits, sizeof d);
	return d;
}

static void
test_number_table(void)
{
	static const struct {
		uint64_t bits;
		const char *want;
	} table[] = {
		{ 0x0000000000000000ULL, "0" },
		{ 0x8000000000000000ULL, "0" },
		{ 0x0000000000000001ULL, "5e-324" },
		{ 0x8000000000000001ULL, "-5e-324" },
		{ 0x7fefffffffffffffULL, "1.7976931348623157e+308" },
		{ 0xffefffffffffffffULL, "-1.7976931348623157e+308" },
		{ 0x4340000000000000ULL, "9007199254740992" },
		{ 0xc340000000000000ULL, "-9007199254740992" },
		{ 0x4430000000000000ULL, "295147905179352830000" },
		{ 0x44b52d02c7e14af5ULL, "9.999999999999997e+22" },
		{ 0x44b52d02c7e14af6ULL, "1e+23" },
		{ 0x44b52d02c7e14af7ULL, "1.0000000000000001e+23" },
		{ 0x444b1ae4d6e2ef4eULL, "999999999999999700000" },
		{ 0x444b1ae4d6e2ef4fULL, "999999999999999900000" },
		{ 0x444b1ae4d6e2ef50ULL, "1e+21" },
		{ 0x3eb0c6f7a0b5ed8cULL, "9.999999999999997e-7" },
		{ 0x3eb0c6f7a0b5ed8dULL, "0.000001" },
		{ 0x41b3de4355555553ULL, "333333333.3333332" },
		{ 0x41b3de4355555554ULL, "333333333.33333325" },
		{ 0x41b3de4355555555ULL, "333333333.3333333" },
		{ 0x41b3de4355555556ULL, "333333333.3333334" },
		{ 0x41b3de4355555557ULL, "333333333.33333343" },
		{ 0xbecbf647612f3696ULL, "-0.0000033333333333333333" },
		{ 0x43143ff3c1cb0959ULL, "1424953923781206.2" },
	};
	char out[32];

	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		CHECK_INT(cred_jcs_number(from_bits(table[i].bits), out), 0);
		CHECK_STR(out, table[i].want);
	}
	/* NaN and Infinity have no JSON form. */
	CHECK_INT(cred_jcs_number(from_bits(0x7fffffffffffffffULL), out), -1);
	CHECK_INT(cred_jcs_number(from_bits(0x7ff0000000000000ULL), out), -1);
	/* Everyday values in credentials. */
	CHECK_INT(cred_jcs_number(2.5, out), 0);
	CHECK_STR(out, "2.5");
	CHECK_INT(cred_jcs_number(0.1, out), 0);
	CHECK_STR(out, "0.1");
	CHECK_INT(cred_jcs_number(70, out), 0);
	CHECK_STR(out, "70");
	CHECK_INT(cred_jcs_number(-1, out), 0);
	CHECK_STR(out, "-1");
}

static void
test_sample_object(void)
{
	/* RFC 8785 section 3.2.2, input and the exact expected bytes. */
	static const char input[] =
	    "{\n"
	    "  \"numbers\": [333333333.33333329, 1E30, 4.50,\n"
	    "              2e-3, 0.000000000000000000000000001],\n"
	    "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
	    "  \"literals\": [null, true, false]\n"
	    "}";
	static const char want[] =
	    "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,"
	    "1e+30,4.5,0.002,1e-27],\"string\":\"\xe2\x82\xac$\\u000f\\nA'B"
	    "\\\"\\\\\\\\\\\"/\"}";
	size_t len;
	char *cause = NULL, *out = cred_jcs(input, strlen(input), &len, &cause);

	CHECK(out != NULL);
	CHECK_STR(out, want);
	CHECK_INT(len, strlen(want));
	free(out);
	free(cause);
}

static void
test_sorting(void)
{
	/* RFC 8785 section 3.2.3: keys sort by UTF-16 code units, so the
	 * emoji (a surrogate pair, D83D...) sorts before U+FB33. */
	static const char input[] =
	    "{\n"
	    "  \"\\u20ac\": \"Euro Sign\",\n"
	    "  \"\\r\": \"Carriage Return\",\n"
	    "  \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\",\n"
	    "  \"1\": \"One\",\n"
	    "  \"\\ud83d\\ude00\": \"Emoji: Grinning Face\",\n"
	    "  \"\\u0080\": \"Control\",\n"
	    "  \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"\n"
	    "}";
	static const char want[] =
	    "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\","
	    "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\","
	    "\"\xe2\x82\xac\":\"Euro Sign\","
	    "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
	    "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}";
	char *out = cred_jcs(input, strlen(input), NULL, NULL);

	CHECK(out != NULL);
	CHECK_STR(out, want);
	free(out);
}

static void
test_rejects(void)
{
	char *cause = NULL;

	/* Duplicate keys make the signed meaning ambiguous. */
	CHECK(cred_jcs("{\"a\":1,\"a\":2}", 13, NULL, &cause) == NULL);
	CHECK(cause != NULL);
	free(cause);
	cause = NULL;
	CHECK(cred_jcs("{\"a\":", 5, NULL, &cause) == NULL);
	CHECK(cause != NULL);
	free(cause);
}

static void
test_nesting(void)
{
	static const char input[] = "{\"b\":[{\"z\":1,\"a\":[]},{}],\"a\":{\"y\":"
	    "\"\\u001f\\t\\b\\f\",\"x\":-0.0}, \"c\" : 1e2 }";
	char *out = cred_jcs(input, strlen(input), NULL, NULL);

	CHECK_STR(out, "{\"a\":{\"x\":0,\"y\":\"\\u001f\\t\\b\\f\"},\"b\":"
	    "[{\"a\":[],\"z\":1},{}],\"c\":100}");
	free(out);
}

int
main(void)
{
	RUN(test_number_table);
	RUN(test_sample_object);
	RUN(test_sorting);
	RUN(test_rejects);
	RUN(test_nesting);
	TEST_MAIN_END();
}
