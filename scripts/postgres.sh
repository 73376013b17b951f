#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the store tests and prints the
# variables that point the tests at it:
#
#     eval "$(bash scripts/postgres.sh)" && .venv/bin/python -m pytest tests/store
#     bash scripts/postgres.sh --stop        # stops the one named by $FOOTCOACH_PG_DATA
#
# Installs the Debian postgresql package when no server binaries are found.
# The cluster lives in a fresh directory under /tmp, listens on 127.0.0.1 on
# the first free port from $FOOTCOACH_PG_PORT (default 55432) and runs as the
# postgres user when started by root. Only the export lines go to stdout;
# progress and errors go to stderr. Any failure exits non-zero.
set -euo pipefail

say() { echo "postgres.sh: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

as_owner() {
    # Runs a command as the cluster's owner.
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

find_bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/psql" ]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

if [ "${1:-}" = "--stop" ]; then
    data="${2:-${FOOTCOACH_PG_DATA:-}}"
    [ -n "$data" ] || die "--stop needs the data directory (or FOOTCOACH_PG_DATA)"
    bindir="$(find_bindir)" || die "no PostgreSQL binaries found"
    [ -d "$data/db" ] || die "$data does not hold a cluster made by this script"
    as_owner "$bindir/pg_ctl" -D "$data/db" -m fast -w stop >&2 || die "could not stop the server in $data"
    rm -rf -- "$data"
    say "stopped and removed $data"
    exit 0
fi

if ! bindir="$(find_bindir)"; then
    [ "$(id -u)" -eq 0 ] || die "PostgreSQL is not installed and installing it needs root"
    say "installing PostgreSQL from the Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q --no-install-recommends postgresql >&2; then
        apt-get update -q >&2 || die "apt-get update failed"
        apt-get install -y -q --no-install-recommends postgresql >&2 || die "apt-get install postgresql failed"
    fi
    bindir="$(find_bindir)" || die "postgresql was installed but initdb/pg_ctl were not found under /usr/lib/postgresql"
fi
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "there is no postgres user to run the server as"
fi

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
port="${FOOTCOACH_PG_PORT:-55432}"
for _ in $(seq 1 100); do
    port_in_use "$port" || break
    port=$((port + 1))
done
port_in_use "$port" && die "no free port found from ${FOOTCOACH_PG_PORT:-55432} upwards"

data="$(mktemp -d /tmp/footcoach-pg.XXXXXX)"
chmod 700 "$data"
[ "$(id -u)" -eq 0 ] && chown postgres: "$data"
log="$data/server.log"
db="footcoach_test"
user="footcoach"
password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

say "initdb in $data ($bindir)"
as_owner "$bindir/initdb" -D "$data/db" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 || {
    cat "$data/initdb.log" >&2
    die "initdb failed"
}

say "starting the server on 127.0.0.1:$port"
if ! as_owner "$bindir/pg_ctl" -D "$data/db" -l "$log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $data -c max_connections=50" start >&2; then
    [ -f "$log" ] && tail -n 30 "$log" >&2
    die "the PostgreSQL server did not start (log: $log)"
fi

psql_admin() {
    as_owner "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$data" -p "$port" -U postgres "$@"
}
psql_admin -d postgres -c "CREATE ROLE $user LOGIN PASSWORD '$password' CREATEDB" >&2 ||
    die "could not create the role $user"
psql_admin -d postgres -c "CREATE DATABASE $db OWNER $user" >&2 || die "could not create the database $db"

url="postgresql+psycopg://$user:$password@127.0.0.1:$port/$db"
# Prove the URL works over TCP with the password, as the tests will use it.
PGPASSWORD="$password" "$bindir/psql" -X -q -h 127.0.0.1 -p "$port" -U "$user" -d "$db" -c "SELECT 1" >/dev/null ||
    die "the server started but $user cannot log in over TCP"

say "ready: $db on 127.0.0.1:$port (stop with: bash scripts/postgres.sh --stop $data)"
echo "export FOOTCOACH_TEST_PG_URL='$url'"
echo "export FOOTCOACH_PG_DATA='$data'"
