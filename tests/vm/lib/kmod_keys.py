#!/usr/bin/env python3
"""kmod_keys: the flow keys a datapath puts in MISS upcalls, for crafted frames.

    kmod_keys.py capture --prefix ovs --netns NS --veth-port DEV --veth-peer DEV OUT

Makes datapath kk0 with an internal port kki0 (port 1) and DEV (port 2),
both sending their upcalls to this process. Each frame of FRAMES goes out
once, through an AF_PACKET socket, on kki0 (so it reaches the datapath with
every tag in the frame, as a host sends it) or from the veth peer in NS
(so the receiving stack has moved the outer tag into skb->vlan_tci first).
For each one, OUT gets a line "name: key", the OVS_PACKET_ATTR_KEY of the
upcall whose frame is the one sent, decoded attribute by attribute: the type
as sent (nest flags included) and the payload in hex; "name: none" if no
upcall came. Upcalls for other frames are ignored.

Normalised (the only difference allowed between openvswitch.ko and
flowpath.ko): the conntrack attributes CT_STATE, CT_ZONE, CT_MARK,
CT_LABELS and CT_ORIG_TUPLE_*, which openvswitch.ko puts in every key and
flowpath.ko, having no conntrack, leaves out.

    kmod_keys.py check OUT     the sanity checks of one output (see check())

Python 3 standard library only.
"""
import ctypes
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fpnl  # noqa: E402
from fpnl import NLMSGHDR, GENLMSGHDR, Ovs, OvsPacket, OvsVport  # noqa: E402

CT_ATTRS = {22, 23, 24, 25, 26, 27}          # OVS_KEY_ATTR_CT_*
SO_MARK = 36
MAC_A = bytes.fromhex("020000000001")
MAC_B = bytes.fromhex("020000000002")
BCAST = b"\xff" * 6

# ---- frame building ---------------------------------------------------------


def eth(ethertype, payload, dst=MAC_B, src=MAC_A):
    return dst + src + struct.pack("!H", ethertype) + payload


def tag(tpid, tci, rest):
    """A tag, then rest (which starts with the next EtherType)."""
    return struct.pack("!HH", tpid, tci) + rest


def tagged(tags, ethertype, payload):
    """Ethernet frame with in-frame tags [(tpid, tci)...]."""
    body = struct.pack("!H", ethertype) + payload
    for tpid, tci in reversed(tags):
        body = tag(tpid, tci, body)
    return MAC_B + MAC_A + body


def ipv4(proto, payload, opts=b"", frag=0, mf=False, df=False, tos=0x28, ttl=61,
         ihl=None, src="10.1.2.3", dst="10.4.5.6"):
    hl = ihl if ihl is not None else 5 + len(opts) // 4
    flags = (0x2000 if mf else 0) | (0x4000 if df else 0) | frag
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | hl, tos, 20 + len(opts) + len(payload),
                      0x1234, flags, ttl, proto, 0, socket.inet_aton(src),
                      socket.inet_aton(dst))
    return hdr + opts + payload


def ipv6(nh, payload, tc=0x12, label=0xabcde, hlim=63, src="2001:db8::1", dst="2001:db8::2"):
    first = (6 << 28) | (tc << 20) | label
    return (struct.pack("!IHBB", first, len(payload), nh, hlim) +
            socket.inet_pton(socket.AF_INET6, src) + socket.inet_pton(socket.AF_INET6, dst) +
            payload)


def ext(nh, units=0):
    """A hop-by-hop/destination/routing header of (units+1)*8 bytes."""
    return struct.pack("!BB", nh, units) + b"\x00" * (6 + 8 * units)


def frag6(nh, offset=0, more=False):
    return struct.pack("!BBHI", nh, 0, (offset << 3) | (1 if more else 0), 0x11223344)


def auth(nh):
    return struct.pack("!BBH", nh, 1, 0) + b"\x00" * 8     # 12 bytes: (1+2)*4


def tcp(sport=1234, dport=80, flags=0x12, doff=5, opts=b""):
    return struct.pack("!HHIIBBHHH", sport, dport, 1, 2, doff << 4, flags, 512, 0, 0) + opts


def udp(sport=5353, dport=53, data=b"data"):
    return struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data


def sctp(sport=3868, dport=2905):
    return struct.pack("!HHII", sport, dport, 7, 0)


def icmp(itype=8, code=0):
    return struct.pack("!BBHHH", itype, code, 0, 1, 2) + b"ping"


def icmp6(itype, code=0, body=b"\x00\x00\x00\x00"):
    return struct.pack("!BBH", itype, code, 0) + body


