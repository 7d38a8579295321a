"""Annalist: a folder of source documents in, a citable event dataset out."""

__version__ = "0.1.0"
