/* Kinesis Data Streams API client on libcurl and jansson; see kinesis_client.h.
 * Requests are written by hand (they are small, except PutRecords, whose data
 * is base64-encoded straight into the request buffer); answers are parsed
 * with jansson and GetRecords' data decoded into the caller's reused buffer. */
#include "io/kinesis_client.h"
#include "util/base64.h"
#include "util/mem.h"

#include <curl/curl.h>
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* CURLOPT_AWS_SIGV4 appeared in 7.75, CURLOPT_PROTOCOLS_STR in 7.85; 7.88
 * (Debian 12) is what is tested. */
#if LIBCURL_VERSION_NUM < 0x075500
#error "libcurl 7.85 or later is needed"
#endif

/* An answer larger than this is not Kinesis talking: GetRecords returns at
 * most 10 MB of data, about 14 MB once base64-encoded. */
#define MAX_ANSWER (64u << 20)

enum op {
    OP_LIST_SHARDS,
    OP_GET_SHARD_ITERATOR,
    OP_GET_RECORDS,
    OP_PUT_RECORDS,
    OP_CREATE_STREAM,
    OP_DESCRIBE_STREAM_SUMMARY,
    OP_SPLIT_SHARD,
    OP_MERGE_SHARDS,
    OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
    "ListShards", "GetShardIterator", "GetRecords",  "PutRecords",
    "CreateStream", "DescribeStreamSummary", "SplitShard", "MergeShards",
};

struct ss_kinesis {
    CURL *curl;
    char *endpoint; /* as configured, for messages */
    char *url;      /* endpoint with a path */
    char *region;
    char *access_key;
    char *secret_key;    /* secret: never in a message */
    char *session_token; /* secret: never in a message; NULL if none */
    struct curl_slist *headers[OP_COUNT]; /* built on first use of each operation */
    ss_buf req, resp;
    char error_type_header[96]; /* x-amzn-ErrorType of the last answer */
    char curl_error[CURL_ERROR_SIZE];
};

/* ---- errors ---------------------------------------------------------------- */

static const char *const retry_types[] = {
    "ProvisionedThroughputExceededException",
    "LimitExceededException", /* the per-account rate limits of control calls */
    "ThrottlingException",
    "Throttling",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "KMSThrottlingException",
    "InternalFailure",
    "InternalFailureException",
    "InternalServerError",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "RequestTimeout",
    "RequestTimeoutException",
    "ResourceInUseException",     /* the stream is being resharded or updated */
    "ExpiredNextTokenException",  /* list again from the start */
};

static const char *const auth_types[] = {
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "IncompleteSignatureException",
    "MissingAuthenticationToken",
    "MissingAuthenticationTokenException",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "ExpiredTokenException",
};

ss_kinesis_rc ss_kinesis_classify(long http_status, const char *type)
{
    if (type && *type) {
        if (strcmp(type, "ExpiredIteratorException") == 0)
            return SS_KINESIS_EXPIRED;
        for (size_t i = 0; i < sizeof retry_types / sizeof *retry_types; i++)
            if (strcmp(type, retry_types[i]) == 0)
                return SS_KINESIS_RETRY;
    }
    if (http_status == 0 || http_status == 429 || http_status >= 500)
        return SS_KINESIS_RETRY;
    return SS_KINESIS_FATAL;
}

static void vfail(ss_kinesis_error *err, ss_kinesis_rc rc, long status, const char *type, const char *fmt,
                  va_list ap)
{
    err->rc = rc;
    err->http_status = status;
    snprintf(err->type, sizeof err->type, "%s", type ? type : "");
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

static ss_kinesis_rc fail(ss_kinesis_error *err, ss_kinesis_rc rc, long status, const char *type, const char *fmt,
                          ...) __attribute__((format(printf, 5, 6)));
static ss_kinesis_rc fail(ss_kinesis_error *err, ss_kinesis_rc rc, long status, const char *type, const char *fmt,
                          ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(err, rc, status, type, fmt, ap);
    va_end(ap);
    return rc;
}

/* An answer that does not say what Kinesis says it does. */
static ss_kinesis_rc malformed(ss_kinesis_error *err, const char *what, const char *detail)
{
    return fail(err, SS_KINESIS_FATAL, 200, NULL, "kinesis %s: malformed answer: %s", what, detail);
}

static void replace_all(char *s, const char *secret)
{
    size_t n = secret ? strlen(secret) : 0;
    if (n == 0)
        return;
    for (char *p = strstr(s, secret); p; p = strstr(p + 3, secret)) {
        memcpy(p, "***", 3);
        memmove(p + 3, p + n, strlen(p + n) + 1);
    }
}

/* Server messages can quote the request: AWS's InvalidSignatureException
 * spells out the canonical request, session token included, and kinesalite
 * echoes the Authorization header. Keep what comes before such a quote, on
 * one line, and blank the secrets wherever they still appear. */
static void scrub(const ss_kinesis *k, char *s)
{
    static const char *const cut_at[] = {"Authorization=", "Authorization:", "authorization=", "authorization:",
                                         "The Canonical String", "The String-to-Sign", "\n\n"};
    for (size_t i = 0; i < sizeof cut_at / sizeof *cut_at; i++) {
        char *p = strstr(s, cut_at[i]);
        if (p)
            *p = 0;
    }
    for (char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '.'))
        n--;
    s[n] = 0;
    replace_all(s, k->secret_key);
    replace_all(s, k->session_token);
}

