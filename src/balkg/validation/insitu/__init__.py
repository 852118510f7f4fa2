"""In-store validation (issue 21): shapes and checks compiled to set-at-a-time SPARQL, run where the graph lives.

This first increment holds the pager: every SELECT is fetched with keyset paging and a result
cut short by a row cap is an error, never a short answer.
"""
