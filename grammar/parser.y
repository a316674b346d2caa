/* The grammar of the KDA SQL dialect (SPEC section 2), for lemon. It only
 * builds the AST: every action is a call into src/sql/ast.c. Error reporting
 * and recovery live in the driver (src/sql/parse.c), which skips to the next
 * ';' after an error so every bad statement gets its own message. */

%name ss_grammar
%token_prefix TK_
%token_type {ss_token}
%default_type {ss_token}
%extra_argument {ss_parse_ctx *ctx}
%start_symbol input

%include {
#include "sql/ast.h"
#include "sql/parse.h"

#include <assert.h>
#include <stdlib.h>
}

%syntax_error {
    (void)yymajor;
    ss_parse_note_syntax_error(ctx, &TOKEN);
}
%stack_overflow {
    ss_parse_note_overflow(ctx);
}
/* Deep nesting is bounded by the stack: deeper input is an error, never a crash. */
%stack_size 1000

/* Words that are keywords in one place and ordinary names everywhere else. */
%fallback ID STREAM PUMP REPLACE STAGGER PARTITION RANGE ROWS
             PRECEDING FOLLOWING CURRENT ROW UNBOUNDED MAPPING ESCAPE TO FOR
             YEAR MONTH DAY HOUR MINUTE SECOND MILLISECOND TIMESTAMP DATE TIME
             BOTH LEADING TRAILING ASC DESC POSITION PRECISION VARYING.
/* Not in the list, though they are not SQL keywords elsewhere: WINDOW and
 * WINDOWED can follow a stream name, where a fallback would read them as an
 * alias (lemon consults the fallback before a state's default reduction). */

/* An interval qualifier takes a following TO: INTERVAL '1:30' HOUR TO MINUTE. */
%nonassoc IQUAL.
%nonassoc TO.
%left OR.
%left AND.
%right NOT.
%left IS LIKE BETWEEN IN NE EQ.
%left GT LE LT GE.
%right ESCAPE.
%left PLUS MINUS.
%left STAR SLASH PERCENT CONCAT.
%right UMINUS.

%token ILLEGAL.

input ::= cmdlist.
cmdlist ::= .
cmdlist ::= cmdlist ecmd.
ecmd ::= SEMI.
ecmd ::= cmd SEMI.

/* ---- names ---- */
nm(A) ::= ID(X). { A = X; }

%type orrep {int}
orrep(A) ::= . { A = 0; }
orrep(A) ::= OR REPLACE. { A = 1; }

/* ---- CREATE STREAM ---- */
%type stream_head {ss_stmt*}
stream_head(A) ::= CREATE(K) orrep(R) STREAM nm(N). {
    A = ss_ast_stmt(ctx, SS_STMT_STREAM, K.pos);
    A->or_replace = R != 0;
    A->name = ss_ast_ident(N);
}
%type stream_cols {ss_stmt*}
stream_cols(A) ::= stream_head(A) LP coldef(C). { ss_ast_push_column(ctx, A, C); }
stream_cols(A) ::= stream_cols(A) COMMA coldef(C). { ss_ast_push_column(ctx, A, C); }

%type coldef {ss_column_def*}
coldef(A) ::= nm(N) typename(T). { A = ss_ast_column_def(ctx, N, T, NULL); }
coldef(A) ::= nm(N) typename(T) MAPPING STRING(M). { A = ss_ast_column_def(ctx, N, T, &M); }

%type typename {ss_type_at}
typename(A) ::= typeword(W). { A = ss_ast_type(ctx, W, NULL, 0, NULL, NULL); }
typename(A) ::= typeword(W) typeword2(W2). { A = ss_ast_type(ctx, W, &W2, 0, NULL, NULL); }
typename(A) ::= typeword(W) LP INTEGER(P) RP. { A = ss_ast_type(ctx, W, NULL, 1, &P, NULL); }
typename(A) ::= typeword(W) typeword2(W2) LP INTEGER(P) RP. { A = ss_ast_type(ctx, W, &W2, 1, &P, NULL); }
typename(A) ::= typeword(W) LP INTEGER(P) COMMA INTEGER(S) RP. { A = ss_ast_type(ctx, W, NULL, 2, &P, &S); }
typeword(A) ::= ID(X). { A = X; }
typeword(A) ::= TIMESTAMP(X). { A = X; }
typeword(A) ::= DATE(X). { A = X; }
typeword(A) ::= TIME(X). { A = X; }
/* DOUBLE PRECISION, CHARACTER VARYING: only these second words, so that a
 * following MAPPING is never read as part of the type. */
