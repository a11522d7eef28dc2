// SPDX-License-Identifier: GPL-2.0
/*
 * act_pedit with extended keys: TCA_PEDIT_PARMS_EX (struct tc_pedit_sel
 * and its array of kernel keys) plus TCA_PEDIT_KEYS_EX, one nest per key
 * naming its header type and the command (always SET here).
 *
 * Masks are inverted between the two sides: in tc_flower.h's pedit key a
 * 1 bit is rewritten; the kernel computes word = (word & mask) ^ val, so
 * its 1 bits are kept, and val must be 0 wherever the word is kept or the
 * XOR would flip packet bits.
 */
#include <errno.h>
#include <string.h>
#include <linux/pkt_cls.h>
#include <linux/tc_act/tc_pedit.h>

#include "tc_nl_impl.h"

/* The selector and key i of TCA_PEDIT_PARMS_EX's payload. */
#define SEL_SIZE(n) (sizeof(struct tc_pedit_sel) + (n) * sizeof(struct tc_pedit_key))

static int check_key(const struct tc_pedit_word *k, size_t i, char *why,
		     size_t whylen)
{
	if (k->htype < TCA_PEDIT_KEY_EX_HDR_TYPE_ETH || k->htype > TCA_PEDIT_KEY_EX_HDR_TYPE_UDP)
		return tc_nl_fail(why, whylen, -EINVAL,
				  "pedit key %zu: header type %u is not eth, ip4, ip6, tcp or udp",
				  i, k->htype);
	if (k->off % 4)
		return tc_nl_fail(why, whylen, -EINVAL,
				  "pedit key %zu: offset %u is not on a 4-byte boundary",
				  i, k->off);
	if (!k->mask)
		return tc_nl_fail(why, whylen, -EINVAL, "pedit key %zu rewrites no bit", i);
	return 0;
}

static void put_keys_ex(struct tc_nl_out *o, const struct tc_act *a)
{
	struct nlattr *keys_ex = tc_nl_nest(o, TCA_PEDIT_KEYS_EX), *ex;
	size_t i;

	for (i = 0; i < a->pedit.n; i++) {
		ex = tc_nl_nest(o, TCA_PEDIT_KEY_EX);
		tc_nl_put_u16(o, TCA_PEDIT_KEY_EX_HTYPE, a->pedit.keys[i].htype);
		tc_nl_put_u16(o, TCA_PEDIT_KEY_EX_CMD, TCA_PEDIT_KEY_EX_CMD_SET);
		tc_nl_nest_end(o, ex);
	}
	tc_nl_nest_end(o, keys_ex);
}

int tc_nl_put_pedit(struct tc_nl_out *o, const struct tc_act *a,
		    char *why, size_t whylen)
{
	uint8_t buf[SEL_SIZE(TC_PEDIT_MAX_KEYS)] __attribute__((aligned(8)));
	struct tc_pedit_sel sel = { .action = TC_ACT_PIPE };
	struct tc_pedit_key kk;
	size_t i, n = a->pedit.n;
	int err;

	if (n == 0 || n > TC_PEDIT_MAX_KEYS)
		return tc_nl_fail(why, whylen, -EINVAL, "a pedit of %zu keys (1 to %d)",
				  n, TC_PEDIT_MAX_KEYS);
	sel.nkeys = (uint8_t)n;
	memcpy(buf, &sel, sizeof(sel));
	for (i = 0; i < n; i++) {
		const struct tc_pedit_word *k = &a->pedit.keys[i];

		err = check_key(k, i, why, whylen);
		if (err)
			return err;
		memset(&kk, 0, sizeof(kk));
		kk.mask = ~k->mask;
		kk.val = k->val & k->mask;
		kk.off = k->off;
		memcpy(buf + SEL_SIZE(i), &kk, sizeof(kk));
	}
	tc_nl_put(o, TCA_PEDIT_PARMS_EX, SEL_SIZE(n), buf);
	put_keys_ex(o, a);
	return 0;
}

