/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Real kernel messages for the datapath client's tests: bytes that
 * openvswitch.ko (Debian 6.12.117) sent in the test guest to a raw
 * generic-netlink socket with NETLINK_EXT_ACK and NETLINK_CAP_ACK on, in
 * tests/vm/20-fpctl-dp-openvswitch.sh's topology (dp0, port 1 = h1p, the
 * host end of a veth whose other end, 10.0.0.1, is in netns h1).
 */
#ifndef TEST_DP_FIXTURES_H
#define TEST_DP_FIXTURES_H

#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

extern const uint8_t dpf_ctrl_reply_datapath[];
extern const size_t dpf_ctrl_reply_datapath_len;
extern const uint8_t dpf_ctrl_reply_vport[];
extern const size_t dpf_ctrl_reply_vport_len;
extern const uint8_t dpf_ctrl_reply_packet[];
extern const size_t dpf_ctrl_reply_packet_len;
extern const uint8_t dpf_err_enoent[];
extern const size_t dpf_err_enoent_len;
extern const uint8_t dpf_dp_reply[];
extern const size_t dpf_dp_reply_len;
extern const uint8_t dpf_ack[];
extern const size_t dpf_ack_len;
extern const uint8_t dpf_vport_reply[];
extern const size_t dpf_vport_reply_len;
extern const uint8_t dpf_err_extack[];
extern const size_t dpf_err_extack_len;
extern const uint8_t dpf_vport_dump_local[];
extern const size_t dpf_vport_dump_local_len;
extern const uint8_t dpf_vport_dump_h1p[];
extern const size_t dpf_vport_dump_h1p_len;
extern const uint8_t dpf_done[];
extern const size_t dpf_done_len;
extern const uint8_t dpf_upcall_arp[];
extern const size_t dpf_upcall_arp_len;
extern const uint8_t dpf_upcall_icmp[];
extern const size_t dpf_upcall_icmp_len;
extern const uint8_t dpf_upcall_vlan[];
extern const size_t dpf_upcall_vlan_len;

/* Room for any fixture, aligned as a netlink message must be. */
union dpf_buf {
	struct nlmsghdr nlh;
	uint8_t bytes[1024];
};

/*
 * Copies fixture bytes into buf, where a test may alter them, and returns
 * the message. len < the fixture's length cuts the message (nlmsg_len
 * too), as a short read or a lying kernel would.
 */
struct nlmsghdr *dpf_load(union dpf_buf *buf, const uint8_t *bytes,
			  size_t len);

#endif
