#!/bin/sh
# Download a radar tile for the given coordinates into ./radar.png.
set -eu
lat="$1"; lon="$2"
curl -fsS -o radar.png "https://tile.open-meteo.com/radar?lat=${lat}&lon=${lon}&zoom=6"
echo "saved radar.png"
