#!/usr/bin/env bash
# Debian packages the test suite needs. Idempotent: installs only what is missing.
#   postgresql  server binaries (initdb, pg_ctl) for the throw-away test cluster
set -euo pipefail
# chromium: the browser tests (Playwright drives /usr/bin/chromium; never `playwright install`)
PACKAGES=(postgresql chromium fonts-dejavu-core)
# npm installs the dashboard's JavaScript (make install); Debian's npm only if none is on PATH
command -v npm >/dev/null 2>&1 || PACKAGES+=(nodejs npm)
# pyspark (lagebild[spark], tests/test_spark.py) needs a Java runtime; any java on PATH will do
command -v java >/dev/null 2>&1 || PACKAGES+=(default-jre-headless)
needed=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || needed+=("$pkg")
done
if [ ${#needed[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  # another apt run may hold the lock for a while: wait for it (bounded) instead of failing
  apt_retry() {
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
      $sudo_cmd env DEBIAN_FRONTEND=noninteractive "$@" -o DPkg::Lock::Timeout=60 && return 0
      echo "apt busy or failed (attempt $attempt), retrying in 10 s" >&2
      sleep 10
    done
    return 1
  }
  apt_retry apt-get update -qq
  apt_retry apt-get install -y -qq --no-install-recommends "${needed[@]}"
fi
