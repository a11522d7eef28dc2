#!/usr/bin/env python3
"""Requests flowpath.ko must refuse, one each, and how.

Each case sends one generic netlink request and states what must come back:
the errno, a piece of the extended ACK message, and where the refusal names
an attribute through the extack (NLMSGERR_ATTR_OFFS) or says one is
missing (NLMSGERR_ATTR_MISS_TYPE), which one. A few cases are controls that
must succeed, to show the refusal next to them is about what it says.

    kmod_bad_requests.py --module flowpath      errno, message and attribute
    kmod_bad_requests.py --module openvswitch   errno of the cases marked
                                                ovs=SAME, which the in-tree
                                                module answers identically
    kmod_bad_requests.py --list                 the table, without running it

Run as root in the test guest, with the module loaded and these devices
made by the calling scenario (tests/vm/11-kmod-bad-requests.sh):

    bva/bvb, bvc/bvd, bvx/bvy   veth pairs (bva, bvc get attached here;
                                bvx stays free)
    bbr0 with bve enslaved      a bridge port (bve/bvf veth pair)
    bip0                        an ipip tunnel: not an Ethernet device

The datapaths (fpb0 with bva as port 7 and an internal port fpbi1; fpb1
with bvc) are made here, through netlink, so that both modules get the
same requests; every datapath of the namespace is deleted at the end.

Cases marked who="nobody" run in a forked child that switched to uid
65534 (no capabilities); who="userns" in a child that entered a new user
namespace (all capabilities there, none over the network namespace's
owner); who="userns-netns" in a new user namespace that also owns a new
network namespace, where GENL_UNS_ADMIN_PERM lets it manage datapaths.

Prints one line per case and exits 1 listing the failed cases.
"""

import argparse
import ctypes
import errno
import json
import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fpnl import (NLA_F_NESTED, NLM_F_ACK, NLM_F_DUMP, NLM_F_ECHO, Ovs,  # noqa: E402
                  OvsDp, OvsFlow, OvsPacket, OvsVport, decode_ovs, get_u32, nla,
                  nla_s32, nla_str, nla_truncated, nla_u16, nla_u32,
                  nla_u32s, ovs_header)

E = errno
NO_DP = 0x7fffffff          # an ifindex no device has
LOOPBACK = 1                # lo: a device, not a datapath
FRAME = bytes.fromhex("ffffffffffff020000000001" "88b5") + bytes(46)

# Why a case is not run against openvswitch.ko (ovs=...), kept short.
SAME = "same"


class Case:
    """One request and what must come back.

    body(fx) returns the request after the genl header (ovs_header
    included), fx being the fixtures (dp ifindexes and such).
    errno: expected errno (0 for a control that must succeed).
    msg: substring of the extack message flowpath.ko must send; None only
        for refusals made by the genetlink core before any flowpath code
        runs (permission, unknown command, short header), which carry none.
    attr: the attribute type the extack must point at (NLMSGERR_ATTR_OFFS).
    missing: the attribute type the extack must report missing.
    ovs: SAME if openvswitch.ko must answer the same errno, else why not.
    who: "root", "nobody", "userns" or "userns-netns".
    check(reply, fx): for controls, extra verdict (None = fine).
    after(ovs, fx): undoes what a control created.
    """

    def __init__(self, name, family, cmd, body, errno, msg, attr=None, missing=None,
                 ovs=SAME, who="root", flags=NLM_F_ACK, check=None, after=None):
        self.name = name
        self.family = family
        self.cmd = cmd
        self.body = body
        self.errno = errno
        self.msg = msg
        self.attr = attr
        self.missing = missing
        self.ovs = ovs
        self.who = who
        self.flags = flags
        self.check = check
        self.after = after


def possible_cpus():
    """nr_cpu_ids: the highest possible CPU number, plus one."""
    with open("/sys/devices/system/cpu/possible") as f:
        return int(f.read().strip().split(",")[-1].split("-")[-1]) + 1


def hdr(dp_key):
    """ovs_header for fixture dp_key ("dp", "dp1", ...) or a literal ifindex."""
    return lambda fx: ovs_header(fx[dp_key] if isinstance(dp_key, str) else dp_key)


def req(dp_key, *attrs):
    """A request body: ovs_header then attributes (bytes, or callables of fx)."""
    def body(fx):
        out = hdr(dp_key)(fx)
        for a in attrs:
            out += a(fx) if callable(a) else a
        return out
    return body


def netdev(name, pids=(0,)):
    """NAME, TYPE=NETDEV and UPCALL_PID: what both modules need for a new vport."""
    return (nla_str(OvsVport.ATTR_NAME, name) + nla_u32(OvsVport.ATTR_TYPE, OvsVport.TYPE_NETDEV) +
            nla_u32s(OvsVport.ATTR_UPCALL_PID, pids))


def internal(name):
    return (nla_str(OvsVport.ATTR_NAME, name) + nla_u32(OvsVport.ATTR_TYPE, OvsVport.TYPE_INTERNAL) +
            nla_u32s(OvsVport.ATTR_UPCALL_PID, [0]))


def dp_name(name):
    return nla_str(OvsDp.ATTR_NAME, name)


PID0 = nla_u32(OvsDp.ATTR_UPCALL_PID, 0)
VP_NAME = OvsVport.ATTR_NAME
NOT_IN_NS = "dp_ifindex is not a datapath's in this network namespace"
POLICY = "Attribute failed policy validation"