typeword2(A) ::= PRECISION(X). { A = X; }
typeword2(A) ::= VARYING(X). { A = X; }

%type with_list {ss_stmt*}
with_list(A) ::= stream_cols(A) RP WITH LP wkey(K) EQ wvalue(V). { ss_ast_add_with(ctx, A, K, V); }
with_list(A) ::= with_list(A) COMMA wkey(K) EQ wvalue(V). { ss_ast_add_with(ctx, A, K, V); }
wkey(A) ::= nm(X). { A = X; }
wkey(A) ::= STRING(X). { A = X; }
%type wvalue {ss_expr*}
wvalue(A) ::= literal(L). { A = L; }
wvalue(A) ::= MINUS(O) number(L). { A = ss_ast_unary(ctx, SS_OP_NEG, O, L); }
wvalue(A) ::= interval(L). { A = L; }

cmd ::= stream_cols(S) RP. { ss_ast_finish_stmt(ctx, S); }
cmd ::= with_list(S) RP. { ss_ast_finish_stmt(ctx, S); }

/* ---- CREATE PUMP ---- */
%type pump_head {ss_stmt*}
pump_head(A) ::= CREATE(K) orrep(R) PUMP nm(N) AS INSERT INTO nm(T). {
    A = ss_ast_stmt(ctx, SS_STMT_PUMP, K.pos);
    A->or_replace = R != 0;
    A->name = ss_ast_ident(N);
    A->target = ss_ast_ident(T);
}
%type pump_cols {ss_stmt*}
pump_cols(A) ::= pump_head(A) LP nm(C). { ss_ast_add_target_col(ctx, A, C); }
pump_cols(A) ::= pump_cols(A) COMMA nm(C). { ss_ast_add_target_col(ctx, A, C); }

cmd ::= pump_head(S) select(Q). { S->select = Q; ss_ast_finish_stmt(ctx, S); }
cmd ::= pump_cols(S) RP select(Q). { S->select = Q; ss_ast_finish_stmt(ctx, S); }

/* ---- SELECT STREAM ---- */
cmd ::= select(Q). {
    ss_stmt *s = ss_ast_stmt(ctx, SS_STMT_SELECT, Q->pos);
    s->select = Q;
    ss_ast_finish_stmt(ctx, s);
}

%type select {ss_select*}
%type sel_head {ss_select*}
%type sel_items {ss_select*}
%type sel_from {ss_select*}
%type sel_sw {ss_select*}
%type sel_group {ss_select*}
%type sel_having {ss_select*}
%type sel_windows {ss_select*}

sel_head(A) ::= SELECT(K) STREAM. { A = ss_ast_select(ctx, K.pos); }
sel_head(A) ::= SELECT(K) STREAM DISTINCT. { A = ss_ast_select(ctx, K.pos); A->distinct = true; }
sel_head(A) ::= SELECT(K) STREAM ALL. { A = ss_ast_select(ctx, K.pos); }

sel_items(A) ::= sel_head(A) sel_item(I). { ss_ast_add_item(ctx, A, I); }
sel_items(A) ::= sel_items(A) COMMA sel_item(I). { ss_ast_add_item(ctx, A, I); }

%type sel_item {ss_select_item*}
sel_item(A) ::= expr(E). { A = ss_ast_item(ctx, E, NULL); }
sel_item(A) ::= expr(E) nm(N). { A = ss_ast_item(ctx, E, &N); }
sel_item(A) ::= expr(E) AS nm(N). { A = ss_ast_item(ctx, E, &N); }
sel_item(A) ::= STAR(S). { A = ss_ast_star_item(ctx, S, NULL); }
sel_item(A) ::= nm(Q) DOT STAR(S). { A = ss_ast_star_item(ctx, S, &Q); }

sel_from(A) ::= sel_items(A) FROM nm(F). { A->from = ss_ast_ident(F); }
sel_from(A) ::= sel_items(A) FROM nm(F) nm(L). { A->from = ss_ast_ident(F); A->from_alias = ss_ast_ident(L); }
sel_from(A) ::= sel_items(A) FROM nm(F) AS nm(L). { A->from = ss_ast_ident(F); A->from_alias = ss_ast_ident(L); }

