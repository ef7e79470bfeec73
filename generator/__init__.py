"""postc: compile Postman collections into typed Python clients."""

__version__ = "0.1.0"