/* src[0..len) into dst[size], scrubbed before it is shortened: a secret cut
 * in two would no longer be recognised. (A NUL in src ends it: what follows
 * is dropped, never shown.) */
static void copy_scrubbed(const ss_kinesis *k, char *dst, size_t size, const char *src, size_t len)
{
    char *all = ss_xstrndup(src, len);
    scrub(k, all);
    snprintf(dst, size, "%s", all);
    free(all);
}

/* "com.amazonaws.kinesis#ResourceNotFoundException" and
 * "ResourceNotFoundException:http://internal.amazon.com/..." both name
 * ResourceNotFoundException. */
static void short_type(char *dst, size_t size, const char *t, size_t len)
{
    const char *hash = memchr(t, '#', len);
    if (hash) {
        len -= (size_t)(hash + 1 - t);
        t = hash + 1;
    }
    const char *colon = memchr(t, ':', len);
    if (colon)
        len = (size_t)(colon - t);
    while (len && (t[len - 1] == ' ' || t[len - 1] == '\r' || t[len - 1] == '\n'))
        len--;
    snprintf(dst, size, "%.*s", (int)len, t);
}

/* The error an HTTP answer other than 200 carries: its type from the
 * x-amzn-ErrorType header or the body's __type, its message from the body
 * (JSON, or the XML some front ends send, or the body's start). */
static ss_kinesis_rc http_error(ss_kinesis *k, const char *what, long status, ss_kinesis_error *err)
{
    char type[96] = "", message[400] = "";
    if (k->error_type_header[0])
        short_type(type, sizeof type, k->error_type_header, strlen(k->error_type_header));
    json_t *root = k->resp.len ? json_loadb(k->resp.data, k->resp.len, 0, NULL) : NULL;
    if (json_is_object(root)) {
        const char *t = json_string_value(json_object_get(root, "__type"));
        if (!type[0] && t)
            short_type(type, sizeof type, t, strlen(t));
        json_t *m = json_object_get(root, "message");
        if (!m)
            m = json_object_get(root, "Message");
        if (json_is_string(m))
            copy_scrubbed(k, message, sizeof message, json_string_value(m), json_string_length(m));
    } else if (k->resp.len) {
        const char *body = ss_buf_cstr(&k->resp);
        const char *m = strstr(body, "<Message>");
        if (m) {
            m += strlen("<Message>");
            const char *end = strstr(m, "</Message>");
            copy_scrubbed(k, message, sizeof message, m, end ? (size_t)(end - m) : strlen(m));
        } else {
            copy_scrubbed(k, message, sizeof message, body, k->resp.len);
        }
        if (!type[0] && body[0] == '<' && body[1] != '!' && body[1] != '?') {
            size_t n = strcspn(body + 1, " />\n");
            short_type(type, sizeof type, body + 1, n < 80 ? n : 80);
        }
    }
    json_decref(root);

    ss_kinesis_rc rc = ss_kinesis_classify(status, type);
    const char *hint = "";
    for (size_t i = 0; i < sizeof auth_types / sizeof *auth_types; i++)
        if (strcmp(type, auth_types[i]) == 0)
            hint = " (check the credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN)";
    if (strcmp(type, "AccessDeniedException") == 0)
        hint = " (the credentials in AWS_ACCESS_KEY_ID are not allowed this call)";
    fail(err, rc, status, type, "kinesis %s: HTTP %ld%s%s%s%s%s", what, status, type[0] ? " " : "", type,
         message[0] ? ": " : "", message, hint);
    scrub(k, err->msg);
    return rc;
}

/* ---- transport --------------------------------------------------------------- */

static size_t on_body(char *p, size_t size, size_t n, void *opaque)
{
    ss_kinesis *k = opaque;
    size_t len = size * n;
    if (k->resp.len + len > MAX_ANSWER)
        return 0; /* curl then fails the transfer with CURLE_WRITE_ERROR */
    ss_buf_append(&k->resp, p, len);
    return len;
}

static size_t on_header(char *p, size_t size, size_t n, void *opaque)
{
    ss_kinesis *k = opaque;
    size_t len = size * n;
    static const char name[] = "x-amzn-errortype:";
    if (len > sizeof name - 1 && strncasecmp(p, name, sizeof name - 1) == 0) {
        const char *v = p + sizeof name - 1;
        size_t vlen = len - (sizeof name - 1);
        while (vlen && (*v == ' ' || *v == '\t'))
            v++, vlen--;
        short_type(k->error_type_header, sizeof k->error_type_header, v, vlen);
    }
    return len;
}

