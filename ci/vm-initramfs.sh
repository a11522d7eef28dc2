#!/bin/bash
# Builds the guest's initramfs for kernel KVER into OUT (if missing or stale):
# busybox-static, the modules that mount the host root over virtio-9p with a
# tmpfs overlay, and ci/vm-init as /init. Everything else the guest runs comes
# from the host's own filesystem, so this image stays tiny and rarely changes.
set -euo pipefail

kver=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
mods=(netfs 9pnet 9pnet_virtio 9p overlay)	# in load order

if [ -f "$out" ] && [ "$out" -nt "$here/vm-init" ] && [ "$out" -nt "$0" ]; then
	exit 0
fi
for tool in busybox modinfo cpio xz; do
	command -v "$tool" >/dev/null || { echo "vm-initramfs: $tool missing (make deps)" >&2; exit 1; }
done
[ -d "/lib/modules/$kver" ] || { echo "vm-initramfs: no /lib/modules/$kver (make deps)" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,lower,upper,newroot,modules}
cp "$(command -v busybox)" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
for m in "${mods[@]}"; do
	f=$(modinfo -k "$kver" -F filename "$m")
	case "$f" in
	"(builtin)") continue ;;
	*.xz) xz -dc "$f" >"$stage/modules/$m.ko" ;;
	*) cp "$f" "$stage/modules/$m.ko" ;;
	esac
	echo "$m" >>"$stage/modules/order"
done
cp "$here/vm-init" "$stage/init"
chmod +x "$stage/init"
mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
echo "vm-initramfs: built $out"
