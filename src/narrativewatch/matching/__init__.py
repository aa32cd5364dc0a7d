"""Matching claims to the narrative catalog: embedders, lexical signal, ranking, stance."""
