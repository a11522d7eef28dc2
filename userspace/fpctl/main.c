// SPDX-License-Identifier: GPL-2.0
/* fpctl: global options, the command table, and dispatch. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fpctl.h"

static const struct fpctl_cmd commands[] = {
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

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

void fpctl_err(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fpctl: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void print_command(FILE *f, const struct fpctl_cmd *c)
{
	char words[64];

	snprintf(words, sizeof(words), "%s%s%s", c->group ? c->group : "",
		 c->group ? " " : "", c->name);
	fprintf(f, "  %-12s %-32s %s\n", words, c->synopsis, c->help);
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"usage: fpctl [-j] [--family-prefix PREFIX] [--socket PATH] COMMAND [ARGS]\n"
		"\n"
		"Operate flowpath: its kernel datapath (flowpath.ko, or the in-tree\n"
		"openvswitch.ko, which speaks the same netlink API) directly (dp ...),\n"
		"the bridges of flowpathd through its control socket, and this host's\n"
		"switchdev ports.\n"
		"\n"
		"Commands:\n");
	for (i = 0; i < N_COMMANDS; i++)
		print_command(f, &commands[i]);
	fprintf(f,
		"\n"
		"Options:\n"
		"  -j, --json             print one JSON document instead of text\n"
		"  --family-prefix PREFIX talk to the generic-netlink families\n"
		"                         PREFIX_datapath, PREFIX_vport, ... (default\n"
		"                         \"ovs\"; flowpath.ko loaded with\n"
		"                         family_prefix=fp answers to \"fp\")\n"
		"  --socket PATH          flowpathd's control socket (default\n"
		"                         $FLOWPATH_SOCKET, else\n"
		"                         /run/flowpath/flowpathd.sock)\n"
		"  -h, --help             this text; 'fpctl COMMAND --help' for one\n"
		"\n"
		"Exit status: 0 done, 1 refused or failed, 2 bad command line.\n"
		"\n"
		"Examples:\n"
		"  fpctl dp add dp0 && fpctl dp add-if dp0 veth0\n"
		"  fpctl dp watch dp0 -n 3\n"
		"  fpctl add-br br0 && fpctl add-port br0 veth1\n"
		"  fpctl add-flow br0 actions=normal\n"
		"  fpctl -j eswitch\n");
}

static const struct fpctl_cmd *find_command(int argc, char **argv, int *used)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++) {
		const struct fpctl_cmd *c = &commands[i];

		if (!c->group && !strcmp(argv[0], c->name)) {
			*used = 1;
			return c;
		}
		if (c->group && argc >= 2 && !strcmp(argv[0], c->group) &&
		    !strcmp(argv[1], c->name)) {
			*used = 2;
			return c;
		}
	}
	return NULL;
}

/* True when a command's own arguments ask for help. */
static int wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "family-prefix", required_argument, NULL, 'P' },
		{ "socket", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct fpctl_ctx ctx = { .family_prefix = "ovs" };
	const struct fpctl_cmd *cmd;
	int opt, used;

	/* '+': stop at the command name; its options are its own. */
	while ((opt = getopt_long(argc, argv, "+jh", opts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			ctx.json = true;
			break;
		case 'P':
			ctx.family_prefix = optarg;
			break;
		case 'S':
			ctx.socket_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return FPCTL_OK;
		default:
			usage(stderr);
			return FPCTL_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return FPCTL_USAGE;
	}
	cmd = find_command(argc, argv, &used);
	if (!cmd) {
		fprintf(stderr, "fpctl: unknown command '%s'%s%s (fpctl --help lists them)\n",
			argv[0], argc > 1 ? " " : "", argc > 1 ? argv[1] : "");
		return FPCTL_USAGE;
	}
	argc -= used - 1;
	argv += used - 1;
	if (wants_help(argc, argv)) {
		printf("usage: fpctl %s%s%s %s\n\n%s\n", cmd->group ? cmd->group : "",
		       cmd->group ? " " : "", cmd->name, cmd->synopsis, cmd->help);
		if (cmd->details)
			printf("%s", cmd->details);
		return FPCTL_OK;
	}
	/*
	 * Each command runs its own getopt. 0, not 1: glibc then forgets the
	 * '+' above, so a command's options may follow its arguments.
	 */
	optind = 0;
	return cmd->run(&ctx, argc, argv);
}
