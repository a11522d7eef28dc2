// SPDX-License-Identifier: GPL-2.0
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/openvswitch.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "packet_in.h"
#include "test_xlate_fixtures.h"

void xfix_init(struct xfix *x)
{
	memset(x, 0, sizeof(*x));
	x->br.name = "br0";
	x->br.ports = x->ports;
	x->br.macs = fp_mac_table_create();
	cr_assert_not_null(x->br.macs);
}

void xfix_fini(struct xfix *x)
{
	fp_mac_table_destroy(x->br.macs);
}

static struct fp_xport *add_port(struct xfix *x, const char *name,
				 uint32_t odp, enum fp_vlan_mode mode)
{
	struct fp_xport *p;

	cr_assert_lt(x->br.n_ports, XFIX_MAX_PORTS);
	p = &x->ports[x->br.n_ports++];
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->odp_port = odp;
	p->mode = mode;
	return p;
}

struct fp_xport *xfix_access(struct xfix *x, const char *name, uint32_t odp,
			     uint16_t tag)
{
	struct fp_xport *p = add_port(x, name, odp, FP_VLAN_ACCESS);

	p->tag = tag;
	return p;
}

struct fp_xport *xfix_trunk(struct xfix *x, const char *name, uint32_t odp,
			    const uint16_t *vlans, size_t n)
{
	struct fp_xport *p = add_port(x, name, odp, FP_VLAN_TRUNK);

	for (size_t i = 0; i < n; i++)
		p->trunks[vlans[i] / 64] |= 1ull << (vlans[i] % 64);
	return p;
}

void xfix_mac(uint8_t mac[6], const char *s)
{
	unsigned int b[6];

	cr_assert_eq(sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2],
			    &b[3], &b[4], &b[5]), 6, "bad MAC %s", s);
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
}

void xfix_eth(struct fp_flow *f, uint32_t in_port, const char *src,
	      const char *dst)
{
	fp_flow_zero(f);
	f->in_port = in_port;
	xfix_mac(f->dl_src, src);
	xfix_mac(f->dl_dst, dst);
	f->dl_type = htons(0x0800);
}

void xfix_tag(struct fp_flow *f, uint16_t tpid, uint16_t vid, uint8_t pcp)
{
	f->vlans[1] = f->vlans[0];
	f->vlans[0].tpid = htons(tpid);
	f->vlans[0].tci = htons((uint16_t)(pcp << FP_VLAN_PCP_SHIFT |
					   FP_VLAN_PRESENT | vid));
}

void xfix_ipv4(struct fp_flow *f, const char *src, const char *dst,
	       uint8_t proto, uint16_t tp_src, uint16_t tp_dst)
{
	f->dl_type = htons(0x0800);
	cr_assert_eq(inet_pton(AF_INET, src, &f->nw_src), 1);
	cr_assert_eq(inet_pton(AF_INET, dst, &f->nw_dst), 1);
	f->nw_proto = proto;
	f->nw_ttl = 64;
	f->tp_src = htons(tp_src);
	f->tp_dst = htons(tp_dst);
}

void xfix_ipv6(struct fp_flow *f, const char *src, const char *dst,
	       uint8_t proto, uint16_t tp_src, uint16_t tp_dst)
{
	f->dl_type = htons(0x86dd);
	cr_assert_eq(inet_pton(AF_INET6, src, &f->ipv6_src), 1);
	cr_assert_eq(inet_pton(AF_INET6, dst, &f->ipv6_dst), 1);
	f->nw_proto = proto;
	f->nw_ttl = 64;
	f->tp_src = htons(tp_src);
	f->tp_dst = htons(tp_dst);
}

struct fp_ract *xfix_add(struct xfix *x, enum fp_ract_type type)
{
	struct fp_ract *a;

	cr_assert_lt(x->acts.n, FP_RULE_MAX_ACTIONS);
	a = &x->acts.acts[x->acts.n++];
	memset(a, 0, sizeof(*a));
	a->type = type;
	return a;
}

void xfix_output(struct xfix *x, const char *port)
{
	snprintf(xfix_add(x, FP_RACT_OUTPUT)->port, IF_NAMESIZE, "%s", port);
}

void xfix_set(struct xfix *x, size_t ofs, const void *value, size_t len)
{
	struct fp_ract *a = xfix_add(x, FP_RACT_SET_FIELD);

	memcpy((uint8_t *)&a->set.value + ofs, value, len);
	memset((uint8_t *)&a->set.mask + ofs, 0xff, len);
}

