"""The `bantin` command: the one place that wires the service (API, domain) and the workers (voices, audio)
together for people at a terminal."""
