"""kmod_execute: the same OVS_PACKET_CMD_EXECUTE requests, one report.

    python3 kmod_execute.py REPORT

runs against whichever datapath module owns the ovs_* families: it makes
datapath xdp0 with ports p1, p2 (veths whose peers c1, c2 are captured
here with raw sockets) and p3 (whose peer e0 is in namespace h3, with
10.9.0.2/24 and fd00::2/64, where real UDP sockets receive), sends each
case's frame with its actions, and writes to REPORT, one line per case,
what came out: the errno, the frames captured on c1/c2 (with their
checksums checked here), the upcalls received (their key without the
conntrack attributes only openvswitch.ko has), what h3's sockets got.
Two modules behave alike when their reports are identical. The extack
messages go to stdout only (they differ between the modules by design).

Python 3 standard library only.
"""

import os
import select
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fpnl import (GenlSocket, Ovs, OvsPacket, decode_ovs, nla, nla_u16,  # noqa: E402
                  nla_u32, nla_u64, parse_attrs)

# <linux/openvswitch.h>
A_OUTPUT, A_USERSPACE, A_SET, A_PUSH_VLAN, A_POP_VLAN, A_SAMPLE, A_RECIRC, \
    A_HASH, A_PUSH_MPLS, A_POP_MPLS, A_SET_MASKED, A_CT, A_TRUNC, A_PUSH_ETH, \
    A_POP_ETH, A_CT_CLEAR, A_PUSH_NSH, A_POP_NSH, A_METER, A_CLONE, \
    A_CHECK_PKT_LEN, A_ADD_MPLS, A_DEC_TTL, A_DROP, A_PSAMPLE = range(1, 26)
K_PRIORITY, K_IN_PORT, K_ETHERNET = 2, 3, 4
K_IPV4, K_IPV6, K_TCP, K_UDP = 7, 8, 9, 10
K_SKB_MARK, K_TUNNEL, K_SCTP = 15, 16, 17
K_CT = (22, 23, 24, 25, 26, 27)    # CT_STATE .. CT_ORIG_TUPLE_IPV6
U_PID, U_USERDATA, U_EGRESS_TUN_PORT, U_ACTIONS = 1, 2, 3, 4
S_PROBABILITY, S_ACTIONS = 1, 2
ETH_P_IP, ETH_P_IPV6, ETH_P_ARP = 0x0800, 0x86DD, 0x0806

MAC_C1 = bytes.fromhex("02fe00000001")
MAC_SRC = bytes.fromhex("02fe000000aa")
MAC_DST = bytes.fromhex("02fe000000bb")
MAC_NEW = bytes.fromhex("02fe000000cc")


# ---- frames -------------------------------------------------------------

def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip4(a):
    return socket.inet_aton(a)


def ip6(a):
    return socket.inet_pton(socket.AF_INET6, a)


def eth(dst, src, etype, payload, tags=()):
    hdr = dst + src
    for tpid, tci in tags:
        hdr += struct.pack("!HH", tpid, tci)
    frame = hdr + struct.pack("!H", etype) + payload
    return frame + bytes(max(0, 60 - len(frame)))


def l4(proto, sport, dport, payload, pseudo):
    if proto == 6:
        hdr = struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 5 << 4, 0x18, 512, 0, 0)
        seg = hdr + payload
        c = csum(pseudo + seg)
        return seg[:16] + struct.pack("!H", c) + seg[18:]
    seg = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    c = csum(pseudo + seg) or 0xFFFF
    return seg[:6] + struct.pack("!H", c) + seg[8:]


def ipv4(src, dst, proto, sport, dport, payload, tos=0, ttl=64):
    pseudo_len = (8 if proto == 17 else 20) + len(payload)
    pseudo = ip4(src) + ip4(dst) + struct.pack("!BBH", 0, proto, pseudo_len)
    seg = l4(proto, sport, dport, payload, pseudo)
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, tos, 20 + len(seg), 7, 0, ttl, proto,
                      0, ip4(src), ip4(dst))
    return hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:] + seg


