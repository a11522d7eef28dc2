// SPDX-License-Identifier: GPL-2.0
/*
 * fpctl's commands for flowpathd (through its control socket) and for
 * this host's switchdev ports.
 * Each entry's help is what 'fpctl --help' lists; its details are what
 * 'fpctl COMMAND --help' adds.
 */
#include "fpctl.h"

const struct fpctl_cmd fpctl_host_commands[] = {
	{ NULL, "add-br", "BRIDGE",
	  "Add a bridge (flowpathd): a datapath named BRIDGE.",
	  "flowpathd creates datapath BRIDGE, whose local internal port is also\n"
	  "named BRIDGE, and saves the bridge in its config. A datapath of that\n"
	  "name left by an earlier flowpathd is adopted with its flows.\n"
	  "Example: fpctl add-br br0\n",
	  fpctl_bridge_cmd },
	{ NULL, "del-br", "BRIDGE",
	  "Delete a bridge, its datapath, ports, rules and flows.",
	  NULL,
	  fpctl_bridge_cmd },
	{ NULL, "add-port", "BRIDGE PORT [access=VID|trunks=LIST]",
	  "Attach netdev PORT to a bridge.",
	  "Without an option the port is a trunk of every VLAN: frames keep\n"
	  "their tags. access=VID makes it an untagged member of VLAN VID\n"
	  "(1-4094); trunks=LIST carries only the VLANs listed, as in\n"
	  "trunks=10,20-22 (0 stands for untagged frames).\n"
	  "Example: fpctl add-port br0 veth1 access=10\n",
	  fpctl_bridge_cmd },
	{ NULL, "del-port", "[BRIDGE] PORT",
	  "Detach a port from its bridge.",
	  "Refused while a rule names the port (in_port= or output:): delete\n"
	  "or change those rules first.\n",
	  fpctl_bridge_cmd },
	{ NULL, "show", "[-j] [BRIDGE]",
	  "Show bridges: datapath, ports, VLANs, counts.",
	  "-j prints {\"bridges\":[{\"name\",\"dp_ifindex\",\"upcalls\",\"ports\":[...],\n"
	  "\"detached\":[...],\"rules\",\"megaflows\",\"macs\"}]}.\n",
	  fpctl_bridge_cmd },
	{ NULL, "add-flow", "BRIDGE RULE",
	  "Add a rule, in Open vSwitch syntax.",
	  "RULE is [priority=N,][MATCH,]actions=ACTIONS, e.g.\n"
	  "  fpctl add-flow br0 priority=100,ip,nw_dst=10.0.0.2,actions=output:p2\n"
	  "  fpctl add-flow br0 actions=normal\n"
	  "A rule with the same match and priority as an existing one replaces\n"
	  "it. A rule that does not parse is refused (exit 2) with the token and\n"
	  "the reason, and nothing changes. Megaflows the change makes wrong are\n"
	  "corrected or removed within a second.\n",
	  fpctl_bridge_cmd },
	{ NULL, "del-flows", "BRIDGE [MATCH] [--strict]",
	  "Delete the rules a match covers (all without one).",
	  "Without --strict, every rule at least as specific as MATCH goes,\n"
	  "whatever its priority; with --strict, only the rule with exactly\n"
	  "MATCH and its priority (priority=N in MATCH, default 32768).\n"
	  "-j prints {\"deleted\":N}.\n",
	  fpctl_bridge_cmd },
	{ NULL, "dump-rules", "[-j] BRIDGE",
	  "List a bridge's rules, highest priority first.",
	  NULL,
	  fpctl_bridge_cmd },
	{ NULL, "dump-flows", "[-j] [BRIDGE]",
	  "List the megaflows flowpathd installed, with counters.",
	  "One line per megaflow: bridge, ufid, the match as ovs-dpctl prints\n"
	  "it, packets and bytes (refreshed every 0.5 s), seconds since its\n"
	  "last packet (used) and since it was installed (age), and actions.\n",
	  fpctl_bridge_cmd },
	{ NULL, "upcall-stats", "[-j]",
	  "Handler and revalidator counters.",
	  "Per handler thread: upcalls received, megaflows installed, installs\n"
	  "that lost a race (existed) or failed, packets executed, dropped,\n"
	  "socket overruns; then the revalidator's deletions and changes.\n",
	  fpctl_bridge_cmd },
	{ NULL, "dump-macs", "[-j] BRIDGE",
	  "A bridge's MAC learning table.",
	  NULL,
	  fpctl_bridge_cmd },
	{ NULL, "eswitch", "[-j]",
	  "List switchdev ports: uplinks and VF representors.",
	  "Ports are grouped by switch (phys_switch_id). Roles come from the\n"
	  "devlink port flavour, or from phys_port_name (p0, pf0vf1, ...)\n"
	  "when devlink has no port for the netdev. hw-tc-offload is the\n"
	  "ethtool feature tc flower offload needs.\n",
	  fpctl_eswitch },
};

const size_t fpctl_n_host_commands = sizeof(fpctl_host_commands) / sizeof(fpctl_host_commands[0]);
