"""Querying: the saved-query catalogue (`catalogue`), SPARQL text and parameters (`text`, `parameters`),
running a query on a target (`run`) and writing its results in the W3C formats (`results`)."""
