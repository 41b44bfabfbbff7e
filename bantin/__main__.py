"""`python -m bantin`: the same as the `bantin` command."""

import sys

from bantin.cli import main

sys.exit(main())
