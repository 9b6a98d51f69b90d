"""The HTML and CSV views, checked on the page text itself (the browser tests drive the pages)."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import itertools
import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import vcr

from summarizer import SituationReport, summarize, to_csv, to_html, to_markdown
from summarizer.articles import from_text
from summarizer.cli import main
from summarizer.cli.merge import main as merge_main
from summarizer.evals.gold import gold_reports, report_from_gold
from summarizer.picture import build_picture
from summarizer.schema.draft import ReportDraft
from summarizer.views import FORMATS, picture_to_csv, picture_to_html, render, render_merged
from summarizer.views.csv import PICTURE_COLUMNS, REPORT_COLUMNS
from summarizer.views.spans import Segment, Span, by_sentence, segments, sentence_starts
from summarizer.views.templating import script_json

from .conftest import EVAL_ARTICLES, ROOT, founding_articles
from .factories import ARTICLE, draft_dict
from .recording import RECORD_FLAGS, RECORD_OPTIONS, vcr_settings

CASSETTES = ROOT / "tests" / "cassettes" / "test_recorded"
# The recorded answer for this article leaves one event (E4) ungrounded.
UNGROUNDED_ARTICLE = "003_8cdbae5448540ea4"
SEGMENT = re.compile(
    r'<span class="seg [^"]*" data-items="([^"]*)" data-start="(\d+)" data-end="(\d+)"[^>]*>'
    r"([^<]*)</span>"
)
PAYLOADS = (
    "<script>document.title='pwned';window.pwned=1</script>",
    "</textarea></script><img src=x onerror=\"window.pwned=2;document.title='pwned'\">",
    '<a href="javascript:window.pwned=3">read more</a>',
    '<svg onload="window.pwned=4"></svg><style>body{display:none}</style><!-- & ]]>',
)
HOSTILE_ARTICLE = (
    f"AMMAN: {PAYLOADS[0]} Syrian rebels of the Free Syrian Army seized Bir Qassab from "
    f"Islamic State fighters, a rebel commander said. {PAYLOADS[1]} Talas al Salameh, commander "
    f"of Osoud al Sharqiya, said IS had retreated. {PAYLOADS[2]} Daesh denied losing the town. "
    f"{PAYLOADS[3]}"
)


def hostile_report() -> SituationReport:
    """A report whose article and model-written fields all carry script and markup payloads."""
    data = draft_dict()
    data["source"] = {**data["source"], "headline": "</title><script>window.pwned=6</script>"}
    data["source"]["outlet"] = "javascript:window.pwned=8"
    data["summary"] = "Rebels took the town. <script>window.pwned=5</script> </textarea>"
    data["events"][0]["description"] = '<img src=x onerror="window.pwned=7">'
    data["claims"][0]["quotes"] = ["Daesh denied losing the town", PAYLOADS[2]]
    data["claims"][0]["text"] = "</script><script>window.pwned=9</script>"
    return report_from_gold(
        draft_from(data), from_text(HOSTILE_ARTICLE, name="<script>alert(1)</script>.txt")
    )


def draft_from(data: dict[str, Any]) -> ReportDraft:
    return ReportDraft.model_validate(data)


def factory_report() -> SituationReport:
    return report_from_gold(draft_from(draft_dict()), from_text(ARTICLE))


def recorded_report(stem: str = UNGROUNDED_ARTICLE) -> SituationReport:
    """A real model's report, replayed from the recorded answer for one founding article."""
    recorder = vcr.VCR(**vcr_settings(), record_mode="none")
    with recorder.use_cassette(str(CASSETTES / f"test_founding_article[{stem}].yaml")):
        return summarize(EVAL_ARTICLES / f"{stem}.txt", **RECORD_OPTIONS)


def page_segments(page: str) -> list[tuple[list[str], int, int, str]]:
    return [
        (items.split(), int(start), int(end), unescape(text))
        for items, start, end, text in SEGMENT.findall(page)
    ]


def article_text(page: str) -> str:
    """The article as the page shows it: the text of the article block, tags removed."""
    block = page.split('<div class="text" id="article-text">', 1)[1].split("</div>", 1)[0]
    return unescape(re.sub(r"<[^>]+>", "", block))


