#!/usr/bin/env python3
"""The ovs_flow family's semantics, per-CPU upcall dispatch and the masks
cache, checked through raw generic netlink (fpnl.py) where the flags and
attributes matter more than any tool lets one choose.

    kmod_flows.py semantics      CREATE/EXCL, modify, UFID vs key naming,
                                 SET/GET/DEL errnos, ECHO replies, the
                                 notifications the flow group carries,
                                 UFID_FLAGS-trimmed dumps
    kmod_flows.py cache          OVS_DP_ATTR_MASKS_CACHE_SIZE: default,
                                 set, bounds
    kmod_flows.py per-cpu NS PORT PEER_IP
                                 per-CPU dispatch: a miss made on CPU c
                                 reaches pids[c % n]; then back per port

Every expectation here is openvswitch.ko's behaviour: the scenario runs
this against the in-tree module first, to prove the expectations, then
against flowpath.ko. Exit 1 with the failed checks listed.
"""

import os
import select
import socket
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fpnl import (NLM_F_ACK, NLM_F_DUMP, NLM_F_ECHO, NLMSGHDR,  # noqa: E402
                  Ovs, OvsDp, OvsFlow, OvsPacket, decode_ovs, get_u32, nla,
                  nla_flag, nla_str, nla_u32, nla_u32s)

NLM_F_EXCL = 0x200
NLM_F_CREATE = 0x400

# <linux/openvswitch.h> OVS_KEY_ATTR_*
K_IN_PORT, K_ETHERNET, K_ETHERTYPE, K_IPV4 = 3, 4, 6, 7
A_OUTPUT = 1
OMIT_KEY, OMIT_MASK, OMIT_ACTIONS = 1, 2, 4

failures = []


def check(cond, what):
    print("%s: %s" % ("ok" if cond else "FAIL", what))
    if not cond:
        failures.append(what)


def ip4(text):
    return socket.inet_aton(text)


def key(in_port, src, frag=0):
    """in_port(N),eth(),eth_type(0x0800),ipv4(src=SRC,frag=FRAG)."""
    return (nla_u32(K_IN_PORT, in_port) + nla(K_ETHERNET, bytes(12)) +
            nla(K_ETHERTYPE, struct.pack("!H", 0x0800)) +
            nla(K_IPV4, ip4(src) + bytes(4) + bytes([0, 0, 0, frag])))


def mask(src_mask):
    """Exact in_port, eth_type and frag; SRC_MASK on the IPv4 source."""
    return (nla_u32(K_IN_PORT, 0xffffffff) + nla(K_ETHERNET, bytes(12)) +
            nla(K_ETHERTYPE, b"\xff\xff") +
            nla(K_IPV4, ip4(src_mask) + bytes(4) + bytes([0, 0, 0, 0xff])))


def flow_attrs(k, m=None, out=None, ufid=None, extra=b""):
    attrs = b""
    if ufid is not None:
        attrs += nla(OvsFlow.ATTR_UFID, ufid)
    if k is not None:
        attrs += nla(OvsFlow.ATTR_KEY, k)
    if m is not None:
        attrs += nla(OvsFlow.ATTR_MASK, m)
    if out is not None:
        attrs += nla(OvsFlow.ATTR_ACTIONS, nla_u32(A_OUTPUT, out))
    return attrs + extra


def output_port(attrs):
    """The port of the single output action of a flow message."""
    acts = attrs.get(OvsFlow.ATTR_ACTIONS)
    return struct.unpack_from("=I", acts, 4)[0] if acts else None


class Flows:
    def __init__(self, ovs, dp):
        self.ovs, self.dp = ovs, dp

    def req(self, cmd, attrs, flags=NLM_F_ACK):
        return self.ovs.request("flow", cmd, self.dp, attrs, flags=flags)

    def expect(self, what, want, cmd, attrs, flags=NLM_F_ACK):
        r = self.req(cmd, attrs, flags)
        check(r.errno == want, "%s: %s (want %s)%s" % (
            what, r.errname, os.strerror(want) if want else "OK",
            " [%s]" % r.msg if r.msg else ""))
        return r

    def get(self, attrs):
        r = self.req(OvsFlow.CMD_GET, attrs)
        return decode_ovs(r.messages[0][1])[2] if not r.errno and r.messages else None