/* KDA writes WINDOWED BY STAGGER right after FROM; after WHERE is accepted too. */
sel_sw(A) ::= sel_from(A).
sel_sw(A) ::= sel_from(A) stagger(W). { A->stagger = W; }
sel_sw(A) ::= sel_from(A) WHERE expr(E). { A->where = E; }
sel_sw(A) ::= sel_from(A) stagger(W) WHERE expr(E). { A->stagger = W; A->where = E; }
sel_sw(A) ::= sel_from(A) WHERE expr(E) stagger(W). { A->stagger = W; A->where = E; }

%type stagger {ss_window_spec*}
stagger(A) ::= WINDOWED BY STAGGER LP wspec(W) RP. { A = W; }

sel_group(A) ::= sel_sw(A).
sel_group(A) ::= sel_sw(A) GROUP(G) BY exprlist(L). { A->group_by = L; A->group_by_pos = G.pos; }

sel_having(A) ::= sel_group(A).
sel_having(A) ::= sel_group(A) HAVING(H) expr(E). { A->having = E; A->having_pos = H.pos; }

sel_windows(A) ::= sel_having(A) WINDOW nm(N) AS LP wspec(W) RP. { ss_ast_add_window(ctx, A, N, W); }
sel_windows(A) ::= sel_windows(A) COMMA nm(N) AS LP wspec(W) RP. { ss_ast_add_window(ctx, A, N, W); }

select(A) ::= sel_having(A).
select(A) ::= sel_windows(A).

/* ---- window specifications ---- */
%type wspec {ss_window_spec*}
%type wpart {ss_window_spec*}
%type worder {ss_window_spec*}
wpart(A) ::= . { A = ss_ast_window_spec(ctx, ss_parse_here(ctx)); }
wpart(A) ::= PARTITION(P) BY exprlist(L). { A = ss_ast_window_spec(ctx, P.pos); A->partition = L; }
worder(A) ::= wpart(A).
worder(A) ::= wpart(A) ORDER BY exprlist(L). { A->order = L; }
wspec(A) ::= worder(A).
wspec(A) ::= worder(A) RANGE(R) interval(I) PRECEDING. { ss_ast_frame(ctx, A, SS_FRAME_RANGE, R, I, false); }
wspec(A) ::= worder(A) RANGE(R) interval(I). { ss_ast_frame(ctx, A, SS_FRAME_RANGE, R, I, false); }
wspec(A) ::= worder(A) RANGE(R) UNBOUNDED PRECEDING. { ss_ast_frame(ctx, A, SS_FRAME_RANGE, R, NULL, true); }
wspec(A) ::= worder(A) RANGE(R) BETWEEN interval(I) PRECEDING AND CURRENT ROW. { ss_ast_frame(ctx, A, SS_FRAME_RANGE, R, I, false); }
wspec(A) ::= worder(A) ROWS(R) number(N) PRECEDING. { ss_ast_frame(ctx, A, SS_FRAME_ROWS, R, N, false); }
wspec(A) ::= worder(A) ROWS(R) UNBOUNDED PRECEDING. { ss_ast_frame(ctx, A, SS_FRAME_ROWS, R, NULL, true); }
wspec(A) ::= worder(A) ROWS(R) BETWEEN number(N) PRECEDING AND CURRENT ROW. { ss_ast_frame(ctx, A, SS_FRAME_ROWS, R, N, false); }
wspec(A) ::= worder(A) ROWS(R) CURRENT ROW. { ss_ast_frame(ctx, A, SS_FRAME_ROWS, R, ss_ast_zero(ctx, R), false); }

/* ---- expressions ---- */
%type expr {ss_expr*}
%type term {ss_expr*}
%type literal {ss_expr*}
%type number {ss_expr*}
%type interval {ss_expr*}
%type exprlist {ss_expr_list}

exprlist(A) ::= expr(E). { A = ss_ast_list1(ctx, E); }
exprlist(A) ::= exprlist(A) COMMA expr(E). { ss_ast_list_push(ctx, &A, E); }

