// SPDX-License-Identifier: GPL-2.0
/* devlink port dump over generic netlink (libmnl); see devlink_port.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/devlink.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "devlink_port.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * A dump message holds as many ports as fit the kernel's skb, which grows to
 * the size of the reader's buffer (up to 32 KiB); a smaller buffer would
 * only cost more recvmsg() calls, a bigger one is never used.
 */
#define DUMP_BUF_SIZE 32768

/* Our requests: a header and at most one short attribute. */
#define REQ_BUF_SIZE 256

/* Times a dump the kernel flagged as inconsistent is asked again. */
#define DUMP_TRIES 3

/* The attributes this file reads and the type each must have. */
static const enum mnl_attr_data_type port_attr_types[] = {
	[DEVLINK_ATTR_BUS_NAME] = MNL_TYPE_NUL_STRING,
	[DEVLINK_ATTR_DEV_NAME] = MNL_TYPE_NUL_STRING,
	[DEVLINK_ATTR_PORT_INDEX] = MNL_TYPE_U32,
	[DEVLINK_ATTR_PORT_NETDEV_IFINDEX] = MNL_TYPE_U32,
	[DEVLINK_ATTR_PORT_NETDEV_NAME] = MNL_TYPE_NUL_STRING,
	[DEVLINK_ATTR_PORT_FLAVOUR] = MNL_TYPE_U16,
	[DEVLINK_ATTR_PORT_NUMBER] = MNL_TYPE_U32,
	[DEVLINK_ATTR_PORT_SPLIT_SUBPORT_NUMBER] = MNL_TYPE_U32,
	[DEVLINK_ATTR_PORT_PCI_PF_NUMBER] = MNL_TYPE_U16,
	[DEVLINK_ATTR_PORT_PCI_VF_NUMBER] = MNL_TYPE_U16,
	[DEVLINK_ATTR_PORT_EXTERNAL] = MNL_TYPE_U8,
	[DEVLINK_ATTR_PORT_CONTROLLER_NUMBER] = MNL_TYPE_U32,
	[DEVLINK_ATTR_PORT_PCI_SF_NUMBER] = MNL_TYPE_U32,
};

#define PORT_ATTR_TABLE_SIZE ARRAY_SIZE(port_attr_types)

/* mnl_attr_parse() callback: files each known attribute in a table. */
static int port_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type >= PORT_ATTR_TABLE_SIZE || !port_attr_types[type])
		return MNL_CB_OK;	/* not ours: skip, for newer kernels */
	if (mnl_attr_validate(attr, port_attr_types[type]) < 0)
		return MNL_CB_ERROR;
	tb[type] = attr;
	return MNL_CB_OK;
}

static int copy_str(char *dst, size_t size, const struct nlattr *attr)
{
	const char *s = mnl_attr_get_str(attr);
	size_t len = strlen(s);

	if (len >= size)
		return -ENAMETOOLONG;
	memcpy(dst, s, len + 1);
	return 0;
}

/* Copies the attributes that say which port this is and what it is. */
static void fill_port_attrs(const struct nlattr **tb,
			    struct fp_devlink_port *port)
{
	const struct nlattr *a;

	if ((a = tb[DEVLINK_ATTR_PORT_FLAVOUR])) {
		port->has_flavour = true;
		port->flavour = mnl_attr_get_u16(a);
	}
	if ((a = tb[DEVLINK_ATTR_PORT_NUMBER])) {
		port->has_number = true;
		port->number = mnl_attr_get_u32(a);
	}
	if ((a = tb[DEVLINK_ATTR_PORT_SPLIT_SUBPORT_NUMBER])) {
		port->has_subport = true;
		port->subport = mnl_attr_get_u32(a);
	}
	if ((a = tb[DEVLINK_ATTR_PORT_PCI_PF_NUMBER])) {
		port->has_pf = true;
		port->pf = mnl_attr_get_u16(a);
	}
	if ((a = tb[DEVLINK_ATTR_PORT_PCI_VF_NUMBER])) {
		port->has_vf = true;
		port->vf = mnl_attr_get_u16(a);
	}
	if ((a = tb[DEVLINK_ATTR_PORT_PCI_SF_NUMBER])) {
		port->has_sf = true;
		port->sf = mnl_attr_get_u32(a);
	}
	if ((a = tb[DEVLINK_ATTR_PORT_CONTROLLER_NUMBER])) {
		port->has_controller = true;
		port->controller = mnl_attr_get_u32(a);
	}
	if ((a = tb[DEVLINK_ATTR_PORT_EXTERNAL]))
		port->external = mnl_attr_get_u8(a);
}

/* The port's netdev: ifindex and name come together or not at all. */
static int fill_netdev(const struct nlattr **tb, struct fp_devlink_port *port)
{
	const struct nlattr *ifindex = tb[DEVLINK_ATTR_PORT_NETDEV_IFINDEX];
	const struct nlattr *name = tb[DEVLINK_ATTR_PORT_NETDEV_NAME];

	if (!ifindex)
		return 0;
	port->has_netdev = true;
	port->netdev_ifindex = mnl_attr_get_u32(ifindex);
	return name ? copy_str(port->netdev_name, sizeof(port->netdev_name),
			       name) : 0;
}

int fp_devlink_port_parse(const struct nlmsghdr *nlh,
			  struct fp_devlink_port *port)
{
	const struct nlattr *tb[PORT_ATTR_TABLE_SIZE] = { NULL };
	int err;

