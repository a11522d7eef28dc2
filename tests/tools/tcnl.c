// SPDX-License-Identifier: GPL-2.0
/*
 * tcnl: drives flowpath's tc codec and client against a real kernel, for
 * tests/vm/50-tc-codec.sh and for capturing kernel replies as fixtures.
 *
 *   tcnl list                          the example filters' names
 *   tcnl [-f skip_sw|skip_hw] put DEV OUT NAME...|all
 *                                      installs examples on DEV's ingress
 *                                      (outputs to OUT); one line each
 *   tcnl show DEV                      every flower filter, a JSON line each
 *   tcnl get DEV NAME                  one example's filter, read back
 *   tcnl del DEV NAME...|all           deletes examples (found by prio)
 *   tcnl probe DEV                     the capability summary
 *   tcnl batch DEV N                   N filters in batches; prints the ms
 *   tcnl [-f ...] capture DEV OUT NAME...
 *                                      puts NAMEs and prints every kernel
 *                                      reply as "@@CAP name hex..." lines
 *   tcnl capture-get DEV NAME / capture-dump DEV
 *
 * Exit status 0, or 1 with the reason (the kernel's extack text) on stderr.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/rtnetlink.h>

#include "json.h"
#include "tc_client.h"
#include "tc_nl.h"
#include "tc_probe.h"
#include "../unit/test_tc_fixtures.h"

static uint32_t put_flags;	/* -f */

static int die(const char *fmt, const char *arg)
{
	fprintf(stderr, "tcnl: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return 1;
}

static int ifindex_of(const char *dev)
{
	int i = (int)if_nametoindex(dev);

	if (!i) {
		fprintf(stderr, "tcnl: no device %s\n", dev);
		exit(1);
	}
	return i;
}

/* ---- printing a filter ---- */

static void hex(char *out, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * len] = '\0';
}

/* A field's key or mask bytes; host-order ones turned to network order. */
static void field_hex(char *out, const uint8_t *p, size_t len, bool host)
{
	uint8_t be[16];
	uint16_t v16;
	uint32_t v32;

	if (host && len == 2) {
		memcpy(&v16, p, 2);
		v16 = htons(v16);
		memcpy(be, &v16, 2);
		p = be;
	} else if (host && len == 4) {
		memcpy(&v32, p, 4);
		v32 = htonl(v32);
		memcpy(be, &v32, 4);
		p = be;
	}
	hex(out, p, len);
}

/* Matched fields as "key/mask" in hex, in network order. */
static void print_keys(struct fp_json *j, const struct tc_flower *f)
{
	static const struct { const char *name; size_t off, len; bool host; } fl[] = {
#define K(x) { #x, offsetof(struct tc_flower_key, x), sizeof(((struct tc_flower_key *)0)->x), false }
#define H(x) { #x, offsetof(struct tc_flower_key, x), sizeof(((struct tc_flower_key *)0)->x), true }
		K(dst_mac), K(src_mac), K(eth_type), H(vlan_id), K(vlan_prio),
		K(vlan_eth_type), H(cvlan_id), K(cvlan_prio), K(cvlan_eth_type),
		K(ip_proto), K(ip_tos), K(ip_ttl), H(flags), K(ipv4_src), K(ipv4_dst),
		K(ipv6_src), K(ipv6_dst), K(tp_src), K(tp_dst), K(tcp_flags),
		K(icmp_type), K(icmp_code), K(arp_sip), K(arp_tip), K(arp_op),
		K(arp_sha), K(arp_tha),
#undef K
#undef H
	};
	char k[40], m[40], both[82];
	size_t i, b;

	fp_json_obj_open(j, "keys");
	for (i = 0; i < sizeof(fl) / sizeof(fl[0]); i++) {
		const uint8_t *mk = (const uint8_t *)&f->mask + fl[i].off;

		for (b = 0; b < fl[i].len && !mk[b]; b++)
			;
		if (b == fl[i].len)
			continue;
		field_hex(k, (const uint8_t *)&f->key + fl[i].off, fl[i].len, fl[i].host);
		field_hex(m, mk, fl[i].len, fl[i].host);
		snprintf(both, sizeof(both), "%s/%s", k, m);
		fp_json_str(j, fl[i].name, both);
	}
	fp_json_obj_close(j);
}

