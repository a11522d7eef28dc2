// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "dp_attr.h"
#include "dp_vport.h"

#define OVS_HDRS_LEN (sizeof(struct genlmsghdr) + sizeof(struct ovs_header))

static const char *const type_names[] = {
	[OVS_VPORT_TYPE_NETDEV] = "netdev",
	[OVS_VPORT_TYPE_INTERNAL] = "internal",
	[OVS_VPORT_TYPE_GRE] = "gre",
	[OVS_VPORT_TYPE_VXLAN] = "vxlan",
	[OVS_VPORT_TYPE_GENEVE] = "geneve",
};

#define N_TYPE_NAMES (sizeof(type_names) / sizeof(type_names[0]))

const char *dp_vport_type_name(uint32_t type)
{
	return type < N_TYPE_NAMES ? type_names[type] : NULL;
}

uint32_t dp_vport_type_parse(const char *name)
{
	uint32_t type;

	for (type = 0; type < N_TYPE_NAMES; type++)
		if (type_names[type] && !strcmp(type_names[type], name))
			return type;
	return OVS_VPORT_TYPE_UNSPEC;
}

static struct nlmsghdr *start(void *buf, uint16_t family, uint16_t flags,
			      uint8_t cmd, int dp_ifindex)
{
	return dp_client_msg_start(buf, family, flags, cmd, OVS_VPORT_VERSION,
				   dp_ifindex);
}

static bool put_name(struct nlmsghdr *nlh, const char *name)
{
	if (strlen(name) >= IFNAMSIZ)
		return false;
	return mnl_attr_put_strz_check(nlh, DP_REQ_BUF_SIZE,
				       OVS_VPORT_ATTR_NAME, name);
}

struct nlmsghdr *dp_vport_build_new_pids(void *buf, uint16_t family,
					 int dp_ifindex, const char *name,
					 uint32_t type, const uint32_t *pids,
					 size_t n)
{
	struct nlmsghdr *nlh = start(buf, family, 0, OVS_VPORT_CMD_NEW,
				     dp_ifindex);

	if (!n || n * sizeof(*pids) > UINT16_MAX - MNL_ATTR_HDRLEN ||
	    !put_name(nlh, name))
		return NULL;
	mnl_attr_put_u32(nlh, OVS_VPORT_ATTR_TYPE, type);
	if (!mnl_attr_put_check(nlh, DP_REQ_BUF_SIZE, OVS_VPORT_ATTR_UPCALL_PID,
				n * sizeof(*pids), pids))
		return NULL;
	return nlh;
}

struct nlmsghdr *dp_vport_build_new(void *buf, uint16_t family,
				    int dp_ifindex, const char *name,
				    uint32_t type, uint32_t upcall_pid)
{
	return dp_vport_build_new_pids(buf, family, dp_ifindex, name, type,
				       &upcall_pid, 1);
}

/* With dp_ifindex set, the kernel refuses a name that is in another dp. */
struct nlmsghdr *dp_vport_build_del(void *buf, uint16_t family,
				    int dp_ifindex, const char *name)
{
	struct nlmsghdr *nlh = start(buf, family, 0, OVS_VPORT_CMD_DEL,
				     dp_ifindex);

	return put_name(nlh, name) ? nlh : NULL;
}

struct nlmsghdr *dp_vport_build_get(void *buf, uint16_t family,
				    int dp_ifindex, const char *name)
{
	struct nlmsghdr *nlh;

	if (!name)
		return start(buf, family, NLM_F_DUMP, OVS_VPORT_CMD_GET,
			     dp_ifindex);
	nlh = start(buf, family, 0, OVS_VPORT_CMD_GET, dp_ifindex);
	return put_name(nlh, name) ? nlh : NULL;
}

