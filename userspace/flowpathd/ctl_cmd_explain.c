// SPDX-License-Identifier: GPL-2.0
/*
 * explain UFID: why a megaflow is where it is. The layer it lives in, the
 * policy in force for the port it enters through and where that policy
 * comes from, whether that port can offload, what refused the flow on
 * the way down (kept with the record) and where its tc filter is.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bridge.h"
#include "ctl_cmd.h"
#include "ctl_cmd_flow.h"
#include "ctl_cmd_policy.h"
#include "dp_upcall.h"
#include "flow_table.h"
#include "json.h"

/* What explain found: a copy of the record, and of its port's policy. */
struct explained {
	struct fpd_flow f;
	struct fpd_bridge *br;
	bool have_port;			/* in_port is still attached */
	struct cmd_port_policy port;
	struct flow_text t;
};

/* fpd_flow_table_update()'s callback: copies the record, actions too. */
static int copy_record(struct fpd_flow *f, void *arg)
{
	struct fpd_flow *copy = arg;

	*copy = *f;
	copy->actions = NULL;
	if (!f->actions_len)
		return 0;
	copy->actions = malloc(f->actions_len);
	if (!copy->actions)
		return -ENOMEM;
	memcpy(copy->actions, f->actions, f->actions_len);
	return 0;
}

/* "ufid:UUID" or the bare UUID (as dump-flows -j prints it). */
static int parse_ufid(struct fpd_cmd *c, const char *word, struct fp_ufid *u)
{
	char buf[FP_UFID_TEXT_LEN + 8];
	size_t n = 0;

	if (strlen(word) < FP_UFID_TEXT_LEN) {
		snprintf(buf, sizeof(buf), "%s%s",
			 strncmp(word, "ufid:", 5) ? "ufid:" : "", word);
		n = fp_ufid_parse(buf, u);
	}
	if (!n || buf[n])
		return cmd_fail(c, CMD_USAGE, "'%s': not a UFID (expected ufid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, as dump-flows prints)",
				word);
	return CMD_OK;
}

/* Why the layer, in a few words; the refusal itself is printed apart. */
static const char *summary(const struct fpd_flow *f)
{
	switch (f->layer) {
	case FPD_LAYER_HW:
		return "the NIC holds its tc filter (in_hw)";
	case FPD_LAYER_TC:
		if (f->policy == FPD_POLICY_TC_SW)
			return "policy tc-sw keeps its tc filter out of hardware";
		return "its tc filter runs in software: the NIC did not take it";
	default:
		if (f->policy == FPD_POLICY_KMOD)
			return "policy kmod keeps it out of tc";
		return f->why ? "tc did not take it" :
		       "tc did not take it, and no reason was kept";
	}
}

/* Placed under one policy, but its port's is another now. */
static bool moving(const struct explained *e)
{
	return e->have_port && e->f.policy != FPD_POLICY_DEFAULT &&
	       e->f.policy != e->port.effective;
}

static void explain_text(struct fpd_cmd *c, const struct explained *e)
{
	char buf[512];

	fprintf(c->out, "megaflow %s on bridge %s\n", e->t.ufid, e->br->name);
	fprintf(c->out, "  match: %s\n  actions: %s\n", e->t.match, e->t.actions);
	fprintf(c->out, "  layer: %s (%s)\n", fpd_layer_name(e->f.layer),
		summary(&e->f));
	if (e->f.why)
		fprintf(c->out, "  refused: %s\n", e->f.why);
	fprintf(c->out, "  placed under policy: %s\n", fpd_policy_name(e->f.policy));
	if (e->have_port) {
		cmd_port_policy_text(&e->port, buf, sizeof(buf));
		fprintf(c->out, "  in_port: %s (port %u), %s\n", e->port.name,
			e->port.port_no, buf);
	} else {
		fprintf(c->out, "  in_port: port %u, no longer attached\n",
			e->f.key.in_port);
	}
	if (e->f.layer != FPD_LAYER_KMOD) {
		cmd_tc_loc_text(e->br, &e->f.tc, buf, sizeof(buf));
		fprintf(c->out, "  tc filter: %s\n", buf);
	}
	cmd_layers_text(&e->f, buf, sizeof(buf));
	fprintf(c->out, "  packets:%llu, bytes:%llu: %s\n",
		(unsigned long long)e->f.packets, (unsigned long long)e->f.bytes,
		buf);
	if (moving(e))
		fprintf(c->out, "  note: its port's policy is %s now: the revalidator moves it\n",
			fpd_policy_name(e->port.effective));
}

