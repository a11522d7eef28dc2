#!/usr/bin/env python3
"""pkt.py: build frames from a short text, send them out of one network
namespace's interface and print what the other namespaces' interfaces
receive. One process per exchange: it opens the capture sockets in each
receiving namespace first (setns), then sends, so no frame is missed.

    pkt.py xfer --from NS:DEV --to NS:DEV[,NS:DEV...] [--prio N] SPEC...

A SPEC is one frame, layers from the outside in, separated by '/', with an
optional repeat count in front ("3*..."):

    eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02)/vlan(vid=10,pcp=3)/
      ipv4(src=10.0.0.1,dst=10.0.0.2,ttl=64,tos=0)/udp(sport=1,dport=2)/pad(100)

Layers: eth(src,dst,type), vlan(vid,pcp,tpid), ipv4(src,dst,ttl,tos,id,
frag=no|first|later), ipv6(src,dst,hlim,tc,label), udp/tcp/sctp(sport,dport,
tcp: flags=SAFRPU), icmp(type,code), icmpv6(type,code), ns(target,sll),
na(target,tll), arp(op,sha,spa,tha,tpa), pad(N) (N zero bytes of payload).
The EtherType / protocol numbers follow from the next layer; a frame is
padded to 60 bytes. Checksums are computed (SCTP's CRC32c too).

Output: one line per received frame, "NS:DEV len=N csum=ok|bad|- HEX", in
the order each interface received them, interfaces in --to order. csum
checks the IPv4 header and the TCP/UDP/ICMP/ICMPv6 checksum, so a rewrite
that forgets a checksum shows even where the frames would otherwise be
compared only by length. Frames a receiver sends itself are not listed.
"""

import argparse
import ctypes
import ipaddress
import os
import re
import select
import socket
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 0x10
TP_STATUS_VLAN_TPID_VALID = 0x40
PACKET_OUTGOING = 4
libc = ctypes.CDLL(None, use_errno=True)


def setns(ns):
    path = "/proc/1/ns/net" if ns in ("", "-") else "/var/run/netns/" + ns
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, "setns %s: %s" % (ns, os.strerror(err)))
    finally:
        os.close(fd)


# ---- checksums -------------------------------------------------------------

def csum16(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def crc32c(data):
    crc = 0xffffffff
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82f63b78 if crc & 1 else 0)
    return (~crc) & 0xffffffff


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def ip4(s):
    return ipaddress.IPv4Address(s).packed


def ip6(s):
    return ipaddress.IPv6Address(s).packed


def num(v):
    return int(v, 0)


# ---- building ----------------------------------------------------------------

ETHERTYPE = {"vlan": None, "ipv4": 0x0800, "ipv6": 0x86dd, "arp": 0x0806}
IPPROTO = {"udp": 17, "tcp": 6, "sctp": 132, "icmp": 1, "icmpv6": 58,
           "ns": 58, "na": 58}


def parse_spec(spec):
    """'3*eth(a=b)/ipv4()' -> (3, [("eth", {"a": "b"}), ("ipv4", {})])"""
    count = 1
    m = re.match(r"^(\d+)\*(.*)$", spec)
    if m:
        count, spec = int(m.group(1)), m.group(2)
    layers = []
    for part in spec.split("/"):
        m = re.match(r"^(\w+)(?:\((.*)\))?$", part)
        if not m:
            sys.exit("pkt.py: cannot parse layer %r" % part)
        args = {}
        if m.group(2):
            for kv in m.group(2).split(","):
                if "=" in kv:
                    k, v = kv.split("=", 1)
                    args[k] = v
                else:
                    args[kv] = ""
        layers.append((m.group(1), args))
    return count, layers


def next_ethertype(layers, i):
    if i + 1 >= len(layers):
        return 0x88b5
    name, args = layers[i + 1]
    if name == "vlan":
        return num(args.get("tpid", "0x8100"))
    return ETHERTYPE.get(name, 0x88b5)


def next_proto(layers, i):
    if i + 1 >= len(layers):
        return 253
    return IPPROTO.get(layers[i + 1][0], 253)