@pytest.mark.parametrize(
    ("text", "spans", "cuts", "expected"),
    [
        ("abcdef", [], (), [(0, 6, ())]),
        ("abcdef", [Span(1, 3, "E1")], (), [(0, 1, ()), (1, 3, ("E1",)), (3, 6, ())]),
        (
            "abcdef",
            [Span(0, 4, "E1"), Span(2, 6, "C1")],
            (),
            [(0, 2, ("E1",)), (2, 4, ("E1", "C1")), (4, 6, ("C1",))],
        ),
        (
            "abcdef",
            [Span(1, 5, "T1"), Span(2, 3, "A1"), Span(1, 5, "E1")],
            (),
            [
                (0, 1, ()),
                (1, 2, ("T1", "E1")),
                (2, 3, ("T1", "A1", "E1")),
                (3, 5, ("T1", "E1")),
                (5, 6, ()),
            ],
        ),
        (
            "abcdef",
            [Span(4, 99, "E1"), Span(3, 3, "E2")],
            (2,),
            [(0, 2, ()), (2, 4, ()), (4, 6, ("E1",))],
        ),
        ("", [Span(0, 2, "E1")], (), []),
    ],
)
def test_segments_split_at_every_span_edge(
    text: str,
    spans: list[Span],
    cuts: tuple[int, ...],
    expected: list[tuple[int, int, tuple[str, ...]]],
) -> None:
    found = segments(text, spans, cuts)
    assert [(s.start, s.end, s.items) for s in found] == expected
    assert "".join(s.text for s in found) == text


def test_sentences_group_segments() -> None:
    text = "One here. Two there!\n\nThree"
    starts = sentence_starts(text)
    assert [text[s : s + 3] for s in starts] == ["One", "Two", "Thr"]
    groups = by_sentence(segments(text, [Span(4, 14, "E1")], starts), starts)
    assert ["".join(s.text for s in g) for g in groups] == ["One here. ", "Two there!\n\n", "Three"]
    assert [s.items for s in groups[0]] == [(), ("E1",)]
    assert all(isinstance(s, Segment) for g in groups for s in g)


@pytest.mark.parametrize("name", [p.stem for p in founding_articles()])
def test_every_grounded_span_is_highlighted_with_its_items(name: str) -> None:
    (report,) = [r for r in gold_reports(ROOT / "evals" / "founding") if name in r.document.name]
    page = to_html(report)
    assert article_text(page) == report.document.text
    segs = page_segments(page)
    for _items, start, end, text in segs:
        assert report.document.text[start:end] == text
    for section in ("actors", "people", "places", "events", "control_changes", "claims"):
        for item in getattr(report, section):
            for e in item.evidence:
                assert e.start is not None and e.end is not None
                covered = sorted((s, t) for ids, s, t, _ in segs if item.id in ids)
                inside = [(s, t) for s, t in covered if e.start <= s and t <= e.end]
                assert inside[0][0] == e.start and inside[-1][1] == e.end, (item.id, e)
                assert all(a[1] == b[0] for a, b in itertools.pairwise(inside))


def test_overlapping_spans_list_every_item_and_show_every_colour() -> None:
    page = to_html(factory_report())
    (shared,) = [s for s in page_segments(page) if s[3] == "Bir Qassab"]
    assert shared[0] == ["L1", "E1", "T1"]
    assert "var(--places) 0% 33%, var(--events) 33% 67%, var(--control-changes) 67% 100%" in page