static void in_port_json(struct fp_json *j, const struct explained *e)
{
	fp_json_obj_open(j, "in_port");
	fp_json_u64(j, "port_no", e->f.key.in_port);
	if (e->have_port) {
		fp_json_str(j, "name", e->port.name);
		cmd_port_policy_json(j, &e->port);
	} else {
		fp_json_null(j, "name");
	}
	fp_json_obj_close(j);
}

static void explain_json(struct fpd_cmd *c, const struct explained *e)
{
	struct fp_json j;

	fp_json_init(&j, c->out);
	fp_json_obj_open(&j, NULL);
	fp_json_str(&j, "ufid", e->t.ufid + strlen("ufid:"));
	fp_json_str(&j, "bridge", e->br->name);
	fp_json_str(&j, "match", e->t.match);
	fp_json_str(&j, "actions", e->t.actions);
	fp_json_str(&j, "layer", fpd_layer_name(e->f.layer));
	fp_json_str(&j, "summary", summary(&e->f));
	if (e->f.why)
		fp_json_str(&j, "why", e->f.why);
	else
		fp_json_null(&j, "why");
	fp_json_str(&j, "placed_policy", fpd_policy_name(e->f.policy));
	in_port_json(&j, e);
	fp_json_bool(&j, "moving", moving(e));
	cmd_tc_loc_json(&j, e->br, &e->f);
	fp_json_u64(&j, "packets", e->f.packets);
	fp_json_u64(&j, "bytes", e->f.bytes);
	cmd_layers_json(&j, &e->f);
	fp_json_obj_close(&j);
	fp_json_end(&j);
}

static int explain_found(struct fpd_cmd *c, struct explained *e)
{
	e->br = fpd_bridge_by_ifindex(c->d, e->f.dp_ifindex);
	if (!e->br) {
		fp_ufid_format(&e->f.ufid, e->t.ufid);
		return cmd_fail(c, CMD_FAILED, "megaflow %s is of datapath ifindex %d, which no bridge has",
				e->t.ufid, e->f.dp_ifindex);
	}
	e->have_port = cmd_port_policy_by_no(c->d, e->br, e->f.key.in_port,
					     &e->port);
	cmd_flow_text(e->br, &e->f, dp_upcall_now_ms(), &e->t);
	if (c->json)
		explain_json(c, e);
	else
		explain_text(c, e);
	return CMD_OK;
}

int cmd_explain(struct fpd_cmd *c, int argc, char **argv)
{
	struct explained *e = calloc(1, sizeof(*e));
	struct fp_ufid u;
	int ret, err;

	(void)argc;
	if (!e)
		return cmd_fail(c, CMD_FAILED, "out of memory");
	ret = parse_ufid(c, argv[1], &u);
	if (ret)
		goto out;
	err = fpd_flow_table_update(c->d->flows, &u, copy_record, &e->f);
	if (err == -ENOENT) {
		fp_ufid_format(&u, e->t.ufid);
		ret = cmd_fail(c, CMD_FAILED, "no megaflow %s", e->t.ufid);
	} else if (err) {
		ret = cmd_fail(c, CMD_FAILED, "out of memory");
	} else {
		ret = explain_found(c, e);
	}
out:
	free(e->f.actions);
	free(e);
	return ret;
}
