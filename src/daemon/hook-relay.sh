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
#
# Run by bash (hooks install picks it where there is one), it needs no curl either: bash's own
# /dev/tcp posts the input, with the token read from daemon.token (mode 0600). That halves what
# each hook costs (a curl is most of it), and Claude Code waits for every blocking one.
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
        # bash 4 or later: `read -N` (macOS's /bin/bash 3.2 takes the curl path below).
        if [ "${BASH_VERSINFO:-0}" -ge 4 ] 2>/dev/null && [ -n "$port" ] && [ -n "$pid" ] &&
          kill -0 "$pid" 2>/dev/null && IFS= read -r token <"$home/daemon.token" &&
          { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
          # Connected (else: nothing listens, stdin is unread, node takes it below). Byte counts
          # for Content-Length, and the answer read until the daemon closes (Connection: close).
          # stdin is a socket (Claude Code is node), which bash reads a byte at a time: the first
          # 4 KiB (most events) that way, the rest of a large one through cat.
          LC_ALL=C
          IFS= read -r -N 4096 body && body=$body$(cat)
          # A daemon that refuses early (413 over its size limit) closes the socket: the write
          # then fails instead of killing the shell, and its answer is still read below.
          trap '' PIPE
          printf 'POST /hooks/%s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s' \
            "$event" "$port" "$token" "${#body}" "$body" >&3 2>/dev/null
          IFS= read -r -d '' -t 10 answer <&3
          status=${answer#HTTP/1.? }
          case ${status%% *} in
            2??) printf '%s' "${answer#*$'\r\n\r\n'}" ;;
            *) echo "claude-hybrid hook: the daemon did not take $event (${answer%%$'\r'*})" >&2 ;;
          esac
          exit 0
        fi
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
