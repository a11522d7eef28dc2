#!/bin/bash
# Installs what a fresh Debian 12 machine lacks to build and test flowpath:
# libraries, the guest kernel (6.12 image, headers, source for netdevsim),
# the 6.1 headers for the LTS build check, QEMU, and the peers and traffic
# tools scenarios drive. A no-op (one dpkg-query) when all is there.
set -euo pipefail

pkgs=(
	make gcc pkg-config libc6-dev
	libmnl-dev libnl-3-dev libnl-route-3-dev libcriterion-dev
	iproute2 ethtool kmod procps psmisc util-linux
	qemu-system-x86 busybox-static cpio xz-utils gzip
	linux-image-6.12-amd64 linux-headers-6.12-amd64 linux-source-6.12
	linux-headers-amd64
	openvswitch-switch
	iputils-ping iperf3 tcpdump python3 jq
)

missing=()
for p in "${pkgs[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$status" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: need root to apt-get install: sudo $0" >&2
	exit 1
fi
# Packages such as openvswitch-switch start services on install; this
# machine only builds and boots guests, so keep them from starting.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod +x "$policy"
	trap 'rm -f "$policy"' EXIT
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
