#!/usr/bin/env bash
# Benchmark of the questionnaire served over SSH (docs/deployment.md): SESSIONS people (200 by
# default) log in at once through a real sshd on 127.0.0.1, set up as tests/e2e/sshd-lib.sh
# does it (the deployment guide's shared-account block), and answer the 49 staff items of
# questionnaires/selfcheck-2026.yaml through line mode (ssh -T), all at the same time, then
# submit. Reports the time per answer (median, 99th percentile, maximum) at that load, the
# time to log everyone in, and checks that the store holds every answer and submission and
# that nobody saw a lock error.
#
#   bench/survey-ssh.sh [SESSIONS]         (run from the repository; root or not)
#   THINK=2 bench/survey-ssh.sh            (each person waits 2 s before every answer)
#
# Needs openssh-server, openssh-client and python3. Nothing is left behind (KEEP=1 keeps the
# directory). Not part of "make test": t1020 runs a few sessions only.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
SESSIONS=${1:-200}
QUEST=${QUEST:-questionnaires/selfcheck-2026.yaml}
make -s "$BUILD/survey" >/dev/null
export SRC_DIR=$PWD
source tests/e2e/sshd-lib.sh
why=$(sshd_unavailable)
[ -z "$why" ] || { echo "survey-ssh: $why" >&2; exit 2; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/survey-ssh.XXXXXX")
cleanup() {
	sshd_stop
	[ "${KEEP:-0}" = 1 ] || rm -rf "$dir"
}
trap cleanup EXIT
mkdir -p "$dir/srv" "$dir/bin"
install -m 0755 "$BUILD/survey" "$dir/bin/survey"
SURVEY=$dir/bin/survey
db=$dir/srv/store.db
"$SURVEY" init --db "$db" --org bench --name 試験省 --year 2026 --questionnaire "$QUEST" >/dev/null
{
	echo "person_id,name,unit,role,status"
	for i in $(seq "$SESSIONS"); do echo "b$i,職員$i,総務局/課$((i % 10)),staff,active"; done
} >"$dir/roster.csv"
"$SURVEY" roster import --db "$db" --year 2026 "$dir/roster.csv" >/dev/null
"$SURVEY" tokens --db "$db" --year 2026 >"$dir/tokens.csv" 2>/dev/null
# The driver learns the number of items from the first prompt and gives each person a
# different sequence of answers.
python3 - "$dir/tokens.csv" >"$dir/people.csv" <<'PY'
import csv, sys
print("person_id,token")
for row in csv.DictReader(open(sys.argv[1])):
    print(f"{row['person_id']},{row['token']}")
PY
sshd_serve "$dir/sshd" "$db" 2026 "$SURVEY"
echo "== $SESSIONS SSH sessions at once on 127.0.0.1:$SSHD_PORT ($(nproc) cores), questionnaire $QUEST"
python3 bench/survey-ssh-driver.py "$dir/people.csv" "$db" -- "${SSHD_OPTS[@]}" -o SendEnv=LANG \
	"$SSHD_USER@127.0.0.1"
echo "store integrity: $(sqlite3 "$db" "PRAGMA integrity_check")"
