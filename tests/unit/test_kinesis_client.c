/* Unit tests for io/kinesis_client, the parts that need no server: error
 * classification, configuration (credentials, region, endpoint) and the
 * checks PutRecords and GetShardIterator make before sending anything. The
 * calls themselves are tested against kinesalite in
 * tests/integration/kinesis_client.sh. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "io/kinesis_client.h"

/* Nothing listens on port 1: had a check let a call through, it would come
 * back as a transport error (RETRY), not as the FATAL the checks give. */
#define NOWHERE "http://127.0.0.1:1"
#define SECRET "unit-secret-key-never-printed"

static int setup_env(void **state)
{
    (void)state;
    setenv("AWS_ACCESS_KEY_ID", "AKIDUNIT", 1);
    setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);
    unsetenv("AWS_SESSION_TOKEN");
    setenv("AWS_REGION", "eu-west-1", 1);
    unsetenv("AWS_DEFAULT_REGION");
    return 0;
}

static ss_kinesis *client(const char *endpoint)
{
    ss_kinesis_error err;
    ss_kinesis_config cfg = {.endpoint = endpoint, .connect_timeout_ms = 500, .timeout_ms = 500};
    ss_kinesis *k = ss_kinesis_new(&cfg, &err);
    assert_non_null(k);
    return k;
}

static void test_classify_throttling_and_5xx_retry(void **state)
{
    (void)state;
    assert_int_equal(ss_kinesis_classify(400, "ProvisionedThroughputExceededException"), SS_KINESIS_RETRY);
    assert_int_equal(ss_kinesis_classify(400, "LimitExceededException"), SS_KINESIS_RETRY);
    assert_int_equal(ss_kinesis_classify(400, "KMSThrottlingException"), SS_KINESIS_RETRY);
    assert_int_equal(ss_kinesis_classify(400, "ResourceInUseException"), SS_KINESIS_RETRY);
    assert_int_equal(ss_kinesis_classify(500, "InternalFailure"), SS_KINESIS_RETRY);
    assert_int_equal(ss_kinesis_classify(503, NULL), SS_KINESIS_RETRY);
    assert_int_equal(ss_kinesis_classify(502, ""), SS_KINESIS_RETRY);
    assert_int_equal(ss_kinesis_classify(429, ""), SS_KINESIS_RETRY);
    assert_int_equal(ss_kinesis_classify(0, NULL), SS_KINESIS_RETRY); /* no answer at all */
    /* PutRecords' per-record codes, which come in an HTTP 200 answer. */
    assert_int_equal(ss_kinesis_classify(200, "ProvisionedThroughputExceededException"), SS_KINESIS_RETRY);
    assert_int_equal(ss_kinesis_classify(200, "InternalFailure"), SS_KINESIS_RETRY);
}

static void test_classify_expired_iterator_apart(void **state)
{
    (void)state;
    assert_int_equal(ss_kinesis_classify(400, "ExpiredIteratorException"), SS_KINESIS_EXPIRED);
}

static void test_classify_client_errors_fatal(void **state)
{
    (void)state;
    static const char *const fatal[] = {"ResourceNotFoundException", "InvalidArgumentException",
                                        "UnrecognizedClientException", "InvalidSignatureException",
                                        "AccessDeniedException", "ExpiredTokenException",
                                        "KMSAccessDeniedException", "ValidationException"};
    for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++)
        assert_int_equal(ss_kinesis_classify(400, fatal[i]), SS_KINESIS_FATAL);
    assert_int_equal(ss_kinesis_classify(403, NULL), SS_KINESIS_FATAL);
    assert_int_equal(ss_kinesis_classify(200, "KMSDisabledException"), SS_KINESIS_FATAL);
}

static void test_missing_credentials_are_named(void **state)
{
    (void)state;
    unsetenv("AWS_SECRET_ACCESS_KEY");
    ss_kinesis_error err;
    assert_null(ss_kinesis_new(NULL, &err));
    assert_int_equal(err.rc, SS_KINESIS_FATAL);
    assert_non_null(strstr(err.msg, "no AWS credentials"));
    setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);
}

static void test_region_and_default_endpoint(void **state)
{
    (void)state;
    ss_kinesis *k = client(NULL);
    assert_string_equal(ss_kinesis_region(k), "eu-west-1");
    assert_string_equal(ss_kinesis_endpoint(k), "https://kinesis.eu-west-1.amazonaws.com");
    ss_kinesis_free(k);

    ss_kinesis_error err;
    ss_kinesis_config cfg = {.region = "ap-south-2"};
    k = ss_kinesis_new(&cfg, &err);
    assert_string_equal(ss_kinesis_endpoint(k), "https://kinesis.ap-south-2.amazonaws.com");
    ss_kinesis_free(k);

    unsetenv("AWS_REGION");
    setenv("AWS_DEFAULT_REGION", "us-west-2", 1);
    k = client(NULL);
    assert_string_equal(ss_kinesis_region(k), "us-west-2");
    ss_kinesis_free(k);

    /* Without a region, only an explicit endpoint (an emulator) will do. */
    unsetenv("AWS_DEFAULT_REGION");
    assert_null(ss_kinesis_new(NULL, &err));
    assert_non_null(strstr(err.msg, "no region"));
    k = client(NOWHERE);
    assert_string_equal(ss_kinesis_region(k), "us-east-1");
    ss_kinesis_free(k);
    setenv("AWS_REGION", "eu-west-1", 1);

    cfg = (ss_kinesis_config){.region = "eu-west-1:evil"};
    assert_null(ss_kinesis_new(&cfg, &err));
    assert_non_null(strstr(err.msg, "not a region name"));
}