expr(A) ::= term(T). { A = T; }
expr(A) ::= expr(L) OR(O) expr(R). { A = ss_ast_binary(ctx, SS_OP_OR, O, L, R); }
expr(A) ::= expr(L) AND(O) expr(R). { A = ss_ast_binary(ctx, SS_OP_AND, O, L, R); }
expr(A) ::= NOT(O) expr(E). { A = ss_ast_unary(ctx, SS_OP_NOT, O, E); }
expr(A) ::= expr(L) EQ(O) expr(R). { A = ss_ast_binary(ctx, SS_OP_EQ, O, L, R); }
expr(A) ::= expr(L) NE(O) expr(R). { A = ss_ast_binary(ctx, SS_OP_NE, O, L, R); }
expr(A) ::= expr(L) LT(O) expr(R). { A = ss_ast_binary(ctx, SS_OP_LT, O, L, R); }
expr(A) ::= expr(L) LE(O) expr(R). { A = ss_ast_binary(ctx, SS_OP_LE, O, L, R); }
expr(A) ::= expr(L) GT(O) expr(R). { A = ss_ast_binary(ctx, SS_OP_GT, O, L, R); }
expr(A) ::= expr(L) GE(O) expr(R). { A = ss_ast_binary(ctx, SS_OP_GE, O, L, R); }
expr(A) ::= expr(L) PLUS(O) expr(R). { A = ss_ast_binary(ctx, SS_OP_ADD, O, L, R); }
expr(A) ::= expr(L) MINUS(O) expr(R). { A = ss_ast_binary(ctx, SS_OP_SUB, O, L, R); }
expr(A) ::= expr(L) STAR(O) expr(R). { A = ss_ast_binary(ctx, SS_OP_MUL, O, L, R); }
expr(A) ::= expr(L) SLASH(O) expr(R). { A = ss_ast_binary(ctx, SS_OP_DIV, O, L, R); }
expr(A) ::= expr(L) PERCENT(O) expr(R). { A = ss_ast_binary(ctx, SS_OP_MOD, O, L, R); }
expr(A) ::= expr(L) CONCAT(O) expr(R). { A = ss_ast_binary(ctx, SS_OP_CONCAT, O, L, R); }
expr(A) ::= MINUS(O) expr(E). [UMINUS] { A = ss_ast_unary(ctx, SS_OP_NEG, O, E); }
expr(A) ::= PLUS(O) expr(E). [UMINUS] { A = ss_ast_unary(ctx, SS_OP_POS, O, E); }

expr(A) ::= expr(E) IS(O) NULL. { A = ss_ast_is(ctx, O, E, SS_IS_NULL, false); }
expr(A) ::= expr(E) IS(O) NOT NULL. { A = ss_ast_is(ctx, O, E, SS_IS_NULL, true); }
expr(A) ::= expr(E) IS(O) TRUE. { A = ss_ast_is(ctx, O, E, SS_IS_TRUE, false); }
expr(A) ::= expr(E) IS(O) NOT TRUE. { A = ss_ast_is(ctx, O, E, SS_IS_TRUE, true); }
expr(A) ::= expr(E) IS(O) FALSE. { A = ss_ast_is(ctx, O, E, SS_IS_FALSE, false); }
expr(A) ::= expr(E) IS(O) NOT FALSE. { A = ss_ast_is(ctx, O, E, SS_IS_FALSE, true); }

/* NOT is folded into the operator so no empty rule competes with precedence. */
%type between_op {int}
between_op(A) ::= BETWEEN. { A = 0; }
between_op(A) ::= NOT BETWEEN. { A = 1; }
%type in_op {int}
in_op(A) ::= IN. { A = 0; }
in_op(A) ::= NOT IN. { A = 1; }
%type like_op {int}
like_op(A) ::= LIKE. { A = 0; }
like_op(A) ::= NOT LIKE. { A = 1; }

expr(A) ::= expr(E) between_op(N) expr(L) AND expr(H). [BETWEEN] {
    A = ss_ast_between(ctx, E, L, H, N != 0);
}
expr(A) ::= expr(E) in_op(N) LP exprlist(L) RP. [IN] { A = ss_ast_in(ctx, E, &L, N != 0); }
expr(A) ::= expr(E) like_op(N) expr(P). [LIKE] { A = ss_ast_like(ctx, E, P, NULL, N != 0); }
expr(A) ::= expr(E) like_op(N) expr(P) ESCAPE expr(X). [LIKE] { A = ss_ast_like(ctx, E, P, X, N != 0); }

