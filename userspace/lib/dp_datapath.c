// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "dp_attr.h"
#include "dp_datapath.h"

#define OVS_HDRS_LEN (sizeof(struct genlmsghdr) + sizeof(struct ovs_header))

/*
 * Version 2 (OVS_DATAPATH_VERSION) says we know about user features: with
 * an older version, a NEW that finds the datapath already there makes the
 * kernel reset that datapath's features, under whoever else is using it.
 */
static struct nlmsghdr *start(void *buf, uint16_t family, uint16_t flags,
			      uint8_t cmd)
{
	return dp_client_msg_start(buf, family, flags, cmd,
				   OVS_DATAPATH_VERSION, 0);
}

static bool put_name(struct nlmsghdr *nlh, const char *name)
{
	if (strlen(name) >= IFNAMSIZ)
		return false;
	return mnl_attr_put_strz_check(nlh, DP_REQ_BUF_SIZE, OVS_DP_ATTR_NAME,
				       name);
}

struct nlmsghdr *dp_datapath_build_new(void *buf, uint16_t family,
				       const char *name, uint32_t upcall_pid)
{
	struct nlmsghdr *nlh = start(buf, family, 0, OVS_DP_CMD_NEW);

	if (!put_name(nlh, name))
		return NULL;
	mnl_attr_put_u32(nlh, OVS_DP_ATTR_UPCALL_PID, upcall_pid);
	return nlh;
}

struct nlmsghdr *dp_datapath_build_del(void *buf, uint16_t family,
				       const char *name)
{
	struct nlmsghdr *nlh = start(buf, family, 0, OVS_DP_CMD_DEL);

	return put_name(nlh, name) ? nlh : NULL;
}

struct nlmsghdr *dp_datapath_build_get(void *buf, uint16_t family,
				       const char *name)
{
	struct nlmsghdr *nlh;

	if (!name)
		return start(buf, family, NLM_F_DUMP, OVS_DP_CMD_GET);
	nlh = start(buf, family, 0, OVS_DP_CMD_GET);
	return put_name(nlh, name) ? nlh : NULL;
}

/* ---- replies ---- */

/*
 * Fixed-size attributes must be exactly their size; the stats structs may
 * grow at their end in a later kernel, so those need only be long enough.
 */
static int validate_dp_attr(const struct nlattr *attr, int type)
{
	size_t len = mnl_attr_get_payload_len(attr);

	switch (type) {
	case OVS_DP_ATTR_NAME:
		return mnl_attr_validate(attr, MNL_TYPE_NUL_STRING);
	case OVS_DP_ATTR_STATS:
		return len >= sizeof(struct ovs_dp_stats) ? 0 : -1;
	case OVS_DP_ATTR_MEGAFLOW_STATS:
		return len >= sizeof(struct ovs_dp_megaflow_stats) ? 0 : -1;
	case OVS_DP_ATTR_USER_FEATURES:
	case OVS_DP_ATTR_MASKS_CACHE_SIZE:
		return mnl_attr_validate(attr, MNL_TYPE_U32);
	default:
		return 0;
	}
}

static void fill_stats(const struct nlattr *const *tb,
		       struct dp_datapath_info *dp)
{
	const struct nlattr *a;

	a = tb[OVS_DP_ATTR_STATS];
	if (a) {
		memcpy(&dp->stats, mnl_attr_get_payload(a), sizeof(dp->stats));
		dp->has_stats = true;
	}
	a = tb[OVS_DP_ATTR_MEGAFLOW_STATS];
	if (a) {
		memcpy(&dp->megaflow_stats, mnl_attr_get_payload(a),
		       sizeof(dp->megaflow_stats));
		dp->has_megaflow_stats = true;
	}
}

static void fill_u32s(const struct nlattr *const *tb,
		      struct dp_datapath_info *dp)
{
	const struct nlattr *a;

	a = tb[OVS_DP_ATTR_USER_FEATURES];
	if (a) {
		dp->user_features = mnl_attr_get_u32(a);
		dp->has_user_features = true;
	}
	a = tb[OVS_DP_ATTR_MASKS_CACHE_SIZE];
	if (a) {
		dp->masks_cache_size = mnl_attr_get_u32(a);
		dp->has_masks_cache_size = true;
	}
}

