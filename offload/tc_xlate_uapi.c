// SPDX-License-Identifier: GPL-2.0
/*
 * tc_pedit_htype.h spells out the kernel's pedit header types because
 * <linux/tc_act/tc_pedit.h> and tc_flower.h both define struct
 * tc_pedit_key and cannot meet in one file. This file includes the
 * kernel's header and ours (not tc_flower.h) and fails the build if the
 * two ever disagree.
 */
#include <linux/tc_act/tc_pedit.h>

#include "tc_pedit_htype.h"

_Static_assert((int)TC_PEDIT_HTYPE_ETH == (int)TCA_PEDIT_KEY_EX_HDR_TYPE_ETH, "eth");
_Static_assert((int)TC_PEDIT_HTYPE_IP4 == (int)TCA_PEDIT_KEY_EX_HDR_TYPE_IP4, "ip4");
_Static_assert((int)TC_PEDIT_HTYPE_IP6 == (int)TCA_PEDIT_KEY_EX_HDR_TYPE_IP6, "ip6");
_Static_assert((int)TC_PEDIT_HTYPE_TCP == (int)TCA_PEDIT_KEY_EX_HDR_TYPE_TCP, "tcp");
_Static_assert((int)TC_PEDIT_HTYPE_UDP == (int)TCA_PEDIT_KEY_EX_HDR_TYPE_UDP, "udp");
