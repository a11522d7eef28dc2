// SPDX-License-Identifier: GPL-2.0
/*
 * set_field (and mod_dl_src, mod_nw_dst, ...): rewrite header bits of the
 * working copy of the packet, after checking that the packet has that
 * header and that the datapath has a set action for the field.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/openvswitch.h>
#include <netinet/in.h>
#include <string.h>

#include "xlate_ctx.h"

#define ETH_TYPE_IP 0x0800
#define ETH_TYPE_ARP 0x0806
#define ETH_TYPE_IPV6 0x86dd
#define ETH_TYPE_VLAN 0x8100

/* What a field needs before the datapath can rewrite it. */
enum set_need {
	NEED_NOTHING,		/* Ethernet addresses, skb priority and mark */
	NEED_IPV4,
	NEED_IPV6,
	NEED_IP,		/* either */
	NEED_L4,		/* TCP, UDP or SCTP, and not a later fragment */
	NEED_TAG,		/* the outer VLAN TCI: handled on its own */
	NEVER,			/* no datapath set action writes it */
};

struct settable {
	const char *name;
	size_t ofs, len;
	enum set_need need;
};

#define FIELD(f, need) { #f, offsetof(struct fp_flow, f), \
			 sizeof(((struct fp_flow *)0)->f), need }

/*
 * Every byte of struct fp_flow, in order: set_header_bits() applies the
 * whole mask, so a byte no entry covers would be rewritten unchecked.
 */
static const struct settable fields[] = {
	FIELD(in_port, NEVER),
	FIELD(skb_priority, NEED_NOTHING),
	FIELD(skb_mark, NEED_NOTHING),
	FIELD(recirc_id, NEVER),
	FIELD(dp_hash, NEVER),
	FIELD(dl_dst, NEED_NOTHING),
	FIELD(dl_src, NEED_NOTHING),
	{ "the VLAN TPID", offsetof(struct fp_flow, vlans[0].tpid),
	  sizeof(fp_be16), NEVER },
	{ "vlan_tci", offsetof(struct fp_flow, vlans[0].tci),
	  sizeof(fp_be16), NEED_TAG },
	{ "the inner VLAN tag", offsetof(struct fp_flow, vlans[1]),
	  sizeof(struct fp_vlan), NEVER },
	FIELD(dl_type, NEVER),
	FIELD(nw_proto, NEVER),
	FIELD(nw_tos, NEED_IP),
	FIELD(nw_ttl, NEED_IP),
	FIELD(nw_frag, NEVER),
	FIELD(tp_src, NEED_L4),
	FIELD(tp_dst, NEED_L4),
	FIELD(tcp_flags, NEVER),
	FIELD(nw_src, NEED_IPV4),
	FIELD(nw_dst, NEED_IPV4),
	FIELD(ipv6_label, NEED_IPV6),
	FIELD(ipv6_src, NEED_IPV6),
	FIELD(ipv6_dst, NEED_IPV6),
	FIELD(nd_target, NEVER),
	FIELD(arp_sha, NEVER),
	FIELD(arp_tha, NEVER),
	FIELD(pad, NEVER),
};

static bool any_bit(const struct fp_flow *mask, const struct settable *f)
{
	const uint8_t *p = (const uint8_t *)mask + f->ofs;

	for (size_t i = 0; i < f->len; i++)
		if (p[i])
			return true;
	return false;
}

/* The EtherType decides, so it becomes exact. */
static uint16_t read_dl_type(struct xlate_ctx *ctx)
{
	ctx->out->wc.dl_type = 0xffff;
	return ntohs(ctx->work.dl_type);
}

static bool is_ip(uint16_t dl_type)
{
	return dl_type == ETH_TYPE_IP || dl_type == ETH_TYPE_IPV6;
}

/*
 * The datapath refuses set(tcp) unless the flow matches IP protocol TCP
 * (and likewise UDP, SCTP), so nw_proto becomes exact; a later fragment
 * has no ports to rewrite, so nw_frag does too.
 */
static int check_l4(struct xlate_ctx *ctx)
{
	uint16_t dl_type = read_dl_type(ctx);
	uint8_t proto;

	if (!is_ip(dl_type))
		return 1;
	ctx->out->wc.nw_proto = 0xff;
	proto = ctx->work.nw_proto;
	if ((dl_type == ETH_TYPE_IP && proto == IPPROTO_ICMP) ||
	    (dl_type == ETH_TYPE_IPV6 && proto == IPPROTO_ICMPV6))
		return xlate_fail(ctx, -EOPNOTSUPP,
				  "the datapath has no action that rewrites ICMP type or code");
	if (proto != IPPROTO_TCP && proto != IPPROTO_UDP &&
	    proto != IPPROTO_SCTP)
		return 1;
	ctx->out->wc.nw_frag = 0xff;
	return ctx->work.nw_frag == OVS_FRAG_TYPE_LATER ? 1 : 0;
}

