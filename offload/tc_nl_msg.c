// SPDX-License-Identifier: GPL-2.0
/*
 * The filter message as a whole: tcmsg (where the filter hangs), TCA_KIND,
 * TCA_CHAIN and the TCA_OPTIONS nest, whose keys and actions the other
 * tc_nl_*.c files write and read.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include "dp_attr.h"
#include "tc_nl.h"
#include "tc_nl_impl.h"

/* flowpath's filters all hang on the ingress hook of clsact: ffff:fff2. */
#define TC_NL_INGRESS TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS)

/* Flags a caller may ask for; IN_HW and NOT_IN_HW are the kernel's word. */
#define TC_NL_USER_FLAGS \
	(TCA_CLS_FLAGS_SKIP_HW | TCA_CLS_FLAGS_SKIP_SW | TCA_CLS_FLAGS_VERBOSE)

/* Header, tcmsg and nothing else: 36 bytes. */
#define TC_NL_HEAD_SIZE (MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct tcmsg)))

static struct nlmsghdr *tcmsg_start(void *buf, uint16_t type, uint16_t flags,
				    int ifindex, uint32_t parent,
				    uint32_t info, uint32_t handle)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct tcmsg *tcm;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	tcm = mnl_nlmsg_put_extra_header(nlh, sizeof(*tcm));
	tcm->tcm_family = AF_UNSPEC;
	tcm->tcm_ifindex = ifindex;
	tcm->tcm_parent = parent;
	tcm->tcm_info = info;
	tcm->tcm_handle = handle;
	return nlh;
}

/* The protocol sits in tcm_info as it is on the wire (network order). */
static struct nlmsghdr *filter_start(void *buf, uint16_t type, uint16_t flags,
				     const struct tc_flower *f)
{
	uint32_t info = TC_H_MAKE((uint32_t)f->prio << 16, f->protocol);
	struct nlmsghdr *nlh;

	nlh = tcmsg_start(buf, type, flags, f->ifindex, TC_NL_INGRESS, info,
			  f->handle);
	mnl_attr_put_strz(nlh, TCA_KIND, "flower");
	mnl_attr_put_u32(nlh, TCA_CHAIN, f->chain);
	return nlh;
}

struct nlmsghdr *tc_nl_filter_ref(void *buf, uint16_t type, uint16_t flags,
				  const struct tc_flower *f)
{
	return filter_start(buf, type, flags, f);
}

struct nlmsghdr *tc_nl_dump_filters(void *buf, int ifindex)
{
	return tcmsg_start(buf, RTM_GETTFILTER, NLM_F_DUMP, ifindex,
			   TC_NL_INGRESS, 0, 0);
}

struct nlmsghdr *tc_nl_new_clsact(void *buf, int ifindex, uint16_t flags)
{
	struct nlmsghdr *nlh;

	nlh = tcmsg_start(buf, RTM_NEWQDISC, flags, ifindex, TC_H_CLSACT, 0,
			  TC_H_MAKE(TC_H_CLSACT, 0));
	mnl_attr_put_strz(nlh, TCA_KIND, "clsact");
	return nlh;
}

/* What the kernel would refuse or misread, refused here with a reason. */
static int check_filter(const struct tc_flower *f, char *why, size_t whylen)
{
	if (f->flags & ~TC_NL_USER_FLAGS)
		return tc_nl_fail(why, whylen, -EINVAL,
				  "filter flags 0x%x: only skip_hw, skip_sw and verbose can be asked for",
				  f->flags);
	if ((f->flags & TCA_CLS_FLAGS_SKIP_HW) && (f->flags & TCA_CLS_FLAGS_SKIP_SW))
		return tc_nl_fail(why, whylen, -EINVAL,
				  "skip_hw and skip_sw together leave the filter nowhere to run");
	if (!f->protocol)
		return tc_nl_fail(why, whylen, -EINVAL,
				  "a filter needs a protocol (ETH_P_ALL to match any)");
	if (f->n_acts > TC_FLOWER_MAX_ACTS)
		return tc_nl_fail(why, whylen, -EINVAL, "%zu actions, at most %d",
				  f->n_acts, TC_FLOWER_MAX_ACTS);
	if (f->cookie_len > TC_COOKIE_LEN)
		return tc_nl_fail(why, whylen, -EINVAL, "a cookie of %zu bytes, at most %d",
				  f->cookie_len, TC_COOKIE_LEN);
	if (f->cookie_len && !f->n_acts)
		return tc_nl_fail(why, whylen, -EINVAL,
				  "a cookie rides on the first action, and there is none");
	return 0;
}

static int put_options(struct tc_nl_out *o, const struct tc_flower *f,
		       char *why, size_t whylen)
{
	struct nlattr *opts = tc_nl_nest(o, TCA_OPTIONS);
	int err;

	if (f->flags)
		tc_nl_put_u32(o, TCA_FLOWER_FLAGS, f->flags);
	err = tc_nl_put_keys(o, f, why, whylen);
	if (!err && f->n_acts)
		err = tc_nl_put_acts(o, f, why, whylen);
	tc_nl_nest_end(o, opts);
	return err;
}