def nd(itype, target="fe80::99", opts=b"", code=0):
    return icmp6(itype, code, b"\x00" * 4 + socket.inet_pton(socket.AF_INET6, target) + opts)


def nd_opt(otype, mac, units=1):
    return struct.pack("!BB", otype, units) + mac + b"\x00" * (8 * units - 8)


def arp(op=1, hrd=1, pro=0x0800, hln=6, pln=4, sha=MAC_A, tha=b"\x00" * 6,
        sip="10.0.0.1", tip="10.0.0.2"):
    return (struct.pack("!HHBBH", hrd, pro, hln, pln, op) + sha + socket.inet_aton(sip) +
            tha + socket.inet_aton(tip))


SNAP_IP = bytes([0xaa, 0xaa, 0x03, 0, 0, 0]) + struct.pack("!H", 0x0800)


def frames():
    """(name, via, frame): via "int" (internal port) or "veth"."""
    f = []

    def add(name, frame, via="int"):
        f.append((name, via, frame))

    # L2
    add("l2-other-type", eth(0x88b5, b"\x01" * 30))
    add("l2-802.2-llc", eth(40, bytes([0x42, 0x42, 0x03]) + b"\x00" * 37))
    add("l2-snap-ipv4-udp", eth(60, SNAP_IP + ipv4(17, udp())))
    add("l2-snap-oui", eth(40, bytes([0xaa, 0xaa, 0x03, 0, 0, 1, 0x08, 0]) + b"\x00" * 32))
    add("l2-snap-no-ctrl", eth(40, bytes([0xaa, 0xaa, 0x07, 0, 0, 0, 0x88, 0xb5]) + b"\x00" * 32))
    add("l2-snap-length", eth(40, bytes([0xaa, 0xaa, 0x03, 0, 0, 0, 0x01, 0x00]) + b"\x00" * 32))
    add("l2-802.3-cut-llc", eth(40, b"\xaa\xaa\x03"))
    add("l2-bare-header", eth(0x0800, b""))
    # in-frame tags (internal port)
    add("vlan-ipv4-tcp", tagged([(0x8100, 0x2064)], 0x0800, ipv4(6, tcp())))
    add("vlan-cfi-set", tagged([(0x8100, 0x1005)], 0x0806, arp()))
    add("qinq-ipv6-udp", tagged([(0x88a8, 0x0010), (0x8100, 0x6020)], 0x86dd, ipv6(17, udp())))
    add("qinq-8100-8100", tagged([(0x8100, 0x0011), (0x8100, 0x0022)], 0x0800, ipv4(17, udp())))
    add("three-tags", tagged([(0x88a8, 1), (0x8100, 2), (0x8100, 3)], 0x0800, ipv4(17, udp())))
    add("vlan-cut-outer", MAC_B + MAC_A + b"\x81\x00\x00")
    add("vlan-cut-outer-tci", MAC_B + MAC_A + b"\x81\x00\x00\x05")
    add("vlan-empty-payload", MAC_B + MAC_A + b"\x81\x00\x00\x05\x08\x00")
    add("vlan-cut-inner", MAC_B + MAC_A + b"\x88\xa8\x00\x07\x81\x00\x00")
    add("vlan-802.2-inside", tagged([(0x8100, 9)], 46, b"\x42\x42\x03" + b"\x00" * 43))
    # IPv4
    add("ipv4-tcp-syn", eth(0x0800, ipv4(6, tcp(flags=0x02))))
    add("ipv4-tcp-allflags", eth(0x0800, ipv4(6, tcp(flags=0xff) [:12] + b"\x5f\xff" + tcp()[14:])))
    add("ipv4-options-tcp", eth(0x0800, ipv4(6, tcp(), opts=b"\x01\x01\x01\x00" * 2)))
    add("ipv4-tcp-doff-small", eth(0x0800, ipv4(6, tcp(doff=4))))
    add("ipv4-tcp-doff-past", eth(0x0800, ipv4(6, tcp(doff=15))))
    add("ipv4-tcp-cut", eth(0x0800, ipv4(6, tcp()[:10])))
    add("ipv4-ihl-4", eth(0x0800, ipv4(17, udp(), ihl=4)))
    add("ipv4-ihl-past", eth(0x0800, ipv4(17, b"", ihl=15)))
    add("ipv4-cut", eth(0x0800, ipv4(17, udp())[:12]))
    add("ipv4-frag-first", eth(0x0800, ipv4(17, udp(), mf=True)))
    add("ipv4-frag-later", eth(0x0800, ipv4(17, udp(), frag=100)))
    add("ipv4-frag-middle", eth(0x0800, ipv4(6, tcp(), frag=7, mf=True)))
    add("ipv4-df", eth(0x0800, ipv4(17, udp(), df=True, tos=0xfc, ttl=1)))
    add("ipv4-udp-cut", eth(0x0800, ipv4(17, udp()[:6])))
    add("ipv4-sctp", eth(0x0800, ipv4(132, sctp())))
    add("ipv4-sctp-cut", eth(0x0800, ipv4(132, sctp()[:8])))
    add("ipv4-icmp", eth(0x0800, ipv4(1, icmp(3, 4))))
    add("ipv4-icmp-cut", eth(0x0800, ipv4(1, icmp()[:4])))
    add("ipv4-gre", eth(0x0800, ipv4(47, b"\x00" * 8)))
    add("ipv4-icmpv6-proto", eth(0x0800, ipv4(58, icmp6(128))))
    # ARP
    add("arp-request", eth(0x0806, arp(), dst=BCAST))
    add("arp-reply", eth(0x0806, arp(op=2, tha=MAC_B)))
    add("arp-op-256", eth(0x0806, arp(op=256)))
    add("arp-hln-8", eth(0x0806, arp(hln=8)))
    add("arp-pro-ipv6", eth(0x0806, arp(pro=0x86dd)))
    add("arp-cut", eth(0x0806, arp()[:20]))
    add("rarp", eth(0x8035, arp(op=3)))
    # IPv6
    add("ipv6-tcp", eth(0x86dd, ipv6(6, tcp(flags=0x11))))
    add("ipv6-udp-hop-dest-rt", eth(0x86dd, ipv6(0, ext(60) + ext(43, 1) + ext(17) + udp())))
    add("ipv6-dest-dest-udp", eth(0x86dd, ipv6(60, ext(60) + ext(17) + udp())))
    add("ipv6-three-dest", eth(0x86dd, ipv6(60, ext(60) + ext(60) + ext(17) + udp())))
    add("ipv6-unseq-dest-hop", eth(0x86dd, ipv6(60, ext(0) + ext(17) + udp())))
    add("ipv6-rt-twice", eth(0x86dd, ipv6(43, ext(43) + ext(6) + tcp())))
    add("ipv6-ah-tcp", eth(0x86dd, ipv6(51, auth(6) + tcp())))
    add("ipv6-esp", eth(0x86dd, ipv6(50, b"\x00" * 16)))
    add("ipv6-none", eth(0x86dd, ipv6(59, b"")))
    add("ipv6-hop-none", eth(0x86dd, ipv6(0, ext(59))))
    add("ipv6-frag-first-udp", eth(0x86dd, ipv6(44, frag6(17, 0, True) + udp())))
    add("ipv6-frag-later-udp", eth(0x86dd, ipv6(44, frag6(17, 100, True) + b"\x00" * 8)))
    add("ipv6-frag-later-ext", eth(0x86dd, ipv6(44, frag6(60, 100) + ext(17) + udp())))
    add("ipv6-frag-atomic-tcp", eth(0x86dd, ipv6(44, frag6(6) + tcp())))
    add("ipv6-frag-twice", eth(0x86dd, ipv6(44, frag6(44) + frag6(17) + udp())))
    add("ipv6-frag-cut", eth(0x86dd, ipv6(44, frag6(17)[:3])))
    add("ipv6-ext-cut", eth(0x86dd, ipv6(0, ext(17, 2)[:12])))
    add("ipv6-ext-past-end", eth(0x86dd, ipv6(60, struct.pack("!BB", 17, 9) + b"\x00" * 14)))
    add("ipv6-cut", eth(0x86dd, ipv6(17, udp())[:30]))
    add("ipv6-sctp", eth(0x86dd, ipv6(132, sctp())))
    add("ipv6-udp-cut", eth(0x86dd, ipv6(17, udp()[:7])))
    add("ipv6-icmp-proto", eth(0x86dd, ipv6(1, icmp())))
    add("ipv6-version-4", eth(0x86dd, b"\x40" + ipv6(17, udp())[1:]))
    # ICMPv6 and ND
    add("icmpv6-echo", eth(0x86dd, ipv6(58, icmp6(128, 0, b"\x00\x01\x00\x02"))))
    add("icmpv6-cut", eth(0x86dd, ipv6(58, icmp6(128)[:6])))
    add("nd-ns-sll", eth(0x86dd, ipv6(58, nd(135, opts=nd_opt(1, MAC_A)))))
    add("nd-na-tll", eth(0x86dd, ipv6(58, nd(136, opts=nd_opt(2, MAC_B)))))
    add("nd-ns-both-other", eth(0x86dd, ipv6(58, nd(135, opts=nd_opt(14, MAC_B) +
                                                     nd_opt(1, MAC_A) + nd_opt(2, MAC_B)))))
    add("nd-ns-sll-twice", eth(0x86dd, ipv6(58, nd(135, opts=nd_opt(1, MAC_A) +
                                                    nd_opt(1, MAC_B)))))
    add("nd-ns-zero-sll-twice", eth(0x86dd, ipv6(58, nd(135, opts=nd_opt(1, b"\x00" * 6) +
                                                         nd_opt(1, MAC_B)))))
    add("nd-ns-sll-long", eth(0x86dd, ipv6(58, nd(135, opts=nd_opt(1, MAC_A, 2)))))
    add("nd-ns-opt-len-0", eth(0x86dd, ipv6(58, nd(135, opts=nd_opt(1, MAC_A) +
                                                    struct.pack("!BB", 2, 0) + MAC_B))))
    add("nd-ns-opt-past-end", eth(0x86dd, ipv6(58, nd(135, opts=nd_opt(1, MAC_A) +
                                                       struct.pack("!BB", 2, 3) + MAC_B))))
    add("nd-ns-opt-tail", eth(0x86dd, ipv6(58, nd(135, opts=nd_opt(1, MAC_A) + b"\x02\x01"))))
    add("nd-ns-cut", eth(0x86dd, ipv6(58, nd(135)[:20])))
    add("nd-ns-code-1", eth(0x86dd, ipv6(58, nd(135, code=1, opts=nd_opt(1, MAC_A)))))
    add("nd-ns-after-frag", eth(0x86dd, ipv6(44, frag6(58) + nd(135, opts=nd_opt(1, MAC_A)))))
    add("nd-vlan", tagged([(0x8100, 3)], 0x86dd, ipv6(58, nd(136, opts=nd_opt(2, MAC_A)))))
    # accelerated outer tag (from the veth peer)
    add("veth-plain-ipv4", eth(0x0800, ipv4(17, udp())), "veth")
    add("veth-vlan-ipv4-udp", tagged([(0x8100, 0x0064)], 0x0800, ipv4(17, udp())), "veth")
    add("veth-vlan-pcp", tagged([(0x8100, 0xe00a)], 0x86dd, ipv6(6, tcp())), "veth")
    add("veth-qinq-tcp", tagged([(0x88a8, 0x0100), (0x8100, 0x0200)], 0x0800, ipv4(6, tcp())), "veth")
    add("veth-88a8-arp", tagged([(0x88a8, 0x0005)], 0x0806, arp()), "veth")
    add("veth-three-tags", tagged([(0x8100, 1), (0x88a8, 2), (0x8100, 3)], 0x0800,
                                  ipv4(17, udp())), "veth")
    add("veth-cut-inner", MAC_B + MAC_A + b"\x81\x00\x00\x07\x81\x00\x00\x01", "veth")
    return f

