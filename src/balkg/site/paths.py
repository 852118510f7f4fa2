"""Where a node's page lives: the page path mirrors the IRI path under the graph's base.

`<base>id/actor/x` -> `id/actor/x.html` (+ `.ttl`, `.jsonld`); a hash IRI
`<base>ontology#Actor` is the anchor `Actor` of the page of `<base>ontology`.
"""

from __future__ import annotations

import posixpath
import re

_UNSAFE = re.compile(r"[^A-Za-z0-9._~\-/]")


def page_stem(iri: str, base: str) -> str | None:
    """`id/actor/x` for an IRI under `base` without a fragment; None for others."""
    if not iri.startswith(base) or "#" in iri:
        return None
    rest = iri[len(base):].strip("/")
    if not rest or _UNSAFE.search(rest) or any(part in ("", ".", "..") for part in rest.split("/")):
        return None
    return rest


def split_fragment(iri: str) -> tuple[str, str | None]:
    document, hash_, fragment = iri.partition("#")
    return document, (fragment if hash_ else None)


def relative(from_page: str, to_path: str) -> str:
    """A link from the page at `from_page` to `to_path`, both relative to the site root.

    Up to the root and down again: links stay valid wherever the folder is served,
    and this is cheap enough for every link of a 100k-triple site.
    """
    if posixpath.dirname(from_page) == posixpath.dirname(to_path):
        return posixpath.basename(to_path)
    return "../" * from_page.count("/") + to_path
