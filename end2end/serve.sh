#!/usr/bin/env bash
# Starts felix-hub for one Playwright project on PORT, on a fresh SQLite database in a temp dir.
#   serve.sh PORT [--demo]    --demo loads the demo data (`felix-hub demo`) before serving
# Flags come from the environment Playwright passes. FELIX_HUB_BIN and DIST_DIR say what to run.
# The database holds the demo (--demo), or with FELIX_LEGACY_SQL what import-legacy made of those files.
set -euo pipefail
port=$1
demo=false
case "${2:-}" in
  --demo) demo=true ;;
  "") ;;
  *) echo "usage: serve.sh PORT [--demo]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
bin=${FELIX_HUB_BIN:-$here/../target/debug/felix-hub}
dir=$(mktemp -d "${TMPDIR:-/tmp}/felix-e2e-$port-XXXXXX")
trap 'rm -rf "$dir"' EXIT
export DATABASE_URL="sqlite://$dir/felix-hub.db?mode=rwc"
export DIST_DIR=${DIST_DIR:-$here/../dist}
export HOST=127.0.0.1 PORT=$port PUBLIC_URL="http://127.0.0.1:$port"
# An empty value still counts as set for the server: the tests run without a bot.
[ -n "${TELEGRAM_BOT_TOKEN:-}" ] || unset TELEGRAM_BOT_TOKEN
if [ -n "${FELIX_LEGACY_SQL:-}" ]; then
  # A FelixPartsBot database from these SQL files (relative to end2end/), brought across by
  # `felix-hub import-legacy` in place of the demo.
  files=()
  for file in $FELIX_LEGACY_SQL; do files+=("$here/$file"); done
  python3 - "$dir/felixpartsbot.db" "${files[@]}" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for path in sys.argv[2:]:
    db.executescript(open(path, encoding="utf-8").read())
db.commit()
PY
  "$bin" import-legacy --from "sqlite://$dir/felixpartsbot.db" >/dev/null
elif $demo; then "$bin" demo >/dev/null; fi
"$bin" serve &
child=$!
trap 'kill $child 2>/dev/null; wait $child 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
wait $child