# ---- netlink ----------------------------------------------------------------


def decode_key(buf, depth=0):
    """The attributes of a key as text; CT attributes dropped at the top."""
    out = []
    for atype, data in raw_attrs(buf):
        t = atype & fpnl.NLA_TYPE_MASK
        if depth == 0 and t in CT_ATTRS:
            continue
        if t == 1:     # ENCAP
            out.append("%d{%s}" % (atype, decode_key(data, depth + 1)))
        else:
            out.append("%d(%s)" % (atype, data.hex()))
    return " ".join(out)


def raw_attrs(buf):
    """(type with its flags, payload) of each attribute of buf."""
    off = 0
    while off + 4 <= len(buf):
        length, atype = fpnl.NLAHDR.unpack_from(buf, off)
        if length < 4 or off + length > len(buf):
            raise ValueError("bad attribute at %d" % off)
        yield atype, buf[off + 4:off + length]
        off += (length + 3) & ~3


class Upcalls:
    """A plain netlink socket that the datapath's ports send upcalls to."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, fpnl.NETLINK_GENERIC)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        self.sock.bind((0, 0))
        self.portid = self.sock.getsockname()[0]

    def wait_for(self, frame, seconds):
        """The key attribute of the MISS upcall carrying frame, or None."""
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                return None
            data = self.sock.recv(1 << 17)
            off = 0
            while off + NLMSGHDR.size <= len(data):
                length = NLMSGHDR.unpack_from(data, off)[0]
                if length < NLMSGHDR.size:
                    break
                payload = data[off + NLMSGHDR.size:off + length]
                off += (length + 3) & ~3
                if payload[0] != OvsPacket.CMD_MISS:
                    continue
                attrs = {}
                for atype, body in raw_attrs(payload[GENLMSGHDR.size + 4:]):
                    attrs[atype & fpnl.NLA_TYPE_MASK] = body
                if attrs.get(OvsPacket.ATTR_PACKET) == frame:
                    return attrs.get(OvsPacket.ATTR_KEY, b"")


def packet_socket(ifname, netns=None, priority=None, mark=None):
    """An AF_PACKET socket on ifname, made inside netns if given."""
    libc = ctypes.CDLL(None, use_errno=True)
    back = None
    if netns:
        back = os.open("/proc/self/ns/net", os.O_RDONLY)
        fd = os.open("/var/run/netns/" + netns, os.O_RDONLY)
        if libc.setns(fd, 0x40000000) != 0:      # CLONE_NEWNET
            raise OSError(ctypes.get_errno(), "setns " + netns)
        os.close(fd)
    try:
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
        s.bind((ifname, 0))
    finally:
        if back is not None:
            if libc.setns(back, 0x40000000) != 0:
                raise OSError(ctypes.get_errno(), "setns back")
            os.close(back)
    if priority is not None:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_PRIORITY, priority)
    if mark is not None:
        s.setsockopt(socket.SOL_SOCKET, SO_MARK, mark)
    return s


def capture(args):
    prefix, netns, veth_port, veth_peer, out_path = args
    up = Upcalls()
    ovs = Ovs(prefix=prefix)
    dp = ovs.dp_new("kk0", upcall_pid=up.portid)
    try:
        ovs.vport_new(dp, "kki0", OvsVport.TYPE_INTERNAL, upcall_pids=(up.portid,))
        ovs.vport_new(dp, veth_port, upcall_pids=(up.portid,))
        with open("/proc/sys/net/ipv6/conf/kki0/disable_ipv6", "w") as f:
            f.write("1\n")
        os.system("ip link set kki0 up")
        socks = {"int": packet_socket("kki0", priority=5, mark=0x42),
                 "veth": packet_socket(veth_peer, netns=netns)}
        time.sleep(1)
        lines = []
        for name, via, frame in frames():
            socks[via].send(frame)
            key = up.wait_for(frame, 3.0)
            lines.append("%s: %s" % (name, "none" if key is None else decode_key(key)))
    finally:
        ovs.dp_del("kk0")
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return 0


def check(args):
    """Guards against a comparison of two empty or broken outputs: every
    frame got an upcall, and a few keys hold what the frame says."""
    lines = dict(line.rstrip("\n").split(": ", 1) for line in open(args[0]))
    bad = [n for n, k in lines.items() if k == "none"]
    want = {
        # ETHERTYPE 0x88a8, VLAN, ENCAP{ETHERTYPE 0x8100, VLAN, ENCAP{ETHERTYPE 0x86dd ...
        "qinq-ipv6-udp": "6(88a8) 5(1010) 1{6(8100) 5(7020) 1{6(86dd)",
        # IPV4: src, dst, proto 17, tos 0x28, ttl 61, frag LATER
        "ipv4-frag-later": "6(0800) 7(0a0102030a04050611283d02)",
        "veth-qinq-tcp": "6(88a8) 5(1100) 1{6(8100) 5(1200) 1{6(0800)",
        "nd-ns-sll": "14(fe800000000000000000000000000099" + MAC_A.hex() + "000000000000)",
        "vlan-cut-outer": "4(" + MAC_A.hex() + MAC_B.hex() + ") 6(0000) 5(0000) 1{}",
    }
    for name, part in want.items():
        if part not in lines.get(name, ""):
            bad.append("%s (want '%s' in '%s')" % (name, part, lines.get(name)))
    if not lines.get("ipv4-frag-later", "").endswith("7(0a0102030a04050611283d02)"):
        bad.append("ipv4-frag-later: a later fragment has no transport attribute")
    if "2(05000000)" not in lines.get("ipv4-tcp-syn", "") or \
            "15(42000000)" not in lines.get("ipv4-tcp-syn", ""):
        bad.append("ipv4-tcp-syn: priority 5 / mark 0x42 from the socket missing")
    if len(lines) != len(frames()):
        bad.append("%d lines for %d frames" % (len(lines), len(frames())))
    for b in bad:
        print("FAIL: %s" % b)
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "capture" and len(sys.argv) == 8 and sys.argv[2] == "--prefix":
        sys.exit(capture([sys.argv[3]] + sys.argv[4:]))
    if len(sys.argv) == 3 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2:]))
    sys.exit("usage: kmod_keys.py capture --prefix P NETNS VETH_PORT VETH_PEER OUT | check OUT")
