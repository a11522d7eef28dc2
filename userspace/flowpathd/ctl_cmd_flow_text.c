// SPDX-License-Identifier: GPL-2.0
/* A megaflow record in words, for dump-flows and explain. */
#include <arpa/inet.h>
#include <net/if.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "bridge.h"
#include "ctl_cmd_flow.h"
#include "odp_text.h"

static const char *port_name_cb(uint32_t no, void *arg)
{
	return fpd_bridge_port_name(arg, no);
}

/* The key and mask as ovs-dpctl prints them, ports by name. */
static void format_match(struct fpd_bridge *br, const struct fpd_flow *f,
			 char *buf, size_t size)
{
	const struct fp_odp_port_names names = { .name = port_name_cb, .arg = br };
	struct fp_odp_key key, mask;
	struct fp_flow m = f->mask;

	fp_odp_flow_to_attrs(&f->key, &m, &key, &mask);
	fp_odp_text_format_key(key.buf, key.len, mask.buf, mask.len, false,
			       &names, buf, size);
}

void cmd_flow_text(struct fpd_bridge *br, const struct fpd_flow *f,
		   int64_t now, struct flow_text *t)
{
	const struct fp_odp_port_names names = { .name = port_name_cb, .arg = br };

	fp_ufid_format(&f->ufid, t->ufid);
	format_match(br, f, t->match, sizeof(t->match));
	fp_odp_text_format_actions(f->actions, f->actions_len, &names,
				   t->actions, sizeof(t->actions));
	t->used_s = (double)(now - f->used_ms) / 1000;
	t->age_s = (double)(now - f->created_ms) / 1000;
}

const char *cmd_tc_dev(struct fpd_bridge *br, int ifindex,
		       char buf[IF_NAMESIZE])
{
	size_t i;

	/* The kernel's answer first: a port may have been renamed since. */
	if (ifindex > 0 && if_indextoname((unsigned int)ifindex, buf))
		return buf;
	for (i = 0; br->place && i < br->n_ports; i++) {
		if (br->place[i].ifindex == ifindex) {
			snprintf(buf, IF_NAMESIZE, "%s", br->ports[i].name);
			return buf;
		}
	}
	return "?";
}

void cmd_tc_loc_text(struct fpd_bridge *br, const struct fpd_tc_loc *loc,
		     char *buf, size_t size)
{
	char dev[IF_NAMESIZE];

	snprintf(buf, size,
		 "dev:%s,ifindex:%d,chain:%u,prio:%u,protocol:0x%04x,handle:0x%x",
		 cmd_tc_dev(br, loc->ifindex, dev), loc->ifindex, loc->chain,
		 loc->prio, ntohs(loc->protocol), loc->handle);
}

void cmd_tc_loc_json(struct fp_json *j, struct fpd_bridge *br,
		     const struct fpd_flow *f)
{
	char dev[IF_NAMESIZE];

	if (f->layer == FPD_LAYER_KMOD) {
		fp_json_null(j, "tc");
		return;
	}
	fp_json_obj_open(j, "tc");
	fp_json_str(j, "dev", cmd_tc_dev(br, f->tc.ifindex, dev));
	fp_json_i64(j, "ifindex", f->tc.ifindex);
	fp_json_u64(j, "chain", f->tc.chain);
	fp_json_u64(j, "prio", f->tc.prio);
	fp_json_u64(j, "protocol", ntohs(f->tc.protocol));
	fp_json_u64(j, "handle", f->tc.handle);
	fp_json_obj_close(j);
}

static const struct {
	const char *name;
	size_t offset;
} layer_counts[] = {
	{ "kmod", offsetof(struct fpd_flow, kmod) },
	{ "tc", offsetof(struct fpd_flow, tc_sw) },
	{ "hw", offsetof(struct fpd_flow, tc_hw) },
	{ "carried", offsetof(struct fpd_flow, carried) },
};

#define N_LAYER_COUNTS (sizeof(layer_counts) / sizeof(layer_counts[0]))

static const struct fpd_counts *counts_at(const struct fpd_flow *f, size_t i)
{
	return (const void *)((const char *)f + layer_counts[i].offset);
}

void cmd_layers_json(struct fp_json *j, const struct fpd_flow *f)
{
	size_t i;

	fp_json_obj_open(j, "layers");
	for (i = 0; i < N_LAYER_COUNTS; i++) {
		fp_json_obj_open(j, layer_counts[i].name);
		fp_json_u64(j, "packets", counts_at(f, i)->packets);
		fp_json_u64(j, "bytes", counts_at(f, i)->bytes);
		fp_json_obj_close(j);
	}
	fp_json_obj_close(j);
}

void cmd_layers_text(const struct fpd_flow *f, char *buf, size_t size)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < N_LAYER_COUNTS && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n,
				      "%s%s:(packets:%llu,bytes:%llu)",
				      i ? ", " : "", layer_counts[i].name,
				      (unsigned long long)counts_at(f, i)->packets,
				      (unsigned long long)counts_at(f, i)->bytes);
}
