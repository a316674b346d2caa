/* KDA import (src/sql/kda.c): a describe-application document shaped like
 * the real one becomes exactly the expected SQL and settings, which compile
 * to streams bound as described; rebinding through ss_kda_settings_merge;
 * and every refusal with its exact message and JSON path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sql/analyze.h"
#include "sql/kda.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* JSON written with ' for " so that the documents stay readable here. */
static json_t *J(const char *text)
{
    char *s = strdup(text);
    assert_non_null(s);
    for (char *p = s; *p; p++)
        if (*p == '\'')
            *p = '"';
    json_error_t e;
    json_t *v = json_loads(s, 0, &e);
    if (!v)
        fail_msg("bad test JSON: %s: %s", e.text, s);
    free(s);
    return v;
}

static const char ticker_code[] =
    "CREATE OR REPLACE STREAM \"DESTINATION_SQL_STREAM\" (\n"
    "    ticker_symbol VARCHAR(4), trades INTEGER, volume BIGINT, high DECIMAL(10,2));\n"
    "CREATE OR REPLACE PUMP \"STREAM_PUMP\" AS INSERT INTO \"DESTINATION_SQL_STREAM\"\n"
    "    SELECT STREAM ticker_symbol, COUNT(*), SUM(qty), MAX(price)\n"
    "    FROM \"SOURCE_SQL_STREAM_001\"\n"
    "    GROUP BY ticker_symbol, STEP(\"SOURCE_SQL_STREAM_001\".ROWTIME BY INTERVAL '10' SECOND);\n"
    "CREATE OR REPLACE STREAM \"LARGE_TRADES\" (ticker_symbol VARCHAR(4), price DECIMAL(10,2), qty INTEGER);\n"
    "CREATE OR REPLACE PUMP \"LARGE_PUMP\" AS INSERT INTO \"LARGE_TRADES\"\n"
    "    SELECT STREAM ticker_symbol, price, qty FROM \"SOURCE_SQL_STREAM_001\" WHERE qty >= 1000;\n"
    "CREATE OR REPLACE STREAM FX_HIGH (currency CHAR(3), rate DOUBLE);\n"
    "CREATE OR REPLACE PUMP FX_PUMP AS INSERT INTO FX_HIGH\n"
    "    SELECT STREAM currency, rate FROM \"FX_RATES_001\" WHERE rate > 1.5";

/* As `aws kinesisanalytics describe-application` prints it (ApplicationCode
 * is added by ticker_doc). Input 0 lists its InAppStreamNames, input 1 only
 * has a NamePrefix, as older descriptions do. */
