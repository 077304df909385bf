"""Content packs: starters, check-in items, tips and voice glue, validated at load."""
