"""Alexa web-service mode: request signature, certificate chain and timestamp verification."""
