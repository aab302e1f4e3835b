"""The school-office side of a Danish school payment-card system."""

__version__ = "0.1.0"