/* ---- decoding ---- */

/* Each TCA_PEDIT_KEY_EX in order: the header type of key i; SET only. */
static int parse_keys_ex(const struct nlattr *keys_ex, struct tc_act *a,
			 size_t nkeys)
{
	const struct nlattr *tb[TCA_PEDIT_KEY_EX_MAX + 1];
	const struct nlattr *ex;
	uint16_t htype, cmd;
	size_t i = 0;

	mnl_attr_for_each_nested(ex, keys_ex) {
		if (mnl_attr_get_type(ex) != TCA_PEDIT_KEY_EX || i == nkeys)
			return -EBADMSG;
		if (tc_nl_parse_nest(ex, tb, TCA_PEDIT_KEY_EX_MAX) ||
		    !tb[TCA_PEDIT_KEY_EX_HTYPE] || !tb[TCA_PEDIT_KEY_EX_CMD] ||
		    tc_nl_get(tb[TCA_PEDIT_KEY_EX_HTYPE], &htype, 2) ||
		    tc_nl_get(tb[TCA_PEDIT_KEY_EX_CMD], &cmd, 2))
			return -EBADMSG;
		if (cmd != TCA_PEDIT_KEY_EX_CMD_SET)
			return -EOPNOTSUPP;
		a->pedit.keys[i++].htype = (uint8_t)htype;
	}
	return i == nkeys ? 0 : -EBADMSG;
}

static int parse_sel(const struct nlattr *parms, struct tc_act *a)
{
	const uint8_t *p = mnl_attr_get_payload(parms);
	size_t len = mnl_attr_get_payload_len(parms);
	struct tc_pedit_sel sel;
	struct tc_pedit_key kk;
	size_t i;

	if (len < sizeof(sel))
		return -EBADMSG;
	memcpy(&sel, p, sizeof(sel));
	if (len < SEL_SIZE(sel.nkeys))
		return -EBADMSG;
	if (sel.nkeys == 0 || sel.nkeys > TC_PEDIT_MAX_KEYS)
		return -EOPNOTSUPP;
	a->kind = TC_ACT_PEDIT;
	a->pedit.n = sel.nkeys;
	for (i = 0; i < sel.nkeys; i++) {
		memcpy(&kk, p + SEL_SIZE(i), sizeof(kk));
		/* at/offmask/shift: offsets read from the packet, never ours. */
		if (kk.at || kk.offmask || kk.shift)
			return -EOPNOTSUPP;
		a->pedit.keys[i].off = kk.off;
		a->pedit.keys[i].mask = ~kk.mask;
		a->pedit.keys[i].val = kk.val & ~kk.mask;
	}
	return 0;
}

int tc_nl_parse_pedit(const struct nlattr *opts, struct tc_act *a,
		      const struct nlattr **tm, char *why, size_t whylen)
{
	const struct nlattr *tb[TCA_PEDIT_MAX + 1];
	int err;

	if (tc_nl_parse_nest(opts, tb, TCA_PEDIT_MAX))
		return tc_nl_fail(why, whylen, -EBADMSG, "a malformed pedit action");
	if (!tb[TCA_PEDIT_PARMS_EX] || !tb[TCA_PEDIT_KEYS_EX])
		return tc_nl_fail(why, whylen, -EOPNOTSUPP,
				  "a pedit without extended keys, which flowpath does not put");
	err = parse_sel(tb[TCA_PEDIT_PARMS_EX], a);
	if (!err)
		err = parse_keys_ex(tb[TCA_PEDIT_KEYS_EX], a, a->pedit.n);
	if (err == -EBADMSG)
		return tc_nl_fail(why, whylen, err, "a malformed pedit action");
	if (err)
		return tc_nl_fail(why, whylen, err,
				  "a pedit with keys flowpath does not put (offsets from the packet, add)");
	*tm = tb[TCA_PEDIT_TM];
	return 0;
}
