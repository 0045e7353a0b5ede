#!/usr/bin/env bash
# Bring up a real CKAN 2.11 on 127.0.0.1 for the publishing tests: its own PostgreSQL
# cluster, its own Redis, file uploads on disk, and a Solr-protocol stand-in (solrstub.py)
# because Solr cannot be installed on these machines. Configured as Japanese portals are:
# the datastore and the DataTables view (previews with a data dictionary), and a licence
# list with CC BY 4.0 (licenses.json, read from disk: no network). Everything it starts is recorded in
# $PP_CKAN_HOME so teardown.sh stops exactly that and nothing else.
#
# Ports differ from CKAN's defaults so a developer's own CKAN/Redis/PostgreSQL keep running.
# The CKAN virtualenv is a cache: built once (pip), reused by later runs.
# Needs root (apt, and `su postgres` to run the cluster), as CI and these machines are.
#
# Env (all optional): PP_CKAN_HOME, PP_CKAN_VERSION, PP_CKAN_PORT, PP_SOLR_PORT,
#                     PP_REDIS_PORT, PP_PG_PORT, PP_CKAN_PYTHON, PP_CKAN_MAX_RESOURCE_MB
# Writes: $PP_CKAN_HOME/token.txt (sysadmin API token, mode 600), timings on stdout.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
W=${PP_CKAN_HOME:-$HOME/.cache/plan-progress-ckan}
CKAN_VERSION=${PP_CKAN_VERSION:-2.11.6}
CKAN_PORT=${PP_CKAN_PORT:-5050}
SOLR_PORT=${PP_SOLR_PORT:-8990}
REDIS_PORT=${PP_REDIS_PORT:-6390}
PG_PORT=${PP_PG_PORT:-54390}
PY=${PP_CKAN_PYTHON:-python3.11}
MAX_MB=${PP_CKAN_MAX_RESOURCE_MB:-1}
# Named after the port, so runs with different ports (and work dirs) never share a cluster.
CLUSTER=plan_progress_ckan_$PG_PORT
DB=plan_progress_ckan
DS_DB=plan_progress_datastore
export PP_CKAN_HOME=$W

now() { date +%s%N; }
step() {
  local name=$1 start
  shift
  start=$(now)
  "$@"
  printf '%-32s %6ss\n' "$name" "$(awk -v d="$(($(now) - start))" 'BEGIN{printf "%.1f", d/1e9}')"
}

apt_install() {
  local need=0
  command -v pg_createcluster >/dev/null || need=1
  command -v redis-server >/dev/null || need=1
  command -v pg_config >/dev/null || need=1
  ldconfig -p | grep -q libmagic.so.1 || need=1
  [ "$need" = 0 ] && return 0
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    postgresql redis-server libpq-dev libmagic1 >/dev/null
}

pg_version() { ls /usr/lib/postgresql | sort -n | tail -1; }

start_pg() {
  local v
  v=$(pg_version)
  # A cluster of our own, dropped again by teardown.sh: the machine's main cluster is untouched.
  pg_dropcluster --stop "$v" "$CLUSTER" >/dev/null 2>&1 || true
  pg_createcluster -p "$PG_PORT" "$v" "$CLUSTER" >"$W/pg.log" 2>&1
  echo "$v $CLUSTER" >"$W/pg.cluster"
  pg_ctlcluster --skip-systemctl-redirect "$v" "$CLUSTER" start
  for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
    sleep 0.25
  done
  # The datastore as CKAN's docs set it up: its own database, owned by CKAN's user (who
  # writes), and a read-only user (set-permissions, after db init, grants it SELECT only).
  (cd / && su postgres -c "psql -q -p $PG_PORT -c \"CREATE USER ckan_default WITH PASSWORD 'pass'\"" &&
    su postgres -c "psql -q -p $PG_PORT -c \"CREATE USER datastore_default WITH PASSWORD 'pass'\"" &&
    su postgres -c "createdb -p $PG_PORT -O ckan_default -E utf-8 $DB" &&
    su postgres -c "createdb -p $PG_PORT -O ckan_default -E utf-8 $DS_DB")
}

start_redis() {
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" \
    --appendonly no --dir "$W" --logfile "$W/redis.log" --pidfile "$W/redis.pid"
  for _ in $(seq 1 40); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  echo "redis did not start" >&2
  return 1
}

pip_install() {
  if [ -x "$W/venv/bin/ckan" ] && "$W/venv/bin/python" -c \
    "import importlib.metadata as m, sys; sys.exit(m.version('ckan') != '$CKAN_VERSION')"; then
    return 0
  fi
  rm -rf "$W/venv"
  "$PY" -m venv "$W/venv"
  "$W/venv/bin/pip" install -q "ckan[requirements]==$CKAN_VERSION" >"$W/pip.log" 2>&1
}

