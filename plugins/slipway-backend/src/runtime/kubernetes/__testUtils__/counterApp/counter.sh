#!/bin/sh
# Prints "line N" every 50 ms; with EXIT_AFTER, exits 1 after that many lines (then restarted by the kubelet).
i=0
while true; do
  i=$((i + 1))
  echo "line $i"
  if [ -n "$EXIT_AFTER" ] && [ "$i" -ge "$EXIT_AFTER" ]; then exit 1; fi
  sleep 0.05
done