def ipv6(src, dst, proto, sport, dport, payload, tclass=0, label=0, hlim=64):
    pseudo_len = (8 if proto == 17 else 20) + len(payload)
    pseudo = ip6(src) + ip6(dst) + struct.pack("!I3xB", pseudo_len, proto)
    seg = l4(proto, sport, dport, payload, pseudo)
    word = 6 << 28 | tclass << 20 | label
    return struct.pack("!IHBB16s16s", word, len(seg), proto, hlim, ip6(src), ip6(dst)) + seg


def udp4_frame(dst_mac=MAC_DST, src="10.9.0.1", dst="10.9.0.99", sport=5555,
               dport=7777, payload=b"fpexec-udp4", tags=()):
    return eth(dst_mac, MAC_SRC, ETH_P_IP,
               ipv4(src, dst, 17, sport, dport, payload), tags)


def tcp4_frame():
    return eth(MAC_DST, MAC_SRC, ETH_P_IP,
               ipv4("10.9.0.1", "10.9.0.99", 6, 40000, 80, b"fpexec-tcp4"))


def udp6_frame(dst_mac=MAC_DST, dst="fd00::99", dport=7777):
    return eth(dst_mac, MAC_SRC, ETH_P_IPV6,
               ipv6("fd00::1", dst, 17, 5555, dport, b"fpexec-udp6"))


def arp_frame():
    arp = struct.pack("!HHBBH6s4s6s4s", 1, ETH_P_IP, 6, 4, 1, MAC_SRC, ip4("10.9.0.1"),
                      bytes(6), ip4("10.9.0.99"))
    return eth(b"\xff" * 6, MAC_SRC, ETH_P_ARP, arp)


def check_frame(frame):
    """'csum-ok', or what is wrong with the frame's IP/L4 checksums."""
    try:
        return _check_frame(frame)
    except (struct.error, IndexError):
        return "cut"


def _check_frame(frame):
    off = 12
    etype = struct.unpack_from("!H", frame, off)[0]
    while etype in (0x8100, 0x88A8):
        off += 4
        etype = struct.unpack_from("!H", frame, off)[0]
    l3 = frame[off + 2:]
    if etype == ETH_P_IP:
        ihl = (l3[0] & 15) * 4
        if csum(l3[:ihl]):
            return "ip-csum-BAD"
        total = struct.unpack_from("!H", l3, 2)[0]
        proto = l3[9]
        seg = l3[ihl:total]
        pseudo = l3[12:20] + struct.pack("!BBH", 0, proto, len(seg))
    elif etype == ETH_P_IPV6:
        plen = struct.unpack_from("!H", l3, 4)[0]
        proto = l3[6]
        seg = l3[40:40 + plen]
        pseudo = l3[8:40] + struct.pack("!I3xB", len(seg), proto)
    else:
        return "not-ip"
    if proto not in (6, 17):
        return "csum-ok"
    if proto == 17 and struct.unpack_from("!H", seg, 6)[0] == 0:
        return "csum-none"
    return "csum-ok" if csum(pseudo + seg) == 0 else "l4-csum-BAD"


# ---- actions ------------------------------------------------------------

def output(port):
    return nla_u32(A_OUTPUT, port)


def userspace(pid, userdata=None, with_actions=False, extra=b""):
    body = nla_u32(U_PID, pid)
    if userdata is not None:
        body += nla(U_USERDATA, userdata)
    if with_actions:
        body += nla(U_ACTIONS)
    return nla(A_USERSPACE, body + extra)


def set_field(ktype, value, mask=None):
    if mask is None:
        return nla(A_SET, nla(ktype, value))
    return nla(A_SET_MASKED, nla(ktype, value + mask))


def k_eth(src, dst):
    return src + dst


def k_ipv4(src, dst, proto, tos, ttl, frag=0):
    return ip4(src) + ip4(dst) + bytes([proto, tos, ttl, frag])


