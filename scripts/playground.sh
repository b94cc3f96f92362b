#!/usr/bin/env bash
# Chat with the help desk bot locally in the Microsoft 365 Agents Playground (a Teams
# simulator: personal chat, group chat, a team with channels, Adaptive Cards).
#
#   npm run playground                          # then browse http://127.0.0.1:56150
#   PLAYGROUND_SCREENSHOT=/tmp/pg.png npm run playground   # also save a headless screenshot
#
# Why a network namespace: the playground opens outbound connections even with
# --disable-telemetry (the cloud metadata address 169.254.169.254 and a telemetry host).
# So the bot and the playground run together inside one new, empty network namespace
# (`unshare -n`) that has nothing but its own loopback: nothing in it can reach any other
# address. It is also a new PID namespace, so when the script stops, the kernel stops every
# process inside. The bot runs in local mode (no BOT_ID, so no Bot Framework
# authentication) and keeps its data in data/playground/.
#
# How to look at it: a browser outside the namespace cannot reach the namespace's loopback.
# This script bridges one port, inbound only, with two socat processes over a unix socket
# (path-based unix sockets are shared across network namespaces, TCP loopback is not):
#   host 127.0.0.1:56150 --> socat --> unix socket --> socat --> namespace's 127.0.0.1:56150
# Connections can only be opened from the host side, so the playground still reaches
# nothing outside. Other ways to look, without the bridge (PLAYGROUND_BRIDGE=0):
#   - PLAYGROUND_SCREENSHOT=FILE: headless Chromium started inside the same namespace
#     saves a screenshot of the playground page (apt-get install chromium).
#   - nsenter: the script prints a PID in the namespace; a program started with
#     `nsenter -t PID -n PROGRAM` shares its network, e.g. a headless browser driven by
#     playwright-core with executablePath /usr/bin/chromium.
#
# Needs: unshare and ip (util-linux, iproute2), root or unprivileged user namespaces,
# socat for the bridge (apt-get install socat). Ctrl-C stops everything.
set -euo pipefail

cd "$(dirname "$0")/.."

BOT_PORT=3978
PLAYGROUND_PORT=56150
HOST_PORT="${PLAYGROUND_HOST_PORT:-$PLAYGROUND_PORT}"
BRIDGE="${PLAYGROUND_BRIDGE:-1}"
SCREENSHOT="${PLAYGROUND_SCREENSHOT:-}"
# A fresh private directory per run for the socket and Chromium's profile; the run inside
# the namespace is handed it through the environment.
RUN_DIR="${HELPDESK_PLAYGROUND_RUN_DIR:-}"
SOCKET="$RUN_DIR/playground.sock"
PLAYGROUND_CLI=node_modules/@microsoft/m365agentsplayground/cli.js

die() {
  echo "playground: $*" >&2
  exit 1
}

