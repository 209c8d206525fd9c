"""An import's problems: the first few held, the rest in a temporary file, all in order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coach.importers.summary import ImportReport, Problem, Problems


def found(n: int) -> list[Problem]:
    return [
        Problem(f"calls.csv:{i + 2}", f"no contact 'C{i}'\t\n\x1b[1m", i % 3 != 0) for i in range(n)
    ]


def test_problems_past_the_kept_ones_come_back_whole_and_in_order() -> None:
    problems = Problems(found(10), kept=3)
    assert len(problems) == 10
    assert list(problems) == found(10)
    assert problems[:4] == found(4)
    assert problems[8] == found(10)[8]
    assert problems.skipped == sum(p.skipped for p in found(10))


def test_reading_them_does_not_lose_the_ones_added_after() -> None:
    problems = Problems(kept=2)
    problems += found(5)
    assert list(problems) == found(5)
    problems.append(Problem("calls.csv:99", "late"))
    assert list(problems)[-1] == Problem("calls.csv:99", "late")
    assert len(list(problems)) == 6


def test_a_report_counts_what_was_skipped_not_the_notes() -> None:
    report = ImportReport("calls.csv", "touches", problems=Problems(kept=1))
    report.problems += [Problem("a", "x"), Problem("b", "y", skipped=False), Problem("c", "z")]
    assert report.skipped == 2
    assert "2 skipped" in report.summary()


@given(st.lists(st.tuples(st.text(), st.text(), st.booleans()), max_size=30), st.integers(0, 5))
def test_any_text_survives_the_spill(rows: list[tuple[str, str, bool]], kept: int) -> None:
    given_problems = [Problem(*row) for row in rows]
    problems = Problems(given_problems, kept=kept)
    assert list(problems) == given_problems
    problems.close()
