/* RFC 4180 CSV records: finding where a record ends in a byte stream (a quoted field may
 * span lines) and splitting one record into fields, without allocating per record.
 * SPEC section 4: "CSV: RFC 4180 quoting; empty field is NULL". */
#ifndef SS_IO_CSVSCAN_H
#define SS_IO_CSVSCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* Returns the number of bytes the first record of buf[0..len) takes, line terminator
 * included: the offset just past the first LF that is not inside a quoted field (so a
 * CRLF ends a record too, its CR being the last byte of the content). Sets *complete to
 * 1 when such an LF was found. Otherwise returns len and sets *complete to 0: the caller
 * should read more input and call again, or, at end of input, take the rest as the last
 * record (ss_csv_split then reports an unterminated quote if there is one).
 * A quote opens a quoted field only at the start of a field (after `delim` or at the
 * start of the record), as in RFC 4180; a stray quote elsewhere does not make the rest
 * of the stream one record (ss_csv_split reports it). */
size_t ss_csv_record_end(const char *buf, size_t len, char delim, int *complete);

typedef struct ss_csv_field {
    /* The field's bytes, not NUL-terminated: inside the record, or in the scratch when a
     * quoted field contained "" (each pair is unescaped to one quote). */
    const char *s;
    size_t len;
    /* Whether the field was quoted. SQL NULL is an unquoted empty field (`a,,b`); a
     * quoted empty field (`a,"",b`) is the empty string. */
    bool quoted;
} ss_csv_field;

/* Where unescaped fields go. Values returned by ss_csv_split stay valid until the next
 * split with the same scratch. It grows to the longest record seen, never shrinks. */
typedef struct ss_csv_scratch {
    ss_buf buf;
} ss_csv_scratch;

void ss_csv_scratch_init(ss_csv_scratch *scratch);
void ss_csv_scratch_free(ss_csv_scratch *scratch);

typedef struct ss_csv_error {
    size_t offset; /* byte offset in the record */
    char message[128];
} ss_csv_error;

/* Splits one record (as delimited by ss_csv_record_end; one trailing LF or CRLF is
 * ignored) into at most `maxfields` fields separated by the one-byte `delim` (','
 * usually; it may not be '"', CR or LF). Returns the number of fields, or -1 with err
 * filled (err may be NULL) for:
 *  - a quote inside an unquoted field ("a\"b", and ` "b"`: RFC 4180 keeps spaces, so a
 *    quote after a space is inside an unquoted field);
 *  - text after the closing quote of a quoted field ("\"a\"b");
 *  - a quoted field with no closing quote;
 *  - more fields than maxfields (the message gives the record's field count);
 *  - a bad delimiter.
 * If a record both has too many fields and a quoting error, the quoting error is
 * reported. An empty record (a blank line) is one unquoted empty field: the caller
 * decides whether blank lines are skipped or are a row of one NULL. Bytes are not
 * checked for UTF-8 here: that is left to whoever converts the fields. */
int ss_csv_split(const char *rec, size_t len, char delim, ss_csv_field *fields, int maxfields,
                 ss_csv_scratch *scratch, ss_csv_error *err);

#endif
