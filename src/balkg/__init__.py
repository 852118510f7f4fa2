"""balkg: validate, query, load and link a linked-data knowledge graph of militancy in Balochistan.

The library is generic over any graph that follows the layout described in
`balkg.toml`; the CLI (`balkg`) is a thin layer over these modules:

- layout: where the graph's files are
- parsing: fast parsing with error positions
- dataset: the graph as a pyoxigraph dataset, one named graph per file
- validation: syntax, vocabulary, SHACL and OWL checks
- endpoint: remote SPARQL endpoints
"""

__version__ = "0.1.0"
