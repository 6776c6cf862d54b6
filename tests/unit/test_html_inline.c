/* test_html_inline.c — pl_html_inline's shortcut for plain text gives what
 * cmark gives, on fixed and random texts. */
#include "testutil.h"

#include "parley/buf.h"
#include "parley/format.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

/* What cmark renders, one paragraph unwrapped: the slow path itself. */
static char *by_cmark(const char *markdown)
{
	char *html = cmark_markdown_to_html(markdown, strlen(markdown), CMARK_OPT_DEFAULT);
	size_t len = strlen(html);
	while (len && html[len - 1] == '\n')
		len--;
	const char *body = html;
	if (len >= 7 && strncmp(html, "<p>", 3) == 0 && strncmp(html + len - 4, "</p>", 4) == 0 &&
	    !strstr(html + 3, "<p>")) {
		body = html + 3;
		len -= 7;
	}
	char *out = malloc(len + 1);
	assert_non_null(out);
	memcpy(out, body, len);
	out[len] = '\0';
	free(html);
	return out;
}

static void check(const char *markdown)
{
	pl_buf got = PL_BUF_INIT;
	pl_html_inline(&got, markdown);
	char *want = by_cmark(markdown);
	if (strcmp(got.ptr, want) != 0)
		fail_msg("'%s': '%s', cmark '%s'", markdown, got.ptr, want);
	free(want);
	pl_buf_free(&got);
}

static void test_fixed_texts(void **state)
{
	(void)state;
	const char *texts[] = {"Plain words.",
	                       "It's a \"test\" / 100% (a) done, ok: yes; no? it's",
	                       "Trailing space ",
	                       "Two  spaces",
	                       "1. A list",
	                       "- a bullet",
	                       "# heading",
	                       "Some *emphasis* and _more_",
	                       "A [link](x) and `code`",
	                       "Caf\xc3\xa9 au lait \xe2\x80\x94 d\xc3\xa9j\xc3\xa0 vu",
	                       "Tom & Jerry <b>",
	                       "Ends with quote\"",
	                       "A\\*escaped",
	                       "x"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		check(texts[i]);
}

static void test_random_texts(void **state)
{
	(void)state;
	static const char alphabet[] = "aZq09 ,.;:?'\"()/%-*_`[]!<>&#\\=+~|\xc3\xa9";
	unsigned long long rng = 42;
	char text[40];
	for (int round = 0; round < 20000; round++) {
		size_t len = 1 + (size_t)(rng % 30);
		for (size_t i = 0; i < len; i++) {
			rng = rng * 6364136223846793005ull + 1442695040888963407ull;
			char c = alphabet[(rng >> 33) % (sizeof alphabet - 1)];
			/* Mostly letters and spaces, as text is; the rest now and then. */
			text[i] = (rng >> 20) % 3 ? "abc de"[(rng >> 40) % 6] : c;
		}
		text[len] = '\0';
		/* Keep it valid UTF-8: a lone byte of é becomes a letter. */
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)text[i] >= 0x80 &&
			    !(i + 1 < len && (unsigned char)text[i] == 0xc3 &&
			      (unsigned char)text[i + 1] == 0xa9))
				text[i] = 'e';
			else if ((unsigned char)text[i] == 0xc3)
				i++;
		check(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fixed_texts),
	    cmocka_unit_test(test_random_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
