# Sourced by hook-relay.sh and statusline.sh (dist/daemon-address.sh): sets `port` and `pid` from
# $home/daemon.json, with shell builtins only, when daemon.json and relay.curlrc are both there;
# empty otherwise. The daemon writes daemon.json with one key per line, so each is one `case`.
port=
pid=
if [ -r "$home/daemon.json" ] && [ -r "$home/relay.curlrc" ]; then
  while IFS= read -r line; do
    case $line in
      *'"port":'*) port=${line#*:} ;;
      *'"pid":'*) pid=${line#*:} ;;
    esac
  done <"$home/daemon.json"
fi
port=${port%,}
port=${port# }
pid=${pid%,}
pid=${pid# }