int tc_nl_new_filter(void *buf, size_t size, uint16_t flags,
		     const struct tc_flower *f, struct nlmsghdr **out,
		     char *why, size_t whylen)
{
	struct tc_nl_out o;
	int err;

	err = check_filter(f, why, whylen);
	if (err)
		return err;
	if (size < TC_NL_HEAD_SIZE + 64)
		return tc_nl_fail(why, whylen, -EMSGSIZE,
				  "a buffer of %zu bytes cannot hold a filter", size);
	o.nlh = filter_start(buf, RTM_NEWTFILTER, flags, f);
	o.size = size;
	o.full = false;
	err = put_options(&o, f, why, whylen);
	if (err)
		return err;
	if (o.full)
		return tc_nl_fail(why, whylen, -EMSGSIZE,
				  "the filter does not fit in %zu bytes", size);
	*out = o.nlh;
	return 0;
}

/* ---- decoding ---- */

static int validate_top(const struct nlattr *attr, int type)
{
	switch (type) {
	case TCA_KIND:
		return mnl_attr_validate(attr, MNL_TYPE_NUL_STRING);
	case TCA_CHAIN:
		return mnl_attr_validate(attr, MNL_TYPE_U32);
	case TCA_OPTIONS:
		return mnl_attr_validate(attr, MNL_TYPE_NESTED);
	default:
		return 0;
	}
}

static int parse_flags(const struct nlattr *const *tb, struct tc_flower *f)
{
	uint32_t flags = 0;

	if (tb[TCA_FLOWER_FLAGS] && tc_nl_get(tb[TCA_FLOWER_FLAGS], &flags, 4))
		return -EBADMSG;
	f->flags = flags & TC_NL_USER_FLAGS;
	f->in_hw = flags & TCA_CLS_FLAGS_IN_HW;
	if (tb[TCA_FLOWER_IN_HW_COUNT] &&
	    tc_nl_get(tb[TCA_FLOWER_IN_HW_COUNT], &f->in_hw_count, 4))
		return -EBADMSG;
	return 0;
}

static int parse_options(const struct nlattr *opts, struct tc_flower *f,
			 char *why, size_t whylen)
{
	const struct nlattr *tb[TCA_FLOWER_MAX + 1];
	int err;

	if (tc_nl_parse_nest(opts, tb, TCA_FLOWER_MAX))
		return tc_nl_fail(why, whylen, -EBADMSG,
				  "the flower options do not parse as attributes");
	if (parse_flags(tb, f))
		return tc_nl_fail(why, whylen, -EBADMSG,
				  "TCA_FLOWER_FLAGS or TCA_FLOWER_IN_HW_COUNT is not a u32");
	err = tc_nl_parse_keys(tb, f, why, whylen);
	if (!err && tb[TCA_FLOWER_ACT])
		err = tc_nl_parse_acts(tb[TCA_FLOWER_ACT], f, why, whylen);
	return err;
}

static bool is_filter_msg(uint16_t type)
{
	return type == RTM_NEWTFILTER || type == RTM_DELTFILTER ||
	       type == RTM_GETTFILTER;
}

int tc_nl_parse_filter(const struct nlmsghdr *nlh, struct tc_flower *f,
		       char *why, size_t whylen)
{
	const struct nlattr *tb[TCA_MAX + 1] = { NULL };
	const struct tcmsg *tcm = mnl_nlmsg_get_payload(nlh);
	const char *kind;

	memset(f, 0, sizeof(*f));
	if (!is_filter_msg(nlh->nlmsg_type) ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*tcm))
		return tc_nl_fail(why, whylen, -EBADMSG,
				  "message type %u of %u bytes is not a tc filter",
				  nlh->nlmsg_type, nlh->nlmsg_len);
	if (dp_attr_parse_table(nlh, sizeof(*tcm), tb, TCA_MAX, validate_top))
		return tc_nl_fail(why, whylen, -EBADMSG,
				  "the filter's attributes are malformed");
	f->ifindex = tcm->tcm_ifindex;
	f->handle = tcm->tcm_handle;
	f->prio = TC_H_MAJ(tcm->tcm_info) >> 16;
	f->protocol = TC_H_MIN(tcm->tcm_info);
	f->chain = tb[TCA_CHAIN] ? mnl_attr_get_u32(tb[TCA_CHAIN]) : 0;
	f->stats.lastuse_ago_ms = UINT64_MAX;
	kind = tb[TCA_KIND] ? mnl_attr_get_str(tb[TCA_KIND]) : NULL;
	if (!kind)
		return tc_nl_fail(why, whylen, -EBADMSG, "the filter has no TCA_KIND");
	if (strcmp(kind, "flower"))
		return tc_nl_fail(why, whylen, -EOPNOTSUPP,
				  "a %s filter, not flower", kind);
	/* A dump's entry for the classifier itself, before its filters. */
	if (!tb[TCA_OPTIONS])
		return tc_nl_fail(why, whylen, -ENODATA,
				  "prio %u: the classifier, no filter", f->prio);
	return parse_options(tb[TCA_OPTIONS], f, why, whylen);
}