static const char ticker_json[] =
    "{'ApplicationDetail': {"
    " 'ApplicationName': 'ticker-analytics',"
    " 'ApplicationDescription': 'Trades per symbol',"
    " 'ApplicationARN': 'arn:aws:kinesisanalytics:us-east-1:123456789012:application/ticker-analytics',"
    " 'ApplicationStatus': 'READY',"
    " 'CreateTimestamp': 1700049251.0, 'LastUpdateTimestamp': 1700135562.0,"
    " 'InputDescriptions': ["
    "  {'InputId': '1.1', 'NamePrefix': 'SOURCE_SQL_STREAM', 'InAppStreamNames': ['SOURCE_SQL_STREAM_001'],"
    "   'KinesisStreamsInputDescription': {"
    "     'ResourceARN': 'arn:aws:kinesis:us-east-1:123456789012:stream/ticker-trades',"
    "     'RoleARN': 'arn:aws:iam::123456789012:role/service-role/kinesis-analytics-ticker'},"
    "   'InputSchema': {"
    "     'RecordFormat': {'RecordFormatType': 'JSON',"
    "                      'MappingParameters': {'JSONMappingParameters': {'RecordRowPath': '$'}}},"
    "     'RecordEncoding': 'UTF-8',"
    "     'RecordColumns': ["
    "       {'Name': 'TICKER_SYMBOL', 'Mapping': '$.ticker.symbol', 'SqlType': 'VARCHAR(4)'},"
    "       {'Name': 'SECTOR', 'Mapping': '$.ticker.sector', 'SqlType': 'VARCHAR(16)'},"
    "       {'Name': 'PRICE', 'Mapping': '$.trade.price', 'SqlType': 'DECIMAL(10,2)'},"
    "       {'Name': 'QTY', 'Mapping': '$.trade.qty', 'SqlType': 'INTEGER'},"
    "       {'Name': 'EVENT_TIME', 'Mapping': '$.event_time', 'SqlType': 'TIMESTAMP'}]},"
    "   'InputParallelism': {'Count': 1},"
    "   'InputStartingPositionConfiguration': {'InputStartingPosition': 'NOW'}},"
    "  {'InputId': '1.2', 'NamePrefix': 'FX_RATES',"
    "   'KinesisStreamsInputDescription': {"
    "     'ResourceARN': 'arn:aws:kinesis:eu-west-1:123456789012:stream/fx-rates',"
    "     'RoleARN': 'arn:aws:iam::123456789012:role/service-role/kinesis-analytics-ticker'},"
    "   'InputSchema': {"
    "     'RecordFormat': {'RecordFormatType': 'CSV',"
    "                      'MappingParameters': {'CSVMappingParameters':"
    "                          {'RecordRowDelimiter': '\\n', 'RecordColumnDelimiter': ';'}}},"
    "     'RecordEncoding': 'UTF-8',"
    "     'RecordColumns': ["
    "       {'Name': 'CURRENCY', 'SqlType': 'CHAR(3)'},"
    "       {'Name': 'RATE', 'SqlType': 'DOUBLE'},"
    "       {'Name': 'RATE_TIME', 'SqlType': 'BIGINT'}]},"
    "   'InputParallelism': {'Count': 1},"
    "   'InputStartingPositionConfiguration': {'InputStartingPosition': 'LAST_STOPPED_POINT'}}],"
    " 'OutputDescriptions': ["
    "  {'OutputId': '1.1', 'Name': 'DESTINATION_SQL_STREAM',"
    "   'KinesisStreamsOutputDescription': {"
    "     'ResourceARN': 'arn:aws:kinesis:us-east-1:123456789012:stream/ticker-minutes',"
    "     'RoleARN': 'arn:aws:iam::123456789012:role/service-role/kinesis-analytics-ticker'},"
    "   'DestinationSchema': {'RecordFormatType': 'JSON'}},"
    "  {'OutputId': '1.2', 'Name': 'LARGE_TRADES',"
    "   'KinesisStreamsOutputDescription': {"
    "     'ResourceARN': 'arn:aws-cn:kinesis:cn-north-1:123456789012:stream/large-trades',"
    "     'RoleARN': 'arn:aws-cn:iam::123456789012:role/kinesis-analytics-ticker'},"
    "   'DestinationSchema': {'RecordFormatType': 'CSV'}}],"
    " 'CloudWatchLoggingOptionDescriptions': [{'CloudWatchLoggingOptionId': '1.1',"
    "   'LogStreamARN': 'arn:aws:logs:us-east-1:123456789012:log-group:kda:log-stream:ticker',"
    "   'RoleARN': 'arn:aws:iam::123456789012:role/service-role/kinesis-analytics-ticker'}],"
    " 'ApplicationVersionId': 12}}";

static json_t *ticker_doc(void)
{
    json_t *doc = J(ticker_json);
    json_object_set_new(json_object_get(doc, "ApplicationDetail"), "ApplicationCode", json_string(ticker_code));
    return doc;
}

static const char expected_sql_head[] =
    "-- KDA application ticker-analytics, imported from app.json\n"
    "\n"
    "-- Input 1: arn:aws:kinesis:us-east-1:123456789012:stream/ticker-trades\n"
    "CREATE STREAM \"SOURCE_SQL_STREAM_001\" (\n"
    "    \"TICKER_SYMBOL\" VARCHAR(4) MAPPING '$.ticker.symbol',\n"
    "    \"SECTOR\" VARCHAR(16) MAPPING '$.ticker.sector',\n"
    "    \"PRICE\" DECIMAL(10,2) MAPPING '$.trade.price',\n"
    "    \"QTY\" INTEGER MAPPING '$.trade.qty',\n"
    "    \"EVENT_TIME\" TIMESTAMP MAPPING '$.event_time'\n"
    ") WITH (KINESIS_STREAM = 'arn:aws:kinesis:us-east-1:123456789012:stream/ticker-trades');\n"
    "\n"
    "-- Input 2: arn:aws:kinesis:eu-west-1:123456789012:stream/fx-rates\n"
    "CREATE STREAM \"FX_RATES_001\" (\n"
    "    \"CURRENCY\" CHAR(3),\n"
    "    \"RATE\" DOUBLE,\n"
    "    \"RATE_TIME\" BIGINT\n"
    ") WITH (KINESIS_STREAM = 'arn:aws:kinesis:eu-west-1:123456789012:stream/fx-rates', FORMAT = 'CSV', "
    "DELIMITER = ';');\n"
    "\n"
    "-- ApplicationCode\n";