# Waits until something accepts TCP connections on 127.0.0.1:$1, for at most $2 seconds.
wait_for_port() {
  local port=$1 seconds=$2
  for ((i = 0; i < seconds * 4; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.25
  done
  return 1
}

# ---- inside the namespace -------------------------------------------------------------

inside() {
  ip link set lo up

  # Local mode: the bot must not see deployment credentials even if the shell has them.
  env -u BOT_ID -u BOT_PASSWORD -u BOT_TYPE -u BOT_TENANT_ID -u COSMOS_ENDPOINT -u COSMOS_KEY \
    PORT="$BOT_PORT" HELPDESK_STORE=sqlite HELPDESK_DATA_DIR=./data/playground \
    LOG_LEVEL="${LOG_LEVEL:-info}" node dist/src/main.js &
  local bot=$!
  wait_for_port "$BOT_PORT" 30 || die "the bot did not listen on port $BOT_PORT within 30 s"

  # Started from data/playground (ignored by git): it writes devTools/*.log where it runs.
  (cd data/playground && exec node "../../$PLAYGROUND_CLI" \
    -e "http://127.0.0.1:$BOT_PORT/api/messages" -c msteams -p "$PLAYGROUND_PORT" \
    --disable-telemetry) &
  local playground=$!
  wait_for_port "$PLAYGROUND_PORT" 60 || die "the playground did not start within 60 s"

  if [[ "$BRIDGE" == 1 ]]; then
    socat "UNIX-LISTEN:$SOCKET,fork,unlink-early,mode=600" "TCP:127.0.0.1:$PLAYGROUND_PORT" &
  fi
  if [[ -n "$SCREENSHOT" ]]; then
    take_screenshot
  fi
  echo "playground: bot on :$BOT_PORT and playground on :$PLAYGROUND_PORT are up"

  # This shell is PID 1 of the namespace: when either process stops and it returns, the
  # kernel ends everything else inside.
  wait -n "$bot" "$playground" || true
}

take_screenshot() {
  command -v chromium >/dev/null || die "PLAYGROUND_SCREENSHOT needs chromium (apt-get install chromium)"
  # The page renders client-side: give it a few seconds before the capture.
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$RUN_DIR/chromium" --window-size=1400,900 --virtual-time-budget=8000 \
    --screenshot="$SCREENSHOT" "http://127.0.0.1:$PLAYGROUND_PORT" >/dev/null 2>&1 ||
    echo "playground: chromium could not take the screenshot" >&2
  if [[ -s "$SCREENSHOT" ]]; then echo "playground: screenshot saved to $SCREENSHOT"; fi
}

if [[ "${1:-}" == "--inside-namespace" ]]; then
  inside
  exit 0
fi

# ---- on the host ----------------------------------------------------------------------

command -v unshare >/dev/null || die "unshare is missing (apt-get install util-linux)"
command -v ip >/dev/null || die "ip is missing (apt-get install iproute2)"
[[ -f "$PLAYGROUND_CLI" ]] || die "the playground is not installed: run npm install"
if [[ "$BRIDGE" == 1 ]]; then
  command -v socat >/dev/null || die "socat is missing (apt-get install socat), or set PLAYGROUND_BRIDGE=0"
fi

# --fork --kill-child: the script runs as PID 1 of a new PID namespace and is killed when
# unshare is, taking the bot and the playground with it. Root can create the namespaces
# directly; other users need a user namespace around them.
UNSHARE=(unshare --net --pid --fork --kill-child)
if [[ $(id -u) != 0 ]]; then UNSHARE+=(--user --map-root-user); fi
"${UNSHARE[@]}" true 2>/dev/null || die "cannot create a network namespace here (${UNSHARE[*]})"

if (exec 3<>"/dev/tcp/127.0.0.1/$HOST_PORT") 2>/dev/null && [[ "$BRIDGE" == 1 ]]; then
  die "127.0.0.1:$HOST_PORT is taken (another playground?); set PLAYGROUND_HOST_PORT"
fi

# Built on the host, where npm may reach its registry; nothing runs npm inside.
npm run build
mkdir -p data/playground
RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/helpdesk-playground.XXXXXX")
SOCKET="$RUN_DIR/playground.sock"

NS_PID=
BRIDGE_PID=
cleanup() {
  trap - EXIT INT TERM
  if [[ -n "$BRIDGE_PID" ]]; then kill "$BRIDGE_PID" 2>/dev/null || true; fi
  # unshare ignores SIGTERM while it waits; SIGKILL makes it (--kill-child) kill PID 1 of the
  # namespace, and with it the bot, the playground and the inner socat.
  if [[ -n "$NS_PID" ]]; then kill -KILL "$NS_PID" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT INT TERM

# unshare itself enters the new network namespace before it forks, so $! is a PID in there.
HELPDESK_PLAYGROUND_RUN_DIR="$RUN_DIR" "${UNSHARE[@]}" bash "$0" --inside-namespace &
NS_PID=$!
echo "playground: network namespace of PID $NS_PID (nsenter -t $NS_PID -n PROGRAM to join it)"

if [[ "$BRIDGE" == 1 ]]; then
  # The namespace side creates the socket once the bot and the playground both listen.
  for ((i = 0; i < 400; i++)); do
    [[ -S "$SOCKET" ]] && break
    kill -0 "$NS_PID" 2>/dev/null || die "the namespace side stopped; see the messages above"
    sleep 0.25
  done
  [[ -S "$SOCKET" ]] || die "the playground did not come up within 100 s"
  socat "TCP-LISTEN:$HOST_PORT,bind=127.0.0.1,reuseaddr,fork" "UNIX-CONNECT:$SOCKET" &
  BRIDGE_PID=$!
  echo "playground: open http://127.0.0.1:$HOST_PORT (Ctrl-C to stop)"
fi

wait "$NS_PID"
