"""Checks of what `sam build` deploys: template.yaml, the built artifact and the skill package.

`make sam-check` (part of `make test`) validates and builds first, then runs these; they need
`.aws-sam/` and fail with a clear message when it is missing or stale.
"""
