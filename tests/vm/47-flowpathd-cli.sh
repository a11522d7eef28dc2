#!/bin/bash
# flowpathd's life and fpctl's refusals: a bad config stops the start with
# file, line, token and reason; a second daemon on one socket is refused;
# --detach returns once the daemon serves and --pidfile names it; the
# control socket is root-only; each refusal exits 1 or 2 and says why, and
# leaves the running configuration (and its file) as it was.
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/flowpathd.sh"

fpd_load_datapath
fpd_host h1 10.0.0.1 h1p
fpd_host h2 10.0.0.2 h2p

# expect_rc WANT WHAT CMD...: stdout+stderr in $out.
expect_rc() {
	local want=$1 what=$2 rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	[ "$rc" = "$want" ] || fp_fail "$what: '$*' exited $rc, expected $want: $out"
	fp_log "ok: $what (exit $rc)${out:+: $out}"
}

expect_rc 1 "fpctl without a daemon" "$FPCTL" show
fp_expect_match "cannot connect to flowpathd at $FPD_SOCK: .*is flowpathd running" "$out" \
	"fpctl says where it looked"

printf 'bridge br0\nport br0 h1p\n# fine so far\nport br0 h2p acces=10\n' >"$FPD_CONF"
expect_rc 1 "a config with a bad line" "$FPD" --config "$FPD_CONF" --socket "$FPD_SOCK"
fp_expect_match "$FPD_CONF:4: 'acces=10': unknown port option" "$out" "file, line, token and reason"
[ -e "$FPD_SOCK" ] && fp_fail "a daemon that did not start left its socket"
fp_expect_eq "" "$(fpctl dp show 2>/dev/null | grep br0)" "no datapath from a config refused"

printf 'bridge br0\nport br0 h1p\nport br0 h2p\nrule br0 actions=normal\n' >"$FPD_CONF"
expect_rc 0 "--detach --pidfile" "$FPD" --config "$FPD_CONF" --socket "$FPD_SOCK" \
	--detach --pidfile "$FPD_DIR/pid"
pid=$(cat "$FPD_DIR/pid") || fp_fail "no pidfile"
fp_cleanup_add "kill -KILL $pid"
fp_cleanup_add "[ -d /sys/module/$FPD_DP_MODULE ] && $FPCTL dp del br0"
kill -0 "$pid" || fp_fail "the pid in the pidfile is not running"
expect_rc 0 "show through the detached daemon" "$FPCTL" show br0
ip netns exec h1 ping -c 1 -W 2 10.0.0.2 >/dev/null || fp_fail "ping through the detached daemon"
fp_expect_eq "600" "$(stat -c %a "$FPD_SOCK")" "control socket mode"

expect_rc 1 "a second daemon on the same socket" "$FPD" --config "$FPD_CONF" --socket "$FPD_SOCK"
fp_expect_match "another flowpathd is serving $FPD_SOCK" "$out" "the second daemon says why"
expect_rc 0 "the first still serves" "$FPCTL" show

# Root-only: a socket opened up by mistake still refuses other users.
if command -v setpriv >/dev/null; then
	expect_rc 1 "fpctl as nobody" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$FPCTL" --socket "$FPD_SOCK" add-br evil
	chmod 711 "$FPD_DIR"
	chmod 666 "$FPD_SOCK"
	expect_rc 1 "fpctl as nobody, the socket opened up" setpriv --reuid=65534 \
		--regid=65534 --clear-groups "$FPCTL" --socket "$FPD_SOCK" add-br evil
	fp_expect_match "uid 65534 is not root" "$out" "the daemon names the refused uid"
	chmod 600 "$FPD_SOCK"
	chmod 700 "$FPD_DIR"
	fpctl show evil >/dev/null 2>&1 && fp_fail "nobody's add-br went through"
fi

conf=$(cat "$FPD_CONF")
expect_rc 1 "add-br of an existing bridge" "$FPCTL" add-br br0
fp_expect_match "'br0': already a bridge" "$out" "add-br twice"
expect_rc 2 "add-br of a bad name" "$FPCTL" add-br 0123456789abcdef
fp_expect_match "cannot name a bridge: it is longer than 15 characters" "$out" "bad bridge name"
expect_rc 1 "add-port of a missing netdev" "$FPCTL" add-port br0 nosuch0
fp_expect_match "nosuch0: kernel refused OVS_VPORT_CMD_NEW: .*No such device" "$out" \
	"the kernel's refusal reaches the user"
expect_rc 1 "add-port of a port of br0" "$FPCTL" add-port br0 h1p
expect_rc 2 "add-port with a bad option" "$FPCTL" add-port br0 h3p trunk=10
expect_rc 1 "a command on a missing bridge" "$FPCTL" dump-rules br9
fp_expect_match "no bridge named br9" "$out" "missing bridge named"
expect_rc 2 "a rule that does not parse" "$FPCTL" add-flow br0 "priority=5,tcp,tp_dst=99999,actions=drop"
fp_expect_match "tp_dst" "$out" "the refused token"
expect_rc 2 "del-flows with an unknown option" "$FPCTL" del-flows br0 --stric
expect_rc 2 "too many words" "$FPCTL" show br0 br1
fp_expect_match "usage: fpctl show \[BRIDGE\]" "$out" "the usage line"
expect_rc 0 "add-flow --help" "$FPCTL" add-flow --help
fp_expect_match "usage: fpctl add-flow BRIDGE RULE" "$out" "per-command help"

# A rule naming a port keeps it from being deleted.
expect_rc 0 "a rule naming h2p" "$FPCTL" add-flow br0 priority=50,in_port=h2p,actions=output:h1p
expect_rc 1 "del-port of a port a rule names" "$FPCTL" del-port br0 h2p
fp_expect_match "delete or change that rule first" "$out" "del-port refusal"
expect_rc 0 "del-flows --strict of that rule" "$FPCTL" del-flows br0 --strict priority=50,in_port=h2p
fp_expect_eq "$conf" "$(cat "$FPD_CONF" | grep -v '^#' | grep -v '^$')" \
	"the config after all the refusals"
fp_expect_eq "600" "$(stat -c %a "$FPD_CONF")" "config file mode"
expect_rc 0 "del-port" "$FPCTL" del-port h2p
grep -q 'h2p' "$FPD_CONF" && fp_fail "h2p still in the config after del-port"

kill -TERM "$pid"
gone() { ! kill -0 "$pid" 2>/dev/null; }
fpd_wait_until 10 "the detached daemon exits on SIGTERM" gone
[ -e "$FPD_SOCK" ] && fp_fail "the socket outlived the daemon"
[ -e "$FPD_DIR/pid" ] && fp_fail "the pidfile outlived the daemon"
fp_log "ok: SIGTERM stops it and removes its socket and pidfile"
expect_rc 0 "the datapath outlives the daemon" "$FPCTL" dp show br0
