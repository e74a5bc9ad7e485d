"""Entry point: python -m scripts."""

import sys

from scripts.cli.main import main

sys.exit(main())