static const char *const expected_settings[] = {
    "\"SOURCE_SQL_STREAM_001\".KINESIS_REGION=us-east-1",
    "\"SOURCE_SQL_STREAM_001\".STARTING_POSITION=LATEST",
    "\"FX_RATES_001\".KINESIS_REGION=eu-west-1",
    "\"FX_RATES_001\".STARTING_POSITION=TRIM_HORIZON",
    "\"DESTINATION_SQL_STREAM\".KINESIS_STREAM=arn:aws:kinesis:us-east-1:123456789012:stream/ticker-minutes",
    "\"DESTINATION_SQL_STREAM\".KINESIS_REGION=us-east-1",
    "\"DESTINATION_SQL_STREAM\".FORMAT=JSON",
    "\"LARGE_TRADES\".KINESIS_STREAM=arn:aws-cn:kinesis:cn-north-1:123456789012:stream/large-trades",
    "\"LARGE_TRADES\".KINESIS_REGION=cn-north-1",
    "\"LARGE_TRADES\".FORMAT=CSV",
};

/* Compiles an imported application with settings; fails the test, with the
 * diagnostics, if it does not compile. */
typedef struct compiled {
    ss_source src;
    ss_arena arena;
    ss_diags diags;
    ss_app *app;
} compiled;

static void compile_kda(compiled *c, const ss_kda_app *a, const char *const *settings, uint32_t n)
{
    c->src = (ss_source){"app.sql", a->sql.data, a->sql.len};
    ss_arena_init(&c->arena, 65536);
    ss_diags_init(&c->diags, &c->src);
    c->app = ss_compile_with_settings(&c->src, &c->arena, &c->diags, settings, n);
    if (!c->app) {
        ss_diags_print(&c->diags, stderr);
        fail_msg("the imported application does not compile");
    }
}

static void compiled_free(compiled *c)
{
    ss_diags_free(&c->diags);
    ss_arena_free(&c->arena);
}

static void test_ticker_application_becomes_sql_and_settings(void **state)
{
    (void)state;
    json_t *doc = ticker_doc();
    ss_kda_app a;
    char err[512] = "";
    assert_int_equal(ss_kda_import(doc, "app.json", &a, err, sizeof err), 0);
    assert_string_equal(a.name, "ticker-analytics");
    size_t head = strlen(expected_sql_head);
    assert_true(a.sql.len > head);
    assert_memory_equal(a.sql.data, expected_sql_head, head);
    /* The code follows unchanged, ended by a newline. */
    assert_int_equal(strlen(a.sql.data + head), strlen(ticker_code) + 1);
    assert_memory_equal(a.sql.data + head, ticker_code, strlen(ticker_code));
    assert_string_equal(a.sql.data + head + strlen(ticker_code), "\n");
    assert_int_equal(a.code_first_line, 20);
    uint32_t line = 1;
    for (size_t i = 0; i < head; i++)
        line += a.sql.data[i] == '\n';
    assert_int_equal(line, a.code_first_line);
    assert_int_equal(a.nsettings, sizeof expected_settings / sizeof expected_settings[0]);
    for (uint32_t i = 0; i < a.nsettings; i++)
        assert_string_equal(a.settings[i], expected_settings[i]);
    assert_string_equal(a.parts[4].stream, "DESTINATION_SQL_STREAM");
    assert_string_equal(a.parts[4].key, "KINESIS_STREAM");
    assert_string_equal(a.parts[4].value, "arn:aws:kinesis:us-east-1:123456789012:stream/ticker-minutes");

    compiled c;
    compile_kda(&c, &a, (const char *const *)a.settings, a.nsettings);
    const ss_stream *in = ss_app_find_stream(c.app, "SOURCE_SQL_STREAM_001");
    assert_non_null(in);
    assert_int_equal(in->role, SS_ROLE_SOURCE);
    assert_int_equal(in->binding.connector, SS_CONN_KINESIS);
    assert_string_equal(in->binding.target, "arn:aws:kinesis:us-east-1:123456789012:stream/ticker-trades");
    assert_string_equal(in->binding.kinesis_region, "us-east-1");
    assert_int_equal(in->binding.start, SS_START_LATEST);
    assert_int_equal(in->binding.format, SS_FMT_JSON);
    assert_string_equal(in->cols[0].name, "TICKER_SYMBOL");
    assert_string_equal(in->cols[0].mapping, "$.ticker.symbol");
    assert_int_equal(in->cols[2].type.kind, SS_T_DECIMAL);
    assert_int_equal(in->cols[2].type.precision, 10);
    assert_int_equal(in->cols[2].type.scale, 2);
    const ss_stream *fx = ss_app_find_stream(c.app, "FX_RATES_001");
    assert_non_null(fx);
    assert_int_equal(fx->binding.connector, SS_CONN_KINESIS);
    assert_string_equal(fx->binding.target, "arn:aws:kinesis:eu-west-1:123456789012:stream/fx-rates");
    assert_string_equal(fx->binding.kinesis_region, "eu-west-1");
    assert_int_equal(fx->binding.format, SS_FMT_CSV);
    assert_int_equal(fx->binding.csv_delimiter, ';');
    assert_int_equal(fx->binding.start, SS_START_TRIM_HORIZON);
    const ss_stream *out = ss_app_find_stream(c.app, "DESTINATION_SQL_STREAM");
    assert_non_null(out);
    assert_int_equal(out->role, SS_ROLE_SINK);
    assert_int_equal(out->binding.connector, SS_CONN_KINESIS);
    assert_string_equal(out->binding.target, "arn:aws:kinesis:us-east-1:123456789012:stream/ticker-minutes");
    assert_string_equal(out->binding.kinesis_region, "us-east-1");
    assert_int_equal(out->binding.format, SS_FMT_JSON);
    const ss_stream *large = ss_app_find_stream(c.app, "LARGE_TRADES");
    assert_non_null(large);
    assert_int_equal(large->role, SS_ROLE_SINK);
    assert_string_equal(large->binding.target, "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/large-trades");
    assert_string_equal(large->binding.kinesis_region, "cn-north-1");
    assert_int_equal(large->binding.format, SS_FMT_CSV);
    /* An in-application stream of the code stays as the code made it. */
    assert_int_equal(ss_app_find_stream(c.app, "FX_HIGH")->role, SS_ROLE_STDOUT);
    compiled_free(&c);
    ss_kda_app_free(&a);
    json_decref(doc);
}