int dp_datapath_parse(const struct nlmsghdr *nlh, struct dp_datapath_info *dp)
{
	const struct nlattr *tb[OVS_DP_ATTR_MAX + 1] = { NULL };
	const struct ovs_header *ovs;
	int err;

	memset(dp, 0, sizeof(*dp));
	err = dp_attr_parse_table(nlh, OVS_HDRS_LEN, tb, OVS_DP_ATTR_MAX,
				  validate_dp_attr);
	if (err)
		return err;
	if (!tb[OVS_DP_ATTR_NAME])
		return -EBADMSG;
	err = dp_attr_copy_str(tb[OVS_DP_ATTR_NAME], dp->name, sizeof(dp->name));
	if (err)
		return err;
	ovs = (const struct ovs_header *)
		((const char *)mnl_nlmsg_get_payload(nlh) + sizeof(struct genlmsghdr));
	dp->dp_ifindex = ovs->dp_ifindex;
	fill_stats(tb, dp);
	fill_u32s(tb, dp);
	return 0;
}

/* ---- requests ---- */

static int family(struct dp_client *c, uint16_t *id)
{
	return dp_client_family(c, DP_FAMILY_DATAPATH, id);
}

static int name_too_long(struct dp_client *c, const char *name)
{
	dp_client_set_error(c, "datapath name '%s' is too long (at most %d characters)",
			    name, IFNAMSIZ - 1);
	return -ENAMETOOLONG;
}

int dp_datapath_new(struct dp_client *c, const char *name,
		    uint32_t upcall_pid)
{
	char buf[DP_REQ_BUF_SIZE];
	struct nlmsghdr *nlh;
	uint16_t id;
	int err;

	err = family(c, &id);
	if (err)
		return err;
	nlh = dp_datapath_build_new(buf, id, name, upcall_pid);
	if (!nlh)
		return name_too_long(c, name);
	return dp_client_transact(c, nlh, NULL, NULL);
}

int dp_datapath_del(struct dp_client *c, const char *name)
{
	char buf[DP_REQ_BUF_SIZE];
	struct nlmsghdr *nlh;
	uint16_t id;
	int err;

	err = family(c, &id);
	if (err)
		return err;
	nlh = dp_datapath_build_del(buf, id, name);
	if (!nlh)
		return name_too_long(c, name);
	return dp_client_transact(c, nlh, NULL, NULL);
}

static int get_reply_cb(const struct nlmsghdr *nlh, void *arg)
{
	return dp_datapath_parse(nlh, arg);
}

int dp_datapath_get(struct dp_client *c, const char *name,
		    struct dp_datapath_info *dp)
{
	char buf[DP_REQ_BUF_SIZE];
	struct nlmsghdr *nlh;
	uint16_t id;
	int err;

	err = family(c, &id);
	if (err)
		return err;
	nlh = dp_datapath_build_get(buf, id, name);
	if (!nlh)
		return name_too_long(c, name);
	dp->name[0] = '\0';
	err = dp_client_transact(c, nlh, get_reply_cb, dp);
	if (!err && !dp->name[0]) {
		dp_client_set_error(c, "the kernel acknowledged OVS_DP_CMD_GET for %s but sent no datapath",
				    name);
		err = -EPROTO;
	}
	return err;
}

struct dump_ctx {
	dp_datapath_cb cb;
	void *arg;
};

static int dump_reply_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_ctx *d = arg;
	struct dp_datapath_info dp;
	int err;

	err = dp_datapath_parse(nlh, &dp);
	return err ? err : d->cb(&dp, d->arg);
}

int dp_datapath_dump(struct dp_client *c, dp_datapath_cb cb, void *arg)
{
	struct dump_ctx d = { .cb = cb, .arg = arg };
	char buf[DP_REQ_BUF_SIZE];
	uint16_t id;
	int err;

	err = family(c, &id);
	if (err)
		return err;
	return dp_client_transact(c, dp_datapath_build_get(buf, id, NULL),
				  dump_reply_cb, &d);
}
