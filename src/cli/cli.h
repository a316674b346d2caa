/* Shared pieces of the command-line front end: one file per command. */
#ifndef SS_CLI_H
#define SS_CLI_H

#include "util/diag.h"

/* Reads a whole file (or stdin for "-") into a NUL-terminated source; on
 * failure prints "streamsql: cannot read ..." and returns -1. */
int ss_cli_read_source(const char *path, ss_source *src);
void ss_cli_free_source(ss_source *src);
/* Creates the directories above path (a checkpoint's); prints and returns -1
 * on failure. */
int ss_cli_make_parent_dir(const char *path);

int ss_cmd_check(int argc, char **argv);
int ss_cmd_explain(int argc, char **argv);
int ss_cmd_run(int argc, char **argv);
int ss_cmd_broker(int argc, char **argv);
int ss_cmd_serve(int argc, char **argv);
int ss_cmd_kda(int argc, char **argv);
int ss_cmd_repl(int argc, char **argv);

#endif
