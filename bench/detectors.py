"""Detector accuracy: our labelled corpus, and the time expressions and endings in eval-public.

Run alone with ``python -m bench.detectors`` (``make bench`` runs it too). eval-public is read
when present (never copied); the corpus figures need only the repository.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from coach.practice import detectors, timespec, transcript
from coach.practice.evaluate import evaluate, load

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval-public"


CORPUS = ROOT / "tests" / "core" / "corpus"
EXTERNAL = ROOT.parent / "shared" / "eval-external" / "transcripts"


def report(title: str, cases: list[dict[str, Any]]) -> None:
    """Precision, recall and accuracy per rubric item over labelled cases."""
    print(f"== {title} ({len(cases)} endings)")
    started = time.perf_counter()
    results = evaluate(cases)
    elapsed = (time.perf_counter() - started) / max(len(cases), 1) * 1000
    for item, c in results.items():
        print(
            f"   {item:<22} precision {c.precision:6.1%}  recall {c.recall:6.1%}"
            f"  accuracy {c.accuracy:6.1%}  (n={c.n}, tp={c.tp} fp={c.fp} fn={c.fn})"
        )
    print(f"   {elapsed:.2f} ms per ending for all detectors")


def corpus() -> None:
    report(
        "Detectors on our tuning corpus (tests/core/corpus/endings.toml)",
        load(CORPUS / "endings.toml"),
    )
    report(
        "Detectors on the blind dev set, tuned on (world_dev.toml)",
        load(CORPUS / "world_dev.toml"),
    )
    report(
        "Detectors on the second blind dev set, messy speech, tuned on (world_dev2.toml)",
        load(CORPUS / "world_dev2.toml"),
    )
    report(
        "Detectors on the third blind dev set, recaps, tuned on (world_dev3.toml)",
        load(CORPUS / "world_dev3.toml"),
    )
    heldout = CORPUS / "heldout.toml"
    if heldout.exists():
        report("Detectors on the blind held-out set, never tuned on (heldout.toml)", load(heldout))


def sales_endings() -> None:
    """The shared sales-call endings (texts in ../shared), against our own hand labels."""
    source, labels = EXTERNAL / "sales_endings.jsonl", CORPUS / "sales_endings_labels.toml"
    if not source.exists() or not labels.exists():
        print("== shared sales endings: the transcripts or our labels are missing; skipped")
        return
    with source.open(encoding="utf-8") as f:
        rows = {r["id"]: r for r in (json.loads(line) for line in f if line.strip())}
    cases = []
    for case in load(labels):
        row = rows[case["id"]]
        turns = [transcript.Turn(str(t["speaker"]), str(t["text"])) for t in row["turns"]]
        cases.append({**case, "turns": turns, "rep": row["rep"], "kind": "meeting_end"})
    report("Detectors on the shared sales endings, our labels (sales_endings_labels.toml)", cases)


def _rows(name: str) -> list[dict[str, Any]]:
    with (EVAL / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def time_phrases() -> None:
    """Is a day named? Is a clock time named? Against three others' expected readings."""
    for name in (
        "time_phrases_duckling.jsonl",
        "time_phrases_recognizers.jsonl",
        "time_phrases_parsedatetime.jsonl",
    ):
        rows = _rows(name)
        print(f"== Time expressions: {name} ({len(rows)} phrases)")
        for field, kind in (("has_date", "day"), ("has_time_of_day", "clock")):
            tp = fp = fn = 0
            for row in rows:
                truth = bool(row.get(field))
                got = any(m.kind == kind for m in timespec.mentions(str(row["phrase"])))
                tp += truth and got
                fp += got and not truth
                fn += truth and not got
            p = tp / (tp + fp) if tp + fp else 1.0
            r = tp / (tp + fn) if tp + fn else 1.0
            print(
                f"   {kind:<6} named: precision {p:6.1%}  recall {r:6.1%}",
                f" (tp={tp} fp={fp} fn={fn})",
            )


def closings() -> None:
    """specific_time over others' dialog endings: SGD bookings and real meeting endings."""
    sgd = _rows("closings_sgd.jsonl")
    tp = fp = fn = tn = 0
    for row in sgd:
        turns = [transcript.Turn(str(t["speaker"]), str(t["text"])) for t in row["turns"]]
        slots = row.get("gold_confirmed_slots") or {}
        truth = bool(row.get("booking_succeeded")) and any("time" in k for k in slots)
        verdicts = detectors.detect(turns, "system", detectors.Brief(), ["specific_time"])
        got = verdicts["specific_time"].passed
        tp += truth and got
        fp += got and not truth
        fn += truth and not got
        tn += not truth and not got
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    print(f"== specific_time on closings_sgd.jsonl ({len(sgd)} booking dialogs; the system books)")
    print(f"   precision {p:6.1%}  recall {r:6.1%}  (tp={tp} fp={fp} fn={fn} tn={tn})")
    print(f"   accuracy {(tp + tn) / len(sgd):6.1%}")
    meetings = _rows("closings_meetings_qmsum.jsonl")
    items = ("recap", "confirm_interest", "specific_time")
    passed = dict.fromkeys(items, 0)
    for row in meetings:
        turns = [transcript.Turn(str(t["speaker"]), str(t["text"])) for t in row["turns"]]
        for item in items:
            passed[item] += any(
                detectors.detect(
                    turns,
                    s,
                    detectors.Brief("meeting_end", detectors.heard_issues(turns, s)),
                    [item],
                )[item].passed
                for s in transcript.speakers(turns)
            )
    said = ", ".join(f"{item} {n} ({n / len(meetings):.1%})" for item, n in passed.items())
    print(
        f"== False passes on closings_meetings_qmsum.jsonl ({len(meetings)} real meeting endings,"
        f" none a sales close; any speaker as the rep): {said}"
    )


def _heard(turns: list[transcript.Turn], rep: str) -> detectors.Brief:
    """A meeting-ending brief with no issues given: the others' statements stand in."""
    return detectors.Brief("meeting_end", detectors.heard_issues(turns, rep))


def resolved_times() -> None:
    """timespec.resolve against Duckling's own resolved values: phrases whose expected value
    is one minute- or hour-grain moment (a day and a clock time), at Duckling's reference."""
    import re
    from datetime import datetime

    from coach.practice.timespec import resolve

    rows = [
        r
        for r in _rows("time_phrases_duckling.jsonl")
        if r.get("grain") in {"Minute", "Hour"}
        and not r.get("interval")
        and len(r.get("resolved") or []) == 1
        and r.get("has_date")
    ]
    answered = correct = 0
    for row in rows:
        ref = re.search(r"ref=(\S+)", row.get("notes", ""))
        if ref is None:
            continue
        now = datetime.fromisoformat(ref.group(1))
        got = resolve(row["phrase"], now)
        if got is None:
            continue
        answered += 1
        correct += got == datetime.strptime(row["resolved"][0], "%Y-%m-%d %H:%M")
    p = correct / answered if answered else 0.0
    r = correct / len(rows) if rows else 0.0
    print(f"== Booked time resolved to a date (timespec.resolve), Duckling values ({len(rows)})")
    print(f"   precision {p:6.1%}  recall {r:6.1%}  (answered {answered}, right {correct})")


def main() -> None:
    corpus()
    sales_endings()
    if EVAL.is_dir():
        resolved_times()
        time_phrases()
        closings()
    else:
        print(f"== eval-public not found at {EVAL}: its figures are skipped")


if __name__ == "__main__":
    main()