static struct curl_slist *op_headers(ss_kinesis *k, enum op op)
{
    if (k->headers[op])
        return k->headers[op];
    char line[256];
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/x-amz-json-1.1");
    snprintf(line, sizeof line, "X-Amz-Target: Kinesis_20131202.%s", op_names[op]);
    h = curl_slist_append(h, line);
    if (k->session_token) {
        ss_buf tok = {0};
        ss_buf_printf(&tok, "X-Amz-Security-Token: %s", k->session_token);
        h = curl_slist_append(h, ss_buf_cstr(&tok));
        explicit_bzero(tok.data, tok.cap);
        ss_buf_free(&tok);
    }
    if (!h) {
        fprintf(stderr, "streamsql: error: out of memory\n");
        abort();
    }
    k->headers[op] = h;
    return h;
}

/* Sends k->req as `op` and, on HTTP 200, parses the answer into *root (which
 * may be NULL when the caller wants nothing from it). `what` names the call
 * in messages: "ListShards stream 'orders'". */
static ss_kinesis_rc call(ss_kinesis *k, enum op op, const char *what, json_t **root, ss_kinesis_error *err)
{
    if (root)
        *root = NULL;
    ss_buf_clear(&k->resp);
    k->error_type_header[0] = 0;
    k->curl_error[0] = 0;
    curl_easy_setopt(k->curl, CURLOPT_HTTPHEADER, op_headers(k, op));
    curl_easy_setopt(k->curl, CURLOPT_POSTFIELDS, k->req.data ? k->req.data : "");
    curl_easy_setopt(k->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)k->req.len);
    CURLcode rc = curl_easy_perform(k->curl);
    if (rc != CURLE_OK) {
        const char *why = k->curl_error[0] ? k->curl_error : curl_easy_strerror(rc);
        if (rc == CURLE_WRITE_ERROR && k->resp.len + CURL_MAX_WRITE_SIZE > MAX_ANSWER)
            return fail(err, SS_KINESIS_FATAL, 0, NULL, "kinesis %s: answer from %s larger than %u MB", what,
                        k->endpoint, MAX_ANSWER >> 20);
        /* Waiting does not mend a bad URL or a certificate that does not verify. */
        ss_kinesis_rc cls = SS_KINESIS_RETRY;
        if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_PEER_FAILED_VERIFICATION ||
            rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_CERTPROBLEM || rc == CURLE_NOT_BUILT_IN)
            cls = SS_KINESIS_FATAL;
        fail(err, cls, 0, NULL, "kinesis %s: cannot reach %s: %s", what, k->endpoint, why);
        scrub(k, err->msg);
        return cls;
    }
    long status = 0;
    curl_easy_getinfo(k->curl, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200)
        return http_error(k, what, status, err);
    if (!root)
        return SS_KINESIS_OK;
    json_error_t jerr;
    *root = json_loadb(k->resp.data ? k->resp.data : "", k->resp.len, 0, &jerr);
    if (!json_is_object(*root)) {
        json_decref(*root);
        *root = NULL;
        return malformed(err, what, k->resp.len ? jerr.text : "empty body");
    }
    return SS_KINESIS_OK;
}

/* ---- request writing ---------------------------------------------------------------- */

static void put_json_str(ss_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    ss_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            ss_buf_putc(b, '\\');
            ss_buf_putc(b, (char)*p);
        } else if (*p < 0x20) {
            char u[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
            ss_buf_append(b, u, 6);
        } else {
            ss_buf_putc(b, (char)*p);
        }
    }
    ss_buf_putc(b, '"');
}

/* Starts k->req as {"KEY":"VALUE" */
/* KINESIS_STREAM may be an ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME),
 * as KDA's input descriptions give it; the API's StreamName is its last part
 * (StreamARN is newer than some endpoints, kinesalite among them). */
static const char *stream_name(const char *stream)
{
    const char *slash;
    if (strncmp(stream, "arn:", 4) == 0 && (slash = strstr(stream, ":stream/")) != NULL)
        return slash + strlen(":stream/");
    return stream;
}

static void begin_req(ss_kinesis *k, const char *key, const char *value)
{
    ss_buf_clear(&k->req);
    ss_buf_printf(&k->req, "{\"%s\":", key);
    put_json_str(&k->req, strcmp(key, "StreamName") == 0 ? stream_name(value) : value);
}

static void add_str(ss_kinesis *k, const char *key, const char *value)
{
    ss_buf_printf(&k->req, ",\"%s\":", key);
    put_json_str(&k->req, value);
}

static void end_req(ss_kinesis *k)
{
    ss_buf_putc(&k->req, '}');
}

/* ---- answer reading ------------------------------------------------------------ */

/* Copies the string member `key` of obj into dst[size]. A missing member
 * gives "" unless `required`; a member of another type or too long is a
 * malformed answer. */
