#!/usr/bin/env bash
# Installs the Debian 12 packages Plaza needs to build, run and test.
# Idempotent: only calls apt when something is missing. Uses sudo when not root.
set -euo pipefail

PACKAGES=(
  # build
  meson ninja-build pkg-config gcc libc6-dev gettext appstream desktop-file-utils
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev
  libjson-glib-dev libsqlite3-dev sqlite3 libsecret-1-dev libpcre2-dev libcrypt-dev
  libgdk-pixbuf-2.0-dev libical-dev libwslay-dev
  # headless tests
  xvfb xauth dbus at-spi2-core python3-dogtail python3-gi gnome-keyring
  imagemagick x11-utils librsvg2-common curl libgtk-4-bin
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing missing packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