static void test_bad_endpoints_are_refused_without_echoing_passwords(void **state)
{
    (void)state;
    static const char *const bad[] = {"ftp://host", "kinesis.example.com", "http://", "http:///path",
                                      "https://user:hunter2@host:443"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ss_kinesis_error err;
        ss_kinesis_config cfg = {.endpoint = bad[i]};
        assert_null(ss_kinesis_new(&cfg, &err));
        assert_int_equal(err.rc, SS_KINESIS_FATAL);
        assert_non_null(strstr(err.msg, "endpoint must be"));
        assert_null(strstr(err.msg, "hunter2"));
    }
    ss_kinesis *k = client("http://127.0.0.1:4567/prefix");
    assert_string_equal(ss_kinesis_endpoint(k), "http://127.0.0.1:4567/prefix");
    ss_kinesis_free(k);
}

static void expect_put_refused(ss_kinesis *k, const ss_kinesis_put_entry *e, size_t n, const char *text)
{
    ss_kinesis_put_result *res = calloc(n ? n : 1, sizeof *res);
    ss_kinesis_error err;
    size_t failed = 99;
    assert_int_equal(ss_kinesis_put_records(k, "s", e, n, res, &failed, &err), SS_KINESIS_FATAL);
    assert_int_equal(err.rc, SS_KINESIS_FATAL);
    assert_int_equal(failed, 0);
    if (!strstr(err.msg, text))
        fail_msg("'%s' does not say '%s'", err.msg, text);
    free(res);
}

static void test_put_records_limits_are_checked_before_sending(void **state)
{
    (void)state;
    ss_kinesis *k = client(NOWHERE);
    enum { N = 501 };
    ss_kinesis_put_entry *e = calloc(N, sizeof *e);
    for (size_t i = 0; i < N; i++)
        e[i] = (ss_kinesis_put_entry){"x", 1, "key", NULL};
    expect_put_refused(k, e, 0, "0 records in one call (1 to 500)");
    expect_put_refused(k, e, N, "501 records in one call (1 to 500)");

    e[3].partition_key = "";
    expect_put_refused(k, e, 10, "record 3: partition key of 0 characters (1 to 256)");
    e[3].partition_key = NULL;
    expect_put_refused(k, e, 10, "record 3: partition key of 0 characters");
    /* Characters, not bytes: 256 two-byte characters fit, 257 do not. */
    char key[257 * 2 + 1];
    for (int i = 0; i < 257; i++)
        memcpy(key + 2 * i, "\xc3\xa9", 2);
    key[257 * 2] = 0;
    e[3].partition_key = key;
    expect_put_refused(k, e, 10, "record 3: partition key of 257 characters");
    key[256 * 2] = 0;
    ss_kinesis_put_entry big = {NULL, 1024 * 1024 - 512 + 1, key, NULL};
    assert_int_equal(ss_kinesis_put_entry_size(&big), 1024 * 1024 + 1);
    char *data = calloc(1, 1024 * 1024);
    big.data = data;
    e[3] = big;
    expect_put_refused(k, e, 10, "record 3: 1048577 bytes with its partition key (at most 1048576)");

    /* Six records of 1 MB minus a little: each fits, together over 5 MB. */
    for (size_t i = 0; i < 6; i++)
        e[i] = (ss_kinesis_put_entry){data, 1000000, "k", NULL};
    expect_put_refused(k, e, 6, "6000006 bytes in one call (at most 5242880)");
    free(data);
    free(e);
    ss_kinesis_free(k);
}

static void test_sequence_positions_need_a_sequence_number(void **state)
{
    (void)state;
    ss_kinesis *k = client(NOWHERE);
    char it[SS_KINESIS_ITERATOR_SIZE];
    ss_kinesis_error err;
    ss_kinesis_position pos = {SS_KINESIS_AFTER_SEQUENCE_NUMBER, NULL, 0};
    assert_int_equal(ss_kinesis_get_shard_iterator(k, "s", "shardId-000000000000", &pos, it, &err), SS_KINESIS_FATAL);
    assert_non_null(strstr(err.msg, "AFTER_SEQUENCE_NUMBER: no sequence number"));
    ss_kinesis_free(k);
}

static void test_unreachable_endpoint_is_a_retriable_transport_error(void **state)
{
    (void)state;
    ss_kinesis *k = client(NOWHERE);
    ss_kinesis_shards shards = {0};
    ss_kinesis_error err;
    assert_int_equal(ss_kinesis_list_shards(k, "s", NULL, 0, &shards, &err), SS_KINESIS_RETRY);
    assert_int_equal(err.http_status, 0);
    assert_string_equal(err.type, "");
    assert_non_null(strstr(err.msg, "kinesis ListShards stream 's': cannot reach " NOWHERE ": "));
    assert_null(strstr(err.msg, SECRET));
    assert_int_equal(shards.n, 0);
    ss_kinesis_shards_free(&shards);
    ss_kinesis_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify_throttling_and_5xx_retry),
        cmocka_unit_test(test_classify_expired_iterator_apart),
        cmocka_unit_test(test_classify_client_errors_fatal),
        cmocka_unit_test(test_missing_credentials_are_named),
        cmocka_unit_test(test_region_and_default_endpoint),
        cmocka_unit_test(test_bad_endpoints_are_refused_without_echoing_passwords),
        cmocka_unit_test(test_put_records_limits_are_checked_before_sending),
        cmocka_unit_test(test_sequence_positions_need_a_sequence_number),
        cmocka_unit_test(test_unreachable_endpoint_is_a_retriable_transport_error),
    };
    return cmocka_run_group_tests(tests, setup_env, NULL);
}
