"""Publishing the graph: whole-dataset exports (`export`), the ontology as one document (`ontology`),
the VoID/DCAT description (`void`) and the statistics report (`stats`)."""
