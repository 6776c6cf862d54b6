/* replay.c — runs a libFuzzer target's corpus without libFuzzer, so that
 * the corpus replays as an ordinary test of the sanitizer build.
 *
 * usage: replay DIR... : every regular file in each DIR, once. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t capacity = 1 << 16, len = 0;
	uint8_t *data = malloc(capacity);
	size_t got;
	while (data && (got = fread(data + len, 1, capacity - len, f)) > 0) {
		len += got;
		if (len == capacity) {
			capacity *= 2;
			uint8_t *grown = realloc(data, capacity);
			if (!grown)
				free(data);
			data = grown;
		}
	}
	fclose(f);
	if (!data)
		return -1;
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	size_t runs = 0;
	for (int i = 1; i < argc; i++) {
		DIR *dir = opendir(argv[i]);
		if (!dir) {
			fprintf(stderr, "replay: cannot open %s\n", argv[i]);
			return 2;
		}
		struct dirent *entry;
		while ((entry = readdir(dir))) {
			if (entry->d_name[0] == '.')
				continue;
			char path[4096];
			if (snprintf(path, sizeof path, "%s/%s", argv[i], entry->d_name) >=
			    (int)sizeof path)
				continue;
			if (replay_file(path) != 0) {
				fprintf(stderr, "replay: cannot read %s\n", path);
				closedir(dir);
				return 2;
			}
			runs++;
		}
		closedir(dir);
	}
	printf("replayed %zu inputs\n", runs);
	return runs ? 0 : 1;
}