static int run(struct xfix *x, const struct fp_flow *f,
	       const struct fp_rule_actions *acts, bool may_learn,
	       uint64_t now_ms)
{
	struct fp_xlate_in in = {
		.br = &x->br, .flow = f, .actions = acts,
		.may_learn = may_learn, .now_ms = now_ms, .rule_id = x->rule_id,
	};

	x->out.wc = x->wc_in;
	x->err[0] = '\0';
	x->ret = fp_xlate(&in, &x->out, x->err, sizeof(x->err));
	xfix_render(x->out.odp.buf, x->out.odp.len, x->text, sizeof(x->text));
	return x->ret;
}

int xfix_run(struct xfix *x, const struct fp_flow *f, bool may_learn,
	     uint64_t now_ms)
{
	return run(x, f, &x->acts, may_learn, now_ms);
}

int xfix_run_no_rule(struct xfix *x, const struct fp_flow *f)
{
	return run(x, f, NULL, true, 0);
}

uint64_t xfix_wc_bytes(const struct xfix *x, size_t ofs, size_t len)
{
	const uint8_t *p = (const uint8_t *)&x->out.wc + ofs;
	uint64_t v = 0;

	cr_assert_leq(len, 8);
	for (size_t i = 0; i < len; i++)
		v = v << 8 | p[i];
	return v;
}

/* Rendering ---------------------------------------------------------- */

struct sink {
	char *buf;
	size_t size, used;
	bool first_field;
};

__attribute__((format(printf, 2, 3)))
static void emit(struct sink *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (s->used >= s->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(s->buf + s->used, s->size - s->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		s->used += (size_t)n;
}

static void field_sep(struct sink *s)
{
	if (!s->first_field)
		emit(s, ",");
	s->first_field = false;
}

static bool nonzero(const void *p, size_t len)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < len; i++)
		if (b[i])
			return true;
	return false;
}

/* A field of a set(): printed when its mask has any bit. */
static void put_field(struct sink *s, const char *name, const void *v,
		      const void *m, size_t len, int family)
{
	char ip[INET6_ADDRSTRLEN];
	const uint8_t *b = v;

	if (!nonzero(m, len))
		return;
	field_sep(s);
	emit(s, "%s=", name);
	if (family) {
		inet_ntop(family, v, ip, sizeof(ip));
		emit(s, "%s", ip);
	} else if (len == 6) {
		emit(s, "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2],
		     b[3], b[4], b[5]);
	} else if (len == 1) {
		emit(s, "%u", b[0]);
	} else if (len == 2) {
		emit(s, "%u", ntohs(*(const uint16_t *)v));
	} else {
		emit(s, "0x%x", ntohl(*(const uint32_t *)v));
	}
}

#define F(name, fld, fam) put_field(s, name, &v->fld, &m->fld, sizeof(v->fld), fam)

static void render_key(struct sink *s, uint16_t type, const void *vp,
		       const void *mp)
{
	switch (type) {
	case OVS_KEY_ATTR_ETHERNET: {
		const struct ovs_key_ethernet *v = vp, *m = mp;

		emit(s, "eth:");
		F("src", eth_src, 0);
		F("dst", eth_dst, 0);
		break;
	}
	case OVS_KEY_ATTR_IPV4: {
		const struct ovs_key_ipv4 *v = vp, *m = mp;

		emit(s, "ipv4:");
		F("src", ipv4_src, AF_INET);
		F("dst", ipv4_dst, AF_INET);
		F("proto", ipv4_proto, 0);
		F("tos", ipv4_tos, 0);
		F("ttl", ipv4_ttl, 0);
		F("frag", ipv4_frag, 0);
		break;
	}
	case OVS_KEY_ATTR_IPV6: {
		const struct ovs_key_ipv6 *v = vp, *m = mp;

		emit(s, "ipv6:");
		F("src", ipv6_src, AF_INET6);
		F("dst", ipv6_dst, AF_INET6);
		F("label", ipv6_label, 0);
		F("proto", ipv6_proto, 0);
		F("tclass", ipv6_tclass, 0);
		F("hlimit", ipv6_hlimit, 0);
		F("frag", ipv6_frag, 0);
		break;
	}
	case OVS_KEY_ATTR_TCP:
	case OVS_KEY_ATTR_UDP:
	case OVS_KEY_ATTR_SCTP: {
		const struct ovs_key_tcp *v = vp, *m = mp;

		emit(s, "%s:", type == OVS_KEY_ATTR_TCP ? "tcp" :
			 type == OVS_KEY_ATTR_UDP ? "udp" : "sctp");
		F("src", tcp_src, 0);
		F("dst", tcp_dst, 0);
		break;
	}
	case OVS_KEY_ATTR_PRIORITY:
	case OVS_KEY_ATTR_SKB_MARK:
		emit(s, "%s=%u", type == OVS_KEY_ATTR_PRIORITY ? "priority" :
			 "skb_mark", *(const uint32_t *)vp);
		break;
	default:
		emit(s, "key%u", type);
	}
}
#undef F

