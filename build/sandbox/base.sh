#!/usr/bin/env bash
# Offline base for the sandbox image: a minimal Debian bookworm root made by
# debootstrap from the given apt mirror, imported into Docker as TAG.
# Usage: base.sh MIRROR_URL TAG   (needs root and debootstrap)
set -euo pipefail
mirror=$1
tag=$2
root=$(mktemp -d /var/tmp/codebay-rootfs.XXXXXX)
trap 'rm -rf "$root"' EXIT

echo "debootstrap: bookworm (minbase) from $mirror"
debootstrap --variant=minbase --components=main bookworm "$root" "$mirror"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*

echo "docker import: $tag"
tar -C "$root" --numeric-owner -c . \
  | docker import --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' - "$tag"
