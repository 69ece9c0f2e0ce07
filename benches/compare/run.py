#!/usr/bin/env python3
"""engage against the tools an analyst would pick instead, side by side, in one run.

Usage (from anywhere in a clone):

    python3 benches/compare/run.py [--rows 100k] [--runs 5] [--slow-runs 3] [--out DIR]

It builds engage in release, generates the synthetic export (100k rows x 40 columns, xlsx) if
it is missing, creates benches/compare/.venv with the Python peers from PyPI (pinned below),
then times, on the same file, in fresh processes:

  calamine parse      calamine opening the workbook and reading the sheet: the floor
  engage analyses     the same work as the peers, through the library, one process
  engage report       the analyses plus the whole report bundle (HTML, Markdown, XLSX, JSON,
                      tables, SVG and PNG charts)
  engage CLI          `engage participation`, `summary`, `crosstab` and `themes`, one process
                      each (each reads the file again), for information
  pandas + openpyxl   pandas.read_excel(engine="openpyxl") and the same figures
  pandas + calamine   pandas.read_excel(engine="calamine") (python-calamine) and the same
  polars              polars.read_excel (calamine through fastexcel) and the same

"The same figures": participation counts (respondents, responses per day and per collector,
answers per question), value counts of every categorical question (multi-selects split on
`;`), the top-two box of every 5-point Likert item, one cross-tab (age band by preferred
option) with Pearson's chi-square (scipy), and theme counts of the four free-text questions
with the walk-in-centre codebook as one case-insensitive whole-word regex per theme
(`str.contains`). Every peer's figures are compared with engage's and the check is printed:
the comparison is void if they disagree.

Each tool runs --runs times (openpyxl --slow-runs times); the table shows medians, the ratio of
each median to engage's, and peak memory (maximum resident set size of the process). The table
is also written as CSV to --out (default benches/compare/results/).

The same file runs each tool in its peer mode: `run.py --peer pandas-openpyxl FILE CODEBOOK
OUT.json`.
"""

import argparse
import csv
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VENV = HERE / ".venv"
CODEBOOK = ROOT / "testdata" / "codebooks" / "walk-in-centre.toml"

# Pinned so that a rerun compares against the same peers; update deliberately.
REQUIREMENTS = [
    "pandas==3.1.1",
    "openpyxl==3.1.5",
    "python-calamine==0.9.1",
    "polars==2.1.0",
    "fastexcel==0.21.0",
    "pyarrow==26.0.1",
    "scipy==1.17.1",
    "numpy==2.4.6",
    "scikit-learn==1.9.1",
]

# ---------------------------------------------------------------------------------------------
# What the export holds, as an analyst who opened it would write it down.

