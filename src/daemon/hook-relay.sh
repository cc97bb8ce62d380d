#!/bin/sh
# The command-mode hook (dist/hook-relay.sh): `sh hook-relay.sh <Event> <node>`, with the hook
# input on stdin. When the daemon runs, curl posts the input to it and prints its answer (the
# hook output JSON); that costs a shell and a curl, well under starting node. Otherwise (no
# daemon, no curl, or a daemon.json that names a dead process) it hands stdin, untouched, to the
# node relay beside it (hook-relay.cjs), which spools the event or handles it in-process.
#
# Only shell builtins run before curl: the port and pid come from daemon.json by `read`, the
# token from relay.curlrc (mode 0600, written by the daemon), never from the command line, so it
# does not show in `ps`. It fails open: it always exits 0, with the reason on stderr.
event=$1
node=${2:-node}
case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
home=${CLAUDE_HYBRID_HOME:-${HOME:-.}/.claude-hybrid}

. "$here/daemon-address.sh"

case $event in
  *[!A-Za-z]* | '') ;;
  *)
    case $port$pid in
      '' | *[!0-9]*) ;;
      *)
        if [ -n "$port" ] && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
          command -v curl >/dev/null 2>&1; then
          curl -q -K "$home/relay.curlrc" "http://127.0.0.1:$port/hooks/$event"
          delivered=$?
          # 7: nothing listens there (a daemon that just died); curl has not read stdin yet.
          [ "$delivered" -eq 7 ] && exec "$node" "$here/hook-relay.cjs" "$event"
          [ "$delivered" -eq 0 ] ||
            echo "claude-hybrid hook: curl could not deliver $event to the daemon (exit $delivered)" >&2
          exit 0
        fi
        ;;
    esac
    ;;
esac
exec "$node" "$here/hook-relay.cjs" "$event"