def l4_header(name, a, payload_len):
    """The L4 header with a zero checksum, and the checksum's offset."""
    if name == "udp":
        return struct.pack("!HHHH", num(a.get("sport", "1")), num(a.get("dport", "2")),
                           8 + payload_len, 0), 6
    if name == "tcp":
        flags = 0
        for ch in a.get("flags", "S"):
            flags |= {"F": 1, "S": 2, "R": 4, "P": 8, "A": 16, "U": 32}[ch]
        return struct.pack("!HHIIBBHHH", num(a.get("sport", "1")), num(a.get("dport", "2")),
                           num(a.get("seq", "1")), 0, 5 << 4, flags, 8192, 0, 0), 16
    if name == "sctp":
        return struct.pack("!HHII", num(a.get("sport", "1")), num(a.get("dport", "2")),
                           num(a.get("vtag", "1")), 0), None
    if name in ("icmp", "icmpv6"):
        return struct.pack("!BBHI", num(a.get("type", "8" if name == "icmp" else "128")),
                           num(a.get("code", "0")), 0, 0x00010001), 2
    if name == "ns":
        opt = b""
        if "sll" in a:
            opt = struct.pack("!BB", 1, 1) + mac(a["sll"])
        return struct.pack("!BBHI", 135, 0, 0, 0) + ip6(a["target"]) + opt, 2
    if name == "na":
        opt = b""
        if "tll" in a:
            opt = struct.pack("!BB", 2, 1) + mac(a["tll"])
        return struct.pack("!BBHI", 136, 0, 0, 0x60000000) + ip6(a["target"]) + opt, 2
    sys.exit("pkt.py: unknown layer %s" % name)


def build_l4(layers, i, pseudo):
    """Bytes from layer i on, with the L4 checksum over the pseudo header."""
    name, a = layers[i]
    rest = build(layers, i + 1) if i + 1 < len(layers) else b""
    hdr, off = l4_header(name, a, len(rest))
    seg = bytearray(hdr + rest)
    if name == "sctp":
        struct.pack_into("<I", seg, 8, crc32c(bytes(seg)))
    else:
        ph = pseudo(len(seg)) if name != "icmp" else b""
        struct.pack_into("!H", seg, off, csum16(ph + bytes(seg)))
    return bytes(seg)


FRAG = {"no": 0, "first": 0x2000, "later": 0x2000 | 10}


def build(layers, i=0):
    name, a = layers[i]
    if name == "eth":
        return (mac(a.get("dst", "02:00:00:00:00:02")) + mac(a.get("src", "02:00:00:00:00:01")) +
                struct.pack("!H", num(a["type"]) if "type" in a else next_ethertype(layers, i)) +
                (build(layers, i + 1) if i + 1 < len(layers) else b""))
    if name == "vlan":
        tci = (num(a.get("pcp", "0")) << 13) | num(a.get("vid", "0"))
        return struct.pack("!HH", tci, next_ethertype(layers, i)) + \
            (build(layers, i + 1) if i + 1 < len(layers) else b"")
    if name == "ipv4":
        src, dst = ip4(a.get("src", "10.0.0.1")), ip4(a.get("dst", "10.0.0.2"))
        proto = num(a["proto"]) if "proto" in a else next_proto(layers, i)
        if i + 1 < len(layers) and layers[i + 1][0] in IPPROTO:
            body = build_l4(layers, i + 1, lambda n: src + dst + struct.pack("!BBH", 0, proto, n))
        else:
            body = build(layers, i + 1) if i + 1 < len(layers) else b""
        hdr = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, num(a.get("tos", "0")), 20 + len(body),
                                    num(a.get("id", "1")), FRAG[a.get("frag", "no")],
                                    num(a.get("ttl", "64")), proto, 0, src, dst))
        struct.pack_into("!H", hdr, 10, csum16(bytes(hdr)))
        return bytes(hdr) + body
    if name == "ipv6":
        src, dst = ip6(a.get("src", "2001:db8::1")), ip6(a.get("dst", "2001:db8::2"))
        nh = num(a["nh"]) if "nh" in a else next_proto(layers, i)
        if i + 1 < len(layers) and layers[i + 1][0] in IPPROTO:
            body = build_l4(layers, i + 1, lambda n: src + dst + struct.pack("!I3xB", n, nh))
        else:
            body = build(layers, i + 1) if i + 1 < len(layers) else b""
        vtf = (6 << 28) | (num(a.get("tc", "0")) << 20) | num(a.get("label", "0"))
        return struct.pack("!IHBB16s16s", vtf, len(body), nh, num(a.get("hlim", "64")), src, dst) + body
    if name == "arp":
        return struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, num(a.get("op", "1")),
                           mac(a.get("sha", "02:00:00:00:00:01")), ip4(a.get("spa", "10.0.0.1")),
                           mac(a.get("tha", "00:00:00:00:00:00")), ip4(a.get("tpa", "10.0.0.2")))
    if name == "pad":
        return bytes(num(a.get("", "0")) if "" in a else int(next(iter(a), "0")))
    sys.exit("pkt.py: layer %s cannot stand here" % name)