def test_report_page_shows_source_provenance_grounding_and_claims_apart() -> None:
    report = recorded_report()
    page = to_html(report)
    p, g = report.provenance, report.grounding
    assert f"<b>Model</b> {p.model} ({p.endpoint})" in page
    assert f"<b>Prompt</b> {p.prompt}" in page
    assert f"<b>{g.grounded} of {g.items} items grounded</b>" in page
    assert 'class="grounding has-ungrounded"' in page
    assert g.ungrounded_ids == ["E4"]
    card = page.split('id="item-E4"', 1)[1].split("</li>\n", 1)[0]
    assert '<span class="badge badge-ungrounded">ungrounded</span>' in card
    assert "not found in the text" in card
    assert '<li class="item sec-events ungrounded" id="item-E4"' in page
    for claim in report.claims:
        card = page.split(f'id="item-{claim.id}"', 1)[1].split("</li>\n", 1)[0]
        assert '<span class="badge badge-claim">claim</span>' in card
        assert f'<span class="badge badge-{claim.modality}">{claim.modality}</span>' in card
        assert f'data-ref="{claim.claimant}"' in card


def test_uncertainties_link_the_items_they_qualify() -> None:
    page = to_html(factory_report())
    card = page.split('id="item-U1"', 1)[1].split("</li>\n", 1)[0]
    assert '<a class="ref" href="#item-T1" data-ref="T1">control of Bir Qassab</a>' in card
    assert '<a class="ref" href="#item-C1" data-ref="C1">IS did not lose the town</a>' in card


def test_page_loads_nothing_and_runs_only_its_own_script() -> None:
    page = to_html(factory_report())
    assert re.findall(r"\ssrc=", page) == []
    assert set(re.findall(r'href="([^"]*)"', page)) <= {
        f"#item-{i}" for i in ("A1", "A2", "A3", "H1", "L1", "T1", "C1")
    }
    assert "url(" not in page and "@import" not in page and "//" not in page.split("<script>")[0]
    found = re.search(r'Content-Security-Policy" content="([^"]+)"', page)
    assert found is not None
    policy = unescape(found.group(1))
    assert "default-src 'none'" in policy
    script = page.rsplit("<script>", 1)[1].split("</script>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy


def test_hostile_article_and_fields_render_as_inert_text() -> None:
    report = hostile_report()
    assert report.claims[0].grounded and len(report.claims[0].evidence) == 2
    page = to_html(report)
    assert page.count("<script") == 2  # the JSON data block and the page's own script
    assert page.count("</script>") == 2
    for tag in ("<img", "<svg", '<a href="javascript', "<style>body", "</textarea", "<!--"):
        assert tag not in page
    assert "&lt;script&gt;document.title=&#39;pwned&#39;" in page
    assert "&lt;img src=x onerror=&#34;window.pwned=7&#34;&gt;" in page
    assert article_text(page) == report.document.text
    data = page.split('<script type="application/json" id="view-data">', 1)[1].split("</script>")[0]
    assert "<" not in data and ">" not in data and "&" not in data
    assert "\\u003c/script\\u003e\\u003cscript\\u003ewindow.pwned=9" in data
    assert json.loads(data)["items"]["C1"]["label"].startswith("C1 claim: </script><script>")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("</script>", '"\\u003c/script\\u003e"'),
        ("a & b", '"a \\u0026 b"'),
        ("<!--", '"\\u003c!--"'),
        ("line\u2028sep", '"line\\u2028sep"'),
        ("ok", '"ok"'),
    ],
)
def test_script_json_cannot_close_its_element(value: str, expected: str) -> None:
    assert str(script_json(value)) == expected
    assert json.loads(str(script_json(value))) == value


def test_csv_rows_use_acled_columns_and_carry_evidence() -> None:
    report = factory_report()
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert tuple(rows[0]) == REPORT_COLUMNS
    event, control = rows
    assert event["item_id"] == "E1"
    assert (event["event_type"], event["sub_event_type"]) == (
        "Battles",
        "Non-state actor overtakes territory",
    )
    assert (event["actor1"], event["actor2"]) == ("Free Syrian Army", "Islamic State")
    assert event["location"] == "Bir Qassab"
    assert event["fatalities"] == ""
    start, end = int(event["evidence_start"]), int(event["evidence_end"])
    assert report.document.text[start:end] == event["evidence_text"]
    assert event["evidence_text"] == "seized Bir Qassab from Islamic State fighters"
    assert control["item_id"] == "T1"
    assert (control["actor1"], control["actor2"]) == ("Free Syrian Army", "Islamic State")
    assert control["notes"] == "Control of Bir Qassab: Islamic State to Free Syrian Army (claimed)."