def echo_port_nonzero(reply, fx):
    port = get_u32(decode_ovs(reply.messages[0][1])[2], OvsVport.ATTR_PORT_NO) \
        if reply.messages else None
    return None if port else "expected a port number other than 0, got %r" % port


def delete_vport(name):
    return lambda ovs, fx: ovs.vport_del(name)


def delete_dp(name):
    return lambda ovs, fx: ovs.dp_del(name)


def dp_new_in_own_netns(reply, fx):
    return None if reply.messages else "no echo of the new datapath"


DP, VP, FL, PK = "datapath", "vport", "flow", "packet"

CASES = [
    # ---- ovs_datapath: OVS_DP_CMD_NEW ----
    Case("dp-new-no-name", DP, OvsDp.CMD_NEW, req(0, PID0),
         E.EINVAL, "OVS_DP_ATTR_NAME (the datapath's name) is required", missing=OvsDp.ATTR_NAME),
    Case("dp-new-name-16-bytes", DP, OvsDp.CMD_NEW, req(0, dp_name("fpb" + "x" * 13), PID0),
         E.EINVAL, POLICY, attr=OvsDp.ATTR_NAME),
    Case("dp-new-name-not-nul-terminated", DP, OvsDp.CMD_NEW,
         req(0, nla(OvsDp.ATTR_NAME, b"fpbq"), PID0),
         E.EINVAL, POLICY, attr=OvsDp.ATTR_NAME),
    Case("dp-new-name-empty", DP, OvsDp.CMD_NEW, req(0, dp_name(""), PID0),
         E.EINVAL, "not a valid network device name", attr=OvsDp.ATTR_NAME),
    Case("dp-new-name-slash", DP, OvsDp.CMD_NEW, req(0, dp_name("fp/b"), PID0),
         E.EINVAL, "not a valid network device name", attr=OvsDp.ATTR_NAME),
    Case("dp-new-name-format", DP, OvsDp.CMD_NEW, req(0, dp_name("fpb%d"), PID0),
         E.EINVAL, "may not contain '%'", attr=OvsDp.ATTR_NAME,
         ovs="openvswitch.ko expands it to a free name"),
    Case("dp-new-name-taken", DP, OvsDp.CMD_NEW, req(0, dp_name("lo"), PID0),
         E.EEXIST, "a network device named lo already exists"),
    Case("dp-new-name-as-u32", DP, OvsDp.CMD_NEW,
         req(0, nla_u32(OvsDp.ATTR_NAME, 0x62706678), PID0),
         E.EINVAL, POLICY, attr=OvsDp.ATTR_NAME),
    Case("dp-new-feature-unknown", DP, OvsDp.CMD_NEW,
         req(0, dp_name("fpbq"), PID0, nla_u32(OvsDp.ATTR_USER_FEATURES, 1 << 31)),
         E.EOPNOTSUPP, "OVS_DP_ATTR_USER_FEATURES: bits 0x80000000 unsupported",
         attr=OvsDp.ATTR_USER_FEATURES),
    Case("dp-new-feature-per-cpu", DP, OvsDp.CMD_NEW,
         req(0, dp_name("fpbq"), PID0,
             nla_u32(OvsDp.ATTR_USER_FEATURES, OvsDp.F_DISPATCH_UPCALL_PER_CPU)),
         0, None, after=delete_dp("fpbq")),
    Case("dp-new-masks-cache", DP, OvsDp.CMD_NEW,
         req(0, dp_name("fpbq"), PID0, nla_u32(OvsDp.ATTR_MASKS_CACHE_SIZE, 64)),
         0, None, after=delete_dp("fpbq")),
    Case("dp-new-masks-cache-not-power-of-2", DP, OvsDp.CMD_NEW,
         req(0, dp_name("fpbq"), PID0, nla_u32(OvsDp.ATTR_MASKS_CACHE_SIZE, 100)),
         E.EINVAL, "OVS_DP_ATTR_MASKS_CACHE_SIZE: 100: not 0 or a power of 2 <= 4096"),
    Case("dp-new-masks-cache-too-big", DP, OvsDp.CMD_NEW,
         req(0, dp_name("fpbq"), PID0, nla_u32(OvsDp.ATTR_MASKS_CACHE_SIZE, 8192)),
         E.ERANGE, "integer out of range", attr=OvsDp.ATTR_MASKS_CACHE_SIZE),
    Case("dp-new-per-cpu-pids", DP, OvsDp.CMD_NEW,
         req(0, dp_name("fpbq"), PID0, nla_u32s(OvsDp.ATTR_PER_CPU_PIDS, [0])),
         0, None, after=delete_dp("fpbq")),
    Case("dp-new-per-cpu-pids-5-bytes", DP, OvsDp.CMD_NEW,
         req(0, dp_name("fpbq"), PID0,
             nla_u32(OvsDp.ATTR_USER_FEATURES, OvsDp.F_DISPATCH_UPCALL_PER_CPU),
             nla(OvsDp.ATTR_PER_CPU_PIDS, bytes(5))),
         E.EINVAL, "OVS_DP_ATTR_PER_CPU_PIDS must be an array of u32", attr=OvsDp.ATTR_PER_CPU_PIDS),
    Case("dp-new-stats-is-reply-only", DP, OvsDp.CMD_NEW,
         req(0, dp_name("fpbq"), PID0, nla(OvsDp.ATTR_STATS, bytes(32))),
         E.EINVAL, "Unsupported attribute", attr=OvsDp.ATTR_STATS,
         ovs="openvswitch.ko ignores it"),
    Case("dp-new-attr-unknown", DP, OvsDp.CMD_NEW,
         req(0, dp_name("fpbq"), PID0, nla_u32(99, 1)),
         E.EINVAL, "Unknown attribute type", attr=99, ovs="openvswitch.ko ignores it"),
    Case("dp-new-upcall-pid-2-bytes", DP, OvsDp.CMD_NEW,
         req(0, dp_name("fpbq"), nla_u16(OvsDp.ATTR_UPCALL_PID, 1)),
         E.EINVAL, "invalid attribute length", attr=OvsDp.ATTR_UPCALL_PID,
         ovs="openvswitch.ko validates loosely: ERANGE"),
    Case("dp-new-upcall-pid-8-bytes", DP, OvsDp.CMD_NEW,
         req(0, dp_name("fpbq"), nla(OvsDp.ATTR_UPCALL_PID, bytes(8))),
         E.EINVAL, "invalid attribute length", attr=OvsDp.ATTR_UPCALL_PID,
         ovs="openvswitch.ko validates loosely and takes it"),
    Case("dp-new-upcall-pid-nested-flag", DP, OvsDp.CMD_NEW,
         req(0, dp_name("fpbq"), nla_u32(OvsDp.ATTR_UPCALL_PID | NLA_F_NESTED, 0)),
         E.EINVAL, "NLA_F_NESTED not expected", attr=OvsDp.ATTR_UPCALL_PID,
         ovs="openvswitch.ko validates loosely and takes it"),
    Case("dp-new-ifindex-negative", DP, OvsDp.CMD_NEW,
         req(0, dp_name("fpbq"), PID0, nla_s32(OvsDp.ATTR_IFINDEX, -5)),
         E.ERANGE, "integer out of range", attr=OvsDp.ATTR_IFINDEX),
    Case("dp-new-ifindex-taken", DP, OvsDp.CMD_NEW,
         req(0, dp_name("fpbq"), PID0, nla_s32(OvsDp.ATTR_IFINDEX, LOOPBACK)),
         E.EEXIST, "the requested ifindex is already in use"),
    Case("dp-new-truncated-mid-attr", DP, OvsDp.CMD_NEW,
         req(0, dp_name("fpbq"), nla_truncated(OvsDp.ATTR_UPCALL_PID, 4, b"\0\0")),
         E.EINVAL, "bytes leftover after parsing attributes",
         ovs="openvswitch.ko ignores what does not parse"),
    Case("dp-new-truncated-header", DP, OvsDp.CMD_NEW, lambda fx: b"\0\0",
         E.EINVAL, None),
    Case("dp-new-nobody", DP, OvsDp.CMD_NEW, req(0, dp_name("fpbq"), PID0),
         E.EPERM, None, who="nobody"),
    Case("dp-new-userns", DP, OvsDp.CMD_NEW, req(0, dp_name("fpbq"), PID0),
         E.EPERM, None, who="userns"),
    Case("dp-new-userns-own-netns", DP, OvsDp.CMD_NEW, req(0, dp_name("fpbu"), PID0),
         0, None, who="userns-netns", flags=NLM_F_ACK | NLM_F_ECHO, check=dp_new_in_own_netns),
    Case("dp-cmd-unknown", DP, 9, req(0), E.EOPNOTSUPP, None),

    # ---- ovs_datapath: GET, DEL, SET ----
    Case("dp-get-no-such-name", DP, OvsDp.CMD_GET, req(0, dp_name("fpbnosuch")),
         E.ENODEV, "no datapath of that name", attr=OvsDp.ATTR_NAME),
    Case("dp-get-no-such-ifindex", DP, OvsDp.CMD_GET, req(NO_DP), E.ENODEV, NOT_IN_NS),
    Case("dp-get-lo-is-no-datapath", DP, OvsDp.CMD_GET, req(LOOPBACK), E.ENODEV, NOT_IN_NS),
    Case("dp-get-internal-port-is-no-datapath", DP, OvsDp.CMD_GET, req("internal"),
         E.ENODEV, NOT_IN_NS, ovs="openvswitch.ko finds the datapath of any internal port"),
    Case("dp-get-nobody", DP, OvsDp.CMD_GET, req("dp"), 0, None, who="nobody"),
    Case("dp-dump-attr-unknown", DP, OvsDp.CMD_GET, req(0, nla_u32(42, 0)),
         E.EINVAL, "Unknown attribute type", attr=42, flags=NLM_F_DUMP,
         ovs="openvswitch.ko does not validate dump requests"),
    Case("dp-del-no-such-name", DP, OvsDp.CMD_DEL, req(0, dp_name("fpbnosuch")),
         E.ENODEV, "no datapath of that name", attr=OvsDp.ATTR_NAME),
    Case("dp-del-lo-is-no-datapath", DP, OvsDp.CMD_DEL, req(LOOPBACK), E.ENODEV, NOT_IN_NS),
    Case("dp-del-userns", DP, OvsDp.CMD_DEL, req("dp"), E.EPERM, None, who="userns"),
    Case("dp-set-feature-unknown", DP, OvsDp.CMD_SET,
         req("dp", nla_u32(OvsDp.ATTR_USER_FEATURES, 1 << 30)),
         E.EOPNOTSUPP, "bits 0x40000000 unsupported", attr=OvsDp.ATTR_USER_FEATURES),
    Case("dp-set-no-such-ifindex", DP, OvsDp.CMD_SET,
         req(NO_DP, nla_u32(OvsDp.ATTR_USER_FEATURES, OvsDp.F_UNALIGNED)), E.ENODEV, NOT_IN_NS),
    Case("dp-set-feature-as-u16", DP, OvsDp.CMD_SET,
         req("dp", nla_u16(OvsDp.ATTR_USER_FEATURES, 1)),
         E.EINVAL, "invalid attribute length", attr=OvsDp.ATTR_USER_FEATURES,
         ovs="openvswitch.ko validates loosely: ERANGE"),
    Case("dp-set-nobody", DP, OvsDp.CMD_SET,
         req("dp", nla_u32(OvsDp.ATTR_USER_FEATURES, 0)), E.EPERM, None, who="nobody"),

    # ---- ovs_vport: OVS_VPORT_CMD_NEW ----
    Case("vp-new-no-name", VP, OvsVport.CMD_NEW,
         req("dp", nla_u32(OvsVport.ATTR_TYPE, OvsVport.TYPE_NETDEV),
             nla_u32s(OvsVport.ATTR_UPCALL_PID, [0])),
         E.EINVAL, "OVS_VPORT_ATTR_NAME (the device's name) is required", missing=VP_NAME),
    Case("vp-new-no-type", VP, OvsVport.CMD_NEW,
         req("dp", nla_str(VP_NAME, "bvx"), nla_u32s(OvsVport.ATTR_UPCALL_PID, [0])),
         E.EINVAL, "OVS_VPORT_ATTR_TYPE (NETDEV or INTERNAL) is required",
         missing=OvsVport.ATTR_TYPE),
    Case("vp-new-type-unknown", VP, OvsVport.CMD_NEW,
         req("dp", nla_str(VP_NAME, "bvx"), nla_u32(OvsVport.ATTR_TYPE, 77),
             nla_u32s(OvsVport.ATTR_UPCALL_PID, [0])),
         E.EINVAL, "OVS_VPORT_ATTR_TYPE: unknown vport type", attr=OvsVport.ATTR_TYPE,
         ovs="openvswitch.ko answers EAFNOSUPPORT"),
    Case("vp-new-type-gre", VP, OvsVport.CMD_NEW,
         req("dp", nla_str(VP_NAME, "bvx"), nla_u32(OvsVport.ATTR_TYPE, OvsVport.TYPE_GRE),
             nla_u32s(OvsVport.ATTR_UPCALL_PID, [0])),
         E.EOPNOTSUPP, "tunnel vports are not supported", attr=OvsVport.ATTR_TYPE,
         ovs="openvswitch.ko has GRE vports"),
    Case("vp-new-type-as-u16", VP, OvsVport.CMD_NEW,
         req("dp", nla_str(VP_NAME, "bvx"), nla_u16(OvsVport.ATTR_TYPE, 1),
             nla_u32s(OvsVport.ATTR_UPCALL_PID, [0])),
         E.EINVAL, "invalid attribute length", attr=OvsVport.ATTR_TYPE,
         ovs="openvswitch.ko validates loosely: ERANGE"),
    Case("vp-new-no-such-dp", VP, OvsVport.CMD_NEW, req(NO_DP, netdev("bvx")),
         E.ENODEV, NOT_IN_NS),
    Case("vp-new-lo-is-no-datapath", VP, OvsVport.CMD_NEW, req(LOOPBACK, netdev("bvx")),
         E.ENODEV, NOT_IN_NS),
    Case("vp-new-no-such-device", VP, OvsVport.CMD_NEW, req("dp", netdev("fpbnosuch")),
         E.ENODEV, "no network device named fpbnosuch"),
    Case("vp-new-loopback", VP, OvsVport.CMD_NEW, req("dp", netdev("lo")),
         E.EINVAL, "the loopback device cannot be a datapath port"),
    Case("vp-new-not-ethernet", VP, OvsVport.CMD_NEW, req("dp", netdev("bip0")),
         E.EINVAL, "bip0 is not an Ethernet device"),
    Case("vp-new-own-internal-device", VP, OvsVport.CMD_NEW, req("dp", netdev("fpb0")),
         E.EINVAL, "fpb0 is an internal port of a flowpath datapath"),
    Case("vp-new-already-a-port", VP, OvsVport.CMD_NEW, req("dp", netdev("bva")),
         E.EEXIST, "bva is already port 7 of this datapath"),
    Case("vp-new-port-of-another-dp", VP, OvsVport.CMD_NEW, req("dp", netdev("bvc")),
         E.EBUSY, "bvc is a port of another datapath"),
    Case("vp-new-bridge-port", VP, OvsVport.CMD_NEW, req("dp", netdev("bve")),
         E.EBUSY, "bve already has an rx handler"),
    Case("vp-new-port-no-taken", VP, OvsVport.CMD_NEW,
         req("dp", netdev("bvx"), nla_u32(OvsVport.ATTR_PORT_NO, 7)),
         E.EBUSY, "OVS_VPORT_ATTR_PORT_NO: that port number is in use"),
    Case("vp-new-port-no-65535", VP, OvsVport.CMD_NEW,
         req("dp", netdev("bvx"), nla_u32(OvsVport.ATTR_PORT_NO, 65535)),
         E.EFBIG, "OVS_VPORT_ATTR_PORT_NO: port numbers must be below 65535"),
    Case("vp-new-port-no-u32-max", VP, OvsVport.CMD_NEW,
         req("dp", netdev("bvx"), nla_u32(OvsVport.ATTR_PORT_NO, 0xffffffff)),
         E.EFBIG, "OVS_VPORT_ATTR_PORT_NO: port numbers must be below 65535"),
    Case("vp-new-port-no-0-means-any", VP, OvsVport.CMD_NEW,
         req("dp", internal("fpbz0"), nla_u32(OvsVport.ATTR_PORT_NO, 0)),
         0, None, flags=NLM_F_ACK | NLM_F_ECHO, check=echo_port_nonzero,
         after=delete_vport("fpbz0")),
    Case("vp-new-upcall-pid-empty", VP, OvsVport.CMD_NEW,
         req("dp", nla_str(VP_NAME, "bvx"), nla_u32(OvsVport.ATTR_TYPE, OvsVport.TYPE_NETDEV),
             nla(OvsVport.ATTR_UPCALL_PID)),
         E.EINVAL, "OVS_VPORT_ATTR_UPCALL_PID must be an array of u32",
         attr=OvsVport.ATTR_UPCALL_PID),
    Case("vp-new-upcall-pid-6-bytes", VP, OvsVport.CMD_NEW,
         req("dp", nla_str(VP_NAME, "bvx"), nla_u32(OvsVport.ATTR_TYPE, OvsVport.TYPE_NETDEV),
             nla(OvsVport.ATTR_UPCALL_PID, bytes(6))),
         E.EINVAL, "OVS_VPORT_ATTR_UPCALL_PID must be an array of u32",
         attr=OvsVport.ATTR_UPCALL_PID),
    Case("vp-new-upcall-pid-more-than-cpus", VP, OvsVport.CMD_NEW,
         req("dp", netdev("bvx", pids=[0] * (possible_cpus() + 1))),
         E.EINVAL, "OVS_VPORT_ATTR_UPCALL_PID: more ids than possible CPUs",
         attr=OvsVport.ATTR_UPCALL_PID),
    Case("vp-new-upcall-pid-one-per-cpu", VP, OvsVport.CMD_NEW,
         req("dp", nla_str(VP_NAME, "fpbz1"), nla_u32(OvsVport.ATTR_TYPE, OvsVport.TYPE_INTERNAL),
             nla_u32s(OvsVport.ATTR_UPCALL_PID, [0] * possible_cpus())),
         0, None, after=delete_vport("fpbz1")),
    Case("vp-new-options-on-netdev", VP, OvsVport.CMD_NEW,
         req("dp", netdev("bvx"), nla(OvsVport.ATTR_OPTIONS)),
         E.EINVAL, "netdev and internal vports take no options", attr=OvsVport.ATTR_OPTIONS,
         ovs="openvswitch.ko ignores them"),
    Case("vp-new-ifindex", VP, OvsVport.CMD_NEW,
         req("dp", internal("fpbi9"), nla_s32(OvsVport.ATTR_IFINDEX, 4000)),
         E.EINVAL, "Unsupported attribute", attr=OvsVport.ATTR_IFINDEX,
         ovs="openvswitch.ko creates internal ports at a given ifindex"),
    Case("vp-new-name-16-bytes", VP, OvsVport.CMD_NEW, req("dp", netdev("bv" + "x" * 14)),
         E.EINVAL, POLICY, attr=VP_NAME),
    Case("vp-new-name-not-nul-terminated", VP, OvsVport.CMD_NEW,
         req("dp", nla(VP_NAME, b"bvxx"), nla_u32(OvsVport.ATTR_TYPE, OvsVport.TYPE_NETDEV),
             nla_u32s(OvsVport.ATTR_UPCALL_PID, [0])),
         E.EINVAL, POLICY, attr=VP_NAME),
    Case("vp-new-internal-name-taken", VP, OvsVport.CMD_NEW, req("dp", internal("bvb")),
         E.EEXIST, "a network device named bvb already exists"),
    Case("vp-new-internal-name-space", VP, OvsVport.CMD_NEW, req("dp", internal("fp b")),
         E.EINVAL, "not a valid network device name", attr=VP_NAME),
    Case("vp-new-truncated-mid-attr", VP, OvsVport.CMD_NEW,
         req("dp", netdev("bvx"), nla_truncated(OvsVport.ATTR_PORT_NO, 4, b"\x09")),
         E.EINVAL, "bytes leftover after parsing attributes",
         ovs="openvswitch.ko ignores what does not parse"),
    Case("vp-new-nobody", VP, OvsVport.CMD_NEW, req("dp", netdev("bvx")),
         E.EPERM, None, who="nobody"),

    # ---- ovs_vport: DEL, GET, SET ----
    Case("vp-del-unnamed", VP, OvsVport.CMD_DEL, req("dp"),
         E.EINVAL, "name the vport with OVS_VPORT_ATTR_NAME, or OVS_VPORT_ATTR_PORT_NO"),
    Case("vp-del-local-port", VP, OvsVport.CMD_DEL,
         req("dp", nla_u32(OvsVport.ATTR_PORT_NO, 0)),
         E.EINVAL, "port 0 is the datapath's local port"),
    Case("vp-del-no-such-name", VP, OvsVport.CMD_DEL, req(0, nla_str(VP_NAME, "bvy")),
         E.ENODEV, "no vport of that name", attr=VP_NAME),
    Case("vp-del-no-such-port-no", VP, OvsVport.CMD_DEL,
         req("dp", nla_u32(OvsVport.ATTR_PORT_NO, 99)),
         E.ENODEV, "the datapath has no port with that number", attr=OvsVport.ATTR_PORT_NO),
    Case("vp-del-port-no-70000", VP, OvsVport.CMD_DEL,
         req("dp", nla_u32(OvsVport.ATTR_PORT_NO, 70000)),
         E.EFBIG, "port numbers must be below 65535", attr=OvsVport.ATTR_PORT_NO),
    Case("vp-del-wrong-dp", VP, OvsVport.CMD_DEL, req("dp1", nla_str(VP_NAME, "bva")),
         E.ENODEV, "that vport belongs to another datapath", attr=VP_NAME),
    Case("vp-del-userns", VP, OvsVport.CMD_DEL, req(0, nla_str(VP_NAME, "bva")),
         E.EPERM, None, who="userns"),
    Case("vp-get-port-no-no-such-dp", VP, OvsVport.CMD_GET,
         req(NO_DP, nla_u32(OvsVport.ATTR_PORT_NO, 1)), E.ENODEV, NOT_IN_NS),
    Case("vp-get-name-not-a-vport", VP, OvsVport.CMD_GET, req(0, nla_str(VP_NAME, "bvb")),
         E.ENODEV, "no vport of that name", attr=VP_NAME),
    Case("vp-dump-no-such-dp", VP, OvsVport.CMD_GET, req(NO_DP),
         E.ENODEV, NOT_IN_NS, flags=NLM_F_DUMP),
    Case("vp-set-type-change", VP, OvsVport.CMD_SET,
         req(0, nla_str(VP_NAME, "bva"), nla_u32(OvsVport.ATTR_TYPE, OvsVport.TYPE_INTERNAL)),
         E.EINVAL, "OVS_VPORT_ATTR_TYPE: a vport's type cannot change", attr=OvsVport.ATTR_TYPE),
    Case("vp-set-upcall-pid-5-bytes", VP, OvsVport.CMD_SET,
         req(0, nla_str(VP_NAME, "bva"), nla(OvsVport.ATTR_UPCALL_PID, bytes(5))),
         E.EINVAL, "must be an array of u32", attr=OvsVport.ATTR_UPCALL_PID),
    Case("vp-set-options", VP, OvsVport.CMD_SET,
         req(0, nla_str(VP_NAME, "bva"), nla(OvsVport.ATTR_OPTIONS)),
         E.EINVAL, "take no options", attr=OvsVport.ATTR_OPTIONS,
         ovs="openvswitch.ko answers EOPNOTSUPP"),
    Case("vp-set-no-such-name", VP, OvsVport.CMD_SET,
         req(0, nla_str(VP_NAME, "fpbnosuch"), nla_u32s(OvsVport.ATTR_UPCALL_PID, [0])),
         E.ENODEV, "no vport of that name", attr=VP_NAME),
    Case("vp-set-nobody", VP, OvsVport.CMD_SET,
         req(0, nla_str(VP_NAME, "bva"), nla_u32s(OvsVport.ATTR_UPCALL_PID, [0])),
         E.EPERM, None, who="nobody"),

    # ---- ovs_flow ----
    Case("flow-new-no-key", FL, OvsFlow.CMD_NEW, req("dp", nla(OvsFlow.ATTR_ACTIONS)),
         E.EINVAL, "OVS_FLOW_ATTR_KEY is required to add a flow"),
    Case("flow-new-no-actions", FL, OvsFlow.CMD_NEW, req("dp", nla(OvsFlow.ATTR_KEY)),
         E.EINVAL, "OVS_FLOW_ATTR_ACTIONS is required to add a flow"),
    Case("flow-get-neither-key-nor-ufid", FL, OvsFlow.CMD_GET, req("dp"),
         E.EINVAL, "needs OVS_FLOW_ATTR_KEY or OVS_FLOW_ATTR_UFID"),
    Case("flow-get", FL, OvsFlow.CMD_GET, req("dp", nla(OvsFlow.ATTR_UFID, bytes(16))),
         E.ENOENT, "no flow with this UFID"),
    Case("flow-set", FL, OvsFlow.CMD_SET, req("dp", nla(OvsFlow.ATTR_UFID, bytes(16))),
         E.ENOENT, "no flow with this UFID"),
    Case("flow-set-actions-without-key", FL, OvsFlow.CMD_SET,
         req("dp", nla(OvsFlow.ATTR_UFID, bytes(16)), nla(OvsFlow.ATTR_ACTIONS)),
         E.EINVAL, "give OVS_FLOW_ATTR_KEY too", attr=OvsFlow.ATTR_ACTIONS),
    Case("flow-del-one", FL, OvsFlow.CMD_DEL, req("dp", nla(OvsFlow.ATTR_UFID, bytes(16))),
         E.ENOENT, "no flow with this UFID"),
    Case("flow-get-ufid-no-such-dp", FL, OvsFlow.CMD_GET,
         req(NO_DP, nla(OvsFlow.ATTR_UFID, bytes(16))), E.ENODEV, NOT_IN_NS),
    Case("flow-ufid-flags-unknown", FL, OvsFlow.CMD_GET,
         req("dp", nla(OvsFlow.ATTR_UFID, bytes(16)), nla_u32(OvsFlow.ATTR_UFID_FLAGS, 1 << 3)),
         E.EINVAL, "only OMIT_KEY, OMIT_MASK and OMIT_ACTIONS exist", attr=OvsFlow.ATTR_UFID_FLAGS,
         ovs="openvswitch.ko ignores unknown UFID flags"),
    Case("flow-flush", FL, OvsFlow.CMD_DEL, req("dp"), 0, None),
    Case("flow-flush-no-such-dp", FL, OvsFlow.CMD_DEL, req(NO_DP), E.ENODEV, NOT_IN_NS),
    Case("flow-dump-no-such-dp", FL, OvsFlow.CMD_GET, req(NO_DP),
         E.ENODEV, NOT_IN_NS, flags=NLM_F_DUMP),
    Case("flow-ufid-17-bytes", FL, OvsFlow.CMD_GET, req("dp", nla(OvsFlow.ATTR_UFID, bytes(17))),
         E.ERANGE, "binary attribute size out of range", attr=OvsFlow.ATTR_UFID,
         ovs="openvswitch.ko takes any UFID length"),
    Case("flow-probe-with-payload", FL, OvsFlow.CMD_NEW,
         req("dp", nla(OvsFlow.ATTR_KEY), nla_u32(OvsFlow.ATTR_PROBE, 1)),
         E.ERANGE, POLICY, attr=OvsFlow.ATTR_PROBE),
    Case("flow-new-nobody", FL, OvsFlow.CMD_NEW, req("dp", nla(OvsFlow.ATTR_KEY)),
         E.EPERM, None, who="nobody"),

    # ---- ovs_packet ----
    Case("packet-execute", PK, OvsPacket.CMD_EXECUTE,
         req("dp", nla(OvsPacket.ATTR_PACKET, FRAME), nla(OvsPacket.ATTR_KEY),
             nla(OvsPacket.ATTR_ACTIONS)),
         E.EOPNOTSUPP, "OVS_PACKET_CMD_EXECUTE: packet execution is not implemented",
         ovs="openvswitch.ko executes packets"),
    Case("packet-execute-runt", PK, OvsPacket.CMD_EXECUTE,
         req("dp", nla(OvsPacket.ATTR_PACKET, FRAME[:10]), nla(OvsPacket.ATTR_KEY),
             nla(OvsPacket.ATTR_ACTIONS)),
         E.ERANGE, "binary attribute size out of range", attr=OvsPacket.ATTR_PACKET),
    Case("packet-execute-mru-as-u32", PK, OvsPacket.CMD_EXECUTE,
         req("dp", nla(OvsPacket.ATTR_PACKET, FRAME), nla_u32(OvsPacket.ATTR_MRU, 1500)),
         E.EINVAL, "invalid attribute length", attr=OvsPacket.ATTR_MRU,
         ovs="openvswitch.ko validates loosely and takes it"),
    Case("packet-execute-userdata", PK, OvsPacket.CMD_EXECUTE,
         req("dp", nla(OvsPacket.ATTR_PACKET, FRAME), nla(OvsPacket.ATTR_USERDATA, bytes(4))),
         E.EINVAL, "Unsupported attribute", attr=OvsPacket.ATTR_USERDATA,
         ovs="openvswitch.ko ignores it"),
    Case("packet-execute-truncated-mid-attr", PK, OvsPacket.CMD_EXECUTE,
         req("dp", nla_truncated(OvsPacket.ATTR_PACKET, 60, FRAME[:20])),
         E.EINVAL, "bytes leftover after parsing attributes",
         ovs="openvswitch.ko ignores what does not parse"),
    Case("packet-execute-nobody", PK, OvsPacket.CMD_EXECUTE,
         req("dp", nla(OvsPacket.ATTR_PACKET, FRAME)), E.EPERM, None, who="nobody"),
    Case("packet-miss-from-userspace", PK, OvsPacket.CMD_MISS,
         req("dp", nla(OvsPacket.ATTR_PACKET, FRAME)), E.EOPNOTSUPP, None),
]


