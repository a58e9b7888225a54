"""Actor co-occurrence per group (sentence window) and one network layout for every group.

Re-exported by :mod:`analysis.actors`.
"""

from __future__ import annotations

from itertools import combinations

import pandas as pd

__all__ = ["cooccurrence", "network_layout"]


def cooccurrence(sent_actors: pd.DataFrame, *, by: str = "period") -> pd.DataFrame:
    """Actor co-occurrence per group, sentence window.

    Parameters
    ----------
    sent_actors : pandas.DataFrame
        The output of :func:`sentence_actors` (its ``actors`` column: flagged sentences
        are left out).
    by : str, default="period"

    Returns
    -------
    pandas.DataFrame
        ``<by>, source, target, weight``: ``weight`` is the number of sentences naming both
        actors (``source`` < ``target`` alphabetically); sorted by group, weight descending.
    """
    rows = []
    for grp, acts in zip(sent_actors[by], sent_actors["actors"]):
        names = sorted(set(acts.split(";"))) if acts else []
        rows.extend((grp, a, b) for a, b in combinations(names, 2))
    edges = pd.DataFrame(rows, columns=[by, "source", "target"])
    out = edges.groupby([by, "source", "target"]).size().rename("weight").reset_index()
    return out.sort_values([by, "weight", "source", "target"], ascending=[True, False, True, True],
                           kind="mergesort").reset_index(drop=True)


def network_layout(edges: pd.DataFrame, nodes: pd.DataFrame | None = None, *, seed: int = 0,
                   iterations: int = 200) -> pd.DataFrame:
    """One set of node positions for every group: a spring layout of the pooled network.

    Parameters
    ----------
    edges : pandas.DataFrame
        ``source, target, weight`` (any groups; weights are summed over groups).
    nodes : pandas.DataFrame, default=None
        Optional ``actor`` column: isolated actors to place as well.
    seed : int, default=0
        Seed of the spring layout (networkx ``seed=``).

    Returns
    -------
    pandas.DataFrame
        ``actor, x, y`` (rounded to 6 decimals), sorted by actor.
    """
    import networkx as nx

    graph = nx.Graph()
    if nodes is not None:
        graph.add_nodes_from(sorted(set(nodes["actor"])))
    pooled = edges.groupby(["source", "target"])["weight"].sum().reset_index()
    for s, t, w in pooled.itertuples(index=False):
        graph.add_edge(s, t, weight=float(w))
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=["actor", "x", "y"])
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes))
    ordered.add_edges_from(sorted(graph.edges(data=True)))
    pos = nx.spring_layout(ordered, weight="weight", seed=seed, iterations=iterations)
    return pd.DataFrame([(a, round(float(xy[0]), 6), round(float(xy[1]), 6)) for a, xy in sorted(pos.items())],
                        columns=["actor", "x", "y"])


