// SPDX-License-Identifier: GPL-2.0
/*
 * struct fp_flow helpers: everything works on the flow as an array of
 * 64-bit words, which flow.h guarantees it is (whole words, zeroed padding).
 */
#include <string.h>

#include "flow.h"

void fp_flow_zero(struct fp_flow *f)
{
	memset(f, 0, sizeof(*f));
}

/*
 * The padding stays zero even in an all-ones mask: a mask with pad bits set
 * would make two flows that differ only in (always zero) padding compare
 * unequal after an OR with another mask - harmless - but it would also make
 * fp_flow_is_zero() and the hash see bits no field owns.
 */
void fp_flow_set_all(struct fp_flow *mask)
{
	memset(mask, 0xff, sizeof(*mask));
	memset(mask->pad, 0, sizeof(mask->pad));
}

void fp_flow_apply_mask(struct fp_flow *dst, const struct fp_flow *src,
			const struct fp_flow *mask)
{
	const uint64_t *s = fp_flow_u64(src);
	const uint64_t *m = fp_flow_u64(mask);
	uint64_t *d = fp_flow_u64_rw(dst);
	size_t i;

	for (i = 0; i < FP_FLOW_U64S; i++)
		d[i] = s[i] & m[i];
}

bool fp_flow_equal_masked(const struct fp_flow *a, const struct fp_flow *b,
			  const struct fp_flow *mask)
{
	const uint64_t *x = fp_flow_u64(a);
	const uint64_t *y = fp_flow_u64(b);
	const uint64_t *m = fp_flow_u64(mask);
	size_t i;

	for (i = 0; i < FP_FLOW_U64S; i++)
		if ((x[i] ^ y[i]) & m[i])
			return false;
	return true;
}

void fp_flow_or(struct fp_flow *wc, const struct fp_flow *mask)
{
	const uint64_t *m = fp_flow_u64(mask);
	uint64_t *w = fp_flow_u64_rw(wc);
	size_t i;

	for (i = 0; i < FP_FLOW_U64S; i++)
		w[i] |= m[i];
}

bool fp_flow_mask_subset(const struct fp_flow *a, const struct fp_flow *b)
{
	const uint64_t *x = fp_flow_u64(a);
	const uint64_t *y = fp_flow_u64(b);
	size_t i;

	for (i = 0; i < FP_FLOW_U64S; i++)
		if (x[i] & ~y[i])
			return false;
	return true;
}

bool fp_flow_is_zero(const struct fp_flow *f)
{
	const uint64_t *x = fp_flow_u64(f);
	size_t i;

	for (i = 0; i < FP_FLOW_U64S; i++)
		if (x[i])
			return false;
	return true;
}

/* ---- hashing ---- */

static inline uint64_t rotl64(uint64_t x, unsigned int r)
{
	return (x << r) | (x >> (64 - r));
}

/*
 * One 64-bit word into the state, MurmurHash3 (x64) style: the word is
 * scrambled on its own first, so words that differ in a single bit still
 * move every bit of the state; then the state is rotated and stirred so
 * that word order matters.
 */
static inline uint64_t hash_add(uint64_t h, uint64_t w)
{
	w *= 0x87c37b91114253d5ULL;
	w = rotl64(w, 31);
	w *= 0x4cf5ad432745937fULL;
	h ^= w;
	return rotl64(h, 27) * 5 + 0x52dce729;
}

/* Avalanche: every input bit affects every output bit. */
static inline uint64_t hash_finish(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

uint32_t fp_flow_hash_masked(const struct fp_flow *f,
			     const struct fp_flow *mask, uint32_t basis)
{
	const uint64_t *x = fp_flow_u64(f);
	const uint64_t *m = fp_flow_u64(mask);
	uint64_t h = basis;
	size_t i;

	for (i = 0; i < FP_FLOW_U64S; i++)
		h = hash_add(h, x[i] & m[i]);
	h = hash_finish(h ^ sizeof(*f));
	return (uint32_t)(h ^ (h >> 32));
}