static void print_act(struct fp_json *j, const struct tc_act *a)
{
	char h[80];
	size_t i;

	fp_json_obj_open(j, NULL);
	fp_json_str(j, "kind", tc_nl_act_kind_name(a->kind));
	switch (a->kind) {
	case TC_ACT_OUTPUT:
		fp_json_i64(j, "ifindex", a->out.ifindex);
		fp_json_bool(j, "mirror", a->out.mirror);
		fp_json_bool(j, "ingress", a->out.ingress);
		break;
	case TC_ACT_VLAN_PUSH:
	case TC_ACT_VLAN_MODIFY:
		fp_json_str(j, "vlan", a->kind == TC_ACT_VLAN_PUSH ? "push" : "modify");
		fp_json_u64(j, "tpid", ntohs(a->vlan.tpid));
		fp_json_u64(j, "vid", a->vlan.vid);
		fp_json_u64(j, "prio", a->vlan.prio);
		break;
	case TC_ACT_VLAN_POP:
		fp_json_str(j, "vlan", "pop");
		break;
	case TC_ACT_PEDIT:
		fp_json_arr_open(j, "keys");
		for (i = 0; i < a->pedit.n; i++) {
			const struct tc_pedit_word *k = &a->pedit.keys[i];

			snprintf(h, sizeof(h), "%u+%u:%08x/%08x", k->htype, k->off,
				 ntohl(k->val), ntohl(k->mask));
			fp_json_str(j, NULL, h);
		}
		fp_json_arr_close(j);
		break;
	case TC_ACT_CSUM:
		fp_json_u64(j, "flags", a->csum_flags);
		break;
	case TC_ACT_DROP:
		break;
	}
	fp_json_obj_close(j);
}

static void print_filter(const struct tc_flower *f)
{
	struct fp_json j;
	char cookie[2 * TC_COOKIE_LEN + 1], proto[8];
	size_t i;

	fp_json_init(&j, stdout);
	fp_json_obj_open(&j, NULL);
	fp_json_u64(&j, "chain", f->chain);
	fp_json_u64(&j, "prio", f->prio);
	fp_json_u64(&j, "handle", f->handle);
	snprintf(proto, sizeof(proto), "%04x", ntohs(f->protocol));
	fp_json_str(&j, "protocol", proto);
	fp_json_u64(&j, "flags", f->flags);
	fp_json_bool(&j, "in_hw", f->in_hw);
	fp_json_u64(&j, "in_hw_count", f->in_hw_count);
	hex(cookie, f->cookie, f->cookie_len);
	fp_json_str(&j, "cookie", cookie);
	print_keys(&j, f);
	fp_json_arr_open(&j, "actions");
	for (i = 0; i < f->n_acts; i++)
		print_act(&j, &f->acts[i]);
	fp_json_arr_close(&j);
	fp_json_obj_open(&j, "stats");
	fp_json_u64(&j, "packets", f->stats.packets);
	fp_json_u64(&j, "bytes", f->stats.bytes);
	fp_json_u64(&j, "hw_packets", f->stats.hw_packets);
	fp_json_u64(&j, "hw_bytes", f->stats.hw_bytes);
	if (f->stats.lastuse_ago_ms == UINT64_MAX)
		fp_json_null(&j, "lastuse_ms");
	else
		fp_json_u64(&j, "lastuse_ms", f->stats.lastuse_ago_ms);
	fp_json_obj_close(&j);
	fp_json_obj_close(&j);
	fp_json_end(&j);
}

/* ---- examples by name ---- */

static const struct tcf_example *example(const char *name)
{
	const struct tcf_example *ex = tcf_example_find(name);

	if (!ex) {
		fprintf(stderr, "tcnl: no example %s (tcnl list)\n", name);
		exit(1);
	}
	return ex;
}

/* The filter DEV holds for an example: its prio and chain are unique. */
struct find {
	const struct tc_flower *want;
	struct tc_flower found;
	bool seen;
};

static int find_cb(const struct tc_flower *f, void *arg)
{
	struct find *fd = arg;

	if (f->prio == fd->want->prio && f->chain == fd->want->chain && !fd->seen) {
		fd->found = *f;
		fd->seen = true;
	}
	return 0;
}

static int find_example(struct tc_client *c, int ifindex, const char *name,
			struct tc_flower *out)
{
	static struct find fd;
	struct tc_flower want;

	tcf_example_build(example(name), &want, ifindex, ifindex);
	memset(&fd, 0, sizeof(fd));
	fd.want = &want;
	if (tc_client_dump(c, ifindex, find_cb, &fd))
		return die("dump: %s", c->error);
	if (!fd.seen)
		return die("example %s is not installed", name);
	*out = fd.found;
	return 0;
}

/* ---- commands ---- */

