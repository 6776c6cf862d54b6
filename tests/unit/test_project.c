/* Tests of the registry of projectors (issue 11): every kind of event the
 * rules of authority judge is projected by exactly one module, no module
 * projects a kind those rules do not judge, and any other kind is refused. */
#include "testutil.h"

#include <string.h>

#include "authority_int.h"
#include "project_int.h"

/* How many projectors, across every module's table, claim kind. */
static size_t projectors_of(const char *kind)
{
	size_t count = 0;
	for (size_t t = 0; pl_projector_tables[t]; t++)
		for (const pl_projector *p = pl_projector_tables[t]; p->kind; p++)
			count += strcmp(p->kind, kind) == 0;
	return count;
}

static int authority_knows(const char *kind)
{
	for (size_t i = 0; pl_auth_rule_kind(i); i++)
		if (strcmp(pl_auth_rule_kind(i), kind) == 0)
			return 1;
	return 0;
}

static void test_each_rule_kind_has_one_projector(void **state)
{
	(void)state;
	size_t kinds = 0;
	for (size_t i = 0; pl_auth_rule_kind(i); i++, kinds++) {
		const char *kind = pl_auth_rule_kind(i);
		if (projectors_of(kind) != 1)
			fail_msg("%s has %zu projectors", kind, projectors_of(kind));
	}
	assert_true(kinds >= 20);
}

static void test_each_projector_has_a_rule(void **state)
{
	(void)state;
	for (size_t t = 0; pl_projector_tables[t]; t++)
		for (const pl_projector *p = pl_projector_tables[t]; p->kind; p++) {
			assert_non_null(p->project);
			if (!authority_knows(p->kind))
				fail_msg("%s is projected but no rule judges it", p->kind);
		}
}

static void test_unknown_kind_refused(void **state)
{
	(void)state;
	pl_store_event event = {.id = 7,
	                        .track = "plenary",
	                        .seq = 3,
	                        .kind = "meeting.adjourn",
	                        .at = "2025-11-18T09:00:00Z",
	                        .actor = "ana",
	                        .payload = "{}"};
	pl_error err = {0};
	/* Refused before any table is touched: no store is needed. */
	assert_int_equal(pl_project_event(NULL, &event, &err), PL_EINVALID);
	assert_int_equal(err.code, PL_EINVALID);
	assert_string_equal(err.message,
	                    "event plenary #3 (meeting.adjourn): unknown kind of event");
	/* A kind is matched whole, never by prefix. */
	event.kind = "meeting";
	assert_int_equal(pl_project_event(NULL, &event, &err), PL_EINVALID);
	assert_non_null(strstr(err.message, "unknown kind of event"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_rule_kind_has_one_projector),
	    cmocka_unit_test(test_each_projector_has_a_rule),
	    cmocka_unit_test(test_unknown_kind_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
