#!/usr/bin/env bash
# A private JupyterLab 4.0 for the front-end tests, from Debian's packages, leaving the system untouched.
#
# `apt-get install jupyterlab` refuses on these machines (its node-* build dependencies conflict with the
# installed Node.js), but the package ships JupyterLab already built: its Python side and its static files are
# all the tests need. JupyterLab 4.0 needs jupyter_server 2 and Python packages built for the Python of the
# release that carries it (Debian 13: Python 3.13), while the system's python3 may be older (Debian 12: 3.11,
# jupyter_server 1.23, which serves JupyterLab 4 half-broken). So this takes the whole Python side from that
# release: the interpreter, its standard library, jupyterlab and every Python package it needs, plus the OpenSSL
# its _ssl module links against. It resolves them as if nothing were installed (an empty dpkg status, so the set is
# complete and consistent), downloads them with `apt-get download` and unpacks them (dpkg-deb -x) into a prefix
# that only the tests use. The interpreter finds its own dist-packages from where it lives; the tests set
# LD_LIBRARY_PATH to the prefix's library folder (which holds only that OpenSSL and libpython).
# Idempotent: a finished prefix is left as it is.
#
# Usage: scripts/jupyterlab-prefix.sh [PREFIX]     (default: artifacts/jupyterlab)
# Prints the prefix on its last line; exits non-zero with the reason when it cannot be made.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="${1:-$here/artifacts/jupyterlab}"
log() { printf '[jupyterlab-prefix] %s\n' "$*" >&2; }
stamp="$prefix/.complete"

if [ -f "$stamp" ] && [ -x "$prefix/root/usr/bin/python3" ] && [ -f "$prefix/root/usr/bin/jupyter-lab" ]; then
  echo "$prefix"; exit 0
fi
for tool in apt-get apt-cache dpkg-deb; do
  command -v "$tool" >/dev/null 2>&1 || { log "$tool is missing: this needs a Debian-based system"; exit 2; }
done
# The release that carries jupyterlab (its first source line, e.g. "trixie/main").
release=$(apt-cache policy jupyterlab 2>/dev/null | awk '$1 ~ /^[0-9]+$/ && $2 ~ /^(https?|file|cdrom):/ {print $3; exit}')
release="${release%%/*}"
[ -n "$release" ] || { log "no jupyterlab package in the apt sources (Debian 13 'trixie' has 4.0.11): add a trixie source (scripts/setup.sh adds one pinned low on Debian 12) and run apt-get update"; exit 2; }

rm -rf "$prefix"
mkdir -p "$prefix/debs" "$prefix/root"
: >"$prefix/empty-status"
# Everything jupyterlab needs from its release as if nothing were installed; keep the Python side only.
apt-get -s -qq -t "$release" -o Dir::State::status="$prefix/empty-status" -o Debug::NoLocking=1 --no-install-recommends \
    install jupyterlab >"$prefix/closure" 2>"$prefix/closure.err" \
  || { log "apt cannot resolve jupyterlab from $release: $(tail -n 3 "$prefix/closure.err")"; exit 3; }
mapfile -t wanted < <(awk '$1 == "Inst" {print $2}' "$prefix/closure" \
  | grep -E '^(python3|libpython3|python-babel-localedata$|python-tinycss2-common$|jupyterlab$|libssl3)' | sort -u)
[ "${#wanted[@]}" -gt 10 ] || { log "apt resolved too little for jupyterlab from $release: ${wanted[*]}"; exit 3; }
log "downloading ${#wanted[@]} Debian packages from $release"
(cd "$prefix/debs" && apt-get download -qq -t "$release" "${wanted[@]}" 2>"$prefix/download.err" >/dev/null) \
  || { log "cannot download from $release: $(grep -v '^W: Download is performed unsandboxed' "$prefix/download.err" | tail -n 3)"; exit 3; }
for deb in "$prefix"/debs/*.deb; do dpkg-deb -x "$deb" "$prefix/root"; done
[ -x "$prefix/root/usr/bin/python3" ] && [ -f "$prefix/root/usr/bin/jupyter-lab" ] \
  || { log "the unpacked packages have no usr/bin/python3 or usr/bin/jupyter-lab"; exit 4; }
# Prove it starts: the prefix's Python imports JupyterLab's server side with nothing from the system's Python.
if ! LD_LIBRARY_PATH="$prefix/root/usr/lib/x86_64-linux-gnu" PYTHONNOUSERSITE=1 "$prefix/root/usr/bin/python3" -c \
    'import ssl, jupyterlab, jupyter_server, jupyterlab_server, babel; babel.Locale.parse("en_US"); print(jupyterlab.__version__, "on jupyter_server", jupyter_server.__version__)' \
    >"$prefix/version" 2>"$prefix/import.err"; then
  log "the unpacked JupyterLab does not import: $(tail -n 3 "$prefix/import.err")"; exit 5
fi
rm -rf "$prefix/debs" "$prefix/empty-status"
log "JupyterLab $(cat "$prefix/version") unpacked in $prefix"
touch "$stamp"
echo "$prefix"