def frame(layers):
    f = build(layers)
    return f + bytes(max(0, 60 - len(f)))


# ---- checking what arrives ----------------------------------------------------

def check(f):
    """'ok', 'bad' or '-' for the checksums of a received frame."""
    off, et = 12, struct.unpack_from("!H", f, 12)[0]
    while et in (0x8100, 0x88a8) and len(f) >= off + 6:
        off += 4
        et = struct.unpack_from("!H", f, off)[0]
    l3 = off + 2
    if et == 0x0800 and len(f) >= l3 + 20:
        ihl = (f[l3] & 15) * 4
        if csum16(f[l3:l3 + ihl]) != 0:
            return "bad"
        total = struct.unpack_from("!H", f, l3 + 2)[0]
        proto, src, dst = f[l3 + 9], f[l3 + 12:l3 + 16], f[l3 + 16:l3 + 20]
        if struct.unpack_from("!H", f, l3 + 6)[0] & 0x3fff:
            return "ok"  # a fragment: no whole L4 to check
        seg = f[l3 + ihl:l3 + total]
        if len(seg) < total - ihl:
            return "-"  # truncated
        if proto == 1:
            return "ok" if csum16(seg) == 0 else "bad"
        if proto in (6, 17):
            ph = src + dst + struct.pack("!BBH", 0, proto, len(seg))
            return "ok" if csum16(ph + seg) == 0 else "bad"
        return "ok"
    if et == 0x86dd and len(f) >= l3 + 40:
        plen, nh = struct.unpack_from("!HB", f, l3 + 4)
        seg = f[l3 + 40:l3 + 40 + plen]
        if len(seg) < plen:
            return "-"
        if nh in (6, 17, 58):
            ph = f[l3 + 8:l3 + 40] + struct.pack("!I3xB", plen, nh)
            return "ok" if csum16(ph + seg) == 0 else "bad"
        return "ok"
    return "-"


class Tap:
    """A packet socket on NS:DEV that puts VLAN tags the stack took off back."""

    def __init__(self, where):
        self.where = where
        ns, dev = where.split(":")
        setns(ns)
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
        self.sock.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
        self.sock.bind((dev, 0))
        self.sock.setblocking(False)
        self.frames = []

    def drain(self):
        got = 0
        while True:
            try:
                data, anc, _, addr = self.sock.recvmsg(65536, socket.CMSG_SPACE(32))
            except BlockingIOError:
                return got
            if addr[2] == PACKET_OUTGOING:
                continue
            for level, kind, aux in anc:
                if level == SOL_PACKET and kind == PACKET_AUXDATA and len(aux) >= 24:
                    status, _, _, _, _, tci, tpid = struct.unpack_from("IIIHHHH", aux)
                    if status & TP_STATUS_VLAN_VALID:
                        if not status & TP_STATUS_VLAN_TPID_VALID:
                            tpid = 0x8100
                        data = data[:12] + struct.pack("!HH", tpid, tci) + data[12:]
            self.frames.append(data)
            got += 1


def xfer(args):
    taps = [Tap(w) for w in args.to.split(",")] if args.to else []
    ns, dev = getattr(args, "from").split(":")
    setns(ns)
    tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    if args.prio is not None:
        tx.setsockopt(socket.SOL_SOCKET, socket.SO_PRIORITY, args.prio)
    tx.bind((dev, 0))
    for spec in args.spec:
        count, layers = parse_spec(spec)
        f = frame(layers)
        for _ in range(count):
            tx.send(f)
    # Until no tap has seen anything for a while: a frame crosses two veths
    # and a datapath in well under that, even under TCG.
    quiet_since = time.monotonic()
    deadline = quiet_since + 10
    while time.monotonic() - quiet_since < args.quiet and time.monotonic() < deadline:
        if taps:
            select.select([t.sock for t in taps], [], [], 0.05)
        else:
            time.sleep(0.05)
        if sum(t.drain() for t in taps):
            quiet_since = time.monotonic()
    for t in taps:
        for f in t.frames:
            print("%s len=%d csum=%s %s" % (t.where, len(f), check(f), f.hex()))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    x = sub.add_parser("xfer")
    x.add_argument("--from", required=True)
    x.add_argument("--to", default="")
    x.add_argument("--prio", type=int)
    x.add_argument("--quiet", type=float, default=0.6)
    x.add_argument("spec", nargs="+")
    h = sub.add_parser("hex")
    h.add_argument("spec", nargs="+")
    args = p.parse_args()
    if args.cmd == "xfer":
        xfer(args)
    else:
        for spec in args.spec:
            print(frame(parse_spec(spec)[1]).hex())


if __name__ == "__main__":
    main()