AGREE = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
SATISFACTION = [
    "Very dissatisfied",
    "Fairly dissatisfied",
    "Neither satisfied nor dissatisfied",
    "Fairly satisfied",
    "Very satisfied",
]
QUALITY = ["Very poor", "Poor", "Fair", "Good", "Very good"]
AGREE_STEM = "How much do you agree or disagree with the following statements?"
SATISFIED_STEM = "How satisfied are you with the following?"
STATEMENTS = [
    "The walk-in centre should stay at its current site",
    "Moving walk-in services to the hospital site would improve care",
    "It is easy to get an appointment with my GP",
    "I would know where to go for urgent care if the centre moved",
    "Longer opening hours matter more to me than where the service is",
    "The consultation explained the proposal clearly",
    "I trust the NHS to make the right decision",
    "Public transport to the hospital is good enough",
]
ASPECTS = [
    "Waiting times",
    "Opening hours",
    "The staff who treated you",
    "Cleanliness",
    "Information about where to go",
    "Getting there",
]
COMPLETED = "Completion time"
COLLECTOR = "Collector"
LIKERT = {f"{AGREE_STEM} [{s}]": AGREE for s in STATEMENTS}
LIKERT.update({f"{SATISFIED_STEM} [{a}]": SATISFACTION for a in ASPECTS})
LIKERT["Overall, how would you rate urgent care services in your area?"] = QUALITY
RATING = (
    "How likely are you to recommend the walk-in centre to friends and family? "
    "(0 = not at all likely, 10 = extremely likely)"
)
SINGLE = [
    "In what capacity are you responding to this consultation?",
    "Have you used the walk-in centre in the last two years?",
    "Which of the options do you prefer?",
    "How would you usually travel to the walk-in centre?",
    "Do you support the proposal overall?",
    "Would you be willing to take part in a follow-up discussion group?",
    "What is your age?",
    "What is your sex?",
    "What is your ethnic group?",
    "Are your day-to-day activities limited because of a health problem or disability which "
    "has lasted, or is expected to last, at least 12 months?",
    "What is the first part of your postcode? (for example NE6)",
]
MULTI = [
    "Which of these services have you used in the last 12 months? (select all that apply)",
    "How did you hear about this consultation? (select all that apply)",
    "Which of these would matter most to you? (select up to three)",
]
FREE_TEXT = [
    "Please tell us the reasons for your answers",
    "What would make urgent care better for you and your family?",
    "Is there anything about the proposal that concerns you?",
    "Do you have any other comments?",
]
CROSSTAB = ("What is your age?", "Which of the options do you prefer?")


def theme_patterns(codebook_path):
    """Per theme, (id, pattern or None, ids of the themes it counts): a parent theme counts a
    comment coded with any theme under it. Terms are case-insensitive whole words, `prefix*`
    the prefix and any word characters, `/regex/` as written."""
    import tomllib

    with open(codebook_path, "rb") as file:
        book = tomllib.load(file)
    themes = book["theme"]
    parent = {theme["id"]: theme.get("parent") for theme in themes}

    def escape(text):
        return "".join("\\" + c if c in "\\.^$|?*+()[]{}" else c for c in text)

    def term(text):
        text = text.strip()
        if len(text) > 1 and text.startswith("/") and text.endswith("/"):
            return f"(?:{text[1:-1]})"
        if text.endswith("*"):
            return rf"\b{escape(text[:-1])}\w*"
        return rf"\b{escape(text)}\b"

    out = []
    for theme in themes:
        include = theme.get("include", [])
        pattern = f"(?i)(?:{'|'.join(term(t) for t in include)})" if include else None
        members = []
        for other in themes:
            node = other["id"]
            while node is not None:
                if node == theme["id"]:
                    members.append(other["id"])
                    break
                node = parent.get(node)
        out.append((theme["id"], pattern, members))
    return out


def rating_label(value):
    """A 0-10 rating as engage labels it: `7`, not `7.0`."""
    value = float(value)
    return str(int(value)) if value.is_integer() else str(value)


# ---------------------------------------------------------------------------------------------
# The peers.


