"""The benchmark runs every row at a small size without crashing (its times are not checked)."""

import subprocess
import sys


def test_the_quick_benchmark_prints_every_row():
    done = subprocess.run([sys.executable, "-m", "annotator.bench", "--quick"], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if " floor " in line]
    for case in ("open a", "tag in that article", "delete in that article", "undo in that article",
                 "first paint with", "next document with", "filter", "review window", "agreement of two",
                 "import", "a tag while another process imports", "export", "import an export of",
                 "  that store's size, against the same data without its change log", "train the model on",
                 "suggest one article (rules", "suggest one article (model", "keys per direct-quote claim",
                 "  suggestions on, that article unfilled: longest UI freeze",
                 "mouse gestures per direct-quote claim"):
        assert any(line.startswith(case) for line in rows), case
