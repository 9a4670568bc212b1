"""npcgraph: articles about National People's Congress sessions, as a linked-data graph."""

__version__ = "0.1.0"
