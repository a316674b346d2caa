/* The 'ticker' and 'nexmark' generators; see generator.h.
 *
 * Each row is first made in the generator's own schema (a scratch row), then
 * copied or cast into the declared columns. Every field is made whether or
 * not it is declared, so the random stream, and with it every value, depends
 * only on the seed and the row number: declaring fewer columns, or other
 * types, never changes the values of the others. Randomness is xoshiro256**
 * seeded with splitmix64, and the arithmetic is integer or plain IEEE double
 * (the one libm call, pow in Nexmark prices, is correctly rounded in glibc),
 * so rows are the same on every machine. */
#include "io/generator.h"
#include "util/arena.h"
#include "util/mem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- randomness --------------------------------------------------------- */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n), n > 0 (Lemire's multiply-shift; the bias is below
 * n / 2^64). */
static inline uint64_t rng_below(rng *r, uint64_t n)
{
    return (uint64_t)(((unsigned __int128)rng_next(r) * n) >> 64);
}

/* Uniform in [0, 1), 53 bits. */
static inline double rng_unit(rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* ---- schemas -------------------------------------------------------------- */

#define T(k) {(uint8_t)(k), 0, 0, 0}
#define VC(n) {(uint8_t)SS_T_VARCHAR, 0, 0, (n)}

enum { TK_SYMBOL, TK_SECTOR, TK_CHANGE, TK_PRICE, TK_EVENT_TIME, TK__COUNT };

static const ss_gen_column ticker_schema[] = {
    {"TICKER_SYMBOL", VC(4)},
    {"SECTOR", VC(16)},
    {"CHANGE", T(SS_T_REAL)},
    {"PRICE", T(SS_T_REAL)},
    {"EVENT_TIME", T(SS_T_TIMESTAMP)},
    {NULL, T(SS_T_UNKNOWN)},
};

/* Nexmark, flattened as Flink's nexmark datagen does: EVENT_TYPE 0 person,
 * 1 auction, 2 bid; the fields of the other two kinds are NULL. Row i is
 * Nexmark event id i: in each block of 50 events, event 0 is a person, 1-3
 * auctions, 4-49 bids. Person and auction ids count up from 1000; a bid is
 * for the newest "hot" auction (the first of the last 100) half the time,
 * else for one of the last 100 auctions (or up to 10 not yet made); bidders
 * and sellers are a hot person 3 times in 4, else one of the last 1000
 * persons (or up to 10 ahead).
 * INITIAL_BID and PRICE are cents, log-uniform in [1, 10^6) dollars, and
 * RESERVE is INITIAL_BID plus another such price; EXPIRES averages the time 100 auctions later; half of all bids
 * come from four hot channels. EXTRA pads each kind to Nexmark's average
 * record size (person 200, auction 500, bid 100 bytes). */
enum {
    NX_EVENT_TYPE,
    NX_PERSON_ID, NX_NAME, NX_EMAIL, NX_CREDIT_CARD, NX_CITY, NX_STATE,
    NX_AUCTION_ID, NX_ITEM_NAME, NX_DESCRIPTION, NX_INITIAL_BID, NX_RESERVE, NX_EXPIRES, NX_SELLER, NX_CATEGORY,
    NX_BIDDER, NX_PRICE, NX_CHANNEL, NX_URL, NX_AUCTION,
    NX_DATE_TIME, NX_EXTRA,
    NX__COUNT
};

static const ss_gen_column nexmark_schema[] = {
    {"EVENT_TYPE", T(SS_T_INTEGER)},
    {"PERSON_ID", T(SS_T_BIGINT)},
    {"NAME", VC(16)},
    {"EMAIL_ADDRESS", VC(24)},
    {"CREDIT_CARD", VC(19)},
    {"CITY", VC(16)},
    {"STATE", VC(2)},
    {"AUCTION_ID", T(SS_T_BIGINT)},
    {"ITEM_NAME", VC(24)},
    {"DESCRIPTION", VC(128)},
    {"INITIAL_BID", T(SS_T_BIGINT)},
    {"RESERVE", T(SS_T_BIGINT)},
    {"EXPIRES", T(SS_T_TIMESTAMP)},
    {"SELLER", T(SS_T_BIGINT)},
    {"CATEGORY", T(SS_T_BIGINT)},
    {"BIDDER", T(SS_T_BIGINT)},
    {"PRICE", T(SS_T_BIGINT)},
    {"CHANNEL", VC(16)},
    {"URL", VC(128)},
    {"AUCTION", T(SS_T_BIGINT)},
    {"DATE_TIME", T(SS_T_TIMESTAMP)},
    {"EXTRA", VC(1024)},
    {NULL, T(SS_T_UNKNOWN)},
};

typedef enum gen_kind { GEN_TICKER, GEN_NEXMARK } gen_kind;

static const struct {
    const char *name;
    const ss_gen_column *cols;
    int ncols;
} kinds[] = {
    [GEN_TICKER] = {"ticker", ticker_schema, TK__COUNT},
    [GEN_NEXMARK] = {"nexmark", nexmark_schema, NX__COUNT},
};

static int find_kind(const char *kind)
{
    for (int k = 0; k < (int)(sizeof kinds / sizeof kinds[0]); k++)
        if (kind && strcasecmp(kind, kinds[k].name) == 0)
            return k;
    return -1;
}

int ss_generator_schema(const char *kind, const ss_gen_column **cols)
{
    int k = find_kind(kind);
    if (k < 0)
        return -1;
    if (cols)
        *cols = kinds[k].cols;
    return kinds[k].ncols;
}

/* ---- ticker data -------------------------------------------------------- */

/* Ordered by how busy the symbol is: symbol r gets weight 1/(r+1). The
 * sectors are those of the KDA demo stream; the first eleven symbols are the
 * ones of examples/data/ticker.jsonl. */
static const struct {
    const char *symbol, *sector;
    int64_t base_cents;
} tickers[] = {
    {"ABCD", "TECHNOLOGY", 12000}, {"OILY", "ENERGY", 5500},     {"HLTH", "HEALTHCARE", 7200},
    {"BNKR", "FINANCIAL", 8800},   {"SHOP", "RETAIL", 6400},     {"QRS", "TECHNOLOGY", 4850},
    {"CARZ", "AUTOMOBILE", 4500},  {"NVX", "TECHNOLOGY", 31000}, {"SOLR", "ENERGY", 1240},
    {"MDX", "HEALTHCARE", 1980},   {"FINX", "FINANCIAL", 14000}, {"GRCR", "RETAIL", 2300},
    {"EVX", "AUTOMOBILE", 21000},  {"AAPL", "TECHNOLOGY", 19000}, {"PPL", "ENERGY", 3000},
    {"QXZ", "HEALTHCARE", 8451},   {"BAC", "FINANCIAL", 3500},   {"WMT", "RETAIL", 6000},
    {"MSFT", "TECHNOLOGY", 41000}, {"KIN", "ENERGY", 1800},      {"UHN", "HEALTHCARE", 26000},
    {"WSB", "FINANCIAL", 2200},    {"AMZN", "RETAIL", 18000},    {"TRK", "AUTOMOBILE", 3300},
    {"CRM", "TECHNOLOGY", 25000},  {"DEG", "ENERGY", 4200},      {"CVS", "HEALTHCARE", 7000},
    {"JKL", "FINANCIAL", 1500},    {"NFLX", "TECHNOLOGY", 48000}, {"WHL", "AUTOMOBILE", 975},
};
#define NTICKERS ((int)(sizeof tickers / sizeof tickers[0]))

/* Symbol choice: a table of 2^12 slots, symbol r holding a share of them
 * proportional to 1/(r+1); a row takes the slot named by 12 random bits. */
#define PICK_BITS 12
#define PICK_SLOTS (1u << PICK_BITS)

/* Per-tick volatility and pull back to the base price: the walk wanders
 * about +-7% around its base (stationary sd ~ SIGMA / sqrt(2 * REVERT)). */
#define TICK_SIGMA 0.003
#define TICK_REVERT 0.001

/* ---- nexmark constants (Flink's nexmark GeneratorConfig defaults) ---------- */

#define NX_PERSON_PROPORTION 1
#define NX_AUCTION_PROPORTION 3
#define NX_TOTAL_PROPORTION 50 /* 1 person : 3 auctions : 46 bids */
#define NX_FIRST_PERSON_ID 1000
#define NX_FIRST_AUCTION_ID 1000
#define NX_FIRST_CATEGORY_ID 10
#define NX_NUM_CATEGORIES 5
#define NX_ACTIVE_PEOPLE 1000
#define NX_IN_FLIGHT_AUCTIONS 100
#define NX_HOT_AUCTION_RATIO 2 /* a bid is for a hot auction with p = 1 - 1/2 */
#define NX_HOT_SELLER_RATIO 4
#define NX_HOT_BIDDER_RATIO 4
#define NX_HOT_BATCH 100 /* the hot auction/person is the first of the last 100 */
#define NX_ID_LEAD 10    /* ids up to 10 ahead of the last one made */
#define NX_AVG_PERSON_BYTES 200
#define NX_AVG_AUCTION_BYTES 500
#define NX_AVG_BID_BYTES 100
#define NX_CHANNELS 10000
#define NX_HOT_CHANNELS 4
#define NX_ROW_BYTES 1024 /* string bytes one row can need, with room to spare */
#define NX_URL_MAX 96

static const char *const nx_hot_channels[NX_HOT_CHANNELS] = {"Google", "Facebook", "Baidu", "Apple"};
static const char *const nx_states[] = {"AZ", "CA", "ID", "OR", "WA", "WY"};
static const char *const nx_cities[] = {"Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland",
                                        "Bend",    "Redmond",     "Seattle",       "Kent",  "Cheyenne"};
static const char *const nx_first_names[] = {"Peter", "Paul", "Luke",  "John",   "Saul",  "Vicky",
                                             "Kate",  "Julie", "Sarah", "Deiter", "Walter"};
static const char *const nx_last_names[] = {"Shultz", "Abrams", "Spencer", "White", "Bartels",
                                            "Walton", "Smith",  "Jones",   "Noris"};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the generator -------------------------------------------------------- */

typedef enum col_mode {
    COL_NULL,   /* hidden column: always NULL */
    COL_NATIVE, /* declared as the generator makes it */
    COL_REAL,   /* declared REAL, made REAL: rounded to float precision */
    COL_CAST,   /* ss_cast from the generator's type */
} col_mode;

struct ss_generator {
    gen_kind kind;
    const ss_gen_column *schema;
    double rate;
    int64_t count; /* -1: unbounded */
    int64_t start_ms;
    uint64_t seed;
    uint64_t produced;
    uint64_t cast_failures, truncations;
    rng rng;
    uint32_t ncols;
    int *src;        /* per declared column: schema index, -1 for COL_NULL */
    uint8_t *mode;   /* col_mode */
    ss_type *types;  /* declared types */
    ss_value scratch[NX__COUNT];
    ss_arena arena;  /* strings made by casts, reset every call */
    uint32_t text_casts; /* declared strings cast from non-strings (each needs arena text) */
    size_t arena_size;
    /* ticker */
    int64_t price[NTICKERS]; /* cents */
    uint32_t symlen[NTICKERS], seclen[NTICKERS];
    uint8_t pick[PICK_SLOTS];
    /* nexmark */
    char *sbuf; /* string storage for one call */
    size_t scap;
    char hot_url[NX_HOT_CHANNELS][NX_URL_MAX];
    uint32_t hot_url_len[NX_HOT_CHANNELS];
};

/* The event time of row i, saturating instead of overflowing. */
static int64_t event_time(const ss_generator *g, uint64_t i)
{
    double off;
    if (g->rate > 0)
        off = floor((double)i * 1000.0 / g->rate);
    else
        off = (double)i * 10.0;
    if (off >= 9.2e18 || (double)g->start_ms + off >= 9.2e18)
        return INT64_MAX;
    return g->start_ms + (int64_t)off;
}

static bool all_made(const ss_generator *g)
{
    return g->count >= 0 && g->produced >= (uint64_t)g->count;
}

/* ---- ticker rows ---------------------------------------------------------- */

static void ticker_init(ss_generator *g)
{
    double w[NTICKERS], total = 0;
    for (int s = 0; s < NTICKERS; s++) {
        g->price[s] = tickers[s].base_cents;
        g->symlen[s] = (uint32_t)strlen(tickers[s].symbol);
        g->seclen[s] = (uint32_t)strlen(tickers[s].sector);
        w[s] = 1.0 / (s + 1);
        total += w[s];
    }
    /* Slots by cumulative weight; every symbol gets at least one. */
    uint32_t slot = 0;
    double cum = 0;
    for (int s = 0; s < NTICKERS; s++) {
        cum += w[s];
        uint32_t end = s == NTICKERS - 1 ? PICK_SLOTS : (uint32_t)(cum / total * PICK_SLOTS + 0.5);
        if (end <= slot)
            end = slot + 1;
        while (slot < end && slot < PICK_SLOTS)
            g->pick[slot++] = (uint8_t)s;
    }
}

/* A standard normal deviate, approximately: the sum of four 16-bit uniforms
 * (Irwin-Hall), centred and scaled. Integer-exact, so the same everywhere. */
static inline double normal4(uint64_t r)
{
    uint64_t sum = (r & 0xFFFF) + ((r >> 16) & 0xFFFF) + ((r >> 32) & 0xFFFF) + (r >> 48);
    /* mean 4 * 65535 / 2, sd sqrt(4 * (65536^2 - 1) / 12) */
    return ((double)sum - 131070.0) / 37837.22568;
}

static void ticker_row(ss_generator *g, int64_t t)
{
    int s = g->pick[rng_next(&g->rng) >> (64 - PICK_BITS)];
    double z = normal4(rng_next(&g->rng));
    int64_t p = g->price[s];
    double step = (double)p * TICK_SIGMA * z + (double)(tickers[s].base_cents - p) * TICK_REVERT;
    int64_t cents = (int64_t)(step < 0 ? step - 0.5 : step + 0.5);
    int64_t np = p + cents;
    if (np < 1)
        np = 1;
    g->price[s] = np;
    ss_value *v = g->scratch;
    v[TK_SYMBOL] = ss_str(tickers[s].symbol, g->symlen[s]);
    v[TK_SECTOR] = ss_str(tickers[s].sector, g->seclen[s]);
    /* Exact cent values: REAL columns round them to float below, a DOUBLE or
     * DECIMAL column gets the nearest double to the cent value itself. */
    v[TK_CHANGE] = ss_dbl((double)(np - p) / 100.0);
    v[TK_PRICE] = ss_dbl((double)np / 100.0);
    v[TK_EVENT_TIME] = ss_int(t);
}

/* ---- nexmark rows --------------------------------------------------------- */

/* The last person/auction id (base 0) made at or before event id e, as
 * Nexmark's PersonGenerator/AuctionGenerator.lastBase0*Id compute them. */
static int64_t nx_last_person(int64_t e)
{
    int64_t epoch = e / NX_TOTAL_PROPORTION, off = e % NX_TOTAL_PROPORTION;
    if (off >= NX_PERSON_PROPORTION)
        off = NX_PERSON_PROPORTION - 1;
    return epoch * NX_PERSON_PROPORTION + off;
}

static int64_t nx_last_auction(int64_t e)
{
    int64_t epoch = e / NX_TOTAL_PROPORTION, off = e % NX_TOTAL_PROPORTION;
    if (off < NX_PERSON_PROPORTION) {
        epoch--;
        off = NX_AUCTION_PROPORTION - 1;
    } else if (off >= NX_PERSON_PROPORTION + NX_AUCTION_PROPORTION) {
        off = NX_AUCTION_PROPORTION - 1;
    } else {
        off -= NX_PERSON_PROPORTION;
    }
    return epoch * NX_AUCTION_PROPORTION + off;
}

/* A random active person, a few ids ahead allowed. */
static int64_t nx_next_person(rng *r, int64_t e)
{
    int64_t people = nx_last_person(e) + 1;
    int64_t active = people < NX_ACTIVE_PEOPLE ? people : NX_ACTIVE_PEOPLE;
    return people - active + (int64_t)rng_below(r, (uint64_t)(active + NX_ID_LEAD));
}

/* A random auction among those likely still open, a few ids ahead allowed. */
static int64_t nx_next_auction(rng *r, int64_t e)
{
    int64_t max = nx_last_auction(e);
    int64_t min = max - NX_IN_FLIGHT_AUCTIONS > 0 ? max - NX_IN_FLIGHT_AUCTIONS : 0;
    return min + (int64_t)rng_below(r, (uint64_t)(max - min + 1 + NX_ID_LEAD));
}

/* Cents in [100, 10^8), log-uniform, as Nexmark's PriceGenerator. */
static int64_t nx_price(rng *r)
{
    return (int64_t)floor(pow(10.0, rng_unit(r) * 6.0) * 100.0 + 0.5);
}

/* Nexmark's nextString: 3 to max_len - 1 characters, each a letter or (one
 * in 13) `special`; spaces at either end are trimmed. Written at w. */
static ss_value nx_string(rng *r, char *w, int max_len, char special)
{
    int len = 3 + (int)rng_below(r, (uint64_t)(max_len - 3));
    for (int i = 0; i < len; i++)
        w[i] = rng_below(r, 13) == 0 ? special : (char)('a' + rng_below(r, 26));
    int b = 0, e = len;
    if (special == ' ') {
        while (b < e && w[b] == ' ')
            b++;
        while (e > b && w[e - 1] == ' ')
            e--;
    }
    return ss_str(w + b, (uint32_t)(e - b));
}

/* Exactly len letters, 13 from each 64-bit draw (26^13 < 2^64). */
static ss_value nx_exact_string(rng *r, char *w, int len)
{
    int left = 0;
    uint64_t bits = 0;
    for (int i = 0; i < len; i++) {
        if (left == 0) {
            bits = rng_next(r);
            left = 13;
        }
        w[i] = (char)('a' + bits % 26);
        bits /= 26;
        left--;
    }
    return ss_str(w, (uint32_t)len);
}

/* Padding so that a record is avg bytes on average (Nexmark's nextExtra). */
static ss_value nx_extra(rng *r, char *w, int current, int avg)
{
    if (current > avg)
        return ss_str(w, 0);
    avg -= current;
    int delta = (int)floor(avg * 0.2 + 0.5);
    int size = avg - delta + (delta == 0 ? 0 : (int)rng_below(r, (uint64_t)(2 * delta)));
    return nx_exact_string(r, w, size);
}

static size_t put_uint(char *w, uint64_t v, int min_digits)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < min_digits)
        tmp[n++] = '0';
    for (int i = 0; i < n; i++)
        w[i] = tmp[n - 1 - i];
    return (size_t)n;
}

