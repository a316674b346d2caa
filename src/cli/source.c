/* Reading application files for the commands. */
#include "cli/cli.h"
#include "util/buf.h"
#include "util/mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int ss_cli_read_source(const char *path, ss_source *src)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "streamsql: error: cannot read %s: %s\n", path, strerror(errno));
        return -1;
    }
    ss_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ss_buf_append(&b, chunk, n);
    int failed = ferror(f);
    if (f != stdin)
        fclose(f);
    if (failed) {
        fprintf(stderr, "streamsql: error: cannot read %s: %s\n", path, strerror(errno));
        ss_buf_free(&b);
        return -1;
    }
    src->name = path;
    src->len = b.len;
    src->text = ss_buf_cstr(&b);
    return 0;
}

void ss_cli_free_source(ss_source *src)
{
    free((char *)src->text);
    src->text = NULL;
}

int ss_cli_make_parent_dir(const char *path)
{
    char *copy = ss_xstrdup(path);
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(copy, 0755) != 0 && errno != EEXIST) {
            fprintf(stderr, "streamsql: error: cannot create directory %s: %s\n", copy, strerror(errno));
            free(copy);
            return -1;
        }
        *p = '/';
    }
    free(copy);
    return 0;
}
