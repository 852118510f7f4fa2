"""The pages of the site: one writer that renders every node, index, picture and query page into a folder."""

from __future__ import annotations

import datetime
import json
import math
import shutil
from collections import defaultdict
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import pyoxigraph as ox

from .. import __version__
from ..layout import Layout
from ..query.catalogue import catalogue
from ..query.run import run_query
from . import mapping, pictures, profile, views
from .flat import EXPORT_EDGES, EXPORT_NODES
from .model import LICENSE, RDF_TYPE, SiteGraph
from .paths import page_stem, relative

if TYPE_CHECKING:
    from .build import SiteReport

PAGE_SIZE = 500            # nodes per page of a per-type index
ANSWER_ROWS = 50           # rows of a saved query's answer shown in the catalogue


class PageWriter:
    def __init__(self, graph: SiteGraph, layout: Layout, out: Path, prefixes: dict[str, str],
                 endpoint: str | None, report: "SiteReport"):
        self.graph, self.layout, self.out, self.prefixes = graph, layout, out, prefixes
        self.endpoint, self.report = endpoint, report
        self.pages = {iri: page_stem(iri, graph.base) + ".html" for iri in graph.page_nodes}
        ontology = layout.ontology_iri
        if ontology and ontology not in self.pages and page_stem(ontology, graph.base):
            self.pages[ontology] = page_stem(ontology, graph.base) + ".html"
        self.env = jinja2.Environment(loader=jinja2.PackageLoader("balkg.site", "templates"),
                                      autoescape=True, undefined=jinja2.StrictUndefined,
                                      trim_blocks=True, lstrip_blocks=True)
        self.built = datetime.date.today().isoformat()

    # ---------------------------------------------------------------- helpers

    def linker(self, page: str) -> views.Linker:
        return views.Linker(self.graph, self.pages, page, relative)

    def render(self, path: str, template: str, **context) -> None:
        linker = self.linker(path)
        html = self.env.get_template(template).render(
            root=linker.to, here=path, link=linker.link, href=linker.href, graph_source=self.graph.target.description,
            built=self.built, version=__version__, **context)
        self.write(path, html)
        self.report.pages += 1

    def write(self, path: str, data: str | bytes) -> None:
        target = self.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            target.write_text(data, encoding="utf-8")
        else:
            target.write_bytes(data)
        self.report.files += 1

    def write_all(self) -> None:
        self.copy_static()
        self.node_pages()
        self.index_pages()
        self.ontology_page()
        self.vocabularies_page()
        self.picture_pages()
        self.queries_page()
        self.exports()
        self.search_index()
        self.home_page()

    def copy_static(self) -> None:
        static = resources.files("balkg.site") / "static"
        with resources.as_file(static) as folder:
            shutil.copytree(folder, self.out / "assets")

    # ---------------------------------------------------------------- node pages

    def node_pages(self) -> None:
        graph = self.graph
        designations = pictures.designations(graph)
        by_actor = defaultdict(list)
        for d in designations:
            by_actor[d.actor].append(d)
        ties = profile.ties_by_actor(pictures.network_data(graph, lambda iri: iri, EXPORT_NODES, EXPORT_EDGES))
        for iri in graph.page_nodes:
            path = self.pages[iri]
            linker = self.linker(path)
            node = graph.nodes[iri]
            stem = path[: -len(".html")]
            lanes = None
            if by_actor.get(iri):
                lanes = pictures.lanes_svg(graph, by_actor[iri], link=linker.href, width=900)
            scheme = graph.schemes.get(iri)
            self.render(path, "node.html", iri=iri, title=graph.label(iri),
                        profile=profile.profile(iri, by_actor.get(iri, []), ties.get(iri, []), linker),
                        types=[linker.link(t) for t in node.types], names=views.names(graph, iri),
                        description=views.describe(graph, iri, linker),
                        claims=views.claim_tables(graph, iri, linker), roles=views.roles(graph, iri, linker),
                        incoming=views.incoming(graph, iri, linker), citations=views.citations(graph, iri, linker),
                        lanes=lanes, concepts=self._concepts(scheme, linker) if scheme is not None else None,
                        matches=[(graph.label(m), linker.link(c), linker.link(s) if s else None)
                                 for m, c, s in graph.matches.get(iri, [])],
                        ttl=stem.rsplit("/", 1)[-1] + ".ttl", jsonld=stem.rsplit("/", 1)[-1] + ".jsonld")
            self.alternates(iri, stem)

    def _concepts(self, concepts: list[str], linker: views.Linker) -> list[dict]:
        graph = self.graph
        return [{"link": linker.link(c), "definition": graph.definition(c),
                 "matches": [(graph.label(m), linker.link(x), linker.link(s) if s else None)
                             for m, x, s in graph.matches.get(c, [])]}
                for c in sorted(concepts, key=graph.label)]

    def alternates(self, iri: str, stem: str) -> None:
        """The node's own triples and those of its evidence, in Turtle and JSON-LD."""
        graph = self.graph
        subjects = [iri] + sorted({e.evidence for e in graph.evidence.get(iri, [])})
        triples = [ox.Triple(ox.NamedNode(s), ox.NamedNode(p), o)
                   for s in subjects if s in graph.nodes for p, o in graph.nodes[s].triples]
        self.write(stem + ".ttl", ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=self.prefixes) or b"")
        self.write(stem + ".jsonld", ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"[]")

    # ---------------------------------------------------------------- indexes

    def type_groups(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for iri in self.graph.page_nodes:
            types = self.graph.nodes[iri].types or ["(untyped)"]
            for t in types:
                groups[t].append(iri)
        return groups

    def index_path(self, cls: str, page: int = 1) -> str:
        slug = pictures._local(cls) if cls != "(untyped)" else "untyped"
        slug = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in slug) or "type"
        return f"index/{slug}.html" if page == 1 else f"index/{slug}-{page}.html"

    def index_pages(self) -> None:
        self.indexes = []
        used: dict[str, str] = {}
        for cls, members in sorted(self.type_groups().items(), key=lambda kv: self.graph.label(kv[0]).lower()):
            first = self.index_path(cls)
            if first in used.values():  # two classes with the same local name
                first = f"index/{len(used)}-{first.split('/', 1)[1]}"
            used[cls] = first
            ordered = sorted(members, key=lambda i: (self.graph.label(i).lower(), i))
            count = max(1, math.ceil(len(ordered) / PAGE_SIZE))
            paths = [first] + [first.replace(".html", f"-{n}.html") for n in range(2, count + 1)]
            for n, path in enumerate(paths):
                chunk = ordered[n * PAGE_SIZE:(n + 1) * PAGE_SIZE]
                linker = self.linker(path)
                self.render(path, "list.html", title=self.graph.label(cls) if cls != "(untyped)" else cls,
                            cls=linker.link(cls) if cls != "(untyped)" else None,
                            items=[{"link": linker.link(i), "definition": None} for i in chunk],
                            total=len(ordered), page_number=n + 1,
                            pages=[(k + 1, linker.to(p)) for k, p in enumerate(paths)])
            self.indexes.append({"label": self.graph.label(cls) if cls != "(untyped)" else cls,
                                 "path": first, "count": len(ordered)})

    # ---------------------------------------------------------------- ontology and vocabularies

    @cached_property
    def pylode_html(self) -> str | None:
        """pyLODE's documentation of the merged ontology without the schemes (where it renders well),
        when pyLODE is installed (`pip install 'balkg[docs]'`)."""
        import logging
        root = logging.getLogger()
        saved = (root.level, list(root.handlers))
        try:  # pyLODE sets up the root logger at import and logs at INFO: keep that off balkg's stderr
            import rdflib
            from pylode import OntPub

            from ..publish.ontology import ontology_bytes
            merged = rdflib.Graph().parse(data=ontology_bytes(self.layout, "turtle", schemes=False), format="turtle")
            root.setLevel(logging.WARNING)
            return OntPub(ontology=merged).make_html()
        except ImportError:
            return None
        finally:
            root.setLevel(saved[0])
            root.handlers[:] = saved[1]

    @property
    def pylode_path(self) -> str | None:
        return "ontology/pylode.html" if self.layout.ontology_iri and self.pylode_html else None

    def ontology_page(self) -> None:
        graph = self.graph
        ontology = self.layout.ontology_iri
        path = self.pages.get(ontology, "ontology.html")
        linker = self.linker(path)
        kinds = defaultdict(list)
        for term, kind in graph.ontology_terms.items():
            kinds[graph.label(kind)].append(term)
        sections = []
        for kind in sorted(kinds):
            terms = []
            for term in sorted(kinds[kind], key=lambda t: graph.label(t).lower()):
                terms.append({"iri": term, "anchor": term.partition("#")[2] or term.rsplit("/", 1)[-1],
                              "label": graph.label(term), "definition": graph.definition(term),
                              "description": views.describe(graph, term, linker, skip=(RDF_TYPE,)),
                              "used_by": views.incoming(graph, term, linker)})
            sections.append({"kind": kind, "terms": terms})
        modules = [linker.link(i) for i in graph.page_nodes if i.startswith(ontology + "/")] if ontology else []
        self.render(path, "ontology.html", title=graph.label(ontology) if ontology in graph.nodes else "Ontology",
                    iri=ontology, pylode=self.pylode_path, sections=sections, modules=modules,
                    description=views.describe(graph, ontology, linker) if ontology in graph.nodes else None)
        if ontology and ontology in graph.nodes:
            stem = path[: -len(".html")]
            self.alternates(ontology, stem)
        self.ontology_path = path
        if self.pylode_path:
            self.write(self.pylode_path, self.pylode_html)

    def vocabularies_page(self) -> None:
        graph = self.graph
        path = "vocabularies.html"
        linker = self.linker(path)
        schemes = []
        for scheme, concepts in sorted(graph.schemes.items(), key=lambda kv: graph.label(kv[0]) if kv[0] else ""):
            schemes.append({"link": linker.link(scheme) if scheme else None, "count": len(concepts),
                            "definition": graph.definition(scheme) if scheme else None})
        self.render(path, "vocabularies.html", title="Vocabularies", schemes=schemes)

    # ---------------------------------------------------------------- pictures

    def picture_pages(self) -> None:
        graph = self.graph
        site_href = lambda iri: self.pages.get(iri)  # noqa: E731 - paths from the site root for the scripts
        network = pictures.network_data(graph, site_href)
        self.write("data/network.js", "window.BALKG_NETWORK = " + json.dumps(network, ensure_ascii=False) + ";\n")
        self.write("pictures/network.svg", pictures.network_svg(network))
        self.render("network.html", "network.html", title="Actor network", network=network)

        timeline = pictures.timeline_data(graph, site_href)
        self.write("data/timeline.js", "window.BALKG_TIMELINE = " + json.dumps(timeline, ensure_ascii=False) + ";\n")
        self.write("pictures/timeline.svg", pictures.timeline_svg(timeline))
        linker = self.linker("timeline.html")
        self.render("timeline.html", "timeline.html", title="Event timeline", timeline=timeline,
                    undated=[linker.link(e["id"]) for e in timeline["undated"]])

        items = pictures.designations(graph)
        linker = self.linker("designations.html")
        lanes = pictures.lanes_svg(graph, items, link=linker.href) if items else None
        if lanes:
            self.write("pictures/designations.svg", pictures.lanes_svg(graph, items))
        self.render("designations.html", "designations.html", title="Designation history", lanes=lanes,
                    rows=[{"designation": linker.link(d.iri), "actor": linker.link(d.actor), "lane": d.lane,
                           "authority": d.authority, "listings": [b["shown"] for b in d.listings],
                           "revocation": d.revocation["shown"] if d.revocation else None,
                           "amends": [linker.link(a) for a in d.amends]} for d in items])

        self.map_page(timeline)

    def map_page(self, timeline: dict) -> None:
        site_href = lambda iri: self.pages.get(iri)  # noqa: E731
        points, places = mapping.map_points(self.graph, site_href)
        data = mapping.map_data(points, timeline)
        self.write("data/map.js", "window.BALKG_MAP = " + json.dumps(data, ensure_ascii=False) + ";\n")
        linker = self.linker("map.html")
        svg = mapping.map_svg(data["markers"], link=lambda i: linker.href(i) or "#") if points else None
        if points:
            self.write("pictures/map.svg", mapping.map_svg(data["markers"]))
        overview = mapping.map_svg(data["markers"], link=lambda i: linker.href(i) or "#", every_point=True) \
            if points else None
        with_events = [p for p in data["places"] if p["events"]]
        markers = [m for m in data["markers"] if m["events"]]
        self.render("map.html", "map.html", title="Map", svg=svg, count=len(points), places=places, map=data, markers=markers, overview=overview,
                    with_events=sorted(with_events, key=lambda p: (-len(p["events"]), p["label"])),
                    unplaced=[{**e, "places": [linker.link(p) for p in e["places"]]} for e in data["unplaced"]])

    # ---------------------------------------------------------------- queries

    def queries_page(self) -> None:
        path = "queries.html"
        linker = self.linker(path)
        entries = []
        for query in catalogue(self.layout):
            entry = {"name": query.name, "summary": query.summary, "description": query.description,
                     "parameters": [{"name": p.name, "type": p.type_label, "required": p.required,
                                     "default": query.defaults.get(p.name)} for p in query.parameters],
                     "text": query.text, "anchor": "q-" + query.name.replace("/", "-"), "run": None}
            missing = [p.name for p in query.parameters if p.required and p.name not in query.defaults]
            if missing:
                entry["answer"] = {"note": f"needs {', '.join(missing)}; not run here"}
            else:
                entry["answer"] = self._answer(query, linker)
                if self.endpoint:
                    entry["run"] = self._run_link(query)
            entries.append(entry)
        self.render(path, "queries.html", title="Saved queries", entries=entries, endpoint=self.endpoint)

    def _answer(self, query, linker: views.Linker) -> dict:
        try:
            result = run_query(query, self.graph.target, {})
        except Exception as exc:  # an answer that fails is shown as failing, not hidden
            self.report.warnings.append(f"{query.name}: {exc}")
            return {"note": f"failed: {exc}"}
        if result.form == "ASK":
            return {"note": f"answer: {'true' if result.boolean else 'false'}"}
        if result.is_graph:
            return {"note": f"{len(result.triples)} triples"}
        rows = []
        for row in result.rows[:ANSWER_ROWS]:
            rows.append([self._cell(row.get(v), linker) for v in result.variables])
        return {"variables": result.variables, "rows": rows, "total": len(result.rows)}

    def _cell(self, term, linker: views.Linker) -> dict:
        if isinstance(term, ox.NamedNode):
            return {"text": self.graph.label(term.value), "href": linker.href(term.value), "title": term.value}
        text = "" if term is None else views.literal_value(term).text if isinstance(term, ox.Literal) else str(term)
        return {"text": text, "href": None, "title": None}

    def _run_link(self, query) -> str:
        import urllib.parse
        return f"{self.endpoint}?query={urllib.parse.quote(query.with_parameters({}), safe='')}"

    # ---------------------------------------------------------------- exports, search, home

    def exports(self) -> None:
        from . import flat
        self.export_files = []
        for name, (writer, binary) in flat.WRITERS.items():
            data = writer(self.graph)
            self.write(f"exports/{name}", data)
            self.export_files.append(name)

    def search_index(self) -> None:
        entries = []
        for iri in self.graph.page_nodes:
            names = sorted({n["name"] for n in views.names(self.graph, iri)} | {self.graph.label(iri)})
            types = [self.graph.label(t) for t in self.graph.nodes[iri].types]
            entries.append({"l": self.graph.label(iri), "n": names, "t": types, "p": self.pages[iri]})
        self.write("data/search.js", "window.BALKG_SEARCH = " + json.dumps(entries, ensure_ascii=False) + ";\n")

    def home_page(self) -> None:
        graph = self.graph
        triples = sum(n for _, n in graph.graph_counts)
        ontology = self.layout.ontology_iri
        node = graph.nodes.get(ontology)
        linker = self.linker("index.html")
        licences = [linker.link(o.value) for o in node.values(LICENSE)] if node else []
        self.render("index.html", "home.html", title=graph.label(ontology) if node else "balkg",
                    heading=graph.label(ontology) if node else f"The graph at {self.layout.root}",
                    intro=graph.definition(ontology) if node else None, licences=licences,
                    counts=graph.class_counts, triples=triples,
                    graphs=len(graph.graph_counts), indexes=self.indexes,
                    index_of={i["label"]: i["path"] for i in self.indexes}, exports=self.export_files,
                    ontology_path=self.ontology_path)
