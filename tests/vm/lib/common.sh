# Helpers for scenario scripts (sourced; bash). A scenario runs as root in
# the test guest with FP_ROOT, FP_KVER, FP_KMOD and FP_CACHE set, exits 0 to
# pass, 77 to skip, anything else to fail. Cleanup actions registered with
# fp_cleanup_add run in reverse order when the script exits, however it exits.

set -u

FPCTL=$FP_ROOT/build/fpctl
FP_CLEANUPS=()

fp_log() { echo "-- $*"; }

fp_fail() {
	echo "FAIL: $*" >&2
	exit 1
}

fp_skip() {
	echo "SKIP: $*" >&2
	exit 77
}

fp_cleanup_add() { FP_CLEANUPS+=("$*"); }

fp_run_cleanups() {
	local i
	for ((i = ${#FP_CLEANUPS[@]} - 1; i >= 0; i--)); do
		eval "${FP_CLEANUPS[i]}" >/dev/null 2>&1
	done
	FP_CLEANUPS=()
}
trap fp_run_cleanups EXIT

# fp_expect_eq WANT GOT WHAT
fp_expect_eq() {
	[ "$1" = "$2" ] || fp_fail "$3: expected '$1', got '$2'"
	fp_log "ok: $3 = $2"
}

# fp_expect_match REGEX TEXT WHAT (extended regex, anywhere in TEXT)
fp_expect_match() {
	grep -Eq -- "$1" <<<"$2" || fp_fail "$3: '$2' does not match /$1/"
	fp_log "ok: $3"
}


# fp_expect_ping_unbroken FILE MIN WHAT: FILE holds the output of a ping
# stopped by a signal; every request up to the last one answered must have
# its reply, and at least MIN must have been answered. ping's own summary
# is no use here: the request in flight when the signal lands counts as
# lost there, and a loaded guest has one in flight often enough to flake.
fp_expect_ping_unbroken() {
	local file=$1 min=$2 what=$3 verdict
	verdict=$(grep -o 'icmp_seq=[0-9]*' "$file" | cut -d= -f2 | sort -nu |
		awk -v min="$min" '{ got[$1] = 1; n++; if ($1 > last) last = $1 }
			END {
				for (s = 1; s <= last; s++) if (!(s in got)) gaps = gaps " " s
				if (n < min) print "only " n + 0 " replies, expected at least " min
				else if (gaps != "") print "no reply to icmp_seq" gaps " of 1-" last
				else print "ok " last
			}')
	[[ $verdict == ok* ]] || fp_fail "$what: $verdict"
	fp_log "ok: $what (replies to icmp_seq 1-${verdict#ok })"
}
# fp_expect_fail WHAT CMD...: CMD must exit non-zero; its stderr is shown.
fp_expect_fail() {
	local what=$1 out
	shift
	if out=$("$@" 2>&1); then
		fp_fail "$what: '$*' succeeded, expected a refusal"
	fi
	fp_log "ok: $what refused: $out"
}

# fp_expect_rc WANT WHAT CMD...: runs CMD and fails the scenario unless it
# exits WANT; leaves its stdout in $out and its stderr in $err.
fp_expect_rc() {
	local want=$1 what=$2 rc dir
	shift 2
	dir=$(mktemp -d) || fp_fail "mktemp for $what"
	"$@" >"$dir/out" 2>"$dir/err"
	rc=$?
	out=$(cat "$dir/out")
	err=$(cat "$dir/err")
	rm -rf "$dir"
	[ "$rc" = "$want" ] ||
		fp_fail "$what: '$*' exited $rc, expected $want; stdout: $out; stderr: $err"
	fp_log "ok: $what (exit $rc)${err:+: ${err:0:300}}"
}

# fp_netns_add NAME: a fresh network namespace with lo up, removed at exit.
fp_netns_add() {
	ip netns add "$1" || fp_fail "ip netns add $1"
	fp_cleanup_add ip netns delete "$1"
	ip -n "$1" link set lo up
}

# Runs "ip" in namespace NS, or in the root namespace when NS is "".
fp_ip() {
	local ns=$1
	shift
	if [ -n "$ns" ]; then ip -n "$ns" "$@"; else ip "$@"; fi
}

# fp_veth NAME_A NS_A NAME_B NS_B: a veth pair, each end in its namespace
# ("" = the root namespace), both up.
fp_veth() {
	ip link add "$1" type veth peer name "$3" || fp_fail "veth $1/$3"
	fp_cleanup_add ip link delete "$1"
	[ -n "$2" ] && ip link set "$1" netns "$2"
	[ -n "$4" ] && ip link set "$3" netns "$4"
	fp_ip "$2" link set "$1" up
	fp_ip "$4" link set "$3" up
}

# fp_addr NS DEV CIDR
fp_addr() { fp_ip "$1" addr add "$3" dev "$2" || fp_fail "addr $3 on $2"; }

# fp_load_flowpath [PARAM=VALUE...]: insmod the module built for this kernel.
fp_load_flowpath() {
	[ -f "$FP_KMOD" ] || fp_fail "no $FP_KMOD: run make first"
	insmod "$FP_KMOD" "$@" || fp_fail "insmod flowpath.ko $*"
	fp_cleanup_add rmmod flowpath
}

fp_unload_flowpath() {
	rmmod flowpath || fp_fail "rmmod flowpath"
}

# fp_wait_for FILE REGEX [SECONDS]: waits until FILE has a line matching REGEX.
fp_wait_for() {
	local file=$1 re=$2 secs=${3:-20} i
	for ((i = 0; i < secs * 10; i++)); do
		grep -Eq -- "$re" "$file" 2>/dev/null && return 0
		sleep 0.1
	done
	fp_fail "timed out after ${secs}s waiting for /$re/ in $file: $(cat "$file" 2>/dev/null)"
}

# fp_genl_families: the generic netlink family names the kernel has.
fp_genl_families() {
	genl ctrl list 2>/dev/null | sed -n 's/^Name: *\([^ ]*\).*/\1/p'
}
