"""Schemes: read a YAML file, check it against the generated JSON Schema and the semantic
checks, and build the typed model the engine reads."""
