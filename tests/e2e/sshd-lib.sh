# A real sshd serving the questionnaire on 127.0.0.1, set up inside a temporary directory
# (sourced by the SSH end-to-end test and the SSH benchmark, after lib.sh or on its own).
#
# sshd_serve DIR DB YEAR SURVEY: starts sshd on a free port of 127.0.0.1 with the shared-account
# block of docs/deployment.md, word for word but for the user and the forced command, which
# runs SURVEY --db DB --year YEAR. Sets:
#   SSHD_PORT   the port
#   SSHD_USER   the account the questionnaire is served to
#   SSHD_OPTS   ssh options (an array) that reach it: known host key, no configuration file,
#               the client key when the account logs in by key
#   SSHD_LOG    sshd's log file
# Running as root, the account is a dedicated one made for the run (removed by sshd_stop),
# with no password, exactly as docs/deployment.md sets up `selfcheck`; the store's directory
# is handed to it. Otherwise sshd runs as the calling user, who is the account, logging in
# with a key made for the run (an unprivileged sshd can log in no one else).
# sshd_unavailable prints why sshd cannot run here, or nothing.
# sshd_stop stops sshd and removes the dedicated account.

SSHD_BIN=${SSHD_BIN:-$(command -v sshd || echo /usr/sbin/sshd)}

sshd_unavailable() {
	[ -x "$SSHD_BIN" ] || { echo "sshd is not installed (Debian package openssh-server)"; return; }
	command -v ssh >/dev/null || { echo "ssh is not installed (Debian package openssh-client)"; return; }
	command -v ssh-keygen >/dev/null || { echo "ssh-keygen is not installed"; return; }
	if [ "$(id -u)" = 0 ]; then
		command -v useradd >/dev/null || { echo "useradd is missing"; return; }
		id sshd >/dev/null 2>&1 || { echo "the privilege separation user 'sshd' is missing"; return; }
	fi
}

# A free TCP port on 127.0.0.1.
sshd_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

sshd_serve() {
	local dir=$1 db=$2 year=$3 survey=$4
	mkdir -p "$dir"
	SSHD_DIR=$dir
	SSHD_LOG=$dir/sshd.log
	ssh-keygen -q -t ed25519 -N '' -C selfcheck-test-host -f "$dir/host_key"
	local auth
	if [ "$(id -u)" = 0 ]; then
		# A dedicated account, as in docs/deployment.md: shell /bin/sh, no password, a home
		# it cannot write, the store's directory its own.
		SSHD_USER=sct$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
		mkdir -p "$dir/home"
		useradd --system --no-create-home --home-dir "$dir/home" --shell /bin/sh "$SSHD_USER"
		SSHD_MADE_USER=$SSHD_USER
		passwd -d "$SSHD_USER" >/dev/null
		chown -R "$SSHD_USER" "$(dirname "$db")"
		# The account reaches the programs and the store through the directories above them.
		chmod 0711 "$dir" "$(dirname "$dir")" 2>/dev/null || true
		# Privilege separation needs this directory (the package's service creates it).
		[ -d /run/sshd ] || install -d -m 0755 /run/sshd
		auth="UsePAM yes"
		SSHD_OPTS=(-o PreferredAuthentications=none,password -o PasswordAuthentication=yes
			-o BatchMode=no -o NumberOfPasswordPrompts=0)
	else
		SSHD_USER=$(id -un)
		ssh-keygen -q -t ed25519 -N '' -C selfcheck-test-client -f "$dir/client_key"
		cp "$dir/client_key.pub" "$dir/authorized_keys"
		chmod 0600 "$dir/authorized_keys"
		auth="UsePAM no"
		SSHD_OPTS=(-i "$dir/client_key" -o IdentitiesOnly=yes -o BatchMode=yes)
	fi
	SSHD_PORT=$(sshd_free_port)
	# The shared-account block of the deployment guide, with the test's user and command.
	local block
	block=$(sed -n '/^# --- selfcheck account: begin/,/^# --- selfcheck account: end/p' "$SRC_DIR/docs/deployment.md")
	[ -n "$block" ] || { echo "FAIL: no sshd block in docs/deployment.md" >&2; return 1; }
	local command="env LSAN_OPTIONS=${LSAN_OPTIONS:-} $survey --db $db --year $year"
	block=$(printf '%s\n' "$block" | sed -e "s|^Match User selfcheck\$|Match User $SSHD_USER|" \
		-e "s|^\tForceCommand .*|\tForceCommand $command|")
	if [ "$(id -u)" != 0 ]; then
		# An unprivileged sshd cannot check passwords; the run's key stands in for the
		# empty password.
		block=$(printf '%s\n' "$block" | sed -e 's/^\tPubkeyAuthentication no$/\tPubkeyAuthentication yes/' \
			-e 's/^\tPasswordAuthentication yes$/\tPasswordAuthentication no/')
	fi
	cat >"$dir/sshd_config" <<EOF
Port $SSHD_PORT
ListenAddress 127.0.0.1
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
StrictModes no
$auth
KbdInteractiveAuthentication no
PubkeyAuthentication no
PasswordAuthentication no
PermitRootLogin no
LogLevel VERBOSE
MaxStartups 300:30:600
AcceptEnv LANG LC_*
Subsystem sftp internal-sftp
$block
EOF
	"$SSHD_BIN" -t -f "$dir/sshd_config" || { echo "FAIL: sshd refuses the configuration" >&2; return 1; }
	"$SSHD_BIN" -f "$dir/sshd_config" -E "$SSHD_LOG"
	printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1,2 "$dir/host_key.pub")" >"$dir/known_hosts"
	SSHD_OPTS+=(-F /dev/null -o Port="$SSHD_PORT" -o UserKnownHostsFile="$dir/known_hosts"
		-o StrictHostKeyChecking=yes -o LogLevel=ERROR -o ConnectTimeout=20)
	for _ in $(seq 100); do
		[ -s "$dir/sshd.pid" ] && grep -q "Server listening" "$SSHD_LOG" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "FAIL: sshd did not start:" >&2
	cat "$SSHD_LOG" >&2
	return 1
}

sshd_stop() {
	if [ -n "${SSHD_DIR:-}" ] && [ -s "$SSHD_DIR/sshd.pid" ]; then
		kill "$(cat "$SSHD_DIR/sshd.pid")" 2>/dev/null || true
		rm -f "$SSHD_DIR/sshd.pid"
	fi
	if [ -n "${SSHD_MADE_USER:-}" ]; then
		# The account goes once its last session has ended (the caller ends its clients;
		# their sshd processes and questionnaires follow within moments).
		local pids
		for _ in $(seq 50); do
			userdel "$SSHD_MADE_USER" 2>/dev/null && break
			sleep 0.1
		done
		if id "$SSHD_MADE_USER" >/dev/null 2>&1; then
			# Still running: the processes of the account made for this run, by id.
			pids=$(ps -o pid= -u "$SSHD_MADE_USER" 2>/dev/null || true)
			[ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
			sleep 0.2
			userdel "$SSHD_MADE_USER" 2>/dev/null || echo "warning: could not remove account $SSHD_MADE_USER" >&2
		fi
		SSHD_MADE_USER=
	fi
}
