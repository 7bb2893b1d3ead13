"""chainwatch: is this safe to let into the supply chain?"""

__version__ = "0.1.0"