static size_t put_text(char *w, const char *s)
{
    size_t n = strlen(s);
    memcpy(w, s, n);
    return n;
}

/* "https://www.nexmark.com/abc/de_f/ghi/item.htm?query=1" (Nexmark's base URL)
 * made with r, at w; returns its length. */
static size_t nx_base_url(rng *r, char *w)
{
    size_t n = put_text(w, "https://www.nexmark.com/");
    for (int i = 0; i < 3; i++) {
        ss_value seg = nx_string(r, w + n, 5, '_');
        n += seg.len;
        w[n++] = '/';
    }
    return n + put_text(w + n, "item.htm?query=1");
}

/* The URL of a channel: the same for a channel number on every row of a run
 * (Flink keeps a cache of them), derived from the seed and the number. */
static size_t nx_channel_url(const ss_generator *g, uint64_t channel, char *w)
{
    rng r;
    rng_seed(&r, g->seed ^ (channel * 0xD1B54A32D192ED03ULL) ^ 0x6E65786D61726B00ULL);
    size_t n = nx_base_url(&r, w);
    n += put_text(w + n, "&channel_id=");
    return n + put_uint(w + n, channel, 1);
}

static void nexmark_init(ss_generator *g)
{
    rng r;
    rng_seed(&r, g->seed ^ 0x486F744368616E6EULL);
    for (int i = 0; i < NX_HOT_CHANNELS; i++)
        g->hot_url_len[i] = (uint32_t)nx_base_url(&r, g->hot_url[i]);
}

