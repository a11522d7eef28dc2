// SPDX-License-Identifier: GPL-2.0
/*
 * The datapath client: one generic-netlink socket, family resolution and
 * the request/ack loop, with every failure turned into a sentence.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openvswitch.h>

#include "dp_attr.h"
#include "dp_client.h"
#include "dp_extack.h"

/* Replies to our requests are small; dumps fill at most 32 KiB per read. */
#define DP_RX_SIZE (32 * 1024)

static const char *const family_suffix[DP_FAMILY_COUNT] = {
	[DP_FAMILY_DATAPATH] = "_datapath",
	[DP_FAMILY_VPORT] = "_vport",
	[DP_FAMILY_FLOW] = "_flow",
	[DP_FAMILY_PACKET] = "_packet",
};

void dp_client_set_error(struct dp_client *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->errmsg, sizeof(c->errmsg), fmt, ap);
	va_end(ap);
}

const char *dp_client_error(const struct dp_client *c)
{
	return c->errmsg[0] ? c->errmsg : "no error";
}

const char *dp_cmd_name(enum dp_family f, uint8_t cmd)
{
	static const char *const names[DP_FAMILY_COUNT][5] = {
		[DP_FAMILY_DATAPATH] = { "OVS_DP_CMD_UNSPEC", "OVS_DP_CMD_NEW",
			"OVS_DP_CMD_DEL", "OVS_DP_CMD_GET", "OVS_DP_CMD_SET" },
		[DP_FAMILY_VPORT] = { "OVS_VPORT_CMD_UNSPEC", "OVS_VPORT_CMD_NEW",
			"OVS_VPORT_CMD_DEL", "OVS_VPORT_CMD_GET",
			"OVS_VPORT_CMD_SET" },
		[DP_FAMILY_FLOW] = { "OVS_FLOW_CMD_UNSPEC", "OVS_FLOW_CMD_NEW",
			"OVS_FLOW_CMD_DEL", "OVS_FLOW_CMD_GET",
			"OVS_FLOW_CMD_SET" },
		[DP_FAMILY_PACKET] = { "OVS_PACKET_CMD_UNSPEC",
			"OVS_PACKET_CMD_MISS", "OVS_PACKET_CMD_ACTION",
			"OVS_PACKET_CMD_EXECUTE" },
	};

	if ((unsigned int)f >= DP_FAMILY_COUNT || cmd >= 5 || !names[f][cmd])
		return "an unknown command";
	return names[f][cmd];
}

int dp_family_name(const char *prefix, enum dp_family f, char *buf,
		   size_t size)
{
	int n = snprintf(buf, size, "%s%s", prefix, family_suffix[f]);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* Sockets option failures on old kernels only cost us error detail. */
static void enable_ext_ack(struct dp_client *c)
{
	int on = 1;

	mnl_socket_setsockopt(c->nl, NETLINK_EXT_ACK, &on, sizeof(on));
	mnl_socket_setsockopt(c->nl, NETLINK_CAP_ACK, &on, sizeof(on));
}

static int check_prefix(struct dp_client *c, const char *prefix)
{
	char name[GENL_NAMSIZ];
	int f;

	for (f = 0; f < DP_FAMILY_COUNT; f++) {
		if (dp_family_name(prefix, f, name, sizeof(name))) {
			dp_client_set_error(c, "family prefix '%s' is too long: '%s%s' must be shorter than %d characters",
					    prefix, prefix, family_suffix[f], GENL_NAMSIZ);
			return -ENAMETOOLONG;
		}
	}
	snprintf(c->prefix, sizeof(c->prefix), "%s", prefix);
	return 0;
}

static int open_socket(struct dp_client *c)
{
	int err;

	c->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!c->nl) {
		err = -errno;
		dp_client_set_error(c, "cannot open a generic netlink socket: %s",
				    strerror(-err));
		return err;
	}
	enable_ext_ack(c);
	if (mnl_socket_bind(c->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		dp_client_set_error(c, "cannot bind the generic netlink socket: %s",
				    strerror(-err));
		return err;
	}
	c->portid = mnl_socket_get_portid(c->nl);
	return 0;
}

int dp_client_init(struct dp_client *c, const char *prefix)
{
	int err;

	memset(c, 0, sizeof(*c));
	err = check_prefix(c, prefix ? prefix : "ovs");
	if (err)
		return err;
	c->rx_size = DP_RX_SIZE;
	c->rx = malloc(c->rx_size);
	if (!c->rx) {
		dp_client_set_error(c, "out of memory");
		return -ENOMEM;
	}
	return open_socket(c);
}

void dp_client_fini(struct dp_client *c)
{
	if (c->nl)
		mnl_socket_close(c->nl);
	free(c->rx);
	c->nl = NULL;
	c->rx = NULL;
}

static struct nlmsghdr *genl_start(void *buf, uint16_t type, uint16_t flags,
				   uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

struct nlmsghdr *dp_client_msg_start(void *buf, uint16_t family_id,
				     uint16_t flags, uint8_t cmd,
				     uint8_t version, int dp_ifindex)
{
	struct nlmsghdr *nlh = genl_start(buf, family_id, flags, cmd, version);
	struct ovs_header *ovs;

	ovs = mnl_nlmsg_put_extra_header(nlh, sizeof(*ovs));
	ovs->dp_ifindex = dp_ifindex;
	return nlh;
}

/* ---- one request, to its end ---- */

struct transact {
	uint16_t type;		/* replies must be of the request's family */
	dp_reply_cb cb;
	void *arg;
	struct dp_extack ext;
	bool refused;		/* the kernel answered with an error */
	int cb_err;		/* a reply we could not take */
};

/*
 * A reply we cannot take fails the request, but only once its end has
 * arrived: the socket is left clean for the next request.
 */
static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct transact *t = data;

	if (t->cb_err)
		return MNL_CB_OK;
	if (nlh->nlmsg_type != t->type)
		t->cb_err = -EPROTO;
	else if (t->cb)
		t->cb_err = t->cb(nlh, t->arg);
	return MNL_CB_OK;
}

/* NLMSG_ERROR and NLMSG_DONE end the request, successfully or not. */
static int end_cb(const struct nlmsghdr *nlh, void *data)
{
	struct transact *t = data;
	int err = dp_extack_parse(nlh, &t->ext);

	if (err) {
		t->cb_err = err;
	} else if (t->ext.error) {
		t->refused = true;
		err = t->ext.error;
	} else {
		err = t->cb_err;
	}
	if (!err)
		return MNL_CB_STOP;
	errno = -err;
	return MNL_CB_ERROR;
}

/* The request's name, for messages: "OVS_DP_CMD_NEW". */
static const char *request_name(const struct dp_client *c,
				const struct nlmsghdr *req)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(req);
	int f;

	if (req->nlmsg_type == GENL_ID_CTRL)
		return "CTRL_CMD_GETFAMILY";
	for (f = 0; f < DP_FAMILY_COUNT; f++)
		if (c->family_id[f] && c->family_id[f] == req->nlmsg_type)
			return dp_cmd_name(f, genl->cmd);
	return "request";
}

