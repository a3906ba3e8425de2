/*
 * A minimal unit-test harness: each test is a function; CHECK* macros print
 * both values and the source line on failure and count it; main returns
 * non-zero when anything failed.
 */
#ifndef LL_TEST_H
#define LL_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int test_failures;
static int test_checks;

#define CHECK(cond) do { test_checks++; if (!(cond)) { test_failures++; \
	fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_INT(a, b) do { long long va_ = (long long)(a), vb_ = (long long)(b); \
	test_checks++; if (va_ != vb_) { test_failures++; fprintf(stderr, \
	"%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, #a, va_, #b, vb_); } } while (0)
#define CHECK_STR(a, b) do { const char *sa_ = (a), *sb_ = (b); test_checks++; \
	if (sa_ == NULL || sb_ == NULL || strcmp(sa_, sb_) != 0) { test_failures++; \
	fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
	#a, sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)"); } } while (0)
#define CHECK_NEAR(a, b, eps) do { double da_ = (a), db_ = (b); test_checks++; \
	if (!(fabs(da_ - db_) <= (eps))) { test_failures++; fprintf(stderr, \
	"%s:%d: %s == %g, expected %g\n", __FILE__, __LINE__, #a, da_, db_); } } while (0)

#define RUN(test) do { int before_ = test_failures; test(); \
	fprintf(stderr, "%s %s\n", test_failures == before_ ? "ok  " : "FAIL", #test); } while (0)

#define TEST_MAIN_END() do { fprintf(stderr, "%d checks, %d failed\n", \
	test_checks, test_failures); return test_failures != 0; } while (0)

#endif
