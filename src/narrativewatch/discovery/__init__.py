"""New-narrative discovery: unmatched claims clustered incrementally; fast-growing clusters
proposed as candidate narratives (see docs/discovery.md)."""
