#!/usr/bin/env bash
# Builds Plaza and runs every test headless (Xvfb + a private D-Bus session),
# then the common and server suites again under AddressSanitizer and UBSan.
# The last line is "N passed, N failed, N skipped", counted over every test case.
set -uo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)

./scripts/deps.sh || exit 1

setup() {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null || return 1
  else
    meson setup "$dir" "$@" || return 1
  fi
}

setup build || exit 1
meson compile -C build || exit 1
setup build-asan -Db_sanitize=address,undefined -Db_lundef=false || exit 1
meson compile -C build-asan || exit 1

# Tests never touch the user's files or settings.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{data,config,cache,runtime}
chmod 700 "$tmp/runtime"
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" XDG_STATE_HOME="$tmp/state"
export XDG_RUNTIME_DIR="$tmp/runtime" TMPDIR="$tmp"
export GSK_RENDERER=cairo GDK_DEBUG=gl-disable NO_AT_BRIDGE=0
export LC_ALL=C.UTF-8

# Each run gets its own display and session bus; the keyring is unlocked for
# tests that store secrets.
run_headless() {
  xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
    dbus-run-session -- bash -c '
      eval "$(printf %s plaza-test | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
      export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
      "$@"' run-headless "$@"
}

run_headless meson test -C build --print-errorlogs --num-processes 2
main_rc=$?

ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
LSAN_OPTIONS=suppressions="$top/tests/lsan.supp":print_suppressions=0 \
G_SLICE=always-malloc G_DEBUG=gc-friendly \
  run_headless meson test -C build-asan --print-errorlogs --suite common --suite server
asan_rc=$?

/usr/bin/python3 "$top/tests/summarize.py" build/meson-logs/testlog.json build-asan/meson-logs/testlog.json
summary_rc=$?
if [ $main_rc -ne 0 ] || [ $asan_rc -ne 0 ] || [ $summary_rc -ne 0 ]; then
  exit 1
fi
