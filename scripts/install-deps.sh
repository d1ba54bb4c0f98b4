#!/usr/bin/env bash
# Install the Debian 12 packages Créneau needs (called by `make deps`).
#   scripts/install-deps.sh          build + run dependencies
#   scripts/install-deps.sh --test   the same plus what the test suites need
# Idempotent and fast: only missing packages are installed (one apt-get
# update + install for all of them). Must run as root when something is
# missing. Prints one line per action.
set -euo pipefail

BASE_PKGS=(
  build-essential g++ make pkg-config gettext
  libfcgi-dev libctemplate-dev libmariadb-dev
  mariadb-server mariadb-client nginx-light
  libsodium-dev libssl-dev libcurl4-openssl-dev libcmocka-dev libqrencode-dev libjson-c-dev libgmime-3.0-dev
  espeak-ng sox
  libjs-leaflet libjs-chart.js
  curl jq ca-certificates openssl procps
)
TEST_PKGS=(chromium wrk python3 python3-aiosmtpd clang libclang-rt-dev)

usage() { echo "usage: $0 [--test]" >&2; exit 2; }

with_test=0
for arg in "$@"; do
  case "$arg" in
    --test) with_test=1 ;;
    -h|--help) usage ;;
    *) echo "install-deps: unknown argument: $arg" >&2; usage ;;
  esac
done

is_installed() {
  local status
  status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
  [[ "$status" == "install ok installed" ]]
}

# apt may be locked for a moment (unattended-upgrades, another apt run):
# wait for the dpkg lock, and retry the whole command a few times.
apt_retry() {
  local try
  for try in 1 2 3 4 5; do
    if DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 -q "$@"; then
      return 0
    fi
    echo "install-deps: 'apt-get $1' failed (attempt $try/5), retrying in 10 s"
    sleep 10
  done
  echo "install-deps: 'apt-get $*' kept failing" >&2
  return 1
}

wanted=("${BASE_PKGS[@]}")
if (( with_test )); then
  wanted+=("${TEST_PKGS[@]}")
  # Node.js: keep whatever `node` is already there (e.g. a NodeSource
  # install); otherwise take Debian's.
  if command -v node >/dev/null 2>&1; then
    echo "install-deps: node $(node --version) found, not installing nodejs"
    command -v npm >/dev/null 2>&1 || echo "install-deps: warning: node is present but npm is not" >&2
  else
    wanted+=(nodejs npm)
  fi
fi

missing=()
for p in "${wanted[@]}"; do
  if ! is_installed "$p"; then missing+=("$p"); fi
done

if (( ${#missing[@]} == 0 )); then
  echo "install-deps: all ${#wanted[@]} packages already installed"
  exit 0
fi

echo "install-deps: missing: ${missing[*]}"
if (( EUID != 0 )); then
  echo "install-deps: must be run as root to install packages (try: sudo $0 $*)" >&2
  exit 1
fi
echo "install-deps: apt-get update"
apt_retry update
echo "install-deps: apt-get install ${missing[*]}"
apt_retry install -y --no-install-recommends "${missing[@]}"
echo "install-deps: done"
