#!/usr/bin/env bash
# test.sh is `make test`: it prepares everything the tests start for real
# (front-end assets, Debian's Chromium for chromedp, PostgreSQL, Mosquitto)
# and runs every Go test with CI=1, so that store tests run on PostgreSQL as
# well as SQLite instead of skipping it.
#
# Usage: scripts/test.sh [packages…]   (default ./...)
# GOTESTFLAGS adds flags (default -count=1: the tests talk to real services
# whose state is not part of go's test cache key).
#
# The raw `go test -json` stream is kept in bin/test.json. The closing line
# is "N passed, N failed, N skipped"; the exit status is go test's own.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash scripts/assets.sh

if ! command -v chromium >/dev/null; then
	echo "test: installing Debian's chromium for browser tests"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi

bash scripts/services.sh

mkdir -p bin
go build -o bin/testsum ./scripts/testsum

pkgs=("$@")
[[ ${#pkgs[@]} -gt 0 ]] || pkgs=(./...)
# shellcheck disable=SC2086 # GOTESTFLAGS is a list of flags
set +e
CI=1 go test -json -timeout 40m ${GOTESTFLAGS:--count=1} "${pkgs[@]}" 2>&1 |
	tee bin/test.json | bin/testsum
status=${PIPESTATUS[0]}
set -e
exit "$status"
