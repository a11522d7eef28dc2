// SPDX-License-Identifier: GPL-2.0
/* The link cache over libnl-route-3; see link_cache.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/cache.h>
#include <netlink/data.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/socket.h>

#include "link_cache.h"
#include "link_sysfs.h"

struct fp_link_cache {
	struct nl_sock *sock;
	struct nl_cache *links;
};

/*
 * libnl speaks its own NLE_* codes; the rest of flowpath speaks errno. The
 * mapping keeps the meaning a caller can act on (no memory, no permission,
 * no such device); anything else is an I/O failure of the netlink channel.
 */
static int nl_to_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_SUCCESS:
		return 0;
	case NLE_INTR:
		return -EINTR;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_EXIST:
		return -EEXIST;
	case NLE_INVAL:
		return -EINVAL;
	case NLE_RANGE:
		return -ERANGE;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	case NLE_AF_NOSUPPORT:
		return -EAFNOSUPPORT;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_NODEV:
		return -ENODEV;
	case NLE_BUSY:
		return -EBUSY;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_PERM:
		return -EPERM;
	case NLE_MSG_TRUNC:
	case NLE_MSG_OVERFLOW:
	case NLE_MSG_TOOSHORT:
	case NLE_PARSE_ERR:
	case NLE_PROTO_MISMATCH:
	case NLE_SEQ_MISMATCH:
		return -EPROTO;
	default:
		return -EIO;
	}
}

/*
 * A dump that races with a link coming or going is flagged NLM_F_DUMP_INTR;
 * nl_cache_refill() itself starts such a dump again, so one call suffices.
 */
int fp_link_cache_refill(struct fp_link_cache *cache)
{
	return nl_to_errno(nl_cache_refill(cache->sock, cache->links));
}

int fp_link_cache_open(struct fp_link_cache **out)
{
	struct fp_link_cache *cache;
	int err;

	cache = calloc(1, sizeof(*cache));
	if (!cache)
		return -ENOMEM;
	cache->sock = nl_socket_alloc();
	if (!cache->sock) {
		err = -ENOMEM;
		goto err_free;
	}
	err = nl_to_errno(nl_connect(cache->sock, NETLINK_ROUTE));
	if (err)
		goto err_sock;
	err = nl_to_errno(rtnl_link_alloc_cache(cache->sock, AF_UNSPEC,
						&cache->links));
	if (err)
		goto err_sock;
	*out = cache;
	return 0;

err_sock:
	nl_socket_free(cache->sock);
err_free:
	free(cache);
	return err;
}

void fp_link_cache_close(struct fp_link_cache *cache)
{
	if (!cache)
		return;
	nl_cache_free(cache->links);
	nl_socket_free(cache->sock);
	free(cache);
}

/*
 * phys_switch_id from the dump, else from sysfs; none is not an error. The
 * kernel fills both from the same driver call, so sysfs only helps where the
 * netlink library dropped the attribute; it costs two small reads per link
 * that is not a switch port.
 */
static void fill_switch_id(struct rtnl_link *rl, struct fp_link *link)
{
	struct nl_data *id = rtnl_link_get_phys_switch_id(rl);
	size_t len = id ? nl_data_get_size(id) : 0;

	if (len > 0 && len <= FP_SWITCH_ID_MAX) {
		memcpy(link->switch_id, nl_data_get(id), len);
		link->switch_id_len = len;
		return;
	}
	if (fp_link_sysfs_switch_id(link->name, link->ifindex, link->switch_id,
				    &link->switch_id_len))
		link->switch_id_len = 0;
}

/*
 * phys_port_name from the dump; for ports of a switch also from sysfs if
 * the dump lacked it (the name is what tells their role when devlink cannot).
 */
static void fill_port_name(struct rtnl_link *rl, struct fp_link *link)
{
	const char *name = rtnl_link_get_phys_port_name(rl);

	if (name && *name) {
		snprintf(link->phys_port_name, sizeof(link->phys_port_name),
			 "%s", name);
		return;
	}
	if (!link->switch_id_len ||
	    fp_link_sysfs_port_name(link->name, link->ifindex,
				    link->phys_port_name,
				    sizeof(link->phys_port_name)))
		link->phys_port_name[0] = '\0';
}

static int fill_link(struct rtnl_link *rl, struct fp_link *link)
{
	const char *name = rtnl_link_get_name(rl);

	memset(link, 0, sizeof(*link));
	link->ifindex = rtnl_link_get_ifindex(rl);
	if (!name || link->ifindex <= 0)
		return -EPROTO;
	snprintf(link->name, sizeof(link->name), "%s", name);
	fill_switch_id(rl, link);
	fill_port_name(rl, link);
	return 0;
}

int fp_link_cache_get(struct fp_link_cache *cache, int ifindex,
		      struct fp_link *link)
{
	struct rtnl_link *rl = rtnl_link_get(cache->links, ifindex);
	int err;

	if (!rl)
		return -ENODEV;
	err = fill_link(rl, link);
	rtnl_link_put(rl);
	return err;
}

int fp_link_cache_foreach(struct fp_link_cache *cache, fp_link_visit_fn fn,
			  void *arg)
{
	struct nl_object *obj;
	struct fp_link link;
	int ret;

	for (obj = nl_cache_get_first(cache->links); obj;
	     obj = nl_cache_get_next(obj)) {
		ret = fill_link((struct rtnl_link *)obj, &link);
		if (ret)
			return ret;
		ret = fn(&link, arg);
		if (ret)
			return ret;
	}
	return 0;
}
