/* json_out.c — every JSON document parley prints, in one style: compact
 * (no white space between tokens), on one line ending in a newline. The
 * library's writers indent some of theirs; the white space is taken out
 * here, in one pass that copies strings as they are, so numbers keep the
 * form they were written in. (The redline JSON of `diff` and the
 * document of `show` are written compact by the library and go out as
 * they are: cmd_diff.c, cmd_show.c.) */
#include "cli.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t cli_json_squeeze(cli_json_state *state, char *json, size_t len)
{
	size_t kept = 0;
	for (size_t i = 0; i < len; i++) {
		char c = json[i];
		if (state->in_string) {
			state->in_string = state->escaped || c != '"';
			state->escaped = !state->escaped && c == '\\';
		} else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			continue;
		} else {
			state->in_string = c == '"';
		}
		json[kept++] = c;
	}
	return kept;
}

int cli_write_json(pl_buf *json)
{
	cli_json_state state = {0, 0};
	json->len = cli_json_squeeze(&state, json->ptr, json->len);
	json->ptr[json->len] = '\0';
	if (json->len)
		pl_buf_putc(json, '\n');
	return cli_write(json);
}

int cli_json_stream_write(void *context, const char *data, size_t len)
{
	cli_json_state *state = context;
	char chunk[1 << 16];
	while (len) {
		size_t n = len < sizeof chunk ? len : sizeof chunk;
		memcpy(chunk, data, n);
		size_t kept = cli_json_squeeze(state, chunk, n);
		if (fwrite(chunk, 1, kept, stdout) != kept)
			return 1;
		data += n;
		len -= n;
	}
	return 0;
}

int cli_print_result(const char *schema, const char *text, json_t *fields)
{
	if (!cli_json_wanted()) {
		json_decref(fields);
		printf("%s\n", text);
		return EXIT_OK;
	}
	json_t *doc = json_pack("{s:s}", "format", schema);
	if (fields)
		json_object_update(doc, fields);
	json_object_set_new(doc, "message", json_string(text));
	json_decref(fields);
	pl_buf out = PL_BUF_INIT;
	char *dumped = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (!dumped) /* text that is not UTF-8 never gets this far: checked at the door */
		return cli_failf("cannot write the result as JSON");
	pl_buf_puts(&out, dumped);
	free(dumped);
	int rc = cli_write_json(&out);
	pl_buf_free(&out);
	return rc;
}
