#!/bin/sh
# The Claude Code status line (dist/statusline.sh, what `hooks install --statusline` registers as
# the statusLine command): `sh statusline.sh <node>`, with Claude Code's status-line JSON on
# stdin. When the daemon runs, curl posts the input to its /statusline and prints the line it
# answers; that costs a shell and a curl, well under starting node. Otherwise (no daemon, no
# curl, a daemon.json naming a dead process, a daemon too slow or too old to answer) it hands the
# input to node statusline.cjs beside it, which computes the line from the transcript.
#
# As in hook-relay.sh, only shell builtins run before curl, and the token comes from
# relay.curlrc (mode 0600), never from the command line. The input is read once, into a
# variable, so the fallback gets it even after curl consumed it. It always prints one line and
# exits 0: Claude Code shows stdout as the status line.
node=${1:-node}
case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
home=${CLAUDE_HYBRID_HOME:-${HOME:-.}/.claude-hybrid}
# The query: the main agent (CLAUDE_HYBRID_AGENT, which `claude-hybrid code` sets to pm) when it
# is a plain name, and `plain` (no colour) under NO_COLOR.
query=
case ${CLAUDE_HYBRID_AGENT:-} in
  '' | *[!A-Za-z0-9._-]*) ;;
  *) query="&agent=$CLAUDE_HYBRID_AGENT" ;;
esac
[ -n "${NO_COLOR:-}" ] && query="$query&plain"
query=${query:+?${query#&}}
input=$(cat)

. "$here/daemon-address.sh"

case $port$pid in
  '' | *[!0-9]*) ;;
  *)
    if kill -0 "$pid" 2>/dev/null && command -v curl >/dev/null 2>&1; then
      # The curlrc streams stdin (upload-file "-") with max-time 10; a status line waits 1 s.
      if printf '%s' "$input" |
        curl -q -K "$home/relay.curlrc" --max-time 1 "http://127.0.0.1:$port/statusline$query" 2>/dev/null; then
        exit 0
      fi
    fi
    ;;
esac
printf '%s' "$input" | "$node" "$here/statusline.cjs" --no-daemon 2>/dev/null ||
  echo 'claude-hybrid · daemon stopped'
exit 0
