#!/usr/bin/env python3
"""Churn flowpath.ko's control plane while frames flow through it, then
check that what is left, and what was counted, is exactly what should be.

    kmod_stress.py [--seconds N] [--seed S]

Run as root in the test guest with flowpath.ko loaded (family prefix ovs),
IPv6 off by default (so the only frames are ours) and these devices made by
tests/vm/12-kmod-stress.sh:

    a0..a3 <=veth=> b0..b3     a_i come and go as ports of dps; frames are
                               sent into b_i all along
    t0 <=veth=> t1             t0 is a port of whichever tmp datapath last took it

Threads, for --seconds:
  ports     on datapath dps: attach/detach a_i (sometimes at a chosen port
            number, some of them in the same hash bucket), change upcall ids,
            delete and re-create a veth pair under its port, create and
            delete internal ports i0..i2; each result must be the one a
            model of the datapath predicts
  dps       create/delete tmp0..tmp2 (t0 attached to each new one), dump
            datapaths and vports, flip dps's user features; results checked
            against its own model
  netns     forks children that each make a network namespace with a
            datapath and a veth port, send frames, and exit, leaving the
            datapath to die with the namespace half of the time
  senders   frames into b0..b3, t1 and the internal ports
  receivers two upcall sockets (one with a tiny buffer, so upcalls get
            lost), each upcall checked for shape and counted by datapath

At the end: only dps is left, with exactly the ports the model has;
its counters say hit 0, flows 0, missed >= lost, and every upcall not
counted lost reached a receiver (delivered == missed - lost). Exits 1 with
the list of what was wrong.
"""

import argparse
import ctypes
import errno
import fcntl
import os
import random
import select
import socket
import struct
import subprocess
import sys
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fpnl import (NLM_F_ACK, NLM_F_DUMP, NLM_F_ECHO, Ovs, OvsDp, OvsPacket, OvsVport,  # noqa: E402
                  decode_ovs, get_str, get_u32, nla_str, nla_u32, nla_u32s)

NVETH = 4
NINTERNAL = 3
CLONE_NEWNET = 0x40000000
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
IFREQ_FLAGS = struct.Struct("16sH22x")   # struct ifreq: name, then ifr_flags


class Problems:
    """What went wrong, from any thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.items = []

    def add(self, text):
        with self.lock:
            if len(self.items) < 50:
                self.items.append(text)


problems = Problems()
stop = threading.Event()
counts = {}
counts_lock = threading.Lock()


def count(what, n=1):
    with counts_lock:
        counts[what] = counts.get(what, 0) + n


def errname(n):
    return "OK" if not n else errno.errorcode.get(n, str(n))


def expect(what, reply, want):
    """Records a problem unless reply's errno is want; returns the reply."""
    count(what)
    if reply.errno != want:
        problems.add("%s: %s (%s), the model expected %s" % (
            what, errname(reply.errno), reply.msg, errname(want)))
    return reply


def ip_batch(commands):
    """Runs iproute2 commands in one process (spawning is slow under TCG)."""
    r = subprocess.run(["ip", "-batch", "-"], input="\n".join(commands) + "\n",
                       capture_output=True, text=True)
    return r.returncode, r.stderr.strip()