# ---- fixtures ---------------------------------------------------------------

def ifindex(dev):
    return socket.if_nametoindex(dev)


def setup(ovs):
    """Datapaths both modules get through the same requests; returns fx."""
    fx = {"dp": ovs.dp_new("fpb0"), "dp1": ovs.dp_new("fpb1")}
    ovs.vport_new(fx["dp"], "bva", port_no=7)
    ovs.vport_new(fx["dp"], "fpbi1", OvsVport.TYPE_INTERNAL)
    ovs.vport_new(fx["dp1"], "bvc")
    fx["internal"] = ifindex("fpbi1")
    return fx


def teardown(ovs):
    """Deletes every datapath of the namespace; returns their names."""
    names = sorted(ovs.dp_dump())
    for name in names:
        ovs.dp_del(name)
    return names


# ---- running a case ---------------------------------------------------------

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def drop_privileges(who):
    """In a forked child: become what the case says the requester is."""
    if who == "nobody":
        os.setgroups([])
        os.setresgid(65534, 65534, 65534)
        os.setresuid(65534, 65534, 65534)   # clears every capability
        return
    flags = CLONE_NEWUSER | (CLONE_NEWNET if who == "userns-netns" else 0)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(flags) != 0:
        raise OSError(ctypes.get_errno(), "unshare(%#x)" % flags)


