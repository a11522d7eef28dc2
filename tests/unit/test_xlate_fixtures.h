/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Translation tests' bridge, packets and actions, and a reader of the
 * datapath action stream that renders it as short text:
 *   out:3            OVS_ACTION_ATTR_OUTPUT
 *   push(8100,vid=10,pcp=0)  pop
 *   set(ipv4:dst=10.0.0.9)   OVS_ACTION_ATTR_SET_MASKED, masked fields only
 *   trunc(100)       OVS_ACTION_ATTR_TRUNC
 *   ctl(pid=7,run=9,rule=3)  OVS_ACTION_ATTR_USERSPACE with our packet-in
 *                    cookie (userspace(pid=7) without one)
 * A stream the kernel would refuse (a set value with bits outside its
 * mask, a truncated attribute) renders as "BAD(...)".
 */
#ifndef TEST_XLATE_FIXTURES_H
#define TEST_XLATE_FIXTURES_H

#include <stdbool.h>
#include <stdint.h>

#include "xlate.h"

#define XFIX_MAX_PORTS 8

struct xfix {
	struct fp_xport ports[XFIX_MAX_PORTS];
	struct fp_xbridge br;
	struct fp_rule_actions acts;
	struct fp_flow wc_in;		/* the classifier's mask, given to fp_xlate */
	uint64_t rule_id;		/* given to fp_xlate */
	struct fp_xlate_out out;
	int ret;
	char err[256];
	char text[2048];		/* out.odp rendered */
};

/* A bridge "br0" with no ports, an empty MAC table and no actions. */
void xfix_init(struct xfix *x);
void xfix_fini(struct xfix *x);

struct fp_xport *xfix_access(struct xfix *x, const char *name, uint32_t odp,
			     uint16_t tag);
/* n == 0: every VLAN. */
struct fp_xport *xfix_trunk(struct xfix *x, const char *name, uint32_t odp,
			    const uint16_t *vlans, size_t n);

/* "02:00:00:00:00:01" -> bytes; aborts the test on a malformed string. */
void xfix_mac(uint8_t mac[6], const char *s);

/* An Ethernet frame of dl_type 0x0800 with no L3 fields. */
void xfix_eth(struct fp_flow *f, uint32_t in_port, const char *src,
	      const char *dst);
/* Adds an outermost tag, moving others inwards. */
void xfix_tag(struct fp_flow *f, uint16_t tpid, uint16_t vid, uint8_t pcp);
void xfix_ipv4(struct fp_flow *f, const char *src, const char *dst,
	       uint8_t proto, uint16_t tp_src, uint16_t tp_dst);
void xfix_ipv6(struct fp_flow *f, const char *src, const char *dst,
	       uint8_t proto, uint16_t tp_src, uint16_t tp_dst);

/* Appends an action to x->acts and returns it for filling in. */
struct fp_ract *xfix_add(struct xfix *x, enum fp_ract_type type);
void xfix_output(struct xfix *x, const char *port);
/* A set_field whose mask covers the whole field at [ofs, ofs + len). */
void xfix_set(struct xfix *x, size_t ofs, const void *value, size_t len);
#define XFIX_SET(x, field, val) do {					\
	__typeof__(((struct fp_flow *)0)->field) v_ = (val);		\
	xfix_set((x), offsetof(struct fp_flow, field), &v_, sizeof(v_)); \
} while (0)

/* Runs fp_xlate over x->acts (or no rule when no_rule), renders x->text. */
int xfix_run(struct xfix *x, const struct fp_flow *f, bool may_learn,
	     uint64_t now_ms);
int xfix_run_no_rule(struct xfix *x, const struct fp_flow *f);

void xfix_render(const void *attrs, size_t len, char *buf, size_t size);

/*
 * The wildcard bytes of a field (up to 8) as one number, first byte most
 * significant: XFIX_WC(x, vlans[0].tci) == 0x1fff is "present bit and VID".
 */
uint64_t xfix_wc_bytes(const struct xfix *x, size_t ofs, size_t len);
#define XFIX_WC(x, field) xfix_wc_bytes((x), offsetof(struct fp_flow, field), \
					sizeof(((struct fp_flow *)0)->field))

#endif
