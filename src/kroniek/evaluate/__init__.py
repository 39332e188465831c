"""Scoring: held-out test sets and article-level gold."""
