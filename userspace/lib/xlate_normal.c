// SPDX-License-Identifier: GPL-2.0
/*
 * NORMAL: a MAC-learning L2 switch with VLAN access and trunk ports, and
 * flood, its VLAN-aware broadcast.
 *
 * A frame's VLAN comes from its input port (xlate.h, enum fp_vlan_mode).
 * NORMAL learns (source MAC, VLAN) -> input port, then sends the frame to
 * the port its destination was learned on, or floods it to every other
 * port of its VLAN. Each output gets the frame tagged as the port wants it.
 * The VLAN tag is the outermost one, whatever its TPID; inner tags travel
 * untouched. Frames from a group address and frames to the 802.1D
 * link-local addresses are dropped, as a bridge must.
 *
 * Wildcards: in_port (the VLAN and the flood set depend on it), the outer
 * tag's present bit and VID, dl_dst (the lookup) and dl_src: learning
 * happens only on an upcall, so every new source must miss the megaflow.
 * PCP and inner tags stay wildcarded unless an output rewrites the tag.
 */
#include <arpa/inet.h>
#include <string.h>

#include "xlate_ctx.h"

#define ETH_TYPE_VLAN 0x8100
#define VLAN_RESERVED 4095

static bool mac_is_multicast(const uint8_t mac[6])
{
	return mac[0] & 1;
}

/*
 * 01:80:c2:00:00:00 to :0f are for the link itself (STP, LACP, 802.1X
 * and others): an 802.1D bridge never forwards them.
 */
static bool mac_is_link_local(const uint8_t mac[6])
{
	static const uint8_t prefix[5] = { 0x01, 0x80, 0xc2, 0x00, 0x00 };

	return !memcmp(mac, prefix, 5) && (mac[5] & 0xf0) == 0;
}

/* The frame's VLAN on input port in: 0, or -1 when the port refuses it. */
static int input_vlan(struct xlate_ctx *ctx, const struct fp_xport *in,
		      uint16_t *vlan)
{
	uint16_t vid = xlate_vlan_present(ctx) ? xlate_vlan_vid(ctx) : 0;

	if (in->mode == FP_VLAN_ACCESS) {
		/* VID 0 is a priority tag: the frame is in no VLAN yet. */
		if (vid) {
			xlate_note(ctx, "frame tagged with VLAN %u on access port %.*s, dropped",
				   vid, IF_NAMESIZE, in->name);
			return -1;
		}
		*vlan = in->tag;
		return 0;
	}
	if (vid == VLAN_RESERVED || !fp_xport_in_vlan(in, vid)) {
		xlate_note(ctx, "port %.*s does not trunk VLAN %u, dropped",
			   IF_NAMESIZE, in->name, vid);
		return -1;
	}
	*vlan = vid;
	return 0;
}

/* Trunks carry VLANs tagged, except VLAN 0; access ports untagged. */
static bool port_wants_tag(const struct fp_xport *port, uint16_t vlan)
{
	return port->mode == FP_VLAN_TRUNK && vlan != 0;
}

/*
 * Outputs the frame tagged as port wants it in vlan. The tag change is
 * for this output only: work gets its tags back, and the next output's
 * commit changes what base has into what that port wants.
 */
static int output_in_vlan(struct xlate_ctx *ctx, const struct fp_xport *port,
			  uint16_t vlan)
{
	struct fp_vlan saved[FP_FLOW_MAX_VLANS];
	struct xlate_tags saved_tags = ctx->work_tags;
	bool tagged = xlate_vlan_present(ctx);
	int err = 0;

	memcpy(saved, ctx->work.vlans, sizeof(saved));
	if (!port_wants_tag(port, vlan)) {
		if (tagged)
			xlate_vlan_pop(ctx);
	} else if (tagged) {
		/* Keeps the PCP the frame came with. */
		xlate_vlan_set_tci(ctx, htons(vlan), htons(FP_VLAN_VID_MASK));
	} else {
		err = xlate_vlan_push(ctx, htons(ETH_TYPE_VLAN), htons(vlan));
	}
	if (!err)
		err = xlate_output(ctx, port->odp_port);
	memcpy(ctx->work.vlans, saved, sizeof(saved));
	ctx->work_tags = saved_tags;
	return err;
}

