/* streamsql: the command-line entry point. Dispatches to one file per command. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: streamsql COMMAND [ARGS]\n"
    "\n"
    "  run APP.sql [--checkpoint-interval DURATION] [--max-record-bytes N]\n"
    "              [--errors PATH] [--output STREAM=PATH] [--set STREAM.KEY=VALUE]... [--quiet]\n"
    "              [--metrics HOST:PORT]   Prometheus /metrics and /healthz (docs/METRICS.md)\n"
    "              [--log-format plain|text|json] [--log-level LEVEL]   stderr as leveled log lines\n"
    "  run [APP.sql] --config FILE [--app NAME]   with a deployment config's defaults (and application)\n"
    "  serve --config FILE   run the applications of a deployment config as a service\n"
    "  check APP.sql         parse and analyse only; print every error\n"
    "  explain APP.sql       print the operator pipeline, one operator a line\n"
    "  kda APP.json [--set STREAM.KEY=VALUE]...\n"
    "                        print the application a KDA describe-application document becomes\n"
    "  repl                  interactive shell (also: streamsql alone on a terminal)\n"
    "  broker [--port N] [--partitions N] [--brokers N] [--topic NAME[:N]]...\n"
    "                        a local Kafka-protocol broker for development and tests\n"
    "  --help | --version\n";

typedef struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
} command;

static const command commands[] = {
    {"check", ss_cmd_check},
    {"explain", ss_cmd_explain},
    {"run", ss_cmd_run},
    {"broker", ss_cmd_broker},
    {"serve", ss_cmd_serve},
    {"kda", ss_cmd_kda},
    {"repl", ss_cmd_repl},
};

int main(int argc, char **argv)
{
    if (argc < 2 && isatty(0) && isatty(1))
        return ss_cmd_repl(argc, argv);
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("streamsql %s\n", SS_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "streamsql: unknown command '%s'\n\n%s", argv[1], usage_text);
    return 2;
}
