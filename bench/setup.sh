#!/usr/bin/env bash
# Debian packages the benchmarks use (peers and load generators). Idempotent; run as root.
#   bash bench/setup.sh
set -euo pipefail
need=()
# nghttp2-client: h2load, the DoH load generator of bench/filter/doh.ts
for pkg in dnsperf dnsmasq-base unbound bind9-dnsutils wrk postgresql nghttp2-client; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  echo "bench: installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
# The Debian unbound package may start a system resolver; the benchmark runs its own instances.
dnsmasq --version | head -n 1
unbound -V | head -n 1
dnsperf -h 2>&1 | grep -m1 -i version || true