def listener(ovs):
    """A second socket on the flow multicast group."""
    s = Ovs(prefix=ovs.prefix)
    fam = s.family("%s_flow" % ovs.prefix)
    s.join(fam[1]["ovs_flow"])
    s.sock.setblocking(False)
    return s


def notifications(sock):
    """The OVS_FLOW_CMD_* of every message waiting on sock."""
    cmds = []
    while select.select([sock.sock], [], [], 0.5)[0]:
        data = sock.sock.recv(1 << 16)
        off = 0
        while off + NLMSGHDR.size <= len(data):
            length = NLMSGHDR.unpack_from(data, off)[0]
            cmds.append(data[off + NLMSGHDR.size])
            off += (length + 3) & ~3
    return cmds


def semantics(ovs, dp):
    f = Flows(ovs, dp)
    C, N, S, G, D = NLM_F_ACK | NLM_F_CREATE, OvsFlow.CMD_NEW, OvsFlow.CMD_SET, \
        OvsFlow.CMD_GET, OvsFlow.CMD_DEL
    ka, ma = key(10, "10.9.0.1"), mask("255.255.255.255")
    mon = listener(ovs)

    r = f.expect("NEW a flow, CREATE|ECHO", 0, N, flow_attrs(ka, ma, 1), C | NLM_F_ECHO)
    echo = decode_ovs(r.messages[0][1]) if r.messages else None
    check(echo is not None and echo[0] == N and OvsFlow.ATTR_KEY in echo[2]
          and OvsFlow.ATTR_MASK in echo[2] and output_port(echo[2]) == 1,
          "the ECHO reply is the new flow: key, mask, actions")
    check(notifications(mon) == [N], "the flow group saw one NEW")
    f.expect("NEW the same key again, CREATE", 17, N, flow_attrs(ka, ma, 2), C)
    f.expect("NEW the same key again, EXCL", 17, N, flow_attrs(ka, ma, 2),
             NLM_F_ACK | NLM_F_EXCL)
    f.expect("NEW the same key, no CREATE: new actions", 0, N, flow_attrs(ka, ma, 3))
    got = f.get(flow_attrs(ka))
    check(got is not None and output_port(got) == 3, "GET by key shows the new actions")
    check(notifications(mon) == [N], "the modify was notified as NEW")
    f.expect("NEW a wider flow the first one's key hits, CREATE", 17, N,
             flow_attrs(key(10, "10.9.0.1"), mask("255.255.0.0"), 1), C)
    f.expect("NEW a key under a different mask, CREATE", 0, N,
             flow_attrs(key(11, "10.9.0.0"), mask("255.255.0.0"), 1), C)
    f.expect("NEW overlapping key, other unmasked key, no CREATE", 2, N,
             flow_attrs(key(11, "10.9.7.7"), mask("255.255.255.255"), 1))

    f.expect("NEW without CREATE of a flow not there: created", 0, N,
             flow_attrs(key(14, "10.7.0.1"), ma, 1))
    check(f.get(flow_attrs(key(14, "10.7.0.1"))) is not None, "and GET finds it")
    f.expect("DEL it", 0, D, flow_attrs(key(14, "10.7.0.1")))
    notifications(mon)

    u1, u2 = bytes(range(1, 17)), bytes(range(2, 18))
    ku = key(12, "10.8.0.1")
    f.expect("NEW with a UFID", 0, N, flow_attrs(ku, ma, 1, ufid=u1), C)
    f.expect("NEW that UFID again with another key, no CREATE", 2, N,
             flow_attrs(key(13, "10.8.0.1"), ma, 1, ufid=u1))
    f.expect("NEW that UFID again with another key, CREATE", 17, N,
             flow_attrs(key(13, "10.8.0.1"), ma, 1, ufid=u1), C)
    f.expect("NEW that UFID and key, no CREATE: new actions", 0, N,
             flow_attrs(ku, ma, 4, ufid=u1))
    f.expect("GET a UFID flow by its key", 2, G, flow_attrs(ku))
    got = f.get(flow_attrs(None, ufid=u1))
    check(got is not None and output_port(got) == 4 and OvsFlow.ATTR_UFID in got,
          "GET by UFID: the UFID, new actions")
    got = f.get(flow_attrs(None, ufid=u1, extra=nla_u32(OvsFlow.ATTR_UFID_FLAGS,
                                                          OMIT_KEY | OMIT_MASK | OMIT_ACTIONS)))
    check(got is not None and set(got) & {OvsFlow.ATTR_KEY, OvsFlow.ATTR_MASK,
                                          OvsFlow.ATTR_ACTIONS} == set(),
          "GET with every OMIT flag: no key, mask or actions (%s)" % sorted(got or {}))
    f.expect("GET an unknown UFID", 2, G, flow_attrs(None, ufid=u2))
    notifications(mon)

    f.expect("SET an unknown UFID", 2, S, flow_attrs(None, ufid=u2))
    f.expect("SET actions without a key", 22, S, flow_attrs(None, out=1, ufid=u1))
    r = f.expect("SET new actions by UFID, CLEAR, ECHO", 0, S,
                 flow_attrs(ku, ma, 5, ufid=u1, extra=nla_flag(OvsFlow.ATTR_CLEAR)),
                 NLM_F_ACK | NLM_F_ECHO)
    check(r.messages and decode_ovs(r.messages[0][1])[0] == S and
          output_port(decode_ovs(r.messages[0][1])[2]) == 5, "SET's ECHO has the new actions")
    f.expect("SET by exact key", 0, S, flow_attrs(ka, None, 6))
    f.expect("SET by a key no flow was added with", 2, S, flow_attrs(key(10, "10.9.0.2"), None, 6))
    check(notifications(mon) == [S, S], "the flow group saw both SETs")

    r = f.req(G, b"", NLM_F_ACK | NLM_F_DUMP)
    check(r.errno == 0 and len(r.messages) == 3, "a dump has the 3 flows (%d)" % len(r.messages))
    r = f.req(G, nla_u32(OvsFlow.ATTR_UFID_FLAGS, OMIT_KEY | OMIT_MASK | OMIT_ACTIONS),
              NLM_F_ACK | NLM_F_DUMP)
    terse = [decode_ovs(m[1])[2] for m in r.messages]
    by_ufid = [a for a in terse if OvsFlow.ATTR_UFID in a]
    by_key = [a for a in terse if OvsFlow.ATTR_UFID not in a]
    check(len(by_ufid) == 1 and not set(by_ufid[0]) & {OvsFlow.ATTR_KEY, OvsFlow.ATTR_MASK,
                                                       OvsFlow.ATTR_ACTIONS},
          "terse dump: the UFID flow has none of key, mask, actions")
    check(len(by_key) == 2 and all(OvsFlow.ATTR_KEY in a and OvsFlow.ATTR_MASK not in a
                                   and OvsFlow.ATTR_ACTIONS not in a for a in by_key),
          "terse dump: flows without UFID keep their key (their name), nothing else")

    f.expect("DEL an unknown UFID", 2, D, flow_attrs(None, ufid=u2))
    f.expect("DEL by a key no flow was added with", 2, D, flow_attrs(key(10, "10.9.0.3")))
    r = f.expect("DEL by UFID, ECHO", 0, D, flow_attrs(None, ufid=u1), NLM_F_ACK | NLM_F_ECHO)
    check(r.messages and decode_ovs(r.messages[0][1])[0] == D, "DEL's ECHO is a DEL")
    f.expect("DEL by exact key", 0, D, flow_attrs(ka))
    check(notifications(mon) == [D, D], "the flow group saw both DELs")
    f.expect("DEL all (flush)", 0, D, b"")
    check(notifications(mon) == [], "a flush is not notified")
    r = f.req(G, b"", NLM_F_ACK | NLM_F_DUMP)
    check(r.errno == 0 and not r.messages, "no flow left after the flush")
    mon.close()


