#!/bin/bash
# 70-kmod-conformance: flowpath.ko answers Debian's ovs-dpctl (Open vSwitch
# 3.1) exactly as the in-tree openvswitch.ko does, and forwards, rewrites
# and counts real traffic the same way.
#
# Each case in tests/vm/lib/conform/cases/*.case (what it checks is in its
# header) runs first on openvswitch.ko, the reference, then on flowpath.ko,
# in this one boot; each run writes a transcript (commands, normalised
# output, exit statuses, frames received, counters; see lib.sh for the
# topology and for every normalisation and its reason). A case passes when
# the two transcripts are equal, and shows the diff when they are not.
# The scenario fails if any case fails, and prints how many passed.
#
# vm-timeout: 2400
#
# Knobs: FP_CONFORM_CASES='GLOB...' picks cases by name (default: all);
# FP_CONFORM_SHOW=1 prints each reference transcript;
# FP_CONFORM_SUBJECT=openvswitch runs the reference against itself, which
# proves that every case is deterministic (default: flowpath).
. "$FP_ROOT/tests/vm/lib/common.sh"
. "$FP_ROOT/tests/vm/lib/conform/lib.sh"

command -v ovs-dpctl >/dev/null || fp_skip "no ovs-dpctl (openvswitch-switch)"
subject=${FP_CONFORM_SUBJECT:-flowpath}
work=$(mktemp -d /tmp/conform.XXXXXX)
fp_cleanup_add rm -rf "$work"
fp_cleanup_add conform_veths_down
fp_cleanup_add sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0

shopt -s nullglob
cases=()
read -ra globs <<<"${FP_CONFORM_CASES:-*}"
for glob in "${globs[@]}"; do
	# shellcheck disable=SC2206 # the glob is meant to expand
	cases+=("$CONFORM_DIR"/cases/$glob.case)
done
[ ${#cases[@]} -gt 0 ] || fp_fail "no case matches '${FP_CONFORM_CASES:-*}'"

load_module() {
	case $1 in
	openvswitch) modprobe openvswitch || fp_fail "modprobe openvswitch" ;;
	flowpath) fp_load_flowpath ;;
	esac
}

unload_module() {
	conform_del_dps
	case $1 in
	openvswitch) modprobe -r openvswitch || fp_fail "modprobe -r openvswitch" ;;
	flowpath) rmmod flowpath || fp_fail "rmmod flowpath" ;;
	esac
}

# run_case FILE OUT: the case's transcript in OUT, on a fresh topology.
run_case() {
	local file=$1 out=$2
	conform_veths || { echo "setup: cannot make the veths" >"$out"; return; }
	if ! head -n1 "$file" | grep -q '^# setup: none'; then
		if ! ovs-dpctl add-dp dp0 h1p h2p h3p >"$out.setup" 2>&1; then
			{ echo "setup: ovs-dpctl add-dp dp0 h1p h2p h3p failed:"; cat "$out.setup"; } >"$out"
			return
		fi
	fi
	(
		set +e
		cd "$work" || exit 1
		# shellcheck disable=SC1090
		. "$file"
	) >"$out" 2>&1
	conform_del_dps
}

# run_all TAG MODULE: every case on MODULE, transcripts in $work/TAG/.
run_all() {
	local tag=$1 module=$2 c t0
	mkdir -p "$work/$tag"
	load_module "$module"
	for c in "${cases[@]}"; do
		t0=$SECONDS
		run_case "$c" "$work/$tag/$(basename "$c" .case)"
		fp_log "$tag: $(basename "$c" .case) ran in $((SECONDS - t0))s"
	done
	unload_module "$module"
}

conform_netns_up
run_all reference openvswitch
run_all subject "$subject"

pass=0 fail=0 failed=()
for c in "${cases[@]}"; do
	name=$(basename "$c" .case)
	[ "${FP_CONFORM_SHOW:-0}" = 1 ] && { echo "conform: $name on openvswitch.ko:"; cat "$work/reference/$name"; }
	# A case that broke on the reference (a helper crashed, setup failed)
	# proves nothing, whatever the subject printed.
	if grep -Eq '^setup: |Traceback|pkt.py: ' "$work/reference/$name"; then
		echo "conform: $name FAIL (broken on openvswitch.ko)"
		cat "$work/reference/$name"
		fail=$((fail + 1))
		failed+=("$name")
	elif diff -u --label "openvswitch.ko/$name" --label "$subject.ko/$name" \
		"$work/reference/$name" "$work/subject/$name" >"$work/$name.diff"; then
		echo "conform: $name PASS"
		pass=$((pass + 1))
	else
		echo "conform: $name FAIL"
		cat "$work/$name.diff"
		fail=$((fail + 1))
		failed+=("$name")
	fi
done
echo "conform: ${#cases[@]} cases on $subject.ko against openvswitch.ko: $pass passed, $fail failed"
[ $fail -eq 0 ] || fp_fail "cases that differ: ${failed[*]}"