struct nlmsghdr *dp_vport_build_set_upcall_pid(void *buf, uint16_t family,
					       int dp_ifindex,
					       uint32_t port_no,
					       uint32_t upcall_pid)
{
	struct nlmsghdr *nlh = start(buf, family, 0, OVS_VPORT_CMD_SET,
				     dp_ifindex);

	mnl_attr_put_u32(nlh, OVS_VPORT_ATTR_PORT_NO, port_no);
	mnl_attr_put_u32(nlh, OVS_VPORT_ATTR_UPCALL_PID, upcall_pid);
	return nlh;
}

/* ---- replies ---- */

static int validate_vport_attr(const struct nlattr *attr, int type)
{
	size_t len = mnl_attr_get_payload_len(attr);

	switch (type) {
	case OVS_VPORT_ATTR_NAME:
		return mnl_attr_validate(attr, MNL_TYPE_NUL_STRING);
	case OVS_VPORT_ATTR_PORT_NO:
	case OVS_VPORT_ATTR_TYPE:
	case OVS_VPORT_ATTR_IFINDEX:
	case OVS_VPORT_ATTR_NETNSID:
		return mnl_attr_validate(attr, MNL_TYPE_U32);
	case OVS_VPORT_ATTR_STATS:
		/* May grow at its end in a later kernel. */
		return len >= sizeof(struct ovs_vport_stats) ? 0 : -1;
	case OVS_VPORT_ATTR_UPCALL_PID:
		/* An array of u32, one per upcall handler. */
		return len && len % sizeof(uint32_t) == 0 ? 0 : -1;
	default:
		return 0;
	}
}

static void fill_optional(const struct nlattr *const *tb,
			  struct dp_vport_info *v)
{
	const struct nlattr *a;

	a = tb[OVS_VPORT_ATTR_IFINDEX];
	if (a) {
		v->has_ifindex = true;
		v->ifindex = (int)mnl_attr_get_u32(a);
	}
	a = tb[OVS_VPORT_ATTR_NETNSID];
	if (a) {
		v->has_netnsid = true;
		v->netnsid = (int32_t)mnl_attr_get_u32(a);
	}
	a = tb[OVS_VPORT_ATTR_STATS];
	if (a) {
		v->has_stats = true;
		memcpy(&v->stats, mnl_attr_get_payload(a), sizeof(v->stats));
	}
	a = tb[OVS_VPORT_ATTR_UPCALL_PID];
	if (a) {
		v->n_upcall_pids = mnl_attr_get_payload_len(a) / sizeof(uint32_t);
		v->upcall_pid = mnl_attr_get_u32(a);
	}
}

int dp_vport_parse(const struct nlmsghdr *nlh, struct dp_vport_info *v)
{
	const struct nlattr *tb[OVS_VPORT_ATTR_MAX + 1] = { NULL };
	const struct ovs_header *ovs;
	int err;

	memset(v, 0, sizeof(*v));
	err = dp_attr_parse_table(nlh, OVS_HDRS_LEN, tb, OVS_VPORT_ATTR_MAX,
				  validate_vport_attr);
	if (err)
		return err;
	if (!tb[OVS_VPORT_ATTR_NAME] || !tb[OVS_VPORT_ATTR_PORT_NO] ||
	    !tb[OVS_VPORT_ATTR_TYPE])
		return -EBADMSG;
	err = dp_attr_copy_str(tb[OVS_VPORT_ATTR_NAME], v->name, sizeof(v->name));
	if (err)
		return err;
	ovs = (const struct ovs_header *)
		((const char *)mnl_nlmsg_get_payload(nlh) + sizeof(struct genlmsghdr));
	v->dp_ifindex = ovs->dp_ifindex;
	v->port_no = mnl_attr_get_u32(tb[OVS_VPORT_ATTR_PORT_NO]);
	v->type = mnl_attr_get_u32(tb[OVS_VPORT_ATTR_TYPE]);
	fill_optional(tb, v);
	return 0;
}

/* ---- requests ---- */

static int family(struct dp_client *c, uint16_t *id)
{
	return dp_client_family(c, DP_FAMILY_VPORT, id);
}

