#!/usr/bin/env bash
# make install honours PREFIX and DESTDIR and installs programs, man pages, questionnaires.
source "$(dirname "$0")/lib.sh"

make -s -C "$SRC_DIR" install BUILD="$BUILD_DIR" PREFIX=/opt/selfcheck DESTDIR="$WORK/root" >"$WORK/make.log" 2>&1 ||
	{ cat "$WORK/make.log" >&2; fail "make install failed"; }
root="$WORK/root/opt/selfcheck"
for p in survey aggregator renderer; do
	[ -x "$root/bin/$p" ] || fail "$p not installed"
	"$root/bin/$p" --version >/dev/null || fail "installed $p does not run"
done
ls "$root/share/selfcheck/questionnaires/"*.yaml >/dev/null || fail "questionnaires not installed"
shopt -s nullglob
for page in "$SRC_DIR"/docs/*.1; do
	[ -f "$root/share/man/man1/$(basename "$page")" ] || fail "man page $(basename "$page") not installed"
done
make -s -C "$SRC_DIR" uninstall BUILD="$BUILD_DIR" PREFIX=/opt/selfcheck DESTDIR="$WORK/root" >/dev/null 2>&1
[ ! -e "$root/bin/survey" ] || fail "uninstall left survey behind"
