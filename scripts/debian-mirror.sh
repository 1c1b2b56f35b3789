#!/usr/bin/env bash
# Prints the Debian archive mirror this system's own apt sources use for its release (e.g.
# http://ftp.fr.debian.org/debian), so an extra source (scripts/setup.sh's Debian 13 libstdc++) comes from the
# same mirror, proxy or local cache. Reads one-line sources (sources.list, sources.list.d/*.list) and deb822
# ones (sources.list.d/*.sources). Falls back to http://deb.debian.org/debian when none matches.
# Usage: debian-mirror.sh [APT_DIR (default /etc/apt)] [CODENAME (default: this system's)]
set -euo pipefail
apt_dir="${1:-/etc/apt}"
codename="${2:-}"
if [ -z "$codename" ] && [ -r /etc/os-release ]; then
  codename=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release | tr -d '"')
fi
fallback="http://deb.debian.org/debian"

files=()
[ -f "$apt_dir/sources.list" ] && files+=("$apt_dir/sources.list")
for f in "$apt_dir"/sources.list.d/*.list "$apt_dir"/sources.list.d/*.sources; do
  [ -f "$f" ] && files+=("$f")
done

# The main archive: a `deb` entry for the release itself (or its -updates), with the main component, not security.
mirror=""
for f in "${files[@]}"; do
  case "$f" in
    *.sources)
      mirror=$(awk -v want="$codename" '
        function flush() {
          if (types ~ /(^| )deb( |$)/ && enabled != "no" && comps ~ /(^| )main( |$)/) {
            n = split(suites, s, " ")
            for (i = 1; i <= n; i++) if (s[i] == want || s[i] == want "-updates") {
              split(uris, u, " "); if (u[1] != "" && u[1] !~ /security/) { print u[1]; exit }
            }
          }
          types = ""; uris = ""; suites = ""; comps = ""; enabled = ""
        }
        /^[ \t]*#/ { next }
        /^[ \t]*$/ { flush(); next }
        {
          line = $0; key = tolower(substr(line, 1, index(line, ":") - 1)); value = substr(line, index(line, ":") + 1)
          gsub(/^[ \t]+|[ \t]+$/, "", value)
          if (key == "types") types = value; else if (key == "uris") uris = value
          else if (key == "suites") suites = value; else if (key == "components") comps = value
          else if (key == "enabled") enabled = tolower(value)
        }
        END { flush() }' "$f")
      ;;
    *)
      # deb [options] URI SUITE COMPONENT...
      mirror=$(awk -v want="$codename" '
        $1 != "deb" { next }
        {
          i = 2
          if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
          uri = $i; suite = $(i + 1); main = 0
          for (j = i + 2; j <= NF; j++) if ($j == "main") main = 1
          if (main && (suite == want || suite == want "-updates") && uri !~ /security/) { print uri; exit }
        }' "$f")
      ;;
  esac
  [ -n "$mirror" ] && break
done
mirror="${mirror%/}"
echo "${mirror:-$fallback}"
