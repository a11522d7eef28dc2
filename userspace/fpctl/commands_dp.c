// SPDX-License-Identifier: GPL-2.0
/*
 * fpctl's dp commands: the kernel datapath, directly over generic netlink.
 * Each entry's help is what 'fpctl --help' lists; its details are what
 * 'fpctl COMMAND --help' adds.
 */
#include "fpctl.h"

const struct fpctl_cmd fpctl_dp_commands[] = {
	{ "dp", "add", "NAME",
	  "Create datapath NAME.",
	  "The datapath's local port 0 is an internal netdev named NAME; it\n"
	  "starts with no other port and, on flowpath.ko, no flows.\n"
	  "Example: fpctl dp add dp0\n",
	  fpctl_dp_add },
	{ "dp", "del", "NAME",
	  "Delete datapath NAME and every port attached to it.",
	  "Attached netdevs are released, internal ports disappear.\n",
	  fpctl_dp_del },
	{ "dp", "show", "[-j] [NAME]",
	  "Show datapaths, their ports and counters.",
	  "lookups: hit (a flow matched), missed (sent to userspace), lost\n"
	  "(could not be sent: no listener, or its socket was full).\n"
	  "-j prints {\"datapaths\":[{\"name\",\"lookups\",\"ports\":[...]}]}.\n",
	  fpctl_dp_show },
	{ "dp", "add-if", "DP IFNAME [--internal]",
	  "Attach netdev IFNAME to DP as a port.",
	  "The netdev must exist in fpctl's network namespace, be Ethernet\n"
	  "and not belong to a bridge, bond or other datapath. With --internal,\n"
	  "a new internal netdev named IFNAME is created as the port instead.\n"
	  "Example: fpctl dp add-if dp0 eth1\n",
	  fpctl_dp_add_if },
	{ "dp", "del-if", "DP IFNAME",
	  "Detach port IFNAME from DP.",
	  NULL,
	  fpctl_dp_del_if },
	{ "dp", "watch", "DP [-j] [-n COUNT] [-t SECONDS]",
	  "Print the upcalls (missed packets) of DP as they arrive.",
	  "Points DP's upcalls at fpctl's handler sockets (per CPU when the\n"
	  "datapath dispatches per CPU, else every port's upcall ids), then\n"
	  "prints one line per upcall:\n"
	  "  upcall miss dp=dp0 in_port=1 (veth0) len=42 eth_type=0x0806\n"
	  "or with -j one JSON object per line. \"listening on DP\" goes to\n"
	  "stderr once it is ready.\n"
	  "  -n COUNT    stop after COUNT upcalls\n"
	  "  -t SECONDS  stop after SECONDS; exit 1 if fewer than COUNT came\n"
	  "  -H N        N handler sockets; each upcall shows its handler=\n"
	  "  --dispatch per-cpu|per-vport|auto   switch DP's upcall dispatch\n"
	  "              (auto: per CPU if the datapath takes it)\n"
	  "The ports are not pointed back on exit: until a slow path claims\n"
	  "them, their upcalls are counted as lost. Do not run it beside a\n"
	  "daemon (flowpathd, ovs-vswitchd) that owns the datapath.\n",
	  fpctl_dp_watch },
	{ "dp", "add-flow", "DP FLOW ACTIONS",
	  "Install a datapath flow, as ovs-dpctl add-flow does.",
	  "FLOW and ACTIONS are in ovs-dpctl's format; a field left out is\n"
	  "wildcarded, one given without /MASK is exact. The kernel wants every\n"
	  "header the key implies (eth_type(0x0800) needs ipv4(), proto=6 needs\n"
	  "tcp() and tcp_flags()); its refusals are explained. FLOW may start\n"
	  "with ufid:UUID, the flow's id for get-flow and del-flow.\n"
	  "Ports are numbers or names. Refused if the flow exists (mod-flow).\n"
	  "Example: fpctl dp add-flow dp0 'in_port(1),eth(),eth_type(0x0806),arp()' 2\n"
	  "         fpctl dp add-flow dp0 'in_port(h1p),eth(),eth_type(0x0800),ipv4(dst=10.0.0.2)' 'push_vlan(vid=10,pcp=0),h2p'\n",
	  fpctl_dp_add_flow },
	{ "dp", "add-flows", "DP FILE",
	  "Install the flows of FILE ('-': stdin), in batches.",
	  "One \"FLOW ACTIONS\" per line, '#' starts a comment. Flows go to the\n"
	  "kernel many per request batch; each refusal is reported with its\n"
	  "line, and the others are installed.\n",
	  fpctl_dp_add_flows },
	{ "dp", "mod-flow", "DP FLOW ACTIONS [OPTIONS]",
	  "Replace the actions of a datapath flow.",
	  "The flow is found by its ufid, else by exactly its key and mask.\n"
	  "  --may-create  add it when there is none\n"
	  "  --clear       zero its counters\n"
	  "  -s            print its counters from before\n",
	  fpctl_dp_mod_flow },
	{ "dp", "del-flow", "DP FLOW|ufid:UUID [-s]",
	  "Delete a datapath flow; -s prints its final counters.",
	  NULL,
	  fpctl_dp_del_flow },
	{ "dp", "del-flows", "DP [FILE]",
	  "Delete every flow of DP, or those listed in FILE.",
	  NULL,
	  fpctl_dp_del_flows },
	{ "dp", "get-flow", "DP FLOW|ufid:UUID [-m] [-j]",
	  "Show one datapath flow.",
	  NULL,
	  fpctl_dp_get_flow },
	{ "dp", "execute", "DP KEY ACTIONS PACKET [-n N]",
	  "Apply actions to a packet in the datapath.",
	  "KEY says what the packet cannot (in_port(), skb_mark(), ...) in the\n"
	  "flow format; PACKET is the frame in hex from its Ethernet header.\n"
	  "  -n N  send it N times, in batches\n"
	  "Blanks and ':' may separate the bytes. Refused by the datapath if\n"
	  "the actions do not suit the packet.\n"
	  "Example: fpctl dp execute dp0 'in_port(1)' 2 \"$(cat frame.hex)\"\n",
	  fpctl_dp_execute },
	{ "dp", "dump-flows", "DP [-m] [-j]",
	  "Show DP's flows, as ovs-dpctl dump-flows does.",
	  "One line per flow: key, counters, when last used, actions:\n"
	  "  in_port(1),eth(),eth_type(0x0800), packets:3, bytes:294, used:0.532s, actions:2\n"
	  "-m shows the ufid, every attribute with its mask and port names;\n"
	  "-j prints {\"datapath\",\"flows\":[{\"ufid\",\"match\",\"packets\",\n"
	  "\"bytes\",\"used_ms_ago\",\"tcp_flags\",\"actions\"}]}.\n",
	  fpctl_dp_dump_flows },
};

const size_t fpctl_n_dp_commands = sizeof(fpctl_dp_commands) / sizeof(fpctl_dp_commands[0]);
