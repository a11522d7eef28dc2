// SPDX-License-Identifier: GPL-2.0
/*
 * The megaflow property: a packet that equals the translated one on every
 * bit of the wildcards gets the same datapath actions. Checked for NORMAL
 * over random bridges and MAC tables, and for random action lists, with
 * packets drawn from small pools so that other packets often hit the same
 * MAC entries, VLANs and ports.
 */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_xlate_fixtures.h"

#define TRIALS 3000
#define NEIGHBOURS 30

static const uint16_t vlan_pool[] = { 0, 10, 20, 30, 4095 };
#define N_VLANS (sizeof(vlan_pool) / sizeof(vlan_pool[0]))
#define N_MACS 7

/* xorshift, seeded per test so a failure reproduces. */
static uint64_t rng;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static void pool_mac(uint8_t mac[6])
{
	static const char *const pool[N_MACS] = {
		"02:00:00:00:00:01", "02:00:00:00:00:02", "02:00:00:00:00:03",
		"02:00:00:00:00:04", "ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01",
		"01:80:c2:00:00:00",
	};

	/* Mostly unicast, so the table decides most frames. */
	xfix_mac(mac, pool[rnd(10) < 7 ? rnd(4) : 4 + rnd(3)]);
}

static void random_port(struct xfix *x, uint32_t odp)
{
	char name[16];

	snprintf(name, sizeof(name), "p%u", odp);
	if (rnd(2)) {
		xfix_access(x, name, odp, vlan_pool[rnd(N_VLANS - 1)]);
	} else {
		struct fp_xport *p = xfix_trunk(x, name, odp, NULL, 0);

		for (size_t i = 0; i < N_VLANS - 1; i++)
			if (rnd(3) == 0)
				p->trunks[vlan_pool[i] / 64] |= 1ull << (vlan_pool[i] % 64);
	}
}

/* 3-5 ports, and entries on them, on a port not on the bridge, and dead. */
static void random_bridge(struct xfix *x)
{
	uint32_t n = 3 + rnd(3);
	uint8_t mac[6];

	for (uint32_t i = 1; i <= n; i++)
		random_port(x, i);
	for (int i = rnd(8); i > 0; i--) {
		pool_mac(mac);
		mac[0] &= 0xfe;
		fp_mac_learn(x->br.macs, mac, vlan_pool[rnd(N_VLANS - 1)],
			     1 + rnd(n + 1), rnd(2) ? 0 : 200000);
	}
}

static void random_tag(struct fp_flow *f)
{
	xfix_tag(f, rnd(4) ? 0x8100 : 0x88a8, vlan_pool[rnd(N_VLANS)],
		 (uint8_t)rnd(8));
}

static void random_packet(struct fp_flow *f, uint32_t n_ports)
{
	static const uint8_t protos[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP, 47 };
	int tags = (int)rnd(3);

	fp_flow_zero(f);
	f->in_port = 1 + rnd(n_ports + 1);	/* sometimes not a port */
	pool_mac(f->dl_src);
	pool_mac(f->dl_dst);
	for (int i = 0; i < tags; i++)
		random_tag(f);
	f->dl_type = htons(rnd(4) ? 0x0800 : rnd(2) ? 0x86dd : 0x0806);
	f->nw_proto = protos[rnd(4)];
	f->nw_frag = (uint8_t)rnd(3);
	f->nw_src = htonl(0x0a000000 | rnd(4));
	f->nw_dst = htonl(0x0a000000 | rnd(4));
	f->tp_src = htons((uint16_t)rnd(3));
	f->tp_dst = htons((uint16_t)rnd(3));
	f->ipv6_dst.s6_addr[15] = (uint8_t)rnd(3);
	f->skb_priority = rnd(2);
}

/* A tag level without the present bit carries nothing, as on the wire. */
static void normalize(struct fp_flow *f)
{
	for (int i = 0; i < FP_FLOW_MAX_VLANS; i++) {
		if (!fp_flow_has_vlan(f, i) || (i > 0 && !fp_flow_has_vlan(f, i - 1)))
			memset(&f->vlans[i], 0, sizeof(f->vlans[i]));
		else if (!f->vlans[i].tpid)
			f->vlans[i].tpid = htons(0x8100);
	}
}

/*
 * q = p on the wildcard bits, r elsewhere, made a packet that can exist.
 * False when making it valid moved a wildcarded bit off p's value.
 */
static bool neighbour(struct fp_flow *q, const struct fp_flow *p,
		      const struct fp_flow *r, const struct fp_flow *wc)
{
	const uint64_t *pp = fp_flow_u64(p), *rr = fp_flow_u64(r);
	const uint64_t *ww = fp_flow_u64(wc);
	uint64_t *qq = fp_flow_u64_rw(q);

	for (size_t i = 0; i < FP_FLOW_U64S; i++)
		qq[i] = (pp[i] & ww[i]) | (rr[i] & ~ww[i]);
	normalize(q);
	return fp_flow_equal_masked(q, p, wc);
}