static bool get_str(json_t *obj, const char *key, bool required, char *dst, size_t size, const char *what,
                    ss_kinesis_error *err)
{
    json_t *v = json_object_get(obj, key);
    dst[0] = 0;
    if (!v || json_is_null(v)) {
        if (!required)
            return true;
        char detail[96];
        snprintf(detail, sizeof detail, "no %s", key);
        malformed(err, what, detail);
        return false;
    }
    if (!json_is_string(v) || json_string_length(v) >= size) {
        char detail[96];
        snprintf(detail, sizeof detail, "%s is not a string of at most %zu characters", key, size - 1);
        malformed(err, what, detail);
        return false;
    }
    memcpy(dst, json_string_value(v), json_string_length(v) + 1);
    return true;
}

/* ---- client ----------------------------------------------------------------------- */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc;
static void init_curl(void) { curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT); }

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* Region names go into curl's "aws:amz:REGION:kinesis" and into a host name. */
static bool valid_region(const char *r)
{
    if (!*r || strlen(r) > 40)
        return false;
    for (const char *p = r; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    return true;
}

static void free_secret(char *s)
{
    if (s) {
        explicit_bzero(s, strlen(s));
        free(s);
    }
}

void ss_kinesis_free(ss_kinesis *k)
{
    if (!k)
        return;
    if (k->curl)
        curl_easy_cleanup(k->curl);
    for (int i = 0; i < OP_COUNT; i++)
        curl_slist_free_all(k->headers[i]);
    free(k->endpoint);
    free(k->url);
    free(k->region);
    free(k->access_key);
    free_secret(k->secret_key);
    free_secret(k->session_token);
    ss_buf_free(&k->req);
    ss_buf_free(&k->resp);
    free(k);
}

ss_kinesis *ss_kinesis_new(const ss_kinesis_config *cfg, ss_kinesis_error *err)
{
    static const ss_kinesis_config defaults = {0};
    if (!cfg)
        cfg = &defaults;
    pthread_once(&curl_once, init_curl);
    if (curl_init_rc != CURLE_OK) {
        fail(err, SS_KINESIS_FATAL, 0, NULL, "kinesis: libcurl cannot start: %s", curl_easy_strerror(curl_init_rc));
        return NULL;
    }
    const char *akid = env("AWS_ACCESS_KEY_ID"), *secret = env("AWS_SECRET_ACCESS_KEY");
    if (!akid || !secret) {
        fail(err, SS_KINESIS_FATAL, 0, NULL,
             "kinesis: no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
             "(and AWS_SESSION_TOKEN for temporary ones)");
        return NULL;
    }
    const char *endpoint = cfg->endpoint && *cfg->endpoint ? cfg->endpoint : NULL;
    const char *region = cfg->region && *cfg->region ? cfg->region : env("AWS_REGION");
    if (!region)
        region = env("AWS_DEFAULT_REGION");
    if (!region && !endpoint) {
        fail(err, SS_KINESIS_FATAL, 0, NULL,
             "kinesis: no region: set KINESIS_REGION, AWS_REGION or AWS_DEFAULT_REGION, or KINESIS_ENDPOINT");
        return NULL;
    }
    if (!region)
        region = "us-east-1";
    if (!valid_region(region)) {
        fail(err, SS_KINESIS_FATAL, 0, NULL, "kinesis: region '%.64s' is not a region name", region);
        return NULL;
    }

    ss_kinesis *k = ss_xcalloc(1, sizeof *k);
    k->region = ss_xstrdup(region);
    if (endpoint) {
        const char *rest = strncmp(endpoint, "https://", 8) == 0  ? endpoint + 8
                           : strncmp(endpoint, "http://", 7) == 0 ? endpoint + 7
                                                                  : NULL;
        size_t authority = rest ? strcspn(rest, "/?#") : 0;
        /* User info would be a credential in every message that names the endpoint. */
        if (!rest || authority == 0 || memchr(rest, '@', authority)) {
            fail(err, SS_KINESIS_FATAL, 0, NULL,
                 "kinesis: endpoint must be http://HOST[:PORT] or https://HOST[:PORT], without user info");
            ss_kinesis_free(k);
            return NULL;
        }
        k->endpoint = ss_xstrdup(endpoint);
        ss_buf url = {0};
        ss_buf_puts(&url, endpoint);
        if (!rest[authority])
            ss_buf_putc(&url, '/');
        k->url = ss_xstrdup(ss_buf_cstr(&url));
        ss_buf_free(&url);
    } else {
        ss_buf url = {0};
        ss_buf_printf(&url, "https://kinesis.%s.amazonaws.com", region);
        k->endpoint = ss_xstrdup(ss_buf_cstr(&url));
        ss_buf_putc(&url, '/');
        k->url = ss_xstrdup(ss_buf_cstr(&url));
        ss_buf_free(&url);
    }
    k->access_key = ss_xstrdup(akid);
    k->secret_key = ss_xstrdup(secret);
    k->session_token = env("AWS_SESSION_TOKEN") ? ss_xstrdup(env("AWS_SESSION_TOKEN")) : NULL;

    k->curl = curl_easy_init();
    if (!k->curl) {
        fail(err, SS_KINESIS_FATAL, 0, NULL, "kinesis: libcurl cannot make a handle");
        ss_kinesis_free(k);
        return NULL;
    }
    char sigv4[96];
    snprintf(sigv4, sizeof sigv4, "aws:amz:%s:kinesis", k->region);
    CURL *c = k->curl;
    curl_easy_setopt(c, CURLOPT_URL, k->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_AWS_SIGV4, sigv4);
    curl_easy_setopt(c, CURLOPT_USERNAME, k->access_key);
    curl_easy_setopt(c, CURLOPT_PASSWORD, k->secret_key);
    /* Kinesis' JSON calls are HTTP/1.1 calls; HTTP/2 buys nothing over one
     * kept-alive connection per client. */
    curl_easy_setopt(c, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "streamsql/" SS_VERSION);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L); /* timeouts without SIGALRM: safe in threads */
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(c, CURLOPT_TCP_NODELAY, 1L);
    /* Bodies over 1 MB ask for "100 Continue" first. Suppressing that with an
     * empty "Expect:" header is no way out: curl 7.88 signs the header it
     * then leaves out, and every such request fails its signature check. A
     * server that never answers 100 costs this much instead of curl's 1 s. */
    curl_easy_setopt(c, CURLOPT_EXPECT_100_TIMEOUT_MS, 200L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms : 5000L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, cfg->timeout_ms > 0 ? cfg->timeout_ms : 30000L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, k->curl_error);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, k);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, k);
    return k;
}

