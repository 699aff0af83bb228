"""Build the course's web site, both editions, with one command:

    python scripts/build_site.py                  # into build/site/html/
    python scripts/build_site.py --output DIR     # into DIR/html/

Each edition is its own Jupyter Book (notebooks/ in English, notebooks/ko/ in Korean, with
`language: ko`), built from the STORED outputs (nothing is executed) with -W: any Sphinx
warning fails the build. The English site is the root of DIR/html/ and the Korean one is
DIR/html/ko/, so that every page's link to the same page in the other language
(notebooks/_ext/course_site.py) resolves. Needs Jupyter Book and its pinned companions only
(no torch, no kernel).
"""

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# (the book's folder, where its site goes inside html/): the English site first.
EDITIONS = [("notebooks", "."), ("notebooks/ko", "ko")]
JUPYTER_BOOK = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()"]


def build(output):
    """Build both editions under `output` and return the folder of the whole site's HTML.

    The two editions build at once, each in a process of its own (a build uses one core);
    each one's output is printed whole when both are done, the English edition's first."""
    output = Path(output).resolve()
    site = output / "html"
    if site.exists():
        shutil.rmtree(site)
    builds = []
    for book, place in EDITIONS:
        work = output / "books" / (Path(book).name if place != "." else "en")
        command = [*JUPYTER_BOOK, "build", book, "--path-output", str(work), "-W", "--keep-going"]
        print("$", "jupyter-book", *command[3:], flush=True)
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        builds.append((book, place, work, process))
    failed = []
    for book, _, _, process in builds:
        log, _ = process.communicate()
        print(f"--- {book}:\n{log}", end="", flush=True)
        if process.returncode != 0:
            failed.append(book)
    if failed:
        books = ", ".join(failed)
        raise SystemExit(f"{books}: the build failed (a warning is an error); see above")
    for _, place, work, _ in builds:
        shutil.copytree(work / "_build" / "html", site / place, dirs_exist_ok=True)
    print(f"the site: {site / 'index.html'} (Korean: {site / 'ko' / 'index.html'})")
    return site


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=ROOT / "build" / "site", type=Path)
    build(parser.parse_args(argv).output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