struct result {
	int ret;
	size_t len;
	uint8_t buf[FP_ODP_ACTIONS_MAX];
	char text[2048];
};

static void keep(struct result *r, const struct xfix *x)
{
	r->ret = x->ret;
	r->len = x->out.odp.len;
	memcpy(r->buf, x->out.odp.buf, r->len);
	strcpy(r->text, x->text);
}

/*
 * Translates p (learning, as a handler would), then NEIGHBOURS packets
 * that match its megaflow, without learning (the table as the first left
 * it). Returns how many neighbours were compared.
 */
static int check_megaflow(struct xfix *x, const struct fp_flow *p,
			  uint32_t n_ports, uint64_t now)
{
	struct result first;
	struct fp_flow q, r, wc;
	int compared = 0;

	xfix_run(x, p, true, now);
	if (x->ret)
		return 0;	/* a refused packet installs no flow */
	keep(&first, x);
	wc = x->out.wc;
	cr_assert(!strstr(first.text, "BAD"), "%s", first.text);
	for (int i = 0; i < NEIGHBOURS; i++) {
		random_packet(&r, n_ports);
		if (!neighbour(&q, p, &r, &wc))
			continue;
		xfix_run(x, &q, false, now);
		cr_assert_eq(x->ret, 0, "neighbour refused: %s", x->err);
		cr_assert(first.len == x->out.odp.len &&
			  !memcmp(first.buf, x->out.odp.buf, first.len),
			  "seed %llu: packet got '%s', a packet in its megaflow '%s'",
			  (unsigned long long)rng, first.text, x->text);
		compared++;
	}
	return compared;
}

Test(xlate_property, normal_megaflows_hold_for_random_tables)
{
	long compared = 0;

	rng = 0x9e3779b97f4a7c15ull;
	for (int t = 0; t < TRIALS; t++) {
		struct xfix x;
		struct fp_flow p;

		xfix_init(&x);
		random_bridge(&x);
		xfix_add(&x, rnd(8) ? FP_RACT_NORMAL : FP_RACT_FLOOD);
		random_packet(&p, (uint32_t)x.br.n_ports);
		compared += check_megaflow(&x, &p, (uint32_t)x.br.n_ports,
					   rnd(2) ? 1000 : 300000);
		xfix_fini(&x);
	}
	cr_expect_gt(compared, TRIALS * NEIGHBOURS / 10,
		     "only %ld neighbours compared", compared);
}

static void random_action(struct xfix *x, uint32_t n_ports)
{
	struct fp_ract *a;
	char port[16];

	switch (rnd(12)) {
	case 0: case 1:
		snprintf(port, sizeof(port), "p%u", 1 + rnd(n_ports + 1));
		xfix_output(x, port);
		break;
	case 2: xfix_add(x, FP_RACT_IN_PORT); break;
	case 3: xfix_add(x, rnd(2) ? FP_RACT_NORMAL : FP_RACT_FLOOD); break;
	case 4: xfix_add(x, FP_RACT_PUSH_VLAN)->tpid = htons(rnd(2) ? 0x8100 : 0x88a8); break;
	case 5: xfix_add(x, FP_RACT_POP_VLAN); break;
	case 6: xfix_add(x, FP_RACT_SET_VLAN_VID)->vid = vlan_pool[rnd(N_VLANS)]; break;
	case 7: xfix_add(x, FP_RACT_SET_VLAN_PCP)->pcp = (uint8_t)rnd(2); break;
	case 8: XFIX_SET(x, nw_dst, htonl(0x0a000000 | rnd(4))); break;
	case 9: XFIX_SET(x, tp_dst, htons((uint16_t)rnd(3))); break;
	case 10:
		a = xfix_add(x, FP_RACT_SET_FIELD);
		a->set.value.vlans[0].tci = htons((uint16_t)(rnd(2) ? 0x1000 | vlan_pool[rnd(N_VLANS)] : 0));
		a->set.mask.vlans[0].tci = htons(rnd(2) ? 0xffff : FP_VLAN_VID_MASK);
		break;
	default:
		a = xfix_add(x, FP_RACT_SET_FIELD);
		pool_mac(a->set.value.dl_dst);
		memset(a->set.mask.dl_dst, 0xff, 6);
	}
}

Test(xlate_property, action_list_megaflows_hold)
{
	long compared = 0;

	rng = 0x2545f4914f6cdd1dull;
	for (int t = 0; t < TRIALS; t++) {
		struct xfix x;
		struct fp_flow p;
		uint32_t n_ports;

		xfix_init(&x);
		random_bridge(&x);
		n_ports = (uint32_t)x.br.n_ports;
		for (int i = 1 + (int)rnd(8); i > 0; i--)
			random_action(&x, n_ports);
		random_packet(&p, n_ports);
		compared += check_megaflow(&x, &p, n_ports, 1000);
		xfix_fini(&x);
	}
	cr_expect_gt(compared, TRIALS * NEIGHBOURS / 10,
		     "only %ld neighbours compared", compared);
}