const char *ss_kinesis_endpoint(const ss_kinesis *k) { return k->endpoint; }
const char *ss_kinesis_region(const ss_kinesis *k) { return k->region; }

/* ---- ListShards ----------------------------------------------------------------- */

void ss_kinesis_shards_free(ss_kinesis_shards *s)
{
    free(s->items);
    s->items = NULL;
    s->n = s->cap = 0;
}

static bool parse_shard(json_t *js, ss_kinesis_shard *s, const char *what, ss_kinesis_error *err)
{
    json_t *hash = json_object_get(js, "HashKeyRange");
    json_t *seq = json_object_get(js, "SequenceNumberRange");
    if (!json_is_object(js) || !json_is_object(hash) || !json_is_object(seq)) {
        malformed(err, what, "a shard without HashKeyRange or SequenceNumberRange");
        return false;
    }
    return get_str(js, "ShardId", true, s->id, sizeof s->id, what, err) &&
           get_str(js, "ParentShardId", false, s->parent, sizeof s->parent, what, err) &&
           get_str(js, "AdjacentParentShardId", false, s->adjacent_parent, sizeof s->adjacent_parent, what, err) &&
           get_str(hash, "StartingHashKey", true, s->hash_start, sizeof s->hash_start, what, err) &&
           get_str(hash, "EndingHashKey", true, s->hash_end, sizeof s->hash_end, what, err) &&
           get_str(seq, "StartingSequenceNumber", true, s->seq_start, sizeof s->seq_start, what, err) &&
           get_str(seq, "EndingSequenceNumber", false, s->seq_end, sizeof s->seq_end, what, err);
}

ss_kinesis_rc ss_kinesis_list_shards(ss_kinesis *k, const char *stream, const char *after_shard_id, int page_size,
                                     ss_kinesis_shards *out, ss_kinesis_error *err)
{
    char what[200];
    snprintf(what, sizeof what, "ListShards stream '%s'", stream);
    char *token = NULL;
    int restarts = 0;
    ss_kinesis_rc rc = SS_KINESIS_OK;
    out->n = 0;
    for (int page = 0;; page++) {
        /* A NextToken stands for the stream and the first call's filters;
         * AWS refuses StreamName beside it. */
        if (token) {
            begin_req(k, "NextToken", token);
        } else {
            begin_req(k, "StreamName", stream);
            if (after_shard_id && *after_shard_id)
                add_str(k, "ExclusiveStartShardId", after_shard_id);
        }
        if (page_size > 0)
            ss_buf_printf(&k->req, ",\"MaxResults\":%d", page_size);
        end_req(k);
        json_t *root;
        rc = call(k, OP_LIST_SHARDS, what, &root, err);
        if (rc == SS_KINESIS_RETRY && token && strcmp(err->type, "ExpiredNextTokenException") == 0 &&
            restarts++ < 3) {
            /* Tokens live 300 s; a listing that took longer starts over. */
            free(token);
            token = NULL;
            out->n = 0;
            continue;
        }
        if (rc != SS_KINESIS_OK)
            break;
        json_t *shards = json_object_get(root, "Shards");
        if (!json_is_array(shards)) {
            rc = malformed(err, what, "no Shards array");
            json_decref(root);
            break;
        }
        size_t i;
        json_t *js;
        json_array_foreach(shards, i, js)
        {
            SS_GROW(out->items, out->cap, out->n + 1);
            if (!parse_shard(js, &out->items[out->n], what, err)) {
                rc = SS_KINESIS_FATAL;
                break;
            }
            out->n++;
        }
        const char *next = json_string_value(json_object_get(root, "NextToken"));
        bool same = next && token && strcmp(next, token) == 0;
        free(token);
        token = next && *next && rc == SS_KINESIS_OK ? ss_xstrdup(next) : NULL;
        json_decref(root);
        if (rc != SS_KINESIS_OK || !token)
            break;
        /* A token that does not move, or an endless listing, would loop forever. */
        if (same || page > 100000) {
            rc = malformed(err, what, "NextToken does not advance");
            break;
        }
    }
    free(token);
    if (rc != SS_KINESIS_OK)
        out->n = 0;
    return rc;
}

