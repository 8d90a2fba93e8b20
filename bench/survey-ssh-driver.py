#!/usr/bin/env python3
"""Drives N simultaneous SSH sessions of the questionnaire in line mode (for bench/survey-ssh.sh).

Each session is one `ssh -T` process logging in as the served account: it types its person
id and token, waits until every session is logged in, then answers each of its items as soon
as the prompt of the item appears (after THINK seconds when given) and submits. The time per
answer is from writing the answer's line to reading the next prompt: the round trip through
ssh, sshd, survey and its store transaction, with all sessions answering at once.

    survey-ssh-driver.py PEOPLE.csv DB -- SSH-ARGS...

PEOPLE.csv: person_id,token. Session i answers item k with (i + 7k) mod 3 + 1; the number of
items comes from the first prompt ("item 1 of N").
Prints one line of figures and checks the store afterwards: exit status 1 when an answer is
missing, a session failed, or anyone saw a lock error.
"""
import asyncio
import csv
import os
import sqlite3
import statistics
import sys
import time

THINK = float(os.environ.get("THINK", "0"))
TIMEOUT = float(os.environ.get("SESSION_TIMEOUT", "600"))


class Session:
    def __init__(self, index, person, token):
        self.index, self.person, self.token = index, person, token
        self.answers = ""
        self.latencies = []
        self.submit_latency = None
        self.output = b""
        self.pos = 0
        self.error = None
        self.login_seconds = None


async def read_until(proc, sess, marker):
    """Reads the session's output until marker (bytes) appears after the last one found."""
    while True:
        i = sess.output.find(marker, sess.pos)
        if i >= 0:
            sess.pos = i + len(marker)
            return
        chunk = await proc.stdout.read(65536)
        if not chunk:
            raise EOFError(f"end of output waiting for {marker!r}")
        sess.output += chunk


async def run(sess, ssh_args, logged_in, go):
    t0 = time.monotonic()
    proc = await asyncio.create_subprocess_exec(
        "ssh", "-T", *ssh_args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=dict(os.environ, LANG="en_US.UTF-8"))
    try:
        await read_until(proc, sess, b"Person ID: ")
        proc.stdin.write(f"{sess.person}\n{sess.token}\n".encode())
        await proc.stdin.drain()
        await read_until(proc, sess, b"item 1 of ")
        n_items = int(sess.output[sess.pos:].split(b" ", 1)[0])
        sess.answers = "".join(str((sess.index + 7 * k) % 3 + 1) for k in range(n_items))
        await read_until(proc, sess, b"q quit]: ")
        sess.login_seconds = time.monotonic() - t0
        logged_in.release()
        await go.wait()
        for k, code in enumerate(sess.answers):
            if THINK:
                await asyncio.sleep(THINK)
            sent = time.monotonic()
            proc.stdin.write(f"{code}\n".encode())
            await proc.stdin.drain()
            if k + 1 < n_items:
                await read_until(proc, sess, f"item {k + 2} of {n_items} ".encode())
                await read_until(proc, sess, b"q quit]: ")
            else:
                await read_until(proc, sess, b"Submit? [y/n/b]: ")
            sess.latencies.append(time.monotonic() - sent)
        sent = time.monotonic()
        proc.stdin.write(b"y\n")
        await proc.stdin.drain()
        await read_until(proc, sess, b"Digest of the answers: ")
        sess.submit_latency = time.monotonic() - sent
        proc.stdin.close()
        rest = await proc.stdout.read()
        sess.output += rest
        err = await proc.stderr.read()
        status = await proc.wait()
        if status != 0:
            sess.error = f"exit status {status}: {err.decode(errors='replace')[-300:]}"
        elif b"locked" in sess.output or b"locked" in err:
            sess.error = "saw a locked database"
    except Exception as e:  # noqa: BLE001 - every failure is reported per session
        sess.error = f"{type(e).__name__}: {e}; output ends {sess.output[-200:].decode(errors='replace')!r}"
        logged_in.release()
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100 * len(values) + 0.5)) - 1))
    return values[k]


async def main():
    sep = sys.argv.index("--")
    people_csv, db = sys.argv[1], sys.argv[2]
    ssh_args = sys.argv[sep + 1:]
    sessions = [Session(i, r["person_id"], r["token"]) for i, r in enumerate(csv.DictReader(open(people_csv)))]
    n = len(sessions)
    logged_in = asyncio.Semaphore(0)
    go = asyncio.Event()
    start = time.monotonic()
    tasks = [asyncio.create_task(asyncio.wait_for(run(s, ssh_args, logged_in, go), TIMEOUT))
             for s in sessions]
    for _ in range(n):
        await logged_in.acquire()
    login_done = time.monotonic()
    go.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    end = time.monotonic()
    failed = [(s, r) for s, r in zip(sessions, results) if isinstance(r, Exception) or s.error]
    lat = [x for s in sessions for x in s.latencies]
    subs = [s.submit_latency for s in sessions if s.submit_latency is not None]
    logins = [s.login_seconds for s in sessions if s.login_seconds is not None]

    # The store: every person's answers exactly as typed, one submission each.
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    stored = dict(con.execute("SELECT person_id, answers FROM response WHERE role = 'staff'"))
    submitted = {p for (p,) in con.execute("SELECT DISTINCT person_id FROM submission")}
    con.close()
    wrong = [s.person for s in sessions if stored.get(s.person) != s.answers or s.person not in submitted]

    n_items = max((len(s.answers) for s in sessions), default=0)
    print(f"sessions {n}, items each {n_items}, answers {len(lat)} (think time {THINK:g} s)")
    if logins:
        print(f"login (connect, authenticate, person id and token) until all {n} were in: "
              f"{login_done - start:.1f} s; per session median {statistics.median(logins):.2f} s, "
              f"max {max(logins):.2f} s")
    if lat:
        ms = [x * 1000 for x in lat]
        print(f"time per answer with {n} sessions answering at once: p50 {percentile(ms, 50):.1f} ms, "
              f"p99 {percentile(ms, 99):.1f} ms, max {max(ms):.1f} ms")
        print(f"answering phase: {end - login_done:.1f} s, {len(lat) / (end - login_done):.0f} answers/s")
    if subs:
        ms = [x * 1000 for x in subs]
        print(f"submission: p50 {percentile(ms, 50):.1f} ms, max {max(ms):.1f} ms")
    print(f"store: {n - len(wrong)} of {n} people with every answer stored and submitted")
    for s, r in failed[:10]:
        print(f"FAILED session {s.person}: {s.error or r}", file=sys.stderr)
    if failed or wrong:
        print(f"{len(failed)} sessions failed; {len(wrong)} people's answers missing or wrong", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