term(A) ::= literal(L). { A = L; }
term(A) ::= interval(L). { A = L; }
term(A) ::= nm(N). { A = ss_ast_column(ctx, NULL, N); }
term(A) ::= nm(Q) DOT nm(N). { A = ss_ast_column(ctx, &Q, N); }
term(A) ::= LP expr(E) RP. { A = E; A->paren = true; }
/* KDA's "(ts1 - ts2) SECOND": a datetime difference as an interval of that unit. */
term(A) ::= LP(P) expr(E) RP timeunit(U). { A = ss_ast_diff_unit(ctx, P, E, U); }
term(A) ::= TIMESTAMP(K) STRING(S). { A = ss_ast_typed_literal(ctx, K, S); }
term(A) ::= DATE(K) STRING(S). { A = ss_ast_typed_literal(ctx, K, S); }
term(A) ::= TIME(K) STRING(S). { A = ss_ast_typed_literal(ctx, K, S); }
/* The same words as column names. */
term(A) ::= TIMESTAMP(K). { A = ss_ast_column(ctx, NULL, K); }
term(A) ::= DATE(K). { A = ss_ast_column(ctx, NULL, K); }
term(A) ::= TIME(K). { A = ss_ast_column(ctx, NULL, K); }
term(A) ::= POSITION(K). { A = ss_ast_column(ctx, NULL, K); }

term(A) ::= CAST(K) LP expr(E) AS typename(T) RP. { A = ss_ast_cast(ctx, K, E, T); }

term(A) ::= CASE(K) case_whens(W) END. { A = W; A->pos = K.pos; }
term(A) ::= CASE(K) case_whens(W) ELSE expr(E) END. { A = W; A->pos = K.pos; A->b = E; }
term(A) ::= CASE(K) expr(O) case_whens(W) END. { A = W; A->pos = K.pos; A->a = O; }
term(A) ::= CASE(K) expr(O) case_whens(W) ELSE expr(E) END. { A = W; A->pos = K.pos; A->a = O; A->b = E; }
%type case_whens {ss_expr*}
case_whens(A) ::= WHEN(K) expr(C) THEN expr(R). { A = ss_ast_expr(ctx, SS_E_CASE, K.pos); ss_ast_add_when(ctx, A, C, R); }
case_whens(A) ::= case_whens(A) WHEN expr(C) THEN expr(R). { ss_ast_add_when(ctx, A, C, R); }

/* Calls. The special argument forms are accepted for any name here; the
 * analyzer says which functions take which form. */
%type over_opt {ss_over_clause}
over_opt(A) ::= . { A.spec = NULL; A.name.type = 0; }
over_opt(A) ::= OVER LP wspec(W) RP. { A.spec = W; A.name.type = 0; }
over_opt(A) ::= OVER nm(N). { A.spec = NULL; A.name = N; }

