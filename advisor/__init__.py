"""advisor: a procurement risk advisor for critical minerals."""

__version__ = "0.1.0"
