/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tc flower netlink codec: struct tc_flower <-> RTM_*TFILTER messages
 * (tcmsg + TCA_* attributes), built into the caller's buffer with libmnl.
 * Pure functions: no socket here (tc_client.h sends what this builds).
 *
 * Where a filter goes: the ingress hook of the device's clsact qdisc
 * (parent ffff:fff2), tcm_info = prio << 16 | protocol, TCA_CHAIN.
 *
 * The encoder refuses, with a reason, what the kernel would silently take
 * differently than asked: a partial mask on a key flower matches only
 * exactly, a key the kernel ignores because the EtherType or IP protocol
 * it depends on is not matched exactly (a TCP port without ip_proto 6
 * would match every packet), a pedit key off a 4-byte boundary, ...
 *
 * The decoder reads requests, echoes, replies and dump entries alike into
 * a canonical struct tc_flower: keys masked, exact-only masks all ones,
 * key.eth_type the EtherType inside all tags. Unknown attributes are
 * skipped; malformed ones are refused.
 */
#ifndef FP_TC_NL_H
#define FP_TC_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

#include "tc_flower.h"

/* Room for any filter this codec builds (16 actions of 16 pedit keys). */
#define TC_NL_MSG_SIZE 16384
#define TC_NL_WHY_LEN 160

/*
 * RTM_NEWTFILTER (flags such as NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO)
 * with f's match, actions and cookie, into buf of size bytes. Returns the
 * message in *out and 0, -EINVAL / -EOPNOTSUPP for a filter flower cannot
 * hold as asked, -EMSGSIZE if buf is too small; why says which.
 */
int tc_nl_new_filter(void *buf, size_t size, uint16_t flags,
		     const struct tc_flower *f, struct nlmsghdr **out,
		     char *why, size_t whylen);

/*
 * RTM_DELTFILTER or RTM_GETTFILTER (type) naming f's ifindex, chain, prio,
 * protocol and handle; buf holds at least 64 bytes.
 */
struct nlmsghdr *tc_nl_filter_ref(void *buf, uint16_t type, uint16_t flags,
				  const struct tc_flower *f);

/*
 * RTM_GETTFILTER | NLM_F_DUMP of ifindex's ingress hook. Without TCA_CHAIN
 * the kernel (checked on 6.12) dumps every chain. buf >= 64 bytes.
 */
struct nlmsghdr *tc_nl_dump_filters(void *buf, int ifindex);

/* RTM_NEWQDISC clsact on ifindex (flags: NLM_F_CREATE | NLM_F_EXCL). */
struct nlmsghdr *tc_nl_new_clsact(void *buf, int ifindex, uint16_t flags);

/*
 * A filter message (RTM_NEWTFILTER reply, echo or dump entry, or one of
 * our own requests) into *f, zeroed first. Returns 0;
 * -ENODATA for a classifier with no filter (the head entry a dump gives
 * for each prio, handle 0); -EOPNOTSUPP for a filter that is not flower or
 * holds something flowpath never puts (another action kind, ...);
 * -EBADMSG for a malformed message. why says which.
 */
int tc_nl_parse_filter(const struct nlmsghdr *nlh, struct tc_flower *f,
		       char *why, size_t whylen);

/*
 * Compares the kernel's echo of an installed filter with the request,
 * both as tc_nl_parse_filter() read them (the request from the message
 * tc_nl_new_filter() built: decoding it applies what the kernel applies,
 * masked keys, implied EtherTypes, defaults). Checks the ifindex, chain,
 * prio and handle (unless the request let the kernel pick), protocol,
 * skip flags, every key and mask, the actions and the cookie. 0, or
 * -EPROTO with why naming the first difference.
 */
int tc_nl_check_echo(const struct tc_flower *req, const struct tc_flower *echo,
		     char *why, size_t whylen);

/*
 * Whether two actions do the same: the echo check's comparison, also used
 * to tell a filter found at start-up from what its flow translates to now.
 */
bool tc_act_same(const struct tc_act *a, const struct tc_act *b);

/* "mirred", "gact", ... for an action kind; the act_* module's name. */
const char *tc_nl_act_kind_name(enum tc_act_kind kind);

#endif
