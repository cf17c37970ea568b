// SPDX-License-Identifier: GPL-2.0-only
/*
 * SHA-1 digests with libcrypto's EVP interface.
 */
#include "hash.h"
#include "util.h"

#include <stdio.h>

#include <openssl/evp.h>

void sha1_init(struct sha1_ctx *ctx)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (!md || EVP_DigestInit_ex(md, EVP_sha1(), NULL) != 1)
		die("libcrypto cannot start a SHA-1 digest; check the OpenSSL installation");
	ctx->md = md;
}

void sha1_update(struct sha1_ctx *ctx, const void *data, size_t len)
{
	if (len && EVP_DigestUpdate(ctx->md, data, len) != 1)
		die("libcrypto failed to hash %zu bytes with SHA-1", len);
}

void sha1_final_hex(struct sha1_ctx *ctx, char out[SHA1_HEX_SIZE])
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (EVP_DigestFinal_ex(ctx->md, digest, &n) != 1 || n != 20)
		die("libcrypto failed to finish a SHA-1 digest");
	EVP_MD_CTX_free(ctx->md);
	ctx->md = NULL;
	for (unsigned int i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

void sha1_hex(const void *data, size_t len, char out[SHA1_HEX_SIZE])
{
	struct sha1_ctx ctx;

	sha1_init(&ctx);
	sha1_update(&ctx, data, len);
	sha1_final_hex(&ctx, out);
}

void git_blob_sha1_hex(const void *data, size_t len, char out[SHA1_HEX_SIZE])
{
	struct sha1_ctx ctx;
	char header[32];
	int n = snprintf(header, sizeof(header), "blob %zu", len);

	sha1_init(&ctx);
	sha1_update(&ctx, header, (size_t)n + 1);
	sha1_update(&ctx, data, len);
	sha1_final_hex(&ctx, out);
}