static void test_bare_application_detail_is_accepted(void **state)
{
    (void)state;
    json_t *doc = ticker_doc();
    json_t *detail = json_incref(json_object_get(doc, "ApplicationDetail"));
    json_decref(doc);
    ss_kda_app a;
    char err[512] = "";
    assert_int_equal(ss_kda_import(detail, "detail.json", &a, err, sizeof err), 0);
    assert_int_equal(a.nsettings, sizeof expected_settings / sizeof expected_settings[0]);
    ss_kda_app_free(&a);
    /* Paths then start at the object itself. */
    json_object_del(detail, "ApplicationCode");
    assert_int_equal(ss_kda_import(detail, "detail.json", &a, err, sizeof err), -1);
    assert_string_equal(err, "detail.json: $.ApplicationCode: missing: the application has no SQL code");
    json_decref(detail);
}

static void test_names_and_strings_are_quoted(void **state)
{
    (void)state;
    json_t *doc = J("{'ApplicationName': 'q',"
                    " 'InputDescriptions': [{'NamePrefix': 'in\\'s \\'x\\'',"
                    "  'KinesisStreamsInputDescription': {'ResourceARN': 'arn:aws:kinesis:us-east-1:1:stream/s'},"
                    "  'InputSchema': {'RecordFormat': {'RecordFormatType': 'JSON'},"
                    "   'RecordColumns': [{'Name': 'say \\'hi\\'', 'SqlType': 'INT'},"
                    "                     {'Name': 'plain', 'SqlType': 'double precision'}]}}]}");
    /* Set here: J() would turn its quote into a double quote. */
    json_t *col0 = json_array_get(
        json_object_get(json_object_get(json_array_get(json_object_get(doc, "InputDescriptions"), 0), "InputSchema"),
                        "RecordColumns"),
        0);
    json_object_set_new(col0, "Mapping", json_string("$.it's"));
    json_object_set_new(doc, "ApplicationCode",
                        json_string("SELECT STREAM \"say \"\"hi\"\"\" FROM \"in\"\"s \"\"x\"\"_001\";"));
    ss_kda_app a;
    char err[512] = "";
    assert_int_equal(ss_kda_import(doc, "q.json", &a, err, sizeof err), 0);
    assert_string_equal(a.sql.data, "-- KDA application q, imported from q.json\n"
                                    "\n"
                                    "-- Input 1: arn:aws:kinesis:us-east-1:1:stream/s\n"
                                    "CREATE STREAM \"in\"\"s \"\"x\"\"_001\" (\n"
                                    "    \"say \"\"hi\"\"\" INT MAPPING '$.it''s',\n"
                                    "    \"plain\" double precision\n"
                                    ") WITH (KINESIS_STREAM = 'arn:aws:kinesis:us-east-1:1:stream/s');\n"
                                    "\n"
                                    "-- ApplicationCode\n"
                                    "SELECT STREAM \"say \"\"hi\"\"\" FROM \"in\"\"s \"\"x\"\"_001\";\n");
    assert_string_equal(a.settings[0], "\"in\"s \"x\"_001\".KINESIS_REGION=us-east-1");
    compiled c;
    compile_kda(&c, &a, (const char *const *)a.settings, a.nsettings);
    const ss_stream *in = ss_app_find_stream(c.app, "in\"s \"x\"_001");
    assert_non_null(in);
    assert_string_equal(in->cols[0].name, "say \"hi\"");
    assert_string_equal(in->cols[0].mapping, "$.it's");
    assert_string_equal(in->binding.kinesis_region, "us-east-1");
    compiled_free(&c);
    ss_kda_app_free(&a);
    json_decref(doc);
}

/* Moving off Kinesis: an override that rebinds a stream drops the generated
 * keys its new connector does not take, and the result compiles. */