/* ---- GetShardIterator ------------------------------------------------------------- */

const char *ss_kinesis_start_name(ss_kinesis_start type)
{
    switch (type) {
    case SS_KINESIS_TRIM_HORIZON: return "TRIM_HORIZON";
    case SS_KINESIS_LATEST: return "LATEST";
    case SS_KINESIS_AT_TIMESTAMP: return "AT_TIMESTAMP";
    case SS_KINESIS_AT_SEQUENCE_NUMBER: return "AT_SEQUENCE_NUMBER";
    case SS_KINESIS_AFTER_SEQUENCE_NUMBER: return "AFTER_SEQUENCE_NUMBER";
    }
    return "?";
}

ss_kinesis_rc ss_kinesis_get_shard_iterator(ss_kinesis *k, const char *stream, const char *shard_id,
                                            const ss_kinesis_position *pos, char iterator[SS_KINESIS_ITERATOR_SIZE],
                                            ss_kinesis_error *err)
{
    char what[320];
    snprintf(what, sizeof what, "GetShardIterator stream '%s' shard %s %s", stream, shard_id,
             ss_kinesis_start_name(pos->type));
    begin_req(k, "StreamName", stream);
    add_str(k, "ShardId", shard_id);
    add_str(k, "ShardIteratorType", ss_kinesis_start_name(pos->type));
    if (pos->type == SS_KINESIS_AT_SEQUENCE_NUMBER || pos->type == SS_KINESIS_AFTER_SEQUENCE_NUMBER) {
        if (!pos->sequence || !*pos->sequence)
            return fail(err, SS_KINESIS_FATAL, 0, NULL, "kinesis %s: no sequence number", what);
        add_str(k, "StartingSequenceNumber", pos->sequence);
    } else if (pos->type == SS_KINESIS_AT_TIMESTAMP) {
        /* Epoch seconds with the milliseconds as a fraction, exactly: no double. */
        int64_t ms = pos->timestamp_ms, sec = ms / 1000, frac = ms % 1000;
        if (frac < 0)
            frac += 1000, sec -= 1;
        ss_buf_printf(&k->req, ",\"Timestamp\":%lld.%03lld", (long long)sec, (long long)frac);
    }
    end_req(k);
    json_t *root;
    ss_kinesis_rc rc = call(k, OP_GET_SHARD_ITERATOR, what, &root, err);
    if (rc != SS_KINESIS_OK)
        return rc;
    if (!get_str(root, "ShardIterator", true, iterator, SS_KINESIS_ITERATOR_SIZE, what, err))
        rc = SS_KINESIS_FATAL;
    json_decref(root);
    return rc;
}

/* ---- GetRecords --------------------------------------------------------------------- */

void ss_kinesis_records_free(ss_kinesis_records *r)
{
    free(r->items);
    ss_buf_free(&r->buf);
    r->items = NULL;
    r->n = r->cap = 0;
}

