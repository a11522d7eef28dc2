"""fpnl: a small generic netlink client for the Open vSwitch datapath uAPI.

Scenario scripts use it to send requests that no well-behaved tool sends
(missing or malformed attributes, truncated messages) and to read back
exactly what the kernel answered: the errno, the extended ACK message, the
attribute the kernel pointed at, the attribute it said was missing.

Python 3 standard library only (socket.AF_NETLINK). Works the same against
flowpath.ko and the in-tree openvswitch.ko, since both speak
<linux/openvswitch.h>.

    from fpnl import Ovs, OvsDp, nla_str, nla_u32
    ovs = Ovs()                       # families ovs_datapath, ovs_vport, ...
    r = ovs.request("datapath", OvsDp.CMD_NEW, 0,
                    nla_str(OvsDp.ATTR_NAME, "dp0") + nla_u32(OvsDp.ATTR_UPCALL_PID, 0))
    print(r.errno, r.msg, r.bad_attr, r.missing)
"""

import errno as _errno
import os
import socket
import struct

# <linux/netlink.h>
NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
NETLINK_EXT_ACK = 11

NLM_F_REQUEST = 0x1
NLM_F_MULTI = 0x2
NLM_F_ACK = 0x4
NLM_F_ECHO = 0x8
NLM_F_DUMP = 0x300
NLM_F_CAPPED = 0x100     # on NLMSG_ERROR: the request was not copied back
NLM_F_ACK_TLVS = 0x200   # on NLMSG_ERROR/NLMSG_DONE: extack attributes follow

NLMSG_ERROR = 2
NLMSG_DONE = 3

NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_OFFS = 2
NLMSGERR_ATTR_MISS_TYPE = 5

NLA_F_NESTED = 0x8000
NLA_F_NET_BYTEORDER = 0x4000
NLA_TYPE_MASK = 0x3fff

NLMSGHDR = struct.Struct("=IHHII")   # len, type, flags, seq, pid
GENLMSGHDR = struct.Struct("=BBH")   # cmd, version, reserved
NLAHDR = struct.Struct("=HH")        # len, type

# <linux/genetlink.h>
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_MCAST_GRP_NAME = 1
CTRL_ATTR_MCAST_GRP_ID = 2


class OvsDp:
    """ovs_datapath: OVS_DP_CMD_*, OVS_DP_ATTR_*, OVS_DP_F_*."""
    VERSION = 2
    CMD_NEW, CMD_DEL, CMD_GET, CMD_SET = 1, 2, 3, 4
    ATTR_NAME = 1
    ATTR_UPCALL_PID = 2
    ATTR_STATS = 3
    ATTR_MEGAFLOW_STATS = 4
    ATTR_USER_FEATURES = 5
    ATTR_PAD = 6
    ATTR_MASKS_CACHE_SIZE = 7
    ATTR_PER_CPU_PIDS = 8
    ATTR_IFINDEX = 9
    F_UNALIGNED = 1 << 0
    F_VPORT_PIDS = 1 << 1
    F_TC_RECIRC_SHARING = 1 << 2
    F_DISPATCH_UPCALL_PER_CPU = 1 << 3


class OvsVport:
    """ovs_vport: OVS_VPORT_CMD_*, OVS_VPORT_ATTR_*, OVS_VPORT_TYPE_*."""
    VERSION = 1
    CMD_NEW, CMD_DEL, CMD_GET, CMD_SET = 1, 2, 3, 4
    ATTR_PORT_NO = 1
    ATTR_TYPE = 2
    ATTR_NAME = 3
    ATTR_OPTIONS = 4
    ATTR_UPCALL_PID = 5
    ATTR_STATS = 6
    ATTR_PAD = 7
    ATTR_IFINDEX = 8
    ATTR_NETNSID = 9
    TYPE_NETDEV = 1
    TYPE_INTERNAL = 2
    TYPE_GRE = 3
    TYPE_VXLAN = 4
    TYPE_GENEVE = 5


