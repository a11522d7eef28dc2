/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The actions of a bridge rule (what "actions=..." in a rule says), as the
 * rule parser produces them and translation (xlate) consumes them. Ports
 * are named, not numbered: a rule means the same after a port is re-added
 * under another datapath port number.
 */
#ifndef FP_RULE_ACTION_H
#define FP_RULE_ACTION_H

#include <net/if.h>
#include <stddef.h>

#include "flow.h"

enum fp_ract_type {
	FP_RACT_OUTPUT,		/* output:PORT */
	FP_RACT_IN_PORT,	/* output:in_port - back out of the input port */
	FP_RACT_NORMAL,		/* normal: the MAC-learning L2 switch */
	FP_RACT_FLOOD,		/* flood: every port but the input (VLAN-aware) */
	FP_RACT_PUSH_VLAN,	/* push_vlan:TPID (VID 0, PCP 0 until set) */
	FP_RACT_POP_VLAN,	/* pop_vlan / strip_vlan */
	FP_RACT_SET_VLAN_VID,	/* mod_vlan_vid:VID, pushes 0x8100 if untagged */
	FP_RACT_SET_VLAN_PCP,	/* mod_vlan_pcp:PCP, pushes 0x8100 if untagged */
	FP_RACT_SET_FIELD,	/* mod_dl_src, mod_nw_dst, set_field ... */
	FP_RACT_CONTROLLER,	/* controller[:MAX_LEN]: a copy to flowpathd */
};

/* The shortest controller:MAX_LEN: the datapath cuts no packet shorter. */
#define FP_RACT_CONTROLLER_MIN_LEN 14

struct fp_ract {
	enum fp_ract_type type;
	union {
		char port[IF_NAMESIZE];	/* OUTPUT */
		fp_be16 tpid;		/* PUSH_VLAN */
		uint16_t vid;		/* SET_VLAN_VID */
		uint8_t pcp;		/* SET_VLAN_PCP */
		uint16_t max_len;	/* CONTROLLER: bytes sent, 0 = all */
		/*
		 * SET_FIELD: the bits set in mask take their value from value;
		 * one layout for every field, so translation needs no per-field
		 * code to apply it.
		 */
		struct {
			struct fp_flow value;
			struct fp_flow mask;
		} set;
	};
};

#define FP_RULE_MAX_ACTIONS 32

/* An empty list drops the packet ("actions=drop"). */
struct fp_rule_actions {
	size_t n;
	struct fp_ract acts[FP_RULE_MAX_ACTIONS];
};

#endif