static int name_too_long(struct dp_client *c, const char *name)
{
	dp_client_set_error(c, "port name '%s' is too long (at most %d characters)",
			    name, IFNAMSIZ - 1);
	return -ENAMETOOLONG;
}

static int new_reply_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct dp_vport_info v;
	int err = dp_vport_parse(nlh, &v);

	if (!err)
		*(uint32_t *)arg = v.port_no;
	return err;
}

/* The kernel says a new vport's number only in the echo of its notice. */
static int transact_new(struct dp_client *c, struct nlmsghdr *nlh,
			const char *name, uint32_t *port_no)
{
	int err;

	if (!port_no)
		return dp_client_transact(c, nlh, NULL, NULL);
	nlh->nlmsg_flags |= NLM_F_ECHO;
	*port_no = UINT32_MAX;
	err = dp_client_transact(c, nlh, new_reply_cb, port_no);
	if (!err && *port_no == UINT32_MAX) {
		dp_client_set_error(c, "the kernel added vport %s but did not say its number",
				    name);
		err = -EPROTO;
	}
	return err;
}

int dp_vport_add(struct dp_client *c, int dp_ifindex, const char *name,
		 uint32_t type, const uint32_t *pids, size_t n,
		 uint32_t *port_no)
{
	char buf[DP_REQ_BUF_SIZE];
	struct nlmsghdr *nlh;
	uint16_t id;
	int err;

	err = family(c, &id);
	if (err)
		return err;
	if (strlen(name) >= IFNAMSIZ)
		return name_too_long(c, name);
	nlh = dp_vport_build_new_pids(buf, id, dp_ifindex, name, type, pids, n);
	if (!nlh) {
		dp_client_set_error(c, "port %s: %zu upcall pids do not fit in one request",
				    name, n);
		return -EMSGSIZE;
	}
	return transact_new(c, nlh, name, port_no);
}

int dp_vport_new(struct dp_client *c, int dp_ifindex, const char *name,
		 uint32_t type, uint32_t upcall_pid)
{
	return dp_vport_add(c, dp_ifindex, name, type, &upcall_pid, 1, NULL);
}

int dp_vport_del(struct dp_client *c, int dp_ifindex, const char *name)
{
	char buf[DP_REQ_BUF_SIZE];
	struct nlmsghdr *nlh;
	uint16_t id;
	int err;

	err = family(c, &id);
	if (err)
		return err;
	nlh = dp_vport_build_del(buf, id, dp_ifindex, name);
	if (!nlh)
		return name_too_long(c, name);
	return dp_client_transact(c, nlh, NULL, NULL);
}

struct dump_ctx {
	dp_vport_cb cb;
	void *arg;
};

static int dump_reply_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_ctx *d = arg;
	struct dp_vport_info v;
	int err;

	err = dp_vport_parse(nlh, &v);
	return err ? err : d->cb(&v, d->arg);
}

int dp_vport_dump(struct dp_client *c, int dp_ifindex, dp_vport_cb cb,
		  void *arg)
{
	struct dump_ctx d = { .cb = cb, .arg = arg };
	char buf[DP_REQ_BUF_SIZE];
	uint16_t id;
	int err;

	err = family(c, &id);
	if (err)
		return err;
	return dp_client_transact(c, dp_vport_build_get(buf, id, dp_ifindex, NULL),
				  dump_reply_cb, &d);
}

int dp_vport_set_upcall_pid(struct dp_client *c, int dp_ifindex,
			    uint32_t port_no, uint32_t upcall_pid)
{
	char buf[DP_REQ_BUF_SIZE];
	uint16_t id;
	int err;

	err = family(c, &id);
	if (err)
		return err;
	return dp_client_transact(c,
				  dp_vport_build_set_upcall_pid(buf, id, dp_ifindex,
								port_no, upcall_pid),
				  NULL, NULL);
}
