/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet-ins: packets a rule's "controller" action sends to flowpathd.
 *
 * Translation turns the action into the datapath's userspace() action,
 * whose USERDATA is the cookie below; the datapath hands every packet
 * that runs the action to a handler as an OVS_PACKET_CMD_ACTION upcall
 * carrying that cookie, which says which rule sent it. The cookie never
 * leaves this host, so its numbers are in host byte order.
 *
 *   bytes 0-3   "fpPI"       ours, not some other program's userspace()
 *   bytes 4-7   run          the flowpathd run that translated the rule:
 *                            rule ids are only unique within one run, so
 *                            a packet-in from a flow a previous run left
 *                            is not credited to the wrong rule
 *   bytes 8-15  rule_id      the rule's id in that run (its config id)
 */
#ifndef FP_PACKET_IN_H
#define FP_PACKET_IN_H

#include <stddef.h>
#include <stdint.h>

#include "flow.h"

#define FP_PACKET_IN_MAGIC "fpPI"
#define FP_PACKET_IN_COOKIE_LEN 16

struct fp_packet_in_cookie {
	uint32_t run;
	uint64_t rule_id;
};

/* Writes the cookie's FP_PACKET_IN_COOKIE_LEN bytes into buf. */
void fp_packet_in_cookie_put(const struct fp_packet_in_cookie *c,
			     uint8_t buf[FP_PACKET_IN_COOKIE_LEN]);

/*
 * Reads a userspace() action's USERDATA. Returns 0, or -EINVAL when it is
 * not one of our cookies (wrong length or magic).
 */
int fp_packet_in_cookie_get(const void *data, size_t len,
			    struct fp_packet_in_cookie *c);

/*
 * A short summary of the packet a key describes, for people:
 *   "10.0.0.1 > 10.0.0.2 icmp echo-request", "10.0.0.1:40000 > 10.0.0.2:80
 *   tcp", "fe80::1 > ff02::1 icmp6 135", "arp who-has 10.0.0.2 tell
 *   10.0.0.1", "02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff type 0x88cc"; with
 *   " vlan N" after it when tagged. Returns what snprintf would.
 */
int fp_packet_in_summary(const struct fp_flow *key, char *buf, size_t size);

#endif
