#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the team-server tests: `.ci/pg.sh start DIR PORT` makes one in DIR
# (owned by the `postgres` user, socket in DIR/sock, listening on 127.0.0.1:PORT, trust authentication for
# local connections only) and prints the URL the tests take in DUIZHAO_TEST_PG; `.ci/pg.sh stop DIR` stops
# it. Nothing outside DIR is touched. TLS is on, with a test CA in DIR/tls (ca.crt; other-ca.crt is one
# that must not be trusted).
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
  # TLS for the tests of sslmode: a test CA, a server certificate for localhost and 127.0.0.1 signed by it,
  # and an unrelated CA that must not be trusted (DUIZHAO_TEST_PG_CA and DUIZHAO_TEST_PG_OTHER_CA).
  if [ ! -s "$dir/tls/server.crt" ]; then
    mkdir -p "$dir/tls" && (cd "$dir/tls" &&
      openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Duizhao test CA" -keyout ca.key -out ca.crt &&
      openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Another CA" -keyout other.key -out other-ca.crt &&
      openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr &&
      printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > san.ext &&
      openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -extfile san.ext -out server.crt
    ) >"$dir/tls.log" 2>&1
    chown -R postgres "$dir/tls" && chmod 600 "$dir/tls/server.key"
  fi
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c fsync=off -c ssl=on -c ssl_cert_file=$dir/tls/server.crt -c ssl_key_file=$dir/tls/server.key" start >/dev/null
  echo "postgres://postgres@127.0.0.1:$port/postgres"
  ;;
stop)
  [ -s "$dir/data/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
  ;;
*) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