static void test_overrides_rebind_streams(void **state)
{
    (void)state;
    json_t *doc = ticker_doc();
    ss_kda_app a;
    char err[512] = "";
    assert_int_equal(ss_kda_import(doc, "app.json", &a, err, sizeof err), 0);
    const char *const overrides[] = {
        "\"SOURCE_SQL_STREAM_001\".FILE=in.jsonl",  /* quoted: as it is */
        "source_sql_stream_001.ROWTIME=EVENT_TIME", /* folds to upper case */
        "FX_RATES_001.KAFKA_TOPIC=fx",              /* Kafka keeps STARTING_POSITION */
        "DESTINATION_SQL_STREAM.FILE=out.jsonl",
        "large_trades.KINESIS_REGION=us-west-2",    /* not a binding: a plain override */
    };
    uint32_t n;
    const char **all = ss_kda_settings_merge(&a, overrides, 5, &n);
    const char *const expected[] = {
        "\"FX_RATES_001\".STARTING_POSITION=TRIM_HORIZON",
        "\"DESTINATION_SQL_STREAM\".FORMAT=JSON",
        "\"LARGE_TRADES\".KINESIS_STREAM=arn:aws-cn:kinesis:cn-north-1:123456789012:stream/large-trades",
        "\"LARGE_TRADES\".KINESIS_REGION=cn-north-1",
        "\"LARGE_TRADES\".FORMAT=CSV",
        overrides[0], overrides[1], overrides[2], overrides[3], overrides[4],
    };
    assert_int_equal(n, sizeof expected / sizeof expected[0]);
    for (uint32_t i = 0; i < n; i++)
        assert_string_equal(all[i], expected[i]);

    compiled c;
    compile_kda(&c, &a, all, n);
    const ss_stream *in = ss_app_find_stream(c.app, "SOURCE_SQL_STREAM_001");
    assert_int_equal(in->binding.connector, SS_CONN_FILE);
    assert_string_equal(in->binding.target, "in.jsonl");
    assert_string_equal(in->binding.rowtime_column, "EVENT_TIME");
    const ss_stream *fx = ss_app_find_stream(c.app, "FX_RATES_001");
    assert_int_equal(fx->binding.connector, SS_CONN_KAFKA);
    assert_string_equal(fx->binding.target, "fx");
    assert_int_equal(fx->binding.format, SS_FMT_CSV); /* the record format stays */
    assert_int_equal(fx->binding.csv_delimiter, ';');
    assert_int_equal(fx->binding.start, SS_START_TRIM_HORIZON);
    const ss_stream *out = ss_app_find_stream(c.app, "DESTINATION_SQL_STREAM");
    assert_int_equal(out->binding.connector, SS_CONN_FILE);
    assert_string_equal(out->binding.target, "out.jsonl");
    const ss_stream *large = ss_app_find_stream(c.app, "LARGE_TRADES");
    assert_int_equal(large->binding.connector, SS_CONN_KINESIS);
    assert_string_equal(large->binding.kinesis_region, "us-west-2");
    compiled_free(&c);
    free(all);

    /* Without the merge the generated Kinesis keys would stand in the way:
     * that is why the merge exists. */
    const char **raw = calloc(a.nsettings + 1, sizeof *raw);
    assert_non_null(raw);
    for (uint32_t i = 0; i < a.nsettings; i++)
        raw[i] = a.settings[i];
    raw[a.nsettings] = overrides[0];
    ss_source src = {"app.sql", a.sql.data, a.sql.len};
    ss_arena arena;
    ss_arena_init(&arena, 65536);
    ss_diags diags;
    ss_diags_init(&diags, &src);
    assert_null(ss_compile_with_settings(&src, &arena, &diags, raw, a.nsettings + 1));
    assert_int_equal(diags.n, 2);
    ss_diags_free(&diags);
    ss_arena_free(&arena);
    free(raw);
    ss_kda_app_free(&a);
    json_decref(doc);
}

/* Sets (or, with v NULL, deletes) the member at a path such as
 * "InputDescriptions[0].InputSchema.RecordColumns[2].SqlType" under
 * ApplicationDetail. */
static void set_at(json_t *doc, const char *path, json_t *v)
{
    json_t *cur = json_object_get(doc, "ApplicationDetail");
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    char *save = NULL;
    char *tok = strtok_r(buf, ".", &save);
    while (tok) {
        char *next = strtok_r(NULL, ".", &save);
        char *br = strchr(tok, '[');
        long idx = -1;
        if (br) {
            idx = strtol(br + 1, NULL, 10);
            *br = 0;
        }
        if (!next && idx < 0) {
            if (v)
                json_object_set_new(cur, tok, v);
            else
                json_object_del(cur, tok);
            return;
        }
        cur = json_object_get(cur, tok);
        assert_non_null(cur);
        if (idx >= 0) {
            if (!next) {
                json_array_set_new(cur, (size_t)idx, v);
                return;
            }
            cur = json_array_get(cur, (size_t)idx);
            assert_non_null(cur);
        }
        tok = next;
    }
}

