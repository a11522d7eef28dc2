// SPDX-License-Identifier: GPL-2.0
/*
 * The controller action: a copy of the packet, as the actions before it
 * left it, to flowpathd. It becomes the datapath's userspace() action,
 * whose USERDATA is the cookie naming the rule (packet_in.h), preceded by
 * trunc() for controller:MAX_LEN.
 *
 * Which netlink port id goes in OVS_USERSPACE_ATTR_PID. The kernel
 * (output_userspace() in net/openvswitch/actions.c) sends to that pid
 * only when the datapath dispatches upcalls per vport; under per-CPU
 * dispatch (OVS_DP_F_DISPATCH_UPCALL_PER_CPU) it ignores it and sends to
 * the pid of the CPU the packet is on, as it does a miss. Either way it
 * refuses a flow whose pid is 0 (validate_userspace()). Open vSwitch puts
 * the input port's channel pid there per vport, and a fixed non-zero
 * stand-in per CPU.
 *
 * We take the pid of handler (in_port mod the number of handlers), in
 * both modes:
 *  - per vport, every vport sends its misses to all handlers (the kernel
 *    picks by packet hash), so any handler's pid is a right one; choosing
 *    by input port spreads the packet-ins of several ports over the
 *    handlers and keeps those of one port in order, in one handler;
 *  - per CPU, it is a valid non-zero pid the kernel replaces, and
 *    translation need not know the datapath's dispatch mode;
 *  - it depends on in_port alone (made exact in the megaflow) and on the
 *    running daemon's sockets, so translating a flow again gives the same
 *    actions, which is what the revalidator compares. A restarted
 *    flowpathd has new sockets and a new run id in the cookie: it finds
 *    the actions of the flows it adopts changed and rewrites them, which
 *    per vport is what keeps their packet-ins from a closed socket. (A
 *    stand-in pid per CPU would not spare that rewrite: the run id
 *    changes anyway.)
 */
#include <errno.h>

#include "packet_in.h"
#include "xlate_ctx.h"

static uint32_t packet_in_pid(struct xlate_ctx *ctx)
{
	const struct fp_xbridge *br = ctx->in->br;

	ctx->out->wc.in_port = UINT32_MAX;
	return br->upcall_pids[ctx->in->flow->in_port % br->n_upcall_pids];
}

int xlate_controller(struct xlate_ctx *ctx, uint16_t max_len)
{
	const struct fp_xbridge *br = ctx->in->br;
	const struct fp_packet_in_cookie c = {
		.run = br->run_id,
		.rule_id = ctx->in->rule_id,
	};
	uint8_t cookie[FP_PACKET_IN_COOKIE_LEN];
	int err;

	if (!br->n_upcall_pids)
		return xlate_fail(ctx, -ENOTCONN,
				  "bridge %s has no upcall socket to send packets to flowpathd through",
				  br->name);
	if (max_len && max_len < FP_RACT_CONTROLLER_MIN_LEN)
		return xlate_fail(ctx, -EINVAL,
				  "MAX_LEN %u is below %d bytes: the datapath cuts no packet shorter than its Ethernet header",
				  max_len, FP_RACT_CONTROLLER_MIN_LEN);
	/* The copy is of the packet as modified so far, as for an output. */
	err = xlate_commit(ctx);
	if (err)
		return err;
	if (max_len)
		fp_odp_put_trunc(&ctx->out->odp, max_len);
	fp_packet_in_cookie_put(&c, cookie);
	fp_odp_put_userspace(&ctx->out->odp, packet_in_pid(ctx), cookie,
			     sizeof(cookie));
	return 0;
}