@pytest.mark.parametrize(
    ("fatalities", "expected"),
    [
        ([], ""),
        ([{"who": "civilians", "low": None, "best": None, "high": None}], ""),
        ([{"who": "civilians", "low": 3, "best": None, "high": 9}], "3"),
        (
            [
                {"who": "civilians", "low": 3, "best": 5, "high": 9},
                {"who": "A1", "low": None, "best": 2, "high": None},
            ],
            "7",
        ),
    ],
)
def test_csv_fatalities_sum_best_estimates_and_never_invent_zero(
    fatalities: list[dict[str, Any]], expected: str
) -> None:
    data = draft_dict()
    data["events"][0]["fatalities"] = fatalities
    report = report_from_gold(draft_from(data), from_text(ARTICLE))
    (event, _) = csv.DictReader(io.StringIO(to_csv(report)))
    assert event["fatalities"] == expected


def test_csv_quotes_commas_quotes_and_newlines() -> None:
    data = draft_dict()
    data["events"][0]["description"] = 'Rebels, "FSA", take\nthe town'
    report = report_from_gold(draft_from(data), from_text(ARTICLE))
    text = to_csv(report)
    assert '"Rebels, ""FSA"", take\nthe town"' in text
    (event, _) = csv.DictReader(io.StringIO(text))
    assert event["notes"] == 'Rebels, "FSA", take\nthe town'


def test_picture_views_cite_every_account() -> None:
    reports = gold_reports(ROOT / "evals" / "founding")
    picture = build_picture(reports)
    rows = list(csv.DictReader(io.StringIO(picture_to_csv(picture))))
    assert tuple(rows[0]) == PICTURE_COLUMNS
    accounts = sum(len(e.accounts) for e in picture.timeline)
    accounts += sum(len(c.accounts) for p in picture.control for c in p.changes)
    assert len(rows) == accounts
    texts = {r.document.name: r.document.text for r in reports}
    for row in rows:
        if row["evidence_start"]:
            start, end = int(row["evidence_start"]), int(row["evidence_end"])
            assert texts[row["article"]][start:end] == row["evidence_text"]
    page = picture_to_html(picture, reports=reports)
    for n, report in enumerate(reports, start=1):
        block = page.split(f'<section class="embedded" id="a{n}">', 1)[1].split("</section>")[0]
        shown = unescape(re.sub(r"<[^>]+>", "", block.split('<div class="text">', 1)[1]))
        assert shown.removesuffix("\n  ").rstrip() == report.document.text.rstrip()
    links = re.findall(
        r'<a class="cite" href="#(a\d+-s\d+)" data-article="(a\d+)" data-start="(\d+)" '
        r'data-end="(\d+)"',
        page,
    )
    assert len(links) > 100
    for sentence, article, _, _ in links:
        assert sentence.startswith(article + "-s") and f'id="{sentence}"' in page
    for conflict in picture.conflicts:
        assert f'id="item-{conflict.id}"' in page
        assert page.count('<div class="position">') >= len(conflict.positions)


def test_picture_page_without_texts_still_cites() -> None:
    picture = build_picture(gold_reports(ROOT / "evals" / "founding"))
    page = picture_to_html(picture)
    assert page.count("The text of this article was not given") == len(picture.articles)
    assert 'class="cite" href="#a4" data-article="a4"' in page


@pytest.mark.parametrize(
    ("fmt", "report_start", "picture_start"),
    [
        ("json", '{\n  "source"', '{\n  "articles"'),
        ("markdown", "# <text>", "# Situation picture"),
        ("html", "<!doctype html>", "<!doctype html>"),
        ("csv", "item_id,event_date,", "item_id,article,"),
    ],
)
def test_render_dispatches_every_format(fmt: str, report_start: str, picture_start: str) -> None:
    report = factory_report()
    assert render(report, fmt).startswith(report_start)
    picture = build_picture([report])
    assert render_merged(picture, fmt, reports=[report]).startswith(picture_start)


