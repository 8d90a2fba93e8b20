#!/usr/bin/env bash
# Every command of every program: each option its --help shows (in the usage line or in the
# list of options) is accepted, and so is each value listed for an option with values; each
# option the command accepts is in its --help (every option name the program's tables, its
# man page or any --help knows is tried on every command), and each value it accepts is
# listed (every value listed anywhere is tried). The usage line and the list name the same
# options. The man page docs/PROGRAM.1 names every option of the program, and names no option
# the program does not have. Nothing runs: each probe ends with --help.
source "$(dirname "$0")/lib.sh"

python3 - "$SURVEY" "$AGGREGATOR" "$RENDERER" "$SRC_DIR" <<'EOF'
import os, re, subprocess, sys

programs = sys.argv[1:4]
src = sys.argv[4]
failures = []
probes = 0

def fail(msg):
    failures.append(msg)

def run(argv):
    global probes
    probes += 1
    p = subprocess.run(argv, capture_output=True, text=True, errors="replace")
    return p.returncode, p.stdout, p.stderr

def commands_of(prog):
    """The command words of prog (from its --help), and for its default command (the second
    usage line: "       survey --db FILE ...") the words that reach its --help: its first
    option and an argument ("--db x")."""
    st, out, _ = run([prog, "--help"])
    assert st == 0, prog
    lines = out.splitlines()
    cmds = []
    if len(lines) > 1 and lines[1].startswith("       "):
        first = lines[1].split()[1:3]
        cmds.append(" ".join(first if not first[1].startswith(("-", "[")) else first[:1]))
    at = lines.index("Commands:") + 1
    names = []
    while at < len(lines) and lines[at].startswith("  "):
        names.append(lines[at][2:20].strip())
        at += 1
    return cmds + names

OPTION_LINE = re.compile(r"^  (?:-(\w), )?(?:    )?--([a-z][a-z-]*)(?: (\S+))?")

def parse_help(text):
    """(usage line, {long: (short, placeholder)}) from a command's --help."""
    lines = text.splitlines()
    usage = lines[0]
    opts = {}
    at = lines.index("Options:") + 1
    while at < len(lines) and lines[at].startswith("  "):
        m = OPTION_LINE.match(lines[at])
        if m:
            opts[m.group(2)] = (m.group(1), m.group(3))
        at += 1
    return usage, opts

def values_of(placeholder):
    return placeholder.split("|") if placeholder and "|" in placeholder else None

def man_text(prog):
    """The man page's text with roff's escaped hyphens as hyphens and its font changes gone."""
    text = open(os.path.join(src, "docs", os.path.basename(prog) + ".1"), encoding="utf-8").read()
    return re.sub(r"\\f[BIRP]", "", text.replace("\\-", "-"))

def man_options(prog):
    return set(re.findall(r"(?<![\w-])--([a-z](?:[a-z]|-)*[a-z])", man_text(prog)))

def table_options(prog):
    text = open(os.path.join(src, os.path.basename(prog), "main.c"), encoding="utf-8").read()
    return set(re.findall(r'\{"([a-z][a-z-]*)", (?:0|\'\w\'),', text))

def sample_arg(name, placeholder):
    """An argument the option's own checks accept."""
    if placeholder in ("N", "Y1", "Y2"):
        return {"years": "5", "width": "640", "height": "480", "jobs": "2"}.get(name, "2024")
    if placeholder == "A,B,C":
        return "100,80,60"
    return "x"

all_values = set()
helps = {}
for prog in programs:
    for cmd in commands_of(prog):
        words = cmd.split()
        st, out, err = run([prog] + words + ["--help"])
        if st != 0:
            fail(f"{prog} {cmd} --help exited {st}: {err}")
            continue
        helps[(prog, cmd)] = parse_help(out)
        for short, ph in helps[(prog, cmd)][1].values():
            all_values.update(values_of(ph) or [])
all_values.update(["xml", "none", "all-of-them"])

