#!/usr/bin/env bash
# Debian packages the test suite needs. Idempotent: installs only what is missing.
set -euo pipefail
# chromium: the browser tests (Playwright drives /usr/bin/chromium; never `playwright install`)
PACKAGES=(chromium fonts-dejavu-core)
# npm installs the dashboard's JavaScript (make install); Debian's npm only if none is on PATH
command -v npm >/dev/null 2>&1 || PACKAGES+=(nodejs npm)
needed=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || needed+=("$pkg")
done
if [ ${#needed[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  # apt may be locked for a while by another installer: retry instead of failing at once
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if $sudo_cmd apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${needed[@]}"; then
      break
    fi
    [ "$attempt" -eq 10 ] && { echo "install-system-deps: cannot install ${needed[*]}" >&2; exit 1; }
    sleep 15
  done
fi