static void expect_error(const char *path, json_t *v, const char *message)
{
    json_t *doc = ticker_doc();
    set_at(doc, path, v);
    ss_kda_app a;
    char err[1024] = "";
    int rc = ss_kda_import(doc, "app.json", &a, err, sizeof err);
    if (rc != -1)
        fail_msg("no error for %s", path);
    assert_string_equal(err, message);
    assert_null(a.sql.data);
    assert_int_equal(a.nsettings, 0);
    ss_kda_app_free(&a);
    json_decref(doc);
}

#define IN0 "InputDescriptions[0]"
#define P0 "app.json: $.ApplicationDetail.InputDescriptions[0]"

static void test_refusals_name_the_json_path(void **state)
{
    (void)state;
    expect_error("ApplicationCode", NULL,
                 "app.json: $.ApplicationDetail.ApplicationCode: missing: the application has no SQL code");
    expect_error("ApplicationCode", json_string(""),
                 "app.json: $.ApplicationDetail.ApplicationCode: empty: the application has no SQL code");
    expect_error("ApplicationCode", json_integer(3),
                 "app.json: $.ApplicationDetail.ApplicationCode: expected a string, not a number");
    expect_error(IN0 ".KinesisFirehoseInputDescription",
                 J("{'ResourceARN': 'arn:aws:firehose:us-east-1:1:deliverystream/d', 'RoleARN': 'r'}"),
                 P0 ".KinesisFirehoseInputDescription: input from a Kinesis Data Firehose delivery stream is not "
                    "supported (streamsql reads Kinesis data streams, Kafka topics and files)");
    expect_error(IN0 ".InputProcessingConfigurationDescription",
                 J("{'InputLambdaProcessorDescription': {'ResourceARN': 'arn:aws:lambda:us-east-1:1:function:f'}}"),
                 P0 ".InputProcessingConfigurationDescription: Lambda preprocessing of input records is not "
                    "supported (run the transformation before the records reach the stream, or express it in SQL)");
    expect_error("OutputDescriptions[1].LambdaOutputDescription",
                 J("{'ResourceARN': 'arn:aws:lambda:us-east-1:1:function:f', 'RoleARN': 'r'}"),
                 "app.json: $.ApplicationDetail.OutputDescriptions[1].LambdaOutputDescription: output to an AWS "
                 "Lambda function is not supported (write to a Kinesis data stream and trigger the function from "
                 "it)");
    expect_error("OutputDescriptions[0].KinesisFirehoseOutputDescription",
                 J("{'ResourceARN': 'arn:aws:firehose:us-east-1:1:deliverystream/d', 'RoleARN': 'r'}"),
                 "app.json: $.ApplicationDetail.OutputDescriptions[0].KinesisFirehoseOutputDescription: output to "
                 "a Kinesis Data Firehose delivery stream is not supported (write to a Kinesis data stream and let "
                 "Firehose read it)");
    expect_error("ReferenceDataSourceDescriptions",
                 J("[{'ReferenceId': '1.1', 'TableName': 'COMPANIES', 'S3ReferenceDataSourceDescription':"
                   " {'BucketARN': 'arn:aws:s3:::b', 'FileKey': 'c.csv', 'ReferenceRoleARN': 'r'}}]"),
                 "app.json: $.ApplicationDetail.ReferenceDataSourceDescriptions[0]: reference data from S3 is not "
                 "supported (join against a stream, or put the values in the SQL)");
    expect_error(IN0 ".InputSchema.RecordFormat.MappingParameters.JSONMappingParameters.RecordRowPath",
                 json_string("$.records[0:]"),
                 P0 ".InputSchema.RecordFormat.MappingParameters.JSONMappingParameters.RecordRowPath: "
                    "'$.records[0:]': only '$' (one row per record) is supported; a record holding several rows "
                    "must be split before it reaches the stream");
    expect_error("InputDescriptions[1].InputSchema.RecordFormat.MappingParameters.CSVMappingParameters."
                 "RecordColumnDelimiter",
                 json_string("||"),
                 "app.json: $.ApplicationDetail.InputDescriptions[1].InputSchema.RecordFormat.MappingParameters."
                 "CSVMappingParameters.RecordColumnDelimiter: '||': the column delimiter must be one character");
    expect_error("InputDescriptions[1].InputSchema.RecordFormat.MappingParameters.CSVMappingParameters."
                 "RecordRowDelimiter",
                 json_string("|"),
                 "app.json: $.ApplicationDetail.InputDescriptions[1].InputSchema.RecordFormat.MappingParameters."
                 "CSVMappingParameters.RecordRowDelimiter: only \"\\n\" is supported: a Kinesis record holds rows "
                 "separated by newlines");
    expect_error(IN0 ".InputParallelism.Count", json_integer(2),
                 P0 ".InputParallelism.Count: 2: streamsql reads every shard of the stream into one "
                    "in-application stream; parallel in-application input streams are not supported (set Count "
                    "to 1 and use the _001 stream in the code)");
    expect_error(IN0 ".InAppStreamNames", J("['SOURCE_SQL_STREAM_001', 'SOURCE_SQL_STREAM_002']"),
                 P0 ".InAppStreamNames: 2 streams: streamsql reads every shard of the stream into one "
                    "in-application stream; parallel in-application input streams are not supported (set Count "
                    "to 1 and use the _001 stream in the code)");
    expect_error(IN0 ".InputParallelism.Count", json_string("1"),
                 P0 ".InputParallelism.Count: expected a whole number, not a string");
    expect_error(IN0 ".InputSchema.RecordColumns[2].SqlType", json_integer(8),
                 P0 ".InputSchema.RecordColumns[2].SqlType: expected a string, not a number");
    expect_error(IN0 ".InputSchema.RecordColumns[2].SqlType", json_string("VARBINARY(8)"),
                 P0 ".InputSchema.RecordColumns[2].SqlType: 'VARBINARY(8)': unknown type VARBINARY");
    expect_error(IN0 ".InputSchema.RecordColumns[0].SqlType", json_string("VARCHAR"),
                 P0 ".InputSchema.RecordColumns[0].SqlType: 'VARCHAR': VARCHAR needs a length, as in VARCHAR(32)");
    expect_error(IN0 ".InputSchema.RecordColumns[0].SqlType", json_string("INT); DROP"),
                 P0 ".InputSchema.RecordColumns[0].SqlType: 'INT); DROP' is not a SQL type");
    expect_error(IN0 ".InputSchema.RecordColumns[0].SqlType", json_string("INT MAPPING"),
                 P0 ".InputSchema.RecordColumns[0].SqlType: 'INT MAPPING' is not a SQL type");
    expect_error(IN0 ".InputSchema.RecordColumns[1].Mapping", json_string("sector"),
                 P0 ".InputSchema.RecordColumns[1].Mapping: 'sector': a JSON path starts with '$', as in '$.a.b'");
    expect_error(IN0 ".InputSchema.RecordColumns[1].Name", NULL,
                 P0 ".InputSchema.RecordColumns[1].Name: missing");
    expect_error(IN0 ".InputSchema.RecordColumns", J("[]"), P0 ".InputSchema.RecordColumns: no columns");
    expect_error(IN0 ".InputSchema.RecordColumns[3]", json_string("QTY"),
                 P0 ".InputSchema.RecordColumns[3]: expected an object, not a string");
    expect_error(IN0 ".InputSchema.RecordFormat.RecordFormatType", json_string("PARQUET"),
                 P0 ".InputSchema.RecordFormat.RecordFormatType: 'PARQUET': expected JSON or CSV");
    expect_error(IN0 ".InputSchema.RecordEncoding", json_string("UTF-16"),
                 P0 ".InputSchema.RecordEncoding: 'UTF-16': only UTF-8 records are supported");
    expect_error(IN0 ".KinesisStreamsInputDescription.ResourceARN", json_string("ticker-trades"),
                 P0 ".KinesisStreamsInputDescription.ResourceARN: 'ticker-trades' is not a Kinesis data stream ARN "
                    "(arn:aws:kinesis:REGION:ACCOUNT:stream/NAME)");
    expect_error(IN0 ".KinesisStreamsInputDescription", NULL, P0 ".KinesisStreamsInputDescription: missing");
    expect_error(IN0 ".InputStartingPositionConfiguration.InputStartingPosition", json_string("AT_TIMESTAMP"),
                 P0 ".InputStartingPositionConfiguration.InputStartingPosition: 'AT_TIMESTAMP': expected NOW, "
                    "TRIM_HORIZON or LAST_STOPPED_POINT");
    expect_error(IN0 ".InAppStreamNames[0]", json_string("SOURCE.001"),
                 P0 ".InAppStreamNames[0]: in-application stream name \"SOURCE.001\": streamsql cannot bind a name "
                    "with '.' in it");
    expect_error(IN0 ".InAppStreamNames[0]", json_string("LARGE_TRADES"),
                 P0 ".InAppStreamNames[0]: the ApplicationCode creates a stream named \"LARGE_TRADES\" itself, but "
                    "KDA creates it for the input");
    expect_error("InputDescriptions[1].NamePrefix", NULL,
                 "app.json: $.ApplicationDetail.InputDescriptions[1].NamePrefix: missing: the input names no "
                 "in-application stream");
    expect_error("OutputDescriptions[0].Name", json_string("destination_sql_stream"),
                 "app.json: $.ApplicationDetail.OutputDescriptions[0].Name: the ApplicationCode creates no stream "
                 "\"destination_sql_stream\" (names are compared exactly)");
    expect_error("OutputDescriptions[1].Name", json_string("DESTINATION_SQL_STREAM"),
                 "app.json: $.ApplicationDetail.OutputDescriptions[1].Name: \"DESTINATION_SQL_STREAM\" is also "
                 "output 0: streamsql writes an in-application stream to one destination (copy it to a second "
                 "stream with a pump)");
    expect_error("OutputDescriptions[0].DestinationSchema.RecordFormatType", json_string("AVRO"),
                 "app.json: $.ApplicationDetail.OutputDescriptions[0].DestinationSchema.RecordFormatType: 'AVRO': "
                 "expected JSON or CSV");
    expect_error("OutputDescriptions", json_object(),
                 "app.json: $.ApplicationDetail.OutputDescriptions: expected an array, not an object");
    expect_error("OutputDescriptions[1].KinesisStreamsOutputDescription.ResourceARN",
                 json_string("arn:aws:firehose:us-east-1:1:deliverystream/d"),
                 "app.json: $.ApplicationDetail.OutputDescriptions[1].KinesisStreamsOutputDescription.ResourceARN: "
                 "'arn:aws:firehose:us-east-1:1:deliverystream/d' is a Kinesis Data Firehose ARN; only Kinesis data "
                 "streams are supported");
}