static int cmd_put(struct tc_client *c, int argc, char **argv)
{
	int ifindex = ifindex_of(argv[0]), out = ifindex_of(argv[1]);
	static struct tc_flower f;
	size_t i;
	int a, ret = 0;

	if (tc_client_ensure_clsact(c, ifindex))
		return die("%s", c->error);
	for (a = 2; a < argc; a++) {
		for (i = 0; i < tcf_n_examples; i++) {
			const struct tcf_example *ex = &tcf_examples[i];

			if (strcmp(argv[a], "all") && strcmp(argv[a], ex->name))
				continue;
			tcf_example_build(ex, &f, ifindex, out);
			f.flags |= put_flags;
			if (tc_client_put(c, &f)) {
				fprintf(stderr, "tcnl: put %s: %s\n", ex->name, c->error);
				ret = 1;
				continue;
			}
			printf("put %s prio %u handle 0x%x in_hw %d in_hw_count %u\n",
			       ex->name, f.prio, f.handle, f.in_hw, f.in_hw_count);
		}
	}
	return ret;
}

static int show_cb(const struct tc_flower *f, void *arg)
{
	(void)arg;
	print_filter(f);
	return 0;
}

static int cmd_show(struct tc_client *c, char **argv)
{
	if (tc_client_dump(c, ifindex_of(argv[0]), show_cb, NULL))
		return die("%s", c->error);
	return 0;
}

static int cmd_get(struct tc_client *c, char **argv)
{
	static struct tc_flower f, got;
	int ifindex = ifindex_of(argv[0]);

	if (find_example(c, ifindex, argv[1], &f))
		return 1;
	if (tc_client_get(c, &f, &got))
		return die("%s", c->error);
	print_filter(&got);
	return 0;
}

static int cmd_del(struct tc_client *c, int argc, char **argv)
{
	static struct tc_flower f;
	int ifindex = ifindex_of(argv[0]), a, ret = 0;
	size_t i;

	for (a = 1; a < argc; a++) {
		for (i = 0; i < tcf_n_examples; i++) {
			if (strcmp(argv[a], "all") && strcmp(argv[a], tcf_examples[i].name))
				continue;
			if (find_example(c, ifindex, tcf_examples[i].name, &f)) {
				ret = 1;
			} else if (tc_client_del(c, &f)) {
				fprintf(stderr, "tcnl: del %s: %s\n", tcf_examples[i].name, c->error);
				ret = 1;
			}
		}
	}
	return ret;
}

static int cmd_probe(struct tc_client *c, char **argv)
{
	struct tc_caps caps;

	if (tc_probe(c, ifindex_of(argv[0]), &caps))
		return die("%s", c->error);
	printf("%s\n", caps.summary);
	return 0;
}

/* N filters, UDP destination ports 1..N under one prio, as tc -batch would. */
static int cmd_batch(struct tc_client *c, char **argv)
{
	int ifindex = ifindex_of(argv[0]);
	long n = strtol(argv[1], NULL, 10), i;
	struct tc_flower *fs = calloc((size_t)n, sizeof(*fs));
	struct tc_put_result *res = calloc((size_t)n, sizeof(*res));
	struct timespec t0, t1;
	int err;

	if (!fs || !res || n <= 0 || n > 65535)
		return die("batch: %s filters?", argv[1]);
	if (tc_client_ensure_clsact(c, ifindex))
		return die("%s", c->error);
	for (i = 0; i < n; i++) {
		tcf_example_build(example("count"), &fs[i], ifindex, ifindex);
		fs[i].prio = 100;
		fs[i].handle = (uint32_t)i + 1;
		fs[i].key.tp_dst = htons((uint16_t)(i + 1));
		fs[i].flags = TCA_CLS_FLAGS_SKIP_HW;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = tc_client_put_batch(c, fs, (size_t)n, res);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (err)
		return die("batch: %s", c->error);
	printf("%ld filters in %.1f ms\n", n,
	       (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	return 0;
}

/* ---- capture: raw replies, for tests/unit/test_tc_fixtures.c ---- */

static void print_capture(const char *name, const struct nlmsghdr *nlh)
{
	const uint8_t *p = (const uint8_t *)nlh;
	uint32_t i;

	printf("@@CAP %s ", name);
	for (i = 0; i < nlh->nlmsg_len; i++)
		printf("%02x", p[i]);
	printf("\n");
}

/* Sends req on a raw socket and prints each reply as name_N until the end. */
static int capture(struct mnl_socket *nl, struct nlmsghdr *req, const char *name)
{
	static uint8_t rx[65536];
	const struct nlmsghdr *nlh;
	char label[96];
	int n, left, k = 0, end = 0;

	req->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	req->nlmsg_seq = 1000;
	if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0)
		return die("capture: send %s", strerror(errno));
	while (!end && (n = (int)mnl_socket_recvfrom(nl, rx, sizeof(rx))) > 0) {
		left = n;
		for (nlh = (void *)rx; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
			snprintf(label, sizeof(label), "%s_%d", name, k++);
			print_capture(label, nlh);
			end |= nlh->nlmsg_type == NLMSG_ERROR || nlh->nlmsg_type == NLMSG_DONE;
		}
	}
	return 0;
}

static struct mnl_socket *raw_socket(void)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	int on = 1;

	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		exit(die("capture: %s", strerror(errno)));
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &on, sizeof(on));
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &on, sizeof(on));
	return nl;
}

