#include <stdio.h>
#include <stdlib.h>
#include "parley/markdown.h"
#include "parley/format.h"
int main(int argc, char **argv)
{
	FILE *f = fopen(argv[1], "rb");
	static char data[1 << 20];
	size_t n = fread(data, 1, sizeof data, f);
	fclose(f);
	pl_doc *doc;
	pl_error err;
	if (pl_markdown_parse(&doc, data, n, argv[1], &err)) {
		fprintf(stderr, "parley: %s\n", err.message);
		return 1;
	}
	pl_buf out = PL_BUF_INIT;
	if (argc > 2 && argv[2][0] == 'j') pl_format_json(&out, doc, NULL);
	else if (argc > 2 && argv[2][0] == 'h') pl_format_html(&out, doc, NULL);
	else if (argc > 2 && argv[2][0] == 't') pl_format_text(&out, doc, NULL);
	else pl_markdown_write(&out, doc);
	fputs(out.ptr, stdout);
	pl_buf_free(&out);
	pl_doc_free(doc);
	return 0;
}
