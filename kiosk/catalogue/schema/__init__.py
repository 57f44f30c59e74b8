"""JSON Schemas of the service catalogue (data files; see catalogue.v2.schema.json,
which reads items of both item versions)."""
