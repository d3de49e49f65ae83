#!/usr/bin/env bash
# Starts felix-hub for one Playwright project on PORT, on a fresh SQLite database in a temp dir.
#   serve.sh PORT [--demo]    --demo loads the demo data (`felix-hub demo`) before serving
# Flags come from the environment Playwright passes. FELIX_HUB_BIN and DIST_DIR say what to run.
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
if $demo; then "$bin" demo >/dev/null; fi
"$bin" serve &
child=$!
trap 'kill $child 2>/dev/null; wait $child 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
wait $child
