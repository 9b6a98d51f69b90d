from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.articles import expand_paths, from_bytes, from_path, from_text
from summarizer.errors import InputError

ARABIC = "قال قائد في الجيش السوري الحر إن القوات سيطرت على بئر القصب."


def test_plain_text_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Rebels took the town.\r\nIS retreated.", encoding="utf-8")
    article = from_path(path)
    assert article.text == "Rebels took the town.\nIS retreated."
    assert article.media_type == "text/plain"
    assert len(article.sha256) == 64


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty or whitespace"),
        (b"  \n\t \n", "empty or whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data"),
    ],
)
def test_unusable_bytes_are_refused_with_the_name(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=f"^in.txt: .*{message}"):
        from_bytes(data, name="in.txt", suffix=".txt")


@pytest.mark.parametrize("encoding", ["windows-1256", "utf-8", "utf-8-sig"])
def test_arabic_in_legacy_encodings_is_decoded(encoding: str) -> None:
    text = (ARABIC + " ") * 5
    article = from_bytes(text.encode(encoding), name="ar.txt", suffix=".txt")
    assert article.text == text


def test_latin1_is_decoded() -> None:
    text = "Les rebelles ont pris la ville de Deïr ez-Zor à l'État islamique, selon l'OSDH. " * 3
    assert from_bytes(text.encode("latin-1"), name="fr.txt", suffix=".txt").text == text


def test_html_main_text_is_extracted() -> None:
    html = (
        b"<html><head><title>x</title></head><body><nav>Home | Share this article</nav>"
        b"<article><h1>Rebels advance</h1><p>Syrian rebels seized large areas from IS in "
        b"southern Syria in the last two weeks, rebel commanders said on Saturday.</p>"
        b"<p>The advances took place in a swathe of sparsely populated desert.</p></article>"
        b"</body></html>"
    )
    article = from_bytes(html, name="page.html", suffix=".html")
    assert article.media_type == "text/html"
    assert "Syrian rebels seized large areas" in article.text
    assert "<p>" not in article.text


def test_html_without_article_text_is_refused() -> None:
    with pytest.raises(InputError, match=r"page\.html: HTML with no article text"):
        from_bytes(
            b"<html><body><script>var a=1;</script></body></html>", name="page.html", suffix=".html"
        )


def test_missing_path_names_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        from_path(tmp_path / "nope.txt")


def test_directory_expansion_skips_hidden_and_other_files(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.md").write_text("a")
    (tmp_path / "c.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.txt").write_text("d")
    names = [p.name for p in expand_paths([tmp_path])]
    assert names == ["a.md", "b.txt"]


def test_text_source_is_used_verbatim() -> None:
    assert from_text("  IS retreated.  ").text == "  IS retreated.  "


def test_utf16_with_bom_is_text() -> None:
    assert from_bytes("IS retreated from Palmyra.".encode("utf-16"), name="u.txt").text == (
        "IS retreated from Palmyra."
    )
