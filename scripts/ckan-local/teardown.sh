#!/usr/bin/env bash
# Stop what setup.sh started, by its PID files and its own PostgreSQL cluster only.
# The CKAN virtualenv stays as a cache for the next run.
W=${PP_CKAN_HOME:-$HOME/.cache/plan-progress-ckan}
for f in ckan.pid solrstub.pid redis.pid; do
  if [ -f "$W/$f" ]; then
    pid=$(cat "$W/$f")
    kill -CONT "$pid" 2>/dev/null # a test may have paused CKAN with SIGSTOP
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
      echo "stopped ${f%.pid}"
    fi
    rm -f "$W/$f"
  fi
done
if [ -f "$W/pg.cluster" ]; then
  read -r version cluster <"$W/pg.cluster"
  pg_dropcluster --stop "$version" "$cluster" 2>/dev/null && echo "dropped postgresql cluster $cluster"
  rm -f "$W/pg.cluster"
fi
rm -rf "$W/storage" "$W/token.txt"
true