def test_render_refuses_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render(factory_report(), "pdf")
    assert FORMATS == ("json", "markdown", "html", "csv")


@pytest.mark.parametrize(("fmt", "suffix"), [("html", "html"), ("csv", "csv")])
def test_cli_writes_html_and_csv_files(tmp_path: Path, fmt: str, suffix: str) -> None:
    recorder = vcr.VCR(**vcr_settings(), record_mode="none")
    article = EVAL_ARTICLES / f"{UNGROUNDED_ARTICLE}.txt"
    out = tmp_path / "out"
    with recorder.use_cassette(
        str(CASSETTES / f"test_founding_article[{UNGROUNDED_ARTICLE}].yaml")
    ):
        assert main([str(article), "-o", str(out), "--format", fmt, *RECORD_FLAGS]) == 0
    written = (out / f"{UNGROUNDED_ARTICLE}.{suffix}").read_text(encoding="utf-8")
    if fmt == "html":
        assert written.startswith("<!doctype html>")
        assert re.search(r"</html>\n\n<!-- summarizer-key: [0-9a-f]{64} -->\n\Z", written)
    else:
        rows = list(csv.DictReader(io.StringIO(written)))
        assert [r["item_id"][0] for r in rows] == ["E"] * 4 + ["T"]
        assert "summarizer-key" not in written


@pytest.mark.parametrize(
    ("args", "name", "starts"),
    [
        (["-o"], "picture.html", "<!doctype html>"),
        (["-o"], "picture.csv", "item_id,article,article_item,event_date"),
        (["--format", "html", "-o"], "picture.out", "<!doctype html>"),
        (["-o"], "picture.md", "# Situation picture from 5 articles"),
    ],
)
def test_merge_writes_html_and_csv(tmp_path: Path, args: list[str], name: str, starts: str) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    for r in gold_reports(ROOT / "evals" / "founding"):
        (reports / f"{Path(r.document.name).stem}.json").write_text(r.model_dump_json())
    assert merge_main([str(reports), *args, str(tmp_path / name)]) == 0
    text = (tmp_path / name).read_text(encoding="utf-8")
    assert text.startswith(starts)
    if name.endswith((".html", ".out")):
        assert text.count('<section class="embedded"') == 5
        assert "The text of this article was not given" not in text


def test_picture_cites_tell_two_spans_of_one_item_apart() -> None:
    reports = gold_reports(ROOT / "evals" / "founding")
    page = picture_to_html(build_picture(reports), reports=reports)
    blocks = re.findall(r'<span class="cites">(.*?)</span>', page)
    assert blocks
    for block in blocks:
        labels = re.findall(r'class="cite[^"]*"[^>]*>([^<]+)<', block)
        assert len(labels) == len(set(labels)), labels
    assert re.search(r">#\d T\d+ \(2\)</a>", page)


def confident_report() -> SituationReport:
    """The factory report with a calibrated confidence on its control change and claim."""
    report = factory_report()
    change = report.control_changes[0].model_copy(update={"confidence": 0.31})
    claim = report.claims[0].model_copy(update={"confidence": 0.87})
    return report.model_copy(update={"control_changes": [change], "claims": [claim]})


def test_every_view_shows_an_items_confidence_and_fades_the_unsure() -> None:
    report = confident_report()
    markdown = to_markdown(report)
    assert "_(confidence 0.31)_" in markdown and "_(confidence 0.87)_" in markdown
    page = to_html(report)
    change_tag = re.search(r'<li class="([^"]*)" id="item-T1"[^>]*>', page)
    claim_tag = re.search(r'<li class="([^"]*)" id="item-C1"[^>]*>', page)
    assert change_tag is not None and claim_tag is not None
    assert "unsure" in change_tag.group(1).split(), "under an even chance: faded"
    assert "unsure" not in claim_tag.group(1).split()
    assert 'data-confidence="0.31"' in change_tag.group(0)
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    by_id = {row["item_id"]: row for row in rows}
    assert by_id["T1"]["confidence"] == "0.31"
    assert by_id["E1"]["confidence"] == "", "not measured: left empty, never a guess"
