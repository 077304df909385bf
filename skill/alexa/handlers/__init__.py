"""Handlers, one module per feature: read the turn, call one use case, render speech."""
