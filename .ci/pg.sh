#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the team-server tests: `.ci/pg.sh start DIR PORT` makes one in DIR
# (owned by the `postgres` user, socket in DIR/sock, listening on 127.0.0.1:PORT, trust authentication for
# local connections only) and prints the URL the tests take in DUIZHAO_TEST_PG; `.ci/pg.sh stop DIR` stops
# it. Nothing outside DIR is touched.
set -euo pipefail
cmd=$1 dir=$2 port=${3:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_pg() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }
case $cmd in
start)
  mkdir -p "$dir/sock"
  chown -R postgres "$dir"
  if [ ! -s "$dir/data/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
  fi
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  echo "postgres://postgres@127.0.0.1:$port/postgres"
  ;;
stop)
  [ -s "$dir/data/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
  ;;
*) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