start_stub() {
  local schema
  schema=$("$W/venv/bin/python" -c 'import ckan, os; print(os.path.join(os.path.dirname(ckan.__file__), "config/solr/schema.xml"))')
  nohup "$W/venv/bin/python" "$HERE/solrstub.py" --host 127.0.0.1 --port "$SOLR_PORT" \
    --schema "$schema" >"$W/solrstub.log" 2>&1 &
  echo $! >"$W/solrstub.pid"
}

configure() {
  rm -f "$W/ckan.ini"
  "$W/venv/bin/ckan" generate config "$W/ckan.ini" >/dev/null 2>&1
  "$W/venv/bin/ckan" config-tool "$W/ckan.ini" \
    "sqlalchemy.url = postgresql://ckan_default:pass@127.0.0.1:$PG_PORT/$DB" \
    "ckan.site_url = http://127.0.0.1:$CKAN_PORT" \
    "ckan.redis.url = redis://127.0.0.1:$REDIS_PORT/0" \
    "ckan.storage_path = $W/storage" \
    "ckan.max_resource_size = $MAX_MB" \
    "solr_url = http://127.0.0.1:$SOLR_PORT/solr/ckan" \
    "ckan.plugins = activity datastore datatables_view" \
    "ckan.datastore.write_url = postgresql://ckan_default:pass@127.0.0.1:$PG_PORT/$DS_DB" \
    "ckan.datastore.read_url = postgresql://datastore_default:pass@127.0.0.1:$PG_PORT/$DS_DB" \
    "licenses_group_url = file://$HERE/licenses.json" \
    "ckan.locale_default = ja" \
    "ckan.views.default_views = " >/dev/null
}

db_init() {
  (cd "$W" && venv/bin/ckan -c ckan.ini db init >"$W/dbinit.log" 2>&1 &&
    venv/bin/ckan -c ckan.ini db pending-migrations --apply >>"$W/dbinit.log" 2>&1 &&
    venv/bin/ckan -c ckan.ini datastore set-permissions >"$W/datastore-permissions.sql" 2>>"$W/dbinit.log")
  (cd / && su postgres -c "psql -q -v ON_ERROR_STOP=1 -p $PG_PORT" <"$W/datastore-permissions.sql" >>"$W/dbinit.log" 2>&1)
}

make_admin() {
  (cd "$W" &&
    venv/bin/ckan -c ckan.ini user add admin email=admin@example.org password=Passw0rd-ckan-test >/dev/null 2>&1 &&
    venv/bin/ckan -c ckan.ini sysadmin add admin >/dev/null 2>&1 &&
    umask 077 &&
    venv/bin/ckan -c ckan.ini user token add admin tests 2>/dev/null | tail -n1 | tr -d '[:space:]' >"$W/token.txt")
  [ -s "$W/token.txt" ]
}

start_ckan() {
  # exec: the recorded PID is CKAN's own (tests pause it with SIGSTOP, teardown stops it).
  (cd "$W" && exec nohup venv/bin/ckan -c ckan.ini run -H 127.0.0.1 -p "$CKAN_PORT" -r -t \
    >"$W/ckan.log" 2>&1) &
  echo $! >"$W/ckan.pid"
  for _ in $(seq 1 240); do
    "$W/venv/bin/python" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$CKAN_PORT/api/3/action/status_show', timeout=2)" \
      2>/dev/null && return 0
    sleep 0.25
  done
  echo "CKAN did not come up; last lines of $W/ckan.log:" >&2
  tail -20 "$W/ckan.log" >&2
  return 1
}

mkdir -p "$W"
# Leftovers of an interrupted run (our own PID files only) would hold the ports.
bash "$HERE/teardown.sh" >/dev/null 2>&1 || true
rm -rf "$W/storage" && mkdir -p "$W/storage"
T0=$(now)
step "apt (postgresql, redis, libpq)" apt_install
step "postgresql cluster + database" start_pg
step "redis" start_redis
step "venv + pip ckan $CKAN_VERSION" pip_install
step "solr stand-in" start_stub
step "ckan.ini" configure
step "ckan db init" db_init
step "sysadmin + API token" make_admin
step "ckan server up" start_ckan
printf '%-32s %6ss\n' TOTAL "$(awk -v d="$(($(now) - T0))" 'BEGIN{printf "%.1f", d/1e9}')"
echo "CKAN http://127.0.0.1:$CKAN_PORT (work dir $W)"
