"""A multinomial linear classifier over string features.

Training happens elsewhere (``training/events/train.py``, scikit-learn's logistic regression); at
analysis time only these weights are needed, so the product does not depend on a training library.
The weights live in one ``.npz`` file: labels, feature names, the weight matrix and the bias.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np


class LinearModel:
    def __init__(self, labels: Sequence[str], features: Sequence[str], weights: np.ndarray, bias: np.ndarray):
        self.labels = list(labels)
        self.index = {f: i for i, f in enumerate(features)}
        self.weights = weights.astype(np.float32)  # (features, labels)
        self.bias = bias.astype(np.float32)

    def feature_ids(self, feats: Sequence[str]) -> list[int]:
        return [i for i in map(self.index.get, feats) if i is not None]

    def predict_proba(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """Class probabilities, one row per feature list."""
        n = len(rows)
        scores = np.tile(self.bias, (n, 1))
        if not n:
            return scores
        ids, starts, empty = [], [], []
        for r, feats in enumerate(rows):
            fid = self.feature_ids(feats)
            if fid:
                starts.append(len(ids))
                ids += fid
            else:
                empty.append(r)
        if ids:
            # the weight rows of each row's features, summed per row (rows without a known feature keep the bias)
            sums = np.add.reduceat(self.weights[np.asarray(ids)], np.asarray(starts), axis=0)
            keep = np.ones(n, bool)
            keep[empty] = False
            scores[keep] += sums
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def save(self, path: Path) -> None:
        feats = sorted(self.index, key=self.index.get)
        np.savez_compressed(
            path, labels=np.array(self.labels), features=np.array(feats), weights=self.weights.astype(np.float16),
            bias=self.bias,
        )

    @classmethod
    def load(cls, path: Path) -> "LinearModel":
        with np.load(path, allow_pickle=False) as z:
            return cls(
                [str(x) for x in z["labels"]], [str(x) for x in z["features"]], z["weights"].astype(np.float32), z["bias"],
            )
