#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build netdevsim.ko for the test guest. Debian's kernels leave
# CONFIG_NETDEVSIM unset, but the driver is self-contained, so it builds out of
# tree from the Debian kernel source package against the installed headers:
#
#   ci/netdevsim-build.sh [KVER]    (default: the newest 6.12 in /lib/modules)
#
# Result: .cache/netdevsim-KVER/netdevsim.ko (the guest finds it through
# $FP_CACHE). Runs on the host. Nothing of the kernel source is kept: it is
# extracted into a temporary directory and removed after the build.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
tarball=${FP_KSRC_TARBALL:-/usr/src/linux-source-6.12.tar.xz}

die() { echo "netdevsim-build: $*" >&2; exit 1; }

if [ $# -ge 1 ]; then
	kver=$1
else
	kver=$(cd /lib/modules && ls -d 6.12* 2>/dev/null | sort -V | tail -n 1)
	[ -n "$kver" ] || die "no 6.12 kernel in /lib/modules; pass KVER"
fi
kdir=/lib/modules/$kver/build
out=$repo/.cache/netdevsim-$kver
ko=$out/netdevsim.ko

[ -f "$tarball" ] || die "kernel source $tarball is missing (apt-get install linux-source-6.12)"
[ -d "$kdir" ] || die "no kernel headers at $kdir (apt-get install linux-headers-$kver)"

mkdir -p "$out"
# Runners of several engineers may call this at the same moment: one builds,
# the others wait for it and then find the module up to date.
exec 9>"$out/.lock"
flock 9

# Up to date when newer than both the source and this recipe.
if [ -f "$ko" ] && [ "$ko" -nt "$tarball" ] && [ "$ko" -nt "$0" ]; then
	echo "netdevsim-build: $ko is up to date"
	exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/netdevsim-build.XXXXXX")
trap 'rm -rf "$work"' EXIT

top=$(basename "$tarball" .tar.xz)
echo "netdevsim-build: building netdevsim.ko for $kver from $(basename "$tarball")"
tar -xJf "$tarball" -C "$work" "$top/drivers/net/netdevsim" ||
	die "could not extract drivers/net/netdevsim from $tarball"
src=$work/$top/drivers/net/netdevsim

# Kbuild's output is noise when it works and the whole story when it fails.
if ! make -C "$kdir" M="$src" CONFIG_NETDEVSIM=m -j"$(nproc)" modules \
		>"$work/build.log" 2>&1; then
	cat "$work/build.log" >&2
	die "build against $kdir failed (log above)"
fi
# Install atomically, so that a guest booting meanwhile sees the old module or
# the new one, never half of one.
cp "$src/netdevsim.ko" "$ko.tmp"
mv -f "$ko.tmp" "$ko"
