"""The Alexa adapter: the only package that imports ask_sdk_*."""