def send(case, fx, prefix):
    """The case's request from a socket of a requester as case.who says."""
    if case.who == "root":
        with Ovs(prefix) as ovs:
            return summary(ovs.raw(case.family, case.cmd, case.body(fx), case.flags))
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        try:
            drop_privileges(case.who)
            with Ovs(prefix) as ovs:
                out = summary(ovs.raw(case.family, case.cmd, case.body(fx), case.flags))
        except Exception as exc:   # reported by the parent
            out = {"crash": "%s: %s" % (type(exc).__name__, exc)}
        os.write(wfd, json.dumps(out).encode())
        os._exit(0)
    os.close(wfd)
    with os.fdopen(rfd, "rb") as f:
        data = f.read()
    os.waitpid(pid, 0)
    return json.loads(data or b'{"crash": "child said nothing"}')


def summary(reply):
    """What the verdict needs of a Reply, as plain data (crosses a pipe)."""
    return {"errno": reply.errno, "msg": reply.msg, "bad_attr": reply.bad_attr,
            "bad_offset": reply.bad_offset, "missing": reply.missing,
            "messages": [m.hex() for _, m in reply.messages]}


class Got:
    def __init__(self, d):
        self.__dict__.update(d)
        self.messages = [(0, bytes.fromhex(m)) for m in d.get("messages", [])]


