// SPDX-License-Identifier: GPL-2.0
/*
 * Datapath actions: the builder, the header rewrite (set_diff) and the
 * parser of an action stream into a list. The text format is in
 * odp_text_actions.c.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/openvswitch.h>
#include <netinet/in.h>

#include "dp_attr.h"
#include "odp_actions.h"
#include "odp_nla.h"

/* The builder writes through an fp_nla_buf view of a->buf. */
static struct fp_nla_buf view(struct fp_odp_actions *a)
{
	struct fp_nla_buf b = {
		.data = a->buf, .size = sizeof(a->buf), .len = a->len,
		.overflow = a->overflow,
	};

	return b;
}

static void commit(struct fp_odp_actions *a, const struct fp_nla_buf *b)
{
	a->len = b->len;
	a->overflow = b->overflow;
}

void fp_odp_actions_init(struct fp_odp_actions *a)
{
	a->len = 0;
	a->overflow = false;
}

void fp_odp_put_output(struct fp_odp_actions *a, uint32_t port)
{
	struct fp_nla_buf b = view(a);

	fp_nla_put_u32(&b, OVS_ACTION_ATTR_OUTPUT, port);
	commit(a, &b);
}

void fp_odp_put_push_vlan(struct fp_odp_actions *a, fp_be16 tpid, fp_be16 tci)
{
	struct ovs_action_push_vlan v = {
		.vlan_tpid = tpid,
		.vlan_tci = tci | htons(FP_VLAN_PRESENT),
	};
	struct fp_nla_buf b = view(a);

	fp_nla_put(&b, OVS_ACTION_ATTR_PUSH_VLAN, &v, sizeof(v));
	commit(a, &b);
}

void fp_odp_put_pop_vlan(struct fp_odp_actions *a)
{
	struct fp_nla_buf b = view(a);

	fp_nla_put_flag(&b, OVS_ACTION_ATTR_POP_VLAN);
	commit(a, &b);
}

void fp_odp_put_trunc(struct fp_odp_actions *a, uint32_t max_len)
{
	struct ovs_action_trunc t = { .max_len = max_len };
	struct fp_nla_buf b = view(a);

	fp_nla_put(&b, OVS_ACTION_ATTR_TRUNC, &t, sizeof(t));
	commit(a, &b);
}

void fp_odp_put_userspace(struct fp_odp_actions *a, uint32_t pid,
			  const void *userdata, size_t len)
{
	struct fp_nla_buf b = view(a);
	size_t nest;

	nest = fp_nla_nest_start(&b, OVS_ACTION_ATTR_USERSPACE);
	fp_nla_put_u32(&b, OVS_USERSPACE_ATTR_PID, pid);
	if (userdata)
		fp_nla_put(&b, OVS_USERSPACE_ATTR_USERDATA, userdata, len);
	fp_nla_nest_end(&b, nest);
	commit(a, &b);
}

/* ---- set_diff ---- */

/* SET_MASKED: one key attribute whose payload is the value, then the mask. */
static void put_masked(struct fp_nla_buf *b, uint16_t key_type,
		       const void *value, const void *mask, size_t len)
{
	uint8_t both[2 * sizeof(struct ovs_key_ipv6)];
	const uint8_t *v = value, *m = mask;
	size_t nest, i;

	/* The kernel refuses value bits outside the mask. */
	for (i = 0; i < len; i++) {
		both[i] = v[i] & m[i];
		both[len + i] = m[i];
	}
	nest = fp_nla_nest_start(b, OVS_ACTION_ATTR_SET_MASKED);
	fp_nla_put(b, key_type, both, 2 * len);
	fp_nla_nest_end(b, nest);
}

static void put_set_u32(struct fp_nla_buf *b, uint16_t key_type, uint32_t v)
{
	size_t nest = fp_nla_nest_start(b, OVS_ACTION_ATTR_SET);

	fp_nla_put_u32(b, key_type, v);
	fp_nla_nest_end(b, nest);
}

/* All-ones over field f when it differs, so its whole value is written. */
#define DIFF(mask, from, to, f)						\
	do {								\
		if (memcmp(&(from)->f, &(to)->f, sizeof((to)->f)))	\
			memset(&(mask)->f, 0xff, sizeof((mask)->f));	\
	} while (0)