static void test_documents_that_are_not_describe_application_output(void **state)
{
    (void)state;
    ss_kda_app a;
    char err[512];
    json_t *doc = J("[1]");
    assert_int_equal(ss_kda_import(doc, "x.json", &a, err, sizeof err), -1);
    assert_string_equal(err, "x.json: $: expected an object (the output of aws kinesisanalytics "
                             "describe-application), not an array");
    json_decref(doc);
    doc = J("{'ApplicationName': 'a', 'Inputs': [], 'ApplicationCode': 'x'}");
    assert_int_equal(ss_kda_import(doc, "x.json", &a, err, sizeof err), -1);
    assert_string_equal(err, "x.json: $: this is create-application input (Inputs, Outputs); give the output of "
                             "aws kinesisanalytics describe-application (InputDescriptions, OutputDescriptions)");
    json_decref(doc);
    doc = J("{'ApplicationDetail': 'x'}");
    assert_int_equal(ss_kda_import(doc, "x.json", &a, err, sizeof err), -1);
    assert_string_equal(err, "x.json: $.ApplicationDetail: expected an object, not a string");
    json_decref(doc);
    /* A message longer than the buffer is cut, still NUL-terminated. */
    doc = J("{'ApplicationDetail': 'x'}");
    char small[16];
    assert_int_equal(ss_kda_import(doc, "x.json", &a, small, sizeof small), -1);
    assert_string_equal(small, "x.json: $.Appli");
    json_decref(doc);
}

