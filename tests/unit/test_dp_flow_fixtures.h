/* SPDX-License-Identifier: GPL-2.0 */
/* Real flow messages from openvswitch.ko: see test_dp_flow_fixtures.c. */
#ifndef TEST_DP_FLOW_FIXTURES_H
#define TEST_DP_FLOW_FIXTURES_H

#include <stddef.h>
#include <stdint.h>

extern const uint8_t dpf_flow_dump_arp_ufid[];
extern const size_t dpf_flow_dump_arp_ufid_len;
extern const uint8_t dpf_flow_dump_tcp[];
extern const size_t dpf_flow_dump_tcp_len;
extern const uint8_t dpf_flow_dump_arp[];
extern const size_t dpf_flow_dump_arp_len;
extern const uint8_t dpf_flow_dump_done[];
extern const size_t dpf_flow_dump_done_len;
extern const uint8_t dpf_flow_terse_ufid[];
extern const size_t dpf_flow_terse_ufid_len;
extern const uint8_t dpf_flow_terse_tcp[];
extern const size_t dpf_flow_terse_tcp_len;
extern const uint8_t dpf_flow_del_echo[];
extern const size_t dpf_flow_del_echo_len;
extern const uint8_t dpf_flow_del_ack[];
extern const size_t dpf_flow_del_ack_len;

#endif