class OvsFlow:
    """ovs_flow: OVS_FLOW_CMD_*, OVS_FLOW_ATTR_*."""
    VERSION = 1
    CMD_NEW, CMD_DEL, CMD_GET, CMD_SET = 1, 2, 3, 4
    ATTR_KEY = 1
    ATTR_ACTIONS = 2
    ATTR_STATS = 3
    ATTR_TCP_FLAGS = 4
    ATTR_USED = 5
    ATTR_CLEAR = 6
    ATTR_MASK = 7
    ATTR_PROBE = 8
    ATTR_UFID = 9
    ATTR_UFID_FLAGS = 10


class OvsPacket:
    """ovs_packet: OVS_PACKET_CMD_*, OVS_PACKET_ATTR_*."""
    VERSION = 1
    CMD_MISS, CMD_ACTION, CMD_EXECUTE = 1, 2, 3
    ATTR_PACKET = 1
    ATTR_KEY = 2
    ATTR_ACTIONS = 3
    ATTR_USERDATA = 4
    ATTR_PROBE = 8
    ATTR_MRU = 9
    ATTR_LEN = 10
    ATTR_HASH = 11


# ---- attributes -----------------------------------------------------------

def _pad4(n):
    return (n + 3) & ~3


def nla(atype, payload=b""):
    """One attribute, padded to 4 bytes. atype may carry NLA_F_* bits."""
    length = NLAHDR.size + len(payload)
    return NLAHDR.pack(length, atype) + payload + bytes(_pad4(length) - length)


def nla_u16(atype, value):
    return nla(atype, struct.pack("=H", value))


def nla_u32(atype, value):
    return nla(atype, struct.pack("=I", value))


def nla_s32(atype, value):
    return nla(atype, struct.pack("=i", value))


def nla_u64(atype, value):
    return nla(atype, struct.pack("=Q", value))


def nla_str(atype, text):
    """A NUL-terminated string (NLA_NUL_STRING)."""
    return nla(atype, text.encode() + b"\0")


def nla_flag(atype):
    return nla(atype)


def nla_u32s(atype, values):
    """An array of u32 in one attribute, like OVS_VPORT_ATTR_UPCALL_PID."""
    return nla(atype, struct.pack("=%dI" % len(values), *values))


def nla_truncated(atype, claimed_len, payload):
    """An attribute whose header claims claimed_len payload bytes while only
    payload follows, unpadded: put it last, the message ends inside it."""
    return NLAHDR.pack(NLAHDR.size + claimed_len, atype) + payload


def parse_attrs(buf):
    """[(type without NLA_F_* bits, payload)] of a stream of attributes;
    stops at the first attribute that does not fit."""
    out = []
    off = 0
    while off + NLAHDR.size <= len(buf):
        length, atype = NLAHDR.unpack_from(buf, off)
        if length < NLAHDR.size or off + length > len(buf):
            break
        out.append((atype & NLA_TYPE_MASK, buf[off + NLAHDR.size:off + length]))
        off += _pad4(length)
    return out


def attrs_dict(buf):
    return dict(parse_attrs(buf))


def attr_at(buf, base, offset):
    """The type of the attribute starting at offset, when buf (a stream of
    attributes) starts at base; None if no attribute starts there."""
    off = 0
    while off + NLAHDR.size <= len(buf):
        length, atype = NLAHDR.unpack_from(buf, off)
        if base + off == offset:
            return atype & NLA_TYPE_MASK
        if length < NLAHDR.size:
            break
        off += _pad4(length)
    return None


def get_u32(attrs, atype, default=None):
    data = attrs.get(atype)
    return struct.unpack_from("=I", data)[0] if data is not None else default


def get_str(attrs, atype, default=None):
    data = attrs.get(atype)
    return data.split(b"\0", 1)[0].decode() if data is not None else default


# ---- messages -------------------------------------------------------------

