"""Use cases: each reads the household once, decides with pure domain code, writes once."""
