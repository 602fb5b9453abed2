"""``python -m verify``: the verify-grads command."""

import sys

from cli import main

sys.exit(main())
