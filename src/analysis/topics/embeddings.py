"""Optional check of lexical topics against sentence-embedding clusters (WordLlama).

Needs the ``embeddings`` extra (``pip install -e .[embeddings]``: ``wordllama``, whose
16 MB of weights and tokenizer ship inside the wheel). A plain ``WordLlama.load()``
looks for the tokenizer in ``tokenizer/`` while the wheel ships ``tokenizers/`` and
falls back to the network; :func:`load_wordllama` loads from the package directory
with downloads disabled, so nothing is fetched. Never used by the default run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .models import TopicFit
from .segments import SegmentTermMatrix


def load_wordllama(dim: int = 256):
    """WordLlama loaded offline from the installed wheel.

    Raises
    ------
    ImportError
        When the ``embeddings`` extra is not installed (with the install command).
    """
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError:
        raise ImportError("the embeddings check needs the optional extra: pip install -e .[embeddings]") from None
    from pathlib import Path

    return WordLlama.load(dim=dim, cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def embed_segments(texts, *, model=None) -> np.ndarray:
    """Embeddings of ``texts`` (rows L2-normalised)."""
    model = model or load_wordllama()
    emb = np.asarray(model.embed(list(texts)), dtype=float)
    norm = np.linalg.norm(emb, axis=1, keepdims=True)
    return np.divide(emb, norm, out=np.zeros_like(emb), where=norm > 0)


def cluster_embeddings(embeddings: np.ndarray, k: int, *, random_state: int) -> np.ndarray:
    """k-means (10 seeded starts, one thread) cluster of each row."""
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        return KMeans(n_clusters=k, n_init=10, random_state=int(random_state)).fit_predict(embeddings)


def embedding_check(dtm: SegmentTermMatrix, fit: TopicFit, *, seed: int, model=None) -> dict:
    """Cluster the fitted segments by embedding and compare with their dominant lexical topic.

    Returns
    -------
    dict
        ``table``: ``topic, cluster, n`` (segments with that dominant topic in that cluster);
        ``ari``: adjusted Rand index of clusters vs dominant topics; ``summary``: one sentence.
    """
    from sklearn.metrics import adjusted_rand_score

    from ..stats import step_seed

    seg = dtm.segments.iloc[fit.rows]
    emb = embed_segments(seg["text"], model=model)
    clusters = cluster_embeddings(emb, fit.k, random_state=step_seed(seed, "embedding clusters"))
    dominant = fit.doc_topic.argmax(axis=1) + 1
    table = (pd.DataFrame({"topic": dominant, "cluster": clusters + 1}).groupby(["topic", "cluster"]).size()
             .rename("n").reset_index())
    ari = float(adjusted_rand_score(dominant, clusters))
    summary = (f"WordLlama clusters vs dominant {fit.model.upper()} topic of {len(seg)} segments (k = {fit.k}): "
               f"adjusted Rand index {ari:.2f} (0 = chance agreement, 1 = identical partitions).")
    return {"table": table, "ari": ari, "summary": summary}