for prog in programs:
    name = os.path.basename(prog)
    prog_options = set()
    for (p, cmd), (usage, opts) in helps.items():
        if p == prog:
            prog_options.update(opts)
    candidates = prog_options | man_options(prog) | table_options(prog)
    candidates.discard("help")
    candidates.discard("version")
    for (p, cmd), (usage, opts) in helps.items():
        if p != prog:
            continue
        words = cmd.split()
        label = f"{name} {cmd}".strip()
        # The usage line and the list of options name the same options.
        in_usage = set(re.findall(r"(?<![\w-])--([a-z][a-z-]*)", usage))
        in_usage |= {long for long, (short, _) in opts.items()
                     if short and re.search(rf"(?<![\w-])-{short}(?![\w-])", usage)}
        listed = set(opts) - {"help"}
        if in_usage != listed:
            fail(f"{label}: the usage line names {sorted(in_usage)}, the options {sorted(listed)}")
        for long, (short, ph) in opts.items():
            if long == "help":
                continue
            vals = values_of(ph)
            # Each listed option and value is accepted.
            for arg in vals or ([sample_arg(long, ph)] if ph else [None]):
                argv = [prog] + words + [f"--{long}"] + ([arg] if arg is not None else []) + ["--help"]
                st, out, err = run(argv)
                if st != 0 or not out.startswith("Usage:"):
                    fail(f"{label}: --{long} {arg or ''} is in --help but refused: {err.strip()}")
            if short:
                argv = [prog] + words + [f"-{short}"] + ([sample_arg(long, ph)] if ph else []) + ["--help"]
                if run(argv)[0] != 0:
                    fail(f"{label}: -{short} is in --help but refused")
            # Each value accepted is listed.
            if vals:
                for cand in sorted(all_values - set(vals)):
                    st, out, err = run([prog] + words + [f"--{long}", cand, "--help"])
                    if st == 0:
                        fail(f"{label}: --{long} accepts '{cand}', which its --help does not list")
                    elif f"invalid --{long} '{cand}'" not in err:
                        fail(f"{label}: --{long} '{cand}' refused with an unexpected message: {err.strip()}")
        # Each option accepted is in --help. (getopt takes an unambiguous abbreviation of an
        # option, so a candidate that begins a listed option is not tried.)
        for cand in sorted(candidates - set(opts)):
            if any(o.startswith(cand) for o in opts):
                continue
            for argv in ([prog] + words + [f"--{cand}", "--help"], [prog] + words + [f"--{cand}", "x", "--help"]):
                st, out, err = run(argv)
                if st == 0 or f"unknown option '--{cand}'" not in err:
                    fail(f"{label}: accepts --{cand}, which its --help does not show ({err.strip()})")
                    break

# The man page names every option of its program, and no option that no program has (a page
# may show another program's command line, as renderer.1 shows aggregator compile).
every_option = set()
for (p, cmd), (usage, opts) in helps.items():
    every_option.update(opts)
for prog in programs:
    name = os.path.basename(prog)
    man = man_options(prog)
    mine = set()
    for (p, cmd), (usage, opts) in helps.items():
        if p == prog:
            mine.update(opts)
    for missing in sorted(mine - man - {"help"}):
        fail(f"docs/{name}.1 does not name --{missing}")
    # ... and every value of its options with values.
    text = man_text(prog)
    for (p, cmd), (usage, opts) in helps.items():
        if p != prog:
            continue
        for long, (short, ph) in opts.items():
            for v in values_of(ph) or []:
                if not re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-])", text):
                    fail(f"docs/{name}.1 does not name the value {v} of --{long}")
    for extra in sorted(man - every_option - {"help", "version"}):
        fail(f"docs/{name}.1 names --{extra}, which no command of the toolkit takes")

for f in failures:
    print("FAIL:", f)
print(f"{probes} command lines tried, {len(failures)} disagreements")
sys.exit(1 if failures else 0)
EOF
