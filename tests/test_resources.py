"""analysis.resources: one path rule, duplicate-safe YAML, one-line errors."""

from __future__ import annotations

import pytest

from analysis import resources
from analysis.errors import ResourceError


def test_packaged_and_user_paths(tmp_path):
    assert resources.resource_path("frame_codebook.yaml").is_file()
    own = tmp_path / "mine.yaml"
    own.write_text("a: 1\n", encoding="utf-8")
    assert resources.load_yaml("frame_codebook.yaml", path=own) == {"a": 1}


@pytest.mark.parametrize("text, needle", [
    ("a: 1\na: 2\n", "line 2: duplicate key 'a'"),
    ("a: [1\n", "not valid YAML"),
    ("", "the file is empty"),
])
def test_malformed_yaml_is_one_line(tmp_path, text, needle):
    p = tmp_path / "bad.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ResourceError) as err:
        resources.load_yaml("x.yaml", path=p)
    msg = str(err.value)
    assert needle in msg and str(p) in msg and "\n" not in msg


def test_missing_file_and_non_utf8(tmp_path):
    with pytest.raises(ResourceError, match="file not found"):
        resources.load_yaml("x.yaml", path=tmp_path / "nope.yaml")
    p = tmp_path / "latin.csv"
    p.write_bytes("term\ncaf\xe9\n".encode("latin-1"))
    with pytest.raises(ResourceError, match="not UTF-8"):
        resources.load_csv("x.csv", ["term"], path=p)


def test_csv_columns_rows_and_line_numbers(tmp_path):
    p = tmp_path / "words.csv"
    p.write_text("# source: hand-made\nterm,weight\n\nwar,1\npeace,2\n", encoding="utf-8")
    df = resources.load_csv("x.csv", ["term", "weight"], path=p)
    assert df["term"].tolist() == ["war", "peace"] and df["row"].tolist() == [4, 5]
    with pytest.raises(ResourceError, match="missing column"):
        resources.load_csv("x.csv", ["term", "origin"], path=p)
    empty = tmp_path / "empty.csv"
    empty.write_text("term,weight\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="no rows"):
        resources.load_csv("x.csv", ["term"], path=empty)
    assert resources.load_csv("x.csv", ["term"], path=empty, allow_empty=True).empty
