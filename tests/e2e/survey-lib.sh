# Helpers for the survey end-to-end scripts (sourced after lib.sh).
MINI="$SRC_DIR/tests/data/survey-mini.yaml"

# survey_setup DB: a store for fiscal 2026 over the mini questionnaire with a small roster
# (p001 division_officer+staff, p002 staff, p003 excluded, p004 system_admin) and tokens in
# $WORK/tokens.csv.
survey_setup() {
	local db=$1
	expect_status 0 "$SURVEY" init --db "$db" --org mof --name 財務省 --year 2026 --questionnaire "$MINI"
	cat >"$WORK/roster.csv" <<'CSV'
person_id,name,unit,role,status
p001,山田 太郎,総務局/情報システム課,staff,active
p001,山田 太郎,総務局/情報システム課,division_officer,active
p002,"Smith, Anna",総務局/人事課,staff,active
p003,佐藤 花子,主計局,staff,excluded
p004,鈴木 一郎,主計局/調査課,system_admin,active
CSV
	expect_status 0 "$SURVEY" roster import --db "$db" --year 2026 "$WORK/roster.csv"
	expect_status 0 "$SURVEY" tokens --db "$db" --year 2026
	cp "$WORK/out" "$WORK/tokens.csv"
}

# token_of PERSON: the token issued to PERSON by survey_setup.
token_of() {
	grep "^$1," "$WORK/tokens.csv" | awk -F, '{print $NF}'
}

# answers_of DB PERSON ROLE: the packed answers stored for the target.
answers_of() {
	sqlite3 "$1" "SELECT answers FROM response WHERE fiscal_year = 2026 AND person_id = '$2' AND role = '$3'"
}

# The full-screen tests drive the questionnaire in a tmux server of their own: the script sets
# sock (a socket under $WORK) and stops the server at exit. tm ARGS runs tmux on it; screen
# NAME prints what pane NAME shows; wait_for NAME TEXT waits until it shows TEXT (up to 15 s).
tm() { tmux -S "$sock" "$@"; }
screen() { tm capture-pane -t "$1" -p; }
wait_for() {
	for _ in $(seq 150); do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
	done
	screen "$1" >&2
	fail "screen of $1 never showed '$2'"
}
