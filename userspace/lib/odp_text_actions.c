// SPDX-License-Identifier: GPL-2.0
/*
 * Datapath actions as text, both ways: "push_vlan(vid=10,pcp=0),2",
 * "set(ipv4(src=1.2.3.4))", "userspace(pid=7,userdata(0102))", "drop".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/openvswitch.h>

#include "odp_text_out.h"
#include "odp_text_scan.h"

/* Newer than Debian 12's libc <linux/openvswitch.h>; uAPI numbers. */
#define FP_OVS_ACTION_ATTR_DROP 24

/* ---- printing ---- */

static void port(struct fp_text_out *o, uint32_t port_no,
		 const struct fp_odp_port_names *names)
{
	const char *name = names && names->name ?
			   names->name(port_no, names->arg) : NULL;

	if (name)
		fp_text_put(o, "%s", name);
	else
		fp_text_put(o, "%u", port_no);
}

static void generic(struct fp_text_out *o, const struct fp_odp_action *a)
{
	fp_text_put(o, "action%u", a->type);
	if (a->len) {
		fp_text_put(o, "(");
		fp_text_hex(o, a->data, a->len, ' ');
		fp_text_put(o, ")");
	}
}

/*
 * Open Vswitch reads a userdata of exactly its cookie's size (48 bytes)
 * as a cookie and names its kind; flowpath's userdata are not cookies, and
 * a cookie of kind 0 (what ovs-dpctl makes of "userspace(pid=N)") prints as
 * hex there too.
 */
static void userspace(struct fp_text_out *o, const struct fp_odp_action *a)
{
	fp_text_put(o, "userspace(pid=%u", a->userspace.pid);
	if (a->userspace.userdata) {
		fp_text_put(o, ",userdata(");
		fp_text_hex(o, a->userspace.userdata, a->userspace.userdata_len, 0);
		fp_text_put(o, ")");
	}
	fp_text_put(o, ")");
}

/* A key attribute built in scratch from a set action's value or mask. */
static const struct nlattr *as_attr(uint8_t *scratch, uint16_t type,
				    const void *p, size_t len)
{
	struct nlattr *a = (struct nlattr *)scratch;

	a->nla_type = type;
	a->nla_len = MNL_ATTR_HDRLEN + len;
	memcpy(scratch + MNL_ATTR_HDRLEN, p, len);
	return a;
}

static void set(struct fp_text_out *o, const struct fp_odp_action *a)
{
	uint8_t kbuf[MNL_ATTR_HDRLEN + 64] __attribute__((aligned(4)));
	uint8_t mbuf[MNL_ATTR_HDRLEN + 64] __attribute__((aligned(4)));
	const struct nlattr *k, *m = NULL;

	fp_text_put(o, "set(");
	if (a->set.len > 64) {
		fp_text_hex(o, a->set.value, a->set.len, ' ');
	} else {
		k = as_attr(kbuf, a->set.key_type, a->set.value, a->set.len);
		if (a->set.mask)
			m = as_attr(mbuf, a->set.key_type, a->set.mask, a->set.len);
		/* A plain set shows every field; a masked one only its own. */
		fp_text_key_attr(o, k, m, !a->set.mask, NULL);
	}
	fp_text_put(o, ")");
}

static void push_vlan(struct fp_text_out *o, const struct fp_odp_action *a)
{
	fp_text_put(o, "push_vlan(");
	if (a->push_vlan.tpid != htons(0x8100))
		fp_text_put(o, "tpid=0x%04x,", ntohs(a->push_vlan.tpid));
	fp_text_vlan_tci(o, a->push_vlan.tci, 0xffff, false);
	fp_text_put(o, ")");
}

static void one(struct fp_text_out *o, const struct fp_odp_action *a,
		const struct fp_odp_port_names *names)
{
	switch (a->type) {
	case OVS_ACTION_ATTR_OUTPUT:
		port(o, a->port, names);
		break;
	case OVS_ACTION_ATTR_USERSPACE:
		userspace(o, a);
		break;
	case OVS_ACTION_ATTR_SET:
	case OVS_ACTION_ATTR_SET_MASKED:
		set(o, a);
		break;
	case OVS_ACTION_ATTR_PUSH_VLAN:
		push_vlan(o, a);
		break;
	case OVS_ACTION_ATTR_POP_VLAN:
		fp_text_put(o, "pop_vlan");
		break;
	case OVS_ACTION_ATTR_RECIRC:
		fp_text_put(o, "recirc(%#x)", *(const uint32_t *)a->data);
		break;
	case OVS_ACTION_ATTR_TRUNC:
		fp_text_put(o, "trunc(%u)", *(const uint32_t *)a->data);
		break;
	case OVS_ACTION_ATTR_CT_CLEAR:
		fp_text_put(o, "ct_clear");
		break;
	case FP_OVS_ACTION_ATTR_DROP:
		fp_text_put(o, "drop");
		break;
	default:
		generic(o, a);
		break;
	}
}

