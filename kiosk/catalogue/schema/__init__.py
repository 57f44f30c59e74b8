"""JSON Schemas of the service catalogue (data files; see catalogue.v1.schema.json)."""