def set_up(name):
    """ifconfig NAME up, without spawning ip."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifr = IFREQ_FLAGS.pack(name.encode(), 0)
        flags = IFREQ_FLAGS.unpack(fcntl.ioctl(s, SIOCGIFFLAGS, ifr))[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, IFREQ_FLAGS.pack(name.encode(), flags | IFF_UP))


def frame(rng, size):
    src = bytes([0x02]) + rng.randbytes(5)
    return b"\xff" * 6 + src + b"\x88\xb5" + bytes(size - 14)


# ---- receivers ----------------------------------------------------------------

class Receiver(threading.Thread):
    """Reads upcalls from its own socket; counts them by dp_ifindex."""

    def __init__(self, name, rcvbuf, packet_family):
        super().__init__(name=name, daemon=True)
        self.sock = Ovs(rcvbuf=rcvbuf)
        self.portid = self.sock.portid
        self.packet_family = packet_family
        self.by_dp = {}
        self.overruns = 0
        self.last = time.monotonic()
        self.quit = threading.Event()

    def run(self):
        try:
            self.receive()
        except Exception:
            problems.add("%s: %s" % (self.name, traceback.format_exc().strip()))

    def receive(self):
        s = self.sock.sock
        s.setblocking(False)
        while not self.quit.is_set():
            if not select.select([s], [], [], 0.1)[0]:
                continue
            try:
                data = s.recv(1 << 20)
            except BlockingIOError:
                continue
            except OSError as e:
                if e.errno == errno.ENOBUFS:   # upcalls dropped, counted lost
                    self.overruns += 1
                    continue
                raise
            self.last = time.monotonic()
            self.parse(data)

    def parse(self, data):
        off = 0
        while off + 16 <= len(data):
            length, nl_type = struct.unpack_from("=IH", data, off)
            payload = data[off + 16:off + length]
            off += (length + 3) & ~3
            if nl_type != self.packet_family:
                problems.add("%s: message of family %d" % (self.name, nl_type))
                continue
            cmd, dp_ifindex, attrs = decode_ovs(payload)
            if (cmd != OvsPacket.CMD_MISS or OvsPacket.ATTR_KEY not in attrs or
                    len(attrs.get(OvsPacket.ATTR_PACKET, b"")) < 14):
                problems.add("%s: malformed upcall cmd %d attrs %s" % (
                    self.name, cmd, sorted(attrs)))
            self.by_dp[dp_ifindex] = self.by_dp.get(dp_ifindex, 0) + 1

    def quiet_for(self, seconds):
        return time.monotonic() - self.last >= seconds


# ---- senders --------------------------------------------------------------------

def sender(devices, seed):
    """Frames out of each device in turn, for as long as the stress runs.
    Devices come and go under it: those errors are the point, not problems."""
    rng = random.Random(seed)
    while not stop.is_set():
        for dev in devices():
            try:
                with socket.socket(socket.AF_PACKET, socket.SOCK_RAW) as s:
                    s.bind((dev, 0))
                    for _ in range(100):
                        s.send(frame(rng, rng.choice((60, 500, 1514))))
                    count("frames sent", 100)
            except OSError:
                count("sender: device gone or down")
                time.sleep(0.005)


class Worker(threading.Thread):
    """A thread whose unexpected exception is a problem, not a lost traceback."""

    def run(self):
        try:
            self.work()
        except Exception:
            problems.add("%s: %s" % (self.name, traceback.format_exc().strip()))


# ---- the datapath dps and its ports -------------------------------------------------

class PortChurn(Worker):
    """Changes dps's ports at random; predicts each answer from a model."""

    def __init__(self, dps, receivers, seed):
        super().__init__(name="ports")
        self.ovs = Ovs()
        self.dps = dps
        self.pids = [r.portid for r in receivers]
        self.rng = random.Random(seed)
        self.model = {"dps": 0}   # vport name -> port number
        self.internal_up = []
        self.lock = threading.Lock()

    def live_internal(self):
        with self.lock:
            return list(self.internal_up)

    def pick_port_no(self):
        if self.rng.random() < 0.5:
            return None
        return self.rng.choice(list(range(1, 9)) + list(range(1025, 1033)))

    def expected_new(self, name, port_no, exists_as_other):
        if port_no is not None and port_no in self.model.values():
            return errno.EBUSY
        if name in self.model or exists_as_other:
            return errno.EEXIST
        return 0

    def new(self, name, vtype):
        port_no = self.pick_port_no()
        pids = self.rng.sample(self.pids + [0], self.rng.randint(1, 3))
        attrs = (nla_str(OvsVport.ATTR_NAME, name) + nla_u32(OvsVport.ATTR_TYPE, vtype) +
                 nla_u32s(OvsVport.ATTR_UPCALL_PID, pids))
        if port_no is not None:
            attrs += nla_u32(OvsVport.ATTR_PORT_NO, port_no)
        want = self.expected_new(name, port_no, False)
        r = expect("vport new " + name[0], self.ovs.request(
            "vport", OvsVport.CMD_NEW, self.dps, attrs, flags=NLM_F_ACK | NLM_F_ECHO), want)
        if r.errno == 0 and r.messages:
            self.model[name] = get_u32(decode_ovs(r.messages[0][1])[2], OvsVport.ATTR_PORT_NO)
        return r.errno == 0

    def delete(self, name):
        want = 0 if name in self.model else errno.ENODEV
        r = expect("vport del " + name[0], self.ovs.request(
            "vport", OvsVport.CMD_DEL, 0, nla_str(OvsVport.ATTR_NAME, name)), want)
        if r.errno == 0:
            self.model.pop(name, None)
        return r.errno == 0

    def set_pids(self, name):
        want = 0 if name in self.model else errno.ENODEV
        pids = self.rng.sample(self.pids + [0], self.rng.randint(1, 3))
        expect("vport set upcall ids", self.ovs.request(
            "vport", OvsVport.CMD_SET, 0,
            nla_str(OvsVport.ATTR_NAME, name) + nla_u32s(OvsVport.ATTR_UPCALL_PID, pids)), want)

    def recreate_veth(self, i):
        rc, err = ip_batch(["link del a%d" % i,
                            "link add a%d type veth peer name b%d" % (i, i),
                            "link set a%d up" % i, "link set b%d up" % i])
        count("veth re-created")
        if rc:
            problems.add("re-creating veth a%d/b%d: %s" % (i, i, err))
        # The device took its port with it (the netdevice notifier).
        self.model.pop("a%d" % i, None)

    def internal(self, k):
        name = "i%d" % k
        if name in self.model:
            with self.lock:
                self.internal_up = [n for n in self.internal_up if n != name]
            self.delete(name)
        elif self.new(name, OvsVport.TYPE_INTERNAL):
            set_up(name)
            with self.lock:
                self.internal_up.append(name)

    def work(self):
        while not stop.is_set():
            op = self.rng.random()
            i = self.rng.randrange(NVETH)
            if op < 0.3:
                self.new("a%d" % i, OvsVport.TYPE_NETDEV)
            elif op < 0.5:
                self.delete("a%d" % i)
            elif op < 0.7:
                self.set_pids(self.rng.choice(["a%d" % i, "dps"]))
            elif op < 0.8:
                self.recreate_veth(i)
            else:
                self.internal(self.rng.randrange(NINTERNAL))