int fp_odp_text_format_actions(const void *actions, size_t len,
			       const struct fp_odp_port_names *names,
			       char *buf, size_t size)
{
	struct fp_odp_action list[256];
	struct fp_text_out o;
	size_t n, i;
	int err;

	fp_text_init(&o, buf, size);
	if (!len) {
		fp_text_put(&o, "drop");
		return fp_text_result(&o);
	}
	err = fp_odp_actions_parse(actions, len, list, 256, &n);
	for (i = 0; i < n; i++) {
		if (i)
			fp_text_put(&o, ",");
		one(&o, &list[i], names);
	}
	if (err)
		fp_text_put(&o, "%s<malformed: %s>", n ? "," : "", strerror(-err));
	return fp_text_result(&o);
}

/* ---- parsing ---- */

struct act_scan {
	struct fp_scan sc;
	struct fp_nla_buf b;
};

static int scan_output(struct act_scan *as)
{
	const struct fp_odp_port_names *names = as->sc.names;
	const char *at = as->sc.s;
	size_t len = strcspn(at, ", \t\r\n)");
	uint64_t v;
	uint32_t p;

	if (fp_scan_uint(&as->sc, UINT32_MAX, &v)) {
		fp_nla_put_u32(&as->b, OVS_ACTION_ATTR_OUTPUT, v);
		return 0;
	}
	if (!names || !names->number || !len ||
	    names->number(at, len, &p, names->arg))
		return fp_scan_fail(&as->sc, at, "unknown action%s",
				    names && names->number ? " or port name" : "");
	as->sc.s += len;
	fp_nla_put_u32(&as->b, OVS_ACTION_ATTR_OUTPUT, p);
	return 0;
}

/* push_vlan([tpid=T,]vid=V,pcp=P[,cfi=C]): any order, all optional. */
static int scan_push_vlan(struct act_scan *as)
{
	struct ovs_action_push_vlan v;
	uint64_t tpid = 0x8100, vid = 0, pcp = 0, cfi = 1;

	while (!fp_scan_word(&as->sc, ")")) {
		const char *at = as->sc.s;
		bool ok;

		if (fp_scan_word(&as->sc, "tpid="))
			ok = fp_scan_uint(&as->sc, 0xffff, &tpid);
		else if (fp_scan_word(&as->sc, "vid="))
			ok = fp_scan_uint(&as->sc, 0xfff, &vid);
		else if (fp_scan_word(&as->sc, "pcp="))
			ok = fp_scan_uint(&as->sc, 7, &pcp);
		else if (fp_scan_word(&as->sc, "cfi="))
			ok = fp_scan_uint(&as->sc, 1, &cfi);
		else
			return fp_scan_fail(&as->sc, at, "push_vlan() has tpid=, vid=, pcp= and cfi=");
		if (!ok)
			return fp_scan_fail(&as->sc, at, "value out of range (vid 0-4095, pcp 0-7, cfi 0-1)");
		if (*as->sc.s != ')' && !fp_scan_word(&as->sc, ","))
			return fp_scan_fail(&as->sc, as->sc.s, "expected ',' or ')'");
	}
	v.vlan_tpid = htons(tpid);
	v.vlan_tci = htons(vid | pcp << 13 | cfi << 12);
	fp_nla_put(&as->b, OVS_ACTION_ATTR_PUSH_VLAN, &v, sizeof(v));
	return 0;
}

static bool all_ones(const uint8_t *p, size_t len)
{
	while (len--)
		if (*p++ != 0xff)
			return false;
	return true;
}

/* Whether the value has bits outside the mask (the kernel refuses it). */
static bool outside_mask(const uint8_t *v, const uint8_t *m, size_t len)
{
	while (len--)
		if (*v++ & ~*m++)
			return true;
	return false;
}

/*
 * set(ATTR(...)): SET when every field is given whole, else SET_MASKED
 * with the value and mask side by side, as the kernel wants it.
 */
static int scan_set(struct act_scan *as)
{
	uint8_t kraw[128] __attribute__((aligned(4)));
	uint8_t mraw[128] __attribute__((aligned(4)));
	const char *at = as->sc.s;
	const struct nlattr *k, *m;
	struct fp_nla_buf kb, mb;
	uint8_t both[2 * 64];
	size_t len, nest;
	int err;

	fp_nla_init(&kb, kraw, sizeof(kraw));
	fp_nla_init(&mb, mraw, sizeof(mraw));
	err = fp_scan_key_attr(&as->sc, &kb, &mb);
	if (err)
		return err;
	if (!fp_scan_word(&as->sc, ")"))
		return fp_scan_fail(&as->sc, as->sc.s, "set() takes one attribute");
	k = (const struct nlattr *)kraw;
	m = (const struct nlattr *)mraw;
	len = mnl_attr_get_payload_len(k);
	if (kb.overflow || mnl_attr_get_type(k) == OVS_KEY_ATTR_ENCAP || len > 64)
		return fp_scan_fail(&as->sc, at, "set() cannot rewrite that");
	if (all_ones(mnl_attr_get_payload(m), len)) {
		nest = fp_nla_nest_start(&as->b, OVS_ACTION_ATTR_SET);
		fp_nla_put(&as->b, mnl_attr_get_type(k), mnl_attr_get_payload(k), len);
		fp_nla_nest_end(&as->b, nest);
		return 0;
	}
	if (outside_mask(mnl_attr_get_payload(k), mnl_attr_get_payload(m), len))
		return fp_scan_fail(&as->sc, at, "a value has bits outside its mask: the datapath refuses such a set");
	memcpy(both, mnl_attr_get_payload(k), len);
	memcpy(both + len, mnl_attr_get_payload(m), len);
	nest = fp_nla_nest_start(&as->b, OVS_ACTION_ATTR_SET_MASKED);
	fp_nla_put(&as->b, mnl_attr_get_type(k), both, 2 * len);
	fp_nla_nest_end(&as->b, nest);
	return 0;
}

