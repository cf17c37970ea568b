/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SHA-1 through libcrypto: plain digests, git blob hashes and incremental hashing.
 */
#ifndef WHICHALLOC_HASH_H
#define WHICHALLOC_HASH_H

#include <stddef.h>

#define SHA1_HEX_SIZE 41	/* 40 hex digits and a NUL */

struct sha1_ctx {
	void *md;	/* EVP_MD_CTX */
};

void sha1_init(struct sha1_ctx *ctx);
void sha1_update(struct sha1_ctx *ctx, const void *data, size_t len);
void sha1_final_hex(struct sha1_ctx *ctx, char out[SHA1_HEX_SIZE]);

void sha1_hex(const void *data, size_t len, char out[SHA1_HEX_SIZE]);
/* The object name git gives this content as a blob ("blob LEN\0" + data). */
void git_blob_sha1_hex(const void *data, size_t len, char out[SHA1_HEX_SIZE]);

#endif
