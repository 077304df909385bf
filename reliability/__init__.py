"""Heart to Heart's reliability suite: `python -m reliability [--quick]` (or `make reliability`).

It runs the real skill, as Lambda (``lambda/handler.py``) and as the web service
(``skill.web.app.create_app``), against Amazon DynamoDB Local, and reports figures:

1. fuzzed request envelopes (hypothesis) through both entry points, every response checked
   against the Alexa response format;
2. storage faults on every storage operation of every turn type;
3. concurrency: many completions of one night, many households at once;
4. the signed web service: the negative set, certificate download failures, the cache bound and a
   bounded load on loopback;
5. privacy: a scripted week with planted identifiers never reaches a log line; deletion leaves
   nothing behind.

Every loop is bounded in count and time, and all traffic stays on 127.0.0.1 (see
:mod:`reliability.guard`). The sample in ``tests/reliability`` runs the same code, smaller, in
``make test``.
"""