# ---- other datapaths ---------------------------------------------------------------

class DpChurn(Worker):
    """Creates and deletes tmp0..tmp2 (t0 follows the newest), dumps, and
    flips dps's features; predicts each answer from its own model."""

    def __init__(self, dps, receivers, seed):
        super().__init__(name="dps")
        self.ovs = Ovs()
        self.dps = dps
        self.pid = receivers[0].portid
        self.rng = random.Random(seed)
        self.tmp = set()
        self.t0_in = None

    def create(self, name):
        want = errno.EEXIST if name in self.tmp else 0
        r = expect("dp new", self.ovs.request(
            "datapath", OvsDp.CMD_NEW, 0,
            nla_str(OvsDp.ATTR_NAME, name) + nla_u32(OvsDp.ATTR_UPCALL_PID, self.pid),
            flags=NLM_F_ACK | NLM_F_ECHO), want)
        if r.errno:
            return
        self.tmp.add(name)
        ifindex = decode_ovs(r.messages[0][1])[1]
        want = errno.EBUSY if self.t0_in else 0
        r = expect("vport new t0", self.ovs.request(
            "vport", OvsVport.CMD_NEW, ifindex,
            nla_str(OvsVport.ATTR_NAME, "t0") + nla_u32(OvsVport.ATTR_TYPE, OvsVport.TYPE_NETDEV) +
            nla_u32s(OvsVport.ATTR_UPCALL_PID, [self.pid])), want)
        if r.errno == 0:
            self.t0_in = name

    def delete(self, name):
        want = 0 if name in self.tmp else errno.ENODEV
        r = expect("dp del", self.ovs.request(
            "datapath", OvsDp.CMD_DEL, 0, nla_str(OvsDp.ATTR_NAME, name)), want)
        if r.errno == 0:
            self.tmp.discard(name)
            if self.t0_in == name:
                self.t0_in = None

    def dump(self):
        r = expect("dp dump", self.ovs.request("datapath", OvsDp.CMD_GET, 0, flags=NLM_F_DUMP), 0)
        names = {get_str(decode_ovs(m)[2], OvsDp.ATTR_NAME) for _, m in r.messages}
        if names != self.tmp | {"dps"}:
            problems.add("dp dump: %s, the model has %s" % (
                sorted(names), sorted(self.tmp | {"dps"})))
        r = expect("vport dump", self.ovs.request("vport", OvsVport.CMD_GET, self.dps,
                                                  flags=NLM_F_DUMP), 0)
        ports = {get_u32(decode_ovs(m)[2], OvsVport.ATTR_PORT_NO) for _, m in r.messages}
        if 0 not in ports:
            problems.add("vport dump of dps without port 0: %s" % sorted(ports))

    def features(self):
        want = self.rng.choice([0, OvsDp.F_UNALIGNED, OvsDp.F_VPORT_PIDS,
                                OvsDp.F_UNALIGNED | OvsDp.F_VPORT_PIDS])
        expect("dp set features", self.ovs.request(
            "datapath", OvsDp.CMD_SET, self.dps, nla_u32(OvsDp.ATTR_USER_FEATURES, want)), 0)
        got = get_u32(self.ovs.dp_get(dp_ifindex=self.dps)[1], OvsDp.ATTR_USER_FEATURES)
        if got != want:
            problems.add("dps features %#x after setting %#x" % (got, want))

    def work(self):
        while not stop.is_set():
            self.create("tmp%d" % self.rng.randrange(3))
            self.dump()
            self.features()
            self.delete("tmp%d" % self.rng.randrange(3))
        for name in sorted(self.tmp):
            self.delete(name)


# ---- namespaces ------------------------------------------------------------------

