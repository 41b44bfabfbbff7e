#!/usr/bin/env bash
# Stand-ins, built here from Debian's packages, for the third-party images docker-compose.yml names: no image
# registry is reachable from this kind of machine. Each is tagged with the name the compose file uses, unless a
# real image of that name is already present. The Debian base is kept between runs (it takes about 30 s).
set -euo pipefail
cd "$(dirname "$0")"

BASE=bantin-standin/debian:bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

have() { docker image inspect "$1" >/dev/null 2>&1; }

if ! have "$BASE"; then
  root=$(mktemp -d)
  chmod 755 "$root"  # mktemp made it 0700: it becomes the image's /, which every user must enter
  debootstrap --variant=minbase bookworm "$root" "$MIRROR" >/dev/null
  tar -C "$root" -c . | docker import - "$BASE" >/dev/null
  rm -rf "$root"
fi

# The host's CA bundle goes into the images: package mirrors may sit behind a TLS-inspecting proxy.
cp /etc/ssl/certs/ca-certificates.crt images/python/ca-certificates.crt

build() {  # build NAME DIR: only when no image of that name exists yet
  if ! have "$1"; then
    docker build -q --build-arg BASE="$BASE" -t "$1" "images/$2" >/dev/null
  fi
}
build python:3.11-slim python
build redis:7.2-alpine redis
build postgres:16-alpine postgres
build bantin-standin/s3:latest s3
rm -f images/python/ca-certificates.crt
