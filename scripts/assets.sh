#!/usr/bin/env bash
# assets.sh installs the pinned front-end packages (package-lock.json) and
# copies only the files the browser needs at run time into
# internal/platform/web/static/vendor/, where go:embed picks them up.
# vendor/ is gitignored: third-party files are never committed and never
# loaded from a CDN (政务内网 has no internet).
#
# Idempotent and fast: npm runs only when node_modules is missing or older
# than the lockfile, and a file is copied only when its content changed, so
# a second run touches nothing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

nm=node_modules
vendor=internal/platform/web/static/vendor

# npm writes node_modules/.package-lock.json on every install: it is the
# marker of "installed from this lockfile".
if [[ ! -f $nm/.package-lock.json || package-lock.json -nt $nm/.package-lock.json ]]; then
	if ! command -v npm >/dev/null; then
		if [[ $(id -u) -eq 0 ]]; then
			echo "assets: npm not found; installing Debian's npm" >&2
			DEBIAN_FRONTEND=noninteractive apt-get update -qq
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
		else
			echo "assets: npm is required (Debian: apt-get install npm)" >&2
			exit 1
		fi
	fi
	# --ignore-scripts: none of these packages needs an install script, and
	# running none means nothing but the locked packages is ever fetched.
	npm ci --no-audit --no-fund --ignore-scripts
	touch "$nm/.package-lock.json"
fi

# Each line: source under node_modules, destination under vendor/.
manifest=$(
	cat <<'LIST'
htmx.org/dist/htmx.min.js                                  htmx.min.js
echarts/dist/echarts.min.js                                echarts.min.js
leaflet/dist/leaflet.js                                    leaflet.js
leaflet/dist/leaflet.css                                   leaflet.css
leaflet/dist/images/layers.png                             images/layers.png
leaflet/dist/images/layers-2x.png                          images/layers-2x.png
leaflet/dist/images/marker-icon.png                        images/marker-icon.png
leaflet/dist/images/marker-icon-2x.png                     images/marker-icon-2x.png
leaflet/dist/images/marker-shadow.png                      images/marker-shadow.png
@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.min.js  leaflet-geoman.js
@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css     leaflet-geoman.css
LIST
)
# ECharts 5+ has the Chinese locale (zh) built into the full build; there
# is no separate langZH file to copy.

# Licences: every installed package is bundled into one of the files above
# (echarts carries zrender and tslib; leaflet-geoman carries turf, lodash and
# polyclip-ts), so every package's LICENSE/NOTICE ships beside them.
licences=$(
	find "$nm" -name package.json -not -path '*/test/*' -not -path '*/tests/*' -printf '%h\n' |
		while read -r dir; do
			# A package root has a "name"; nested package.json files (e.g.
			# echarts/lib/**/package.json marking module type) do not.
			grep -q '"name"' "$dir/package.json" 2>/dev/null || continue
			name=${dir#"$nm"/}
			name=${name//node_modules\//}
			name=${name//@/}
			for f in "$dir"/LICENSE* "$dir"/LICENCE* "$dir"/license* "$dir"/NOTICE*; do
				[[ -f $f ]] || continue
				base=$(basename "$f")
				echo "${f#"$nm"/} licenses/${name//\//__}.${base%.*}"
			done
		done | sort -u
	echo "echarts/licenses/LICENSE-d3 licenses/echarts.LICENSE-d3"
)

mkdir -p "$vendor"
want=$(mktemp)
trap 'rm -f "$want"' EXIT
changed=0
while read -r src dst; do
	[[ -n $src ]] || continue
	if [[ ! -f $nm/$src ]]; then
		echo "assets: $nm/$src is missing (package layout changed?)" >&2
		exit 1
	fi
	echo "$dst" >>"$want"
	if ! cmp -s "$nm/$src" "$vendor/$dst"; then
		mkdir -p "$(dirname "$vendor/$dst")"
		cp "$nm/$src" "$vendor/$dst"
		changed=$((changed + 1))
	fi
done <<<"$manifest
$licences"

# Remove what a previous version of this list copied but this one does not.
removed=0
while read -r f; do
	if ! grep -qxF "$f" "$want"; then
		rm -f "$vendor/$f"
		removed=$((removed + 1))
	fi
done < <(cd "$vendor" && find . -type f -printf '%P\n')
find "$vendor" -type d -empty -delete

echo "assets: vendor up to date ($(wc -l <"$want") files, $changed copied, $removed removed)"
