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
	{ NULL, "add-port", "BRIDGE PORT [access=VID|trunks=LIST] [policy=POLICY]",
	  "Attach netdev PORT to a bridge.",
	  "Without an option the port is a trunk of every VLAN: frames keep\n"
	  "their tags. access=VID makes it an untagged member of VLAN VID\n"
	  "(1-4094); trunks=LIST carries only the VLANs listed, as in\n"
	  "trunks=10,20-22 (0 stands for untagged frames). policy=POLICY gives\n"
	  "the port its own placement policy (see fpctl set-policy --help).\n"
	  "Examples: fpctl add-port br0 veth1 access=10\n"
	  "          fpctl add-port br0 vf0rep access=10 policy=tc-sw\n",
	  fpctl_bridge_cmd },
	{ NULL, "del-port", "[BRIDGE] PORT",
	  "Detach a port from its bridge.",
	  "Refused while a rule names the port (in_port= or output:): delete\n"
	  "or change those rules first.\n",
	  fpctl_bridge_cmd },
	{ NULL, "show", "[-j] [BRIDGE]",
	  "Show bridges: datapath, ports, VLANs, policies, counts.",
	  "Each port's line ends with the placement policy in force for the\n"
	  "megaflows entering through it, whether that is the port's own or the\n"
	  "global one, and whether the port can offload to hardware (and why\n"
	  "not). -j prints {\"policy\",\"bridges\":[{\"name\",\"dp_ifindex\",\n"
	  "\"upcalls\",\"ports\":[{...,\"policy\",\"override\",\"policy_from\",\n"
	  "\"can_offload\",\"why_not\"}],\"detached\":[...],\"rules\",\"megaflows\",\n"
	  "\"macs\"}]}.\n",
	  fpctl_bridge_cmd },
	{ NULL, "set-policy", "[PORT] POLICY",
	  "Where megaflows land: hw, tc, tc-sw or kmod.",
	  "Without PORT, sets the global policy; with PORT, the policy of the\n"
	  "megaflows entering through that port (default: follow the global).\n"
	  "  hw     tc flower in the NIC (skip_sw) when the port can offload,\n"
	  "         else the datapath's flow table (the global default)\n"
	  "  tc     tc flower with no skip flag: the NIC if its driver takes the\n"
	  "         filter, tc software otherwise; else the datapath's table\n"
	  "  tc-sw  tc flower in software only (skip_hw); else the datapath's\n"
	  "  kmod   the datapath's flow table only\n"
	  "The change is saved in the config, applies to new megaflows at once,\n"
	  "and the megaflows already placed are moved within a second, their\n"
	  "counters carried. An unknown port is refused (exit 1), an unknown\n"
	  "policy too (exit 2).\n"
	  "Example: fpctl set-policy tc-sw; fpctl set-policy vf0rep kmod\n",
	  fpctl_bridge_cmd },
	{ NULL, "get-policy", "[-j] [BRIDGE]",
	  "The global placement policy and each port's.",
	  "For every attached port: the policy in force, whether it is the\n"
	  "port's own or the global one, and whether the port can offload (a\n"
	  "switchdev port with hw-tc-offload on) or why not. -j prints\n"
	  "{\"policy\",\"builtin\",\"bridges\":[{\"name\",\"ports\":[{\"name\",\n"
	  "\"port_no\",\"local\",\"policy\",\"override\",\"policy_from\",\n"
	  "\"can_offload\",\"why_not\"}],\"detached\":[{\"name\",\"policy\",\n"
	  "\"override\"}]}]}.\n",
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
	{ NULL, "dump-flows", "[-j] [-m] [--layer hw|tc|kmod] [BRIDGE]",
	  "List the megaflows flowpathd placed, with layer and counters.",
	  "One line per megaflow: bridge, ufid, the match as ovs-dpctl prints\n"
	  "it, the layer it lives in (hw: tc flower in the NIC, tc: tc flower in\n"
	  "software, kmod: the datapath's flow table), packets and bytes summed\n"
	  "over every layer it lived in (refreshed every 0.5 s), seconds since\n"
	  "its last packet (used) and since it was installed (age), and actions.\n"
	  "-m adds, after the layer: the policy it was placed under, its tc\n"
	  "filter (dev, ifindex, chain, prio, protocol, handle), why a faster\n"
	  "layer refused it, and the counters of each layer (kmod, tc, hw, and\n"
	  "carried: what it brought from layers it left).\n"
	  "--layer shows the megaflows of one layer only.\n"
	  "-j prints [{\"bridge\",\"ufid\",\"match\",\"layer\",\"policy\",\"packets\",\n"
	  "\"bytes\",\"layers\":{\"kmod\":{\"packets\",\"bytes\"},\"tc\",\"hw\",\"carried\"},\n"
	  "\"used_ms\",\"age_ms\",\"why\",\"tc\":{\"dev\",\"ifindex\",\"chain\",\"prio\",\n"
	  "\"protocol\",\"handle\"}|null,\"actions\"}], with or without -m.\n",
	  fpctl_bridge_cmd },
	{ NULL, "explain", "[-j] UFID",
	  "Why a megaflow is in the layer it is in.",
	  "UFID as dump-flows prints it (ufid:UUID, or the bare UUID of -j).\n"
	  "Says the layer and, in a few words, why; what refused the flow on\n"
	  "the way down (the translation's reason or the kernel's message); the\n"
	  "policy it was placed under; its in_port with the policy in force\n"
	  "there, where that policy comes from and whether the port can\n"
	  "offload; its tc filter; its counters per layer; and whether it is\n"
	  "about to move because its port's policy changed. A UFID flowpathd\n"
	  "has no megaflow for is refused (exit 1).\n",
	  fpctl_bridge_cmd },
	{ NULL, "upcall-stats", "[-j]",
	  "Handler and revalidator counters.",
	  "Per handler thread: upcalls received, megaflows installed (each in\n"
	  "the datapath first), those moved from there into tc at once (to\n"
	  "tc), installs that lost a race (existed) or failed, packets\n"
	  "executed, dropped,\n"
	  "socket overruns, packet-ins (copies from controller actions); then\n"
	  "the revalidator's deletions and changes.\n",
	  fpctl_bridge_cmd },
	{ NULL, "packet-ins", "[-j] [BRIDGE]",
	  "Packets the rules' controller actions sent to flowpathd.",
	  "A rule with actions=controller (or controller:MAX_LEN, which sends\n"
	  "the first MAX_LEN bytes) sends flowpathd a copy of each packet it\n"
	  "matches, as the actions before it left the packet; the other actions\n"
	  "forward it as usual. Such a megaflow stays in the datapath's flow\n"
	  "table (tc cannot send packets to flowpathd). Per bridge: the count,\n"
	  "the count per rule (with the rule, or '(deleted)'; packets from\n"
	  "megaflows a previous flowpathd installed are counted apart), and the\n"
	  "last 16 packets: time, in_port, rule, length and a summary such as\n"
	  "'10.0.0.1 > 10.0.0.2 icmp echo-request'. Counts start at zero when\n"
	  "flowpathd starts.\n"
	  "-j prints [{\"bridge\",\"packet_ins\",\"rules\":[{\"rule_id\",\n"
	  "\"packet_ins\",\"rule\"|null}],\"last\":[{\"time_ms\",\"in_port\",\n"
	  "\"port_no\",\"rule_id\",\"len\",\"orig_len\",\"packet\"}]}].\n"
	  "Example: fpctl add-flow br0 ip,nw_dst=10.0.0.2,actions=controller,output:p2\n",
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