def netns_child(explicit_delete, seed):
    """In a forked child: a namespace with a datapath whose port receives
    frames. Returns the exit status: 0, or 10 + the step that failed."""
    rng = random.Random(seed)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET):
        return 10
    rc, _ = ip_batch(["link set lo up", "link add x type veth peer name y",
                      "link set x up", "link set y up"])
    if rc:
        return 11
    with Ovs() as ovs:
        dp = ovs.dp_new("d", ovs.portid)
        ovs.vport_new(dp, "x", upcall_pids=[ovs.portid])
        with socket.socket(socket.AF_PACKET, socket.SOCK_RAW) as s:
            s.bind(("y", 0))
            for _ in range(50):
                s.send(frame(rng, 60))
        ovs.sock.settimeout(2)
        try:
            ovs.sock.recv(65536)   # at least one upcall arrives
        except socket.timeout:
            return 12
        if explicit_delete:
            ovs.dp_del("d")
    return 0


class NetnsChurn(Worker):
    def __init__(self, seed):
        super().__init__(name="netns")
        self.rng = random.Random(seed)

    def work(self):
        while not stop.is_set():
            explicit = self.rng.random() < 0.5
            seed = self.rng.random()
            pid = os.fork()
            if pid == 0:
                try:
                    status = netns_child(explicit, seed)
                except Exception:
                    status = 13
                os._exit(status)
            _, status = os.waitpid(pid, 0)
            code = os.waitstatus_to_exitcode(status)
            count("netns with a datapath (%s)" % (
                "deleted first" if explicit else "left to the namespace exit"))
            if code:
                problems.add("netns child failed at step %d" % code)


# ---- the run ----------------------------------------------------------------

def final_checks(ovs, dps, ports, receivers):
    dps_left = sorted(ovs.dp_dump())
    if dps_left != ["dps"]:
        problems.add("datapaths at the end: %s, expected dps only" % dps_left)
    have = {name: port for name, (port, _) in ovs.vport_dump(dps).items()}
    if have != ports.model:
        problems.add("ports of dps at the end: %s, the model has %s" % (
            sorted(have.items()), sorted(ports.model.items())))
    hit, missed, lost, flows = ovs.dp_stats("dps")
    delivered = sum(r.by_dp.get(dps, 0) for r in receivers)
    print("dps: hit %d missed %d lost %d flows %d; upcalls received %d (%s); "
          "receive buffer overruns %s" % (
              hit, missed, lost, flows, delivered,
              " + ".join(str(r.by_dp.get(dps, 0)) for r in receivers),
              " + ".join(str(r.overruns) for r in receivers)))
    if hit or flows:
        problems.add("hit %d, flows %d: there is no flow table" % (hit, flows))
    if missed < lost:
        problems.add("missed %d < lost %d" % (missed, lost))
    if not missed:
        problems.add("no frame reached dps")
    if delivered != missed - lost:
        problems.add("upcalls received %d != missed - lost = %d" % (delivered, missed - lost))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    print("seed %d (--seed %d makes the same random choices; thread timing differs)" % (seed, seed))
    rng = random.Random(seed)

    ovs = Ovs()
    packet_family = ovs.ids["packet"]
    receivers = [Receiver("receiver-small", 16384, packet_family),
                 Receiver("receiver-large", 4 << 20, packet_family)]
    dps = ovs.dp_new("dps", receivers[0].portid,
                     features=OvsDp.F_UNALIGNED | OvsDp.F_VPORT_PIDS)
    set_up("dps")
    ports = PortChurn(dps, receivers, rng.random())
    workers = [ports, DpChurn(dps, receivers, rng.random()), NetnsChurn(rng.random())]
    veths = ["b%d" % i for i in range(NVETH)]
    senders = [threading.Thread(target=sender, args=(lambda d=d: [d], rng.random()),
                                name="send-" + d) for d in veths + ["t1"]]
    senders.append(threading.Thread(target=sender, args=(ports.live_internal, rng.random()),
                                    name="send-internal"))
    for t in receivers + workers + senders:
        t.start()
    time.sleep(args.seconds)
    stop.set()
    for t in workers + senders:
        t.join(60)
        if t.is_alive():
            problems.add("thread %s did not stop within 60 s" % t.name)
    # Every frame has entered by now; wait until the receivers are idle.
    deadline = time.monotonic() + 20
    while not all(r.quiet_for(1.0) for r in receivers) and time.monotonic() < deadline:
        time.sleep(0.2)
    for r in receivers:
        r.quit.set()
        r.join()

    for what in sorted(counts):
        print("  %6d  %s" % (counts[what], what))
    final_checks(ovs, dps, ports, receivers)
    if problems.items:
        print("FAIL:")
        for p in problems.items:
            print("  " + p)
        return 1
    print("ok: the model and the kernel agree; dps and its ports %s are left for rmmod" %
          " ".join(sorted(ports.model)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