ss_kinesis_rc ss_kinesis_get_records(ss_kinesis *k, const char *iterator, int limit, ss_kinesis_records *out,
                                     ss_kinesis_error *err)
{
    static const char what[] = "GetRecords";
    out->n = 0;
    begin_req(k, "ShardIterator", iterator);
    if (limit > 0)
        ss_buf_printf(&k->req, ",\"Limit\":%d", limit);
    end_req(k);
    json_t *root;
    ss_kinesis_rc rc = call(k, OP_GET_RECORDS, what, &root, err);
    if (rc != SS_KINESIS_OK)
        return rc;
    json_t *recs = json_object_get(root, "Records");
    json_t *next = json_object_get(root, "NextShardIterator");
    json_t *behind = json_object_get(root, "MillisBehindLatest");
    if (!json_is_array(recs)) {
        json_decref(root);
        return malformed(err, what, "no Records array");
    }
    if (next && !json_is_null(next) &&
        (!json_is_string(next) || json_string_length(next) == 0 ||
         json_string_length(next) >= SS_KINESIS_ITERATOR_SIZE)) {
        json_decref(root);
        return malformed(err, what, "NextShardIterator is not an iterator");
    }

    /* Room for every record's bytes and strings at once, so that pointers
     * into the buffer stay valid while it fills. */
    size_t need = 0, i;
    json_t *r;
    json_array_foreach(recs, i, r)
    {
        need += ss_base64_decoded_max(json_string_length(json_object_get(r, "Data"))) +
                json_string_length(json_object_get(r, "PartitionKey")) +
                json_string_length(json_object_get(r, "SequenceNumber")) + 3;
    }
    ss_buf_clear(&out->buf);
    ss_buf_reserve(&out->buf, need);
    SS_GROW(out->items, out->cap, json_array_size(recs));

    json_array_foreach(recs, i, r)
    {
        json_t *data = json_object_get(r, "Data"), *pk = json_object_get(r, "PartitionKey"),
               *seq = json_object_get(r, "SequenceNumber"), *at = json_object_get(r, "ApproximateArrivalTimestamp");
        if (!json_is_string(data) || !json_is_string(pk) || !json_is_string(seq)) {
            json_decref(root);
            return malformed(err, what, "a record without Data, PartitionKey or SequenceNumber");
        }
        ss_kinesis_record *rec = &out->items[i];
        char *dst = out->buf.data + out->buf.len;
        if (!ss_base64_decode(json_string_value(data), json_string_length(data), dst, &rec->len)) {
            char detail[200];
            snprintf(detail, sizeof detail, "record %.130s: Data is not base64", json_string_value(seq));
            json_decref(root);
            return malformed(err, what, detail);
        }
        rec->data = dst;
        dst[rec->len] = 0;
        out->buf.len += rec->len + 1;
        rec->partition_key = out->buf.data + out->buf.len;
        ss_buf_append(&out->buf, json_string_value(pk), json_string_length(pk) + 1);
        rec->sequence = out->buf.data + out->buf.len;
        ss_buf_append(&out->buf, json_string_value(seq), json_string_length(seq) + 1);
        /* Epoch seconds with a fraction; 1.7e9 s has room for far more than
         * millisecond precision in a double. */
        rec->arrival_ms = json_is_number(at) ? llround(json_number_value(at) * 1000.0) : 0;
    }
    out->n = json_array_size(recs);
    if (json_is_string(next)) {
        memcpy(out->next_iterator, json_string_value(next), json_string_length(next) + 1);
        out->shard_end = false;
    } else {
        out->next_iterator[0] = 0;
        out->shard_end = true;
    }
    out->millis_behind = json_is_integer(behind) ? (int64_t)json_integer_value(behind) : -1;
    json_decref(root);
    return SS_KINESIS_OK;
}

/* ---- PutRecords ---------------------------------------------------------------------- */

