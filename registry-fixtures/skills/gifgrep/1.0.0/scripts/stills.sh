#!/bin/sh
# Extract one still per second from a GIF with ffmpeg (or avconv).
set -eu
in="$1"
tool=$(command -v ffmpeg || command -v avconv)
"$tool" -loglevel error -i "$in" -vf fps=1 still-%03d.png