static void diff_ethernet(struct fp_nla_buf *b, const struct fp_flow *from,
			  const struct fp_flow *to)
{
	struct ovs_key_ethernet v, m;

	memset(&m, 0, sizeof(m));
	memcpy(v.eth_src, to->dl_src, 6);
	memcpy(v.eth_dst, to->dl_dst, 6);
	if (memcmp(from->dl_src, to->dl_src, 6))
		memset(m.eth_src, 0xff, 6);
	if (memcmp(from->dl_dst, to->dl_dst, 6))
		memset(m.eth_dst, 0xff, 6);
	if (memcmp(from->dl_src, to->dl_src, 6) || memcmp(from->dl_dst, to->dl_dst, 6))
		put_masked(b, OVS_KEY_ATTR_ETHERNET, &v, &m, sizeof(v));
}

static void diff_ipv4(struct fp_nla_buf *b, const struct fp_flow *from,
		      const struct fp_flow *to)
{
	struct ovs_key_ipv4 v = {
		.ipv4_src = to->nw_src, .ipv4_dst = to->nw_dst,
		.ipv4_tos = to->nw_tos, .ipv4_ttl = to->nw_ttl,
	};
	struct fp_flow m;

	fp_flow_zero(&m);
	DIFF(&m, from, to, nw_src);
	DIFF(&m, from, to, nw_dst);
	DIFF(&m, from, to, nw_tos);
	DIFF(&m, from, to, nw_ttl);
	if (!fp_flow_is_zero(&m)) {
		struct ovs_key_ipv4 mk = {
			.ipv4_src = m.nw_src, .ipv4_dst = m.nw_dst,
			.ipv4_tos = m.nw_tos, .ipv4_ttl = m.nw_ttl,
		};

		put_masked(b, OVS_KEY_ATTR_IPV4, &v, &mk, sizeof(v));
	}
}

static void diff_ipv6(struct fp_nla_buf *b, const struct fp_flow *from,
		      const struct fp_flow *to)
{
	struct ovs_key_ipv6 v, mk;
	struct fp_flow m;

	fp_flow_zero(&m);
	DIFF(&m, from, to, ipv6_src);
	DIFF(&m, from, to, ipv6_dst);
	DIFF(&m, from, to, nw_tos);
	DIFF(&m, from, to, nw_ttl);
	if (from->ipv6_label != to->ipv6_label)
		m.ipv6_label = htonl(0x000fffff);
	if (fp_flow_is_zero(&m))
		return;
	memset(&v, 0, sizeof(v));
	memset(&mk, 0, sizeof(mk));
	memcpy(v.ipv6_src, &to->ipv6_src, 16);
	memcpy(v.ipv6_dst, &to->ipv6_dst, 16);
	v.ipv6_label = to->ipv6_label;
	v.ipv6_tclass = to->nw_tos;
	v.ipv6_hlimit = to->nw_ttl;
	memcpy(mk.ipv6_src, &m.ipv6_src, 16);
	memcpy(mk.ipv6_dst, &m.ipv6_dst, 16);
	mk.ipv6_label = m.ipv6_label;
	mk.ipv6_tclass = m.nw_tos;
	mk.ipv6_hlimit = m.nw_ttl;
	put_masked(b, OVS_KEY_ATTR_IPV6, &v, &mk, sizeof(v));
}

static void diff_ports(struct fp_nla_buf *b, uint16_t key_type,
		       const struct fp_flow *from, const struct fp_flow *to)
{
	struct ovs_key_tcp v = { to->tp_src, to->tp_dst };
	struct ovs_key_tcp m = {
		from->tp_src != to->tp_src ? 0xffff : 0,
		from->tp_dst != to->tp_dst ? 0xffff : 0,
	};

	/* TCP, UDP and SCTP keys share one layout. */
	if (m.tcp_src || m.tcp_dst)
		put_masked(b, key_type, &v, &m, sizeof(v));
}

static bool is_ip(fp_be16 dl_type)
{
	return dl_type == htons(ETH_P_IP) || dl_type == htons(ETH_P_IPV6);
}

static bool l3_differs(const struct fp_flow *a, const struct fp_flow *b)
{
	return a->nw_src != b->nw_src || a->nw_dst != b->nw_dst ||
	       a->nw_tos != b->nw_tos || a->nw_ttl != b->nw_ttl ||
	       a->ipv6_label != b->ipv6_label ||
	       memcmp(&a->ipv6_src, &b->ipv6_src, 16) ||
	       memcmp(&a->ipv6_dst, &b->ipv6_dst, 16);
}