term(A) ::= nm(F) LP RP over_opt(O). { A = ss_ast_call(ctx, F, NULL, SS_CALL_PLAIN, &O); }
term(A) ::= nm(F) LP STAR RP over_opt(O). { A = ss_ast_call(ctx, F, NULL, SS_CALL_STAR, &O); }
term(A) ::= nm(F) LP exprlist(L) RP over_opt(O). { A = ss_ast_call(ctx, F, &L, SS_CALL_PLAIN, &O); }
term(A) ::= nm(F) LP DISTINCT exprlist(L) RP over_opt(O). {
    A = ss_ast_call(ctx, F, &L, SS_CALL_PLAIN, &O);
    A->distinct = true;
}
term(A) ::= nm(F) LP ALL exprlist(L) RP over_opt(O). { A = ss_ast_call(ctx, F, &L, SS_CALL_PLAIN, &O); }
term(A) ::= nm(F) LP expr(E) TO timeunit(U) RP. {
    ss_expr_list l = ss_ast_list1(ctx, E);
    A = ss_ast_call(ctx, F, &l, SS_CALL_TO_UNIT, NULL);
    A->unit = (uint8_t)U;
}
term(A) ::= nm(F) LP expr(E) BY expr(I) RP. {
    ss_expr_list l = ss_ast_list1(ctx, E);
    ss_ast_list_push(ctx, &l, I);
    A = ss_ast_call(ctx, F, &l, SS_CALL_BY, NULL);
}
term(A) ::= nm(F) LP expr(E) FROM expr(S) RP. {
    ss_expr_list l = ss_ast_list1(ctx, E);
    ss_ast_list_push(ctx, &l, S);
    A = ss_ast_call(ctx, F, &l, SS_CALL_FROM, NULL);
}
term(A) ::= nm(F) LP expr(E) FROM expr(S) FOR expr(N) RP. {
    ss_expr_list l = ss_ast_list1(ctx, E);
    ss_ast_list_push(ctx, &l, S);
    ss_ast_list_push(ctx, &l, N);
    A = ss_ast_call(ctx, F, &l, SS_CALL_FROM, NULL);
}
term(A) ::= EXTRACT(F) LP timeunit(U) FROM expr(E) RP. {
    ss_expr_list l = ss_ast_list1(ctx, E);
    A = ss_ast_call(ctx, F, &l, SS_CALL_EXTRACT, NULL);
    A->unit = (uint8_t)U;
}
term(A) ::= POSITION(F) LP term(N) IN expr(H) RP. {
    ss_expr_list l = ss_ast_list1(ctx, N);
    ss_ast_list_push(ctx, &l, H);
    A = ss_ast_call(ctx, F, &l, SS_CALL_POSITION, NULL);
}
/* TRIM([BOTH|LEADING|TRAILING] [chars] FROM s) and TRIM(s): args are (s[, chars]). */
term(A) ::= TRIM(F) LP expr(S) RP. {
    ss_expr_list l = ss_ast_list1(ctx, S);
    A = ss_ast_call(ctx, F, &l, SS_CALL_PLAIN, NULL);
}
term(A) ::= TRIM(F) LP expr(C) FROM expr(S) RP. {
    ss_expr_list l = ss_ast_list1(ctx, S);
    ss_ast_list_push(ctx, &l, C);
    A = ss_ast_call(ctx, F, &l, SS_CALL_FROM, NULL);
}
term(A) ::= TRIM(F) LP trimside(D) FROM expr(S) RP. {
    ss_expr_list l = ss_ast_list1(ctx, S);
    A = ss_ast_call(ctx, F, &l, SS_CALL_FROM, NULL);
    A->unit = (uint8_t)D;
}
term(A) ::= TRIM(F) LP trimside(D) expr(C) FROM expr(S) RP. {
    ss_expr_list l = ss_ast_list1(ctx, S);
    ss_ast_list_push(ctx, &l, C);
    A = ss_ast_call(ctx, F, &l, SS_CALL_FROM, NULL);
    A->unit = (uint8_t)D;
}
%type trimside {int}
trimside(A) ::= BOTH. { A = SS_TRIM_BOTH; }
trimside(A) ::= LEADING. { A = SS_TRIM_LEADING; }
trimside(A) ::= TRAILING. { A = SS_TRIM_TRAILING; }

%type timeunit {ss_unit}
timeunit(A) ::= MILLISECOND. { A = SS_UNIT_MILLISECOND; }
timeunit(A) ::= SECOND. { A = SS_UNIT_SECOND; }
timeunit(A) ::= MINUTE. { A = SS_UNIT_MINUTE; }
timeunit(A) ::= HOUR. { A = SS_UNIT_HOUR; }
timeunit(A) ::= DAY. { A = SS_UNIT_DAY; }
timeunit(A) ::= MONTH. { A = SS_UNIT_MONTH; }
timeunit(A) ::= YEAR. { A = SS_UNIT_YEAR; }

/* Interval qualifiers may carry a precision, "SECOND(3)"; it is accepted and ignored. */
%type iunit {ss_unit}
iunit(A) ::= timeunit(U). { A = U; }
iunit(A) ::= timeunit(U) LP INTEGER RP. { A = U; }

interval(A) ::= INTERVAL(K) STRING(S) iunit(U). [IQUAL] { A = ss_ast_interval(ctx, K, false, S, U, SS_UNIT_NONE); }
interval(A) ::= INTERVAL(K) STRING(S) iunit(U) TO iunit(V). { A = ss_ast_interval(ctx, K, false, S, U, V); }
interval(A) ::= INTERVAL(K) MINUS STRING(S) iunit(U). [IQUAL] { A = ss_ast_interval(ctx, K, true, S, U, SS_UNIT_NONE); }
interval(A) ::= INTERVAL(K) MINUS STRING(S) iunit(U) TO iunit(V). { A = ss_ast_interval(ctx, K, true, S, U, V); }

number(A) ::= INTEGER(X). { A = ss_ast_number(ctx, X); }
number(A) ::= DECIMAL(X). { A = ss_ast_number(ctx, X); }
number(A) ::= FLOAT(X). { A = ss_ast_number(ctx, X); }
literal(A) ::= number(N). { A = N; }
literal(A) ::= STRING(X). { A = ss_ast_string(ctx, X); }
literal(A) ::= TRUE(X). { A = ss_ast_bool(ctx, X, true); }
literal(A) ::= FALSE(X). { A = ss_ast_bool(ctx, X, false); }
literal(A) ::= NULL(X). { A = ss_ast_null(ctx, X); }
