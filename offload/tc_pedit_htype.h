/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/tc_act/tc_pedit.h>'s TCA_PEDIT_KEY_EX_HDR_TYPE_*, the htype of
 * tc_flower.h's struct tc_pedit_key. That kernel header cannot be included
 * beside tc_flower.h: both define a struct tc_pedit_key. This one holds
 * nothing else, so tc_xlate_uapi.c can include both and check the values.
 */
#ifndef FP_TC_PEDIT_HTYPE_H
#define FP_TC_PEDIT_HTYPE_H

enum tc_pedit_htype {
	TC_PEDIT_HTYPE_ETH = 1,
	TC_PEDIT_HTYPE_IP4 = 2,
	TC_PEDIT_HTYPE_IP6 = 3,
	TC_PEDIT_HTYPE_TCP = 4,
	TC_PEDIT_HTYPE_UDP = 5,
};

#endif