/* One event; its strings are written at w (at most NX_ROW_BYTES). */
static void nexmark_row(ss_generator *g, uint64_t row, int64_t t, char *w)
{
    rng *r = &g->rng;
    ss_value *v = g->scratch;
    int64_t e = (int64_t)row; /* Nexmark's event id */
    for (int i = 0; i < NX__COUNT; i++)
        v[i] = ss_null();
    v[NX_DATE_TIME] = ss_int(t);
    int64_t rem = e % NX_TOTAL_PROPORTION;
    if (rem < NX_PERSON_PROPORTION) {
        v[NX_EVENT_TYPE] = ss_int(0);
        v[NX_PERSON_ID] = ss_int(nx_last_person(e) + NX_FIRST_PERSON_ID);
        const char *first = nx_first_names[rng_below(r, NELEM(nx_first_names))];
        const char *last = nx_last_names[rng_below(r, NELEM(nx_last_names))];
        size_t n = put_text(w, first);
        w[n++] = ' ';
        n += put_text(w + n, last);
        v[NX_NAME] = ss_str(w, (uint32_t)n);
        w += n;
        ss_value user = nx_string(r, w, 7, ' ');
        char *m = w;
        memmove(m, user.s, user.len);
        n = user.len;
        m[n++] = '@';
        ss_value host = nx_string(r, m + n, 5, ' ');
        memmove(m + n, host.s, host.len);
        n += host.len;
        n += put_text(m + n, ".com");
        v[NX_EMAIL] = ss_str(m, (uint32_t)n);
        w += n;
        n = 0;
        for (int i = 0; i < 4; i++) {
            if (i)
                w[n++] = ' ';
            n += put_uint(w + n, rng_below(r, 10000), 4);
        }
        v[NX_CREDIT_CARD] = ss_str(w, (uint32_t)n);
        w += n;
        const char *city = nx_cities[rng_below(r, NELEM(nx_cities))];
        const char *state = nx_states[rng_below(r, NELEM(nx_states))];
        v[NX_CITY] = ss_str(city, (uint32_t)strlen(city));
        v[NX_STATE] = ss_str(state, 2);
        int current = 8 + (int)(v[NX_NAME].len + v[NX_EMAIL].len + v[NX_CREDIT_CARD].len + v[NX_CITY].len + 2);
        v[NX_EXTRA] = nx_extra(r, w, current, NX_AVG_PERSON_BYTES);
    } else if (rem < NX_PERSON_PROPORTION + NX_AUCTION_PROPORTION) {
        v[NX_EVENT_TYPE] = ss_int(1);
        v[NX_AUCTION_ID] = ss_int(nx_last_auction(e) + NX_FIRST_AUCTION_ID);
        int64_t seller;
        if (rng_below(r, NX_HOT_SELLER_RATIO) > 0)
            seller = nx_last_person(e) / NX_HOT_BATCH * NX_HOT_BATCH;
        else
            seller = nx_next_person(r, e);
        v[NX_SELLER] = ss_int(seller + NX_FIRST_PERSON_ID);
        v[NX_CATEGORY] = ss_int(NX_FIRST_CATEGORY_ID + (int64_t)rng_below(r, NX_NUM_CATEGORIES));
        int64_t initial = nx_price(r);
        v[NX_INITIAL_BID] = ss_int(initial);
        /* Open for a random time averaging the time until 100 more auctions
         * have been made. */
        int64_t ahead = (int64_t)NX_IN_FLIGHT_AUCTIONS * NX_TOTAL_PROPORTION / NX_AUCTION_PROPORTION;
        int64_t horizon = event_time(g, row + (uint64_t)ahead) - t;
        int64_t span = horizon * 2 > 1 ? horizon * 2 : 1;
        v[NX_EXPIRES] = ss_int(t + 1 + (int64_t)rng_below(r, (uint64_t)span));
        v[NX_ITEM_NAME] = nx_string(r, w, 20, ' ');
        w += 20;
        v[NX_DESCRIPTION] = nx_string(r, w, 100, ' ');
        w += 100;
        v[NX_RESERVE] = ss_int(initial + nx_price(r));
        int current = 8 + (int)(v[NX_ITEM_NAME].len + v[NX_DESCRIPTION].len) + 40;
        v[NX_EXTRA] = nx_extra(r, w, current, NX_AVG_AUCTION_BYTES);
    } else {
        v[NX_EVENT_TYPE] = ss_int(2);
        int64_t auction, bidder;
        if (rng_below(r, NX_HOT_AUCTION_RATIO) > 0)
            auction = nx_last_auction(e) / NX_HOT_BATCH * NX_HOT_BATCH;
        else
            auction = nx_next_auction(r, e);
        v[NX_AUCTION] = ss_int(auction + NX_FIRST_AUCTION_ID);
        /* The second person of the batch, so hot bidders are not hot sellers. */
        if (rng_below(r, NX_HOT_BIDDER_RATIO) > 0)
            bidder = nx_last_person(e) / NX_HOT_BATCH * NX_HOT_BATCH + 1;
        else
            bidder = nx_next_person(r, e);
        v[NX_BIDDER] = ss_int(bidder + NX_FIRST_PERSON_ID);
        v[NX_PRICE] = ss_int(nx_price(r));
        if (rng_below(r, 2) > 0) {
            int h = (int)rng_below(r, NX_HOT_CHANNELS);
            v[NX_CHANNEL] = ss_str(nx_hot_channels[h], (uint32_t)strlen(nx_hot_channels[h]));
            v[NX_URL] = ss_str(g->hot_url[h], g->hot_url_len[h]);
        } else {
            uint64_t ch = rng_below(r, NX_CHANNELS);
            size_t n = put_text(w, "channel-");
            n += put_uint(w + n, ch, 1);
            v[NX_CHANNEL] = ss_str(w, (uint32_t)n);
            w += n;
            n = nx_channel_url(g, ch, w);
            v[NX_URL] = ss_str(w, (uint32_t)n);
            w += n;
        }
        v[NX_EXTRA] = nx_extra(r, w, 32, NX_AVG_BID_BYTES);
    }
}

