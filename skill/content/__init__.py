"""Content packs: starters, check-in items, tips and voice glue, validated when read from
data/ (a build's pre-validated document loads without validating again)."""
