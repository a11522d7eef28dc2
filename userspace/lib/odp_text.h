/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The text format of datapath flows, as ovs-dpctl prints and parses it:
 *
 *   in_port(1),eth(src=00:11:22:33:44:55),eth_type(0x0800),
 *   ipv4(src=10.0.0.1/255.255.255.0,proto=6,frag=no),tcp(dst=80),...
 *   actions: push_vlan(vid=10,pcp=0),2   drop   set(ipv4(src=1.2.3.4))
 *
 * It works on attribute streams, not on struct fp_flow: a dump is printed
 * as the kernel sent it (attributes fp_flow has no place for included), and
 * text is parsed into the attributes it names, so a flow added from text
 * reaches the kernel exactly as written, as with ovs-dpctl. The printing
 * follows Open vSwitch 3.1 (Debian 12) closely enough that the two tools'
 * dumps of one datapath compare equal, quirks included: an attribute whose
 * mask is all zeros is left out unless verbose, eth() is always shown, and
 * attributes that version does not know print as keyN(hex bytes).
 *
 * Formatters write into a caller's buffer and return 0, or -ENOSPC when it
 * was too small (the text is then cut, still terminated).
 */
#ifndef FP_ODP_TEXT_H
#define FP_ODP_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "odp_actions.h"
#include "odp_flow.h"

/* Port numbers <-> names, for in_port(NAME) and output to NAME. */
struct fp_odp_port_names {
	/* The name of port_no, or NULL to print the number. */
	const char *(*name)(uint32_t port_no, void *arg);
	/* Sets *port_no for the len-character name; 0, or -ENOENT. */
	int (*number)(const char *name, size_t len, uint32_t *port_no,
		      void *arg);
	void *arg;
};

/*
 * A flow's key, and its mask when mask is not NULL (mask_len 0 then means
 * "every attribute wildcarded"). verbose is ovs-dpctl's -m: every
 * attribute and field, wildcarded or not. names may be NULL.
 */
int fp_odp_text_format_key(const void *key, size_t key_len, const void *mask,
			   size_t mask_len, bool verbose,
			   const struct fp_odp_port_names *names, char *buf,
			   size_t size);

/* An action list: "drop" when empty. */
int fp_odp_text_format_actions(const void *actions, size_t len,
			       const struct fp_odp_port_names *names,
			       char *buf, size_t size);

#define FP_ODP_TEXT_ERR_LEN 256

/*
 * Parses a key: the attributes it names, each with its mask (a field
 * given without "/MASK" is exact, a field not given is wildcarded).
 * Returns 0, or -EINVAL (or -EMSGSIZE for a key too big) with err saying
 * where and why.
 */
int fp_odp_text_parse_key(const char *s, const struct fp_odp_port_names *names,
			  struct fp_odp_key *key, struct fp_odp_key *mask,
			  char *err, size_t err_size);

/*
 * Parses actions: "drop", port numbers or names, push_vlan(...), pop_vlan,
 * set(ATTR(...)) (SET when fully masked, else SET_MASKED), userspace(
 * pid=N[,userdata(HEX)]), recirc(N), trunc(N), ct_clear. Returns 0, or
 * -EINVAL / -EMSGSIZE with err set.
 */
int fp_odp_text_parse_actions(const char *s,
			      const struct fp_odp_port_names *names,
			      struct fp_odp_actions *actions, char *err,
			      size_t err_size);

#endif