/* ---- creation ----------------------------------------------------------- */

static void list_columns(const ss_gen_column *schema, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = 0;
    for (int i = 0; schema[i].name && n < len; i++)
        n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "", schema[i].name);
}

ss_generator *ss_generator_new(const char *kind, uint64_t seed, double rate, int64_t count, int64_t start_ms,
                               const ss_column *cols, uint32_t ncols, char *err, size_t errlen)
{
    int k = find_kind(kind);
    if (k < 0) {
        snprintf(err, errlen, "unknown generator '%s' (known: ticker, nexmark)", kind ? kind : "");
        return NULL;
    }
    if (!(rate >= 0) || !isfinite(rate)) {
        snprintf(err, errlen, "generator '%s': RATE must be a number of rows per second >= 0", kinds[k].name);
        return NULL;
    }
    if (count < -1) {
        snprintf(err, errlen, "generator '%s': COUNT must be >= 0 (or -1 for unbounded)", kinds[k].name);
        return NULL;
    }
    const ss_gen_column *schema = kinds[k].cols;
    int nschema = kinds[k].ncols;
    uint32_t text_casts = 0;
    int *src = ss_xcalloc(ncols ? ncols : 1, sizeof(int));
    uint8_t *mode = ss_xcalloc(ncols ? ncols : 1, 1);
    for (uint32_t i = 0; i < ncols; i++) {
        const ss_column *c = &cols[i];
        src[i] = -1;
        if (c->hidden) {
            mode[i] = COL_NULL;
            continue;
        }
        for (int j = 0; j < nschema; j++)
            if (strcasecmp(c->name, schema[j].name) == 0)
                src[i] = j;
        if (src[i] < 0) {
            char list[512];
            list_columns(schema, list, sizeof list);
            snprintf(err, errlen, "generator '%s' has no column %s (its columns: %s)", kinds[k].name, c->name,
                     list);
            goto fail;
        }
        ss_type from = schema[src[i]].type, to = c->type;
        if (from.kind == to.kind && !ss_type_is_string(to) && to.kind != SS_T_DECIMAL) {
            mode[i] = to.kind == SS_T_REAL ? COL_REAL : COL_NATIVE;
        } else if (ss_type_is_string(from) && ss_type_is_string(to) &&
                   (to.length == 0 || (from.length && from.length <= to.length))) {
            mode[i] = COL_NATIVE; /* never longer than the column */
        } else if (ss_type_castable(from, to)) {
            mode[i] = COL_CAST;
            text_casts += !ss_type_is_string(from) && ss_type_is_string(to);
        } else {
            char fb[64], tb[64];
            snprintf(err, errlen, "column %s: generator '%s' makes %s, which cannot be cast to %s", c->name,
                     kinds[k].name, ss_type_name(from, fb, sizeof fb), ss_type_name(to, tb, sizeof tb));
            goto fail;
        }
    }
    ss_generator *g = ss_xcalloc(1, sizeof *g);
    g->kind = (gen_kind)k;
    g->schema = schema;
    g->rate = rate;
    g->count = count;
    g->start_ms = start_ms;
    g->seed = seed;
    g->ncols = ncols;
    g->src = src;
    g->mode = mode;
    g->text_casts = text_casts;
    g->types = ss_xcalloc(ncols ? ncols : 1, sizeof(ss_type));
    for (uint32_t i = 0; i < ncols; i++)
        g->types[i] = cols[i].type;
    rng_seed(&g->rng, seed);
    g->arena_size = 16384;
    ss_arena_init(&g->arena, g->arena_size);
    if (g->kind == GEN_TICKER)
        ticker_init(g);
    else
        nexmark_init(g);
    return g;
fail:
    free(src);
    free(mode);
    return NULL;
}