def k_ipv6(src, dst, label, proto, tclass, hlim, frag=0):
    return ip6(src) + ip6(dst) + struct.pack("!I", label) + bytes([proto, tclass, hlim, frag])


def ports(src, dst):
    return struct.pack("!HH", src, dst)


def push_vlan(tpid, tci):
    return nla(A_PUSH_VLAN, struct.pack("!HH", tpid, tci))


def sample(prob, acts):
    return nla(A_SAMPLE, nla_u32(S_PROBABILITY, prob) + nla(S_ACTIONS, acts))


def clone(acts):
    return nla(A_CLONE, acts)


def nested(depth, inner, wrap):
    for _ in range(depth):
        inner = wrap(inner)
    return inner


def key(in_port, *extra):
    return nla_u32(K_IN_PORT, in_port) + b"".join(extra)


# ---- capture ------------------------------------------------------------

SOL_PACKET, PACKET_AUXDATA = 263, 8
TP_STATUS_VLAN_VALID, TP_STATUS_VLAN_TPID_VALID = 0x10, 0x40
AUXDATA = struct.Struct("=IIIHHHH")


class Capture:
    """A raw socket on one device; frames with their accelerated tag put back."""

    def __init__(self, dev):
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
        self.sock.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
        self.sock.bind((dev, 0))
        self.sock.setblocking(False)

    def frames(self):
        out = []
        while True:
            try:
                data, anc, _, _ = self.sock.recvmsg(65536, socket.CMSG_SPACE(AUXDATA.size))
            except BlockingIOError:
                return out
            for level, ctype, cdata in anc:
                if level == SOL_PACKET and ctype == PACKET_AUXDATA:
                    status, _, _, _, _, tci, tpid = AUXDATA.unpack_from(cdata)
                    if status & TP_STATUS_VLAN_VALID:
                        if not status & TP_STATUS_VLAN_TPID_VALID:
                            tpid = 0x8100
                        data = data[:12] + struct.pack("!HH", tpid, tci) + data[12:]
            # Only our test frames: the host's own (IPv6 ND...) are noise.
            if data[6:11] == MAC_SRC[:5] or data[6:11] == MAC_NEW[:5]:
                out.append(data)


def key_text(raw):
    """A key's attributes in order, conntrack ones left out."""
    return ",".join("%d:%s" % (t, v.hex()) for t, v in parse_attrs(raw) if t not in K_CT)


def upcall_text(payload):
    cmd, _, attrs = decode_ovs(payload)
    parts = ["cmd=%d" % cmd, "key=" + key_text(attrs.get(OvsPacket.ATTR_KEY, b""))]
    for name, atype in (("userdata", OvsPacket.ATTR_USERDATA),
                        ("actions", OvsPacket.ATTR_ACTIONS),
                        ("mru", OvsPacket.ATTR_MRU), ("len", OvsPacket.ATTR_LEN),
                        ("hash", OvsPacket.ATTR_HASH),
                        ("packet", OvsPacket.ATTR_PACKET)):
        if atype in attrs:
            parts.append("%s=%s" % (name, attrs[atype].hex()))
    return " ".join(parts)