/*
 * Every port of the VLAN but the input. Ports that want the frame tagged
 * as it is go first, the others after: so the tag changes at most once
 * however the ports are ordered, and the actions stay short.
 */
static int flood_vlan(struct xlate_ctx *ctx, const struct fp_xport *in,
		      uint16_t vlan)
{
	const struct fp_xbridge *br = ctx->in->br;
	bool tagged = xlate_vlan_present(ctx);
	int err;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < br->n_ports; i++) {
			const struct fp_xport *p = &br->ports[i];
			bool as_is = port_wants_tag(p, vlan) == tagged;

			if (p == in || !fp_xport_in_vlan(p, vlan) ||
			    as_is != (pass == 0))
				continue;
			err = output_in_vlan(ctx, p, vlan);
			if (err)
				return err;
		}
	}
	return 0;
}

static void learn_source(struct xlate_ctx *ctx, const struct fp_xport *in,
			 uint16_t vlan)
{
	const struct fp_xlate_in *xin = ctx->in;

	if (!xin->br->macs)
		return;
	ctx->out->learns = true;
	if (xin->may_learn)
		fp_mac_learn(xin->br->macs, ctx->work.dl_src, vlan,
			     in->odp_port, xin->now_ms);
}

/* Where dl_dst was learned in vlan, or NULL (unknown, or gone since). */
static const struct fp_xport *learned_port(struct xlate_ctx *ctx,
					   uint16_t vlan)
{
	struct fp_mac_table *macs = ctx->in->br->macs;
	const struct fp_xport *port;
	uint32_t odp_port;

	if (!macs)
		return NULL;
	/* Read before the lookup: a change after it makes this flow stale. */
	if (!ctx->out->used_macs) {
		ctx->out->used_macs = true;
		ctx->out->mac_generation = fp_mac_table_generation(macs);
	}
	if (fp_mac_lookup(macs, ctx->work.dl_dst, vlan, ctx->in->now_ms,
			  &odp_port))
		return NULL;
	port = fp_xbridge_port_by_odp(ctx->in->br, odp_port);
	/* A port reconfigured out of the VLAN: its entries are stale. */
	if (port && !fp_xport_in_vlan(port, vlan))
		return NULL;
	return port;
}

/* The input port and the frame's VLAN on it, or NULL (noted) to drop. */
static const struct fp_xport *admit(struct xlate_ctx *ctx, uint16_t *vlan)
{
	const struct fp_xport *in = xlate_input_port(ctx);

	if (!in) {
		xlate_note(ctx, "input port %u is not on bridge %s, dropped",
			   ctx->in->flow->in_port, ctx->in->br->name);
		return NULL;
	}
	return input_vlan(ctx, in, vlan) ? NULL : in;
}

int xlate_normal(struct xlate_ctx *ctx)
{
	const struct fp_xport *in, *out;
	const uint8_t *src = ctx->work.dl_src, *dst = ctx->work.dl_dst;
	uint16_t vlan;

	in = admit(ctx, &vlan);
	if (!in)
		return 0;
	memset(ctx->out->wc.dl_src, 0xff, sizeof(ctx->out->wc.dl_src));
	memset(ctx->out->wc.dl_dst, 0xff, sizeof(ctx->out->wc.dl_dst));
	if (mac_is_multicast(src)) {
		xlate_note(ctx, "multicast source address, dropped");
		return 0;
	}
	if (mac_is_link_local(dst)) {
		xlate_note(ctx, "link-local multicast destination, not forwarded");
		return 0;
	}
	learn_source(ctx, in, vlan);
	if (mac_is_multicast(dst))
		return flood_vlan(ctx, in, vlan);
	out = learned_port(ctx, vlan);
	if (!out)
		return flood_vlan(ctx, in, vlan);
	if (out == in) {
		/* Both hosts sit behind the input port: it has the frame. */
		xlate_note(ctx, "destination is on the input port, dropped");
		return 0;
	}
	return output_in_vlan(ctx, out, vlan);
}

int xlate_flood(struct xlate_ctx *ctx)
{
	const struct fp_xport *in;
	uint16_t vlan;

	in = admit(ctx, &vlan);
	return in ? flood_vlan(ctx, in, vlan) : 0;
}