static bool nd_differs(const struct fp_flow *a, const struct fp_flow *b)
{
	return memcmp(&a->nd_target, &b->nd_target, 16) ||
	       memcmp(a->arp_sha, b->arp_sha, 6) ||
	       memcmp(a->arp_tha, b->arp_tha, 6);
}

/* The rewrites the datapath has no set action for. */
static bool unsettable(const struct fp_flow *from, const struct fp_flow *to)
{
	bool ports = from->tp_src != to->tp_src || from->tp_dst != to->tp_dst;

	if (from->dl_type != to->dl_type || from->nw_proto != to->nw_proto ||
	    from->nw_frag != to->nw_frag || from->tcp_flags != to->tcp_flags ||
	    nd_differs(from, to))
		return true;
	if (!is_ip(to->dl_type))
		return l3_differs(from, to) || ports;
	/* Fragments after the first have no ports to rewrite. */
	if (ports && to->nw_frag == OVS_FRAG_TYPE_LATER)
		return true;
	if (to->dl_type == htons(ETH_P_IP) &&
	    (from->ipv6_label != to->ipv6_label ||
	     memcmp(&from->ipv6_src, &to->ipv6_src, 16) ||
	     memcmp(&from->ipv6_dst, &to->ipv6_dst, 16)))
		return true;
	if (to->dl_type == htons(ETH_P_IPV6) &&
	    (from->nw_src != to->nw_src || from->nw_dst != to->nw_dst))
		return true;
	return ports && to->nw_proto != IPPROTO_TCP &&
	       to->nw_proto != IPPROTO_UDP && to->nw_proto != IPPROTO_SCTP;
}

static void diff_l4(struct fp_nla_buf *b, const struct fp_flow *from,
		    const struct fp_flow *to)
{
	switch (to->nw_proto) {
	case IPPROTO_TCP:
		diff_ports(b, OVS_KEY_ATTR_TCP, from, to);
		break;
	case IPPROTO_UDP:
		diff_ports(b, OVS_KEY_ATTR_UDP, from, to);
		break;
	case IPPROTO_SCTP:
		diff_ports(b, OVS_KEY_ATTR_SCTP, from, to);
		break;
	}
}

int fp_odp_put_set_diff(struct fp_odp_actions *a, const struct fp_flow *from,
			const struct fp_flow *to)
{
	struct fp_nla_buf b;

	if (unsettable(from, to))
		return -EOPNOTSUPP;
	b = view(a);
	if (from->skb_priority != to->skb_priority)
		put_set_u32(&b, OVS_KEY_ATTR_PRIORITY, to->skb_priority);
	if (from->skb_mark != to->skb_mark)
		put_set_u32(&b, OVS_KEY_ATTR_SKB_MARK, to->skb_mark);
	diff_ethernet(&b, from, to);
	if (to->dl_type == htons(ETH_P_IP))
		diff_ipv4(&b, from, to);
	else if (to->dl_type == htons(ETH_P_IPV6))
		diff_ipv6(&b, from, to);
	if (is_ip(to->dl_type) && to->nw_frag != OVS_FRAG_TYPE_LATER)
		diff_l4(&b, from, to);
	commit(a, &b);
	return 0;
}

/* ---- parsing ---- */

enum { LEN_VAR = -1 };

/*
 * Newer than the <linux/openvswitch.h> of Debian 12's libc headers (6.1);
 * the numbers are uAPI and never change.
 */
#define FP_OVS_ACTION_ATTR_DROP 24

/* The kernel's lengths (flow_netlink.c, __ovs_nla_copy_actions()). */
static int action_len(unsigned int type)
{
	switch (type) {
	case OVS_ACTION_ATTR_OUTPUT:
	case OVS_ACTION_ATTR_RECIRC:
	case OVS_ACTION_ATTR_METER:
	case FP_OVS_ACTION_ATTR_DROP:
		return sizeof(uint32_t);
	case OVS_ACTION_ATTR_PUSH_VLAN:
		return sizeof(struct ovs_action_push_vlan);
	case OVS_ACTION_ATTR_POP_VLAN:
	case OVS_ACTION_ATTR_POP_ETH:
	case OVS_ACTION_ATTR_CT_CLEAR:
	case OVS_ACTION_ATTR_POP_NSH:
		return 0;
	case OVS_ACTION_ATTR_HASH:
		return sizeof(struct ovs_action_hash);
	case OVS_ACTION_ATTR_PUSH_MPLS:
		return sizeof(struct ovs_action_push_mpls);
	case OVS_ACTION_ATTR_POP_MPLS:
		return sizeof(fp_be16);
	case OVS_ACTION_ATTR_TRUNC:
		return sizeof(struct ovs_action_trunc);
	case OVS_ACTION_ATTR_PUSH_ETH:
		return sizeof(struct ovs_action_push_eth);
	case OVS_ACTION_ATTR_ADD_MPLS:
		return sizeof(struct ovs_action_add_mpls);
	default:
		return LEN_VAR;
	}
}

