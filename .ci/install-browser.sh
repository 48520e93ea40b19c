#!/usr/bin/env bash
# Install Debian's Chromium for the HTML report's browser test (tests/report/html-report-browser.test.ts),
# which drives /usr/bin/chromium through playwright-core. Idempotent: does nothing when it is there.
# Runs as root (CI and the developer machines are root); no browser is downloaded from anywhere
# but Debian's package archive.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-browser: need root (or sudo) to apt-get install chromium" >&2
    exit 1
  fi
fi

echo "install-browser: installing chromium from Debian's packages"
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
