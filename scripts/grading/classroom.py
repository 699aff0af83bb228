"""Grade a class: the submissions in parallel, each row in the CSV as soon as it is graded.

One worker process per submission at a time (`workers` of them, one per core by default), a
progress bar (tqdm, on a terminal only), one line per submission with its score and the
feedback of every exercise not passed, and a summary at the end. With `resume`, submissions
already in the CSV are skipped and the new rows are appended.

The feedback is the learner's, in the submission's language (grade.py); the rest of what is
printed (the summary, the CSV's column names) and the grader's own failure ("the grader
failed: ...", a bug of the grader, not the learner's) are the teacher's, in English.
"""

import csv
import multiprocessing
import os
import statistics
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from tqdm import tqdm

from grading.grade import Outcome, grade_submission

CSV_COLUMNS = ["submission", "notebook", "exercise", "score", "max_score", "feedback", "status"]


def find_submissions(folder):
    """The notebooks under `folder`, sorted; Jupyter's checkpoints are not submissions."""
    folder = Path(folder)
    return sorted(
        path for path in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in path.parts
    )


def already_graded(csv_path):
    """The submissions that have rows in the CSV at `csv_path` (none if there is no file)."""
    if csv_path is None or not Path(csv_path).exists():
        return set()
    with Path(csv_path).open(encoding="utf-8", newline="") as file:
        return {row["submission"] for row in csv.DictReader(file)}


def _points(value):
    return f"{value:g}"


def csv_rows(outcome):
    status = "failed" if outcome.failure else "graded"
    return [
        [outcome.submission, outcome.assignment or "", name, _points(score), _points(top)]
        + [text, status]
        for name, score, top, text in outcome.rows
    ]


def report_lines(outcome):
    """The lines printed for one submission."""
    head = f"{outcome.submission:<40} {outcome.assignment or '?':<20}"
    if outcome.failure:  # its rows' feedback, in the submission's language
        return [f"{head} {outcome.rows[0][3]}"]
    lines = [f"{head} {_points(outcome.score)} / {_points(outcome.possible)}"]
    for name, score, top, text in outcome.rows:
        if score < top:
            lines.append(f"    {name:<26} {_points(score)} / {_points(top)}  {text}")
    return lines


def summary_lines(outcomes, skipped=0):
    """Graded, failed to grade, and the mean score of each exercise (a failure counts 0)."""
    failed = sum(1 for o in outcomes if o.failure)
    lines = [f"graded {len(outcomes) - failed}, could not grade {failed}"]
    if skipped:
        lines[0] += f", skipped {skipped} already in the CSV"
    scores = {}
    for outcome in outcomes:
        for name, score, top, _ in outcome.rows:
            if name:
                scores.setdefault((outcome.assignment, name), []).append(score / top)
    for (assignment, name), values in sorted(scores.items()):
        mean = statistics.fmean(values)
        lines.append(f"    {assignment:<20} {name:<26} mean {mean:.2f} of {len(values)}")
    return lines


def _safely(path, shown, limits, sandboxed):
    try:
        return grade_submission(path, shown, limits, sandboxed)
    except Exception as error:  # the grader's own failure: the row says so, grading goes on
        reason = f"the grader failed: {type(error).__name__}: {error}"
        return Outcome(shown, None, [("", 0, 0, f"could not be graded: {reason}")], reason)


def grade_class(folder, limits, csv_path=None, workers=None, sandboxed=True, resume=False):
    """Grade every submission under `folder`; return their Outcomes (this run's)."""
    folder = Path(folder)
    shown = {path: path.relative_to(folder).as_posix() for path in find_submissions(folder)}
    done = already_graded(csv_path) if resume else set()
    todo = [path for path in shown if shown[path] not in done]
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    out = sys.stdout
    print(f"grading {len(todo)} notebook(s) in {folder} with {workers} worker(s)", file=out)
    writer = file = None
    if csv_path is not None:
        fresh = not (resume and Path(csv_path).exists())
        file = Path(csv_path).open("w" if fresh else "a", newline="", encoding="utf-8")
        writer = csv.writer(file)
        if fresh:
            writer.writerow(CSV_COLUMNS)
            file.flush()
    outcomes = []
    context = multiprocessing.get_context("spawn")
    try:
        with (
            ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool,
            tqdm(total=len(todo), unit="notebook", disable=None, file=sys.stderr) as bar,
        ):
            futures = [pool.submit(_safely, p, shown[p], limits, sandboxed) for p in todo]
            for future in as_completed(futures):
                outcome = future.result()
                outcomes.append(outcome)
                if writer is not None:
                    writer.writerows(csv_rows(outcome))
                    file.flush()
                for line in report_lines(outcome):
                    bar.write(line, file=out)
                bar.update()
    finally:
        if file is not None:
            file.close()
    for line in summary_lines(outcomes, skipped=len(shown) - len(todo)):
        print(line, file=out)
    return outcomes