def errname(n):
    if not n:
        return "OK"
    # errorcode has ENOTSUP for 95; the uAPI and the kernel say EOPNOTSUPP.
    return "EOPNOTSUPP" if n == errno.EOPNOTSUPP else errno.errorcode.get(n, str(n))


def verdict(case, got, module, fx):
    """A list of what is wrong with the answer (empty: the case passes)."""
    if hasattr(got, "crash"):
        return ["the request could not be made: " + got.crash]
    bad = []
    if got.errno != case.errno:
        bad.append("errno %s, expected %s" % (errname(got.errno), errname(case.errno)))
    if module == "flowpath":
        if case.msg is not None:
            if not got.msg:
                bad.append("no extack message, expected one containing %r" % case.msg)
            elif case.msg not in got.msg:
                bad.append("extack %r does not contain %r" % (got.msg, case.msg))
        if case.attr is not None and got.bad_attr != case.attr:
            bad.append("extack points at %s (offset %s), expected %s" % (
                attr_name(case.family, got.bad_attr), got.bad_offset,
                attr_name(case.family, case.attr)))
        if case.missing is not None and got.missing != case.missing:
            bad.append("extack says %s is missing, expected %s" % (
                attr_name(case.family, got.missing), attr_name(case.family, case.missing)))
    if not bad and case.check:
        problem = case.check(got, fx)
        if problem:
            bad.append(problem)
    return bad