	memset(port, 0, sizeof(*port));
	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), port_attr_cb, tb) <
	    MNL_CB_STOP)
		return -EPROTO;
	if (!tb[DEVLINK_ATTR_BUS_NAME] || !tb[DEVLINK_ATTR_DEV_NAME] ||
	    !tb[DEVLINK_ATTR_PORT_INDEX])
		return -EPROTO;
	err = copy_str(port->bus, sizeof(port->bus), tb[DEVLINK_ATTR_BUS_NAME]);
	if (!err)
		err = copy_str(port->dev, sizeof(port->dev),
			       tb[DEVLINK_ATTR_DEV_NAME]);
	if (!err)
		err = fill_netdev(tb, port);
	if (err)
		return err;
	port->index = mnl_attr_get_u32(tb[DEVLINK_ATTR_PORT_INDEX]);
	fill_port_attrs(tb, port);
	return 0;
}

const struct fp_devlink_port *
fp_devlink_port_find(const struct fp_devlink_port *ports, size_t n,
		     int ifindex, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct fp_devlink_port *p = &ports[i];

		if (p->has_netdev && ifindex > 0 &&
		    p->netdev_ifindex == (uint32_t)ifindex &&
		    !strcmp(p->netdev_name, name))
			return p;
	}
	return NULL;
}

/* --- talking to the kernel --- */

struct nl_req {
	struct mnl_socket *nl;
	unsigned int seq;
	unsigned int portid;
};

/* Starts a generic netlink request for CMD of family FAMILY in BUF. */
static struct nlmsghdr *put_genl_request(char *buf, uint16_t family,
					 uint8_t cmd, uint8_t version,
					 uint16_t flags, unsigned int seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

/*
 * Sends NLH and runs CB over every answer until the kernel is done. Returns
 * 0 or -errno: the kernel's error, or the one CB left in errno.
 */
static int transact(struct nl_req *req, struct nlmsghdr *nlh, mnl_cb_t cb,
		    void *data)
{
	char buf[DUMP_BUF_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	ssize_t len;
	int ret;

	if (mnl_socket_sendto(req->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		len = mnl_socket_recvfrom(req->nl, buf, sizeof(buf));
		if (len < 0)
			return -errno;
		errno = 0;
		ret = mnl_cb_run(buf, (size_t)len, req->seq, req->portid, cb,
				 data);
		if (ret == MNL_CB_ERROR)
			return errno ? -errno : -EPROTO;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

static int family_id_attr_cb(const struct nlattr *attr, void *data)
{
	uint16_t *id = data;

	if (mnl_attr_get_type(attr) != CTRL_ATTR_FAMILY_ID)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
		return MNL_CB_ERROR;
	*id = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int family_id_cb(const struct nlmsghdr *nlh, void *data)
{
	int ret = mnl_attr_parse(nlh, sizeof(struct genlmsghdr),
				 family_id_attr_cb, data);

	if (ret == MNL_CB_ERROR)
		errno = EPROTO;
	return ret;
}

/* The id of the "devlink" family: 0, -ENOENT if the kernel has none. */
static int devlink_family(struct nl_req *req, uint16_t *id)
{
	char buf[REQ_BUF_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh;
	int err;

	*id = 0;
	nlh = put_genl_request(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1,
			       NLM_F_ACK, ++req->seq);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, DEVLINK_GENL_NAME);
	err = transact(req, nlh, family_id_cb, id);
	if (err)
		return err;
	return *id ? 0 : -EPROTO;
}

struct port_vec {
	struct fp_devlink_port *ports;
	size_t n, cap;
	bool interrupted;
};

static int port_vec_grow(struct port_vec *vec)
{
	size_t cap = vec->cap ? 2 * vec->cap : 16;
	struct fp_devlink_port *p;

	p = realloc(vec->ports, cap * sizeof(*p));
	if (!p)
		return -ENOMEM;
	vec->ports = p;
	vec->cap = cap;
	return 0;
}

static int port_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct port_vec *vec = data;
	int err;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		vec->interrupted = true;
	if (vec->n == vec->cap && (err = port_vec_grow(vec)))
		goto fail;
	err = fp_devlink_port_parse(nlh, &vec->ports[vec->n]);
	if (err)
		goto fail;
	vec->n++;
	return MNL_CB_OK;
fail:
	errno = -err;
	return MNL_CB_ERROR;
}

/* One dump of every port into VEC (emptied first). */
static int dump_once(struct nl_req *req, uint16_t family, struct port_vec *vec)
{
	char buf[REQ_BUF_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh;

	vec->n = 0;
	vec->interrupted = false;
	nlh = put_genl_request(buf, family, DEVLINK_CMD_PORT_GET,
			       DEVLINK_GENL_VERSION, NLM_F_DUMP, ++req->seq);
	return transact(req, nlh, port_dump_cb, vec);
}

static int dump_ports(struct nl_req *req, struct port_vec *vec)
{
	uint16_t family;
	int err, i;

	err = devlink_family(req, &family);
	if (err == -ENOENT)
		return 0;	/* no devlink in this kernel: no ports */
	if (err)
		return err;
	for (i = 0; i < DUMP_TRIES; i++) {
		err = dump_once(req, family, vec);
		if (err || !vec->interrupted)
			return err;
	}
	return -EAGAIN;
}

int fp_devlink_port_dump(struct fp_devlink_port **ports, size_t *n)
{
	struct port_vec vec = { 0 };
	struct nl_req req;
	int err;

	req.nl = mnl_socket_open(NETLINK_GENERIC);
	if (!req.nl)
		return -errno;
	if (mnl_socket_bind(req.nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		goto out;
	}
	req.portid = mnl_socket_get_portid(req.nl);
	req.seq = (unsigned int)time(NULL);
	err = dump_ports(&req, &vec);
out:
	mnl_socket_close(req.nl);
	if (err) {
		free(vec.ports);
		return err;
	}
	*ports = vec.ports;
	*n = vec.n;
	return 0;
}