class Reply:
    """What the kernel answered to one request.

    errno: 0 or a positive errno (the kernel sends it negated).
    msg: the extended ACK message, None if the kernel gave none.
    bad_offset: NLMSGERR_ATTR_OFFS, the offset in the request (from its
        nlmsghdr) of the attribute the kernel refused, or None.
    bad_attr: the type of the attribute at bad_offset, if one starts there.
    missing: NLMSGERR_ATTR_MISS_TYPE, the attribute said to be missing.
    messages: [(nlmsg_type, payload after nlmsghdr)] answered before the
        ACK or NLMSG_DONE (replies, echoes, dump parts).
    """

    def __init__(self):
        self.errno = 0
        self.msg = None
        self.bad_offset = None
        self.bad_attr = None
        self.missing = None
        self.messages = []

    @property
    def errname(self):
        return _errno.errorcode.get(self.errno, str(self.errno)) if self.errno else "OK"

    def __repr__(self):
        return "Reply(%s, msg=%r, bad_attr=%r, missing=%r, %d messages)" % (
            self.errname, self.msg, self.bad_attr, self.missing, len(self.messages))


class NoReply(Exception):
    """The kernel did not answer in time (e.g. it dropped a malformed message)."""


class GenlSocket:
    """A NETLINK_GENERIC socket with extended ACKs on.

    genl_request() sends one message and collects every answer with its
    sequence number up to the ACK (or NLMSG_DONE for a dump); messages with
    other sequence numbers (notifications, upcalls) are skipped.
    """

    def __init__(self, rcvbuf=1 << 20, timeout=10.0):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.bind((0, 0))
        self.sock.settimeout(timeout)
        self.portid = self.sock.getsockname()[0]
        self.seq = 0
        self._families = {}

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send(self, nl_type, flags, cmd, version, body):
        """Sends one message; returns (seq, the bytes sent)."""
        self.seq += 1
        payload = GENLMSGHDR.pack(cmd, version, 0) + body
        msg = NLMSGHDR.pack(NLMSGHDR.size + len(payload), nl_type,
                            flags | NLM_F_REQUEST, self.seq, 0) + payload
        self.sock.send(msg)
        return self.seq, msg

    def genl_request(self, nl_type, cmd, body, version=1, flags=NLM_F_ACK, attrs_base=None):
        """Sends cmd with body (everything after the genl header) and
        returns its Reply. attrs_base: where the attributes start in body
        (after the family header), to name the attribute an extack points at."""
        seq, sent = self.send(nl_type, flags, cmd, version, body)
        reply = self._collect(seq)
        if reply.bad_offset is not None and attrs_base is not None:
            start = NLMSGHDR.size + GENLMSGHDR.size + attrs_base
            reply.bad_attr = attr_at(sent[start:], start, reply.bad_offset)
        return reply

    def _collect(self, seq):
        reply = Reply()
        while True:
            try:
                data = self.sock.recv(1 << 20)
            except socket.timeout:
                raise NoReply("no answer to request %d" % seq) from None
            off = 0
            while off + NLMSGHDR.size <= len(data):
                length, nl_type, flags, mseq, _ = NLMSGHDR.unpack_from(data, off)
                if length < NLMSGHDR.size:
                    break
                payload = data[off + NLMSGHDR.size:off + length]
                off += _pad4(length)
                if mseq != seq:
                    continue
                if nl_type == NLMSG_ERROR:
                    self._parse_error(reply, flags, payload)
                    return reply
                if nl_type == NLMSG_DONE:
                    self._parse_done(reply, flags, payload)
                    return reply
                reply.messages.append((nl_type, payload))

    @staticmethod
    def _parse_tlvs(reply, tlvs):
        for atype, data in parse_attrs(tlvs):
            if atype == NLMSGERR_ATTR_MSG:
                reply.msg = data.split(b"\0", 1)[0].decode(errors="replace")
            elif atype == NLMSGERR_ATTR_OFFS:
                reply.bad_offset = struct.unpack_from("=I", data)[0]
            elif atype == NLMSGERR_ATTR_MISS_TYPE:
                reply.missing = struct.unpack_from("=I", data)[0]

    def _parse_error(self, reply, flags, payload):
        # struct nlmsgerr: int error; the request's nlmsghdr (and, unless
        # capped, the rest of the request); then the extack attributes.
        err = struct.unpack_from("=i", payload)[0]
        reply.errno = -err
        if flags & NLM_F_ACK_TLVS:
            orig_len = NLMSGHDR.unpack_from(payload, 4)[0]
            echoed = NLMSGHDR.size if flags & NLM_F_CAPPED else _pad4(orig_len)
            self._parse_tlvs(reply, payload[4 + echoed:])

    def _parse_done(self, reply, flags, payload):
        if len(payload) >= 4:
            reply.errno = -struct.unpack_from("=i", payload)[0]
        if flags & NLM_F_ACK_TLVS:
            self._parse_tlvs(reply, payload[4:])

    def family(self, name):
        """(family id, {multicast group name: id}), or None if the kernel
        has no family of that name."""
        if name in self._families:
            return self._families[name]
        r = self.genl_request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                              nla_str(CTRL_ATTR_FAMILY_NAME, name))
        if r.errno or not r.messages:
            return None
        attrs = attrs_dict(r.messages[0][1][GENLMSGHDR.size:])
        fid = struct.unpack_from("=H", attrs[CTRL_ATTR_FAMILY_ID])[0]
        groups = {}
        for _, grp in parse_attrs(attrs.get(CTRL_ATTR_MCAST_GROUPS, b"")):
            g = attrs_dict(grp)
            groups[get_str(g, CTRL_ATTR_MCAST_GRP_NAME)] = get_u32(g, CTRL_ATTR_MCAST_GRP_ID)
        self._families[name] = (fid, groups)
        return self._families[name]

    def join(self, group_id):
        self.sock.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group_id)