struct userspace_tb {
	const struct nlattr *pid;
	const struct nlattr *userdata;
};

static int userspace_cb(const struct nlattr *attr, void *data)
{
	struct userspace_tb *tb = data;

	switch (mnl_attr_get_type(attr)) {
	case OVS_USERSPACE_ATTR_PID:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		tb->pid = attr;
		break;
	case OVS_USERSPACE_ATTR_USERDATA:
		tb->userdata = attr;
		break;
	}
	return MNL_CB_OK;
}

static int parse_userspace(const struct nlattr *attr, struct fp_odp_action *act)
{
	struct userspace_tb tb = { NULL, NULL };
	int err;

	err = dp_attr_parse_nested(attr, userspace_cb, &tb);
	if (err)
		return err == -EBADMSG ? err : -ERANGE;
	if (!tb.pid || !mnl_attr_get_u32(tb.pid))
		return -EINVAL;
	act->userspace.pid = mnl_attr_get_u32(tb.pid);
	if (tb.userdata) {
		act->userspace.userdata = mnl_attr_get_payload(tb.userdata);
		act->userspace.userdata_len = mnl_attr_get_payload_len(tb.userdata);
	}
	return 0;
}

/* set() and set_masked() hold exactly one key attribute, nothing else. */
static int parse_set(const struct nlattr *attr, struct fp_odp_action *act,
		     bool masked)
{
	const struct nlattr *key = mnl_attr_get_payload(attr);
	size_t outer = mnl_attr_get_payload_len(attr);
	size_t len;

	if (!mnl_attr_ok(key, (int)outer) || (size_t)MNL_ALIGN(key->nla_len) != outer)
		return -EINVAL;
	len = mnl_attr_get_payload_len(key);
	if (masked && len % 2)
		return -ERANGE;
	act->set.key_type = mnl_attr_get_type(key);
	act->set.value = mnl_attr_get_payload(key);
	act->set.len = masked ? len / 2 : len;
	act->set.mask = masked ? (const uint8_t *)act->set.value + act->set.len
			       : NULL;
	return 0;
}

static int parse_one(const struct nlattr *attr, struct fp_odp_action *act)
{
	int want = action_len(mnl_attr_get_type(attr));

	memset(act, 0, sizeof(*act));
	act->type = mnl_attr_get_type(attr);
	act->data = mnl_attr_get_payload(attr);
	act->len = mnl_attr_get_payload_len(attr);
	if (want != LEN_VAR && act->len != (size_t)want)
		return -ERANGE;
	switch (act->type) {
	case OVS_ACTION_ATTR_OUTPUT:
		act->port = mnl_attr_get_u32(attr);
		return 0;
	case OVS_ACTION_ATTR_PUSH_VLAN: {
		const struct ovs_action_push_vlan *v = act->data;

		act->push_vlan.tpid = v->vlan_tpid;
		act->push_vlan.tci = v->vlan_tci;
		return 0;
	}
	case OVS_ACTION_ATTR_USERSPACE:
		return parse_userspace(attr, act);
	case OVS_ACTION_ATTR_SET:
	case OVS_ACTION_ATTR_SET_MASKED:
		return parse_set(attr, act, act->type == OVS_ACTION_ATTR_SET_MASKED);
	}
	return 0;
}

struct parse_ctx {
	struct fp_odp_action *list;
	size_t max;
	size_t n;
};

static int action_cb(const struct nlattr *attr, void *data)
{
	struct parse_ctx *p = data;
	int err;

	if (p->n == p->max) {
		errno = E2BIG;
		return MNL_CB_ERROR;
	}
	err = parse_one(attr, &p->list[p->n]);
	if (err) {
		errno = -err;
		return MNL_CB_ERROR;
	}
	p->n++;
	return MNL_CB_OK;
}

int fp_odp_actions_parse(const void *attrs, size_t len,
			 struct fp_odp_action *list, size_t max, size_t *n)
{
	struct parse_ctx p = { .list = list, .max = max };
	int err;

	err = len ? dp_attr_parse_payload(attrs, len, action_cb, &p) : 0;
	*n = p.n;
	return err;
}
