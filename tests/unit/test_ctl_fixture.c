// SPDX-License-Identifier: GPL-2.0
/* The hand-built daemon of test_ctl_fixture.h. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_ctl_fixture.h"

struct fpd ctlf_d;
struct fpd_bridge *ctlf_br;

static char dir[64];
static char path[128];
static struct fpd_bridge *bridges[1];

static void add_port(struct fpd_bridge *br, size_t i, const char *name,
		     int ifindex, bool can_offload, const char *why_not)
{
	snprintf(br->ports[i].name, sizeof(br->ports[i].name), "%s", name);
	br->ports[i].odp_port = (uint32_t)i;
	br->ports[i].mode = FP_VLAN_TRUNK;
	br->place[i].ifindex = ifindex;
	br->place[i].internal = i == 0;
	br->place[i].can_offload = can_offload;
	snprintf(br->place[i].why_not, sizeof(br->place[i].why_not), "%s",
		 why_not);
}

static struct fpd_bridge *make_bridge(void)
{
	struct fpd_bridge *br = calloc(1, sizeof(*br));

	cr_assert(br);
	snprintf(br->name, sizeof(br->name), "br0");
	br->dp_ifindex = CTLF_DP_IFINDEX;
	pthread_rwlock_init(&br->lock, NULL);
	br->n_ports = 3;
	br->ports = calloc(br->n_ports, sizeof(*br->ports));
	br->place = calloc(br->n_ports, sizeof(*br->place));
	br->detached = calloc(1, sizeof(*br->detached));
	cr_assert(br->ports && br->place && br->detached);
	add_port(br, 0, "br0", CTLF_DP_IFINDEX, false,
		 "br0 is the bridge's internal port");
	add_port(br, 1, "p1", CTLF_P1_IFINDEX, true, "");
	add_port(br, 2, "p2", CTLF_P2_IFINDEX, false,
		 "p2 is not a switchdev port");
	br->n_detached = 1;
	snprintf(br->detached[0].name, sizeof(br->detached[0].name), "p3");
	snprintf(br->detached[0].why, sizeof(br->detached[0].why), "no such device");
	fp_cls_init(&br->cls);
	fpd_packet_ins_init(&br->packet_ins);
	br->macs = fp_mac_table_create();
	cr_assert(br->macs);
	return br;
}

static void configure(void)
{
	static const char *const ports[] = { "p1", "p2", "p3" };
	char why[FPD_WHY_LEN];
	size_t i;

	cr_assert_eq(fpd_config_add_bridge(&ctlf_d.conf, "br0", why, sizeof(why)), 0, "%s", why);
	for (i = 0; i < 3; i++) {
		struct fpd_port_conf pc = { .mode = FPD_VLAN_TRUNK_ALL };

		snprintf(pc.name, sizeof(pc.name), "%s", ports[i]);
		cr_assert_eq(fpd_config_add_port(&ctlf_d.conf, "br0", &pc, why,
						 sizeof(why)), 0, "%s", why);
	}
}

void ctlf_setup(void)
{
	memset(&ctlf_d, 0, sizeof(ctlf_d));
	pthread_mutex_init(&ctlf_d.mutex, NULL);
	pthread_rwlock_init(&ctlf_d.bridges_lock, NULL);
	fpd_config_init(&ctlf_d.conf);
	snprintf(dir, sizeof(dir), "/tmp/fpd-ctl-test-XXXXXX");
	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/flowpathd.conf", dir);
	ctlf_d.opts.config_path = path;
	ctlf_d.flows = fpd_flow_table_create();
	cr_assert(ctlf_d.flows);
	configure();
	ctlf_br = make_bridge();
	bridges[0] = ctlf_br;
	ctlf_d.bridges = bridges;
	ctlf_d.n_bridges = 1;
}

void ctlf_teardown(void)
{
	fpd_bridge_free(ctlf_br);
	fpd_flow_table_destroy(ctlf_d.flows);
	fpd_config_free(&ctlf_d.conf);
	unlink(path);
	rmdir(dir);
	pthread_rwlock_destroy(&ctlf_d.bridges_lock);
	pthread_mutex_destroy(&ctlf_d.mutex);
}

struct ctlf_result ctlf_run(uint32_t flags, const char *word, ...)
{
	struct ctl_request req = { .flags = flags };
	struct ctlf_result r = { 0 };
	FILE *out = open_memstream(&r.out, &r.out_len);
	FILE *err = open_memstream(&r.err, &r.err_len);
	char *argv[16];
	va_list ap;

	va_start(ap, word);
	for (; word && req.argc < 15; word = va_arg(ap, const char *))
		argv[req.argc++] = (char *)word;
	va_end(ap);
	argv[req.argc] = NULL;
	req.argv = argv;
	r.status = fpd_command_run(&ctlf_d, &req, out, err);
	fclose(out);
	fclose(err);
	return r;
}

void ctlf_done(struct ctlf_result *r)
{
	free(r->out);
	free(r->err);
}

char *ctlf_saved_config(void)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0;
	FILE *m;
	int ch;

	if (!f)
		return NULL;
	m = open_memstream(&text, &len);
	while ((ch = fgetc(f)) != EOF)
		fputc(ch, m);
	fclose(m);
	fclose(f);
	return text;
}