ATTR_PREFIXES = {DP: (OvsDp, "OVS_DP_"), VP: (OvsVport, "OVS_VPORT_"),
                 FL: (OvsFlow, "OVS_FLOW_"), PK: (OvsPacket, "OVS_PACKET_")}


def attr_name(family, atype):
    """OVS_DP_ATTR_NAME for ("datapath", 1); the number if it has no name."""
    if atype is None:
        return "none"
    cls, prefix = ATTR_PREFIXES[family]
    for key, value in vars(cls).items():
        if key.startswith("ATTR_") and value == atype:
            return prefix + key
    return str(atype)


def describe(case, got):
    parts = [errname(got.errno)] if not hasattr(got, "crash") else ["-"]
    if getattr(got, "msg", None):
        parts.append(repr(got.msg))
    if getattr(got, "bad_attr", None) is not None:
        parts.append("at " + attr_name(case.family, got.bad_attr))
    if getattr(got, "missing", None) is not None:
        parts.append("missing " + attr_name(case.family, got.missing))
    return " ".join(parts)


def run(module, prefix):
    cases = [c for c in CASES if module == "flowpath" or c.ovs == SAME]
    failed = []
    with Ovs(prefix) as ovs:
        fx = setup(ovs)
        for case in cases:
            got = Got(send(case, fx, prefix))
            bad = verdict(case, got, module, fx)
            if case.after and not hasattr(got, "crash") and got.errno == 0:
                case.after(ovs, fx)
            print("%-4s %-38s %s" % ("ok" if not bad else "FAIL", case.name, describe(case, got)))
            for problem in bad:
                print("       %s" % problem)
            if bad:
                failed.append(case.name)
            sys.stdout.flush()
        left = teardown(ovs)
    if left != ["fpb0", "fpb1"]:
        print("FAIL datapaths at the end: %s, expected fpb0 fpb1" % " ".join(left))
        failed.append("(datapaths left)")
    print("%s: %d cases, %d failed%s" % (module, len(cases), len(failed),
                                         ": " + " ".join(failed) if failed else ""))
    return 1 if failed else 0


def list_cases():
    for c in CASES:
        print("%-38s %-8s %-11s %-12s %s" % (
            c.name, c.family, errname(c.errno), c.who,
            "ovs: same errno" if c.ovs == SAME else "ovs: " + c.ovs))
    print("%d cases, %d also run against openvswitch.ko" % (
        len(CASES), sum(c.ovs == SAME for c in CASES)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--module", choices=["flowpath", "openvswitch"])
    ap.add_argument("--prefix", default="ovs", help="generic netlink family prefix")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    if args.list:
        list_cases()
        return 0
    if not args.module:
        ap.error("--module or --list")
    return run(args.module, args.prefix)


if __name__ == "__main__":
    sys.exit(main())
