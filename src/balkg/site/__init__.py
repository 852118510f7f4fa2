"""The browsable site of a graph: node pages, pictures, ontology and query pages, flat exports."""

from .build import SiteReport, build_site

__all__ = ["SiteReport", "build_site"]
