/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small C-aware reading of a source file, enough for history to tell what became of a
 * finding's function: where a function's body is, and how often code calls a function.
 *
 * It is a scan of tokens, not a parser. Comments, string and character literals are
 * skipped, so a brace or a name in them counts for nothing; preprocessor directives are
 * skipped when looking for a function (a brace in a #define is not code), read as code when
 * counting calls. A function's definition is its name at brace and parenthesis depth 0, at
 * column 0 or right after an identifier or '*' (its type: "static int foo(" or "foo(" on a
 * line of its own), then its balanced parameter list, then optionally attributes whose names
 * start with "__" (__acquires(x), __attribute__((...))), then '{'; the body runs to the
 * matching '}' (to the end of the file when braces do not balance). Known limits: the first
 * definition wins when #if branches define a function twice, and braces that balance only
 * per #if branch throw the depth off.
 */
#ifndef WHICHALLOC_CSOURCE_H
#define WHICHALLOC_CSOURCE_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes [begin, end) of a source text. */
struct c_span {
	size_t begin, end;
};

/*
 * Find the body of function name in src[0..len): from its '{' to just after its '}'. When no
 * function has that name, a function-like or object-like macro "#define name..." is taken
 * instead, its replacement text as the body (spatch names a function defined in a macro
 * body after the macro). false when neither is there.
 */
bool c_find_function(const char *src, size_t len, const char *name, struct c_span *body);

/*
 * The calls of name in src[0..len): the identifier name followed by '(', not a member
 * (after '.' or "->"). Comments and literals are skipped; directives are read as code.
 */
size_t c_count_calls(const char *src, size_t len, const char *name);

#endif
