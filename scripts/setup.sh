#!/usr/bin/env bash
# One idempotent set-up for a fresh machine: everything the README's two commands need.
# It says what it does; it changes nothing that is already right.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '[setup] %s\n' "$*"; }

sudo_cmd=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo_cmd="sudo"; fi
apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    log "apt-get not found: install $* with your system's package manager (see environment.md)"; return 0
  fi
  if [ "$apt_updated" -eq 0 ]; then $sudo_cmd apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
need_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# 1. TorchSharp 0.107's native library needs libstdc++ with GLIBCXX_3.4.32 (GCC 13+).
#    Debian 12 ships 3.4.30: take libstdc++6 alone from Debian 13 through a source pinned low,
#    so nothing else on the system moves to the newer release.
libstdcxx=""
for f in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 /usr/lib/aarch64-linux-gnu/libstdc++.so.6; do
  [ -e "$f" ] && libstdcxx="$f" && break
done
if [ -n "$libstdcxx" ] && ! grep -q GLIBCXX_3.4.32 "$libstdcxx"; then
  if [ -r /etc/os-release ] && grep -q '^VERSION_CODENAME=bookworm' /etc/os-release; then
    # The same mirror the system's own sources use (a local mirror, proxy or cache keeps working), else deb.debian.org.
    mirror=$(bash "$here/scripts/debian-mirror.sh" /etc/apt bookworm)
    log "libstdc++ lacks GLIBCXX_3.4.32 (TorchSharp needs it): installing libstdc++6 from Debian 13 (trixie) via $mirror, pinned at priority 100"
    echo "deb $mirror trixie main" | $sudo_cmd tee /etc/apt/sources.list.d/course-trixie.list >/dev/null
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' | $sudo_cmd tee /etc/apt/preferences.d/course-trixie >/dev/null
    $sudo_cmd apt-get update -qq; apt_updated=1
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq -t trixie --no-install-recommends \
      -o APT::Get::Upgrade-By-Source-Package=false libstdc++6 >/dev/null
    grep -q GLIBCXX_3.4.32 "$libstdcxx" && log "libstdc++ now provides GLIBCXX_3.4.32"
  elif [ -r /etc/os-release ] && grep -q '^VERSION_CODENAME=jammy' /etc/os-release; then
    log "libstdc++ lacks GLIBCXX_3.4.32 (TorchSharp needs it): installing GCC 13's libstdc++6 from the Ubuntu toolchain PPA"
    apt_install software-properties-common
    $sudo_cmd add-apt-repository -y ppa:ubuntu-toolchain-r/test >/dev/null
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --only-upgrade libstdc++6 >/dev/null
  else
    log "WARNING: $libstdcxx lacks GLIBCXX_3.4.32 and this system is not one the set-up knows; see environment.md"
  fi
fi

# 2. Debian packages the course uses: Fashion-MNIST (chapter 07 fallback), Chromium and an emoji font (book tests),
#    a real Jupyter client (kernel tests), nbconvert (slides, HTML export) and the classic Notebook (front-end tests in a real browser).
if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in dataset-fashion-mnist chromium fonts-noto-color-emoji python3-nbclient python3-jupyter-client python3-nbformat jupyter-nbconvert jupyter-notebook; do
    need_pkg "$p" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then log "installing Debian packages: ${missing[*]}"; apt_install "${missing[@]}"; fi
fi

# 3. Front-end files the book copies into the site (KaTeX, plotly.js) and datasets from npm.
if [ -f "$here/package.json" ] && command -v npm >/dev/null 2>&1; then
  if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
    log "installing pinned npm packages (package-lock.json)"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
# 4. A private JupyterLab 4.0 for the front-end tests (Debian's jupyterlab and the Python 3.13 it was built for,
#    unpacked into artifacts/jupyterlab; apt refuses to install it beside this Node.js). Returns at once when made.
#    Without it only the JupyterLab test is skipped, and says why.
if command -v apt-get >/dev/null 2>&1; then
  if ! jupyterlab_prefix=$(bash "$here/scripts/jupyterlab-prefix.sh" 2>&1); then
    log "WARNING: no private JupyterLab (the JupyterLab front-end test will be skipped): ${jupyterlab_prefix##*$'\n'}"
  fi
fi
log "done"
