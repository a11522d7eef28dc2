// SPDX-License-Identifier: GPL-2.0
/* Fallback reads of switchdev attributes from sysfs; see link_sysfs.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "link_sysfs.h"

/*
 * Reads /sys/class/net/NAME/ATTR into BUF without its trailing newline.
 * Returns the length or -errno; the kernel answers EOPNOTSUPP for switchdev
 * attributes the driver does not implement.
 */
static int read_attr(const char *name, const char *attr, char *buf,
		     size_t size)
{
	char path[128];
	ssize_t n;
	int fd, err;

	if (snprintf(path, sizeof(path), "/sys/class/net/%s/%s", name, attr) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ENODEV : -errno;
	n = read(fd, buf, size - 1);
	err = errno;
	close(fd);
	if (n < 0)
		return -err;
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return (int)n;
}

/* -ENODEV unless sysfs's NAME is the link with IFINDEX. */
static int check_ifindex(const char *name, int ifindex)
{
	char buf[32], *end;
	long val;
	int n;

	n = read_attr(name, "ifindex", buf, sizeof(buf));
	if (n < 0)
		return n;
	val = strtol(buf, &end, 10);
	if (end == buf || *end != '\0' || val != ifindex)
		return -ENODEV;
	return 0;
}

int fp_link_sysfs_switch_id(const char *name, int ifindex,
			    uint8_t id[FP_SWITCH_ID_MAX], size_t *len)
{
	char buf[FP_SWITCH_ID_STRLEN + 1];
	int n;

	n = check_ifindex(name, ifindex);
	if (n < 0)
		return n;
	n = read_attr(name, "phys_switch_id", buf, sizeof(buf));
	if (n < 0)
		return n;
	if (n == 0)
		return -EOPNOTSUPP;
	return fp_switch_id_parse(buf, id, len) ? -EPROTO : 0;
}

int fp_link_sysfs_port_name(const char *name, int ifindex, char *buf,
			    size_t size)
{
	int n;

	n = check_ifindex(name, ifindex);
	if (n < 0)
		return n;
	n = read_attr(name, "phys_port_name", buf, size);
	if (n < 0)
		return n;
	return n == 0 ? -EOPNOTSUPP : 0;
}