def pandas_peer(path, codebook, engine):
    started = time.perf_counter()
    import pandas as pd
    from scipy.stats import chi2_contingency

    imported = time.perf_counter()
    frame = pd.read_excel(path, engine=engine)
    read = time.perf_counter()
    check = {"respondents": int(len(frame))}
    days = pd.to_datetime(frame[COMPLETED]).dt.strftime("%Y-%m-%d")
    check["per_day"] = {k: int(v) for k, v in days.value_counts().items()}
    check["collector"] = {k: int(v) for k, v in frame[COLLECTOR].value_counts().items()}
    answered = frame.notna().sum()
    check["answered"] = {k: int(v) for k, v in answered.items()}
    counts = {}
    for column in SINGLE + list(LIKERT):
        counts[column] = {str(k): int(v) for k, v in frame[column].value_counts().items()}
    counts[RATING] = {
        rating_label(k): int(v) for k, v in frame[RATING].value_counts().items()
    }
    for column in MULTI:
        options = frame[column].dropna().str.split(";").explode()
        counts[column] = {k: int(v) for k, v in options.value_counts().items()}
    check["value_counts"] = counts
    top2 = {}
    for column, scale in LIKERT.items():
        values = frame[column]
        top2[column] = {
            "count": int(values.isin(scale[-2:]).sum()),
            "base": int(values.isin(scale).sum()),
        }
    check["top2"] = top2
    table = pd.crosstab(frame[CROSSTAB[0]], frame[CROSSTAB[1]])
    statistic, _, dof, _ = chi2_contingency(table.to_numpy(), correction=False)
    check["crosstab"] = {
        "rows": CROSSTAB[0],
        "columns": CROSSTAB[1],
        "statistic": float(statistic),
        "df": int(dof),
        "n": int(table.to_numpy().sum()),
    }
    themes = {}
    for column in FREE_TEXT:
        text = frame[column].dropna()
        text = text[text.str.strip() != ""]
        masks = {}
        for theme, pattern, _ in codebook:
            if pattern is not None:
                masks[theme] = text.str.contains(pattern, regex=True)
        themes[column] = {}
        for theme, _, members in codebook:
            coded = None
            for member in members:
                if member in masks:
                    coded = masks[member] if coded is None else coded | masks[member]
            themes[column][theme] = int(coded.sum()) if coded is not None else 0
    check["themes"] = themes
    done = time.perf_counter()
    phases = {"import": imported - started, "read": read - imported, "compute": done - read}
    return check, phases


def polars_peer(path, codebook):
    started = time.perf_counter()
    import polars as pl
    from scipy.stats import chi2_contingency

    imported = time.perf_counter()
    frame = pl.read_excel(path)
    read = time.perf_counter()
    check = {"respondents": frame.height}

    def counted(series):
        counts = series.drop_nulls().value_counts()
        return {str(row[0]): int(row[1]) for row in counts.iter_rows()}

    completed = frame[COMPLETED]
    if completed.dtype == pl.String:
        completed = completed.str.to_datetime()
    check["per_day"] = counted(completed.dt.strftime("%Y-%m-%d"))
    check["collector"] = counted(frame[COLLECTOR])
    check["answered"] = {
        column: frame.height - frame[column].null_count() for column in frame.columns
    }
    counts = {column: counted(frame[column]) for column in SINGLE + list(LIKERT)}
    counts[RATING] = {
        rating_label(k): v for k, v in counted(frame[RATING].cast(pl.Float64)).items()
    }
    for column in MULTI:
        counts[column] = counted(frame[column].str.split(";").explode())
    check["value_counts"] = counts
    check["top2"] = {
        column: {
            "count": int(frame[column].is_in(scale[-2:]).sum()),
            "base": int(frame[column].is_in(scale).sum()),
        }
        for column, scale in LIKERT.items()
    }
    pairs = frame.select(CROSSTAB).drop_nulls()
    table = (
        pairs.group_by(CROSSTAB)
        .len()
        .pivot(on=CROSSTAB[1], index=CROSSTAB[0], values="len")
        .fill_null(0)
    )
    matrix = table.drop(CROSSTAB[0]).to_numpy()
    statistic, _, dof, _ = chi2_contingency(matrix, correction=False)
    check["crosstab"] = {
        "rows": CROSSTAB[0],
        "columns": CROSSTAB[1],
        "statistic": float(statistic),
        "df": int(dof),
        "n": int(matrix.sum()),
    }
    themes = {}
    for column in FREE_TEXT:
        text = frame.select(pl.col(column)).drop_nulls().filter(pl.col(column).str.strip_chars() != "")
        flags = text.select(
            [
                pl.col(column).str.contains(pattern).alias(theme)
                for theme, pattern, _ in codebook
                if pattern is not None
            ]
        )
        themes[column] = {}
        for theme, _, members in codebook:
            present = [member for member in members if member in flags.columns]
            if not present:
                themes[column][theme] = 0
                continue
            themes[column][theme] = int(flags.select(pl.any_horizontal(present).sum()).item())
    check["themes"] = themes
    done = time.perf_counter()
    phases = {"import": imported - started, "read": read - imported, "compute": done - read}
    return check, phases


