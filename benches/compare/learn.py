#!/usr/bin/env python3
"""engage's learned theme coding against scikit-learn, on the same split, in one run.

Usage (from anywhere in a clone):

    python3 benches/compare/learn.py [--data FFT.csv] [--runs 3] [--out DIR]

The data is the labelled NHS Friends and Family Test file of The Strategy Unit's pxtextmining
project (`v6framework_230831.csv`), by default from `../shared/realdata/surveys/nhs-fft/` beside
the clone; without it the script says so and stops. The answered comments are shuffled with a
fixed seed and cut in half: the first half is the hand-coded sample to learn from, the second
the comments to code. Both tools see the same two CSV files.

Three tasks, each scored the same way here (from each tool's codings of the second half):

  multi-label   the 18 categories with at least 120 labels in the file (one 0/1 column
                each): macro- and micro-F1
  single-label  each comment's first label among those 18 (comments with none left out):
                accuracy and macro-F1, learning from the whole first half and from its first
                500 comments

The tools:

  engage        `engage themes learn TRAIN --question fft_answer (--labels COL)... -o model.json`
                then `engage themes TEST --model model.json --coding --format csv`: two
                processes, timed together (process start included)
  scikit-learn  the pipeline the issue names: TfidfVectorizer word 1-2 grams and char 2-5
                grams (sublinear tf), one LinearSVC per category (single-label: LinearSVC's
                one-vs-rest), in one process (imports included); for reference also without
                timing, the same features with each category's threshold chosen by 5-fold
                cross-validation (LinearSVC, and logistic regression)

The table gives the figures and the median wall time of --runs runs of each. Writes the table
as CSV to --out (default benches/compare/results/learn.csv).
"""

import argparse
import csv
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import run as compare  # noqa: E402  (the venv, timing and build helpers)

DEFAULT_DATA = ROOT.parent / "shared" / "realdata" / "surveys" / "nhs-fft" / "v6framework_230831.csv"
QUESTION = "FFT answer"
CATEGORIES = [
    "Staff manner & personal attributes",
    "Number & deployment of staff",
    "Staff responsiveness",
    "Competence & training",
    "Staff listening, understanding & involving patients",
    "Information directly from staff during care",
    "Being kept informed, clarity & consistency of information",
    "Contacting services",
    "Appointment arrangements",
    "Timeliness of care",
    "Diagnosis & triage",
    "Referals & continuity of care",
    "Transport to/ from services",
    "Activities & access to fresh air",
    "Food & drink provision & facilities",
    "Impact of treatment/ care",
    "Negative experience & dissatisfaction",
    "Positive experience & gratitude",
]
SEED = 20261207
SMALL = 500

# ---------------------------------------------------------------------------------------------
# The scikit-learn peer, run in the venv: `learn.py --peer MODE TRAIN TEST OUT`.


def sklearn_peer(mode, train_path, test_path, out_path):
    import pandas as pd
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    train = pd.read_csv(train_path, keep_default_na=False)
    test = pd.read_csv(test_path, keep_default_na=False)
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char", ngram_range=(2, 5), sublinear_tf=True)
    x_train = hstack(
        [words.fit_transform(train[QUESTION]), chars.fit_transform(train[QUESTION])]
    ).tocsr()
    x_test = hstack([words.transform(test[QUESTION]), chars.transform(test[QUESTION])]).tocsr()
    out = {"ids": list(test["Respondent ID"])}
    if mode == "single":
        model = LinearSVC().fit(x_train, train["category"])
        out["predicted"] = [[label] for label in model.predict(x_test)]
    elif mode == "multi":
        predicted = [[] for _ in range(len(test))]
        for category in CATEGORIES:
            labels = train[category].astype(str).str.strip() == "1"
            model = LinearSVC().fit(x_train, labels)
            for row, value in enumerate(model.predict(x_test)):
                if value:
                    predicted[row].append(category)
        out["predicted"] = predicted
    else:
        out["predicted"] = cv_thresholds(mode, train, x_train, x_test)
    with open(out_path, "w") as file:
        json.dump(out, file)


