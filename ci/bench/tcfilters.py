#!/usr/bin/env python3
"""tcfilters: what is really in the kernel on a device's tc ingress.

    tcfilters.py count DEV        filters on DEV's ingress (every chain, prio)
    tcfilters.py udp DEV          "EXACT PORTS ALL": flower filters matching
                                  one exact UDP destination port, how many
                                  distinct ports they cover, all filters
    tcfilters.py first DEV        "PRIO PROTOCOL HANDLE" of the first filter,
                                  for `tc filter get` (nothing if none)

One RTM_GETTFILTER dump over one rtnetlink socket, so that a poller can
call count() every few ms without starting a process (70-450 ms in the TCG
guest; `tc -s filter show` of 10,000 filters takes seconds). count() asks
for a terse dump (TCA_DUMP_FLAGS_TERSE: handle, flags and actions' cookie
and counters only, no match keys) and counts the replies that carry a
filter handle: each prio's first reply is its classifier, with handle 0.
Python 3 standard library only; fpnl.py comes from tests/vm/lib.
"""

import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tests", "vm", "lib"))
from fpnl import (NLM_F_DUMP, NLM_F_REQUEST, NLMSG_DONE, NLMSG_ERROR,  # noqa: E402
                  NLMSGHDR, SOL_NETLINK, NETLINK_EXT_ACK, nla, parse_attrs)

NETLINK_ROUTE = 0
RTM_NEWTFILTER = 44
RTM_GETTFILTER = 46
TCMSG = struct.Struct("=BBHiIII")	# family, pad, pad, ifindex, handle, parent, info
TC_H_INGRESS = 0xFFFFFFF2		# TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS)
TCA_KIND = 1
TCA_OPTIONS = 2
TCA_DUMP_FLAGS = 15
TCA_DUMP_FLAGS_TERSE = 1
TCA_FLOWER_KEY_UDP_DST = 21
TCA_FLOWER_KEY_UDP_DST_MASK = 38


class TcFilters:
    """An rtnetlink socket that dumps one device's ingress filters."""

    def __init__(self, rcvbuf=4 << 20):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_ROUTE)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.bind((0, 0))
        self.sock.settimeout(10.0)
        self.seq = 0
        self.buf = bytearray(1 << 20)

    def _request(self, ifindex, terse):
        self.seq += 1
        body = TCMSG.pack(socket.AF_UNSPEC, 0, 0, ifindex, 0, TC_H_INGRESS, 0)
        if terse:
            # struct nla_bitfield32 { value, selector }
            body += nla(TCA_DUMP_FLAGS, struct.pack("=II", TCA_DUMP_FLAGS_TERSE,
                                                     TCA_DUMP_FLAGS_TERSE))
        self.sock.send(NLMSGHDR.pack(NLMSGHDR.size + len(body), RTM_GETTFILTER,
                                     NLM_F_REQUEST | NLM_F_DUMP, self.seq, 0) + body)

    def _replies(self, ifindex, terse):
        """Yields (tcm_handle, the reply's bytes, offset of its tcmsg)."""
        self._request(ifindex, terse)
        view = memoryview(self.buf)
        while True:
            n = self.sock.recv_into(self.buf)
            off = 0
            while off + NLMSGHDR.size <= n:
                length, nl_type, _, seq, _ = NLMSGHDR.unpack_from(self.buf, off)
                if length < NLMSGHDR.size:
                    break
                if seq == self.seq:
                    if nl_type == NLMSG_DONE:
                        return
                    if nl_type == NLMSG_ERROR:
                        err = -struct.unpack_from("=i", self.buf, off + NLMSGHDR.size)[0]
                        if err:
                            raise OSError(err, "tc filter dump of ifindex %d: %s"
                                          % (ifindex, os.strerror(err)))
                        return
                    if nl_type == RTM_NEWTFILTER:
                        handle = TCMSG.unpack_from(self.buf, off + NLMSGHDR.size)[4]
                        yield handle, view[off:off + length], NLMSGHDR.size
                off += (length + 3) & ~3

    def count(self, ifindex):
        """How many filters DEV's ingress holds now."""
        n = 0
        for handle, _, _ in self._replies(ifindex, True):
            if handle:
                n += 1
        return n

    def first(self, ifindex):
        """(prio, protocol, handle) of the first filter, or None."""
        first = None
        for handle, msg, off in self._replies(ifindex, True):
            if handle and not first:	# read on: the socket's dump must end
                info = TCMSG.unpack_from(msg, off)[6]
                first = info >> 16, socket.ntohs(info & 0xFFFF), handle
        return first

    def udp_dst(self, ifindex):
        """(exact, distinct ports, all): flower filters whose match has one
        exact UDP destination port, the distinct ports, all filters."""
        exact = 0
        ports = set()
        total = 0
        for handle, msg, off in self._replies(ifindex, False):
            if not handle:
                continue
            total += 1
            attrs = dict(parse_attrs(bytes(msg[off + TCMSG.size:])))
            if attrs.get(TCA_KIND, b"").rstrip(b"\0") != b"flower":
                continue
            opts = dict(parse_attrs(attrs.get(TCA_OPTIONS, b"")))
            port = opts.get(TCA_FLOWER_KEY_UDP_DST)
            mask = opts.get(TCA_FLOWER_KEY_UDP_DST_MASK)
            if port is not None and mask == b"\xff\xff":
                exact += 1
                ports.add(struct.unpack("!H", port[:2])[0])
        return exact, len(ports), total


def ifindex_of(dev):
    return socket.if_nametoindex(dev)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("count", "udp", "first"):
        print(__doc__, file=sys.stderr)
        return 2
    tc = TcFilters()
    ifindex = ifindex_of(sys.argv[2])
    if sys.argv[1] == "count":
        print(tc.count(ifindex))
    elif sys.argv[1] == "udp":
        print("%d %d %d" % tc.udp_dst(ifindex))
    else:
        first = tc.first(ifindex)
        if first:
            print("%d %d %d" % first)
    return 0


if __name__ == "__main__":
    sys.exit(main())