/* userspace(pid=N[,userdata(HEX)]) */
static int scan_userspace(struct act_scan *as)
{
	uint8_t data[1024];
	const char *at = as->sc.s;
	size_t len = 0, nest;
	bool has_data = false;
	uint64_t pid;

	if (!fp_scan_word(&as->sc, "pid=") ||
	    !fp_scan_uint(&as->sc, UINT32_MAX, &pid) || !pid)
		return fp_scan_fail(&as->sc, at, "userspace() needs pid=N, a netlink port id other than 0");
	if (fp_scan_word(&as->sc, ",userdata(")) {
		has_data = true;
		if (!fp_scan_hex(&as->sc, data, sizeof(data), &len) ||
		    !fp_scan_word(&as->sc, ")"))
			return fp_scan_fail(&as->sc, as->sc.s, "userdata() wants up to %zu bytes as hex digits",
					    sizeof(data));
	}
	if (!fp_scan_word(&as->sc, ")"))
		return fp_scan_fail(&as->sc, as->sc.s, "expected ',userdata(...)' or ')'");
	nest = fp_nla_nest_start(&as->b, OVS_ACTION_ATTR_USERSPACE);
	fp_nla_put_u32(&as->b, OVS_USERSPACE_ATTR_PID, pid);
	if (has_data)
		fp_nla_put(&as->b, OVS_USERSPACE_ATTR_USERDATA, data, len);
	fp_nla_nest_end(&as->b, nest);
	return 0;
}

static int scan_u32_action(struct act_scan *as, uint16_t type)
{
	const char *at = as->sc.s;
	uint64_t v;

	if (!fp_scan_uint(&as->sc, UINT32_MAX, &v) || !fp_scan_word(&as->sc, ")"))
		return fp_scan_fail(&as->sc, at, "expected a number and ')'");
	fp_nla_put_u32(&as->b, type, v);
	return 0;
}

static int scan_action(struct act_scan *as)
{
	if (fp_scan_word(&as->sc, "push_vlan("))
		return scan_push_vlan(as);
	if (fp_scan_word(&as->sc, "pop_vlan")) {
		fp_nla_put_flag(&as->b, OVS_ACTION_ATTR_POP_VLAN);
		return 0;
	}
	if (fp_scan_word(&as->sc, "set("))
		return scan_set(as);
	if (fp_scan_word(&as->sc, "userspace("))
		return scan_userspace(as);
	if (fp_scan_word(&as->sc, "recirc("))
		return scan_u32_action(as, OVS_ACTION_ATTR_RECIRC);
	if (fp_scan_word(&as->sc, "trunc("))
		return scan_u32_action(as, OVS_ACTION_ATTR_TRUNC);
	if (fp_scan_word(&as->sc, "ct_clear")) {
		fp_nla_put_flag(&as->b, OVS_ACTION_ATTR_CT_CLEAR);
		return 0;
	}
	return scan_output(as);
}

int fp_odp_text_parse_actions(const char *s,
			      const struct fp_odp_port_names *names,
			      struct fp_odp_actions *actions, char *err,
			      size_t err_size)
{
	struct act_scan as = {
		.sc = { .input = s, .s = s, .err = err, .err_size = err_size,
			.names = names },
	};
	int ret;

	if (err_size)
		err[0] = '\0';
	fp_odp_actions_init(actions);
	fp_nla_init(&as.b, actions->buf, sizeof(actions->buf));
	fp_scan_delims(&as.sc);
	/* "drop" is the empty list, alone. */
	if (fp_scan_word(&as.sc, "drop")) {
		fp_scan_delims(&as.sc);
		if (*as.sc.s)
			return fp_scan_fail(&as.sc, as.sc.s, "drop is the empty action list: nothing may follow it");
		return 0;
	}
	for (; *as.sc.s; fp_scan_delims(&as.sc)) {
		ret = scan_action(&as);
		if (ret)
			return ret;
	}
	if (as.b.overflow) {
		snprintf(err, err_size, "the actions are longer than %d bytes",
			 FP_ODP_ACTIONS_MAX);
		return -EMSGSIZE;
	}
	actions->len = as.b.len;
	return 0;
}
