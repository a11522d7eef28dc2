// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "dp_attr.h"
#include "dp_extack.h"

static int extack_attr_cb(const struct nlattr *attr, void *data)
{
	struct dp_extack *e = data;
	size_t len;

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return MNL_CB_ERROR;
		/* A message longer than ours is still worth showing, cut. */
		len = strnlen(mnl_attr_get_str(attr), sizeof(e->msg) - 1);
		memcpy(e->msg, mnl_attr_get_str(attr), len);
		e->msg[len] = '\0';
		break;
	case NLMSGERR_ATTR_OFFS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		e->has_offset = true;
		e->offset = mnl_attr_get_u32(attr);
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		e->has_miss_type = true;
		e->miss_type = mnl_attr_get_u32(attr);
		break;
	default:
		/* Cookies, policies, and whatever comes next: not ours. */
		break;
	}
	return MNL_CB_OK;
}

/*
 * Where the TLVs start in an NLMSG_ERROR payload: after the error code
 * and the echoed request, which is only its header when the kernel capped
 * it (always for an ack, and for errors with NETLINK_CAP_ACK on).
 */
static int error_tlv_offset(const struct nlmsghdr *nlh, size_t *offset)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t len = mnl_nlmsg_get_payload_len(nlh);
	size_t echoed;

	if (len < sizeof(*err))
		return -EBADMSG;
	echoed = nlh->nlmsg_flags & NLM_F_CAPPED ? sizeof(err->msg)
						 : err->msg.nlmsg_len;
	if (echoed < sizeof(err->msg) || sizeof(err->error) + echoed > len)
		return -EBADMSG;
	*offset = sizeof(err->error) + echoed;
	return 0;
}

static int parse_error(const struct nlmsghdr *nlh, struct dp_extack *e,
		       size_t *tlv_offset)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	int ret;

	ret = error_tlv_offset(nlh, tlv_offset);
	if (ret)
		return ret;
	/* Anything but 0 or a negative errno is not an answer we understand. */
	if (err->error > 0 || err->error < -4095)
		return -EBADMSG;
	e->error = err->error;
	return 0;
}

/* A dump's DONE carries its final status; very old kernels sent nothing. */
static int parse_done(const struct nlmsghdr *nlh, struct dp_extack *e,
		      size_t *tlv_offset)
{
	size_t len = mnl_nlmsg_get_payload_len(nlh);
	int error;

	*tlv_offset = sizeof(error);
	if (len == 0 && !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	if (len < sizeof(error))
		return -EBADMSG;
	memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	if (error > 0 || error < -4095)
		return -EBADMSG;
	e->error = error;
	return 0;
}

int dp_extack_parse(const struct nlmsghdr *nlh, struct dp_extack *e)
{
	size_t tlv_offset;
	int ret;

	memset(e, 0, sizeof(*e));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN)
		return -EBADMSG;
	if (nlh->nlmsg_type == NLMSG_ERROR)
		ret = parse_error(nlh, e, &tlv_offset);
	else if (nlh->nlmsg_type == NLMSG_DONE)
		ret = parse_done(nlh, e, &tlv_offset);
	else
		return -EINVAL;
	if (ret || !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return ret;
	ret = dp_attr_parse(nlh, tlv_offset, extack_attr_cb, e);
	return ret ? -EBADMSG : 0;
}