/* The shipped sample is a real describe-application document and imports
 * to an application that compiles with its settings. */
static void test_shipped_example_imports_and_compiles(void **state)
{
    (void)state;
    json_error_t je;
    json_t *doc = json_load_file(SS_SOURCE_DIR "/examples/kda/ticker_app.json", 0, &je);
    assert_non_null(doc);
    ss_kda_app a;
    char err[512] = "";
    if (ss_kda_import(doc, "ticker_app.json", &a, err, sizeof err))
        fail_msg("%s", err);
    compiled c;
    compile_kda(&c, &a, (const char *const *)a.settings, a.nsettings);
    const ss_stream *in = ss_app_find_stream(c.app, "SOURCE_SQL_STREAM_001");
    assert_string_equal(in->binding.target, "arn:aws:kinesis:us-east-1:123456789012:stream/ticker-trades");
    assert_int_equal(in->binding.start, SS_START_LATEST);
    assert_string_equal(ss_app_find_stream(c.app, "DESTINATION_SQL_STREAM")->binding.target,
                        "arn:aws:kinesis:us-east-1:123456789012:stream/ticker-minutes");
    assert_int_equal(ss_app_find_stream(c.app, "PRICE_ALERT_STREAM")->binding.format, SS_FMT_CSV);
    compiled_free(&c);
    ss_kda_app_free(&a);
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ticker_application_becomes_sql_and_settings),
        cmocka_unit_test(test_bare_application_detail_is_accepted),
        cmocka_unit_test(test_names_and_strings_are_quoted),
        cmocka_unit_test(test_overrides_rebind_streams),
        cmocka_unit_test(test_refusals_name_the_json_path),
        cmocka_unit_test(test_documents_that_are_not_describe_application_output),
        cmocka_unit_test(test_shipped_example_imports_and_compiles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
