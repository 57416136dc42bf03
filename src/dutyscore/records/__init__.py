"""Records: read files into raw rows, validate them against a scheme's event kinds, and units."""
