#!/usr/bin/env bash
# A throwaway PostgreSQL for the service's store tests (tests/serve/postgres-store.test.ts and the
# two-instance test), from Debian's postgresql package: installs it when missing, initdb's a cluster
# in a temporary directory (as the 'postgres' user when run as root: PostgreSQL refuses root), starts
# it on a free loopback port with trust auth, creates database 'alsrec', and prints shell exports:
#
#   eval "$(bash .ci/install-postgres.sh)"        # sets ALSREC_PG_URL and ALSREC_PG_DIR
#   bash .ci/install-postgres.sh stop "$ALSREC_PG_DIR"
set -euo pipefail

log() { echo "install-postgres: $*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
BIN="$(find_bin)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  log "installing postgresql from Debian's packages"
  $SUDO apt-get update -qq >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  BIN="$(find_bin)"
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "stop" ]; then
  DIR="${2:?usage: install-postgres.sh stop DIR}"
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >&2 || true
  rm -rf "$DIR"
  exit 0
fi

DIR="$(mktemp -d /tmp/alsrec-pg.XXXXXX)"
chmod 755 "$DIR"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DIR"; fi
PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"

as_owner "$BIN/initdb" -D "$DIR/data" -A trust -U alsrec --no-sync >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=50" start >&2 \
  || { cat "$DIR/server.log" >&2; exit 1; }
as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U alsrec alsrec
log "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT, data in $DIR"
echo "export ALSREC_PG_URL=postgres://alsrec@127.0.0.1:$PORT/alsrec"
echo "export ALSREC_PG_DIR=$DIR"