/* The kernel refuses value bits outside the mask (validate_masked()). */
static bool value_within_mask(const uint8_t *v, const uint8_t *m, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (v[i] & ~m[i])
			return false;
	return true;
}

static void render_set(struct sink *s, const struct nlattr *a, bool masked)
{
	const struct nlattr *key = mnl_attr_get_payload(a);
	size_t outer = mnl_attr_get_payload_len(a), len;
	const uint8_t *v;

	if (outer < MNL_ATTR_HDRLEN || key->nla_len > outer) {
		emit(s, "BAD(set truncated)");
		return;
	}
	v = mnl_attr_get_payload(key);
	len = mnl_attr_get_payload_len(key);
	if (masked) {
		len /= 2;
		if (!value_within_mask(v, v + len, len)) {
			emit(s, "BAD(set value outside mask)");
			return;
		}
	}
	emit(s, "set(");
	s->first_field = true;
	if (masked) {
		render_key(s, mnl_attr_get_type(key), v, v + len);
	} else {
		uint8_t all[64];

		memset(all, 0xff, sizeof(all));
		if (len > sizeof(all))
			emit(s, "BAD(set too long)");
		else
			render_key(s, mnl_attr_get_type(key), v, all);
	}
	emit(s, ")");
}

/* Our packet-in cookie as its numbers; anything else as its pid only. */
static void render_userspace(struct sink *s, const struct nlattr *a)
{
	struct fp_odp_action act;
	struct fp_packet_in_cookie c;
	size_t n;

	if (fp_odp_actions_parse(a, a->nla_len, &act, 1, &n) || n != 1) {
		emit(s, "BAD(userspace)");
		return;
	}
	if (fp_packet_in_cookie_get(act.userspace.userdata,
				    act.userspace.userdata_len, &c))
		emit(s, "userspace(pid=%u)", act.userspace.pid);
	else
		emit(s, "ctl(pid=%u,run=%u,rule=%llu)", act.userspace.pid, c.run,
		     (unsigned long long)c.rule_id);
}

static void render_one(struct sink *s, const struct nlattr *a)
{
	const struct ovs_action_push_vlan *pv;
	uint16_t tci;

	switch (mnl_attr_get_type(a)) {
	case OVS_ACTION_ATTR_OUTPUT:
		emit(s, "out:%u", mnl_attr_get_u32(a));
		break;
	case OVS_ACTION_ATTR_PUSH_VLAN:
		pv = mnl_attr_get_payload(a);
		tci = ntohs(pv->vlan_tci);
		if (!(tci & FP_VLAN_PRESENT))
			emit(s, "BAD(push without present bit)");
		else
			emit(s, "push(%04x,vid=%u,pcp=%u)", ntohs(pv->vlan_tpid),
			     tci & FP_VLAN_VID_MASK, tci >> FP_VLAN_PCP_SHIFT);
		break;
	case OVS_ACTION_ATTR_POP_VLAN:
		emit(s, "pop");
		break;
	case OVS_ACTION_ATTR_SET_MASKED:
		render_set(s, a, true);
		break;
	case OVS_ACTION_ATTR_SET:
		render_set(s, a, false);
		break;
	case OVS_ACTION_ATTR_TRUNC:
		emit(s, "trunc(%u)", mnl_attr_get_u32(a));
		break;
	case OVS_ACTION_ATTR_USERSPACE:
		render_userspace(s, a);
		break;
	default:
		emit(s, "attr%u", mnl_attr_get_type(a));
	}
}

void xfix_render(const void *attrs, size_t len, char *buf, size_t size)
{
	struct sink s = { .buf = buf, .size = size };
	const struct nlattr *attr;
	bool first = true;

	buf[0] = '\0';
	if (!len) {
		emit(&s, "drop");
		return;
	}
	/* The macro names its cursor "attr". */
	mnl_attr_for_each_payload(attrs, len) {
		if (!first)
			emit(&s, " ");
		first = false;
		render_one(&s, attr);
	}
	if ((const uint8_t *)attr != (const uint8_t *)attrs + len)
		emit(&s, " BAD(trailing bytes)");
}
