// SPDX-License-Identifier: GPL-2.0
/* struct fp_flow word helpers (flow.c): masks, comparisons, the hash. */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <string.h>

#include "flow.h"

static void sample(struct fp_flow *f)
{
	fp_flow_zero(f);
	f->in_port = 3;
	f->dl_type = htons(0x0800);
	f->nw_proto = 6;
	f->nw_src = inet_addr("10.0.0.1");
	f->nw_dst = inet_addr("10.0.0.2");
	f->tp_src = htons(1234);
	f->tp_dst = htons(80);
}

Test(flow_helpers, set_all_leaves_padding_zero)
{
	struct fp_flow m;
	static const uint8_t zero[4];

	fp_flow_set_all(&m);
	cr_expect_eq(m.in_port, 0xffffffff);
	cr_expect_eq(m.arp_tha[5], 0xff);
	cr_expect_arr_eq(m.pad, zero, sizeof(zero));
	cr_expect_not(fp_flow_is_zero(&m));
	fp_flow_zero(&m);
	cr_expect(fp_flow_is_zero(&m));
}

Test(flow_helpers, apply_mask_and_equal_masked)
{
	struct fp_flow a, b, m, out;

	sample(&a);
	sample(&b);
	b.tp_src = htons(999);
	fp_flow_zero(&m);
	m.nw_dst = 0xffffffff;
	m.tp_dst = 0xffff;
	cr_expect(fp_flow_equal_masked(&a, &b, &m));
	m.tp_src = htons(0x0002);	/* 1234 and 999 share bit 1 ... */
	cr_expect(fp_flow_equal_masked(&a, &b, &m), "1234 & 2 == 999 & 2");
	m.tp_src = htons(0x0001);	/* ... not bit 0 */
	cr_expect_not(fp_flow_equal_masked(&a, &b, &m));

	fp_flow_apply_mask(&out, &a, &m);
	cr_expect_eq(out.nw_dst, a.nw_dst);
	cr_expect_eq(out.nw_src, 0);
	cr_expect_eq(out.in_port, 0);
	cr_expect_eq(out.tp_src, a.tp_src & m.tp_src);
}

Test(flow_helpers, or_and_subset)
{
	struct fp_flow wc, m1, m2;

	fp_flow_zero(&wc);
	fp_flow_zero(&m1);
	fp_flow_zero(&m2);
	m1.in_port = 0xffffffff;
	m2.nw_src = htonl(0xffffff00);
	cr_expect(fp_flow_mask_subset(&wc, &m1), "the empty mask is in every mask");
	fp_flow_or(&wc, &m1);
	fp_flow_or(&wc, &m2);
	cr_expect(fp_flow_mask_subset(&m1, &wc));
	cr_expect(fp_flow_mask_subset(&m2, &wc));
	cr_expect_not(fp_flow_mask_subset(&wc, &m1));
	m2.nw_src = 0xffffffff;
	cr_expect_not(fp_flow_mask_subset(&m2, &wc), "/32 is not inside /24");
}

Test(flow_helpers, equal_masked_flows_hash_equal)
{
	struct fp_flow a, b, m;

	sample(&a);
	sample(&b);
	b.tp_src = htons(4321);
	b.nw_ttl = 17;
	fp_flow_zero(&m);
	m.nw_src = m.nw_dst = 0xffffffff;
	m.tp_dst = 0xffff;
	cr_expect_eq(fp_flow_hash_masked(&a, &m, 7), fp_flow_hash_masked(&b, &m, 7));
	cr_expect_neq(fp_flow_hash_masked(&a, &m, 7), fp_flow_hash_masked(&a, &m, 8),
		      "the basis changes the hash");
}

/*
 * A hash that ignored some word, or mixed too little, would collide on
 * flows that differ in one field. Every single-bit change of a masked
 * field must change the hash, and the low bits (bucket indexes) must
 * spread: 4096 flows differing in one address fill most of 256 buckets.
 */
Test(flow_helpers, hash_sees_every_bit_and_spreads)
{
	struct fp_flow base, f, m;
	uint32_t h0;
	uint8_t used[256] = { 0 };
	size_t byte, n_used = 0;
	int bit, i;

	sample(&base);
	fp_flow_set_all(&m);
	h0 = fp_flow_hash_masked(&base, &m, 0);
	for (byte = 0; byte < offsetof(struct fp_flow, pad); byte++) {
		for (bit = 0; bit < 8; bit++) {
			f = base;
			((uint8_t *)&f)[byte] ^= 1u << bit;
			cr_assert_neq(fp_flow_hash_masked(&f, &m, 0), h0,
				      "flipping bit %d of byte %zu", bit, byte);
		}
	}
	for (i = 0; i < 4096; i++) {
		f = base;
		f.nw_src = htonl(0x0a000000 + i);
		used[fp_flow_hash_masked(&f, &m, 0) & 0xff] = 1;
	}
	for (i = 0; i < 256; i++)
		n_used += used[i];
	cr_expect_gt(n_used, 240, "only %zu of 256 buckets used", n_used);
}
