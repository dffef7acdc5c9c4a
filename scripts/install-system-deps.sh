#!/usr/bin/env bash
# Debian packages the test suite needs. Idempotent: installs only what is missing.
set -euo pipefail
PACKAGES=()
# pyspark (lagebild[spark], tests/test_spark.py) needs a Java runtime; any java on PATH will do
command -v java >/dev/null 2>&1 || PACKAGES+=(default-jre-headless)
needed=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || needed+=("$pkg")
done
if [ ${#needed[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${needed[@]}"
fi