def cv_thresholds(mode, train, x_train, x_test):
    """Each category's threshold chosen by 5-fold cross-validation (best F1 on held-out
    decisions), then applied to a model learned from all of the training half."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.svm import LinearSVC

    make = (lambda: LinearSVC()) if mode == "multi-svm-cv" else (
        lambda: LogisticRegression(C=10, solver="liblinear")
    )
    predicted = [[] for _ in range(x_test.shape[0])]
    for category in CATEGORIES:
        labels = (train[category].astype(str).str.strip() == "1").to_numpy().astype(int)
        folds = StratifiedKFold(5, shuffle=True, random_state=0)
        held_out = cross_val_predict(
            make(), x_train, labels, cv=folds, method="decision_function"
        )
        order = np.argsort(-held_out, kind="stable")
        hits = np.cumsum(labels[order])
        f1 = 2 * hits / (np.arange(1, len(labels) + 1) + labels.sum())
        best = int(np.argmax(f1))
        ranked = held_out[order]
        threshold = (ranked[best] + ranked[best + 1]) / 2 if best + 1 < len(ranked) else ranked[best]
        decisions = make().fit(x_train, labels).decision_function(x_test)
        for row, value in enumerate(decisions):
            if value >= threshold:
                predicted[row].append(category)
    return predicted


# ---------------------------------------------------------------------------------------------
# The split and the scoring.


def read_fft(path):
    with open(path, newline="", encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    header = list(rows[0].keys()) if rows else []
    answered = [row for row in rows if row[QUESTION].strip()]
    for index, row in enumerate(answered):
        # A unique id per comment, so that codings line up with the labels exactly.
        row["Respondent ID"] = f"c{index + 1}"
    return header, answered


def labels_of(row):
    return [category for category in CATEGORIES if row[category].strip() == "1"]


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def scores(truth, predicted, categories):
    """Macro- and micro-F1 over the categories (a category never given nor predicted is left
    out of the macro average), and exact-match accuracy."""
    f1s = []
    pooled = [0, 0, 0]
    for category in categories:
        tp = sum(1 for key in truth if category in truth[key] and category in predicted.get(key, ()))
        fp = sum(1 for key in truth if category not in truth[key] and category in predicted.get(key, ()))
        fn = sum(1 for key in truth if category in truth[key] and category not in predicted.get(key, ()))
        pooled = [pooled[0] + tp, pooled[1] + fp, pooled[2] + fn]
        if tp + fp + fn:
            f1s.append(2 * tp / (2 * tp + fp + fn))
    tp, fp, fn = pooled
    accuracy = sum(
        1 for key in truth if set(truth[key]) == set(predicted.get(key, ()))
    ) / len(truth)
    return {
        "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
        "micro_f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
        "accuracy": accuracy,
    }


def engage_codings(path, labels_by_id):
    """Each comment's themes (as category labels) from engage's coding sheet."""
    predicted = {}
    with open(path, newline="", encoding="utf-8-sig") as file:
        for row in csv.DictReader(file):
            themes = predicted.setdefault(row["respondent_id"], [])
            if row["theme"]:
                themes.append(labels_by_id.get(row["theme"], row["label"]))
    return predicted


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the labelled FFT CSV")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per tool (3)")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="where the CSV goes")
    parser.add_argument("--skip-build", action="store_true", help="use the release build as is")
    parser.add_argument("--engage", type=Path, help="this engage binary (no build; times are then its own)")
    parser.add_argument("--peer", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.peer:
        sklearn_peer(options.peer, *options.args)
        return
    if not options.data.is_file():
        print(f"{options.data} is not there: nothing to compare (see the docstring)")
        return
    if options.engage:
        engage = options.engage.resolve()
    else:
        if not options.skip_build:
            compare.sh(["cargo", "build", "--release", "--quiet", "-p", "engage-cli"], cwd=ROOT)
        engage = compare.cargo_target() / "engage"
    python = compare.ensure_venv()
    print(f"Machine: {compare.machine()}", file=sys.stderr)
    header, answered = read_fft(options.data)
    order = list(range(len(answered)))
    random.Random(SEED).shuffle(order)
    half = len(order) // 2
    train = [answered[index] for index in order[:half]]
    test = [answered[index] for index in order[half:]]
    work = Path(tempfile.mkdtemp(prefix="engage-learn-"))
    ids = {category: None for category in CATEGORIES}

    # The single-label view: each comment's first category, comments with none left out.
    single_header = header + ["category"]
    def single(rows):
        out = []
        for row in rows:
            labels = labels_of(row)
            if labels:
                out.append(dict(row, category=labels[0]))
        return out
    single_train, single_test = single(train), single(test)
    tasks = [
        ("multi-label, 18 categories", "multi", train, test, header),
        ("single-label", "single", single_train, single_test, single_header),
        (f"single-label, {SMALL} to learn from", "single", single_train[:SMALL], single_test, single_header),
    ]
    results = []
    for name, mode, train_rows, test_rows, columns in tasks:
        train_path, test_path = work / "train.csv", work / "test.csv"
        write(train_path, columns, train_rows)
        write(test_path, columns, test_rows)
        truth = {row["Respondent ID"]: (labels_of(row) if mode == "multi" else [row["category"]]) for row in test_rows}
        model = work / "model.json"
        codings = work / "codings.csv"
        learn_command = [engage, "themes", "learn", train_path, "--question", "fft_answer", "--quiet", "-o", model]
        if mode == "multi":
            for category in CATEGORIES:
                learn_command += ["--labels", category]
        else:
            learn_command += ["--label", "category"]
        code_command = [engage, "themes", test_path, "--model", model, "--question", "fft_answer", "--coding", "--format", "csv", "--quiet", "-o", codings]
        times = []
        for _ in range(options.runs):
            learned, _, _ = compare.timed(learn_command)
            coded, _, _ = compare.timed(code_command)
            times.append(learned + coded)
        model_json = json.loads(model.read_text())
        labels_by_id = {theme["id"]: theme["label"] for theme in model_json["themes"]}
        cross_validated = model_json["cross_validation"]
        figures = scores(truth, engage_codings(codings, labels_by_id), CATEGORIES if mode == "multi" else sorted({row["category"] for row in train_rows}))
        results.append({
            "task": name, "tool": "engage", "learned_from": len(train_rows), "coded": len(test_rows),
            **figures, "cv_macro_f1": cross_validated["macro"]["f1"], "median_s": statistics.median(times),
        })
        peers = [("scikit-learn LinearSVC", mode, True)]
        if mode == "multi":
            peers += [("scikit-learn LinearSVC, CV thresholds", "multi-svm-cv", False),
                      ("scikit-learn LogisticRegression, CV thresholds", "multi-lr-cv", False)]
        for peer_name, peer_mode, timed in peers:
            out = work / "sklearn.json"
            times = []
            for _ in range(options.runs if timed else 1):
                seconds, _, _ = compare.timed([python, __file__, "--peer", peer_mode, train_path, test_path, out])
                times.append(seconds)
            answer = json.loads(out.read_text())
            predicted = dict(zip(answer["ids"], answer["predicted"]))
            figures = scores(truth, predicted, CATEGORIES if mode == "multi" else sorted({row["category"] for row in train_rows}))
            results.append({
                "task": name, "tool": peer_name, "learned_from": len(train_rows), "coded": len(test_rows),
                **figures, "cv_macro_f1": None, "median_s": statistics.median(times) if timed else None,
            })
    print()
    print("Learned theme coding: learn from the first half, code the second (NHS FFT, seed %d)" % SEED)
    line = f"{'task':<34}{'tool':<48}{'learn':>7}{'code':>7}{'macro-F1':>10}{'micro-F1':>10}{'accuracy':>10}{'CV F1':>8}{'median s':>10}"
    print(line)
    print("-" * len(line))
    for row in results:
        cv = f"{row['cv_macro_f1']:.3f}" if row["cv_macro_f1"] is not None else ""
        seconds = f"{row['median_s']:.2f}" if row["median_s"] is not None else ""
        print(f"{row['task']:<34}{row['tool']:<48}{row['learned_from']:>7}{row['coded']:>7}{row['macro_f1']:>10.3f}{row['micro_f1']:>10.3f}{row['accuracy']:>10.3f}{cv:>8}{seconds:>10}")
    options.out.mkdir(parents=True, exist_ok=True)
    table = options.out / "learn.csv"
    with open(table, "w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(results[0]))
        writer.writeheader()
        writer.writerows(results)
    print(f"Wrote {table}")


if __name__ == "__main__":
    main()
