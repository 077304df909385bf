"""The benchmark's reference skills, each a Lambda entry module like `lambda/handler.py`.

They are loaded by path as top-level modules (as the Lambda runtime loads `handler.py`), never
imported as `bench.candidates.*`, so each cold start pays exactly its own imports.
"""