static int cmd_capture(int argc, char **argv)
{
	static uint8_t buf[TC_NL_MSG_SIZE] __attribute__((aligned(4)));
	int ifindex = ifindex_of(argv[0]), out = ifindex_of(argv[1]), a;
	struct mnl_socket *nl = raw_socket();
	static struct tc_flower f;
	struct nlmsghdr *nlh;
	char why[TC_NL_WHY_LEN], name[64];

	for (a = 2; a < argc; a++) {
		tcf_example_build(example(argv[a]), &f, ifindex, out);
		f.flags |= put_flags;
		if (tc_nl_new_filter(buf, sizeof(buf), NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO,
				     &f, &nlh, why, sizeof(why)))
			return die("capture: %s", why);
		snprintf(name, sizeof(name), "put_%s", argv[a]);
		capture(nl, nlh, name);
	}
	mnl_socket_close(nl);
	return 0;
}

static int cmd_capture_get(struct tc_client *c, char **argv)
{
	static uint8_t buf[256] __attribute__((aligned(4)));
	int ifindex = ifindex_of(argv[0]);
	struct mnl_socket *nl = raw_socket();
	static struct tc_flower f;
	char name[64];

	if (find_example(c, ifindex, argv[1], &f))
		return 1;
	snprintf(name, sizeof(name), "get_%s", argv[1]);
	capture(nl, tc_nl_filter_ref(buf, RTM_GETTFILTER, 0, &f), name);
	mnl_socket_close(nl);
	return 0;
}

static int cmd_capture_dump(char **argv)
{
	static uint8_t buf[256] __attribute__((aligned(4)));
	struct mnl_socket *nl = raw_socket();

	capture(nl, tc_nl_dump_filters(buf, ifindex_of(argv[0])), "dump");
	mnl_socket_close(nl);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: tcnl [-f skip_sw|skip_hw] list|put|show|get|del|probe|batch|capture|capture-get|capture-dump ...\n"
		"(see the head of tests/tools/tcnl.c)\n");
	return 2;
}

static int run(struct tc_client *c, int argc, char **argv)
{
	const char *cmd = argv[0];

	argc--, argv++;
	if (!strcmp(cmd, "put") && argc >= 3)
		return cmd_put(c, argc, argv);
	if (!strcmp(cmd, "show") && argc == 1)
		return cmd_show(c, argv);
	if (!strcmp(cmd, "get") && argc == 2)
		return cmd_get(c, argv);
	if (!strcmp(cmd, "del") && argc >= 2)
		return cmd_del(c, argc, argv);
	if (!strcmp(cmd, "probe") && argc == 1)
		return cmd_probe(c, argv);
	if (!strcmp(cmd, "batch") && argc == 2)
		return cmd_batch(c, argv);
	if (!strcmp(cmd, "capture") && argc >= 3)
		return cmd_capture(argc, argv);
	if (!strcmp(cmd, "capture-get") && argc == 2)
		return cmd_capture_get(c, argv);
	if (!strcmp(cmd, "capture-dump") && argc == 1)
		return cmd_capture_dump(argv);
	return usage();
}

int main(int argc, char **argv)
{
	struct tc_client c;
	size_t i;
	int ret;

	if (argc > 2 && !strcmp(argv[1], "-f")) {
		if (!strcmp(argv[2], "skip_sw"))
			put_flags = TCA_CLS_FLAGS_SKIP_SW;
		else if (!strcmp(argv[2], "skip_hw"))
			put_flags = TCA_CLS_FLAGS_SKIP_HW;
		else
			return usage();
		argc -= 2, argv += 2;
	}
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "list")) {
		for (i = 0; i < tcf_n_examples; i++)
			printf("%s\n", tcf_examples[i].name);
		return 0;
	}
	if (tc_client_init(&c))
		return die("%s", c.error);
	ret = run(&c, argc - 1, argv + 1);
	tc_client_fini(&c);
	return ret;
}
