"""Curating in git: one canonical Turtle style (`fmt`) and a semantic diff and changelog (`diff`)."""
