from __future__ import annotations

from bantin_relay.cli import main

raise SystemExit(main())
