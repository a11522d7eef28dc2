// SPDX-License-Identifier: GPL-2.0
/* Netdev features through the ethtool ioctl; see link_features.h. */
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "link_features.h"

int fp_features_find(const char *strings, size_t count, const char *name)
{
	size_t len = strlen(name), i;

	if (len > ETH_GSTRING_LEN)
		return -ENOENT;
	for (i = 0; i < count; i++) {
		const char *s = strings + i * ETH_GSTRING_LEN;

		/* Equal, and NAME does not stop short of the slot's name. */
		if (!memcmp(s, name, len) &&
		    (len == ETH_GSTRING_LEN || s[len] == '\0'))
			return (int)i;
	}
	return -ENOENT;
}

bool fp_features_active(const struct ethtool_get_features_block *blocks,
			size_t nblocks, unsigned int bit)
{
	if (bit / 32 >= nblocks)
		return false;
	return blocks[bit / 32].active & (1u << (bit % 32));
}

static int ethtool_ioctl(int fd, const char *ifname, void *cmd)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (strlen(ifname) >= sizeof(ifr.ifr_name))
		return -ENODEV;
	strcpy(ifr.ifr_name, ifname);
	ifr.ifr_data = cmd;
	return ioctl(fd, SIOCETHTOOL, &ifr) < 0 ? -errno : 0;
}

/* How many features this kernel names (the size of ETH_SS_FEATURES). */
static int feature_count(int fd, const char *ifname, uint32_t *count)
{
	/* The answer has one length per set asked for: room for one. */
	union {
		struct ethtool_sset_info hdr;
		char room[sizeof(struct ethtool_sset_info) + sizeof(uint32_t)];
	} info;
	int err;

	memset(&info, 0, sizeof(info));
	info.hdr.cmd = ETHTOOL_GSSET_INFO;
	info.hdr.sset_mask = 1ULL << ETH_SS_FEATURES;
	err = ethtool_ioctl(fd, ifname, &info);
	if (err)
		return err;
	if (!(info.hdr.sset_mask & (1ULL << ETH_SS_FEATURES)))
		return -EOPNOTSUPP;
	*count = info.hdr.data[0];
	return 0;
}

/* The bit of feature NAME among COUNT feature names. */
static int feature_bit(int fd, const char *ifname, uint32_t count,
		       const char *name)
{
	struct ethtool_gstrings *gs;
	int ret;

	gs = calloc(1, sizeof(*gs) + (size_t)count * ETH_GSTRING_LEN);
	if (!gs)
		return -ENOMEM;
	gs->cmd = ETHTOOL_GSTRINGS;
	gs->string_set = ETH_SS_FEATURES;
	gs->len = count;
	ret = ethtool_ioctl(fd, ifname, gs);
	if (!ret)
		ret = fp_features_find((const char *)gs->data, gs->len, name);
	free(gs);
	return ret;
}

static int feature_active(int fd, const char *ifname, uint32_t count,
			  unsigned int bit, bool *on)
{
	uint32_t nblocks = (count + 31) / 32;
	struct ethtool_gfeatures *gf;
	int err;

	gf = calloc(1, sizeof(*gf) + nblocks * sizeof(gf->features[0]));
	if (!gf)
		return -ENOMEM;
	gf->cmd = ETHTOOL_GFEATURES;
	gf->size = nblocks;
	err = ethtool_ioctl(fd, ifname, gf);
	if (!err)
		*on = fp_features_active(gf->features, nblocks, bit);
	free(gf);
	return err;
}

int fp_netdev_feature_get(const char *ifname, const char *feature, bool *on)
{
	uint32_t count;
	int fd, ret;

	/* Any socket reaches the ethtool ioctl; a datagram one is cheapest. */
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	ret = feature_count(fd, ifname, &count);
	if (ret)
		goto out;
	ret = feature_bit(fd, ifname, count, feature);
	if (ret < 0)
		goto out;
	ret = feature_active(fd, ifname, count, (unsigned int)ret, on);
out:
	close(fd);
	return ret;
}