/* "Invalid argument", with the extack's pointers when it had no text. */
static void describe_refusal(struct dp_client *c, const char *op,
			     const struct dp_extack *e)
{
	const char *why = strerror(-e->error);

	if (e->msg[0])
		dp_client_set_error(c, "kernel refused %s: %s (%s)", op, e->msg, why);
	else if (e->has_miss_type)
		dp_client_set_error(c, "kernel refused %s: attribute %u is missing (%s)",
				    op, e->miss_type, why);
	else if (e->has_offset)
		dp_client_set_error(c, "kernel refused %s: %s (the attribute at offset %u)",
				    op, why, e->offset);
	else
		dp_client_set_error(c, "kernel refused %s: %s", op, why);
}

static int receive_until_end(struct dp_client *c, uint32_t seq,
			     struct transact *t)
{
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = end_cb,
		[NLMSG_DONE] = end_cb,
	};
	ssize_t n;
	int ret;

	do {
		n = mnl_socket_recvfrom(c->nl, c->rx, c->rx_size);
		if (n < 0)
			return -errno;
		ret = mnl_cb_run2(c->rx, n, seq, c->portid, data_cb, t, ctl,
				  NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	if (ret < 0)
		return errno ? -errno : -EIO;
	return 0;
}

int dp_client_transact(struct dp_client *c, struct nlmsghdr *req,
		       dp_reply_cb cb, void *arg)
{
	struct transact t = { .type = req->nlmsg_type, .cb = cb, .arg = arg };
	const char *op = request_name(c, req);
	int err;

	req->nlmsg_seq = ++c->seq;
	req->nlmsg_flags |= NLM_F_REQUEST;
	/* A dump ends with DONE; asking for an ack too only adds a message. */
	if ((req->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		req->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(c->nl, req, req->nlmsg_len) < 0) {
		err = -errno;
		dp_client_set_error(c, "cannot send %s: %s", op, strerror(-err));
		return err;
	}
	err = receive_until_end(c, req->nlmsg_seq, &t);
	if (!err)
		return 0;
	if (t.refused)
		describe_refusal(c, op, &t.ext);
	else if (t.cb_err)
		dp_client_set_error(c, "cannot understand the kernel's reply to %s: %s",
				    op, strerror(-t.cb_err));
	else
		dp_client_set_error(c, "%s failed: %s", op, strerror(-err));
	return err;
}

/* ---- family resolution ---- */

static int ctrl_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (type != CTRL_ATTR_FAMILY_ID)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
		return MNL_CB_ERROR;
	tb[type] = attr;
	return MNL_CB_OK;
}

int dp_ctrl_parse_family_id(const struct nlmsghdr *nlh, uint16_t *id)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = { NULL };
	int err;

	err = dp_attr_parse(nlh, sizeof(struct genlmsghdr), ctrl_attr_cb, tb);
	if (err)
		return err;
	if (!tb[CTRL_ATTR_FAMILY_ID])
		return -EBADMSG;
	*id = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	return 0;
}

static int family_reply_cb(const struct nlmsghdr *nlh, void *arg)
{
	return dp_ctrl_parse_family_id(nlh, arg);
}

static int resolve_family(struct dp_client *c, enum dp_family f,
			  uint16_t *id)
{
	char buf[DP_REQ_BUF_SIZE];
	char name[GENL_NAMSIZ];
	struct nlmsghdr *nlh;
	int err;

	dp_family_name(c->prefix, f, name, sizeof(name));
	nlh = genl_start(buf, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);
	*id = 0;
	err = dp_client_transact(c, nlh, family_reply_cb, id);
	if (err == -ENOENT)
		dp_client_set_error(c, "generic netlink family %s not found: is openvswitch.ko or flowpath.ko loaded?",
				    name);
	if (!err && !*id) {
		dp_client_set_error(c, "the kernel's reply to CTRL_CMD_GETFAMILY for %s had no family id",
				    name);
		err = -EBADMSG;
	}
	return err;
}

int dp_client_family(struct dp_client *c, enum dp_family f, uint16_t *id)
{
	int err;

	if (!c->family_id[f]) {
		err = resolve_family(c, f, &c->family_id[f]);
		if (err)
			return err;
	}
	*id = c->family_id[f];
	return 0;
}
