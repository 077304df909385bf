"""``python -m reliability [--quick]``."""

from reliability.runner import main

raise SystemExit(main())
