"""The schemes bundled with dutyscore, one YAML file each (read with importlib.resources)."""