void ss_generator_free(ss_generator *g)
{
    if (!g)
        return;
    free(g->src);
    free(g->mode);
    free(g->types);
    free(g->sbuf);
    ss_arena_free(&g->arena);
    free(g);
}

/* ---- rows ----------------------------------------------------------------- */

/* The scratch row into the declared columns. */
static void emit(ss_generator *g, ss_value *out)
{
    for (uint32_t i = 0; i < g->ncols; i++) {
        switch ((col_mode)g->mode[i]) {
        case COL_NULL: out[i] = ss_null(); break;
        case COL_NATIVE: out[i] = g->scratch[g->src[i]]; break;
        case COL_REAL: {
            ss_value v = g->scratch[g->src[i]];
            if (!v.null)
                v.d = ss_real(v.d);
            out[i] = v;
            break;
        }
        case COL_CAST: {
            char msg[128];
            ss_cast_status st =
                ss_cast(g->scratch[g->src[i]], g->schema[g->src[i]].type, g->types[i], &g->arena, &out[i], msg);
            if (st == SS_CAST_FAILED) {
                out[i] = ss_null();
                g->cast_failures++;
            } else if (st == SS_CAST_TRUNCATED) {
                g->truncations++;
            }
            break;
        }
        }
    }
}

uint32_t ss_generator_next(ss_generator *g, int64_t now_ms, ss_value *vals, int64_t *event_ms, uint32_t max)
{
    /* One arena chunk holds a whole call's cast texts (at most
     * SS_VALUE_TEXT_MAX bytes each), so steady state allocates nothing. */
    size_t need = (size_t)max * g->text_casts * SS_VALUE_TEXT_MAX;
    if (need > g->arena_size) {
        ss_arena_free(&g->arena);
        g->arena_size = need;
        ss_arena_init(&g->arena, need);
    } else {
        ss_arena_reset(&g->arena);
    }
    if (g->kind == GEN_NEXMARK && (size_t)max * NX_ROW_BYTES > g->scap) {
        g->scap = (size_t)max * NX_ROW_BYTES;
        free(g->sbuf);
        g->sbuf = ss_xmalloc(g->scap);
    }
    uint32_t n = 0;
    while (n < max && !all_made(g)) {
        int64_t t = event_time(g, g->produced);
        if (g->rate > 0 && t > now_ms)
            break;
        if (g->kind == GEN_TICKER)
            ticker_row(g, t);
        else
            nexmark_row(g, g->produced, t, g->sbuf + (size_t)n * NX_ROW_BYTES);
        emit(g, vals + (size_t)n * g->ncols);
        event_ms[n] = t;
        g->produced++;
        n++;
    }
    return n;
}

