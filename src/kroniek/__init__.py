"""kroniek: Dutch (and later English) news articles in, a sourced chronicle out."""
__version__ = "0.1.0"