size_t ss_kinesis_put_entry_size(const ss_kinesis_put_entry *e)
{
    return e->len + (e->partition_key ? strlen(e->partition_key) : 0);
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

ss_kinesis_rc ss_kinesis_put_records(ss_kinesis *k, const char *stream, const ss_kinesis_put_entry *entries,
                                     size_t n, ss_kinesis_put_result *results, size_t *failed,
                                     ss_kinesis_error *err)
{
    char what[200];
    snprintf(what, sizeof what, "PutRecords stream '%s'", stream);
    *failed = 0;
    if (n == 0 || n > SS_KINESIS_PUT_MAX_RECORDS)
        return fail(err, SS_KINESIS_FATAL, 0, NULL, "kinesis %s: %zu records in one call (1 to %d)", what, n,
                    SS_KINESIS_PUT_MAX_RECORDS);
    size_t total = 0, encoded = 0;
    for (size_t i = 0; i < n; i++) {
        const ss_kinesis_put_entry *e = &entries[i];
        size_t chars = e->partition_key ? utf8_chars(e->partition_key) : 0;
        if (chars == 0 || chars > SS_KINESIS_PARTITION_KEY_MAX)
            return fail(err, SS_KINESIS_FATAL, 0, NULL,
                        "kinesis %s: record %zu: partition key of %zu characters (1 to %d)", what, i, chars,
                        SS_KINESIS_PARTITION_KEY_MAX);
        size_t size = ss_kinesis_put_entry_size(e);
        if (size > SS_KINESIS_RECORD_MAX_BYTES)
            return fail(err, SS_KINESIS_FATAL, 0, NULL,
                        "kinesis %s: record %zu: %zu bytes with its partition key (at most %u)", what, i, size,
                        SS_KINESIS_RECORD_MAX_BYTES);
        total += size;
        encoded += ss_base64_encoded_len(e->len) + strlen(e->partition_key) * 6 + 64 +
                   (e->explicit_hash_key ? strlen(e->explicit_hash_key) + 24 : 0);
    }
    if (total > SS_KINESIS_PUT_MAX_BYTES)
        return fail(err, SS_KINESIS_FATAL, 0, NULL, "kinesis %s: %zu bytes in one call (at most %u)", what, total,
                    SS_KINESIS_PUT_MAX_BYTES);

    begin_req(k, "StreamName", stream);
    ss_buf_reserve(&k->req, encoded + 16);
    ss_buf_puts(&k->req, ",\"Records\":[");
    for (size_t i = 0; i < n; i++) {
        const ss_kinesis_put_entry *e = &entries[i];
        ss_buf_puts(&k->req, i ? ",{\"Data\":\"" : "{\"Data\":\"");
        size_t m = ss_base64_encoded_len(e->len);
        ss_buf_reserve(&k->req, m);
        k->req.len += ss_base64_encode(e->data, e->len, k->req.data + k->req.len);
        ss_buf_puts(&k->req, "\",\"PartitionKey\":");
        put_json_str(&k->req, e->partition_key);
        if (e->explicit_hash_key) {
            ss_buf_puts(&k->req, ",\"ExplicitHashKey\":");
            put_json_str(&k->req, e->explicit_hash_key);
        }
        ss_buf_putc(&k->req, '}');
    }
    ss_buf_puts(&k->req, "]}");

    json_t *root;
    ss_kinesis_rc rc = call(k, OP_PUT_RECORDS, what, &root, err);
    if (rc != SS_KINESIS_OK)
        return rc;
    json_t *recs = json_object_get(root, "Records");
    if (!json_is_array(recs) || json_array_size(recs) != n) {
        json_decref(root);
        return malformed(err, what, "Records does not have one result per record");
    }
    size_t i;
    json_t *r;
    json_array_foreach(recs, i, r)
    {
        ss_kinesis_put_result *res = &results[i];
        if (!get_str(r, "ErrorCode", false, res->error_code, sizeof res->error_code, what, err) ||
            !get_str(r, "ShardId", false, res->shard_id, sizeof res->shard_id, what, err) ||
            !get_str(r, "SequenceNumber", false, res->sequence, sizeof res->sequence, what, err)) {
            json_decref(root);
            return SS_KINESIS_FATAL;
        }
        json_t *m = json_object_get(r, "ErrorMessage");
        copy_scrubbed(k, res->error_message, sizeof res->error_message, json_is_string(m) ? json_string_value(m) : "",
                      json_string_length(m));
        if (res->error_code[0]) {
            res->rc = ss_kinesis_classify(200, res->error_code);
            ++*failed;
        } else if (!res->sequence[0]) {
            json_decref(root);
            return malformed(err, what, "a record with neither SequenceNumber nor ErrorCode");
        } else {
            res->rc = SS_KINESIS_OK;
        }
    }
    json_decref(root);
    return SS_KINESIS_OK;
}

/* ---- administration ---------------------------------------------------------------- */

ss_kinesis_rc ss_kinesis_create_stream(ss_kinesis *k, const char *stream, int shards, ss_kinesis_error *err)
{
    char what[200];
    snprintf(what, sizeof what, "CreateStream stream '%s'", stream);
    begin_req(k, "StreamName", stream);
    ss_buf_printf(&k->req, ",\"ShardCount\":%d", shards);
    end_req(k);
    return call(k, OP_CREATE_STREAM, what, NULL, err);
}

ss_kinesis_rc ss_kinesis_describe_stream_summary(ss_kinesis *k, const char *stream, char status[32],
                                                 int *open_shards, ss_kinesis_error *err)
{
    char what[200];
    snprintf(what, sizeof what, "DescribeStreamSummary stream '%s'", stream);
    begin_req(k, "StreamName", stream);
    end_req(k);
    json_t *root;
    ss_kinesis_rc rc = call(k, OP_DESCRIBE_STREAM_SUMMARY, what, &root, err);
    if (rc != SS_KINESIS_OK)
        return rc;
    json_t *sum = json_object_get(root, "StreamDescriptionSummary");
    json_t *open = json_object_get(sum, "OpenShardCount");
    if (!json_is_object(sum) || !get_str(sum, "StreamStatus", true, status, 32, what, err))
        rc = json_is_object(sum) ? SS_KINESIS_FATAL : malformed(err, what, "no StreamDescriptionSummary");
    else
        *open_shards = json_is_integer(open) ? (int)json_integer_value(open) : -1;
    json_decref(root);
    return rc;
}

ss_kinesis_rc ss_kinesis_split_shard(ss_kinesis *k, const char *stream, const char *shard_id,
                                     const char *new_starting_hash_key, ss_kinesis_error *err)
{
    char what[320];
    snprintf(what, sizeof what, "SplitShard stream '%s' shard %s", stream, shard_id);
    begin_req(k, "StreamName", stream);
    add_str(k, "ShardToSplit", shard_id);
    add_str(k, "NewStartingHashKey", new_starting_hash_key);
    end_req(k);
    return call(k, OP_SPLIT_SHARD, what, NULL, err);
}

ss_kinesis_rc ss_kinesis_merge_shards(ss_kinesis *k, const char *stream, const char *shard_id,
                                      const char *adjacent_shard_id, ss_kinesis_error *err)
{
    char what[400];
    snprintf(what, sizeof what, "MergeShards stream '%s' shards %s and %s", stream, shard_id, adjacent_shard_id);
    begin_req(k, "StreamName", stream);
    add_str(k, "ShardToMerge", shard_id);
    add_str(k, "AdjacentShardToMerge", adjacent_shard_id);
    end_req(k);
    return call(k, OP_MERGE_SHARDS, what, NULL, err);
}