bool ss_generator_done(const ss_generator *g)
{
    return all_made(g);
}

int64_t ss_generator_next_due(const ss_generator *g)
{
    return all_made(g) ? INT64_MAX : event_time(g, g->produced);
}

uint64_t ss_generator_produced(const ss_generator *g)
{
    return g->produced;
}

uint64_t ss_generator_cast_failures(const ss_generator *g)
{
    return g->cast_failures;
}

uint64_t ss_generator_truncations(const ss_generator *g)
{
    return g->truncations;
}

void ss_generator_save(const ss_generator *g, ss_buf *out)
{
    ss_put_u64(out, g->produced);
    ss_put_i64(out, g->start_ms);
    ss_put_u64(out, g->cast_failures);
    ss_put_u64(out, g->truncations);
    for (int i = 0; i < 4; i++)
        ss_put_word(out, g->rng.s[i]);
    ss_put_u64(out, NTICKERS);
    for (int s = 0; s < NTICKERS; s++)
        ss_put_i64(out, g->price[s]);
}

bool ss_generator_restore(ss_generator *g, ss_reader *in)
{
    g->produced = ss_get_u64(in);
    g->start_ms = ss_get_i64(in);
    g->cast_failures = ss_get_u64(in);
    g->truncations = ss_get_u64(in);
    for (int i = 0; i < 4; i++)
        g->rng.s[i] = ss_get_word(in);
    if (ss_get_u64(in) != NTICKERS)
        return false;
    for (int s = 0; s < NTICKERS; s++)
        g->price[s] = ss_get_i64(in);
    return !in->bad;
}
