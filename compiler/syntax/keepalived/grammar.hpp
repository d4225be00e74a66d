// SPDX-License-Identifier: MIT
#pragma once
/// The keepalived.conf grammar as small named PEGTL rules. keepalived's syntax
/// is line based: a line is first checked for `include`, then for a conditional
/// (`@id`), a definition (`$NAME=`) or a generator (`~SEQ(...)`), then its
/// parameters are substituted, and what is left is split into tokens: words
/// (with quoted parts), `{`, `}`, and a comment. Every rule here matches within
/// one line; the line structure and the braces are the tree builder's job.
#include <tao/pegtl.hpp>

namespace havip::syntax::keepalived::grammar {

namespace p = tao::pegtl;

// ---- characters ---------------------------------------------------------
/// Blanks separate tokens; a NUL is read as a blank (and reported once per file).
struct blank : p::one<' ', '\t', '\r', '\v', '\f', '\0'> {};
struct blanks : p::star<blank> {};
/// `#` or `!` outside double quotes starts a comment that runs to the end of the line.
struct comment_start : p::one<'#', '!'> {};
struct comment : p::seq<comment_start, p::star<p::any>> {};
struct lbrace : p::one<'{'> {};
struct rbrace : p::one<'}'> {};

// ---- parameter names and references ------------------------------------
/// `A-Za-z0-9_`, not starting with a digit.
struct name : p::seq<p::ranges<'A', 'Z', 'a', 'z', '_'>, p::star<p::ranges<'A', 'Z', 'a', 'z', '0', '9', '_'>>> {};
/// `${...}`: a name, or a built-in with arguments (`${_RANDOM 1 10}`, `${_ENV HOME}`).
struct braced_body : p::star<p::not_one<'}', '{'>> {};
struct braced_ref : p::seq<p::one<'$'>, p::one<'{'>, braced_body, p::one<'}'>> {};
/// `$NAME`, a reference only when followed by a blank or the end of the line.
struct bare_ref_end : p::at<p::sor<blank, p::eof>> {};
struct bare_ref : p::seq<p::one<'$'>, name, bare_ref_end> {};
struct reference : p::sor<braced_ref, bare_ref> {};

// ---- definitions ---------------------------------------------------------
/// `$NAME=value`: no blank before `=`, only blanks before `$`.
struct definition_head : p::seq<blanks, p::one<'$'>, name, p::one<'='>> {};

// ---- conditionals ----------------------------------------------------------
/// `@id text` or `@^id text`: the id runs up to the first blank.
struct cond_negate : p::one<'^'> {};
struct cond_id : p::plus<p::not_one<' ', '\t', '\r', '\v', '\f', '\0'>> {};
struct conditional : p::seq<blanks, p::one<'@'>, p::opt<cond_negate>, cond_id, p::sor<p::plus<blank>, p::eof>> {};

// ---- generators -------------------------------------------------------------
struct gen_seqx : p::string<'~', 'S', 'E', 'Q', 'x'> {};
struct gen_seq : p::string<'~', 'S', 'E', 'Q'> {};
struct gen_lst : p::string<'~', 'L', 'S', 'T'> {};
struct gen_start : p::seq<blanks, p::sor<gen_seqx, gen_seq, gen_lst>, p::one<'('>> {};

struct number : p::seq<p::opt<p::one<'-', '+'>>,
                       p::sor<p::seq<p::one<'0'>, p::one<'x', 'X'>, p::plus<p::xdigit>>, p::plus<p::digit>>> {};
struct seq_var : name {};
struct seq_number : number {};
struct comma : p::seq<blanks, p::one<','>, blanks> {};
/// `(var, end)`, `(var, start, end)` or `(var, start, step, end)`.
struct seq_args : p::seq<blanks, seq_var, p::rep_min_max<1, 3, p::seq<comma, seq_number>>, blanks, p::one<')'>> {};

struct lst_var : name {};
struct lst_vars : p::sor<p::seq<p::one<'{'>, blanks, p::list<lst_var, comma>, blanks, p::one<'}'>>, lst_var> {};
/// A value runs to the next `,` `)` `{` or `}`; surrounding blanks are trimmed.
struct lst_value : p::star<p::not_one<',', ')', '{', '}'>> {};
struct lst_tuple_open : p::one<'{'> {};
struct lst_tuple_close : p::one<'}'> {};
struct lst_tuple : p::seq<lst_tuple_open, p::list<lst_value, p::one<','>>, lst_tuple_close> {};
struct lst_single : lst_value {};
struct lst_item : p::seq<blanks, p::sor<lst_tuple, lst_single>, blanks> {};
/// `(var, v1, v2, ...)` or `({a, b}, {1, 2}, {3, 4})`.
struct lst_args : p::seq<blanks, lst_vars, blanks, p::plus<p::one<','>, lst_item>, p::one<')'>> {};

// ---- tokens -------------------------------------------------------------------
/// Outside quotes a backslash escapes the next character (`\#` is not a comment).
struct escaped : p::seq<p::one<'\\'>, p::any> {};
struct dq_open : p::one<'"'> {};
struct dq_close : p::one<'"'> {};
/// Inside double quotes an escape is kept; `\"` does not end the string.
struct dq_body : p::star<p::sor<p::seq<p::one<'\\'>, p::any>, p::not_one<'"'>>> {};
struct dq_unterminated : p::eof {};
struct dq_part : p::seq<dq_open, dq_body, p::sor<dq_close, dq_unterminated>> {};

/// Single quotes group only in script strings; a comment character still ends the line.
struct sq_open : p::one<'\''> {};
struct sq_close : p::one<'\''> {};
struct sq_unterminated : p::at<p::sor<p::eof, comment_start>> {};
struct sq_body : p::star<p::sor<p::seq<p::one<'\\'>, p::not_one<'#', '!'>>, p::not_one<'\'', '#', '!'>>> {};
template <typename Mode>
struct sq_part_t : p::seq<Mode, sq_open, sq_body, p::sor<sq_close, sq_unterminated>> {};

/// An unexpanded `${...}` (undefined) stays inside its word, braces and all.
struct ref_part : braced_ref {};
struct bare_part : p::plus<p::not_one<' ', '\t', '\r', '\v', '\f', '\0', '#', '!', '{', '}', '"', '\\', '\'', '$'>> {};
struct other_char : p::one<'\\', '\'', '$'> {};

template <typename Mode>
struct word_t : p::plus<p::sor<bare_part, dq_part, ref_part, sq_part_t<Mode>, escaped, other_char>> {};
template <typename Mode>
struct token_t : p::sor<lbrace, rbrace, word_t<Mode>> {};
template <typename Mode>
struct line_t : p::seq<blanks, p::star<token_t<Mode>, blanks>, p::opt<comment>, p::eof> {};

// ---- suppression comments ------------------------------------------------------
/// `# havip-lint: disable=HV203,HV204 -- reason` (also with `!`).
struct directive_marker : p::string<'h', 'a', 'v', 'i', 'p', '-', 'l', 'i', 'n', 't', ':'> {};
/// A code (HV203) or a slug (garp-repeat); `--` never belongs to one.
struct directive_code : p::seq<p::plus<p::alnum>, p::star<p::one<'-'>, p::plus<p::alnum>>> {};
struct directive_reason : p::star<p::any> {};
struct directive_codes : p::list<directive_code, p::one<','>, blank> {};
struct directive
    : p::seq<comment_start, blanks, directive_marker, blanks, p::string<'d', 'i', 's', 'a', 'b', 'l', 'e', '='>,
             directive_codes, blanks, p::opt<p::string<'-', '-'>, blanks, directive_reason>, p::eof> {};

}  // namespace havip::syntax::keepalived::grammar
