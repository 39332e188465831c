"""The serving process as the owner of its store: connection, ingest jobs, discovery, response cache."""