static int check_ipv4(struct xlate_ctx *ctx)
{
	uint16_t dl_type = read_dl_type(ctx);

	/* ARP's sender and target IP live in nw_src and nw_dst. */
	if (dl_type == ETH_TYPE_ARP)
		return xlate_fail(ctx, -EOPNOTSUPP,
				  "the datapath has no action that rewrites ARP fields");
	return dl_type == ETH_TYPE_IP ? 0 : 1;
}

/*
 * With the present bit in its mask, a TCI rewrite strips or ensures a tag
 * (set_tci()), which works on any packet; without, it needs a tag.
 */
static int check_tci(struct xlate_ctx *ctx, const struct fp_flow *mask)
{
	if (mask->vlans[0].tci & htons(FP_VLAN_PRESENT))
		return 0;
	return xlate_vlan_present(ctx) ? 0 : 1;
}

/* 0: the packet qualifies, 1: it lacks the header (skip), < 0: refused. */
static int check_need(struct xlate_ctx *ctx, const struct settable *f,
		      const struct fp_flow *mask)
{
	switch (f->need) {
	case NEED_NOTHING:
		return 0;
	case NEED_IPV4:
		return check_ipv4(ctx);
	case NEED_IPV6:
		if (mask->ipv6_label & htonl(0xfff00000))
			return xlate_fail(ctx, -EINVAL,
					  "the IPv6 flow label has 20 bits, the mask sets more");
		return read_dl_type(ctx) == ETH_TYPE_IPV6 ? 0 : 1;
	case NEED_IP:
		return is_ip(read_dl_type(ctx)) ? 0 : 1;
	case NEED_L4:
		return check_l4(ctx);
	case NEED_TAG:
		return check_tci(ctx, mask);
	case NEVER:
		break;
	}
	return xlate_fail(ctx, -EOPNOTSUPP,
			  "the datapath has no action that rewrites %s", f->name);
}

/* Checks every field the mask touches; the first refusal or skip wins. */
static int check_fields(struct xlate_ctx *ctx, const struct fp_flow *mask)
{
	int ret;

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!any_bit(mask, &fields[i]))
			continue;
		ret = check_need(ctx, &fields[i], mask);
		if (ret) {
			if (ret > 0)
				xlate_note(ctx, "the packet has no %s to rewrite, skipped",
					   fields[i].name);
			return ret;
		}
	}
	return 0;
}

/*
 * set_field on the outer TCI, in Open vSwitch's vlan_tci terms: with the
 * present bit in the mask it strips (bit clear) or ensures (bit set) a tag.
 */
static int set_tci(struct xlate_ctx *ctx, fp_be16 value, fp_be16 mask)
{
	fp_be16 present = htons(FP_VLAN_PRESENT);

	if ((mask & present) && !(value & present)) {
		xlate_vlan_pop(ctx);
		return 0;
	}
	if (!xlate_vlan_present(ctx))
		return xlate_vlan_push(ctx, htons(ETH_TYPE_VLAN), value & mask);
	xlate_vlan_set_tci(ctx, value, mask & ~present);
	return 0;
}

/*
 * Rewritten header bits become exact in the wildcards: the commit emits a
 * set action only where the new value differs from the packet's, so a
 * packet that already had the new value would get a flow without the set,
 * and that flow must not match packets that need it.
 */
static void set_header_bits(struct xlate_ctx *ctx, const struct fp_flow *value,
			    const struct fp_flow *mask)
{
	const size_t tci = offsetof(struct fp_flow, vlans[0].tci);
	const uint8_t *v = (const uint8_t *)value, *m = (const uint8_t *)mask;
	uint8_t *w = (uint8_t *)&ctx->work, *wc = (uint8_t *)&ctx->out->wc;

	for (size_t i = 0; i < sizeof(struct fp_flow); i++) {
		/* The tag goes through set_tci(), which knows its origin. */
		if (i == tci || i == tci + 1)
			continue;
		w[i] = (uint8_t)((w[i] & ~m[i]) | (v[i] & m[i]));
		wc[i] |= m[i];
	}
}

int xlate_set_field(struct xlate_ctx *ctx, const struct fp_flow *value,
		    const struct fp_flow *mask)
{
	int ret = check_fields(ctx, mask);

	if (ret)
		return ret > 0 ? 0 : ret;
	set_header_bits(ctx, value, mask);
	if (mask->vlans[0].tci)
		return set_tci(ctx, value->vlans[0].tci, mask->vlans[0].tci);
	return 0;
}
