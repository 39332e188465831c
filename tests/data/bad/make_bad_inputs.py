"""Write the bad-input corpus next to this file (run it again after changing it; the files are committed).

Each file is one kind of input that once made a reader raise, lose good articles or store nonsense.
``expected.json`` says, per file, how many articles must be stored and how many errors reported.
"""
from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOOD = "De minister van Buitenlandse Zaken ontmoette dinsdag zijn Belgische collega in Brussel."


def line(**kw) -> str:
    return json.dumps(kw, ensure_ascii=False)


def good(i: int, **kw) -> str:
    return line(id=f"good-{i}", text=f"{GOOD} Artikel {i}.", published_at="2019-03-05", **kw)


def main() -> None:
    files: dict[str, tuple[bytes, int, int]] = {}  # name -> (content, stored, errors)
    rng = random.Random(7)
    files["random_bytes.jsonl"] = (bytes(rng.randrange(256) for _ in range(4000)), 0, 1)
    files["latin1.jsonl"] = ((good(1) + "\n" + line(id="café-1", text="Één café in Brussel sloot de deur.") + "\n").encode("latin-1"), 2, 0)
    files["utf16.jsonl"] = ("\ufeff" + good(2) + "\n" + good(3) + "\n").encode("utf-16-le"), 2, 0
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "x" * 500)
    files["zip_renamed.jsonl"] = (buf.getvalue(), 0, 1)
    files["huge_timestamp.jsonl"] = ((good(4) + "\n" + line(id="ts", text=GOOD, published_at=99999999999999) + "\n").encode(), 1, 1)
    files["not_a_date.jsonl"] = ((line(id="nd1", text=GOOD, published_at="not-a-date") + "\n"
                                  + line(id="nd2", text=GOOD, published_at="0000-00-00") + "\n"
                                  + line(id="nd3", text=GOOD, published_at="2019-13-45") + "\n"
                                  + line(id="nd4", text=GOOD, published_at="0019-03-05") + "\n").encode(), 0, 4)
    files["javascript_url.jsonl"] = ((line(id="js", text=GOOD, url="javascript:alert(1)") + "\n" + good(5, url="https://example.org/a") + "\n").encode(), 1, 1)
    files["long_id.jsonl"] = ((line(id="x" * 1_000_000, text=GOOD) + "\n" + good(6) + "\n").encode(), 1, 1)
    files["invalid_json_lines.jsonl"] = ((good(7) + "\n" + '{"id": "cut", "text": "afgebroken' + "\n" + "{not json}\n" + good(8) + "\n").encode(), 2, 2)
    files["non_object_lines.jsonl"] = (b"[1, 2]\n42\n\"tekst\"\nnull\n" + (good(9) + "\n").encode(), 1, 4)
    files["wrong_types.jsonl"] = ((line(id="t1", text=123) + "\n" + line(id="t2", text=GOOD, title={"a": 1}) + "\n"
                                   + line(id=["x"], text=GOOD) + "\n" + line(id="t4", text=GOOD, lang=5) + "\n").encode(), 0, 4)
    files["empty_text.jsonl"] = ((line(id="e1", text="") + "\n" + line(id="e2", text="   \n  ") + "\n" + line(id="e3") + "\n").encode(), 0, 3)
    files["deep_nesting.jsonl"] = (("[" * 100_000 + "]" * 100_000 + "\n" + good(10) + "\n").encode(), 1, 1)
    files["bom.jsonl"] = (b"\xef\xbb\xbf" + (good(11) + "\n").encode(), 1, 0)
    files["mixed_encoding.jsonl"] = ((good(12) + "\n").encode() + line(id="lat", text="Één café sloot.").encode("latin-1") + b"\n" + (good(13) + "\n").encode(), 3, 0)
    files["crlf.jsonl"] = ((good(14) + "\r\n" + good(15) + "\r\n").encode(), 2, 0)
    files["nul_bytes.txt"] = (b"Tekst met\x00\x00\x00 nul-tekens " * 20, 0, 1)
    files["cp1252.txt"] = ("Één café – „aanhalingstekens” in Brussel.".encode("cp1252"), 1, 0)
    files["utf16.txt"] = ("\ufeffEen tekst in UTF-16 over Brussel.".encode("utf-16-le"), 1, 0)
    files["empty.txt"] = (b"", 0, 1)
    files["whitespace.txt"] = (b"   \n\n\t  \n", 0, 1)
    files["broken.json"] = (b'{"id": "broken", "text": "geen einde', 0, 1)
    files["array_with_bad.json"] = (json.dumps([{"id": "arr-1", "text": GOOD}, 5, {"id": "arr-3", "text": 1}]).encode(), 1, 2)
    files["broken_feed.xml"] = (b"<rss><channel><item><title>kapot", 0, 1)
    files["garbage.html"] = (bytes(rng.randrange(256) for _ in range(2000)), 0, 1)
    files["unsupported.pdf"] = (b"%PDF-1.4 not an article", 0, 1)
    for name, (content, _, _) in files.items():
        (HERE / name).write_bytes(content)
    expected = {name: {"stored": s, "errors": e} for name, (_, s, e) in files.items()}
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    main()
