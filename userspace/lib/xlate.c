// SPDX-License-Identifier: GPL-2.0
/*
 * Translation of a rule's actions into datapath actions: the action loop,
 * outputs, and the messages for what was refused or left out.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "xlate_ctx.h"

#define ETH_TYPE_VLAN 0x8100
#define ETH_TYPE_QINQ 0x88a8
#define NO_ACTION ((size_t)-1)

static const char *const ract_names[] = {
	[FP_RACT_OUTPUT] = "output",
	[FP_RACT_IN_PORT] = "in_port",
	[FP_RACT_NORMAL] = "normal",
	[FP_RACT_FLOOD] = "flood",
	[FP_RACT_PUSH_VLAN] = "push_vlan",
	[FP_RACT_POP_VLAN] = "pop_vlan",
	[FP_RACT_SET_VLAN_VID] = "mod_vlan_vid",
	[FP_RACT_SET_VLAN_PCP] = "mod_vlan_pcp",
	[FP_RACT_SET_FIELD] = "set_field",
	[FP_RACT_CONTROLLER] = "controller",
};

static const char *ract_name(enum fp_ract_type type)
{
	if ((size_t)type < sizeof(ract_names) / sizeof(ract_names[0]) &&
	    ract_names[type])
		return ract_names[type];
	return "unknown action";
}

/* "action 2 (output:p3): " - which of the rule's actions a message is about. */
static int action_prefix(const struct xlate_ctx *ctx, char *buf, size_t size)
{
	const struct fp_ract *a;

	if (ctx->act == NO_ACTION)
		return snprintf(buf, size, "bridge %s: ", ctx->in->br->name);
	a = &ctx->in->actions->acts[ctx->act];
	if (a->type == FP_RACT_OUTPUT)
		return snprintf(buf, size, "action %zu (output:%.*s): ",
				ctx->act + 1, IF_NAMESIZE, a->port);
	return snprintf(buf, size, "action %zu (%s): ", ctx->act + 1,
			ract_name(a->type));
}

static void vformat(const struct xlate_ctx *ctx, char *buf, size_t size,
		    const char *fmt, va_list ap)
{
	int n;

	if (!buf || !size)
		return;
	n = action_prefix(ctx, buf, size);
	if (n >= 0 && (size_t)n < size)
		vsnprintf(buf + n, size - (size_t)n, fmt, ap);
}

int xlate_fail(struct xlate_ctx *ctx, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vformat(ctx, ctx->err, ctx->errlen, fmt, ap);
	va_end(ap);
	return errnum;
}

/* Keeps the first note: later ones are usually its consequences. */
void xlate_note(struct xlate_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (ctx->out->note[0])
		return;
	va_start(ap, fmt);
	vformat(ctx, ctx->out->note, sizeof(ctx->out->note), fmt, ap);
	va_end(ap);
}

const struct fp_xport *xlate_input_port(struct xlate_ctx *ctx)
{
	ctx->out->wc.in_port = UINT32_MAX;
	return fp_xbridge_port_by_odp(ctx->in->br, ctx->in->flow->in_port);
}

int xlate_output(struct xlate_ctx *ctx, uint32_t odp_port)
{
	int err = xlate_commit(ctx);

	if (err)
		return err;
	fp_odp_put_output(&ctx->out->odp, odp_port);
	return 0;
}

/*
 * output:PORT. Ports are named in rules, so a port that is gone (or not
 * yet added) is skipped, not an error. Sending a packet back where it came
 * from takes the in_port action, as in OpenFlow: a rule that outputs to
 * every port by name must not reflect packets.
 */
static int output_named(struct xlate_ctx *ctx, const char *name)
{
	const struct fp_xport *port = fp_xbridge_port_by_name(ctx->in->br, name);

	if (!port) {
		xlate_note(ctx, "bridge %s has no such port, skipped",
			   ctx->in->br->name);
		return 0;
	}
	ctx->out->wc.in_port = UINT32_MAX;
	if (port->odp_port == ctx->in->flow->in_port) {
		xlate_note(ctx, "the packet came in on it, skipped (in_port sends it back)");
		return 0;
	}
	return xlate_output(ctx, port->odp_port);
}

static int output_in_port(struct xlate_ctx *ctx)
{
	ctx->out->wc.in_port = UINT32_MAX;
	return xlate_output(ctx, ctx->in->flow->in_port);
}

static int push_vlan(struct xlate_ctx *ctx, fp_be16 tpid)
{
	if (tpid != htons(ETH_TYPE_VLAN) && tpid != htons(ETH_TYPE_QINQ))
		return xlate_fail(ctx, -EINVAL,
				  "TPID 0x%04x is neither 802.1Q (0x8100) nor 802.1ad (0x88a8)",
				  ntohs(tpid));
	return xlate_vlan_push(ctx, tpid, 0);
}