class Listener:
    """UDP sockets in h3 (a child in that namespace) that print what they get."""

    CODE = ("import socket,sys,select\n"
            "ss=[]\n"
            "for fam,addr,port in ((socket.AF_INET,'10.9.0.2',7777),(socket.AF_INET,'10.9.0.2',9999),"
            "(socket.AF_INET6,'fd00::2',7777)):\n"
            " s=socket.socket(fam,socket.SOCK_DGRAM); s.bind((addr,port)); ss.append((s,port))\n"
            "print('ready',flush=True)\n"
            "while True:\n"
            " r,_,_=select.select([s for s,_ in ss],[],[])\n"
            " for s,port in ss:\n"
            "  if s in r:\n"
            "   d,a=s.recvfrom(2000); print('%s:%d<-%s:%d %s'%(s.family.name,port,a[0],a[1],d.decode()),flush=True)\n")

    def __init__(self):
        self.proc = subprocess.Popen(["ip", "netns", "exec", "h3", "python3", "-u", "-c", self.CODE],
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "ready"

    def lines(self, wait):
        out = []
        end = time.time() + wait
        while time.time() < end:
            r, _, _ = select.select([self.proc.stdout], [], [], max(0, end - time.time()))
            if not r:
                break
            out.append(self.proc.stdout.readline().strip())
        return out

    def close(self):
        self.proc.kill()
        self.proc.wait()


# ---- the run ------------------------------------------------------------

class Run:
    def __init__(self):
        self.ovs = Ovs()
        self.up = GenlSocket()
        self.pid = self.up.portid
        self.dp = self.ovs.dp_new("xdp0", upcall_pid=self.pid)
        self.port = {}
        # h3's own traffic (ND, replies) must not come up: p3 has no upcalls.
        for name, pids in (("p1", (self.pid,)), ("p2", (self.pid,)), ("p3", (0,))):
            self.port[name] = self.ovs.vport_new(self.dp, name, upcall_pids=pids)
        self.caps = {"c1": Capture("c1"), "c2": Capture("c2")}
        self.h3 = Listener()
        self.e0_mac = bytes.fromhex(open("/tmp/fpexec-e0-mac").read().strip().replace(":", ""))
        self.report = []

    def upcalls(self):
        out = []
        self.up.sock.setblocking(False)
        while True:
            try:
                data = self.up.sock.recv(1 << 20)
            except BlockingIOError:
                break
            off = 0
            while off + 16 <= len(data):
                length = struct.unpack_from("=I", data, off)[0]
                attrs = decode_ovs(data[off + 16:off + length])[2]
                # Only our test frames: the host's own are noise.
                if attrs.get(OvsPacket.ATTR_PACKET, b"")[6:11] in (MAC_SRC[:5], MAC_NEW[:5]):
                    out.append(upcall_text(data[off + 16:off + length]))
                off += (length + 3) & ~3
        self.up.sock.setblocking(True)
        return out

    def execute(self, name, frame, acts, k=None, extra=b"", real=0.0, raw=None):
        """One EXECUTE; its report line. real: seconds to wait for h3's sockets."""
        for cap in self.caps.values():
            cap.frames()
        self.upcalls()
        body = raw if raw is not None else (
            nla(OvsPacket.ATTR_PACKET, frame) + nla(OvsPacket.ATTR_KEY, k or key(1)) +
            nla(OvsPacket.ATTR_ACTIONS, acts) + extra)
        if raw is not None:
            r = self.ovs.raw("packet", OvsPacket.CMD_EXECUTE, raw)
        else:
            r = self.ovs.request("packet", OvsPacket.CMD_EXECUTE, self.dp, body)
        if r.errno:
            print("   %-28s %s: %s" % (name, r.errname, r.msg))
        time.sleep(0.3)
        line = ["%s: errno=%s" % (name, r.errname)]
        for cname, cap in sorted(self.caps.items()):
            for f in cap.frames():
                line.append("%s=%s[%s]" % (cname, f.hex(), check_frame(f)))
        line += ["upcall(%s)" % u for u in self.upcalls()]
        line += ["h3(%s)" % s for s in self.h3.lines(real)]
        self.report.append(" ".join(line))

    def close(self):
        self.h3.close()
        self.ovs.dp_del("xdp0")


def valid_cases(run):
    """Action lists both modules run; what comes out must be identical."""
    p1, p2, p3, pid = run.port["p1"], run.port["p2"], run.port["p3"], run.pid
    udp = udp4_frame()
    ex = run.execute
    ex("output", udp, output(p2))
    ex("output-twice", udp, output(p1) + output(p2))
    ex("empty-list-drops", udp, b"")
    ex("drop", udp, nla_u32(A_DROP, 0))
    ex("set-eth", udp, set_field(K_ETHERNET, k_eth(MAC_NEW, MAC_C1)) + output(p2))
    ex("set-masked-eth", udp, set_field(K_ETHERNET, k_eth(bytes.fromhex("0000000000cc"), bytes(6)),
                                       k_eth(bytes.fromhex("0000000000ff"), bytes(6))) + output(p2))
    # Addresses, TOS, TTL: the receiver's IP and UDP stacks check the sums.
    ex("set-ipv4-to-h3", udp,
       set_field(K_ETHERNET, k_eth(MAC_SRC, run.e0_mac)) +
       set_field(K_IPV4, k_ipv4("10.9.0.1", "10.9.0.2", 17, 0x10, 33)) +
       output(p2) + output(p3), real=1.5)
    ex("set-masked-ipv4", udp,
       set_field(K_IPV4, k_ipv4("0.0.0.0", "10.9.7.0", 0, 0, 0),
                 k_ipv4("0.0.0.0", "255.255.255.0", 0, 0, 0)) + output(p2))
    ex("set-udp-ports-to-h3", udp4_frame(dst_mac=run.e0_mac, dst="10.9.0.2"),
       set_field(K_UDP, ports(6666, 9999)) + output(p2) + output(p3), real=1.5)
    ex("set-udp-no-csum", eth(MAC_DST, MAC_SRC, ETH_P_IP,
                              ipv4("10.9.0.1", "10.9.0.99", 17, 1, 2, b"x")[:26] + b"\0\0x"),
       set_field(K_UDP, ports(3, 4)) + output(p2))
    ex("set-tcp-ports", tcp4_frame(), set_field(K_TCP, ports(40001, 8080)) + output(p2))
    ex("set-tcp-ipv4-addr", tcp4_frame(),
       set_field(K_IPV4, k_ipv4("10.1.1.1", "10.2.2.2", 6, 0, 64)) + output(p2))
    ex("set-ipv6-to-h3", udp6_frame(dst_mac=run.e0_mac),
       set_field(K_IPV6, k_ipv6("fd00::1", "fd00::2", 0x12345, 17, 0x20, 9)) +
       output(p2) + output(p3), real=1.5)
    ex("set-masked-ipv6-label", udp6_frame(),
       set_field(K_IPV6, k_ipv6("::", "::", 0xABC, 0, 0, 0),
                 k_ipv6("::", "::", 0xFFF, 0, 0, 0)) + output(p2))
    ex("set-priority-mark-upcall", udp,
       set_field(K_PRIORITY, struct.pack("=I", 7)) +
       set_field(K_SKB_MARK, struct.pack("=I", 0x42)) + userspace(pid))
    ex("push-vlan", udp, push_vlan(0x8100, 0x1000 | 10) + output(p2))
    ex("push-vlan-twice", udp, push_vlan(0x8100, 0x1000 | 10) +
       push_vlan(0x88A8, 0x1000 | 20) + output(p2))
    tagged = udp4_frame(tags=((0x8100, 30),))
    ex("pop-vlan", tagged, nla(A_POP_VLAN) + output(p2))
    ex("pop-vlan-qinq", udp4_frame(tags=((0x88A8, 40), (0x8100, 30))), nla(A_POP_VLAN) + output(p2))
    ex("pop-vlan-then-upcall", tagged, nla(A_POP_VLAN) + userspace(pid, b"after-pop"))
    ex("userspace-userdata", udp, userspace(pid, b"\x01\x02\x03cookie") + output(p2))
    ex("userspace-odd-userdata", udp, userspace(pid, b"\x05"))
    ex("userspace-actions", udp, output(p1) + userspace(pid, b"ud", with_actions=True) + output(p2))
    ex("userspace-egress-tun-port", udp, userspace(pid, b"t", extra=nla_u32(U_EGRESS_TUN_PORT, p1)))
    ex("trunc-output", udp, nla_u32(A_TRUNC, 30) + output(p2) + output(p1))
    ex("trunc-upcall", udp, nla_u32(A_TRUNC, 20) + userspace(pid, b"cut"))
    ex("clone", udp, clone(set_field(K_ETHERNET, k_eth(MAC_NEW, MAC_C1)) + output(p2)) + output(p1))
    ex("clone-last", udp, output(p1) + clone(push_vlan(0x8100, 0x1005) + output(p2)))
    ex("clone-empty", udp, clone(b"") + output(p2))
    ex("sample-always", udp, sample(0xFFFFFFFF, output(p2)) + output(p1))
    ex("sample-never", udp, sample(0, output(p2)) + output(p1))
    ex("sample-nested-16", udp, nested(16, output(p2), clone))
    ex("hash-then-upcall", udp, nla(A_HASH, struct.pack("=II", 0, 0x1234)) + userspace(pid))
    ex("recirc-misses", udp, nla_u32(A_RECIRC, 5))
    ex("recirc-then-output", udp, nla_u32(A_RECIRC, 6) + output(p2))
    ex("mru", udp, output(p2), extra=nla_u16(OvsPacket.ATTR_MRU, 1000))
    ex("hash-attr", udp, userspace(pid), extra=nla_u64(OvsPacket.ATTR_HASH, (1 << 32) | 0xABCD))
    ex("key-metadata", udp, userspace(pid),
       k=key(p2, nla_u32(K_PRIORITY, 3), nla_u32(K_SKB_MARK, 9)))
    ex("unknown-in-port", udp, output(p2), k=key(4000))
    ex("output-missing-port", udp, output(77))
    ex("arp-output", arp_frame(), output(p2))


def invalid_cases(run):
    """Refused by both; errnos must be the same."""
    p2 = run.port["p2"]
    udp = udp4_frame()
    ex = run.execute
    ex("bad-action-type-0", udp, nla(0))
    ex("bad-action-type-30", udp, nla_u32(30, 1))
    ex("bad-output-len", udp, nla_u16(A_OUTPUT, 2))
    ex("bad-output-port", udp, output(65535))
    ex("bad-userspace-no-pid", udp, nla(A_USERSPACE, nla(U_USERDATA, b"x")))
    ex("bad-userspace-pid-0", udp, userspace(0))
    ex("bad-userspace-pid-len", udp, nla(A_USERSPACE, nla_u16(U_PID, 5)))
    ex("bad-set-ipv4-on-arp", arp_frame(), set_field(K_IPV4, k_ipv4("1.1.1.1", "2.2.2.2", 0, 0, 0)))
    ex("bad-set-ipv4-proto", udp, set_field(K_IPV4, k_ipv4("1.1.1.1", "2.2.2.2", 6, 0, 64)))
    ex("bad-set-two-keys", udp, nla(A_SET, nla_u32(K_PRIORITY, 1) + nla_u32(K_SKB_MARK, 1)))
    ex("bad-set-empty", udp, nla(A_SET))
    ex("bad-set-in-port", udp, set_field(K_IN_PORT, struct.pack("=I", 1)))
    ex("bad-set-tcp-on-udp", udp, set_field(K_TCP, ports(1, 2)))
    ex("bad-set-ipv4-len", udp, nla(A_SET, nla(K_IPV4, bytes(8))))
    ex("bad-set-masked-outside", udp, set_field(K_SKB_MARK, struct.pack("=I", 3),
                                                 struct.pack("=I", 1)))
    ex("bad-set-masked-ipv4-proto", udp, set_field(K_IPV4, bytes(12), bytes(8) + b"\xff\0\0\0"))
    ex("bad-set-ipv6-label", udp6_frame(), set_field(K_IPV6, k_ipv6("fd00::1", "fd00::99",
                                                                     0x100000, 17, 0, 64)))
    ex("bad-set-sctp-on-udp", udp, set_field(K_SCTP, ports(1, 2)))
    ex("bad-set-masked-tunnel", udp, nla(A_SET_MASKED, nla(K_TUNNEL, bytes(8))))
    ex("bad-push-vlan-tpid", udp, push_vlan(0x0800, 0x1001))
    ex("bad-push-vlan-cfi", udp, push_vlan(0x8100, 0x0001))
    ex("bad-push-vlan-len", udp, nla_u32(A_PUSH_VLAN, 0))
    ex("bad-pop-vlan-len", udp, nla_u32(A_POP_VLAN, 0))
    ex("bad-trunc", udp, nla_u32(A_TRUNC, 10))
    ex("bad-hash-alg", udp, nla(A_HASH, struct.pack("=II", 7, 0)))
    ex("bad-drop-not-last", udp, nla_u32(A_DROP, 0) + output(p2))
    ex("bad-sample-no-prob", udp, nla(A_SAMPLE, nla(S_ACTIONS, output(p2))))
    ex("bad-sample-no-actions", udp, nla(A_SAMPLE, nla_u32(S_PROBABILITY, 1)))
    ex("bad-sample-unknown-attr", udp, nla(A_SAMPLE, nla_u32(S_PROBABILITY, 1) +
                                           nla(S_ACTIONS, b"") + nla_u32(3, 0)))
    ex("bad-sample-inner", udp, sample(1, output(70000)))
    ex("bad-clone-short", udp, nla(A_CLONE, b"\0\0"))
    ex("bad-nested-17", udp, nested(17, output(p2), clone))
    ex("bad-sample-nested-17", udp, nested(17, output(p2), lambda a: sample(1, a)))
    ex("bad-trailing-bytes", udp, output(p2) + b"\0\0")
    ex("bad-push-eth", udp, nla(A_PUSH_ETH, bytes(12)))
    ex("bad-push-mpls-tagged", udp, push_vlan(0x8100, 0x1001) +
       nla(A_PUSH_MPLS, struct.pack("!IH2x", 0, 0x8847)))
    ex("bad-push-mpls-type", udp, nla(A_PUSH_MPLS, struct.pack("!IH2x", 0, 0x0800)))
    ex("bad-pop-mpls-ip", udp, nla(A_POP_MPLS, struct.pack("!H", 0x0800)))
    ex("bad-pop-eth-tagged", udp, push_vlan(0x8100, 0x1001) + nla(A_POP_ETH))
    ex("bad-no-actions-attr", udp, b"", raw=struct.pack("=i", run.dp) +
       nla(OvsPacket.ATTR_PACKET, udp) + nla(OvsPacket.ATTR_KEY, key(1)))
    ex("bad-no-key-attr", udp, b"", raw=struct.pack("=i", run.dp) +
       nla(OvsPacket.ATTR_PACKET, udp) + nla(OvsPacket.ATTR_ACTIONS, output(p2)))
    ex("bad-dp-ifindex", udp, b"", raw=struct.pack("=i", 999999) +
       nla(OvsPacket.ATTR_PACKET, udp) + nla(OvsPacket.ATTR_KEY, key(1)) +
       nla(OvsPacket.ATTR_ACTIONS, output(p2)))


def by_design_cases(run):
    """openvswitch.ko runs these, flowpath.ko has not the machinery (EOPNOTSUPP):
    reported apart, not compared."""
    udp = udp4_frame()
    ex = run.execute
    ex("ct", udp, nla(A_CT, b""))
    ex("ct-clear", udp, nla(A_CT_CLEAR))
    ex("meter", udp, nla_u32(A_METER, 1))
    ex("set-sctp", eth(MAC_DST, MAC_SRC, ETH_P_IP,
                       ipv4("10.9.0.1", "10.9.0.99", 132, 1, 2, bytes(12))[:20] + bytes(24)),
       set_field(K_SCTP, ports(1, 2)))


def main():
    report = sys.argv[1]
    run = Run()
    try:
        print("-- valid action lists")
        valid_cases(run)
        print("-- invalid action lists (refusals of this module)")
        invalid_cases(run)
        compared = len(run.report)
        print("-- supported by openvswitch.ko only")
        by_design_cases(run)
    finally:
        run.close()
    with open(report, "w") as f:
        f.write("\n".join(run.report[:compared]) + "\n")
    with open(report + ".apart", "w") as f:
        f.write("\n".join(run.report[compared:]) + "\n")


if __name__ == "__main__":
    main()
