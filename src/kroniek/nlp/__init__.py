"""Analysis: the trained spaCy pipeline plus kroniek's own components."""