/* mod_vlan_vid and mod_vlan_pcp: rewrite the outer tag, or push one. */
static int set_vlan_bits(struct xlate_ctx *ctx, uint16_t bits, uint16_t mask)
{
	if (!xlate_vlan_present(ctx))
		return xlate_vlan_push(ctx, htons(ETH_TYPE_VLAN), htons(bits));
	xlate_vlan_set_tci(ctx, htons(bits), htons(mask));
	return 0;
}

static int set_vlan_vid(struct xlate_ctx *ctx, uint16_t vid)
{
	if (vid > FP_VLAN_VID_MASK)
		return xlate_fail(ctx, -EINVAL, "VLAN ID %u is above 4095", vid);
	return set_vlan_bits(ctx, vid, FP_VLAN_VID_MASK);
}

static int set_vlan_pcp(struct xlate_ctx *ctx, uint8_t pcp)
{
	if (pcp > 7)
		return xlate_fail(ctx, -EINVAL, "priority %u is above 7", pcp);
	return set_vlan_bits(ctx, (uint16_t)(pcp << FP_VLAN_PCP_SHIFT),
			     (uint16_t)(7 << FP_VLAN_PCP_SHIFT));
}

static int xlate_action(struct xlate_ctx *ctx, const struct fp_ract *a)
{
	switch (a->type) {
	case FP_RACT_OUTPUT:
		return output_named(ctx, a->port);
	case FP_RACT_IN_PORT:
		return output_in_port(ctx);
	case FP_RACT_NORMAL:
		return xlate_normal(ctx);
	case FP_RACT_FLOOD:
		return xlate_flood(ctx);
	case FP_RACT_PUSH_VLAN:
		return push_vlan(ctx, a->tpid);
	case FP_RACT_POP_VLAN:
		xlate_vlan_pop(ctx);
		return 0;
	case FP_RACT_SET_VLAN_VID:
		return set_vlan_vid(ctx, a->vid);
	case FP_RACT_SET_VLAN_PCP:
		return set_vlan_pcp(ctx, a->pcp);
	case FP_RACT_SET_FIELD:
		return xlate_set_field(ctx, &a->set.value, &a->set.mask);
	case FP_RACT_CONTROLLER:
		return xlate_controller(ctx, a->max_len);
	}
	return xlate_fail(ctx, -EINVAL, "action type %d is not one translation knows",
			  (int)a->type);
}

/* Both copies start as the packet; each present tag is its own origin. */
static void ctx_init(struct xlate_ctx *ctx, const struct fp_xlate_in *in,
		     struct fp_xlate_out *out, char *err, size_t errlen)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->in = in;
	ctx->out = out;
	ctx->err = err;
	ctx->errlen = errlen;
	ctx->act = NO_ACTION;
	ctx->work = *in->flow;
	for (int i = 0; i < FP_FLOW_MAX_VLANS; i++)
		ctx->work_tags.origin[i] = fp_flow_has_vlan(in->flow, i)
					   ? (int8_t)i : XLATE_TAG_NEW;
	ctx->base = ctx->work;
	ctx->base_tags = ctx->work_tags;
}

static int xlate_actions(struct xlate_ctx *ctx)
{
	const struct fp_rule_actions *acts = ctx->in->actions;
	int err;

	if (!acts)
		return 0;	/* no rule matched: drop */
	if (acts->n > FP_RULE_MAX_ACTIONS)
		return xlate_fail(ctx, -EINVAL, "%zu actions, more than the %d a rule holds",
				  acts->n, FP_RULE_MAX_ACTIONS);
	for (ctx->act = 0; ctx->act < acts->n; ctx->act++) {
		err = xlate_action(ctx, &acts->acts[ctx->act]);
		if (err)
			return err;
	}
	/*
	 * Header changes after the last output stay uncommitted: no packet
	 * leaves after them.
	 */
	ctx->act = NO_ACTION;
	if (ctx->out->odp.overflow)
		return xlate_fail(ctx, -EMSGSIZE,
				  "the datapath actions exceed %d bytes",
				  FP_ODP_ACTIONS_MAX);
	return 0;
}

int fp_xlate(const struct fp_xlate_in *in, struct fp_xlate_out *out,
	     char *err, size_t errlen)
{
	struct xlate_ctx ctx;
	int ret;

	if (err && errlen)
		err[0] = '\0';
	fp_odp_actions_init(&out->odp);
	out->used_macs = false;
	out->mac_generation = 0;
	out->learns = false;
	out->note[0] = '\0';
	ctx_init(&ctx, in, out, err, errlen);
	ret = xlate_actions(&ctx);
	if (ret)
		fp_odp_actions_init(&out->odp);
	return ret;
}
