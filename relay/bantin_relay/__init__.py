"""bantin-relay: the program on a commune's relay box (standard library only, Python 3.9+)."""

__version__ = "0.1.0"