def dp_attrs(ovs, name):
    return ovs.dp_get(name)[1]


def dp_set(ovs, name, attrs):
    return ovs.request("datapath", OvsDp.CMD_SET, 0, nla_str(OvsDp.ATTR_NAME, name) + attrs)


def cache(ovs, name):
    size = lambda: get_u32(dp_attrs(ovs, name), OvsDp.ATTR_MASKS_CACHE_SIZE)
    check(size() == 256, "the default masks cache size is 256 (%s)" % size())
    for value, want in ((1024, 0), (100, 22), (8192, 34), (0, 0), (4096, 0), (1, 0)):
        r = dp_set(ovs, name, nla_u32(OvsDp.ATTR_MASKS_CACHE_SIZE, value))
        check(r.errno == want, "masks cache size %d: %s%s" % (
            value, r.errname, " [%s]" % r.msg if r.msg else ""))
    check(size() == 1, "the size read back is the last one set (%s)" % size())


def ping_on_cpu(cpu, ns, peer):
    subprocess.run(["ip", "-n", ns, "neigh", "flush", "all"], check=False)
    subprocess.run(["taskset", "-c", str(cpu), "ip", "netns", "exec", ns,
                    "ping", "-c", "1", "-W", "1", peer],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def misses(sock, timeout=1.0):
    n = 0
    while select.select([sock.sock], [], [], timeout)[0]:
        data = sock.sock.recv(1 << 16)
        off = 0
        while off + NLMSGHDR.size <= len(data):
            length = NLMSGHDR.unpack_from(data, off)[0]
            if data[off + NLMSGHDR.size] == OvsPacket.CMD_MISS:
                n += 1
            off += (length + 3) & ~3
        timeout = 0.2
    return n


def per_cpu(ovs, name, ns, port, peer):
    ncpu = os.cpu_count()
    handlers = [Ovs(prefix=ovs.prefix) for _ in range(3)]
    pids = [h.portid for h in handlers]
    feats = OvsDp.F_UNALIGNED | OvsDp.F_DISPATCH_UPCALL_PER_CPU
    r = dp_set(ovs, name, nla_u32(OvsDp.ATTR_USER_FEATURES, feats) +
               nla_u32s(OvsDp.ATTR_PER_CPU_PIDS, pids))
    check(r.errno == 0, "SET per-CPU dispatch with %d ids: %s" % (len(pids), r.errname))
    a = dp_attrs(ovs, name)
    check(get_u32(a, OvsDp.ATTR_USER_FEATURES) == feats, "the features read back")
    got = list(struct.unpack("=%dI" % (len(a.get(OvsDp.ATTR_PER_CPU_PIDS, b"")) // 4),
                             a.get(OvsDp.ATTR_PER_CPU_PIDS, b"")))
    check(got == pids[:ncpu], "the per-CPU ids read back (%s)" % got)
    for cpu in range(ncpu):
        ping_on_cpu(cpu, ns, peer)
        counts = [misses(h) for h in handlers]
        want = cpu % len(pids)
        check(counts[want] >= 1 and sum(counts) == counts[want],
              "a miss on CPU %d reaches pids[%d] only: %s" % (cpu, want, counts))
    # Back to per-port dispatch: the port's own id gets the misses.
    r = dp_set(ovs, name, nla_u32(OvsDp.ATTR_USER_FEATURES, OvsDp.F_UNALIGNED))
    check(r.errno == 0, "SET per-port dispatch again")
    vport = Ovs(prefix=ovs.prefix)
    r = ovs.request("vport", 4, 0, nla_str(3, port) + nla_u32s(5, [vport.portid]))
    check(r.errno == 0, "point %s's upcalls at a socket" % port)
    ping_on_cpu(1 % ncpu, ns, peer)
    counts = [misses(h, 0.3) for h in handlers]
    check(misses(vport) >= 1 and sum(counts) == 0,
          "per port: the port's socket gets the miss, the per-CPU ones nothing (%s)" % counts)
    for h in handlers + [vport]:
        h.close()


def main():
    prefix = os.environ.get("FP_FAMILY_PREFIX", "ovs")
    ovs = Ovs(prefix=prefix)
    what = sys.argv[1]
    if what == "semantics":
        dp = ovs.dp_new("kf0")
        try:
            semantics(ovs, dp)
        finally:
            ovs.dp_del("kf0")
    elif what == "cache":
        ovs.dp_new("kf0")
        try:
            cache(ovs, "kf0")
        finally:
            ovs.dp_del("kf0")
    elif what == "per-cpu":
        ns, port, peer, dpname = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
        per_cpu(ovs, dpname, ns, port, peer)
    else:
        sys.exit("usage: kmod_flows.py semantics|cache|per-cpu NS PORT PEER DP")
    if failures:
        print("%d failed:\n  %s" % (len(failures), "\n  ".join(failures)))
        sys.exit(1)


if __name__ == "__main__":
    main()
