"""Synthesis on small hand-checked tables: values, intervals' presence, claims, limits, figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import synthesis  # noqa: E402
from analysis.plots.synthesis import plot_synthesis  # noqa: E402

LABELS = {"2014": "2014 · A, X", "2024": "2024 · B, Y"}


def _paragraphs():
    return pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "period": ["2014", "2014", "2024", "2024"],
                         "para_id": [1, 2, 1, 2], "n_words": [100, 100, 100, 100]})


@pytest.fixture
def tables():
    t = {}
    t["frames_by_period"] = pd.DataFrame({"period": ["2014", "2024"], "frame": "security", "share": [0.4, 0.7],
                                          "ci_low": [0.1, 0.4], "ci_high": [0.7, 1.0], "unit": "paragraph"})
    t["frames_tests"] = pd.DataFrame({"frame": ["security"], "reference": ["2014"], "group": ["2024"],
                                      "share_reference": [0.4], "share_group": [0.7], "difference": [0.3],
                                      "ci_low": [-0.1], "ci_high": [0.7], "p_value": [0.36], "p_holm": [1.0],
                                      "unit": ["paragraph"]})
    t["drivers"] = pd.DataFrame({"doc_id": ["a", "b", "b"], "period": ["2014", "2024", "2024"], "para_id": [1, 1, 2],
                                 "role": ["driver", "risk", "risk"], "frames": ["economy", "security", ""],
                                 "actors": ["Iran", "Iran; Russia", ""], "sent_id": [1, 1, 3]})
    t["actor_roles"] = pd.DataFrame({"period": ["2014", "2014", "2024"], "actor": ["Iran", "Iran", "Russia"],
                                     "role": ["threat", "partner", "threat"], "n": [3, 1, 2], "evidence": ""})
    t["sentiment_sentences"] = pd.DataFrame({
        "doc_id": ["a"] * 3 + ["b"] * 3, "period": ["2014"] * 3 + ["2024"] * 3, "para_id": 1,
        "sent_id": [1, 2, 3] * 2, "lexicon": "vader", "score": [0.5, 0.1, 0.0, -0.5, -0.2, 0.1],
        "polarity": ["positive", "neutral", "neutral", "negative", "negative", "neutral"]})
    t["corpus_summary"] = pd.DataFrame({"doc_id": ["a", "b"], "period": ["2014", "2024"], "author": ["A", "B"]})
    t["corpus_by_period"] = pd.DataFrame({"period": ["2014", "2024"], "documents": [1, 1], "sentences": [3, 3],
                                          "flagged_sentences": [0, 1]})
    return t


def test_summary_values_and_sources(tables):
    s, ts = synthesis.synthesis_tables(tables, paragraphs=_paragraphs(), n_resamples=200, seed=1)
    assert list(s.columns) == synthesis.SUMMARY_COLUMNS
    get = s.set_index(["measure", "period"])["estimate"]
    assert get[("drivers named per 1,000 words", "2014")] == pytest.approx(5.0)   # 1 driver / 200 words
    assert get[("risks named per 1,000 words", "2024")] == pytest.approx(10.0)    # 2 risks / 200 words
    assert get[("share of actor roles: threat or risk", "2014")] == pytest.approx(0.75)  # 3 of 4
    assert get[("mean sentence tone (vader)", "2024")] == pytest.approx(-0.2)
    assert get[("share of risks among named drivers and risks", "2024")] == pytest.approx(1.0)
    assert set(s["source"]) >= {"frames_by_period.csv", "drivers.csv", "actor_roles.csv", "sentiment_sentences.csv"}
    assert s.loc[s["source"] != "keyness.csv", "unit"].notna().all()
    assert set(ts["dimension"]) >= {"framing", "drivers and risks", "tone"}


def test_wide_table_cells():
    s = pd.DataFrame({"dimension": "framing", "measure": "m", "period": ["2014", "2024"], "estimate": [0.4, 0.7],
                      "ci_low": [0.1, 0.4], "ci_high": [0.7, 1.0], "unit": "paragraph", "source": "x.csv"})
    w = synthesis.wide_summary(s, labels=LABELS)
    assert w.loc[0, "2014 · A, X"] == "0.40 [0.10, 0.70]" and w.loc[0, "source"] == "x.csv"


def test_claims_and_limits(tables):
    s, ts = synthesis.synthesis_tables(tables, paragraphs=_paragraphs(), n_resamples=200, seed=1)
    cl = synthesis.claim_lines(s, ts, labels=LABELS)
    framing = cl.loc[cl["dimension"] == "framing", "claim"].tolist()
    assert framing[0].startswith("Framing: 0 of 1 comparison")
    assert "higher in 2024 · B, Y than in 2014 · A, X" in framing[1] and "+0.30 [-0.10, +0.70]" in framing[1]
    lim = synthesis.limit_statements(s, ts, tables, labels=LABELS, dimensions=list(synthesis.DIMENSIONS))
    by = lim.set_index("dimension")["statement"]
    assert by["topics"].startswith("table not available")
    assert "one article by one author" in by["tone"] and "1 of 3 sentences of 2024 · B, Y are flagged" in by["tone"]
    text = synthesis.closing_text(s, ts, lim, labels=LABELS)
    assert text.startswith("- **Shows.**") and "**Not summarised in this run** (table not available): " in text


def test_figure_with_and_without_tables(tables):
    s, _ = synthesis.synthesis_tables(tables, paragraphs=_paragraphs(), n_resamples=100, seed=1)
    panels = synthesis.figure_tables(tables, s)
    assert panels["topics"] is None and set(panels["drivers_by_frame"]["frame"]) == {"economy", "security", "no frame"}
    fig = plot_synthesis(panels, labels=LABELS)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert any("table not available" in t for t in texts)  # topics and stance
    assert fig.get_size_inches()[0] == pytest.approx(7.0)
    empty = plot_synthesis(dict.fromkeys(panels))
    assert sum("table not available" in t.get_text() for ax in empty.axes for t in ax.texts) == 6
    matplotlib.pyplot.close("all")


def test_tone_prefers_notebook_tables(tables):
    tables["sentiment_by_period"] = pd.DataFrame({"period": ["2014", "2024"], "lexicon": "vader",
                                                  "estimate": [0.2, -0.1], "ci_low": [0.0, -0.3],
                                                  "ci_high": [0.4, 0.1], "unit": "sentence"})
    tables["sentiment_tests"] = pd.DataFrame({"lexicon": ["vader"], "reference": ["2014"], "group": ["2024"],
                                              "estimate_reference": [0.2], "estimate_group": [-0.1],
                                              "difference": [-0.3], "ci_low": [-0.6], "ci_high": [0.0],
                                              "p_value": [0.04], "p_holm": [0.04], "unit": ["sentence"]})
    s, ts = synthesis.synthesis_tables(tables, paragraphs=_paragraphs(), n_resamples=100, seed=1)
    tone = s.loc[s["dimension"] == "tone"]
    assert set(tone["source"]) == {"sentiment_by_period.csv"} and tone["estimate"].tolist() == [0.2, -0.1]
    row = ts.loc[ts["dimension"] == "tone"].iloc[0]
    assert row["source"] == "sentiment_tests.csv" and row["p_value"] == 0.04
    claims = synthesis.claim_lines(s, ts, labels=LABELS)
    assert "Tone: 1 of 1 comparison(s) between periods is distinguishable" in " ".join(claims["claim"])


def test_third_period_and_single_period(tables):
    t = dict(tables)
    extra = t["sentiment_sentences"].iloc[:3].assign(doc_id="c", period="2019")
    t["sentiment_sentences"] = pd.concat([t["sentiment_sentences"], extra], ignore_index=True)
    t["actor_roles"] = pd.concat([t["actor_roles"], pd.DataFrame(
        {"period": ["2019"], "actor": ["Iran"], "role": ["partner"], "n": [2], "evidence": ""})], ignore_index=True)
    paras = pd.concat([_paragraphs(), pd.DataFrame({"doc_id": ["c"], "period": ["2019"], "para_id": [1],
                                                    "n_words": [100]})], ignore_index=True)
    s, ts = synthesis.synthesis_tables(t, paragraphs=paras, n_resamples=100, seed=1)
    tone = ts.loc[ts["dimension"] == "tone"]
    assert set(tone["group"]) == {"2019", "2024"} and set(tone["reference"]) == {"2014"}
    labels = {**LABELS, "2019": "2019 · C, Z"}
    assert "2019 · C, Z" in synthesis.wide_summary(s, labels=labels).columns
    fig = plot_synthesis(synthesis.figure_tables(t, s), labels=labels)
    assert len(fig.legends[0].get_texts()) == 4  # three periods and the interval note
    one = {k: v.loc[v["period"].astype(str) == "2014"] if "period" in v.columns else v for k, v in tables.items()}
    s1, ts1 = synthesis.synthesis_tables(one, paragraphs=_paragraphs().iloc[:2], n_resamples=100, seed=1)
    assert len(s1) and set(s1["period"]) == {"2014"}
    assert synthesis.claim_lines(s1, ts1).shape[0] > 0
    matplotlib.pyplot.close("all")


def _role_rows(docs_per_period: int) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for period in ["2014", "2024"]:
        for d in range(docs_per_period):
            for actor in ["Iran", "Russia"]:
                for role in ["threat", "partner", "bystander"]:
                    rows.append({"period": period, "doc_id": f"{period}-{d:02d}", "actor": actor, "role": role,
                                 "n": int(rng.integers(1, 6))})
    return pd.DataFrame(rows)


def test_actor_roles_resample_documents_when_each_period_has_enough():
    from analysis.synthesis import measures

    per_doc = _role_rows(6)
    summary, tests = measures.actor_role_measures({"actor_roles_documents": per_doc}, n_resamples=200, seed=1)
    assert set(summary["unit"]) == {"document"} and set(tests["unit"]) == {"document"}
    assert set(summary["source"]) == {"actor_roles_documents.csv"}
    # the point estimates are the pooled shares whatever the unit
    pooled = per_doc.assign(c=per_doc["role"].eq("threat") * per_doc["n"]).groupby("period")[["c", "n"]].sum()
    got = summary.loc[summary["measure"].str.contains("threat")].set_index("period")["estimate"]
    assert np.allclose(got.sort_index().to_numpy(), (pooled["c"] / pooled["n"]).sort_index().to_numpy())


def test_actor_roles_one_document_per_period_equal_the_period_counts():
    # with too few documents the assignments are resampled, exactly as from actor_roles.csv
    from analysis.synthesis import measures

    per_doc = _role_rows(1)
    by_period = per_doc.drop(columns="doc_id")
    a = measures.actor_role_measures({"actor_roles_documents": per_doc}, n_resamples=200, seed=1)
    b = measures.actor_role_measures({"actor_roles": by_period}, n_resamples=200, seed=1)
    for x, y in zip(a, b):
        pd.testing.assert_frame_equal(x.drop(columns="source"), y.drop(columns="source"))
    assert set(a[0]["unit"]) == {"actor-role assignment"}
