"""One number per dataset of a round, the same on the results screen, the 2×2 priority chart and
the report: the room says "number 3" and everybody looks at the same dataset.

The number is the dataset's place in the results' first order: best first by the official rank
on the round's first criterion (median, then mean: :func:`.maths.sort_results`), datasets of
equal rank by title. It does not change when the table is sorted otherwise or when the chart's
legend groups the datasets by quadrant.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from . import maths


def dataset_numbers(scores: Iterable[maths.DatasetResult], criteria: list[str],
                    titles: Mapping[str, str]) -> dict[str, int]:
    """{dataset id: its number, 1 first} for the results of a score round."""
    by_title = sorted(scores, key=lambda r: (titles.get(r.dataset_id, r.dataset_id).casefold(),
                                             r.dataset_id))
    ordered = maths.sort_results(by_title, "rank", criteria[0]) if criteria else by_title
    return {r.dataset_id: n for n, r in enumerate(ordered, start=1)}