def run_peer(name, path, codebook_path, out):
    codebook = theme_patterns(codebook_path)
    if name == "pandas-openpyxl":
        check, phases = pandas_peer(path, codebook, "openpyxl")
    elif name == "pandas-calamine":
        check, phases = pandas_peer(path, codebook, "calamine")
    elif name == "polars":
        check, phases = polars_peer(path, codebook)
    else:
        raise SystemExit(f"unknown peer {name}")
    with open(out, "w") as file:
        json.dump(check, file, indent=1, sort_keys=True)
    print(json.dumps({"phases": phases}), file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# Checking.


def differences(expected, actual, where=""):
    """Where `actual` differs from engage's `expected`: every key engage reports must be there
    with the same value (floats to 1e-9 relative); extra keys the peer reports are ignored,
    except inside a count table, where they must match exactly."""
    found = []
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected a table, found {actual!r}"]
        exact = where.count("/") >= 2 and where.split("/")[1] in ("value_counts", "themes")
        for key, value in expected.items():
            if key not in actual:
                found.append(f"{where}/{key}: missing (engage: {value!r})")
            else:
                found.extend(differences(value, actual[key], f"{where}/{key}"))
        if exact or where in ("/per_day", "/collector"):
            for key in actual:
                if key not in expected and actual[key] != 0:
                    found.append(f"{where}/{key}: {actual[key]!r}, which engage does not have")
        return found
    if isinstance(expected, float) or isinstance(actual, float):
        try:
            if abs(float(expected) - float(actual)) <= 1e-9 * max(1.0, abs(float(expected))):
                return []
        except (TypeError, ValueError):
            pass
        return [f"{where}: engage {expected!r}, peer {actual!r}"]
    if expected != actual:
        return [f"{where}: engage {expected!r}, peer {actual!r}"]
    return []


# ---------------------------------------------------------------------------------------------
# Running everything.


def sh(command, **kwargs):
    print("+ " + " ".join(str(part) for part in command), file=sys.stderr, flush=True)
    subprocess.run([str(part) for part in command], check=True, **kwargs)


def timed(command, stdout=subprocess.DEVNULL):
    """Runs a command; returns wall seconds, peak RSS in MB and stderr."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(part) for part in command], stdout=stdout, stderr=errors
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        text = errors.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({process.returncode}):\n{text}")
    return seconds, usage.ru_maxrss / 1024.0, text


def venv_python():
    return VENV / "bin" / "python"


def ensure_venv():
    python = venv_python()
    marker = VENV / "requirements.txt"
    wanted = "\n".join(REQUIREMENTS) + "\n"
    if python.exists() and marker.exists() and marker.read_text() == wanted:
        return python
    if VENV.exists():
        shutil.rmtree(VENV)
    sh([sys.executable, "-m", "venv", VENV])
    sh([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    sh([python, "-m", "pip", "install", "--quiet", *REQUIREMENTS])
    marker.write_text(wanted)
    return python


def cargo_target():
    metadata = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return Path(json.loads(metadata.stdout)["target_directory"]) / "release"


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {memory}, {platform.system()} {platform.release()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="100k", help="rows of the synthetic export (100k)")
    parser.add_argument("--runs", type=int, default=5, help="runs per tool (5)")
    parser.add_argument("--slow-runs", type=int, default=3, help="runs of pandas+openpyxl (3)")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="where the CSV goes")
    parser.add_argument("--file", type=Path, help="an xlsx to use instead of generating one")
    parser.add_argument(
        "--skip", action="append", default=[], help="a tool to leave out (repeatable)"
    )
    parser.add_argument(
        "--sizes",
        default="1k,10k,100k",
        help="sizes of the engage-alone part: a full report per size, xlsx and CSV (1k,10k,100k)",
    )
    parser.add_argument(
        "--with-1m",
        action="store_true",
        help="add 1M rows (CSV only) to the engage-alone part, for the scaling target",
    )
    parser.add_argument(
        "--no-sizes", action="store_true", help="leave out the engage-alone part"
    )
    parser.add_argument(
        "--no-peers", action="store_true", help="leave out the side-by-side part"
    )
    parser.add_argument("--peer", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.peer:
        run_peer(options.peer, *options.args)
        return

    sh(["cargo", "build", "--release", "--quiet", "-p", "engage-benches", "-p", "engage-cli"], cwd=ROOT)
    release = cargo_target()
    if options.file:
        data = options.file.resolve()
    else:
        data = ROOT / "benches" / "data" / f"synthetic-{options.rows.lower()}.xlsx"
        if not options.no_peers:
            sh([release / "make-bench-data", options.rows, "--xlsx"], cwd=ROOT)
    print(f"Machine: {machine()}", file=sys.stderr)
    options.out.mkdir(parents=True, exist_ok=True)
    void = False
    if not options.no_peers:
        python = ensure_venv()
        versions = subprocess.run(
            [python, "-c", "from importlib.metadata import version as v; print(', '.join("
             "f'{name} {v(name)}' for name in ('pandas', 'openpyxl', 'python-calamine', "
             "'polars', 'fastexcel', 'pyarrow', 'scipy', 'numpy')))"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
        void = compare(options, release, data, python, versions)
    if not options.no_sizes:
        sizes(options, release)
    if void:
        print("The comparison is VOID: a peer's figures differ from engage's.")
        sys.exit(1)


def sizes(options, release):
    """engage alone: the full report at each size, with its peak memory against the in-memory
    frame, and the time per row (the scaling target compares 1M CSV with 100k CSV)."""
    wanted = [size.strip().lower() for size in options.sizes.split(",") if size.strip()]
    runs = []
    for size in wanted:
        runs.append((size, "xlsx", options.runs))
        runs.append((size, "csv", options.runs))
    if options.with_1m:
        runs.append(("1m", "csv", options.slow_runs))
    for size, kind, _ in runs:
        sh([release / "make-bench-data", size, f"--{kind}"], cwd=ROOT)
    work = Path(tempfile.mkdtemp(prefix="engage-sizes-"))
    rows = []
    print()
    print("engage alone: the full report (read, analyses, document, every file written)")
    header = f"{'file':<24}{'runs':>5}{'median s':>10}{'us/row':>9}{'peak MB':>9}{'frame MB':>10}{'peak/frame':>12}  stages (median s)"
    print(header)
    print("-" * len(header))
    per_row = {}
    for size, kind, count in runs:
        data = ROOT / "benches" / "data" / f"synthetic-{size}.{kind}"
        times, memory, notes = [], [], []
        for _ in range(count):
            seconds, rss, errors = timed(
                [release / "engage-pipeline", data, "--report", work / "report"]
            )
            times.append(seconds)
            memory.append(rss)
            notes.extend(json.loads(line) for line in errors.splitlines() if line.startswith("{"))
        median = statistics.median(times)
        respondents = notes[0]["respondents"]
        frame = notes[0]["frame_bytes"] / 1e6
        stages = {}
        for note in notes:
            for stage in note["stages"]:
                stages.setdefault(stage["stage"], []).append(stage["seconds"])
            for analysis in note["analyses"]:
                stages.setdefault(analysis["analysis"], []).append(analysis["seconds"])
        line = ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in stages.items())
        micros = median / respondents * 1e6
        per_row[(size, kind)] = micros
        print(
            f"{data.name:<24}{count:>5}{median:>10.2f}{micros:>9.1f}{max(memory):>9.0f}"
            f"{frame:>10.1f}{max(memory) / frame:>12.1f}  {line}"
        )
        rows.append(
            {
                "file": data.name,
                "rows": respondents,
                "runs": count,
                "median_s": f"{median:.3f}",
                "us_per_row": f"{micros:.2f}",
                "peak_rss_mb": f"{max(memory):.0f}",
                "frame_mb": f"{frame:.1f}",
                "peak_over_frame": f"{max(memory) / frame:.2f}",
                "stages": line,
            }
        )
    print()
    if ("1m", "csv") in per_row and ("100k", "csv") in per_row:
        ratio = per_row[("1m", "csv")] / per_row[("100k", "csv")]
        print(f"time per row, 1M CSV / 100k CSV: {ratio:.2f} (target at most 1.3)")
    for kind in ("xlsx", "csv"):
        match = [row for row in rows if row["file"] == f"synthetic-100k.{kind}"]
        if match:
            print(f"peak memory / frame, 100k {kind}: {match[0]['peak_over_frame']} (target at most 3)")
    table = options.out / "engage-sizes.csv"
    with open(table, "w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"Wrote {table}")
    shutil.rmtree(work, ignore_errors=True)


def compare(options, release, data, python, versions):
    """The side-by-side part; returns True when a peer disagrees with engage."""
    work = Path(tempfile.mkdtemp(prefix="engage-compare-"))
    engage = release / "engage"
    report_dir = work / "report"
    tools = [
        ("calamine parse", [release / "calamine-parse", data], options.runs, None),
        (
            "engage analyses",
            [release / "engage-pipeline", data, "--check", work / "engage.json"],
            options.runs,
            None,
        ),
        (
            "engage report",
            [engage, "report", data, "--codebook", CODEBOOK, "-o", report_dir, "--force", "--quiet"],
            options.runs,
            None,
        ),
        ("engage CLI (4 commands)", None, options.runs, None),
        ("pandas + openpyxl", "pandas-openpyxl", options.slow_runs, None),
        ("pandas + calamine", "pandas-calamine", options.runs, None),
        ("polars", "polars", options.runs, None),
    ]
    cli = [
        [engage, "participation", data, "--format", "json"],
        [engage, "summary", data, "--format", "json"],
        [engage, "crosstab", data, "age", "options_prefer", "--format", "json"],
        [engage, "themes", data, "--codebook", CODEBOOK, "--format", "json"],
    ]
    results = []
    notes = {}
    for name, command, runs, _ in tools:
        if name in options.skip or (isinstance(command, str) and command in options.skip):
            continue
        times, memory = [], []
        for run in range(runs):
            if command is None:
                total, peak = 0.0, 0.0
                for step in cli:
                    seconds, rss, _ = timed(step)
                    total += seconds
                    peak = max(peak, rss)
                seconds, rss = total, peak
            elif isinstance(command, str):
                out = work / f"{command}.json"
                seconds, rss, errors = timed(
                    [python, __file__, "--peer", command, data, CODEBOOK, out]
                )
                for line in errors.splitlines():
                    if line.startswith("{"):
                        notes.setdefault(name, []).append(json.loads(line)["phases"])
            else:
                seconds, rss, errors = timed(command)
                for line in errors.splitlines():
                    if line.startswith("{") and name.startswith("engage"):
                        notes.setdefault(name, []).append(json.loads(line))
            times.append(seconds)
            memory.append(rss)
            print(f"  {name}: run {run + 1}/{runs}: {seconds:.2f} s, {rss:.0f} MB", file=sys.stderr, flush=True)
        results.append((name, times, memory))

    # The check: every peer's figures against engage's.
    engage_check = json.loads((work / "engage.json").read_text())
    verdicts = {}
    for name, command, _, _ in tools:
        if not isinstance(command, str) or not (work / f"{command}.json").exists():
            continue
        peer = json.loads((work / f"{command}.json").read_text())
        verdicts[name] = differences(engage_check, peer)

    baseline = next(statistics.median(t) for n, t, _ in results if n == "engage analyses")
    floor = next((statistics.median(t) for n, t, _ in results if n == "calamine parse"), None)
    print()
    print(f"Machine: {machine()}")
    print(f"File: {data} ({data.stat().st_size / 1e6:.1f} MB)")
    print(f"Peers: {versions}")
    print()
    header = f"{'tool':<26}{'runs':>5}{'median s':>10}{'min s':>8}{'max s':>8}{'x engage':>10}{'peak MB':>9}  check"
    print(header)
    print("-" * len(header))
    rows = []
    for name, times, memory in results:
        median = statistics.median(times)
        verdict = verdicts.get(name)
        check = "-" if verdict is None else ("agrees" if not verdict else f"DISAGREES ({len(verdict)})")
        if name == "engage analyses":
            check = "reference"
        ratio = median / baseline
        print(
            f"{name:<26}{len(times):>5}{median:>10.2f}{min(times):>8.2f}{max(times):>8.2f}"
            f"{ratio:>10.2f}{max(memory):>9.0f}  {check}"
        )
        rows.append(
            {
                "tool": name,
                "runs": len(times),
                "median_s": f"{median:.3f}",
                "min_s": f"{min(times):.3f}",
                "max_s": f"{max(times):.3f}",
                "ratio_to_engage": f"{ratio:.3f}",
                "peak_rss_mb": f"{max(memory):.0f}",
                "check": check,
            }
        )
    print()
    by_name = {name: statistics.median(times) for name, times, _ in results}
    if floor and "engage report" in by_name:
        print(f"engage report / calamine parse: {by_name['engage report'] / floor:.2f} (target at most 1.5)")
    if floor:
        print(f"engage analyses / calamine parse: {baseline / floor:.2f}")
    for peer, target in (("pandas + openpyxl", 15.0), ("polars", 1.5)):
        if peer in by_name:
            print(f"{peer} / engage analyses: {by_name[peer] / baseline:.1f}x slower (target at least {target}x)")
            if "engage report" in by_name:
                print(f"{peer} / engage report: {by_name[peer] / by_name['engage report']:.1f}x slower")
    for name, phases in notes.items():
        if name.startswith("engage"):
            stages = {}
            for note in phases:
                for stage in note["stages"]:
                    stages.setdefault(stage["stage"], []).append(stage["seconds"])
            for note in phases:
                for analysis in note.get("analyses", []):
                    stages.setdefault(analysis["analysis"], []).append(analysis["seconds"])
            line = ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in stages.items())
            print(f"{name} stages (median s): {line}; frame {phases[0]['frame_bytes'] / 1e6:.0f} MB")
            if name == "engage analyses" and "themes" in stages:
                text = phases[0]["free_text_bytes"] / 1e6
                print(
                    f"theme coding: {text:.1f} MB of free text in {statistics.median(stages['themes']):.2f} s"
                    f" = {text / statistics.median(stages['themes']):.0f} MB/s of wall-clock time"
                    f" (walk-in-centre codebook; free-text questions coded in parallel on up to"
                    f" {os.cpu_count()} cores; one core's rate is the themes bench's)"
                )
        else:
            keys = phases[0].keys()
            line = ", ".join(f"{k} {statistics.median(p[k] for p in phases):.2f}" for k in keys)
            print(f"{name} phases (median s): {line}")
    print()
    print("Check against engage (counts per option, top-2 boxes, chi-square, theme counts, participation):")
    void = False
    for name, found in verdicts.items():
        if found:
            void = True
            print(f"  {name}: DISAGREES in {len(found)} place(s):")
            for line in found[:15]:
                print(f"    {line}")
        else:
            print(f"  {name}: agrees on every figure")
    table = options.out / f"compare-{data.stem}.csv"
    with open(table, "w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"\nWrote {table}")
    shutil.rmtree(work, ignore_errors=True)
    return void


if __name__ == "__main__":
    main()