# ---- the Open vSwitch families ------------------------------------------------

OVS_HEADER = struct.Struct("=i")     # struct ovs_header { int dp_ifindex; }

_VERSIONS = {"datapath": OvsDp.VERSION, "vport": OvsVport.VERSION,
             "flow": OvsFlow.VERSION, "packet": OvsPacket.VERSION}


def ovs_header(dp_ifindex):
    return OVS_HEADER.pack(dp_ifindex)


def decode_ovs(payload):
    """(cmd, dp_ifindex, {attr: payload}) of one ovs_* message."""
    cmd = payload[0]
    dp_ifindex = OVS_HEADER.unpack_from(payload, GENLMSGHDR.size)[0]
    return cmd, dp_ifindex, attrs_dict(payload[GENLMSGHDR.size + OVS_HEADER.size:])


class Ovs(GenlSocket):
    """A GenlSocket that knows the four families <prefix>_datapath, _vport,
    _flow and _packet, and the requests scenarios make to set things up."""

    def __init__(self, prefix="ovs", **kw):
        super().__init__(**kw)
        self.prefix = prefix
        self.ids = {}
        for short in _VERSIONS:
            fam = self.family("%s_%s" % (prefix, short))
            if fam is None:
                raise OSError(_errno.ENOENT, "no generic netlink family %s_%s" % (prefix, short))
            self.ids[short] = fam[0]

    def request(self, family, cmd, dp_ifindex, attrs=b"", flags=NLM_F_ACK, version=None):
        """family: "datapath", "vport", "flow" or "packet"."""
        return self.raw(family, cmd, ovs_header(dp_ifindex) + attrs, flags, version)

    def raw(self, family, cmd, body, flags=NLM_F_ACK, version=None):
        """Like request() with body given whole (ovs_header included), so
        that it may be malformed."""
        if version is None:
            version = _VERSIONS[family]
        return self.genl_request(self.ids[family], cmd, body, version, flags,
                                 attrs_base=OVS_HEADER.size)

    def check(self, reply, what):
        if reply.errno:
            raise OSError(reply.errno, "%s: %s%s" % (
                what, os.strerror(reply.errno), " (%s)" % reply.msg if reply.msg else ""))
        return reply

    # Set-up helpers; each raises OSError with the kernel's reason on failure.

    def dp_new(self, name, upcall_pid=0, features=None):
        """Creates a datapath; returns its dp_ifindex."""
        attrs = nla_str(OvsDp.ATTR_NAME, name) + nla_u32(OvsDp.ATTR_UPCALL_PID, upcall_pid)
        if features is not None:
            attrs += nla_u32(OvsDp.ATTR_USER_FEATURES, features)
        r = self.check(self.request("datapath", OvsDp.CMD_NEW, 0, attrs,
                                    flags=NLM_F_ACK | NLM_F_ECHO), "new datapath " + name)
        return decode_ovs(r.messages[0][1])[1]

    def dp_del(self, name):
        self.check(self.request("datapath", OvsDp.CMD_DEL, 0, nla_str(OvsDp.ATTR_NAME, name)),
                   "delete datapath " + name)

    def dp_get(self, name=None, dp_ifindex=0):
        """(dp_ifindex, attrs) of one datapath."""
        attrs = nla_str(OvsDp.ATTR_NAME, name) if name else b""
        r = self.check(self.request("datapath", OvsDp.CMD_GET, dp_ifindex, attrs),
                       "get datapath %s" % (name or dp_ifindex))
        return decode_ovs(r.messages[0][1])[1:]

    def dp_dump(self):
        """{name: (dp_ifindex, attrs)} of every datapath in this namespace."""
        r = self.check(self.request("datapath", OvsDp.CMD_GET, 0, flags=NLM_F_DUMP),
                       "dump datapaths")
        out = {}
        for _, payload in r.messages:
            _, ifindex, attrs = decode_ovs(payload)
            out[get_str(attrs, OvsDp.ATTR_NAME)] = (ifindex, attrs)
        return out

    def dp_stats(self, name=None, dp_ifindex=0):
        """(hit, missed, lost, flows) of one datapath."""
        attrs = self.dp_get(name, dp_ifindex)[1]
        return struct.unpack_from("=4Q", attrs[OvsDp.ATTR_STATS])

    def vport_new(self, dp_ifindex, name, vtype=OvsVport.TYPE_NETDEV, upcall_pids=(0,),
                  port_no=None):
        """Attaches or creates a vport; returns its port number."""
        attrs = (nla_str(OvsVport.ATTR_NAME, name) + nla_u32(OvsVport.ATTR_TYPE, vtype) +
                 nla_u32s(OvsVport.ATTR_UPCALL_PID, upcall_pids))
        if port_no is not None:
            attrs += nla_u32(OvsVport.ATTR_PORT_NO, port_no)
        r = self.check(self.request("vport", OvsVport.CMD_NEW, dp_ifindex, attrs,
                                    flags=NLM_F_ACK | NLM_F_ECHO), "new vport " + name)
        return get_u32(decode_ovs(r.messages[0][1])[2], OvsVport.ATTR_PORT_NO)

    def vport_del(self, name):
        self.check(self.request("vport", OvsVport.CMD_DEL, 0, nla_str(OvsVport.ATTR_NAME, name)),
                   "delete vport " + name)

    def vport_dump(self, dp_ifindex):
        """{name: (port_no, attrs)} of a datapath's vports."""
        r = self.check(self.request("vport", OvsVport.CMD_GET, dp_ifindex, flags=NLM_F_DUMP),
                       "dump vports of %d" % dp_ifindex)
        out = {}
        for _, payload in r.messages:
            attrs = decode_ovs(payload)[2]
            out[get_str(attrs, OvsVport.ATTR_NAME)] = (get_u32(attrs, OvsVport.ATTR_PORT_NO), attrs)
        return out
